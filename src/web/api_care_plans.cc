// The API's care-plan routes, for the care team of the person's cluster
// (web/care_plan_access.h decides and audits), in the CLI's shapes
// (care/care_plan_json.h):
//   GET  /api/v1/persons/<nhs>/care-plans          every plan, as at ?at=
//   GET  /api/v1/persons/<nhs>/care-plans/fhir     the current plan, FHIR R4
//   POST /api/v1/persons/<nhs>/care-plans/draft    {plan fields, actions: [...]}
//   POST /api/v1/persons/<nhs>/care-plans/agree    {agreed_date, review_due?}
//   POST /api/v1/persons/<nhs>/care-plans/review   {review_date, reviewed_by,
//                                                   outcome, next_review_due?,
//                                                   closed_reason?}
//   POST /api/v1/persons/<nhs>/care-plans/close    {closed_date, closed_reason}
//   GET  /api/v1/clusters/<code>/care-plans/due    ?at=&within=: reviews due
// A write refused by the plan's rules is 422 with each refusal by field.
#include <fmt/format.h>

#include "care/care_plan.h"
#include "care/care_plan_json.h"
#include "care/care_plan_write.h"
#include "web/access.h"
#include "web/api_internal.h"
#include "web/care_plan_access.h"
#include "web/router.h"

