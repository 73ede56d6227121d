// Internal to ingest: the context a file kind's importer works in.
//
// FileContext is one file being imported (its column map, the problems
// found, its date range and unlinked count); Row is one record of it, with
// typed readers that check a field against the contract and, when it
// fails, record "file:line: column: value: reason" and return nullopt. A
// kind's importer reads every field through these, then calls write(); a
// row with any problem is never written.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <variant>
#include <vector>

#include "core/csv_reader.h"
#include "core/date.h"
#include "core/fiscal.h"
#include "core/money.h"
#include "core/nhs_number.h"
#include "ingest/file_kind.h"
#include "ingest/importer.h"
#include "ingest/known_persons.h"
#include "store/db.h"

namespace bc::ingest {

// A field's value as read (nothing, for an empty optional field or one that
// failed), in the form it is stored in: text as a view into the record or
// as a string made from it, whole numbers, decimals, and the core value
// types, bound as ISO text, pence or the NHS number's integer.
using Value = std::variant<std::monostate, std::string_view, std::string, int64_t, double, Date,
                           DateTime, YearMonth, FinancialYear, Money, NhsNumber>;

// Collects problems for a whole batch, keeping the first `limit` of each.
class ProblemSink {
 public:
  explicit ProblemSink(size_t limit) : limit_(limit) {}
  void error(Problem p);
  void warning(Problem p);
  int64_t error_count() const { return error_count_; }
  void move_into(ImportReport* report);
  // The store itself failed (it is full, read-only, corrupt...): the import
  // stops with this one error. The first such failure is kept.
  void store_failed(Status s) {
    if (store_status_.ok()) store_status_ = std::move(s);
  }
  const Status& store_status() const { return store_status_; }

 private:
  size_t limit_;
  Status store_status_;
  std::vector<Problem> errors_, warnings_;
  int64_t error_count_ = 0, warning_count_ = 0;
};

class FileContext {
 public:
  // `first_load`: the kind's table was empty when the file began, and the
  // store undoes a failed statement alone (first_load() below).
  FileContext(Db& db, int64_t batch_id, const KindSpec& spec, std::string path, ProblemSink& sink,
              KnownPersons& persons, bool first_load, bool unregistered_people)
      : db_(db),
        batch_id_(batch_id),
        spec_(spec),
        path_(std::move(path)),
        sink_(sink),
        persons_(persons),
        first_load_(first_load),
        unregistered_people_(unregistered_people) {}

  Db& db() { return db_; }
  int64_t batch_id() const { return batch_id_; }
  const KindSpec& spec() const { return spec_; }
  const std::string& path() const { return path_; }
  ProblemSink& sink() { return sink_; }
  // ImportInput::unregistered_people.
  bool unregistered_people() const { return unregistered_people_; }
  // True when the file's rows are the first in its kind's table, so that
  // a row meeting a key already there can only have met a row of this
  // file: the rows are written with a plain INSERT, and a duplicate is
  // told by the key's refusal (Row::write) rather than by an upsert that
  // changes nothing. The same outcome, without the cost of an upsert (a
  // statement journal for every row): docs/benchmarks.md, "Scale".
  bool first_load() const { return first_load_; }

  // Maps spec column i to its index in the file's records (-1 when absent).
  std::vector<int>& column_map() { return colmap_; }
  const std::vector<int>& column_map() const { return colmap_; }
  // The values of the row being read, one per spec column (reused from row
  // to row, so that a row costs no allocation).
  std::vector<Value>& values() { return values_; }

  // The codes in a store table's key column (as of now, within the batch's
  // transaction, so earlier files of the batch are included). Cached.
  const std::unordered_set<std::string>& codes(std::string_view table, std::string_view column);
  // True when the NHS number is in the persons register (KnownPersons).
  bool person_exists(NhsNumber n);

  void note_date(std::string_view iso);
  void note_unlinked() { ++unlinked_; }
  void add_unlinked(int64_t n) { unlinked_ += n; }
  int64_t unlinked() const { return unlinked_; }
  const std::string& first_date() const { return first_date_; }
  const std::string& last_date() const { return last_date_; }

 private:
  Db& db_;
  int64_t batch_id_;
  const KindSpec& spec_;
  std::string path_;
  ProblemSink& sink_;
  KnownPersons& persons_;
  bool first_load_;
  bool unregistered_people_;
  std::vector<int> colmap_;
  std::vector<Value> values_;
  // (table, column, codes)
  std::vector<std::tuple<std::string, std::string, std::unordered_set<std::string>>> code_cache_;
  int64_t unlinked_ = 0;
  std::string first_date_, last_date_;
};

class Row {
 public:
  Row(FileContext& file, const CsvRecord& record)
      : file_(file), record_(record), values_(file.values()) {
    values_.assign(file.spec().columns.size(), std::monostate{});
  }

