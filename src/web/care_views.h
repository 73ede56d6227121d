// Cluster care in the web application (issue 16): what the register page,
// the cluster dashboards, the overview, the person page and the API share,
// so that a page and the API apply one rule and give one answer.
//
// Who sees a cluster's people in which form (docs/security.md):
//   clinician  their own cluster's people, identified by NHS number; any
//              other cluster is refused, as its dashboard is;
//   analyst    any cluster's people, pseudonymised (web/accounts.h
//              pseudonymise; dates to the month only, care/care_json.h);
//   others     never a person: counts only, perturbed and suppressed
//              (care/distribution.h counts_json), so no count from 1 to
//              hide_below - 1 is shown.
// A person-level view is written to the audit log before anything is
// returned; so is a view of a register's counts.
//
// Everyone's scores for a date come from the application's cache
// (web/care_cache.h); the model is the latest fitted (care/risk_store.h).
// None fitted yet is not an error here: the pages say what to run.
//
// Thread safety: per request.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "care/care_json.h"
#include "care/distribution.h"
#include "care/register.h"
#include "care/risk_model.h"
#include "web/context.h"

namespace bc::web {

// What a page shows, and the API's 404 says, when no model is stored.
inline constexpr std::string_view kNoModelMessage =
    "No risk model has been fitted yet: an analyst must run "
    "\"bettercare risk train --index DATE\" (docs/risk.md).";

struct CareData {
  std::shared_ptr<const Snapshot> snap;
  std::optional<RiskModel> model;  // the latest fitted; nullopt when none is

  const RiskModel* model_or_null() const { return model ? &*model : nullptr; }
  // Everyone's facts (and risk, with the model) on `at`, from the cache.
  std::shared_ptr<const ScoredDate> scores(Ctx& ctx, Date at) const;
};

// The snapshot and the latest model.
Result<CareData> care_data(Ctx& ctx);

// The "at" parameter (YYYY-MM-DD), or scores_date(snap) when absent or
// empty (the day after the last month of spells loaded).
Result<Date> at_param(const Ctx& ctx, const Snapshot& snap);

enum class PersonForm { kIdentified, kPseudonymised, kCounts };
// The form in which the user sees the people of `cluster` (nullopt: the
// whole city, which a clinician never sees person by person).
// PermissionDenied for a clinician and another cluster.
Result<PersonForm> person_form(const User& u, const std::optional<std::string>& cluster);

// How the user's person-level output names people: pseudonyms for
// analysts, NHS numbers for the care team.
PersonNaming naming_for(Ctx& ctx);

// Every date (YYYY-MM-DD) in `j`, at any depth, cut to its month: what an
// analyst's answers carry (docs/security.md, "What an analyst sees"), so
// that no date more precise than the month ever reaches them, not even a
// register's own date.
void months_only(nlohmann::json& j);

// A register request from the parameters "list" (risk, the default, or
// frailty), "at" and "top" (per cent, default 5); the cluster from the
// path. NotFound for a cluster the snapshot does not have.
Result<RegisterRequest> register_request(const Ctx& ctx, const Snapshot& snap,
                                         const std::string& cluster);

// A register's counts as one row with its people's key sums: population,
// size, joined, left. `now`: everyone's facts on reg.at (the population).
CountTable register_counts(const Snapshot& snap, const Register& reg, const Features& now);

struct RegisterView {
  Register reg;
  PersonForm form = PersonForm::kCounts;
  // Person-level: register_json in the user's naming (months_only for
  // analysts). Counts: {"kind",
  // "cluster", "cluster_name", "at", "previous", "top_percent",
  // "counts_only": true, "population", "size", "joined", "left_count"},
  // each count perturbed and suppressed (null).
  nlohmann::json json;
};

// The register in the form the user may see it, with its audit entry
// ("view_register", "view_register_pseudonymised" or
// "view_register_counts"; subject "<list> register <cluster> at <date>
// top <n>% (<how>)") written before it returns. Needs a model.
Result<RegisterView> open_register(Ctx& ctx, const CareData& data, const RegisterRequest& request,
                                   std::string_view how);

// A register's counts as the dashboard shows them, without audit:
// {"population", "size", "joined", "left_count"}, suppressed when asked.
Result<nlohmann::json> register_counts_json(Ctx& ctx, const CareData& data,
                                            const RegisterRequest& request, bool suppress);

// The register a request asks for, built from the cache's scores (no
// audit: the caller shows it, and audits, in its own form).
Result<Register> cluster_register(Ctx& ctx, const CareData& data, const RegisterRequest& request);

// How many of the at-risk register's people had a care plan in force
// (agreed or under review) on its date (care/care_plan.h plan_coverage):
// {"register", "with_plan", "percent"}; each count suppressed (null, and
// percent null) when asked. Also the people's plan states, by position in
// reg.entries, when `states` is given (the care team's register page).
Result<nlohmann::json> register_plan_coverage(Ctx& ctx, const CareData& data, const Register& reg,
                                              bool suppress,
                                              std::vector<std::string>* states = nullptr);
// The same for the register a request asks for (built from the cache).
Result<nlohmann::json> register_plan_coverage(Ctx& ctx, const CareData& data,
                                              const RegisterRequest& request, bool suppress);

// A person's scores (care/person_scores.h) as at "at" or scores_date, for
// a record the caller has already been allowed to open; months_only for
// analysts.
Result<nlohmann::json> person_scores(Ctx& ctx, int64_t nhs);

// A risk band's name for a risk (distribution.h's bands: "under 5%",
// "5-10%", "10-20%", "20-50%", "50% or more") and the bands in order,
// with their column names (risk_under_5 ...).
std::string_view risk_band_words(double risk);
const std::vector<std::pair<std::string, std::string>>& risk_bands();  // (column, words)

}  // namespace bc::web
