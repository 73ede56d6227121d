#include "engine/care_plan_state.h"

#include <algorithm>
#include <climits>
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

std::vector<ReviewDue> review_dues(const CarePlan& plan, Date known_to) {
  // The plan's events in date order; on one day a review comes before an
  // agreement (the review asked for the change), and closing comes last.
  enum Kind { kReview = 0, kAgreed = 1, kClosed = 2 };
  struct Event {
    Date day;
    Kind kind;
    std::optional<Date> next;  // the review date it sets
    bool closes = false;
  };
  std::vector<Event> events;
  for (const CarePlanRecord& v : plan.versions) {
    if (v.status == "draft") continue;
    if (auto d = date_of(v.agreed_date)) events.push_back({*d, kAgreed, date_of(v.review_due)});
    if (v.status == "closed") {
      if (auto d = date_of(v.closed_date)) events.push_back({*d, kClosed, std::nullopt, true});
    }
  }
  for (const CarePlanReviewRecord& r : plan.reviews) {
    if (auto d = Date::parse(r.review_date); d.ok())
      events.push_back({*d, kReview, date_of(r.next_review_due), r.outcome == "closed"});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::tie(a.day, a.kind) < std::tie(b.day, b.kind);
  });

  std::vector<ReviewDue> out;
  // The review date in force (a plain flag beside it: GCC 12 warns of an
  // optional<Date> here).
  Date due;
  bool has_due = false, agreed = false;
  for (const Event& e : events) {
    if (e.kind != kAgreed && !agreed) continue;  // not yet in force: nothing is due
    if (has_due && due < e.day) {                // the date passed first
      out.push_back({due, ReviewTimeliness::kLate});
      has_due = false;
    }
    if (e.kind == kReview && has_due) out.push_back({due, ReviewTimeliness::kOnTime});
    if (e.kind != kClosed) {
      agreed = true;
      has_due = e.next.has_value();
      if (has_due) due = *e.next;
    }
    if (e.closes) return out;  // nothing falls due once closed
  }
  if (has_due)
    out.push_back({due, due < known_to ? ReviewTimeliness::kLate : ReviewTimeliness::kNotYetKnown});
  return out;
}

std::string latest_known_day(const CarePlan& p) {
  std::string latest;
  for (const CarePlanRecord& v : p.versions) {
    if (v.agreed_date && *v.agreed_date > latest) latest = *v.agreed_date;
    if (v.closed_date && *v.closed_date > latest) latest = *v.closed_date;
  }
  for (const CarePlanReviewRecord& r : p.reviews) latest = std::max(latest, r.review_date);
  return latest;
}

std::optional<Date> care_plans_known_to(const std::vector<CarePlan>& plans) {
  std::string latest;
  for (const CarePlan& p : plans) latest = std::max(latest, latest_known_day(p));
  return latest.empty() ? std::nullopt : date_of(latest);
}

std::vector<std::pair<int32_t, int32_t>> in_force_spans(const CarePlan& plan) {
  std::vector<Date> days;
  auto add = [&](const std::optional<std::string>& iso) {
    if (auto d = date_of(iso)) days.push_back(*d);
  };
  for (const CarePlanRecord& v : plan.versions) add(v.agreed_date), add(v.closed_date);
  for (const CarePlanReviewRecord& r : plan.reviews) add(r.review_date);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::vector<std::pair<int32_t, int32_t>> spans;
  for (size_t i = 0; i < days.size(); ++i) {
    if (!plan_in_force(plan_as_at(plan, days[i]).state)) continue;
    const int32_t from = days[i].days();
    const int32_t to = i + 1 < days.size() ? days[i + 1].days() : INT32_MAX;
    if (!spans.empty() && spans.back().second == from)
      spans.back().second = to;
    else
      spans.push_back({from, to});
  }
  return spans;
}

Result<std::vector<CarePlan>> read_care_plans(Store& store, std::optional<int64_t> nhs,
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

Status for_each_plan_with_reviews(Store& store, const std::function<void(const CarePlan&)>& each) {
  CarePlan plan;
  return for_each_care_plan_with_reviews(store, [&](std::vector<CarePlanRecord>& versions,
                                                    std::vector<CarePlanReviewRecord>& reviews) {
    plan.plan_id = versions.front().plan_id;
    plan.nhs_number = versions.front().nhs_number;
    plan.versions.swap(versions);
    plan.reviews.swap(reviews);
    each(plan);
  });
}

}  // namespace bc
