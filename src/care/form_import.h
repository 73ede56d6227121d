// Internal to care: a form (a care plan's, a referral's) written as a small
// CSV of the import contract and imported through ingest's import_batch,
// so what is typed obeys exactly the rules of what is imported, and the
// write is recorded in the import history. Not part of care's contract.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "care/care_plan_write.h"
#include "ingest/file_kind.h"

namespace bc::care_internal {

// One CSV field: quoted (text may hold commas, quotes and line breaks);
// empty when there is no value.
std::string csv_field(const std::string& s);
std::string csv_field(const std::optional<std::string>& s);

struct FormFile {
  std::string label;  // how the import history names it: "care plan form"
  FileKind kind;
  std::string header, rows;  // the header line; the rows, each ending '\n'
  // When set, a problem with a row is reported against the field "actions"
  // as "<row_noun> <n>: <column>: <reason>"; else against its column.
  std::string row_noun;
};

// Imports the files that have rows as one batch; `result` with the
// problems added, by field. A non-ok Result is the store's failure.
Result<WriteResult> import_form(Store& store, const WriteContext& w,
                                const std::vector<FormFile>& files, WriteResult result);

}  // namespace bc::care_internal