  int64_t line() const { return record_.line; }
  bool failed() const { return failed_; }
  FileContext& file() { return file_; }

  // The field of spec column `col`, without surrounding blanks; "" when the
  // file has no such column.
  std::string_view get(int col) const;
  bool empty(int col) const { return get(col).empty(); }
  // True when the field is empty: then, if the column is required, the
  // problem is recorded. For fields read without a typed reader.
  bool absent(int col);

  // Records a problem with column `col` (its value is shown) and marks the
  // row failed.
  void error(int col, std::string reason);
  void warning(int col, std::string reason);

  // Typed readers. Each returns nullopt for an empty optional field (no
  // problem) and for an invalid or missing required one (problem recorded).
  std::optional<std::string_view> text(int col, size_t max_chars = 200);
  // An identifier: 1..64 characters, no blanks or control characters.
  std::optional<std::string_view> id(int col);
  std::optional<std::string> ods_code(int col);
  std::optional<NhsNumber> nhs_number(int col);
  std::optional<Date> date(int col);
  std::optional<DateTime> date_time(int col);
  std::optional<YearMonth> month(int col);
  std::optional<FinancialYear> financial_year(int col);
  std::optional<Money> money(int col);
  // A whole number from lo to hi.
  std::optional<int64_t> integer(int col, int64_t lo, int64_t hi);
  // A decimal number (plans): finite, not subnormal, at most kMaxNumber
  // either way.
  static constexpr double kMaxNumber = 1e12;
  std::optional<double> number(int col);
  // One of `allowed`, matched case-insensitively; returns the canonical form.
  std::optional<std::string_view> choice(int col, std::span<const std::string_view> allowed);

  // Reads column `col` with the reader its FieldType names (nothing for
  // kCustom) and keeps the value; a field it refuses leaves no value.
  void read(int col);
  // The value of column `col`: set by read() or set(), or std::monostate.
  const Value& value(int col) const { return values_[static_cast<size_t>(col)]; }
  bool has(int col) const { return !std::holds_alternative<std::monostate>(value(col)); }
  template <typename T>
  const T& as(int col) const {
    return std::get<T>(value(col));
  }
  // The value of a text column (a view or a string), "" when none.
  std::string_view text_of(int col) const;
  // Replaces the value (with its stored form, or nothing).
  void set(int col, Value v) { values_[static_cast<size_t>(col)] = std::move(v); }
  // Checks, once per row, every column with a Reference that has a value
  // (check_reference); later calls do nothing.
  void check_references();
  // Binds the value of each column with a store column, in column order,
  // then the batch id: the parameters of the kind's upsert.
  void bind_values(Stmt& st);
  // Binds the value of each key column, in column order (key_lookup_sql).
  void bind_key(Stmt& st);
  // The value of column `col` as the file's date range notes it: an ISO
  // date (a date-time's date), a month, a financial year, a whole number.
  std::string noted_date(int col) const;

  // Checks that `code` is in the store table's key column; records
  // "no such <what>" otherwise.
  bool check_reference(int col, const std::string& code, std::string_view table,
                       std::string_view column, std::string_view what);
  // Counts the row as unlinked when the NHS number is not in the register.
  void link_person(NhsNumber n);

  // Runs the bound statement unless the row failed. A statement that
  // changes nothing met a row of this same batch with the same key; so
  // did one refused for a duplicate key when `key_lookup` (given on a
  // first load, with the key bound by bind_key) finds the row's key. A
  // constraint the row breaks is a problem with the row; any other failure
  // is the store's (ProblemSink::store_failed).
  void write(Stmt& st, Stmt* key_lookup = nullptr);
  // Runs a further statement for the row (st.run()); false when it failed,
  // with the failure recorded as write() does, `what` naming it.
  bool run(Stmt& st, int col, std::string_view what);

 private:
  bool required(int col) const { return file_.spec().columns[static_cast<size_t>(col)].required; }
  void bind_value(Stmt& st, int param, const Value& v);
  // Binds column col's value to param (a date as read when it is written
  // as the store keeps it).
  void bind_column(Stmt& st, int param, int col);
  // True when the row's key is already in the table (a failure of the
  // store is recorded, and answers false).
  bool key_taken(Stmt& key_lookup);
  void report_duplicate();

  FileContext& file_;
  const CsvRecord& record_;
  std::vector<Value>& values_;
  bool failed_ = false;
  bool references_checked_ = false;
};

}  // namespace bc::ingest
