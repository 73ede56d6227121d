// Importing a batch of files of the contract into the store.
//
// An import is all or nothing: every file of the batch is read, every row
// checked against the contract, and only if no row of any file has a
// problem is anything written: the whole batch commits in one transaction
// or the store is left exactly as it was. Every problem is reported as
// "file:line: column: value: reason" (up to a limit, then counted), not just
// the first. Re-importing a record with an id already in the store replaces
// it; the same id twice in one batch is an error. Each committed batch is
// recorded with its files' SHA-256, sizes and row counts, and with the
// months its activity files were declared to cover, if they were.
//
// Memory does not grow with file size: rows stream from a CsvReader into
// prepared statements, and duplicates within a batch are found through the
// batch id each stored row carries.
//
// Thread safety: one import at a time per Store; SQLite serialises writers
// from several processes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ingest/file_kind.h"
#include "store/store.h"

namespace bc {

struct ImportInput {
  std::string path;
  FileKind kind;
  // The file's bytes when they are not read from `path`: a plan typed in
  // the web application or the CLI is imported as a small CSV made in
  // memory, so it passes exactly the rules an imported file does. `path`
  // then only names it in the report and the import history.
  std::optional<std::string> content = std::nullopt;
  // A persons input made from FHIR Patients (ingest/fhir.h): a person
  // with no GP practice is kept with an empty practice_code (in no
  // practice and no cluster). A persons.csv must name a practice.
  bool unregistered_people = false;
};

// One problem with the input, located as precisely as the input allows.
struct Problem {
  std::string file;
  int64_t line = 0;
  std::string column;  // a column name, or "(header)", "(row)", "(file)"
  std::string value;   // printable; "(empty)" or "(missing)" when there is none
  std::string reason;
  // Where in the file when it is not a line: "entry[3]", a FHIR Bundle's
  // fourth entry (ingest/fhir.h). Empty: the line locates it.
  std::string place = {};

