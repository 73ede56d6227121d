// The PostgreSQL backend of db.h: a connection to a store held in a
// PostgreSQL database (PgDb), through libpq, and its prepared statements.
// Like sqlite.h it adds no abstraction of its own.
//
// What differs from SQLite, and how this backend keeps db.h's promises:
//   - parameters: the portable `?` and `?N` are rewritten to PostgreSQL's
//     `$N` (outside quotes and comments), and sent as text, so that the
//     server gives each the type its context needs;
//   - results come back as text: int64() reads "t"/"f" as 1/0, so that a
//     boolean expression reads as SQLite's 0 and 1;
//   - begin_write() is BEGIN plus a transaction-scoped advisory lock
//     (kWriteLock) that every writer takes, so that writers of one store
//     queue as SQLite's do, whichever server they run in: what a write
//     transaction reads stays true until it commits (no lost update). A
//     writer that waits more than 5 s gets kBusy, as with SQLite;
//   - begin_read() is a REPEATABLE READ transaction: one consistent picture;
//   - a statement's whole result is fetched when it is first stepped, so
//     that another statement can run while it is being read (SQLite allows
//     that, and modules rely on it); one whose rows may be many
//     (Stmt::expect_many_rows) is read inside a transaction through a
//     cursor, 10,000 rows at a time, the next FETCH sent before a batch
//     is handled, so that the server produces while the caller reads;
// Errors are classified by SQLSTATE: integrity violations (class 23) and
// the schema's triggers' refusals (P0001) are constraints; serialization
// failures, deadlocks and lock timeouts are kBusy; a full disk, a lost or
// refused connection are kStoreError saying what to do.
//
// Thread safety: a connection and its statements belong to one thread at a
// time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/db.h"

namespace bc {

// True when a store's address names a PostgreSQL database
// ("postgresql://..." or "postgres://..."), not an SQLite file.
bool is_postgresql_address(std::string_view address);
// The address with any password replaced by "***", for messages and logs.
std::string redact_address(std::string_view address);

// `?` and `?N` parameters as `$N`, with the number of parameters; quotes,
// quoted names and comments are left alone.
struct NumberedSql {
  std::string sql;
  int params = 0;
};
NumberedSql number_parameters(std::string_view sql);

struct PgConn;  // the libpq connection, shared with its statements

class PgDb final : public Db {
 public:
  // The key of the advisory lock every write transaction takes.
  static constexpr int64_t kWriteLock = 0x42434152;  // "BCAR"

  // Connects to the database at address (a libpq connection URI).
  static Result<std::unique_ptr<PgDb>> open(const std::string& address);
  ~PgDb() override;

  Status exec(std::string_view sql) override;
  Result<Stmt> prepare(std::string_view sql) override;
  Status begin_write() override;
  Status begin_read() override;
  bool in_transaction() const override;
  int64_t changes() const override;
  std::string last_error() const override;
  Status last_status() const override;
  bool last_error_is_constraint() const override;
  bool last_error_is_duplicate_key() const override;
  Result<bool> has_table(std::string_view name) override;
  Result<std::vector<std::string>> table_names() override;
  Result<std::vector<Column>> columns(std::string_view table) override;
  Result<std::vector<std::string>> referenced_tables(std::string_view table) override;
  bool can_copy() const override { return true; }
  Status copy_in(std::string_view table, std::string_view columns, std::string_view data) override;
  void exec_then(std::string_view sql, std::function<void(Status)> done) override;
  void wait() override;

 private:
  explicit PgDb(std::shared_ptr<PgConn> conn) : conn_(std::move(conn)) {}
  std::shared_ptr<PgConn> conn_;
};

}  // namespace bc
