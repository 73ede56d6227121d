#include "care/care_plan.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace bc {

std::string_view plan_state_name(PlanState s) {
  switch (s) {
    case PlanState::kDraft:
      return "draft";
    case PlanState::kAgreed:
      return "agreed";
    case PlanState::kUnderReview:
      return "under_review";
    case PlanState::kClosed:
      return "closed";
  }
  return "?";
}

std::vector<CarePlanActionRecord> CarePlan::actions_of(int64_t version) const {
  std::vector<CarePlanActionRecord> out;
  for (const auto& a : actions) {
    if (a.version == version) out.push_back(a);
  }
  return out;
}

namespace {

// An ISO date as stored, or nullopt if it is not one (never, for what the
// importer wrote).
std::optional<Date> date_of(const std::optional<std::string>& iso) {
  if (!iso) return std::nullopt;
  auto d = Date::parse(*iso);
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}

}  // namespace

PlanAsAt plan_as_at(const CarePlan& plan, Date at) {
  PlanAsAt out;
  const std::string day = at.iso();
  for (const CarePlanRecord& v : plan.versions) {
    if (v.status != "draft" && v.agreed_date && *v.agreed_date <= day) out.in_force = &v;
  }
  for (const CarePlanReviewRecord& r : plan.reviews) {
    if (r.review_date <= day) out.last_review = &r;
  }
  if (out.in_force == nullptr) return out;  // a draft: not yet in force
  const CarePlanRecord& v = *out.in_force;
  const bool closed_version = v.status == "closed" && v.closed_date && *v.closed_date <= day;
  const bool closed_by_review = out.last_review != nullptr && out.last_review->outcome == "closed";
  if (closed_version || closed_by_review) {
    out.state = PlanState::kClosed;
    return out;
  }
  out.state = PlanState::kAgreed;
  for (const CarePlanRecord& later : plan.versions) {
    if (later.version > v.version && later.status == "draft") out.state = PlanState::kUnderReview;
  }
  // The latest review sets the date, unless the version in force was
  // agreed after it (that agreement set its own).
  if (out.last_review != nullptr && out.last_review->review_date >= *v.agreed_date)
    out.review_due = date_of(out.last_review->next_review_due);
  else
    out.review_due = date_of(v.review_due);
  return out;
}

namespace {

// Every plan (or one person's), with its actions and reviews when asked.
Result<std::vector<CarePlan>> read_plans(Store& store, std::optional<int64_t> nhs,
                                         bool with_actions) {
  std::vector<CarePlan> plans;
  std::map<std::string, size_t> index;
  Status s = for_each_care_plan(store, nhs, [&](const CarePlanRecord& v) {
    auto [it, added] = index.try_emplace(v.plan_id, plans.size());
    if (added) plans.push_back(CarePlan{v.plan_id, v.nhs_number, {}, {}, {}});
    plans[it->second].versions.push_back(v);
  });
  if (!s.ok()) return s;
  auto add_reviews = [&](const std::optional<std::string>& plan_id) {
    return for_each_care_plan_review(store, plan_id, [&](const CarePlanReviewRecord& r) {
      if (auto it = index.find(r.plan_id); it != index.end())
        plans[it->second].reviews.push_back(r);
    });
  };
  auto add_actions = [&](const std::optional<std::string>& plan_id) {
    return for_each_care_plan_action(store, plan_id, [&](const CarePlanActionRecord& a) {
      if (auto it = index.find(a.plan_id); it != index.end())
        plans[it->second].actions.push_back(a);
    });
  };
  if (nhs) {  // a person's few plans: each by its own id
    for (const auto& [id, i] : index) {
      (void)i;
      if (Status st = add_reviews(id); !st.ok()) return st;
      if (with_actions) {
        if (Status st = add_actions(id); !st.ok()) return st;
      }
    }
  } else {
    if (Status st = add_reviews(std::nullopt); !st.ok()) return st;
    if (with_actions) {
      if (Status st = add_actions(std::nullopt); !st.ok()) return st;
    }
  }
  return plans;
}

}  // namespace

Result<std::vector<CarePlan>> care_plans_of(Store& store, int64_t nhs_number) {
  return read_plans(store, nhs_number, true);
}

const CarePlan* current_plan(const std::vector<CarePlan>& plans, Date at) {
  const CarePlan* open = nullptr;
  const CarePlan* in_force = nullptr;
  const CarePlan* draft = nullptr;
  std::string latest_agreed;
  for (const CarePlan& p : plans) {
    const PlanAsAt a = plan_as_at(p, at);
    if (a.state == PlanState::kAgreed || a.state == PlanState::kUnderReview) open = &p;
    if (a.in_force != nullptr && *a.in_force->agreed_date >= latest_agreed) {
      latest_agreed = *a.in_force->agreed_date;
      in_force = &p;
    }
    if (a.in_force == nullptr) draft = &p;
  }
  return open ? open : in_force ? in_force : draft;
}

Result<std::unordered_map<int64_t, PlanState>> plan_states(Store& store, Date at) {
  auto plans = read_plans(store, std::nullopt, false);
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
    if (it != states.end() &&
        (it->second == PlanState::kAgreed || it->second == PlanState::kUnderReview))
      ++c.with_plan;
  }
  return c;
}

Result<std::vector<DueReview>> reviews_due(Store& store, const DueQuery& q) {
  auto plans = read_plans(store, std::nullopt, false);
  if (!plans.ok()) return plans.status();
  std::map<std::string, std::string> cluster_of;  // practice -> cluster
  Status s = for_each_practice(
      store, [&](const PracticeRecord& p) { cluster_of[p.code] = p.cluster_code; });
  if (!s.ok()) return s;
  const Date until = q.at.add_days(q.within_days);
  std::vector<DueReview> out;
  for (const CarePlan& p : *plans) {
    const PlanAsAt a = plan_as_at(p, q.at);
    if (a.state != PlanState::kAgreed && a.state != PlanState::kUnderReview) continue;
    if (!a.review_due || until < *a.review_due) continue;
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
