#include "store/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace bc {
namespace {

// An error from SQLite as a Status. "The database is locked" (another
// connection holds the write lock past the busy timeout) is kBusy, which
// callers answer with "try again" (HTTP 503, CLI exit 4), never as bad data.
// A store that cannot be written or read (the disk full, a read-only
// medium, a corrupt file, an I/O error) is kStoreError with a message that
// says what to do, so that it is reported once as the environment's fault,
// never as a problem with each row an import was writing.
Status sqlite_status(sqlite3* db, int rc, const std::string& message) {
  const int primary = rc & 0xff;
  const int sys = db != nullptr ? sqlite3_system_errno(db) : 0;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::busy(
        "the store is busy (another process, such as an import, is writing to "
        "it); try again when it has finished: " +
        message);
  }
  if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG))) {
    return Status::store_error(fmt::format(
        "the disk holding the store is full (SQLite: {}): nothing was changed; free some space, "
        "or move the store to a disk with room (--db), and run the command again",
        message));
  }
  if (primary == SQLITE_READONLY) {
    return Status::store_error(fmt::format(
        "the store is read-only (SQLite: {}): the file, its directory or the disk cannot be "
        "written. A command that changes the store needs write access to the file and to its "
        "directory (for the -wal and -shm files); commands that only read work without it",
        message));
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    return Status::store_error(fmt::format(
        "the store is corrupt (SQLite: {}): its contents cannot be trusted. Restore it from a "
        "backup (made with 'bettercare backup', docs/cli.md), or make it again with "
        "'bettercare init' and the extracts",
        message));
  }
  if (primary == SQLITE_IOERR) {
    return Status::store_error(fmt::format(
        "the store could not be read or written: an I/O error (SQLite: {}{}{}); check the disk "
        "that holds it and run the command again",
        message, sys != 0 ? ": " : "", sys != 0 ? std::strerror(sys) : ""));
  }
  if (primary == SQLITE_CANTOPEN) {
    return Status::store_error(fmt::format(
        "the store cannot be opened (SQLite: {}): check that the file and its directory exist "
        "and can be read, and written by a command that changes the store",
        message));
  }
  return Status::store_error(message);
}

// A prepared statement of SQLite's (db.h StmtImpl).
class SqliteStmt final : public StmtImpl {
 public:
  explicit SqliteStmt(sqlite3_stmt* st) : st_(st) {}
  ~SqliteStmt() override { sqlite3_finalize(st_); }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  void bind_int64(int i, int64_t v) override { sqlite3_bind_int64(st_, i, v); }
  void bind_double(int i, double v) override { sqlite3_bind_double(st_, i, v); }
  void bind_text(int i, std::string_view v, bool copy) override {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()),
                      copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
  }
  void bind_null(int i) override { sqlite3_bind_null(st_, i); }
  bool step(Status* status) override {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      sqlite3* db = sqlite3_db_handle(st_);
      *status = sqlite_status(db, rc, sqlite3_errmsg(db));
    }
    return false;
  }
  void reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  bool is_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t int64(int col) const override { return sqlite3_column_int64(st_, col); }
  double real(int col) const override { return sqlite3_column_double(st_, col); }
  std::string text(int col) const override {
    const auto* p = sqlite3_column_text(st_, col);
    if (p == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<size_t>(sqlite3_column_bytes(st_, col)));
  }

 private:
  sqlite3_stmt* st_;
};

// SQLite's process-wide settings, made once before its first connection:
// no memory statistics, whose global mutex SQLite takes on every
// allocation and free (4% of an import's time; nothing here reads them).
// A tuning only: if SQLite was already started, it runs as it is.
void configure_sqlite() {
  static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)once;
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path, bool create) {
  configure_sqlite();
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Status::store_error(
        fmt::format("cannot open the store {}: {}", path, sqlite_status(raw, rc, msg).message()));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open_read_only(const std::string& path,
                                                           bool immutable) {
  configure_sqlite();
  // A URI, so that immutable=1 can be given; the path percent-encoded.
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += fmt::format("%{:02X}", c);
    }
  }
  uri += immutable ? "?mode=ro&immutable=1" : "?mode=ro";
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Status::store_error(
        fmt::format("cannot open the store {}: {}", path, sqlite_status(raw, rc, msg).message()));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

SqliteDb::~SqliteDb() {
  sqlite3_close_v2(db_);
}

Status SqliteDb::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return sqlite_status(db_, rc, msg);
  }
  return Status();
}

