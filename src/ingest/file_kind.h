// The file kinds of the import contract (DATA_FORMATS.md, version 2), and
// bettercare's own additions to it (population, docs/data-formats.md).
//
// Each kind has a name (also its file name without ".csv"), its columns
// (the column table of its group file, ingest/kinds_*.cc: name, required
// or optional, how a field is read, the store column it loads) and its
// place in the import order: within a
// batch, reference data is loaded before what refers to it, so practices
// come before persons and schemes before budgets, whatever order the files
// were named in.
//
// Thread safety: immutable data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
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
  kCarePlans,
  kCarePlanActions,
  kCarePlanReviews,
  kSpaReferrals,
  kBoardMembers,
  kMeetings,
  kAgendaItems,
  kAttendance,
  kDeclarations,
  kInterests,
  kActions,
  kWorkstreams,
  kMilestones,
  kKeyMeasures,
  kMeasureValues,
  kSavings,
  kQualityEvents,
  kPlacements,
};

// How a column's fields are read and checked: one typed reader of
// ingest/row.h each, which records "file:line: column: value: reason" for a
// field it refuses. The value stored is the reader's, in the store's form
// (dates ISO text, money integer pence, an NHS number its 10 digits as an
// integer, a choice its canonical spelling).
enum class FieldType {
  kId,             // an identifier: 1..64 characters, no blanks or controls
  kText,           // text of at most max_chars characters
  kOdsCode,        // an ODS organisation code
  kNhsNumber,      // a valid NHS number
  kDate,           // YYYY-MM-DD
  kDateTime,       // YYYY-MM-DDTHH:MM[:SS]
  kMonth,          // YYYY-MM
  kFinancialYear,  // 2017/18
  kMoney,          // pounds, at most two decimals: stored as pence
  kInteger,        // a whole number from lo to hi
  kNumber,         // a decimal number (plans)
  kChoice,         // one of `choices`, matched case-insensitively
  kCustom,         // read by the kind's own code (ingest/kinds_*.cc)
};

// A column whose codes must already be loaded: in the store, or in an
// earlier file of the same batch.
struct Reference {
  std::string_view table;   // "providers"
  std::string_view column;  // "provider_code"
  std::string_view what;    // "provider", for "no such provider"
};

// One column of a kind: the whole of what the import contract says about
// it, from which the header check, the field's reading and checking, the
// INSERT and the duplicate message are all derived. Adding a column to a
// kind is one more of these (and a migration for its store column).
struct ColumnSpec {
  std::string_view name;  // the CSV header, lower case
  bool required = false;
  FieldType type = FieldType::kText;
  std::string_view store;  // the store table's column it loads; "" for none
  bool key = false;        // part of what identifies a record (the upsert's conflict key)
  bool dates_row = false;  // the kind's main date, for the file's date range
  size_t max_chars = 200;  // kText
  int64_t lo = 0, hi = 0;  // kInteger
  std::span<const std::string_view> choices = {};  // kChoice
  const Reference* reference = nullptr;            // checked once the row is read
  // A required column that may be empty in an input made from FHIR
  // (ImportInput::unregistered_people): persons' practice_code, for people
  // registered with no GP practice.
  bool empty_when_unregistered = false;
};

struct KindSpec {
  FileKind kind;
  std::string_view name;   // "spells": the --kind value and the file name stem
  std::string_view table;  // the store table it loads
  std::span<const ColumnSpec> columns;
  bool about_a_person;  // rows carry an NHS number (unlinked ones are counted)
  // Dated events or monthly counts (spells ... reablement): the kinds for
  // which a month counts as loaded, and which `import --covers` applies to.
  bool activity;
};

// What identifies a record of the kind, for messages: its key columns,
// "spell_id" or "month, provider_code and reason".
std::string key_description(const KindSpec& spec);

// Every kind, in import order.
std::span<const KindSpec> all_kinds();
const KindSpec& spec_of(FileKind kind);
// The kind named (case-insensitive), e.g. "ae_attendances".
std::optional<FileKind> kind_from_name(std::string_view name);
// The kind a file's name implies: "spells.csv", or the kind's name followed
// by '_', '-' or '.' and anything, ending ".csv" ("spells_2018-03.csv").
std::optional<FileKind> kind_from_path(std::string_view path);

}  // namespace bc
