// A shared care plan read back, and what it means as at a date: which
// version is in force, whether the plan is draft, agreed, under review or
// closed, when its review is due, and every review it fell due for and
// whether it was done on time (docs/care-plans.md).
//
// Here, below care, because the engine's coverage and timeliness metrics
// (careplan_coverage, careplan_reviews_on_time) count with the same rules
// as the care team's pages; care/care_plan.h builds its lists on these.
//
// A plan's versions, actions and reviews are imported (ingest owns them;
// they are read through ingest/records.h). As at a date D:
//   - the version in force is the latest agreed or closed version agreed
//     on or before D; with none, the plan is a draft (not yet in force);
//   - it is closed when that version was closed on or before D, or a
//     review on or before D closed it;
//   - it is under review when a later version exists as a draft (the
//     change a review asked for, being written), else agreed;
//   - its review is due on the next_review_due of its latest review on or
//     before D, if that review is not older than the version in force,
//     else on the version's own review_due. A review due on D is due, not
//     overdue.
//
// Thread safety: the functions of a plan are pure; read_care_plans uses
// the Store's connection (one thread at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ingest/records.h"
#include "store/store.h"

namespace bc {

enum class PlanState { kDraft, kAgreed, kUnderReview, kClosed };
// "draft", "agreed", "under_review", "closed".
std::string_view plan_state_name(PlanState s);
// Agreed or under review: the plan is in force, and counts as cover.
inline bool plan_in_force(PlanState s) {
  return s == PlanState::kAgreed || s == PlanState::kUnderReview;
}

// One plan: every version (in order), every action and every review.
struct CarePlan {
  std::string plan_id;
  int64_t nhs_number = 0;
  std::vector<CarePlanRecord> versions;
  std::vector<CarePlanActionRecord> actions;
  std::vector<CarePlanReviewRecord> reviews;  // by date

  // The actions of one version.
  std::vector<CarePlanActionRecord> actions_of(int64_t version) const;
};

struct PlanAsAt {
  PlanState state = PlanState::kDraft;
  const CarePlanRecord* in_force = nullptr;  // nullptr for a draft
  std::optional<Date> review_due;            // for an agreed plan or one under review
  const CarePlanReviewRecord* last_review = nullptr;
};

PlanAsAt plan_as_at(const CarePlan& plan, Date at);

// A review a plan fell due for: on time when a review was recorded on or
// before the date; late when the date passed first (or a new version was
// agreed, or the plan closed, after it without one); not yet known when
// the date is after `known_to` and nothing has happened yet.
//
// Walking the plan's events in date order with the review date in force:
// a review on or before it meets it (and sets the next); a new version
// agreed on or before it replaces it with the version's own (not a
// review, so neither met nor missed); closing on or before it ends it.
// Any of these after the date, or `known_to` after it with none, misses
// it. A draft never falls due.
enum class ReviewTimeliness { kOnTime, kLate, kNotYetKnown };
struct ReviewDue {
  Date due;
  ReviewTimeliness timeliness = ReviewTimeliness::kNotYetKnown;
};
std::vector<ReviewDue> review_dues(const CarePlan& plan, Date known_to);

// The latest day a plan was agreed, reviewed or closed on: what the
// records are known up to. nullopt when there are no plans.
std::optional<Date> care_plans_known_to(const std::vector<CarePlan>& plans);
// The same for one plan, as stored (ISO), "" when it has none of them.
std::string latest_known_day(const CarePlan& plan);

// The days on which the plan is in force (plan_in_force(plan_as_at(plan,
// D).state)), as spans [from, to) of Date::days(), in order; `to` is
// INT32_MAX for a plan still in force. The state changes only on a day
// something was agreed, reviewed or closed, so it is plan_as_at's on each
// such day until the next.
std::vector<std::pair<int32_t, int32_t>> in_force_spans(const CarePlan& plan);

// Every plan (or one person's), in plan_id order, with its reviews, and its
// actions when asked.
Result<std::vector<CarePlan>> read_care_plans(Store& store, std::optional<int64_t> nhs,
                                              bool with_actions);

// Every plan with its reviews (not its actions), one at a time in plan_id
// order, holding only that one: for a whole area's plans.
Status for_each_plan_with_reviews(Store& store, const std::function<void(const CarePlan&)>& each);

}  // namespace bc
