// What a snapshot holds (its sizes, its people by NHS number, the names of
// its data sources) and what it is built from (snapshot_sources); the
// building itself is engine/snapshot.cc.
#include <algorithm>

#include "engine/snapshot.h"
#include "engine/snapshot_columns.h"
#include "ingest/import_history.h"
#include "ingest/register_months.h"
#include "store/db.h"

namespace bc {

std::string_view data_source_name(DataSource source) {
  switch (source) {
    case DataSource::kSpells:
      return "spells";
    case DataSource::kAeAttendances:
      return "ae_attendances";
    case DataSource::kDelayedDays:
      return "delayed_days";
    case DataSource::kBedDays:
      return "bed_days";
    case DataSource::kCareHomeAdmissions:
      return "care_home_admissions";
    case DataSource::kReablement:
      return "reablement";
    case DataSource::kCarePlans:
      return "care_plans";
    case DataSource::kRegisters:
      return "registers";
    case DataSource::kSpaReferrals:
      return "spa_referrals";
  }
  return "";
}

bool Snapshot::loaded(DataSource source, YearMonth month) const {
  const auto& v = loaded_months[static_cast<size_t>(source)];
  return std::binary_search(v.begin(), v.end(), month.index());
}

size_t Snapshot::total_bytes() const {
  auto strings = [](const std::vector<std::string>& v) {
    size_t b = v.capacity() * sizeof(std::string);
    for (const auto& x : v) b += x.capacity() > 15 ? x.capacity() : 0;
    return b;
  };
  size_t b = 0;
  snapshot_internal::for_each_column(*this,
                                     [&](const char*, const auto& c, bool) { b += c.bytes(); });
  b += strings(practice_codes) + strings(practice_names) + strings(cluster_codes) +
       strings(cluster_names) + strings(provider_codes) + strings(provider_names) +
       strings(methods) + strings(diagnoses) + strings(secondary_lists) +
       diagnosis_group.capacity() * sizeof(uint16_t) +
       practice_cluster.capacity() * sizeof(int16_t);
  return b;
}

int32_t Snapshot::find_person(int64_t nhs) const {
  auto it = std::lower_bound(persons.nhs.begin(), persons.nhs.end(), nhs);
  if (it == persons.nhs.end() || *it != nhs) return -1;
  return static_cast<int32_t>(it - persons.nhs.begin());
}

int64_t Snapshot::events() const {
  return static_cast<int64_t>(spells.admitted.size() + ae.arrived.size() +
                              care_homes.admitted.size() + reablement.discharged.size() +
                              delayed.month.size() + registers.day.size() + reviews.day.size() +
                              spa.received.size());
}

size_t Snapshot::event_bytes() const {
  size_t b = 0;
  snapshot_internal::for_each_column(*this, [&](const char*, const auto& c, bool is_event) {
    if (is_event) b += c.bytes();
  });
  return b;
}

// The kinds build_snapshot's steps read: a step that starts reading
// another kind adds it here, or snapshots held by the web application go
// stale after imports of it (SnapshotSources.ChangesOnlyForTheKindsItReads).
constexpr FileKind kSnapshotKinds[] = {
    FileKind::kPractices,    FileKind::kProviders,          FileKind::kPopulation,
    FileKind::kPersons,      FileKind::kConditions,         FileKind::kPlans,
    FileKind::kSpells,       FileKind::kAeAttendances,      FileKind::kDelayedDays,
    FileKind::kBedDays,      FileKind::kCareHomeAdmissions, FileKind::kReablement,
    FileKind::kCarePlans,    FileKind::kCarePlanActions,    FileKind::kCarePlanReviews,
    FileKind::kSpaReferrals,
};

Result<SnapshotSources> snapshot_sources(Store& store) {
  ReadTransaction read(store.db());
  auto batch = latest_batch_of(store, kSnapshotKinds);
  if (!batch.ok()) return batch.status();
  auto registers = saved_registers_version(store);
  if (!registers.ok()) return registers.status();
  return SnapshotSources{*batch, std::move(*registers)};
}

}  // namespace bc
