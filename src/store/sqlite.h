// A thin RAII layer over the SQLite C API: a connection (Db), a prepared
// statement (Stmt) and a transaction guard (Transaction).
//
// It exists so that no other code calls sqlite3_* directly or forgets to
// finalize a statement; it adds no abstraction of its own. Errors come back
// as Status values carrying SQLite's message.
//
// Thread safety: a Db and its statements belong to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bc {

class Stmt;

class Db {
 public:
  // Opens (and with create = true, creates) the database file at path. The
  // connection is opened without SQLite's own mutexes (multi-thread mode):
  // a connection belongs to one thread at a time, as promised above.
  static Result<std::unique_ptr<Db>> open(const std::string& path, bool create);
  // Opens the file read-only. With immutable = true SQLite is told that
  // nothing can change it (its URI parameter immutable=1), so that it
  // needs no -wal or -shm file and no lock: for a store on a read-only
  // medium, where nothing can write to it.
  static Result<std::unique_ptr<Db>> open_read_only(const std::string& path, bool immutable);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  Result<Stmt> prepare(std::string_view sql);
  // The first column of the first row of a query, as an integer (nullopt
  // when there is no row or it is NULL).
  Result<std::optional<int64_t>> query_int(std::string_view sql);

  // True inside an explicit transaction (BEGIN or SAVEPOINT not yet ended).
  bool in_transaction() const;
  int64_t changes() const;
  std::string last_error() const;
  // The last failure of the connection as a Status (ok when there was
  // none), classified as every Status from this file is: busy or locked is
  // kBusy; a full disk, a read-only, corrupt or unreadable store is
  // kStoreError with a message saying what to do.
  Status last_status() const;
  // True when the last failure was a constraint (UNIQUE, FOREIGN KEY,
  // CHECK, NOT NULL): about the data written, not the store.
  bool last_error_is_constraint() const;
  sqlite3* handle() { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// A prepared statement. Parameters are 1-based, columns 0-based, as in SQLite.
class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : st_(o.st_) { o.st_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);  // copied by SQLite
  // Not copied: v must stay alive and unchanged until the statement is
  // stepped and reset. For hot loops binding views into a buffer that
  // outlives the step (e.g. the current CSV record).
  Stmt& bind_static(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_null(int i);
  template <typename T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // Advances: true with a row, false when done; a failure sets *status.
  bool step(Status* status);
  // Runs a statement that returns no rows, then resets it for reuse.
  Status run();
  // Runs an INSERT ... RETURNING one integer column (the new row's id),
  // gives that value, then resets the statement. The portable way to learn
  // a new row's id: PostgreSQL has no last_insert_rowid.
  Result<int64_t> run_returning_int();
  void reset();

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;  // "" for NULL
  std::optional<std::string> opt_text(int col) const;
  std::optional<int64_t> opt_int64(int col) const;

 private:
  friend class Db;
  explicit Stmt(sqlite3_stmt* st) : st_(st) {}
  sqlite3_stmt* st_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless committed.
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

// A deferred read transaction for as long as it lives, so that several
// queries give one consistent picture while another process writes. Inside
// a caller's transaction BEGIN fails and the caller's transaction serves.
class ReadTransaction {
 public:
  explicit ReadTransaction(Db& db) : db_(db), ok_(db.exec("BEGIN DEFERRED").ok()) {}
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