namespace bc::web {
namespace {

using json = nlohmann::json;

// ?at= (YYYY-MM-DD), today when absent.
Result<Date> at_or_today(const Ctx& ctx) {
  auto at = ctx.param("at");
  if (!at.ok()) return at.status();
  if (!*at || (*at)->empty()) return Date::today_utc();
  auto d = Date::parse(**at);
  if (!d.ok()) return Status::invalid_argument("at: " + d.error());
  return *d;
}

Status plans_route(Ctx& ctx, bool fhir) {
  auto t = open_care_plans(ctx, ctx.req.matches[1], PlanAccess::kRead, fhir ? "fhir" : "");
  if (!t.ok()) return t.status();
  auto at = at_or_today(ctx);
  if (!at.ok()) return at.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto plans = care_plans_of(**store, t->nhs.value());
  if (!plans.ok()) return plans.status();
  if (fhir) {
    if (plans->empty()) return Status::not_found("this person has no care plan");
    ctx.res.set_content(care_plan_fhir(*current_plan(*plans, *at), *at).dump(2),
                        "application/fhir+json; charset=utf-8");
    return Status();
  }
  json out = json::array();
  for (const CarePlan& p : *plans) out.push_back(care_plan_json(p, *at));
  send_json(ctx.res, {{"nhs_number", t->nhs.digits()}, {"at", at->iso()}, {"plans", out}});
  return Status();
}

// A JSON body's string member, "" when absent; InvalidArgument when not a
// string or longer than 4,000 bytes.
Result<std::string> member(const json& body, const char* name) {
  if (!body.contains(name) || body[name].is_null()) return std::string();
  if (!body[name].is_string()) return Status::invalid_argument(fmt::format("{}: a string", name));
  std::string v = body[name].get<std::string>();
  if (v.size() > 4000)
    return Status::invalid_argument(fmt::format("{}: at most 4,000 bytes", name));
  return v;
}

Result<std::optional<Date>> date_member(const json& body, const char* name, bool required) {
  auto v = member(body, name);
  if (!v.ok()) return v.status();
  if (v->empty()) {
    if (required) return Status::invalid_argument(fmt::format("{}: required (YYYY-MM-DD)", name));
    return std::optional<Date>();
  }
  auto d = Date::parse(*v);
  if (!d.ok()) return Status::invalid_argument(fmt::format("{}: {}", name, d.error()));
  return std::optional<Date>(*d);
}

Result<PlanForm> plan_form(const json& body) {
  PlanForm f;
  std::pair<const char*, std::string*> fields[] = {{"plan_type", &f.plan_type},
                                                   {"accountable_name", &f.accountable_name},
                                                   {"accountable_role", &f.accountable_role},
                                                   {"accountable_org", &f.accountable_org},
                                                   {"goals", &f.goals},
                                                   {"contingency", &f.contingency},
                                                   {"consent_date", &f.consent_date},
                                                   {"consent_recorded_by", &f.consent_recorded_by}};
  for (auto& [name, out] : fields) {
    auto v = member(body, name);
    if (!v.ok()) return v.status();
    *out = std::move(*v);
  }
  if (body.contains("actions")) {
    if (!body["actions"].is_array() || body["actions"].size() > 50)
      return Status::invalid_argument("actions: an array of at most 50 objects");
    for (const json& a : body["actions"]) {
      if (!a.is_object()) return Status::invalid_argument("actions: each an object");
      PlanForm::Action act;
      std::pair<const char*, std::string*> parts[] = {{"action", &act.action},
                                                      {"who", &act.who},
                                                      {"by_date", &act.by_date},
                                                      {"status", &act.status}};
      for (auto& [name, out] : parts) {
        auto v = member(a, name);
        if (!v.ok()) return v.status();
        *out = std::move(*v);
      }
      f.actions.push_back(std::move(act));
    }
  }
  return f;
}

Status write_route(Ctx& ctx, const std::string& which) {
  auto t = open_care_plans(ctx, ctx.req.matches[1], PlanAccess::kWrite, which);
  if (!t.ok()) return t.status();
  const json body = json::parse(ctx.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return Status::invalid_argument("send a JSON object (docs/api.md, care plans)");
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  const WriteContext w{ctx.user().name, nullptr};
  const int64_t nhs = t->nhs.value();
  Result<WriteResult> done = Status::internal("unreachable");
  if (which == "draft") {
    auto f = plan_form(body);
    if (!f.ok()) return f.status();
    done = save_draft(**store, w, nhs, *f);
  } else if (which == "agree") {
    auto on = date_member(body, "agreed_date", true);
    if (!on.ok()) return on.status();
    auto due = date_member(body, "review_due", false);
    if (!due.ok()) return due.status();
    done = agree_draft(**store, w, nhs, **on, *due);
  } else if (which == "review") {
    auto on = date_member(body, "review_date", true);
    if (!on.ok()) return on.status();
    auto next = date_member(body, "next_review_due", false);
    if (!next.ok()) return next.status();
    auto by = member(body, "reviewed_by");
    auto outcome = member(body, "outcome");
    auto reason = member(body, "closed_reason");
    for (auto* v : {&by, &outcome, &reason})
      if (!v->ok()) return v->status();
    if (*outcome != "continue" && *outcome != "changed" && *outcome != "closed")
      return Status::invalid_argument("outcome: continue, changed or closed");
    done = record_review(**store, w, nhs, **on, *by, *outcome, *next, *reason);
  } else {
    auto on = date_member(body, "closed_date", true);
    if (!on.ok()) return on.status();
    auto reason = member(body, "closed_reason");
    if (!reason.ok()) return reason.status();
    done = close_plan(**store, w, nhs, **on, *reason);
  }
  if (!done.ok()) return done.status();
  if (!done->ok()) {
    json fields = json::object();
    for (const auto& e : done->errors) fields[e.field] = e.message;
    send_json(ctx.res,
              {{"error",
                {{"code", "invalid"},
                 {"message", "nothing was written: the plan breaks a rule (see fields)"},
                 {"fields", fields}}}},
              422);
    return Status();
  }
  send_json(ctx.res, {{"plan_id", done->plan_id}, {"version", done->version}, {"done", which}});
  return Status();
}

Status due_route(Ctx& ctx) {
  const std::string code = ctx.req.matches[1];
  if (Status s = require_care_team(ctx, code, "view_care_plans_due", "a cluster's reviews due");
      !s.ok())
    return s;
  auto at = at_or_today(ctx);
  if (!at.ok()) return at.status();
  auto within = ctx.param("within");
  if (!within.ok()) return within.status();
  int days = 28;
  if (*within && !(*within)->empty()) {
    const std::string& w = **within;
    if (w.size() > 3 || w.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(w) > 366)
      return Status::invalid_argument("within: a whole number of days, 0 to 366");
    days = std::stoi(w);
  }
  if (Status s = ctx.audit("view_care_plans_due",
                           fmt::format("{} at {} within {}", code, at->iso(), days));
      !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto due = reviews_due(**store, DueQuery{*at, days, code, std::nullopt, std::nullopt});
  if (!due.ok()) return due.status();
  json rows = json::array();
  for (const DueReview& d : *due) {
    rows.push_back({{"nhs_number", std::to_string(d.nhs_number)},
                    {"plan_id", d.plan_id},
                    {"version", d.version},
                    {"review_due", d.review_due.iso()},
                    {"state", d.overdue ? "overdue" : "due"},
                    {"practice", d.practice_code},
                    {"accountable_name", d.accountable_name}});
  }
  send_json(ctx.res, {{"cluster", code}, {"at", at->iso()}, {"within", days}, {"rows", rows}});
  return Status();
}

}  // namespace

void add_care_plan_api_routes(Router& r) {
  const std::string person = R"(/api/v1/persons/([0-9 ]{10,14})/care-plans)";
  r.get(person, [](Ctx& ctx) { return plans_route(ctx, false); });
  r.get(person + "/fhir", [](Ctx& ctx) { return plans_route(ctx, true); });
  for (const char* which : {"draft", "agree", "review", "close"}) {
    r.post(person + "/" + which,
           [w = std::string(which)](Ctx& ctx) { return write_route(ctx, w); });
  }
  r.get(R"(/api/v1/clusters/([A-Za-z0-9_-]{1,32})/care-plans/due)", due_route);
}

}  // namespace bc::web
