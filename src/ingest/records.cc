#include "ingest/records.h"

#include <fmt/format.h>

#include "ingest/scan.h"

namespace bc {
namespace {

using ingest_internal::RowCount;
using ingest_internal::scan;

constexpr auto kNoParams = [](Stmt&) {};

// The query `base`, with " WHERE nhs_number = ?" when a person is asked for,
// then `order` (" ORDER BY ...", or ""). Without a person, the whole table.
template <typename Row>
Status scan_person(Store& store, std::string_view base, std::optional<int64_t> nhs,
                   std::string_view order, Row&& row) {
  const std::string sql = fmt::format("{}{}{}", base, nhs ? " WHERE nhs_number = ?" : "", order);
  return scan(
      store, sql,
      [&](Stmt& st) {
        if (nhs) st.bind(1, *nhs);
      },
      row, nhs ? RowCount::kFew : RowCount::kMany);
}

PracticeRecord practice_of(Stmt& r) {
  return PracticeRecord{r.text(0), r.text(1), r.text(2), r.text(3)};
}

PersonRecordRow person_of(Stmt& r) {
  return PersonRecordRow{r.int64(0),    r.text(1),     r.text(2),    r.text(3),
                         r.opt_text(4), r.opt_text(5), r.opt_text(6)};
}

SchemeRecord scheme_of(Stmt& r) {
  return SchemeRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)};
}

constexpr std::string_view kPracticeColumns =
    "SELECT practice_code, practice_name, cluster_code, cluster_name FROM practices";
constexpr std::string_view kPersonColumns =
    "SELECT nhs_number, date_of_birth, sex, practice_code, postcode_district, date_of_death, "
    "registered_date FROM persons";
constexpr std::string_view kSchemeColumns =
    "SELECT scheme_code, scheme_name, host, coalesce(pooled_budget_manager, ''), risk_share "
    "FROM schemes";

}  // namespace

Status for_each_practice(Store& store, const std::function<void(const PracticeRecord&)>& each) {
  return scan(store, fmt::format("{} ORDER BY practice_code", kPracticeColumns), kNoParams,
              [&](Stmt& r) { each(practice_of(r)); });
}

Result<std::optional<PracticeRecord>> find_practice(Store& store, const std::string& code) {
  std::optional<PracticeRecord> out;
  Status s = scan(
      store, fmt::format("{} WHERE practice_code = ?", kPracticeColumns),
      [&](Stmt& st) { st.bind(1, code); }, [&](Stmt& r) { out = practice_of(r); });
  if (!s.ok()) return s;
  return out;
}

Result<bool> cluster_exists(Store& store, const std::string& cluster_code) {
  bool found = false;
  Status s = scan(
      store, "SELECT 1 FROM practices WHERE cluster_code = ? LIMIT 1",
      [&](Stmt& st) { st.bind(1, cluster_code); }, [&](Stmt&) { found = true; });
  if (!s.ok()) return s;
  return found;
}

Status for_each_provider(Store& store, const std::function<void(const ProviderRecord&)>& each) {
  return scan(store, "SELECT provider_code, provider_name FROM providers ORDER BY provider_code",
              kNoParams, [&](Stmt& r) {
                each(ProviderRecord{r.text(0), r.text(1)});
              });
}

Status for_each_person(Store& store, const std::function<void(const PersonRecordRow&)>& each) {
  return scan(
      store, fmt::format("{} ORDER BY nhs_number", kPersonColumns), kNoParams,
      [&](Stmt& r) { each(person_of(r)); }, RowCount::kMany);
}

Result<std::optional<PersonRecordRow>> find_person(Store& store, int64_t nhs_number) {
  std::optional<PersonRecordRow> out;
  Status s = scan(
      store, fmt::format("{} WHERE nhs_number = ?", kPersonColumns),
      [&](Stmt& st) { st.bind(1, nhs_number); }, [&](Stmt& r) { out = person_of(r); });
  if (!s.ok()) return s;
  return out;
}

Status for_each_population(Store& store, const std::function<void(const PopulationRecord&)>& each) {
  return scan(store, "SELECT year, age, sex, population FROM population", kNoParams, [&](Stmt& r) {
    each(PopulationRecord{r.int64(0), r.int64(1), r.text(2), r.int64(3)});
  });
}

