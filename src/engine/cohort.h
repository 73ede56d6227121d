// The people behind a count: everyone with at least one of a metric's events
// in a period (everyone with an emergency admission in 2017/18, say), with
// how many each had. The events are the metric's own, counted by the same
// scan as its figures (engine/tally.h), so the list always adds up to the
// metric's count of linked people's events.
//
// Only counts of people's events have a cohort (cohort_applies): not a
// cost, a rate, a percentage, or delayed days (a return by provider).
// Events of NHS numbers not in the persons register belong to no one on
// the list; `unlinked` says how many there were.
//
// Who may see the list, and in which form, is the caller's business: the
// web gives analysts pseudonyms (web/person_access.h).
//
// Thread safety: pure functions of an immutable snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"

namespace bc {

struct CohortMember {
  int32_t person = 0;  // index into the snapshot's persons
  int64_t events = 0;  // the metric's events of theirs in the period
};

struct Cohort {
  std::vector<CohortMember> members;  // most events first, then in person order
  int64_t events = 0;                 // the members' events together
  int64_t unlinked = 0;               // events of NHS numbers not registered here
};

bool cohort_applies(const MetricDef& m);

// The cohort of metric m over `period`; with `cluster`, only the people
// whose practice is in that cluster (and no unlinked events).
Cohort cohort_of(const Snapshot& snap, const MetricDef& m, const Period& period,
                 const std::optional<std::string>& cluster = std::nullopt);

}  // namespace bc
