#include "engine/cohort.h"

#include <algorithm>

#include "engine/tally.h"

namespace bc {

bool cohort_applies(const MetricDef& m) {
  return m.kind == MetricKind::kCount && m.unit == MetricUnit::kCount && !m.sum_cost &&
         engine::applies(m.source, DimId::kPerson);
}

Cohort cohort_of(const Snapshot& snap, const MetricDef& m, const Period& period,
                 const std::optional<std::string>& cluster) {
  Cohort c;
  if (!cohort_applies(m)) return c;
  const engine::TimeAxis axis = engine::TimeAxis::of(period);
  const engine::Breakdown b(snap, period, axis, {engine::make_dim(DimId::kPerson, snap, axis)});
  engine::Tally t(b.cells(), false);
  engine::tally_events(snap, m, b, t);
  std::optional<int16_t> wanted;
  if (cluster) {
    auto it = std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), *cluster);
    if (it == snap.cluster_codes.end()) return c;
    wanted = static_cast<int16_t>(it - snap.cluster_codes.begin());
  }
  const size_t people = snap.persons.nhs.size();
  for (size_t i = 0; i < people; ++i) {
    const auto n = static_cast<int64_t>(t.num[i]);
    if (n <= 0) continue;
    if (wanted) {
      const int16_t practice = snap.persons.practice[i];
      if (practice < 0 || snap.practice_cluster[static_cast<size_t>(practice)] != *wanted) continue;
    }
    c.members.push_back({static_cast<int32_t>(i), n});
    c.events += n;
  }
  if (!wanted) c.unlinked = static_cast<int64_t>(t.num[people]);
  std::stable_sort(
      c.members.begin(), c.members.end(),
      [](const CohortMember& a, const CohortMember& z) { return a.events > z.events; });
  return c;
}

}  // namespace bc
