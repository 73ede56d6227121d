#include "store/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace bc {
namespace {

// An error from SQLite as a Status: "the database is locked" (another
// connection holds the write lock past the busy timeout) is kBusy, which
// callers answer with "try again" (HTTP 503, CLI exit 4), never as bad data.
Status sqlite_status(int rc, std::string message) {
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Status::busy(
        "the store is busy (another process, such as an import, is writing to "
        "it); try again when it has finished: " +
        message);
  }
  return Status::store_error(std::move(message));
}

}  // namespace

Result<std::unique_ptr<Db>> Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Db> db(new Db(raw));
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return Status::store_error(fmt::format("cannot open the store {}: {}", path, msg));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Db::~Db() {
  sqlite3_close_v2(db_);
}

Status Db::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return sqlite_status(rc, msg);
  }
  return Status();
}

Result<Stmt> Db::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  if (int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
      rc != SQLITE_OK) {
    return sqlite_status(rc, sqlite3_errmsg(db_));
  }
  return Stmt(st);
}

Result<std::optional<int64_t>> Db::query_int(std::string_view sql) {
  auto st = prepare(sql);
  if (!st.ok()) return st.status();
  Status s;
  if (!st->step(&s)) {
    if (!s.ok()) return s;
    return std::optional<int64_t>();
  }
  return st->opt_int64(0);
}

bool Db::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}
int64_t Db::changes() const {
  return sqlite3_changes64(db_);
}
int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}
std::string Db::last_error() const {
  return sqlite3_errmsg(db_);
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(st_);
    st_ = o.st_;
    o.st_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  sqlite3_finalize(st_);
}

Stmt& Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(st_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  sqlite3_bind_double(st_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_static(int i, std::string_view v) {
  sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(st_, i);
  return *this;
}

bool Stmt::step(Status* status) {
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    *status = sqlite_status(rc, sqlite3_errmsg(sqlite3_db_handle(st_)));
  }
  return false;
}

Status Stmt::run() {
  Status s;
  while (step(&s)) {
  }
  reset();
  return s;
}

void Stmt::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

bool Stmt::is_null(int col) const {
  return sqlite3_column_type(st_, col) == SQLITE_NULL;
}
int64_t Stmt::int64(int col) const {
  return sqlite3_column_int64(st_, col);
}
double Stmt::real(int col) const {
  return sqlite3_column_double(st_, col);
}
std::string Stmt::text(int col) const {
  const auto* p = sqlite3_column_text(st_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(st_, col)));
}
std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::optional<int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Result<std::unique_ptr<Transaction>> Transaction::begin(Db& db) {
  Status s = db.exec("BEGIN IMMEDIATE");
  if (!s.ok()) return Status(s.code(), "cannot start a transaction: " + s.message());
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (!done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
  Status s = db_.exec("COMMIT");
  if (s.ok()) done_ = true;
  return s;
}

}  // namespace bc
