// Internal to ingest: one importer per file kind.
//
// An importer prepares its statements once per file, then checks each row
// through Row's readers, binds the values and calls Row::write. The column
// numbers it uses are positions in its kind's ColumnSpec list
// (file_kind.cc). A kind whose rules concern the file as a whole (a
// population year must be complete) checks them in finish().
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "ingest/file_kind.h"
#include "ingest/row.h"

namespace bc::ingest {

class KindImporter {
 public:
  virtual ~KindImporter() = default;
  virtual Status prepare(FileContext& file) = 0;
  virtual void import_row(Row& row) = 0;
  // Called once after the file's last row, when the whole file could be
  // read (not after a CSV error that stops it short). Problems it records
  // through the file's sink() reject the batch like a row's.
  virtual void finish(FileContext&) {}
};

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options);

// The importers by group, each in its own file; nullptr for a kind of
// another group.
std::unique_ptr<KindImporter> make_reference_importer(FileKind kind);  // kinds_reference.cc
std::unique_ptr<KindImporter> make_finance_importer(
    FileKind kind,
    const ImportOptions& options);                                    // kinds_finance.cc
std::unique_ptr<KindImporter> make_activity_importer(FileKind kind);  // kinds_activity.cc

// For the importers: INSERT ... ON CONFLICT(key) DO UPDATE ... WHERE the
// stored row came from an earlier batch. A row of this batch with the same
// key is left alone, so the statement changes nothing, which Row::write
// reports as a duplicate. Parameters: the columns in order, then the batch id.
std::string upsert_sql(std::string_view table, std::initializer_list<std::string_view> columns,
                       std::string_view key);
// Prepares `sql` on the file's connection into *out.
Status prepare_into(FileContext& f, const std::string& sql, Stmt* out);

}  // namespace bc::ingest
