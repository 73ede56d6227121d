// Snapshot: an in-memory, columnar copy of the store's activity, built once
// from the store (and again after an import) and evaluated many times.
//
// Each kind of event is a set of parallel arrays (struct of arrays), with
// dimensions dictionary-encoded: practices, clusters, providers, admission
// methods and primary diagnoses are small integers into dictionaries. Dates
// are days since 1970-01-01, ages whole years at the event (255 when the
// person is not in the register). Each kind of event is sorted by its date,
// so the events of a period are one contiguous slice, and carries its
// person's practice, so breakdowns by cluster or practice never leave the
// event columns (10 million people do not fit in the CPU's caches). People are sorted by NHS number
// and events refer to them by index (-1: unlinked).
//
// Thread safety: immutable after build; safe to read from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "engine/column.h"
#include "store/store.h"

namespace bc {

inline constexpr int32_t kNoDate = INT32_MIN;
inline constexpr uint8_t kUnknownAge = 255;
inline constexpr int kOnsMaxAge = 90;  // ONS's last single year of age: 90 and over

// The kinds of activity data a figure can be computed from. A month counts
// as loaded for a source when the store holds rows of it dated in that
// month, or when an import declared that it covers the month (`bettercare
// import --covers`): a figure over a month not loaded is incomplete.
enum class DataSource {
  kSpells,
  kAeAttendances,
  kDelayedDays,
  kBedDays,
  kCareHomeAdmissions,
  kReablement,
  kCarePlans,     // every month from the first plan (or saved register) to the latest plan record
  kRegisters,     // months with a saved at-risk register
  kSpaReferrals,  // months with a referral received
};
inline constexpr size_t kDataSources = 9;
// The import kind's name: "spells", "ae_attendances", "bed_days", ...;
// "registers" for the saved registers.
std::string_view data_source_name(DataSource source);

struct Snapshot {
  // Dictionaries.
  std::vector<std::string> practice_codes, practice_names;
  std::vector<int16_t> practice_cluster;  // index into cluster_codes
  std::vector<std::string> cluster_codes, cluster_names;
  std::vector<std::string> provider_codes, provider_names;  // names as in providers.csv
  std::vector<std::string> methods;                         // admission method codes
  std::vector<std::string> diagnoses;                       // normalised primary ICD-10 codes
  std::vector<uint16_t> diagnosis_group;     // per diagnosis: its DiagnosisGroups index
  std::vector<std::string> secondary_lists;  // distinct secondary lists ("I10;W19"), "" first

  struct Persons {
    Column<int64_t> nhs;                     // sorted
    Column<int32_t> born, registered, died;  // died: kNoDate when alive
    Column<int16_t> practice;
    Column<char> sex;
    Column<uint16_t> rkey;  // record keys (engine/disclosure.h), for counts of people
  } persons;

  // Each registered person's recorded conditions (conditions.csv), grouped
  // by person: person i's are [offset[i], offset[i + 1]), in order of the
  // date recorded. `code` indexes core/conditions.h's all_conditions().
  // Conditions of NHS numbers not in the register are left out: they have
  // no practice, so no cluster and no register to be on.
  struct Conditions {
    Column<uint32_t> offset;  // persons + 1 entries
    Column<uint8_t> code;
    Column<int32_t> recorded;
  } conditions;

  struct Spells {
    Column<int32_t> admitted, discharged;  // discharged: kNoDate while in hospital
    Column<int32_t> person;                // -1: unlinked
    Column<int16_t> practice;              // the person's, beside the event: -1 unlinked
    Column<uint8_t> age, method, provider;
    Column<uint16_t> primary;    // into diagnoses
    Column<uint32_t> secondary;  // into secondary_lists
    Column<int64_t> cost_pence;  // 0 when not given
    Column<uint16_t> rkey;       // record keys (engine/disclosure.h)
  } spells;

  struct AeAttendances {
    Column<int32_t> arrived, person;
    Column<int16_t> practice;
    Column<uint8_t> age, department, provider;  // department 1..4
    Column<uint16_t> rkey;
  } ae;