Result<Stmt> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  if (int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
      rc != SQLITE_OK) {
    return sqlite_status(db_, rc, sqlite3_errmsg(db_));
  }
  return Stmt(std::make_unique<SqliteStmt>(st));
}

Status SqliteDb::begin_write() {
  return exec("BEGIN IMMEDIATE");
}

Status SqliteDb::begin_read() {
  return exec("BEGIN DEFERRED");
}

bool SqliteDb::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}
int64_t SqliteDb::changes() const {
  return sqlite3_changes64(db_);
}
std::string SqliteDb::last_error() const {
  return sqlite3_errmsg(db_);
}
Status SqliteDb::last_status() const {
  const int rc = sqlite3_extended_errcode(db_);
  if ((rc & 0xff) == SQLITE_OK || (rc & 0xff) == SQLITE_ROW || (rc & 0xff) == SQLITE_DONE) {
    return Status();
  }
  return sqlite_status(db_, rc, sqlite3_errmsg(db_));
}
bool SqliteDb::last_error_is_constraint() const {
  return (sqlite3_extended_errcode(db_) & 0xff) == SQLITE_CONSTRAINT;
}
bool SqliteDb::last_error_is_duplicate_key() const {
  const int rc = sqlite3_extended_errcode(db_);
  return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

Result<bool> SqliteDb::has_table(std::string_view name) {
  auto st = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!st.ok()) return st.status();
  st->bind(1, name);
  Status s;
  const bool found = st->step(&s);
  if (!s.ok()) return s;
  return found;
}

Result<std::vector<std::string>> SqliteDb::table_names() {
  return query_texts(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
      "ORDER BY name",
      std::nullopt);
}

Result<std::vector<Db::Index>> SqliteDb::loose_indexes(std::string_view table) {
  // Indexes made by CREATE INDEX have their statement in sqlite_master; a
  // key's or a UNIQUE constraint's (sqlite_autoindex_*) has none.
  auto st = prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT "
      "NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name");
  if (!st.ok()) return st.status();
  st->bind(1, table);
  std::vector<Index> out;
  Status s;
  while (st->step(&s)) out.push_back({st->text(0), st->text(1)});
  if (!s.ok()) return s;
  return out;
}

Status SqliteDb::make_indexes(const std::vector<Index>& indexes, int sort_kib) {
  if (indexes.empty()) return Status();
  // SQLite's sorter keeps every key in memory, one allocation each, when
  // temp_store is MEMORY (as the importer sets it for statement journals):
  // 850 MB for the A&E attendances of 10 million people. With temp_store
  // FILE it fills a buffer the size of the page cache and writes sorted
  // runs to files that it then merges; so the cache is made `sort_kib`
  // while the indexes are made. Both settings are put back whatever
  // happens; a statement journal's place is fixed when its transaction
  // began, so this one's stay in memory. A tuning only: if SQLite refuses
  // it (temp_store cannot change while a temporary table is in use in the
  // transaction), the indexes are made as things are.
  auto cache = query_int("PRAGMA cache_size");
  auto temp = query_int("PRAGMA temp_store");
  if (!cache.ok()) return cache.status();
  if (!temp.ok()) return temp.status();
  (void)exec(fmt::format("PRAGMA cache_size = -{}; PRAGMA temp_store = FILE", sort_kib));
  // One more thread sorts runs and merges them beside this one (a buffer of
  // `sort_kib` each).
  const int workers = sqlite3_limit(db_, SQLITE_LIMIT_WORKER_THREADS, 1);
  Status made;
  for (const Index& index : indexes) {
    made = exec(index.sql);
    if (!made.ok()) break;
  }
  sqlite3_limit(db_, SQLITE_LIMIT_WORKER_THREADS, workers);
  Status back = exec(fmt::format("PRAGMA cache_size = {}; PRAGMA temp_store = {}",
                                 cache->value_or(-2000), temp->value_or(0)));
  return made.ok() ? back : made;
}

Result<std::vector<Db::Column>> SqliteDb::columns(std::string_view table) {
  return read_columns("SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid", table,
                      [](const std::string& type) {
                        return type == "INTEGER" ? Kind::kInteger
                               : type == "REAL"  ? Kind::kReal
                               : type == "TEXT"  ? Kind::kText
                                                 : Kind::kOther;
                      });
}

Result<std::vector<std::string>> SqliteDb::referenced_tables(std::string_view table) {
  return query_texts("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1", table);
}

}  // namespace bc
