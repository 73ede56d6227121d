// Internal to ingest: one importer per file kind.
//
// An importer prepares its statements once per file, then checks each row
// through Row's readers, binds the values and calls Row::write. The column
// numbers it uses are positions in its kind's ColumnSpec list
// (file_kind.cc). A kind whose rules concern the file as a whole (a
// population year must be complete) checks them in finish().
#pragma once

#include <memory>

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

}  // namespace bc::ingest
