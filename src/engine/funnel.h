// Funnel plots: a count broken down by cluster or practice, as a rate per
// 1,000 registered people, against the area's rate and the limits within
// which chance alone keeps a group of that size (Spiegelhalter, "Funnel
// plots for comparing institutional performance", Statistics in Medicine
// 2005). A big cluster and a small one can then be compared fairly: the
// small one's rate wanders further by chance, and the funnel widens for it.
//
// Each group's denominator is its registered people of the metric's ages
// (its filter's min_age and max_age) on the period's middle day
// (population.h). The area's rate is the headline count over everyone
// registered of those ages. Under the area's rate θ per person, a group of
// n people has a Poisson count of mean θn, so its rate lies within
// θ ± z·√(θ/n) (the normal approximation; z = 1.96 for 95% and 3.09 for
// 99.8%) unless something other than chance is at work.
//
// Disclosure: the counts are the rows' (perturbed outside the care team,
// engine/disclosure.h), so a group whose count is hidden has no rate. A
// group of 1 to 7 registered people has no rate for anyone: it would say
// nothing and could point at a person.
//
// Thread safety: pure functions of an immutable snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "engine/dimensions.h"
#include "engine/metric_def.h"
#include "engine/metric_row.h"
#include "engine/snapshot.h"

namespace bc {

inline constexpr double kFunnelZ95 = 1.959964;
inline constexpr double kFunnelZ998 = 3.090232;

// Where a group's rate lies against the area's limits.
enum class FunnelPosition { kWithin, kHigh95, kHigh998, kLow95, kLow998 };

// "within the limits", "above the 95% limit", "above the 99.8% limit" ...
std::string_view funnel_position_words(FunnelPosition p);

struct FunnelGroup {
  std::optional<std::string> key;  // the cluster's or practice's code
  int64_t registered = 0;          // its registered people of the metric's ages
  std::optional<double> count;     // the row's count; none when hidden
  std::optional<double> per_1000;  // none when hidden or no one is registered
  std::optional<FunnelPosition> position;
};

struct Funnel {
  DimId by = DimId::kCluster;
  Date on;          // the day the registered people are counted
  int min_age = 0;  // the metric's ages
  std::optional<int> max_age;
  int64_t registered = 0;           // the area's registered people of those ages
  std::optional<double> count;      // the area's (headline) count
  std::optional<double> per_1000;   // the area's rate: the centre line
  std::vector<FunnelGroup> groups;  // one per row, in the rows' order

  // "registered people aged 65 and over on 2017-09-30".
  std::string population_label() const;
  // The limit per 1,000 for a group of `registered` people, `z` standard
  // errors above (z > 0) or below (z < 0) the area's rate; never below 0.
  // Without an area rate, 0.
  double limit(double registered, double z) const;
};

// Whether a metric's breakdown by `by` can be shown per 1,000 registered
// people: a count of people or events (not a cost, rate or percentage) by
// cluster or by practice.
bool funnel_applies(const MetricDef& m, DimId by);

// The funnel of `rows` (the metric broken down by `by` alone over `period`)
// against `headline` (the same query without a breakdown).
Funnel funnel_of(const Snapshot& snap, const MetricDef& m, DimId by, const Period& period,
                 const std::vector<MetricRow>& rows, const MetricRow& headline);

}  // namespace bc
