// What has been imported, and how good the data it left is.
//
// The import history: every committed batch (who, when, which bettercare)
// with its files (path, kind, SHA-256, size, row counts, unlinked rows,
// date range, and for activity files the months the import declared they
// cover), as import_batch recorded them: the data every figure rests on.
// Shared by the CLI's `imports` (table and JSON) and the web API.
//
// Data quality: per kind of source, the latest batch that loaded it and
// what that batch did, how far the data reaches, and, for the kinds about
// a person, how many rows in the store are unlinked today: their NHS
// number is not in the persons register. Unlinked rows are kept (activity
// is not refused for a missing registration) but have no practice, cluster
// or age, so they fall out of every breakdown by them; the count is
// computed from the store, not from the import records, because a later
// persons file links earlier activity.
//
// Thread safety: uses the Store's connection; one thread at a time. Each
// function reads in one transaction, so the picture is consistent while
// another process imports.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ingest/file_kind.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {

// One file of a committed batch, as import_files records it.
struct ImportFileRecord {
  int64_t seq = 0;   // order within the batch, from 1
  std::string path;  // as named on the command line
  std::string kind;  // the kind's name, e.g. "spells"
  std::string sha256;
  int64_t bytes = 0;
  int64_t rows_read = 0;
  int64_t inserted = 0;
  int64_t replaced = 0;
  std::optional<int64_t> unlinked;  // kinds about a person only, at import time
  // The range of the kind's main date (an ISO date, a month YYYY-MM, a
  // financial year YYYY/YY or, for population, a year YYYY); nullopt for
  // kinds without one.
  std::optional<std::string> first_date, last_date;
  // The first and last month (YYYY-MM) the batch declared its files of this
  // kind cover (`import --covers`); nullopt when it declared none, and for
  // every kind that is not activity.
  std::optional<std::pair<std::string, std::string>> covers;
};

// One committed batch with its files in the order they were imported, and
// the files those were made from (FHIR: ImportSource, ingest/importer.h).
struct ImportBatchRecord {
  int64_t batch_id = 0;
  std::string imported_at;  // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string imported_by;
  std::string bettercare_version;
  int64_t rows_read = 0;  // the sums over its files
  int64_t inserted = 0;
  int64_t replaced = 0;
  std::vector<ImportFileRecord> files;
  std::vector<ImportSource> sources;
};

// Every committed batch, oldest first; empty for a store with none.
Result<std::vector<ImportBatchRecord>> list_imports(Store& store);

// [{"batch", "imported_at", "imported_by", "bettercare_version", "rows",
// "inserted", "replaced", "files": [{"path", "kind", "sha256", "bytes",
// "rows", "inserted", "replaced", "unlinked", "first_date", "last_date",
// "covers": {"from", "to"}}], "sources": [{"path", "format", "sha256",
// "bytes", "resources"}]}] (the optional ones null when absent): the CLI's
// `imports --format json` and the web API's /api/v1/imports.
nlohmann::json import_history_json(const std::vector<ImportBatchRecord>& batches);

// The state of one kind of source (a file kind, e.g. "spells").
struct SourceQuality {
  std::string kind;
  // The latest batch with a file of this kind, and what its files of this
  // kind did (summed when it had several, e.g. one per month).
  int64_t latest_batch = 0;
  std::string latest_imported_at;
  int64_t rows_read = 0;
  int64_t inserted = 0;
  int64_t replaced = 0;
  // Rows read that neither added nor replaced a row, counted as skipped
  // duplicates: rows_read - inserted - replaced. The importer refuses a
  // batch with a record twice, so this is 0 for every batch it commits
  // today; a non-zero value means rows went missing and is worth a look.
  int64_t skipped = 0;
  // The rows of its table in the store now.
  int64_t rows_in_store = 0;
  // The latest date any batch loaded for it (ISO date, month or financial
  // year, by kind; its first 7 characters are the month for dates and
  // months). nullopt for kinds without dates, and for persons, whose
  // recorded range is of dates of birth: it says nothing about how recent
  // the register is, and the latest is one person's date of birth.
  std::optional<std::string> last_date;
  // For kinds about a person (activity and conditions): the rows in the
  // store whose NHS number is not in the persons register. nullopt for the
  // other kinds.
  std::optional<int64_t> unlinked;
};

struct DataQuality {
  // Every kind some committed batch loaded, in import order (reference
  // data, then people, finance, plans and activity).
  std::vector<SourceQuality> sources;
  // The sum of the sources' unlinked rows.
  int64_t unlinked_rows = 0;
  // Distinct NHS numbers with unlinked rows.
  int64_t unlinked_people = 0;
};

Result<DataQuality> data_quality(Store& store);

// {"sources": [{"kind", "latest_batch", "latest_imported_at", "rows",
// "inserted", "replaced", "skipped", "rows_in_store", "last_date",
// "unlinked"}], "unlinked_rows", "unlinked_people"} (last_date and
// unlinked null when absent; "rows" is rows_read, as in the history).
nlohmann::json data_quality_json(const DataQuality& quality);

// The distinct NHS numbers (10 digits) of rows about a person whose NHS
// number is not in the persons register, in ascending order, at most
// `limit` of them (InvalidArgument when limit < 1). Person-identifiable:
// whoever shows them writes an audit entry first.
Result<std::vector<std::string>> unlinked_nhs_numbers(Store& store, int limit);

// The id of the latest committed batch, 0 when there is none: it changes
// exactly when an import commits (the web application's cue to rebuild).
Result<int64_t> latest_batch_id(Store& store);

// The id of the latest committed batch with a file of one of `kinds` (by
// their names, e.g. "spells"), 0 when there is none: what a reader of only
// those kinds needs to know to tell whether its copy is stale.
Result<int64_t> latest_batch_of(Store& store, std::span<const FileKind> kinds);

// A range of months an import declared one activity kind's files cover
// (`import --covers`): the months YYYY-MM from first_month to last_month.
struct CoveredMonths {
  std::string kind;  // the kind's name, e.g. "spells"
  std::string first_month, last_month;
};
// Every declared range of every committed batch, in no particular order.
Status for_each_covered_range(Store& store, const std::function<void(const CoveredMonths&)>& each);

}  // namespace bc
