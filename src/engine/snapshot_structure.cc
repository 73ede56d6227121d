// The structure check of a snapshot read from a file (snapshot_columns.h).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <string>

#include "core/conditions.h"
#include "core/dtoc_codes.h"
#include "engine/snapshot_columns.h"

namespace bc::snapshot_internal {

Status check_structure(const Snapshot& s) {
  auto in_range = [](const auto& col, int64_t lo, int64_t hi) {
    return std::all_of(col.begin(), col.end(),
                       [&](auto v) { return int64_t{v} >= lo && int64_t{v} < hi; });
  };
  auto sorted = [](const auto& col) { return std::is_sorted(col.begin(), col.end()); };
  const auto persons = static_cast<int64_t>(s.persons.nhs.size());
  const auto practices = static_cast<int64_t>(s.practice_codes.size());
  const auto providers = static_cast<int64_t>(s.provider_codes.size());
  std::string bad;
  auto need = [&](bool ok, std::string_view what) {
    if (!ok && bad.empty()) bad = what;
  };
  need(s.practice_names.size() == s.practice_codes.size() &&
           s.practice_cluster.size() == s.practice_codes.size() &&
           s.cluster_names.size() == s.cluster_codes.size() &&
           s.provider_names.size() == s.provider_codes.size() && !s.secondary_lists.empty(),
       "dictionaries");
  need(in_range(s.practice_cluster, 0, static_cast<int64_t>(s.cluster_codes.size())), "clusters");
  need(std::adjacent_find(s.persons.nhs.begin(), s.persons.nhs.end(), std::greater_equal<>()) ==
           s.persons.nhs.end(),
       "persons.nhs");
  need(in_range(s.persons.practice, -1, practices), "persons.practice");
  const auto& c = s.conditions;
  const bool no_conditions = c.offset.empty() && c.code.empty();
  need(no_conditions ||
           (static_cast<int64_t>(c.offset.size()) == persons + 1 && c.offset.front() == 0 &&
            c.offset.back() == c.code.size() && sorted(c.offset)),
       "conditions.offset");
  need(in_range(c.code, 0, static_cast<int64_t>(all_conditions().size())), "conditions.code");
  auto people = [&](const auto& e, const char* name) {
    need(in_range(e.person, -1, persons), name);
    need(in_range(e.practice, -1, practices), name);
  };
  const auto& sp = s.spells;
  people(sp, "spells");
  need(sorted(sp.admitted), "spells.admitted");
  need(in_range(sp.method, 0, static_cast<int64_t>(s.methods.size())), "spells.method");
  need(in_range(sp.provider, 0, providers), "spells.provider");
  need(in_range(sp.primary, 0, static_cast<int64_t>(s.diagnoses.size())), "spells.primary");
  need(in_range(sp.secondary, 0, static_cast<int64_t>(s.secondary_lists.size())),
       "spells.secondary");
  people(s.ae, "ae");
  need(sorted(s.ae.arrived), "ae.arrived");
  need(in_range(s.ae.provider, 0, providers) && in_range(s.ae.department, 0, 5), "ae");
  const auto& ch = s.care_homes;
  people(ch, "care_homes");
  need(sorted(ch.admitted) && in_range(ch.funder, 0, 4) && in_range(ch.permanent, 0, 2) &&
           in_range(ch.nursing, 0, 2),
       "care_homes");
  people(s.reablement, "reablement");
  need(sorted(s.reablement.discharged) && in_range(s.reablement.outcome, 0, 4), "reablement");
  for (const auto* o : {&s.registers, &s.reviews}) {
    people(*o, "registers and reviews");
    need(sorted(o->day) && in_range(o->outcome, 0, 4), "registers and reviews");
  }
  people(s.spa, "spa");
  need(sorted(s.spa.received) && in_range(s.spa.urgency, 0, 2), "spa");
  for (const auto* m : {&s.delayed, &s.bed_days}) {
    need(in_range(m->provider, 0, providers), "delayed and bed days");
    need(in_range(m->org, 0, std::size(kDtocAgencies) + 1), "delayed.org");
    need(in_range(m->reason, 0, std::size(kDtocReasons) + 1), "delayed.reason");
  }
  if (!bad.empty()) return Status::invalid_data(fmt::format("its {} are out of range", bad));
  return Status();
}

}  // namespace bc::snapshot_internal
