// The file kinds of the import contract (DATA_FORMATS.md, version 1), and
// bettercare's own additions to it (population, docs/data-formats.md).
//
// Each kind has a name (also its file name without ".csv"), its columns
// (required or optional) and its place in the import order: within a
// batch, reference data is loaded before what refers to it, so practices
// come before persons and schemes before budgets, whatever order the files
// were named in.
//
// Thread safety: immutable data.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace bc {

enum class FileKind {
  kPartners,
  kPractices,
  kProviders,
  kPopulation,
  kPersons,
  kConditions,
  kSchemes,
  kBudgets,
  kLedger,
  kPlans,
  kSpells,
  kAeAttendances,
  kDelayedDays,
  kBedDays,
  kCareHomeAdmissions,
  kReablement,
};

struct ColumnSpec {
  std::string_view name;
  bool required;
};

struct KindSpec {
  FileKind kind;
  std::string_view name;   // "spells": the --kind value and the file name stem
  std::string_view table;  // the store table it loads
  std::span<const ColumnSpec> columns;
  std::string_view key;  // what identifies a record, for messages: "spell_id"
  bool about_a_person;   // rows carry an NHS number (unlinked ones are counted)
  // Dated events or monthly counts (spells ... reablement): the kinds for
  // which a month counts as loaded, and which `import --covers` applies to.
  bool activity;
};

// Every kind, in import order.
std::span<const KindSpec> all_kinds();
const KindSpec& spec_of(FileKind kind);
// The kind named (case-insensitive), e.g. "ae_attendances".
std::optional<FileKind> kind_from_name(std::string_view name);
// The kind a file's name implies: "spells.csv", or the kind's name followed
// by '_', '-' or '.' and anything, ending ".csv" ("spells_2018-03.csv").
std::optional<FileKind> kind_from_path(std::string_view path);

}  // namespace bc
