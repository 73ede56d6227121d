#include "care/care_plan_write.h"

#include <fmt/format.h>

#include "care/care_plan.h"
#include "care/form_import.h"

namespace bc {

namespace {

using care_internal::csv_field;

constexpr const char* kPlanHeader =
    "plan_id,nhs_number,version,status,plan_type,accountable_name,accountable_role,"
    "accountable_org,goals,contingency,consent_date,consent_recorded_by,agreed_date,review_due,"
    "closed_date,closed_reason\n";
constexpr const char* kActionHeader = "plan_id,version,action_no,action,who,by_date,status\n";
constexpr const char* kReviewHeader =
    "review_id,plan_id,review_date,reviewed_by,outcome,next_review_due\n";

std::string plan_row(const CarePlanRecord& v) {
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(v.plan_id),
                     v.nhs_number, v.version, v.status, csv_field(v.plan_type),
                     csv_field(v.accountable_name), csv_field(v.accountable_role),
                     csv_field(v.accountable_org), csv_field(v.goals), csv_field(v.contingency),
                     csv_field(v.consent_date), csv_field(v.consent_recorded_by),
                     csv_field(v.agreed_date), csv_field(v.review_due), csv_field(v.closed_date),
                     csv_field(v.closed_reason));
}

std::string action_rows(const std::vector<CarePlanActionRecord>& actions) {
  std::string out;
  for (const auto& a : actions) {
    out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(a.plan_id), a.version, a.action_no,
                       csv_field(a.action), csv_field(a.who), csv_field(a.by_date),
                       csv_field(a.status));
  }
  return out;
}

std::optional<std::string> unless_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The person's open plan: its last version not closed, and no review
// closed it. nullptr when none.
const CarePlan* open_plan(const std::vector<CarePlan>& plans) {
  for (const CarePlan& p : plans) {
    if (p.versions.back().status == "closed") continue;
    bool closed = false;
    for (const auto& r : p.reviews) closed = closed || r.outcome == "closed";
    if (!closed) return &p;
  }
  return nullptr;
}

// The latest agreed version (the one in force whatever the date).
const CarePlanRecord* agreed_version(const CarePlan& p) {
  const CarePlanRecord* out = nullptr;
  for (const auto& v : p.versions) {
    if (v.status == "agreed") out = &v;
  }
  return out;
}

struct Batch {
  std::string plans, actions, reviews;  // rows, without headers
};

Result<WriteResult> write_plan(Store& store, const WriteContext& w, const Batch& b,
                               WriteResult result) {
  using care_internal::FormFile;
  return care_internal::import_form(
      store, w,
      {FormFile{"care plan form", FileKind::kCarePlans, kPlanHeader, b.plans, ""},
       FormFile{"care plan form (actions)", FileKind::kCarePlanActions, kActionHeader, b.actions,
                "action"},
       FormFile{"review form", FileKind::kCarePlanReviews, kReviewHeader, b.reviews, ""}},
      std::move(result));
}

Result<std::vector<CarePlan>> plans_of(Store& store, int64_t nhs) {
  return care_plans_of(store, nhs);
}

WriteResult refused_field(std::string field_name, std::string message) {
  WriteResult r;
  r.errors.push_back({std::move(field_name), std::move(message)});
  return r;
}

// A plan is closed on its agreed version, which must be its last: a draft
// after it (a change being written) is agreed first.
std::optional<WriteResult> draft_in_the_way(const CarePlan& p) {
  const CarePlanRecord& last = p.versions.back();
  if (last.status != "draft") return std::nullopt;
  return refused_field("status",
                       fmt::format("version {} of plan {} is a draft being written: agree it "
                                   "first, then close the plan",
                                   last.version, p.plan_id));
}

}  // namespace

Result<WriteResult> save_draft(Store& store, const WriteContext& w, int64_t nhs,
                               const PlanForm& form) {
  auto plans = plans_of(store, nhs);
  if (!plans.ok()) return plans.status();
  const CarePlan* open = open_plan(*plans);
  CarePlanRecord v;
  if (open == nullptr) {
    v.plan_id = fmt::format("P{}-{}", nhs, plans->size() + 1);
    v.version = 1;
  } else {
    const CarePlanRecord& last = open->versions.back();
    v.plan_id = open->plan_id;
    v.version = last.status == "draft" ? last.version : last.version + 1;
  }
  const CareConfig& config = w.config ? *w.config : CareConfig::builtin();
  v.nhs_number = nhs;
  v.status = "draft";
  v.plan_type = form.plan_type.empty() ? config.plan_types.front().id : form.plan_type;
  v.accountable_name = form.accountable_name;
  v.accountable_role = form.accountable_role;
  v.accountable_org = form.accountable_org;
  v.goals = form.goals;
  v.contingency = unless_empty(form.contingency);
  v.consent_date = unless_empty(form.consent_date);
  v.consent_recorded_by = unless_empty(form.consent_recorded_by);
  Batch b;
  b.plans = plan_row(v);
  std::vector<CarePlanActionRecord> actions;
  for (const auto& a : form.actions) {
    if (a.action.empty() && a.who.empty()) continue;
    actions.push_back(CarePlanActionRecord{
        v.plan_id, v.version, static_cast<int64_t>(actions.size()) + 1, a.action, a.who,
        unless_empty(a.by_date), a.status.empty() ? "planned" : a.status});
  }
  b.actions = action_rows(actions);
  return write_plan(store, w, b, WriteResult{v.plan_id, v.version, {}});
}

