// The SQLite backend of db.h: a connection to a store's SQLite file
// (SqliteDb) and its prepared statements. It adds no abstraction of its
// own; it exists so that no other code calls sqlite3_* or forgets to
// finalize a statement. Errors carry SQLite's message, classified as db.h
// says.
//
// Thread safety: a connection and its statements belong to one thread at a
// time; the connection is opened without SQLite's own mutexes
// (multi-thread mode).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/db.h"

struct sqlite3;

namespace bc {

class SqliteDb final : public Db {
 public:
  // Opens (and with create = true, creates) the database file at path.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path, bool create);
  // Opens the file read-only. With immutable = true SQLite is told that
  // nothing can change it (its URI parameter immutable=1), so that it
  // needs no -wal or -shm file and no lock: for a store on a read-only
  // medium, where nothing can write to it.
  static Result<std::unique_ptr<SqliteDb>> open_read_only(const std::string& path, bool immutable);
  ~SqliteDb() override;

  Status exec(std::string_view sql) override;
  Result<Stmt> prepare(std::string_view sql) override;
  Status begin_write() override;  // BEGIN IMMEDIATE: the write lock from the start
  Status begin_read() override;   // BEGIN DEFERRED: a snapshot from the first read
  bool in_transaction() const override;
  int64_t changes() const override;
  std::string last_error() const override;
  Status last_status() const override;
  bool last_error_is_constraint() const override;
  bool last_error_is_duplicate_key() const override;
  bool keeps_transaction_after_failure() const override { return true; }
  Result<bool> has_table(std::string_view name) override;
  Result<std::vector<std::string>> table_names() override;
  Result<std::vector<Index>> loose_indexes(std::string_view table) override;
  Status make_indexes(const std::vector<Index>& indexes, int sort_kib) override;
  Result<std::vector<Column>> columns(std::string_view table) override;
  Result<std::vector<std::string>> referenced_tables(std::string_view table) override;

  // For what only SQLite has (the online backup API).
  sqlite3* handle() { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace bc
