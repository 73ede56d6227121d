#include "care/care_plan.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace bc {

Result<std::vector<CarePlan>> care_plans_of(Store& store, int64_t nhs_number) {
  return read_care_plans(store, nhs_number, true);
}

const CarePlan* current_plan(const std::vector<CarePlan>& plans, Date at) {
  const CarePlan* open = nullptr;
  const CarePlan* in_force = nullptr;
  const CarePlan* draft = nullptr;
  std::string latest_agreed;
  for (const CarePlan& p : plans) {
    const PlanAsAt a = plan_as_at(p, at);
    if (plan_in_force(a.state)) open = &p;
    if (a.in_force != nullptr && *a.in_force->agreed_date >= latest_agreed) {
      latest_agreed = *a.in_force->agreed_date;
      in_force = &p;
    }
    if (a.in_force == nullptr) draft = &p;
  }
  return open ? open : in_force ? in_force : draft;
}

Result<std::unordered_map<int64_t, PlanState>> plan_states(Store& store, Date at) {
  auto plans = read_care_plans(store, std::nullopt, false);
  if (!plans.ok()) return plans.status();
  // Each person's plans, in plan_id order, then their current one's state.
  std::unordered_map<int64_t, std::vector<CarePlan>> by_person;
  for (CarePlan& p : *plans) by_person[p.nhs_number].push_back(std::move(p));
  std::unordered_map<int64_t, PlanState> out;
  for (const auto& [nhs, list] : by_person) {
    const CarePlan* current = current_plan(list, at);
    if (current != nullptr) out[nhs] = plan_as_at(*current, at).state;
  }
  return out;
}

PlanCoverage plan_coverage(const std::unordered_map<int64_t, PlanState>& states,
                           const std::vector<int64_t>& people) {
  PlanCoverage c;
  for (int64_t nhs : people) {
    ++c.people;
    auto it = states.find(nhs);
    if (it != states.end() && plan_in_force(it->second)) ++c.with_plan;
  }
  return c;
}

Result<std::vector<DueReview>> reviews_due(Store& store, const DueQuery& q) {
  auto plans = read_care_plans(store, std::nullopt, false);
  if (!plans.ok()) return plans.status();
  std::map<std::string, std::string> cluster_of;  // practice -> cluster
  Status s = for_each_practice(
      store, [&](const PracticeRecord& p) { cluster_of[p.code] = p.cluster_code; });
  if (!s.ok()) return s;
  // The last due day asked for (none: any); a flag beside it, as GCC 12
  // warns of an optional<Date> here.
  const bool bounded = q.within_days.has_value();
  const Date until = q.at.add_days(q.within_days.value_or(0));
  std::vector<DueReview> out;
  for (const CarePlan& p : *plans) {
    const PlanAsAt a = plan_as_at(p, q.at);
    if (!plan_in_force(a.state)) continue;
    if (!a.review_due || (bounded && until < *a.review_due)) continue;
    if (q.professional && a.in_force->accountable_name != *q.professional) continue;
    DueReview d{
        p.nhs_number, p.plan_id, a.in_force->version,         *a.review_due, *a.review_due < q.at,
        "",           "",        a.in_force->accountable_name};
    if (q.cluster || q.practice) {
      auto person = find_person(store, p.nhs_number);
      if (!person.ok()) return person.status();
      if (!*person) continue;  // not registered: no practice, no cluster
      d.practice_code = (*person)->practice_code;
      d.cluster_code = cluster_of[d.practice_code];
      if (q.cluster && d.cluster_code != *q.cluster) continue;
      if (q.practice && d.practice_code != *q.practice) continue;
    }
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const DueReview& x, const DueReview& y) {
    return std::tie(x.review_due, x.nhs_number, x.plan_id) <
           std::tie(y.review_due, y.nhs_number, y.plan_id);
  });
  return out;
}

}  // namespace bc
