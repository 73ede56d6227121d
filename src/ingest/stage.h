// Internal to ingest: the rows of a file written in bulk, where the store
// has bulk loading (Db::copy_in: PostgreSQL's COPY).
//
// On PostgreSQL each statement is a round trip to the server, so an import
// that wrote a row at a time would take some 100 microseconds a row. A
// file of a kind that allows it (below) is instead checked row by row
// exactly as before, and each row without a problem is added to a staging
// table (a temporary copy of the kind's table, dropped at commit) by COPY,
// up to kStageRows at a time. Each batch of staged rows is then:
//   1. counted for NHS numbers not in the persons register (unlinked);
//   2. written with one INSERT ... SELECT ... ON CONFLICT, the upsert of
//      kinds.h, which the server runs while the importer reads and checks
//      the next rows (Db::exec_then);
//   3. when that did not write every row, put back (a savepoint) and
//      checked for the same record twice in the batch (the same key twice
//      in the stage, or already written by this batch), each reported as
//      the row-at-a-time import reports it, at its line; and, when a
//      constraint refused the write, written a row at a time (each under
//      a savepoint) so that a row the store refuses is named by its line.
// The result in the store is the same as writing the rows one at a time.
//
// A kind allows it (stageable() in stage.cc) when its importer writes
// nothing a row but the row itself (no after_write(); what follows from
// the rows it does once, in finish()) and reads nothing a row that the
// file's own earlier rows could have changed (its own table only as an
// earlier batch left it): persons, conditions, population, the activity
// kinds, the care plans with their actions and reviews, referrals to the
// single point of access, quality events and placements.
//
// Thread safety: belongs to its file's import.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/row.h"

namespace bc::ingest {

class Stage {
 public:
  // The rows staged before they are written.
  // Small enough that the server's writing of one overlaps the reading of
  // the next for most of a file, large enough that each statement's own
  // cost is small (measured: docs/benchmarks.md, "Both backends").
  static constexpr int64_t kStageRows = 25000;

  // True when the file's rows are to be staged: the store has bulk loading
  // and the kind allows it.
  static bool wanted(FileContext& file);

  explicit Stage(FileContext& file) : file_(file) {}
  // Waits for the last write (flush).
  ~Stage();
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;
  // Makes (or empties) the staging table and prepares the statements.
  Status open();
  // Stages a row that has no problem; writes the stage when it is full.
  void add(Row& row);
  // Writes what is staged (its outcome recorded by the store's next
  // command at the latest). Problems and store failures go to the file's
  // sink.
  void flush();

 private:
  void written(const Status& s, int64_t rows);
  void report_duplicates(int64_t* found);
  void write_row_by_row();

  FileContext& file_;
  std::string stage_;         // the staging table's name
  std::string copy_columns_;  // bc_line, bc_raw, the store's columns, batch_id
  std::string insert_;        // INSERT ... SELECT from the stage; "{filter}" where a WHERE goes
  std::string person_;        // the NHS number's store column, for kinds about a person
  std::string data_;          // rows in COPY's text format
  int64_t rows_ = 0;
};

}  // namespace bc::ingest
