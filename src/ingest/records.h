// The imported records, read back: the one way any module reads the tables
// the import contract loads (partners ... reablement, population, plans,
// schemes and their risk shares, budgets and the ledger).
//
// ingest owns those tables (src/store/README.md, "Who owns which table"):
// it writes them from each kind's column table, and every other module
// reads them here, as typed records, never with SQL of its own. The engine
// builds its snapshot from the for_each_ readers; care, finance and
// programme read what they need through the small lookups. Stored text
// comes back as stored (ISO dates, months YYYY-MM, years '2017/18'), NULL
// as nullopt; money as integer pence.
//
// The for_each_ readers stream a table in the order stated, calling `each`
// once per record, so that a large table is never held twice; a failure of
// the store comes back as a Status (kStoreError, kBusy) and ends the scan.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

// --- reference data and people ----------------------------------------------

struct PracticeRecord {
  std::string code, name, cluster_code, cluster_name;
};
struct ProviderRecord {
  std::string code, name;
};
struct PersonRecordRow {
  int64_t nhs_number = 0;
  std::string date_of_birth, sex, practice_code;
  std::optional<std::string> postcode_district, date_of_death, registered_date;
};
struct ConditionRecord {
  int64_t nhs_number = 0;
  std::string condition, recorded_date;
};
struct PopulationRecord {
  int64_t year = 0, age = 0;
  std::string sex;  // "M" or "F"
  int64_t population = 0;
};

// By practice code.
Status for_each_practice(Store& store, const std::function<void(const PracticeRecord&)>& each);
// The practice with this code, or nullopt.
Result<std::optional<PracticeRecord>> find_practice(Store& store, const std::string& code);
// True when some practice is in the cluster.
Result<bool> cluster_exists(Store& store, const std::string& cluster_code);
// By provider code.
Status for_each_provider(Store& store, const std::function<void(const ProviderRecord&)>& each);
// By NHS number.
Status for_each_person(Store& store, const std::function<void(const PersonRecordRow&)>& each);
// The person in the register with this NHS number, or nullopt.
Result<std::optional<PersonRecordRow>> find_person(Store& store, int64_t nhs_number);
Status for_each_population(Store& store, const std::function<void(const PopulationRecord&)>& each);

// --- activity and plans -------------------------------------------------------
// The activity readers take an optional NHS number: with one, only that
// person's records (through the table's index by person); without, every
// record. Either way in the order they were stored.

struct SpellRecord {
  std::string spell_id;
  int64_t nhs_number = 0;
  std::string provider_code, admission_date;
  std::optional<std::string> discharge_date;
  std::string admission_method, primary_diagnosis;
  std::optional<std::string> secondary_diagnoses, discharge_destination;
  std::optional<int64_t> cost_pence;
};
struct AeRecord {
  std::string attendance_id;
  int64_t nhs_number = 0;
  std::string provider_code, arrival, department_type;
  std::optional<std::string> disposal;
};
struct CareHomeRecord {
  std::string admission_id;
  int64_t nhs_number = 0;
  std::string admission_date, setting;
  bool permanent = false;
  std::string funder;
};
struct ReablementRecord {
  std::string episode_id;
  int64_t nhs_number = 0;
  std::string discharge_date, outcome_91_days;
};
struct DelayedDaysRecord {
  std::string month, provider_code, responsible_org, reason;
  int64_t delayed_days = 0;
};
struct BedDaysRecord {
  std::string month, provider_code;
  int64_t occupied_bed_days = 0;
};
struct PlanRecord {
  std::string metric, month;
  double value = 0;
};

Status for_each_spell(Store& store, std::optional<int64_t> nhs_number,
                      const std::function<void(const SpellRecord&)>& each);
Status for_each_ae_attendance(Store& store, std::optional<int64_t> nhs_number,
                              const std::function<void(const AeRecord&)>& each);
Status for_each_care_home_admission(Store& store, std::optional<int64_t> nhs_number,
                                    const std::function<void(const CareHomeRecord&)>& each);
Status for_each_reablement(Store& store, std::optional<int64_t> nhs_number,
                           const std::function<void(const ReablementRecord&)>& each);
Status for_each_condition(Store& store, std::optional<int64_t> nhs_number,
                          const std::function<void(const ConditionRecord&)>& each);
Status for_each_delayed_days(Store& store,
                             const std::function<void(const DelayedDaysRecord&)>& each);
Status for_each_bed_days(Store& store, const std::function<void(const BedDaysRecord&)>& each);
Status for_each_plan(Store& store, const std::function<void(const PlanRecord&)>& each);

// --- cluster care -------------------------------------------------------------