Status for_each_spell(Store& store, std::optional<int64_t> nhs_number,
                      const std::function<void(const SpellRecord&)>& each) {
  return scan_person(
      store,
      "SELECT spell_id, nhs_number, provider_code, admission_date, discharge_date, "
      "admission_method, primary_diagnosis, secondary_diagnoses, "
      "discharge_destination, cost_pence FROM spells",
      nhs_number, "", [&](Stmt& r) {
        each(SpellRecord{r.text(0), r.int64(1), r.text(2), r.text(3), r.opt_text(4), r.text(5),
                         r.text(6), r.opt_text(7), r.opt_text(8), r.opt_int64(9)});
      });
}

Status for_each_ae_attendance(Store& store, std::optional<int64_t> nhs_number,
                              const std::function<void(const AeRecord&)>& each) {
  return scan_person(
      store,
      "SELECT attendance_id, nhs_number, provider_code, arrival, department_type, "
      "disposal FROM ae_attendances",
      nhs_number, "", [&](Stmt& r) {
        each(AeRecord{r.text(0), r.int64(1), r.text(2), r.text(3), r.text(4), r.opt_text(5)});
      });
}

Status for_each_care_home_admission(Store& store, std::optional<int64_t> nhs_number,
                                    const std::function<void(const CareHomeRecord&)>& each) {
  return scan_person(store,
                     "SELECT admission_id, nhs_number, admission_date, setting, permanent, funder "
                     "FROM care_home_admissions",
                     nhs_number, "", [&](Stmt& r) {
                       each(CareHomeRecord{r.text(0), r.int64(1), r.text(2), r.text(3),
                                           r.int64(4) == 1, r.text(5)});
                     });
}

Status for_each_reablement(Store& store, std::optional<int64_t> nhs_number,
                           const std::function<void(const ReablementRecord&)>& each) {
  return scan_person(
      store, "SELECT episode_id, nhs_number, discharge_date, outcome_91_days FROM reablement",
      nhs_number, "", [&](Stmt& r) {
        each(ReablementRecord{r.text(0), r.int64(1), r.text(2), r.text(3)});
      });
}

Status for_each_condition(Store& store, std::optional<int64_t> nhs_number,
                          const std::function<void(const ConditionRecord&)>& each) {
  return scan_person(store, "SELECT nhs_number, condition, recorded_date FROM conditions",
                     nhs_number, "", [&](Stmt& r) {
                       each(ConditionRecord{r.int64(0), r.text(1), r.text(2)});
                     });
}

Status for_each_delayed_days(Store& store,
                             const std::function<void(const DelayedDaysRecord&)>& each) {
  return scan(
      store, "SELECT month, provider_code, responsible_org, reason, delayed_days FROM delayed_days",
      kNoParams, [&](Stmt& r) {
        each(DelayedDaysRecord{r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4)});
      });
}

Status for_each_bed_days(Store& store, const std::function<void(const BedDaysRecord&)>& each) {
  return scan(store, "SELECT month, provider_code, occupied_bed_days FROM bed_days", kNoParams,
              [&](Stmt& r) {
                each(BedDaysRecord{r.text(0), r.text(1), r.int64(2)});
              });
}

Status for_each_plan(Store& store, const std::function<void(const PlanRecord&)>& each) {
  return scan(store, "SELECT metric, month, value FROM plans", kNoParams, [&](Stmt& r) {
    each(PlanRecord{r.text(0), r.text(1), r.real(2)});
  });
}

