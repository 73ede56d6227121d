#include "engine/population.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace bc {

PopulationCount registered_population(const Snapshot& s, Date on) {
  PopulationCount c;
  c.on = on;
  c.by_cluster.assign(s.cluster_codes.size(), 0);
  const auto& p = s.persons;
  const int32_t day = on.days();
  for (size_t i = 0; i < p.nhs.size(); ++i) {
    if (!registered_on(p, i, day)) continue;
    int age = age_at(Date::from_days(p.born[i]), on);
    c.by_age_band[static_cast<size_t>(age_band_of(age))] += 1;
    int16_t practice = p.practice[i];
    if (practice >= 0) {
      int16_t cluster = s.practice_cluster[static_cast<size_t>(practice)];
      if (cluster >= 0) c.by_cluster[static_cast<size_t>(cluster)] += 1;
    }
    c.total += 1;
  }
  return c;
}

std::string PopulationBasis::label() const {
  if (!ons_year) {
    return fmt::format("registered population on {} ({})", registered_on.iso(),
                       registered_by_practice ? "a cluster or practice" : "no ONS estimate loaded");
  }
  if (*ons_year == wanted_year) return fmt::format("ONS mid-{}", *ons_year);
  return fmt::format("ONS mid-{} (mid-{} not loaded)", *ons_year, wanted_year);
}

PopulationBasis area_population_basis(const Snapshot& s, Date mid) {
  PopulationBasis b;
  // The financial year containing the mid-point starts in April of ...
  b.wanted_year = mid.month() >= 4 ? mid.year() : mid.year() - 1;
  b.registered_on = mid;
  for (const auto& [year, counts] : s.ons) {
    (void)counts;
    if (!b.ons_year || std::abs(year - b.wanted_year) < std::abs(*b.ons_year - b.wanted_year))
      b.ons_year = year;  // the map is in order: ties keep the earlier year
  }
  return b;
}

int64_t ons_population(const Snapshot& s, int year, int min_age, std::optional<int> max_age,
                       char sex) {
  auto it = s.ons.find(year);
  if (it == s.ons.end()) return 0;
  const int lo = std::clamp(min_age, 0, kOnsMaxAge);
  const int hi = max_age ? std::clamp(*max_age, 0, kOnsMaxAge) : kOnsMaxAge;
  int64_t total = 0;
  for (int k = 0; k < 2; ++k) {
    if ((sex == 'M' && k != 0) || (sex == 'F' && k != 1)) continue;
    for (int a = lo; a <= hi; ++a)
      total += it->second[static_cast<size_t>(k)][static_cast<size_t>(a)];
  }
  return total;
}

int32_t born_by(Date on, int age) {
  const int year = on.year() - age;
  return Date::from_ymd(year, on.month(), std::min(on.day(), days_in_month(year, on.month())))
      ->days();
}

}  // namespace bc
