// A connection to the database that holds the store, whichever backend
// holds it: a connection (Db), a prepared statement (Stmt) and transaction
// guards (Transaction, ReadTransaction). Every module's SQL goes through
// these, and only the backends (sqlite.h, postgres.h) call a database's own
// API.
//
// The SQL given to them is portable (README.md, "Portable SQL"): `?`
// parameters (`?1` where one is used twice), 1-based; result columns
// 0-based. Errors come back as Status values: busy or locked is kBusy; a
// full disk, a read-only, corrupt or unreadable store is kStoreError with a
// message saying what to do; anything else carries the backend's message.
//
// Thread safety: a Db and its statements belong to one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace bc {

// A backend's prepared statement, behind Stmt.
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void bind_int64(int i, int64_t v) = 0;
  virtual void bind_double(int i, double v) = 0;
  // `copy` false: v stays alive and unchanged until the statement is
  // stepped and reset (Stmt::bind_static).
  virtual void bind_text(int i, std::string_view v, bool copy) = 0;
  virtual void bind_null(int i) = 0;
  virtual bool step(Status* status) = 0;
  virtual void reset() = 0;  // and clear the bindings
  virtual void expect_many_rows() {}
  virtual bool is_null(int col) const = 0;
  virtual int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;  // "" for NULL
};

