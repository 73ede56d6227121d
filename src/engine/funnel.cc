#include "engine/funnel.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>

#include "core/age.h"
#include "engine/population.h"

namespace bc {
namespace {

constexpr int64_t kFewestRegistered = 8;  // fewer: no rate (see the header)

// Registered people of ages [min_age, max_age] on `on`, by the group key
// of `by` (a cluster's or practice's code); the area's total in `*all`.
std::map<std::string, int64_t> registered_by_group(const Snapshot& s, DimId by, Date on,
                                                   int min_age, std::optional<int> max_age,
                                                   int64_t* all) {
  std::map<std::string, int64_t> out;
  const auto& p = s.persons;
  const int32_t youngest_born_by = born_by(on, min_age);
  const int32_t oldest_born_after =
      max_age ? born_by(on, *max_age + 1) : std::numeric_limits<int32_t>::min();
  *all = 0;
  for (size_t i = 0; i < p.nhs.size(); ++i) {
    if (!registered_on(p, i, on.days())) continue;
    if (p.born[i] > youngest_born_by || p.born[i] <= oldest_born_after) continue;
    *all += 1;
    const int16_t practice = p.practice[i];
    if (practice < 0) continue;
    const auto at = static_cast<size_t>(practice);
    if (by == DimId::kPractice) {
      out[s.practice_codes[at]] += 1;
    } else if (const int16_t cluster = s.practice_cluster[at]; cluster >= 0) {
      out[s.cluster_codes[static_cast<size_t>(cluster)]] += 1;
    }
  }
  return out;
}

std::optional<double> shown_count(const MetricRow& r) {
  if (r.suppressed || !r.value || !std::isfinite(*r.value)) return std::nullopt;
  return r.value;
}

}  // namespace

std::string_view funnel_position_words(FunnelPosition p) {
  switch (p) {
    case FunnelPosition::kWithin:
      return "within the limits";
    case FunnelPosition::kHigh95:
      return "above the 95% limit";
    case FunnelPosition::kHigh998:
      return "above the 99.8% limit";
    case FunnelPosition::kLow95:
      return "below the 95% limit";
    case FunnelPosition::kLow998:
      return "below the 99.8% limit";
  }
  return "";
}

std::string Funnel::population_label() const {
  std::string ages;
  if (max_age) {
    ages = fmt::format(" aged {} to {}", min_age, *max_age);
  } else if (min_age > 0) {
    ages = fmt::format(" aged {} and over", min_age);
  }
  return fmt::format("registered people{} on {}", ages, on.iso());
}

double Funnel::limit(double n, double z) const {
  if (!per_1000 || n <= 0) return 0;
  const double theta = *per_1000 / 1000;  // events per person
  return std::max(0.0, (theta + z * std::sqrt(theta / n)) * 1000);
}

bool funnel_applies(const MetricDef& m, DimId by) {
  return (by == DimId::kCluster || by == DimId::kPractice) && m.kind == MetricKind::kCount &&
         m.unit == MetricUnit::kCount && !m.sum_cost;
}

Funnel funnel_of(const Snapshot& snap, const MetricDef& m, DimId by, const Period& period,
                 const std::vector<MetricRow>& rows, const MetricRow& headline) {
  Funnel f;
  f.by = by;
  f.on = period.mid_point();
  f.min_age = m.filter.min_age.value_or(0);
  f.max_age = m.filter.max_age;
  const auto registered = registered_by_group(snap, by, f.on, f.min_age, f.max_age, &f.registered);
  f.count = shown_count(headline);
  if (f.count && f.registered >= kFewestRegistered) f.per_1000 = *f.count / f.registered * 1000;
  for (const MetricRow& r : rows) {
    FunnelGroup g;
    if (const GroupValue* v = r.on(by)) g.key = v->value;
    if (g.key) {
      auto it = registered.find(*g.key);
      g.registered = it == registered.end() ? 0 : it->second;
    }
    g.count = shown_count(r);
    if (g.count && g.registered >= kFewestRegistered) {
      g.per_1000 = *g.count / static_cast<double>(g.registered) * 1000;
      if (f.per_1000) {
        const double n = static_cast<double>(g.registered);
        const double rate = *g.per_1000;
        g.position = rate > f.limit(n, kFunnelZ998)    ? FunnelPosition::kHigh998
                     : rate > f.limit(n, kFunnelZ95)   ? FunnelPosition::kHigh95
                     : rate < f.limit(n, -kFunnelZ998) ? FunnelPosition::kLow998
                     : rate < f.limit(n, -kFunnelZ95)  ? FunnelPosition::kLow95
                                                       : FunnelPosition::kWithin;
      }
    }
    f.groups.push_back(std::move(g));
  }
  return f;
}

}  // namespace bc
