// Shared care plans: the lists the care team works from (a person's plans,
// their current one, everyone's state, coverage of a register, reviews due
// and overdue), built on what a plan means as at a date
// (engine/care_plan_state.h, shared with the engine's coverage metrics;
// docs/care-plans.md).
//
// Whoever shows a plan or a list of plans to someone writes the audit
// entry first: these functions read, they do not decide who may see.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "engine/care_plan_state.h"
#include "ingest/records.h"
#include "store/store.h"

namespace bc {

// Every plan of one person, in plan_id order.
Result<std::vector<CarePlan>> care_plans_of(Store& store, int64_t nhs_number);

// The person's current plan as at `at`: the open one (agreed or under
// review) if any, else the latest in force, else the latest draft; nullopt
// when the person has no plan.
const CarePlan* current_plan(const std::vector<CarePlan>& plans, Date at);

// Everyone's plan state as at `at`: for each person with a plan, the state
// of their current plan (current_plan's choice).
Result<std::unordered_map<int64_t, PlanState>> plan_states(Store& store, Date at);

// How many of `people` (a register's, say) have a plan in force (agreed or
// under review) as at `at`: the coverage the board asks about. A closed
// plan, or only a draft, does not count; someone not among `people` (who
// left the register) is not counted either way.
struct PlanCoverage {
  int64_t people = 0, with_plan = 0;
};
PlanCoverage plan_coverage(const std::unordered_map<int64_t, PlanState>& states,
                           const std::vector<int64_t>& people);

// One row of a list of reviews due and overdue.
struct DueReview {
  int64_t nhs_number = 0;
  std::string plan_id;
  int64_t version = 0;
  Date review_due;
  bool overdue = false;  // review_due is before the date asked about
  std::string practice_code, cluster_code, accountable_name;
};

struct DueQuery {
  Date at;
  // Due from `at` to `at` + within_days; nullopt: every plan in force,
  // whenever its review falls (a caseload).
  std::optional<int> within_days = 28;
  std::optional<std::string> cluster;       // the person's practice's cluster
  std::optional<std::string> practice;      // the person's practice
  std::optional<std::string> professional;  // the version in force's accountable_name
};

// Every plan in force (agreed or under review) as at q.at whose review is
// overdue or due within q.within_days, filtered as asked; in order of
// review_due, then NHS number. A person not in the persons register has
// no practice or cluster: their plans appear only when no cluster or
// practice is asked for.
Result<std::vector<DueReview>> reviews_due(Store& store, const DueQuery& q);

}  // namespace bc
