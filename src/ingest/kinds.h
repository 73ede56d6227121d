// Internal to ingest: one importer per file kind.
//
// An importer prepares its statements once per file, then checks each row
// through Row's readers, binds the values and calls Row::write. The column
// numbers it uses are positions in its kind's ColumnSpec list
// (file_kind.cc).
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
};

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options);

}  // namespace bc::ingest
