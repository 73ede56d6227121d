// Internal to ingest: the importer of each file kind, driven by the kind's
// column table.
//
// Each kind's columns are written once, in its column table (ColumnSpec,
// file_kind.h) in its group file (kinds_reference.cc, kinds_finance.cc,
// kinds_activity.cc, kinds_care.cc, kinds_spa.cc,
// kinds_governance.cc, kinds_board_register.cc, kinds_plan.cc, kinds_quality.cc). From that table
// come the header check (importer.cc), the reading and checking of every field by its type
// (Row::read), the checks of references, the upsert with its conflict key (upsert_sql), the binding
// of the values, the file's date range and the message for a duplicate. A kind's importer adds only
// what a table cannot say, through the hooks of KindImporter below; the columns it names are found
// in its table by name at compile time (column_index), so they cannot drift from it.
//
// A row is imported in this order, which fixes the order of its problems
// (the same as before the tables, field for field; a differential run of
// 400 mutated files through both gave identical output): each column in
// table order (its reader, then check() when it gave a value); then
// rules(), for what is checked once the whole row is read; then the
// references (unless rules() checked them at a point of its own); then, if
// the row has no problem, the upsert (a plain INSERT on a first load:
// FileContext::first_load), the file's date range, the link to the
// persons register for a kind about a person, and after_write().
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/file_kind.h"
#include "ingest/row.h"

namespace bc::ingest {

class Stage;

class KindImporter {
 public:
  // Prepares the kind's upsert (from its column table; on a first load its
  // plain INSERT and key lookup instead) and, through prepare_more, any
  // statement of its own.
  Status prepare(FileContext& file);
  // Reads, checks and (when it has no problem) writes one row; or, where
  // the store has bulk loading and the kind allows it, stages it
  // (stage.h).
  void import_row(Row& row);
  // After the file's last row, when the whole file could be read (not
  // after a CSV error that stops it short): writes what is staged, then
  // finish().
  void complete(FileContext& file);
  KindImporter();
  virtual ~KindImporter();
  // Called once after the file's last row is written, when the whole file
  // could be read. Problems it records through the file's sink() reject
  // the batch like a row's.
  virtual void finish(FileContext&) {}

 protected:
  // The kind's own statements, prepared once per file.
  virtual Status prepare_more(FileContext&) { return Status(); }
  // Reads a kCustom column: sets its value, or records its problem.
  virtual void read_custom(Row&, int /*col*/) {}
  // Checks a value column `col` has just been given by its reader, and may
  // replace it with its stored form (a normalised code) or clear it.
  virtual void check(Row&, int /*col*/) {}
  // Rules about the row as a whole, run whether or not a field failed.
  // May call row.check_references() to place those problems before its own.
  virtual void rules(Row&) {}
  // Notes the row's date in the file's range; by default the value of the
  // column marked dates_row, if any.
  virtual void note_date(Row& row);
  // After the row's upsert succeeded: the kind's further writes.
  virtual void after_write(Row&) {}

 private:
  Stmt write_;       // upsert_sql, or on a first load insert_sql
  Stmt key_lookup_;  // key_lookup_sql, on a first load
  bool first_load_ = false;
  std::unique_ptr<Stage> stage_;  // when the file's rows are staged
  int dated_ = -1;                // the column marked dates_row
  int person_ = -1;               // the NHS number's column, for kinds about a person
};

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options);

// The column table of each kind (file_kind.cc's all_kinds() takes them
// from here), and the importers by group, each in its own file; an empty
// table and nullptr for a kind of another group.
std::span<const ColumnSpec> columns_of(FileKind kind);
std::span<const ColumnSpec> reference_columns(FileKind kind);   // kinds_reference.cc
std::span<const ColumnSpec> finance_columns(FileKind kind);     // kinds_finance.cc
std::span<const ColumnSpec> activity_columns(FileKind kind);    // kinds_activity.cc
std::span<const ColumnSpec> care_columns(FileKind kind);        // kinds_care.cc
std::span<const ColumnSpec> spa_columns(FileKind kind);         // kinds_spa.cc
std::span<const ColumnSpec> governance_columns(FileKind kind);  // kinds_governance.cc
std::span<const ColumnSpec> plan_columns(FileKind kind);        // kinds_plan.cc
std::span<const ColumnSpec> quality_columns(FileKind kind);     // kinds_quality.cc
std::unique_ptr<KindImporter> make_reference_importer(FileKind kind);
std::unique_ptr<KindImporter> make_finance_importer(FileKind kind, const ImportOptions& options);
std::unique_ptr<KindImporter> make_activity_importer(FileKind kind);
std::unique_ptr<KindImporter> make_care_importer(FileKind kind, const ImportOptions& options);
std::unique_ptr<KindImporter> make_spa_importer(FileKind kind);
std::unique_ptr<KindImporter> make_governance_importer(FileKind kind, const ImportOptions& options);
std::unique_ptr<KindImporter> make_plan_importer(FileKind kind, const ImportOptions& options);
std::unique_ptr<KindImporter> make_quality_importer(FileKind kind);

// The position of the column named `name` in a column table; a name that
// is not there fails to compile where it is used in a constant expression.
template <size_t N>
consteval int column_index(const ColumnSpec (&columns)[N], std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  throw "no such column in the kind's column table";
}

// A month of the financial year (1 to 12, 1 = April, or M1 to M12) in
// kCustom column `col`, present in the row: the ledger's and savings'
// month. And that month of the financial year in `year_col`, noted as the
// row's date.
void read_financial_month(Row& r, int col);
void note_financial_month(Row& r, int year_col, int month_col);

// INSERT ... ON CONFLICT(key) DO UPDATE ... WHERE the stored row came from
// an earlier batch: the table's store columns in order, then batch_id, as
// parameters. A row of this batch with the same key is left alone, so the
// statement changes nothing, which Row::write reports as a duplicate.
// With `select_from`, the rows come from "SELECT <the same columns> FROM
// select_from" instead of parameters (a staging table, stage.h).
std::string upsert_sql(const KindSpec& spec, std::string_view select_from = {});
// On a first load (FileContext::first_load): a plain INSERT of the same
// parameters, which a row with a key already there makes fail; and the
// query that tells whether the row's key is there (one row when it is),
// its parameters the key columns in order (Row::bind_key).
std::string insert_sql(const KindSpec& spec);
std::string key_lookup_sql(const KindSpec& spec);
// Prepares `sql` on the file's connection into *out.
Status prepare_into(FileContext& f, const std::string& sql, Stmt* out);
// Prepares each (SQL, statement) in turn; the first failure ends it.
Status prepare_all(FileContext& f, std::initializer_list<std::pair<const char*, Stmt*>> list);

// A value in the form the store holds it, for comparing a row with what
// is stored (Stmt::opt_text): nullopt for none. Text, integers, NHS
// numbers, dates and date-times; "?" for another type.
std::optional<std::string> stored_text(const Value& v);

}  // namespace bc::ingest
