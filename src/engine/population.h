// Populations: who a rate per 100,000 divides by.
//
// The registered population on a day is the people born on or before it,
// registered with a practice on or before it and not yet dead. The ONS
// mid-year estimate (population.csv) is the resident population by single
// year of age (90 = 90 and over) and sex.
//
// A rate for the whole area divides by the ONS estimate of the year its
// financial year starts in (2017/18 -> mid-2017), as the national measures
// do; when that year is not loaded, by the nearest year that is (the
// earlier when two are as near); when no estimate is loaded at all, by the
// registered population at the period's mid-point. Clusters and practices
// are made of registered people, so their rates always divide by the
// registered population. Every rate says which it used (PopulationBasis).
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
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

// Which population a rate divided by.
struct PopulationBasis {
  std::optional<int> ons_year;          // the estimate used; none: the registered population
  int wanted_year = 0;                  // the year the financial year starts in
  Date registered_on;                   // the day of the registered count, when used
  bool registered_by_practice = false;  // registered because the rate is per cluster or practice

  // "ONS mid-2017", "ONS mid-2017 (mid-2018 not loaded)", "registered
  // population on 2017-09-30 (no ONS estimate loaded)", "registered
  // population on 2017-09-30 (a cluster or practice)".
  std::string label() const;
};

// The basis of an area-wide rate for a span whose mid-point is `mid`.
PopulationBasis area_population_basis(const Snapshot& snap, Date mid);

// The ONS population of ages [min_age, max_age] (no maximum: 90 and over
// included) of `year`, for sex 'M', 'F' or both (0). 0 when the year is not
// loaded.
int64_t ons_population(const Snapshot& snap, int year, int min_age, std::optional<int> max_age,
                       char sex = 0);

// Born on or before this day <=> aged `age` or more on `on` (someone born on
// 29 February turns a year older on the 28th in other years).
int32_t born_by(Date on, int age);

}  // namespace bc