// One version of a care plan (care_plans.csv; docs/care-plans.md).
struct CarePlanRecord {
  std::string plan_id;
  int64_t version = 0;
  int64_t nhs_number = 0;
  std::string status;  // draft, agreed or closed
  std::string plan_type, accountable_name, accountable_role, accountable_org, goals;
  std::optional<std::string> contingency, consent_date, consent_recorded_by, agreed_date,
      review_due, closed_date, closed_reason;
};
struct CarePlanActionRecord {
  std::string plan_id;
  int64_t version = 0, action_no = 0;
  std::string action, who;
  std::optional<std::string> by_date;
  std::string status;  // planned, in_progress, done or cancelled
};
struct CarePlanReviewRecord {
  std::string review_id, plan_id, review_date, reviewed_by, outcome;
  std::optional<std::string> next_review_due;
};

// By plan_id and version; one person's when nhs_number is given.
Status for_each_care_plan(Store& store, std::optional<int64_t> nhs_number,
                          const std::function<void(const CarePlanRecord&)>& each);
// By plan_id, version and action_no; one plan's when plan_id is given.
Status for_each_care_plan_action(Store& store, const std::optional<std::string>& plan_id,
                                 const std::function<void(const CarePlanActionRecord&)>& each);
// By plan_id, review_date and review_id; one plan's when plan_id is given.
Status for_each_care_plan_review(Store& store, const std::optional<std::string>& plan_id,
                                 const std::function<void(const CarePlanReviewRecord&)>& each);

// Every plan's versions (by version) and reviews (by date, then id), one
// plan at a time in plan_id order, from one query: for reading every plan
// while holding only one. A plan with reviews but no version is skipped.
Status for_each_care_plan_with_reviews(
    Store& store, const std::function<void(std::vector<CarePlanRecord>& versions,
                                           std::vector<CarePlanReviewRecord>& reviews)>& each);

// A referral to the single point of access (spa_referrals.csv).
struct SpaReferralRecord {
  std::string referral_id;
  int64_t nhs_number = 0;
  std::string received, source, urgency, reason;  // received: YYYY-MM-DDTHH:MM:SS
  std::optional<std::string> triaged, outcome, declined_reason, first_contact;
};
// By received, then referral_id; one person's when nhs_number is given.
Status for_each_spa_referral(Store& store, std::optional<int64_t> nhs_number,
                             const std::function<void(const SpaReferralRecord&)>& each);
// The referral with this id, or nullopt.
Result<std::optional<SpaReferralRecord>> find_spa_referral(Store& store, const std::string& id);

// --- the pooled fund ------------------------------------------------------------

struct SchemeRecord {
  std::string code, name, host;
  std::string pooled_budget_manager;  // "" when none
  std::string risk_share;             // "own" or "shared:CODE=PCT;..." as normalised
};
struct RiskShareRecord {
  std::string partner_code;
  int64_t share_bp = 0;  // basis points; a scheme's sum to 10000
};
struct BudgetRecord {
  std::string scheme_code, partner_code, funding_stream;
  int64_t amount_pence = 0;
  std::optional<std::string> profile;
};
struct LedgerRecord {
  std::string scheme_code, partner_code;
  int month = 0;  // 1 (April) to 12
  int64_t actual_pence = 0;
  std::optional<int64_t> forecast_outturn_pence;
};

// Every scheme, by code.
Result<std::vector<SchemeRecord>> read_schemes(Store& store);
// The scheme with this code, or nullopt.
Result<std::optional<SchemeRecord>> find_scheme_record(Store& store, const std::string& code);
// A scheme's risk shares by partner code (none for an `own` scheme).
Result<std::vector<RiskShareRecord>> read_risk_shares(Store& store, const std::string& scheme);
// The budget lines and ledger lines of a financial year ('2017/18'), in the
// order they were stored.
Status for_each_budget(Store& store, const std::string& financial_year,
                       const std::function<void(const BudgetRecord&)>& each);
Status for_each_ledger_line(Store& store, const std::string& financial_year,
                            const std::function<void(const LedgerRecord&)>& each);
// The latest financial year and month with ledger lines ('2017/18', 7), or
// nullopt when the ledger is empty.
Result<std::optional<std::pair<std::string, int>>> latest_ledger_line(Store& store);
// For each financial year with ledger lines (of `scheme`, or of any scheme)
// the latest month with one; then each year with budget lines, with month
// 0. A year may come twice (ledger and budgets); callers take the larger.
Status for_each_finance_year(Store& store, const std::optional<std::string>& scheme,
                             const std::function<void(const std::string& year, int month)>& each);

}  // namespace bc