// A prepared statement. Parameters are 1-based, columns 0-based.
class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(std::unique_ptr<StmtImpl> impl) : impl_(std::move(impl)) {}

  Stmt& bind(int i, int64_t v) {
    impl_->bind_int64(i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) {
    impl_->bind_double(i, v);
    return *this;
  }
  Stmt& bind(int i, std::string_view v) {  // copied
    impl_->bind_text(i, v, true);
    return *this;
  }
  // Not copied: v must stay alive and unchanged until the statement is
  // stepped and reset. For hot loops binding views into a buffer that
  // outlives the step (e.g. the current CSV record).
  Stmt& bind_static(int i, std::string_view v) {
    impl_->bind_text(i, v, false);
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_null(int i) {
    impl_->bind_null(i);
    return *this;
  }
  template <typename T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // Says that the statement's rows may be many (a whole table's), before
  // it is first stepped. Inside a transaction PostgreSQL then reads them in
  // batches through a cursor, the next batch on its way while the caller
  // handles this one, in place of all of them before the first; another
  // statement run meanwhile waits for the batch on its way. SQLite, which
  // reads a row at a time anyway, ignores it.
  Stmt& expect_many_rows() {
    impl_->expect_many_rows();
    return *this;
  }
  // Advances: true with a row, false when done; a failure sets *status.
  bool step(Status* status) { return impl_->step(status); }
  // Runs a statement that returns no rows, then resets it for reuse.
  Status run();
  // Runs an INSERT ... RETURNING one integer column (the new row's id),
  // gives that value, then resets the statement: the portable way to learn
  // a new row's id.
  Result<int64_t> run_returning_int();
  void reset() { impl_->reset(); }

  bool is_null(int col) const { return impl_->is_null(col); }
  int64_t int64(int col) const { return impl_->int64(col); }
  double real(int col) const { return impl_->real(col); }
  std::string text(int col) const { return impl_->text(col); }  // "" for NULL
  std::optional<std::string> opt_text(int col) const;
  std::optional<int64_t> opt_int64(int col) const;

 private:
  std::unique_ptr<StmtImpl> impl_;
};

class Db {
 public:
  virtual ~Db() = default;
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements that return no rows.
  virtual Status exec(std::string_view sql) = 0;
  virtual Result<Stmt> prepare(std::string_view sql) = 0;
  // The first column of the first row of a query, as an integer (nullopt
  // when there is no row or it is NULL).
  Result<std::optional<int64_t>> query_int(std::string_view sql);
  // The first column of every row of a query with one text parameter
  // (none when param is nullopt), as text.
  Result<std::vector<std::string>> query_texts(std::string_view sql,
                                               std::optional<std::string_view> param);

  // Begins a transaction that writes: it holds the right to write from its
  // start, so that what it reads stays true until it commits.
  virtual Status begin_write() = 0;
  // Begins a transaction that only reads: its queries see one consistent
  // picture while others write.
  virtual Status begin_read() = 0;
  // True inside an explicit transaction (begun, or a SAVEPOINT, not yet
  // ended).
  virtual bool in_transaction() const = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int64_t changes() const = 0;
  virtual std::string last_error() const = 0;
  // The last failure of the connection as a Status (ok when there was
  // none), classified as above.
  virtual Status last_status() const = 0;
  // True when the last failure was a constraint (UNIQUE, FOREIGN KEY,
  // CHECK, NOT NULL, a trigger's refusal): about the data written, not the
  // store.
  virtual bool last_error_is_constraint() const = 0;
  // True when the last failure was a UNIQUE or PRIMARY KEY constraint: a
  // row with the same key is already there.
  virtual bool last_error_is_duplicate_key() const = 0;
  // True when a statement that fails leaves its transaction as it was
  // before the statement, and usable (SQLite); false where a failure
  // spoils the whole transaction (PostgreSQL, short of a savepoint).
  virtual bool keeps_transaction_after_failure() const { return false; }
  // Whether the store has a table of that name (for upgrades of old
  // stores).
  virtual Result<bool> has_table(std::string_view name) = 0;
  // The store's tables, sorted by name; a table's columns in their order,
  // with the kind of value each holds; the tables its foreign keys refer
  // to. For copying a store from one backend to the other (copy.h), and
  // for tests that compare whole stores.
  virtual Result<std::vector<std::string>> table_names() = 0;
  enum class Kind { kInteger, kReal, kText, kOther };
  struct Column {
    std::string name;
    Kind kind;
    bool operator==(const Column&) const = default;
  };
  virtual Result<std::vector<Column>> columns(std::string_view table) = 0;
  Result<std::vector<std::string>> column_names(std::string_view table);
  virtual Result<std::vector<std::string>> referenced_tables(std::string_view table) = 0;

  // The indexes on `table` that no key or constraint needs, each as its
  // name and the statement that makes it: a bulk load into an empty table
  // may drop them and make them again after its rows, in its transaction
  // (one sort instead of an insert at a random place for each row). None
  // where the backend gains nothing from it (PostgreSQL, whose imports are
  // staged and copied: ingest/stage.h).
  struct Index {
    std::string name, sql;
  };
  virtual Result<std::vector<Index>> loose_indexes(std::string_view /*table*/) {
    return std::vector<Index>{};
  }
  // Makes `indexes` (from loose_indexes) again, in the open transaction.
  // SQLite sorts their keys on two threads, each in a buffer of at most
  // `sort_kib` KiB and in files beside it, whatever temp_store says, so
  // that the sort of a large table's keys stays bounded in memory.
  virtual Status make_indexes(const std::vector<Index>& indexes, int sort_kib);

  // Bulk loading, where the backend has it (PostgreSQL's COPY; not
  // SQLite, whose prepared INSERTs are as fast): writes `data`, rows in
  // COPY's text format (fields separated by tabs, rows ended by "\n",
  // NULL as \N, and backslash, tab, newline and carriage return escaped
  // as \\, \t, \n and \r), into `table`'s `columns`.
  virtual bool can_copy() const { return false; }
  virtual Status copy_in(std::string_view table, std::string_view columns, std::string_view data);

  // Runs `sql` and then calls done with its outcome (and changes() and
  // last_error_is_constraint() saying what they would after exec), where
  // the backend can, only once the caller next uses the store: on
  // PostgreSQL the server runs the statement while the caller goes on
  // (reading the next rows of a file), and the next command, of any kind,
  // first waits for it and calls done. SQLite runs it at once. done may
  // use the store.
  virtual void exec_then(std::string_view sql, std::function<void(Status)> done);
  // Waits for the statement exec_then sent, if it is still running, and
  // calls its done.
  virtual void wait() {}

 protected:
  // For the backends' columns(): sql gives each column's name and type for
  // the table (one parameter); kind_of says what a type holds.
  Result<std::vector<Column>> read_columns(std::string_view sql, std::string_view table,
                                           Kind (*kind_of)(const std::string& type));
};

// A write transaction (Db::begin_write) on construction; rolled back on
// destruction unless committed.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> begin(Db& db);
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Db& db) : db_(db) {}
  Db& db_;
  bool done_ = false;
};

// A read transaction (Db::begin_read) for as long as it lives, so that
// several queries give one consistent picture while another process
// writes. Inside a caller's transaction it does nothing and the caller's
// transaction serves.
class ReadTransaction {
 public:
  explicit ReadTransaction(Db& db) : db_(db), ok_(!db.in_transaction() && db.begin_read().ok()) {}
  ~ReadTransaction() {
    if (ok_) (void)db_.exec("COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Db& db_;
  bool ok_;
};

}  // namespace bc