  // "file:line: column: value: reason" (or "file:entry[3]: ...")
  std::string to_string() const;
};

struct FileReport {
  std::string path;
  FileKind kind;
  std::string sha256;  // hex
  uint64_t bytes = 0;
  int64_t rows_read = 0;
  int64_t inserted = 0;
  int64_t replaced = 0;
  std::optional<int64_t> unlinked;  // kinds about a person only
  std::string first_date;           // the range of the kind's main date, "" if none
  std::string last_date;
  // The months declared covered (ImportOptions::covers): activity files only.
  std::optional<std::pair<YearMonth, YearMonth>> covers;
};

struct ImportReport {
  int64_t batch_id = 0;  // 0 when nothing was committed
  bool committed = false;
  std::vector<FileReport> files;
  std::vector<Problem> errors;    // the first max_problems
  int64_t error_count = 0;        // all of them
  std::vector<Problem> warnings;  // the first max_problems
  int64_t warning_count = 0;
};

struct ImportProgress {
  const std::string& path;
  int64_t rows;
  uint64_t bytes_read;
  uint64_t total_bytes;
  bool file_done;
};

// A metric a plan may name, with its unit ("count", "percent", "per_100k",
// "pounds"): a percentage plan may not exceed 100.
struct PlanMetricSpec {
  std::string id;
  std::string unit;
};

// The metrics of the built-in config that take plans (the national ones of
// DOMAIN.md and the cluster teams' measures), for callers without a metric
// config.
std::vector<PlanMetricSpec> national_plan_metrics();

// A kind of care plan and the longest it may go unreviewed: a review is due
// at most `review_months` months after the plan is agreed or last reviewed
// (never more than six: the seeds' standard).
struct CarePlanType {
  std::string id;
  int review_months = 6;
};

// The plan types when the caller gives none: "general", six months.
std::vector<CarePlanType> default_care_plan_types();

// A file the batch's inputs were made from, not read as a kind itself (a
// FHIR Bundle or NDJSON file: ingest/fhir.h), recorded in the batch's
// history (import_sources) as it was read, beside the inputs made from it.
struct ImportSource {
  std::string path;    // as named on the command line
  std::string format;  // "fhir"
  std::string sha256;  // hex, of the file's bytes as read
  int64_t bytes = 0;
  int64_t resources = 0;  // what it held: FHIR resources
};

struct ImportOptions {
  size_t max_problems = 200;
  std::string actor = "unknown";  // recorded with the batch
  // The metric ids plans.csv may name; empty means national_plan_metrics().
  // The CLI passes the metric config's, so a local metric needs no C++.
  std::vector<PlanMetricSpec> plan_metrics;
  // The plan types care_plans.csv may name (its plan_type column); empty
  // means default_care_plan_types(). The first is the type of a row that
  // names none. The CLI and the web pass config/care.toml's.
  std::vector<CarePlanType> care_plan_types;
  // The boards the governance kinds may name (config/boards.toml's ids; the
  // CLI passes them). Empty: any well-formed id is accepted.
  std::vector<std::string> boards;
  // Rules about the batch as a whole that need more than ingest knows (a
  // decision's meeting quorate for its item, governance/quorum.h): called
  // once every file has been read without a problem, inside the batch's
  // transaction, so `store` reads what the batch wrote. Each problem it
  // returns rejects the batch like a row's; a failed Status is the store's.
  std::function<Result<std::vector<Problem>>(Store& store, int64_t batch_id)> check_batch;
  // Called every few tens of thousands of rows and at the end of each file.
  std::function<void(const ImportProgress&)> on_progress;
  // The files the inputs were made from, recorded with the batch.
  std::vector<ImportSource> sources;
  // The months, first and last, that every activity file of the batch is
  // declared to cover (`bettercare import --covers`). A month in the range
  // counts as loaded for each activity kind of the batch even when it has
  // no rows (no care home admissions in a small area is not missing data).
  // Recorded in import_coverage, one row per activity kind, only when the
  // batch commits. It must satisfy check_month_range, and the batch must
  // have an activity file.
  std::optional<std::pair<YearMonth, YearMonth>> covers;
  // A file at least this large into a table that is empty when the file
  // starts (a first load) has the table's loose indexes (Db::loose_indexes)
  // dropped before its rows and made again after them, within the batch's
  // transaction: at scale, far faster than keeping them up to date row by
  // row (docs/benchmarks.md, "Scale").
  uint64_t defer_indexes_from_bytes = 16u << 20;
  // The memory SQLite may sort those indexes' keys in, in KiB (the rest
  // in files beside it): Db::make_indexes.
  int index_sort_kib = 64 << 10;
  // A batch at least this large into a store with no batch yet (a first
  // load), that no other connection has open, is written with SQLite's
  // rollback journal rather than through the WAL
  // (Store::begin_rollback_journal).
  uint64_t rollback_journal_from_bytes = 16u << 20;
  // A file at least this large is read a batch of records ahead, on a
  // second core when there is one (core/csv_read_ahead.h), while its rows
  // are checked and written.
  uint64_t read_ahead_from_bytes = 16u << 20;
};

// The most months a declared range may span: fifty years.
inline constexpr int kMaxCoveredMonths = 600;

// OK when `first` is not after `last` and the range spans at most
// kMaxCoveredMonths; InvalidArgument saying which rule it breaks otherwise.
Status check_month_range(YearMonth first, YearMonth last);

// Parses a declared range: "YYYY-MM..YYYY-MM", or "YYYY-MM" for one month.
// InvalidArgument for anything else and for a range check_month_range
// refuses.
Result<std::pair<YearMonth, YearMonth>> parse_month_range(std::string_view text);

// Turns command-line paths into the batch's inputs. A directory contributes
// every *.csv file in it (not recursively). Each file's kind is `kind` when
// given, else taken from its name; a file whose kind cannot be told, a
// missing path, or a directory with no CSV files is an error, before
// anything is read.
Result<std::vector<ImportInput>> plan_import(const std::vector<std::string>& paths,
                                             std::optional<FileKind> kind);

// Imports the batch. A non-ok Result means the store could not be used, or
// (InvalidArgument, before anything is read or written) that options.covers
// is refused; invalid data comes back as a report with errors and
// committed == false.
Result<ImportReport> import_batch(Store& store, std::vector<ImportInput> inputs,
                                  const ImportOptions& options);

}  // namespace bc