Result<WriteResult> agree_draft(Store& store, const WriteContext& w, int64_t nhs, Date agreed,
                                std::optional<Date> review_due) {
  auto plans = plans_of(store, nhs);
  if (!plans.ok()) return plans.status();
  const CarePlan* open = open_plan(*plans);
  if (open == nullptr || open->versions.back().status != "draft")
    return refused_field("status", "there is no draft to agree: write the plan first");
  CarePlanRecord v = open->versions.back();
  if (!v.consent_date || !v.consent_recorded_by) {
    return refused_field("consent_date",
                         "a plan is agreed with the person: record their consent (the date and who "
                         "recorded it) in the draft first");
  }
  v.status = "agreed";
  v.agreed_date = agreed.iso();
  const CareConfig& config = w.config ? *w.config : CareConfig::builtin();
  const CarePlanTypeDef* type = config.plan_type(v.plan_type);
  v.review_due =
      review_due ? review_due->iso() : add_months(agreed, type ? type->review_months : 6).iso();
  Batch b;
  b.plans = plan_row(v);
  // The draft's actions come again: a version's actions come with it.
  b.actions = action_rows(open->actions_of(v.version));
  return write_plan(store, w, b, WriteResult{v.plan_id, v.version, {}});
}

Result<WriteResult> record_review(Store& store, const WriteContext& w, int64_t nhs, Date on,
                                  const std::string& reviewed_by, const std::string& outcome,
                                  std::optional<Date> next_review_due, const std::string& reason) {
  auto plans = plans_of(store, nhs);
  if (!plans.ok()) return plans.status();
  const CarePlan* open = open_plan(*plans);
  const CarePlanRecord* in_force = open ? agreed_version(*open) : nullptr;
  if (in_force == nullptr) return refused_field("plan_id", "there is no agreed plan to review");
  Batch b;
  const std::string review_id =
      fmt::format("{}-R{}", open->plan_id, static_cast<int64_t>(open->reviews.size()) + 1);
  b.reviews = fmt::format("{},{},{},{},{},{}\n", csv_field(review_id), csv_field(open->plan_id),
                          on.iso(), csv_field(reviewed_by), csv_field(outcome),
                          next_review_due ? next_review_due->iso() : "");
  if (outcome == "closed") {
    if (reason.empty())
      return refused_field("closed_reason", "required when the review closes the plan");
    if (auto r = draft_in_the_way(*open)) return *r;
    CarePlanRecord v = *in_force;
    v.status = "closed";
    v.closed_date = on.iso();
    v.closed_reason = reason;
    b.plans = plan_row(v);
  } else if (outcome == "changed" && open->versions.back().status != "draft") {
    // The change is drafted as the next version, a copy to edit and agree.
    CarePlanRecord v = *in_force;
    v.version = open->versions.back().version + 1;
    v.status = "draft";
    v.agreed_date.reset();
    v.review_due.reset();
    v.consent_date.reset();
    v.consent_recorded_by.reset();
    b.plans = plan_row(v);
    auto actions = open->actions_of(in_force->version);
    for (auto& a : actions) a.version = v.version;
    b.actions = action_rows(actions);
  }
  return write_plan(store, w, b, WriteResult{open->plan_id, in_force->version, {}});
}

Result<WriteResult> close_plan(Store& store, const WriteContext& w, int64_t nhs, Date on,
                               const std::string& reason) {
  auto plans = plans_of(store, nhs);
  if (!plans.ok()) return plans.status();
  const CarePlan* open = open_plan(*plans);
  const CarePlanRecord* in_force = open ? agreed_version(*open) : nullptr;
  if (in_force == nullptr) return refused_field("plan_id", "there is no agreed plan to close");
  if (auto r = draft_in_the_way(*open)) return *r;
  CarePlanRecord v = *in_force;
  v.status = "closed";
  v.closed_date = on.iso();
  v.closed_reason = reason;
  Batch b;
  b.plans = plan_row(v);
  return write_plan(store, w, b, WriteResult{v.plan_id, v.version, {}});
}

}  // namespace bc
