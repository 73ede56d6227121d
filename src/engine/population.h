// The registered population on a day: people born on or before it,
// registered with a practice on or before it and not yet dead, counted by
// age band (age on that day) and by cluster. The same rule is the
// denominator of every rate per 100,000 (evaluate.h).
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/age.h"
#include "core/date.h"
#include "engine/snapshot.h"

namespace bc {

// True when person i of the snapshot is alive and registered on `day`.
inline bool registered_on(const Snapshot::Persons& p, size_t i, int32_t day) {
  return p.born[i] <= day && p.registered[i] <= day && (p.died[i] == kNoDate || p.died[i] > day);
}

struct PopulationCount {
  Date on;
  std::array<int64_t, kAgeBandCount> by_age_band{};
  std::vector<int64_t> by_cluster;  // indexed like Snapshot::cluster_codes
  int64_t total = 0;
};

PopulationCount registered_population(const Snapshot& snap, Date on);

}  // namespace bc