Result<std::vector<SchemeRecord>> read_schemes(Store& store) {
  std::vector<SchemeRecord> out;
  Status s = scan(store, fmt::format("{} ORDER BY scheme_code", kSchemeColumns), kNoParams,
                  [&](Stmt& r) { out.push_back(scheme_of(r)); });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<SchemeRecord>> find_scheme_record(Store& store, const std::string& code) {
  std::optional<SchemeRecord> out;
  Status s = scan(
      store, fmt::format("{} WHERE scheme_code = ?", kSchemeColumns),
      [&](Stmt& st) { st.bind(1, code); }, [&](Stmt& r) { out = scheme_of(r); });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<RiskShareRecord>> read_risk_shares(Store& store, const std::string& scheme) {
  std::vector<RiskShareRecord> out;
  Status s = scan(
      store,
      "SELECT partner_code, share_bp FROM scheme_risk_shares WHERE scheme_code = ? ORDER BY "
      "partner_code",
      [&](Stmt& st) { st.bind(1, scheme); },
      [&](Stmt& r) {
        out.push_back(RiskShareRecord{r.text(0), r.int64(1)});
      });
  if (!s.ok()) return s;
  return out;
}

Status for_each_budget(Store& store, const std::string& financial_year,
                       const std::function<void(const BudgetRecord&)>& each) {
  return scan(
      store,
      "SELECT scheme_code, partner_code, funding_stream, amount_pence, profile FROM budgets "
      "WHERE financial_year = ?",
      [&](Stmt& st) { st.bind(1, financial_year); },
      [&](Stmt& r) {
        each(BudgetRecord{r.text(0), r.text(1), r.text(2), r.int64(3), r.opt_text(4)});
      });
}

Status for_each_ledger_line(Store& store, const std::string& financial_year,
                            const std::function<void(const LedgerRecord&)>& each) {
  return scan(
      store,
      "SELECT scheme_code, partner_code, month, actual_pence, forecast_outturn_pence FROM ledger "
      "WHERE financial_year = ?",
      [&](Stmt& st) { st.bind(1, financial_year); },
      [&](Stmt& r) {
        each(LedgerRecord{r.text(0), r.text(1), static_cast<int>(r.int64(2)), r.int64(3),
                          r.opt_int64(4)});
      });
}

Result<std::optional<std::pair<std::string, int>>> latest_ledger_line(Store& store) {
  std::optional<std::pair<std::string, int>> out;
  Status s = scan(
      store,
      "SELECT financial_year, month FROM ledger ORDER BY financial_year DESC, month DESC LIMIT 1",
      kNoParams, [&](Stmt& r) { out.emplace(r.text(0), static_cast<int>(r.int64(1))); });
  if (!s.ok()) return s;
  return out;
}

Status for_each_finance_year(Store& store, const std::optional<std::string>& scheme,
                             const std::function<void(const std::string& year, int month)>& each) {
  return scan(
      store,
      // The CAST gives PostgreSQL the parameter's type, which "?1 IS NULL"
      // alone does not.
      "SELECT financial_year, max(month) FROM ledger WHERE CAST(?1 AS TEXT) IS NULL OR "
      "scheme_code = ?1 GROUP BY financial_year UNION ALL SELECT DISTINCT financial_year, 0 FROM "
      "budgets WHERE CAST(?1 AS TEXT) IS NULL OR scheme_code = ?1",
      [&](Stmt& st) {
        if (scheme)
          st.bind(1, *scheme);
        else
          st.bind_null(1);
      },
      [&](Stmt& r) { each(r.text(0), static_cast<int>(r.int64(1))); });
}

namespace {

// The query `base`, with " WHERE plan_id = ?" when a plan is asked for,
// then `order`.
template <typename Row>
Status scan_plan(Store& store, std::string_view base, const std::optional<std::string>& plan,
                 std::string_view order, Row&& row) {
  const std::string sql =
      fmt::format("{}{} ORDER BY {}", base, plan ? " WHERE plan_id = ?" : "", order);
  return scan(
      store, sql,
      [&](Stmt& st) {
        if (plan) st.bind(1, *plan);
      },
      row, plan ? RowCount::kFew : RowCount::kMany);
}

}  // namespace

Status for_each_care_plan(Store& store, std::optional<int64_t> nhs_number,
                          const std::function<void(const CarePlanRecord&)>& each) {
  return scan_person(
      store,
      "SELECT plan_id, version, nhs_number, status, plan_type, accountable_name, "
      "accountable_role, accountable_org, goals, contingency, consent_date, consent_recorded_by, "
      "agreed_date, review_due, closed_date, closed_reason FROM care_plans",
      nhs_number, " ORDER BY plan_id, version", [&](Stmt& r) {
        each(CarePlanRecord{r.text(0), r.int64(1), r.int64(2), r.text(3), r.text(4), r.text(5),
                            r.text(6), r.text(7), r.text(8), r.opt_text(9), r.opt_text(10),
                            r.opt_text(11), r.opt_text(12), r.opt_text(13), r.opt_text(14),
                            r.opt_text(15)});
      });
}

Status for_each_care_plan_action(Store& store, const std::optional<std::string>& plan_id,
                                 const std::function<void(const CarePlanActionRecord&)>& each) {
  return scan_plan(
      store,
      "SELECT plan_id, version, action_no, action, who, by_date, status FROM care_plan_actions",
      plan_id, "plan_id, version, action_no", [&](Stmt& r) {
        each(CarePlanActionRecord{r.text(0), r.int64(1), r.int64(2), r.text(3), r.text(4),
                                  r.opt_text(5), r.text(6)});
      });
}

Status for_each_care_plan_review(Store& store, const std::optional<std::string>& plan_id,
                                 const std::function<void(const CarePlanReviewRecord&)>& each) {
  return scan_plan(store,
                   "SELECT review_id, plan_id, review_date, reviewed_by, outcome, next_review_due "
                   "FROM care_plan_reviews",
                   plan_id, "plan_id, review_date, review_id", [&](Stmt& r) {
                     each(CarePlanReviewRecord{r.text(0), r.text(1), r.text(2), r.text(3),
                                               r.text(4), r.opt_text(5)});
                   });
}

Status for_each_care_plan_with_reviews(
    Store& store, const std::function<void(std::vector<CarePlanRecord>& versions,
                                           std::vector<CarePlanReviewRecord>& reviews)>& each) {
  // The versions (k 0) and the reviews (k 1) in one ordered list, so that
  // a plan's rows come together: columns 2 to 17 a version's, 18 to 22 a
  // review's (the plan_id is column 1 of both).
  static constexpr std::string_view kSql =
      "SELECT 0 AS k, plan_id, version, nhs_number, status, plan_type, accountable_name, "
      "accountable_role, accountable_org, goals, contingency, consent_date, consent_recorded_by, "
      "agreed_date, review_due, closed_date, closed_reason, NULL AS review_id, "
      "NULL AS review_date, NULL AS reviewed_by, NULL AS outcome, NULL AS next_review_due "
      "FROM care_plans UNION ALL "
      "SELECT 1, plan_id, 0, 0, '', '', '', '', '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "review_id, review_date, reviewed_by, outcome, next_review_due FROM care_plan_reviews "
      "ORDER BY plan_id, k, version, review_date, review_id";
  std::vector<CarePlanRecord> versions;
  std::vector<CarePlanReviewRecord> reviews;
  std::string plan;
  auto flush = [&] {
    if (!versions.empty()) each(versions, reviews);
    versions.clear(), reviews.clear();
  };
  Status s = scan(
      store, kSql, [](Stmt&) {},
      [&](Stmt& r) {
        if (r.text(1) != plan) flush(), plan = r.text(1);
        if (r.int64(0) == 0) {
          versions.push_back(CarePlanRecord{
              r.text(1), r.int64(2), r.int64(3), r.text(4), r.text(5), r.text(6), r.text(7),
              r.text(8), r.text(9), r.opt_text(10), r.opt_text(11), r.opt_text(12), r.opt_text(13),
              r.opt_text(14), r.opt_text(15), r.opt_text(16)});
        } else {
          reviews.push_back(CarePlanReviewRecord{r.text(17), r.text(1), r.text(18), r.text(19),
                                                 r.text(20), r.opt_text(21)});
        }
      },
      RowCount::kMany);
  if (!s.ok()) return s;
  flush();
  return Status();
}

namespace {

constexpr std::string_view kSpaColumns =
    "SELECT referral_id, nhs_number, received, source, urgency, reason, triaged, outcome, "
    "declined_reason, first_contact FROM spa_referrals";

SpaReferralRecord referral_of(Stmt& r) {
  return SpaReferralRecord{r.text(0), r.int64(1),    r.text(2),     r.text(3),     r.text(4),
                           r.text(5), r.opt_text(6), r.opt_text(7), r.opt_text(8), r.opt_text(9)};
}

}  // namespace

Status for_each_spa_referral(Store& store, std::optional<int64_t> nhs_number,
                             const std::function<void(const SpaReferralRecord&)>& each) {
  return scan_person(store, kSpaColumns, nhs_number, " ORDER BY received, referral_id",
                     [&](Stmt& r) { each(referral_of(r)); });
}

Result<std::optional<SpaReferralRecord>> find_spa_referral(Store& store, const std::string& id) {
  std::optional<SpaReferralRecord> out;
  Status s = scan(
      store, fmt::format("{} WHERE referral_id = ?", kSpaColumns),
      [&](Stmt& st) { st.bind(1, id); }, [&](Stmt& r) { out = referral_of(r); });
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