  struct CareHomeAdmissions {
    Column<int32_t> admitted, person;
    Column<int16_t> practice;
    Column<uint8_t> age, permanent, nursing;
    Column<uint8_t> funder;  // 0 council, 1 nhs, 2 self, 3 other_la
    Column<uint16_t> rkey;
  } care_homes;

  struct Reablement {
    Column<int32_t> discharged, person;
    Column<int16_t> practice;
    Column<uint8_t> age, outcome;  // 0 at_home, 1 not_at_home, 2 died, 3 unknown
    Column<uint16_t> rkey;
  } reablement;

  // The cluster teams' measures (engine/care_plan_state.h). `registers`:
  // each person on a saved at-risk register at a month's end, dated the
  // month's last day, outcome 0 when a care plan is in force then, 1 when
  // not. `reviews`: each review a care plan fell due for, dated its due
  // day, outcome 0 on time, 1 late, 3 not yet known.
  struct PersonOutcomes {
    Column<int32_t> day, person;
    Column<int16_t> practice;
    Column<uint8_t> age, outcome;
    Column<uint16_t> rkey;
  } registers, reviews;

  // Referrals to the single point of access, by day received: the second
  // received (since 1970-01-01T00:00:00), the seconds it waited for triage
  // (-1: not yet triaged), urgency 0 urgent, 1 routine. known_to: the
  // latest moment any referral names, up to which an untriaged referral is
  // known to be waiting.
  struct SpaReferrals {
    Column<int32_t> received, person;
    Column<int16_t> practice;
    Column<uint8_t> age, urgency;
    Column<int64_t> received_at;
    Column<int32_t> triage_seconds;
    Column<uint16_t> rkey;
    int64_t known_to = 0;
  } spa;

  struct MonthlyByProvider {
    Column<int32_t> month;                  // YearMonth index
    Column<uint8_t> provider, org, reason;  // org and reason: delayed days only
    Column<int64_t> days;
  } delayed, bed_days;

  // metric id -> YearMonth index -> planned value
  std::map<std::string, std::map<int32_t, double>> plans;

  // The months loaded for each data source (YearMonth indexes, sorted).
  std::array<std::vector<int32_t>, kDataSources> loaded_months;
  bool loaded(DataSource source, YearMonth month) const;

  // ONS mid-year population estimates: year -> [0 male, 1 female][age 0..90].
  using OnsYear = std::array<std::array<int64_t, kOnsMaxAge + 1>, 2>;
  std::map<int, OnsYear> ons;

  int64_t events() const;
  // Bytes held by the event columns, for the memory budget.
  size_t event_bytes() const;
  // Everything: events, people and dictionaries.
  size_t total_bytes() const;

  // Index of a person by NHS number, or -1.
  int32_t find_person(int64_t nhs) const;

  // What the columns that are views point into (a snapshot file's mapping
  // or bytes read from it: engine/snapshot_file.h), kept alive with them.
  std::shared_ptr<const void> backing;
};

// Where build_snapshot may put each part of the snapshot as it is
// finished, named by its columns' prefix ("spells.", "persons.sex";
// engine/snapshot_columns.h): it may write those columns elsewhere and
// empty them (SnapshotFileWriter::spill), so that a large area's snapshot
// is never all in memory at once. An error stops the build.
using SnapshotSpill = std::function<Status(Snapshot&, std::string_view prefix)>;

// Builds a snapshot of everything in the store. Each event's record key
// (engine/disclosure.h) is made with the store's cell key (store.keys().cell,
// store/site_keys.h), so the CLI and the web application perturb alike.
// With a spill, the snapshot returned holds only the columns it left.
Result<std::unique_ptr<Snapshot>> build_snapshot(Store& store, const SnapshotSpill& spill = {});

// What a snapshot is built from, cheap to read: the latest batch that
// loaded a kind the snapshot reads, and the saved registers' fingerprint.
// It changes when a snapshot built now would differ, and not for batches of
// kinds the snapshot does not read (a board officer's one-row edit of the
// boards' business, say), so a holder of a snapshot rebuilds only when it
// must.
struct SnapshotSources {
  int64_t batch = 0;
  std::string registers;
  bool operator==(const SnapshotSources&) const = default;
};
Result<SnapshotSources> snapshot_sources(Store& store);

}  // namespace bc
