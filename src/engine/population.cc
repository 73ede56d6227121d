#include "engine/population.h"

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

}  // namespace bc
