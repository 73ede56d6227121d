#include "care/care_plan_json.h"

#include <string>

namespace bc {

namespace {

using json = nlohmann::json;

json or_null(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}

json version_json(const CarePlan& plan, const CarePlanRecord& v) {
  json actions = json::array();
  for (const auto& a : plan.actions_of(v.version)) {
    actions.push_back({{"action_no", a.action_no},
                       {"action", a.action},
                       {"who", a.who},
                       {"by_date", or_null(a.by_date)},
                       {"status", a.status}});
  }
  return {{"version", v.version},
          {"status", v.status},
          {"plan_type", v.plan_type},
          {"accountable",
           {{"name", v.accountable_name},
            {"role", v.accountable_role},
            {"organisation", v.accountable_org}}},
          {"goals", v.goals},
          {"contingency", or_null(v.contingency)},
          {"consent",
           {{"date", or_null(v.consent_date)}, {"recorded_by", or_null(v.consent_recorded_by)}}},
          {"agreed_date", or_null(v.agreed_date)},
          {"review_due", or_null(v.review_due)},
          {"closed_date", or_null(v.closed_date)},
          {"closed_reason", or_null(v.closed_reason)},
          {"actions", std::move(actions)}};
}

// The goals one by one: the person's words, one goal per line or per ';'.
std::vector<std::string> goals_of(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    size_t a = cur.find_first_not_of(" \t\r");
    size_t b = cur.find_last_not_of(" \t\r");
    if (a != std::string::npos) out.push_back(cur.substr(a, b - a + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == '\n' || c == ';')
      flush();
    else
      cur += c;
  }
  flush();
  return out;
}

std::string_view fhir_activity_status(std::string_view s) {
  if (s == "planned") return "not-started";
  if (s == "in_progress") return "in-progress";
  if (s == "done") return "completed";
  return "cancelled";
}

}  // namespace

json care_plan_json(const CarePlan& plan, Date at) {
  const PlanAsAt a = plan_as_at(plan, at);
  json versions = json::array();
  for (const auto& v : plan.versions) versions.push_back(version_json(plan, v));
  json reviews = json::array();
  for (const auto& r : plan.reviews) {
    reviews.push_back({{"review_id", r.review_id},
                       {"review_date", r.review_date},
                       {"reviewed_by", r.reviewed_by},
                       {"outcome", r.outcome},
                       {"next_review_due", or_null(r.next_review_due)}});
  }
  return {{"plan_id", plan.plan_id},
          {"nhs_number", std::to_string(plan.nhs_number)},
          {"at", at.iso()},
          {"state", plan_state_name(a.state)},
          {"review_due", a.review_due ? json(a.review_due->iso()) : json(nullptr)},
          {"version_in_force", a.in_force ? json(a.in_force->version) : json(nullptr)},
          {"versions", std::move(versions)},
          {"reviews", std::move(reviews)}};
}

json care_plan_fhir(const CarePlan& plan, Date at) {
  const PlanAsAt a = plan_as_at(plan, at);
  const CarePlanRecord& v = a.in_force ? *a.in_force : plan.versions.back();
  const json subject = {{"identifier",
                         {{"system", "https://fhir.nhs.uk/Id/nhs-number"},
                          {"value", std::to_string(plan.nhs_number)}}}};
  json contained = json::array(), goal_refs = json::array();
  int n = 0;
  for (const std::string& g : goals_of(v.goals)) {
    const std::string id = "goal" + std::to_string(++n);
    contained.push_back(
        {{"resourceType", "Goal"},
         {"id", id},
         {"lifecycleStatus", a.state == PlanState::kClosed ? "completed" : "active"},
         {"description", {{"text", g}}},
         {"subject", subject}});
    goal_refs.push_back({{"reference", "#" + id}});
  }
  json activities = json::array();
  for (const auto& act : plan.actions_of(v.version)) {
    json detail = {{"status", fhir_activity_status(act.status)},
                   {"description", act.action},
                   {"performer", json::array({{{"display", act.who}}})}};
    if (act.by_date) detail["scheduledPeriod"] = {{"end", *act.by_date}};
    activities.push_back({{"detail", std::move(detail)}});
  }
  const std::string_view status = a.state == PlanState::kClosed ? "completed"
                                  : a.in_force == nullptr       ? "draft"
                                                                : "active";
  json out = {
      {"resourceType", "CarePlan"},
      {"id", plan.plan_id + "-" + std::to_string(v.version)},
      {"identifier", json::array({{{"system", "urn:bettercare:care-plan"},
                                   {"value", plan.plan_id + "/" + std::to_string(v.version)}}})},
      {"status", status},
      {"intent", "plan"},
      {"title", "Personalised care and support plan"},
      {"subject", subject},
      {"author",
       {{"display",
         v.accountable_name + " (" + v.accountable_role + ", " + v.accountable_org + ")"}}},
      {"goal", std::move(goal_refs)},
      {"activity", std::move(activities)},
      {"contained", std::move(contained)}};
  if (v.agreed_date) {
    out["created"] = *v.agreed_date;
    out["period"] = {{"start", *v.agreed_date}};
    if (v.closed_date) out["period"]["end"] = *v.closed_date;
  }
  json notes = json::array();
  if (v.contingency) notes.push_back({{"text", "Contingency and crisis plan: " + *v.contingency}});
  if (a.review_due) notes.push_back({{"text", "Review due " + a.review_due->iso()}});
  if (v.consent_date) {
    notes.push_back({{"text", "Consent given " + *v.consent_date + ", recorded by " +
                                  v.consent_recorded_by.value_or("(not recorded)")}});
  }
  if (v.closed_reason) notes.push_back({{"text", "Closed: " + *v.closed_reason}});
  if (!notes.empty()) out["note"] = std::move(notes);
  return out;
}

}  // namespace bc
