#include "store/postgres.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <functional>
#include <optional>
#include <vector>

namespace bc {

struct PgConn {
  PGconn* conn = nullptr;
  int64_t changes = 0;
  // The last failure (empty sqlstate: none).
  std::string sqlstate;
  std::string message;
  // Prepared statements whose Stmt has gone, deallocated when the
  // connection can next run a command.
  std::vector<std::string> to_deallocate;
  // Cursors of the current transaction that are done with, closed with
  // the statements above (a transaction's end closes them all).
  std::vector<std::string> to_close;
  uint64_t next_statement = 0;
  // Counts the commands after which the connection was outside any
  // transaction: a cursor belongs to the transaction of its count.
  uint64_t transaction = 0;
  // The command sent and running while the caller goes on (exec_then's
  // statement, or a cursor's next FETCH), and what to give its result to
  // (which takes ownership of it; nullptr when the connection failed).
  std::function<void(PGresult*)> running;

  ~PgConn() {
    if (conn != nullptr) PQfinish(conn);
  }
};

namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

Status classify(const std::string& sqlstate, const std::string& message) {
  const std::string_view cls = std::string_view(sqlstate).substr(0, 2);
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014") {
    return Status::busy(
        "the store is busy (another process, such as an import, is writing to it); try again "
        "when it has finished: " +
        message);
  }
  if (sqlstate == "53100") {
    return Status::store_error(fmt::format(
        "the disk holding the PostgreSQL store is full (PostgreSQL: {}): nothing was changed; ask "
        "the database's administrator for room and run the command again",
        message));
  }
  if (sqlstate == "25006" || sqlstate == "42501") {
    return Status::store_error(fmt::format(
        "the PostgreSQL store cannot be written by this connection (PostgreSQL: {}): a command "
        "that changes the store needs a database role that may write it",
        message));
  }
  if (cls == "08" || cls == "57" || sqlstate.empty()) {
    return Status::store_error(fmt::format(
        "the connection to the PostgreSQL store failed (PostgreSQL: {}): check that the server is "
        "running and reachable, and run the command again",
        message));
  }
  return Status::store_error(message);
}

// Records the outcome of a command on the connection: the rows it changed,
// or its failure. Takes ownership of res and gives it back when it
// succeeded with the expected status.
PGresult* check(PgConn& c, PGresult* res, Status* status) {
  if (PQtransactionStatus(c.conn) == PQTRANS_IDLE) ++c.transaction;
  const ExecStatusType t = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK || t == PGRES_EMPTY_QUERY) {
    c.sqlstate.clear();
    c.message.clear();
    const char* n = PQcmdTuples(res);
    c.changes = n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
    return res;
  }
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res != nullptr ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  c.sqlstate = state != nullptr ? state : "";
  c.message = primary != nullptr ? primary : PQerrorMessage(c.conn);
  while (!c.message.empty() && (c.message.back() == '\n' || c.message.back() == ' ')) {
    c.message.pop_back();
  }
  if (c.sqlstate.empty()) c.sqlstate = PQstatus(c.conn) == CONNECTION_OK ? "XX000" : "08006";
  *status = classify(c.sqlstate, c.message);
  PQclear(res);
  return nullptr;
}

// Waits for the command sent and running, if any, and gives it its result.
void settle(PgConn& c) {
  if (!c.running) return;
  std::function<void(PGresult*)> done = std::move(c.running);
  c.running = nullptr;
  PGresult* res = PQgetResult(c.conn);
  // Drain to the end of the command, as libpq requires.
  while (PGresult* more = PQgetResult(c.conn)) PQclear(more);
  done(res);
}

// Makes the connection ready for a command: the command running is done
// with, the cursors done with are closed and the statements whose Stmt has
// gone are deallocated.
void deallocate_pending(PgConn& c) {
  settle(c);
  const PGTransactionStatusType t = PQtransactionStatus(c.conn);
  if (t != PQTRANS_INTRANS) c.to_close.clear();  // gone with their transaction, or to go
  if (t == PQTRANS_INERROR || (c.to_deallocate.empty() && c.to_close.empty())) return;
  std::string sql;
  for (const std::string& name : c.to_close) sql += "CLOSE " + name + ";";
  for (const std::string& name : c.to_deallocate) sql += "DEALLOCATE " + name + ";";
  c.to_close.clear();
  c.to_deallocate.clear();
  PQclear(PQexec(c.conn, sql.c_str()));
}

int64_t parse_int(const char* v) {
  if (v == nullptr || *v == '\0') return 0;
  if (v[0] == 't' && v[1] == '\0') return 1;
  if (v[0] == 'f' && v[1] == '\0') return 0;
  char* end = nullptr;
  const long long n = std::strtoll(v, &end, 10);
  if (*end == '.' || *end == 'e' || *end == 'E') {
    return static_cast<int64_t>(std::strtod(v, nullptr));  // as SQLite reads a REAL
  }
  return n;
}

// The rows a cursor's FETCH asks for at a time.
constexpr int kBatchRows = 10000;

class PgStmt final : public StmtImpl {
 public:
  PgStmt(std::shared_ptr<PgConn> c, std::string name, std::string sql, int params)
      : c_(std::move(c)),
        name_(std::move(name)),
        sql_(std::move(sql)),
        values_(static_cast<size_t>(params)) {}
  ~PgStmt() override {
    end_cursor();
    PQclear(res_);
    c_->to_deallocate.push_back(name_);
  }
  PgStmt(const PgStmt&) = delete;
  PgStmt& operator=(const PgStmt&) = delete;

  void bind_int64(int i, int64_t v) override { set(i, std::to_string(v)); }
  void bind_double(int i, double v) override { set(i, fmt::format("{}", v)); }
  void bind_text(int i, std::string_view v, bool) override { set(i, std::string(v)); }
  void bind_null(int i) override {
    if (i >= 1 && static_cast<size_t>(i) <= values_.size()) values_[i - 1].reset();
  }
  void expect_many_rows() override { many_ = true; }
  bool step(Status* status) override {
    if (res_ == nullptr) {
      if (!(many_ && PQtransactionStatus(c_->conn) == PQTRANS_INTRANS ? open_cursor(status)
                                                                      : execute(status))) {
        return false;
      }
    } else if (++row_ >= PQntuples(res_) && !cursor_.empty()) {
      if (!next_batch(status)) return false;
    } else if (fetching_ && row_ % 256 == 0) {
      // Takes in what the server has sent of the next batch, so that it
      // goes on producing while these rows are handled.
      PQconsumeInput(c_->conn);
    }
    return row_ < PQntuples(res_);
  }
  void reset() override {
    end_cursor();
    PQclear(res_);
    res_ = nullptr;
    for (auto& v : values_) v.reset();
  }
  // A column that is not there reads as NULL, as in SQLite.
  bool is_null(int col) const override { return !has(col) || PQgetisnull(res_, row_, col) != 0; }
  int64_t int64(int col) const override {
    return has(col) ? parse_int(PQgetvalue(res_, row_, col)) : 0;
  }
  double real(int col) const override {
    if (!has(col)) return 0;
    const char* v = PQgetvalue(res_, row_, col);
    if (v[0] == 't' && v[1] == '\0') return 1;
    return std::strtod(v, nullptr);
  }
  std::string text(int col) const override {
    if (!has(col)) return {};
    return std::string(PQgetvalue(res_, row_, col),
                       static_cast<size_t>(PQgetlength(res_, row_, col)));
  }

 private:
  bool has(int col) const {
    return res_ != nullptr && row_ < PQntuples(res_) && col >= 0 && col < PQnfields(res_);
  }
  void set(int i, std::string v) {
    if (i >= 1 && static_cast<size_t>(i) <= values_.size()) values_[i - 1] = std::move(v);
  }
  std::vector<const char*> values() const {
    std::vector<const char*> v(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) v[i] = values_[i] ? values_[i]->c_str() : nullptr;
    return v;
  }
  // Runs the prepared statement and holds its whole result.
  bool execute(Status* status) {
    deallocate_pending(*c_);
    const std::vector<const char*> v = values();
    res_ = check(*c_,
                 PQexecPrepared(c_->conn, name_.c_str(), static_cast<int>(v.size()), v.data(),
                                nullptr, nullptr, 0),
                 status);
    row_ = 0;
    return res_ != nullptr;
  }
  // Declares a cursor for the statement and reads its first batch.
  bool open_cursor(Status* status) {
    deallocate_pending(*c_);
    const std::vector<const char*> v = values();
    std::string cursor = fmt::format("bcc{}", ++c_->next_statement);
    PGresult* res =
        check(*c_,
              PQexecParams(c_->conn,
                           fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, sql_).c_str(),
                           static_cast<int>(v.size()), nullptr, v.data(), nullptr, nullptr, 0),
              status);
    if (res == nullptr) return false;
    PQclear(res);
    cursor_ = std::move(cursor);
    transaction_ = c_->transaction;
    send_fetch();
    return next_batch(status);
  }
  // Sends the cursor's next FETCH, whose result comes back while the
  // caller goes on (or when another command needs the connection).
  void send_fetch() {
    deallocate_pending(*c_);
    const std::string sql = fmt::format("FETCH {} FROM {}", kBatchRows, cursor_);
    if (PQsendQuery(c_->conn, sql.c_str()) != 1) return;  // next_batch reports it
    fetching_ = true;
    c_->running = [this](PGresult* res) {
      fetched_ = res;
      fetching_ = false;
    };
  }
  // Moves to the batch the FETCH brought, and sends the next FETCH if this
  // batch was full; the cursor is closed after its last.
  bool next_batch(Status* status) {
    if (fetching_) settle(*c_);
    PQclear(res_);
    res_ = check(*c_, fetched_, status);
    fetched_ = nullptr;
    row_ = 0;
    if (res_ == nullptr) {
      end_cursor();
      return false;
    }
    if (PQntuples(res_) == kBatchRows) {
      send_fetch();
    } else {
      end_cursor();
    }
    return true;
  }
  // Done with the cursor: its FETCH awaited and dropped, and the cursor
  // closed with the connection's next command, if its transaction has not
  // ended (which closed it).
  void end_cursor() {
    if (fetching_) settle(*c_);
    PQclear(fetched_);
    fetched_ = nullptr;
    if (cursor_.empty()) return;
    if (c_->transaction == transaction_ && PQtransactionStatus(c_->conn) == PQTRANS_INTRANS) {
      c_->to_close.push_back(cursor_);
    }
    cursor_.clear();
  }

  std::shared_ptr<PgConn> c_;
  std::string name_;
  std::string sql_;  // with $N parameters, for a cursor
  std::vector<std::optional<std::string>> values_;
  bool many_ = false;
  PGresult* res_ = nullptr;
  int row_ = 0;
  // The open cursor (empty: none), the transaction it belongs to, whether
  // its next FETCH is running and the batch that FETCH brought.
  std::string cursor_;
  uint64_t transaction_ = 0;
  bool fetching_ = false;
  PGresult* fetched_ = nullptr;
};

void ignore_notice(void*, const char*) {}

}  // namespace

bool is_postgresql_address(std::string_view address) {
  return starts_with(address, "postgresql://") || starts_with(address, "postgres://");
}

std::string redact_address(std::string_view address) {
  if (!is_postgresql_address(address)) return std::string(address);
  const size_t scheme = address.find("://") + 3;
  const size_t at = address.find('@', scheme);
  const size_t slash = address.find('/', scheme);
  std::string out(address);
  if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
    const size_t colon = address.find(':', scheme);
    if (colon != std::string_view::npos && colon < at) {
      out = std::string(address.substr(0, colon + 1)) + "***" + std::string(address.substr(at));
    }
  }
  // A password given as a parameter (?password=...).
  const size_t p = out.find("password=");
  if (p != std::string::npos && p > 0 && (out[p - 1] == '?' || out[p - 1] == '&')) {
    const size_t end = out.find('&', p);
    out = out.substr(0, p + 9) + "***" + (end == std::string::npos ? "" : out.substr(end));
  }
  return out;
}

NumberedSql number_parameters(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 8);
  size_t i = 0;
  auto copy_until = [&](std::string_view close) {
    const size_t end = sql.find(close, i);
    const size_t stop = end == std::string_view::npos ? sql.size() : end + close.size();
    out.sql.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    const char ch = sql[i];
    if (ch == '\'' || ch == '"') {
      // To the closing quote; a doubled quote inside is two quoted parts.
      out.sql += ch;
      ++i;
      copy_until(std::string_view(&sql[i - 1], 1));
    } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/");
    } else if (ch == '?') {
      ++i;
      size_t j = i;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
      int n = out.params + 1;
      if (j > i) n = std::atoi(std::string(sql.substr(i, j - i)).c_str());
      out.params = std::max(out.params, n);
      out.sql += "$" + std::to_string(n);
      i = j;
    } else {
      out.sql += ch;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<PgDb>> PgDb::open(const std::string& address) {
  auto c = std::make_shared<PgConn>();
  c->conn = PQconnectdb(address.c_str());
  if (c->conn == nullptr) return Status::store_error("out of memory connecting to PostgreSQL");
  if (PQstatus(c->conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(c->conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Status::store_error(
        fmt::format("cannot connect to the PostgreSQL store {}: {}", redact_address(address), why));
  }
  PQsetNoticeProcessor(c->conn, ignore_notice, nullptr);
  std::unique_ptr<PgDb> db(new PgDb(std::move(c)));
  if (Status s = db->exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'"); !s.ok()) {
    return s;
  }
  return db;
}

// A statement still running is left to the connection: its transaction,
// never committed, ends with it.
PgDb::~PgDb() {
  conn_->running = nullptr;
}

Status PgDb::exec(std::string_view sql) {
  deallocate_pending(*conn_);
  Status s;
  PQclear(check(*conn_, PQexec(conn_->conn, std::string(sql).c_str()), &s));
  return s;
}

Result<Stmt> PgDb::prepare(std::string_view sql) {
  deallocate_pending(*conn_);
  NumberedSql n = number_parameters(sql);
  std::string name = fmt::format("bc{}", ++conn_->next_statement);
  Status s;
  PGresult* res =
      check(*conn_, PQprepare(conn_->conn, name.c_str(), n.sql.c_str(), 0, nullptr), &s);
  if (res == nullptr) return s;
  PQclear(res);
  return Stmt(std::make_unique<PgStmt>(conn_, std::move(name), std::move(n.sql), n.params));
}

Status PgDb::copy_in(std::string_view table, std::string_view columns, std::string_view data) {
  deallocate_pending(*conn_);
  Status s;
  const std::string sql = fmt::format("COPY {} ({}) FROM STDIN", table, columns);
  PGresult* res = PQexec(conn_->conn, sql.c_str());
  if (res == nullptr || PQresultStatus(res) != PGRES_COPY_IN) {
    PQclear(check(*conn_, res, &s));
    return s.ok() ? Status::store_error("COPY did not start") : s;
  }
  PQclear(res);
  // In pieces of at most 1 MiB, as libpq sends them.
  for (size_t at = 0; at < data.size(); at += 1 << 20) {
    const std::string_view piece = data.substr(at, 1 << 20);
    if (PQputCopyData(conn_->conn, piece.data(), static_cast<int>(piece.size())) != 1) break;
  }
  PQputCopyEnd(conn_->conn, nullptr);
  PQclear(check(*conn_, PQgetResult(conn_->conn), &s));
  // Drain to the end of the command, as libpq requires.
  while (PGresult* more = PQgetResult(conn_->conn)) PQclear(more);
  return s;
}

void PgDb::exec_then(std::string_view sql, std::function<void(Status)> done) {
  deallocate_pending(*conn_);
  if (PQsendQuery(conn_->conn, std::string(sql).c_str()) != 1) {
    Status s;
    PQclear(check(*conn_, nullptr, &s));
    return done(s);
  }
  conn_->running = [c = conn_.get(), done = std::move(done)](PGresult* res) {
    Status s;
    PQclear(check(*c, res, &s));
    done(s);
  };
}

void PgDb::wait() {
  settle(*conn_);
}

Status PgDb::begin_write() {
  if (Status s = exec("BEGIN; SET LOCAL lock_timeout = '5s'"); !s.ok()) return s;
  Status s = exec(fmt::format("SELECT pg_advisory_xact_lock({})", kWriteLock));
  if (!s.ok()) (void)exec("ROLLBACK");
  return s;
}

Status PgDb::begin_read() {
  return exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
}

bool PgDb::in_transaction() const {
  return PQtransactionStatus(conn_->conn) != PQTRANS_IDLE;
}
int64_t PgDb::changes() const {
  return conn_->changes;
}
std::string PgDb::last_error() const {
  return conn_->message;
}
Status PgDb::last_status() const {
  if (conn_->sqlstate.empty()) return Status();
  return classify(conn_->sqlstate, conn_->message);
}
bool PgDb::last_error_is_constraint() const {
  return starts_with(conn_->sqlstate, "23") || conn_->sqlstate == "P0001";
}
bool PgDb::last_error_is_duplicate_key() const {
  return conn_->sqlstate == "23505";  // unique_violation
}

Result<bool> PgDb::has_table(std::string_view name) {
  auto st = prepare("SELECT to_regclass(?) IS NOT NULL");
  if (!st.ok()) return st.status();
  st->bind(1, name);
  Status s;
  const bool found = st->step(&s) && st->int64(0) == 1;
  if (!s.ok()) return s;
  return found;
}

Result<std::vector<std::string>> PgDb::table_names() {
  return query_texts(
      "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
      "ORDER BY tablename COLLATE \"C\"",
      std::nullopt);
}

Result<std::vector<Db::Column>> PgDb::columns(std::string_view table) {
  return read_columns(
      "SELECT column_name::text, data_type::text FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
      table, [](const std::string& type) {
        return type == "bigint" || type == "integer" ? Kind::kInteger
               : type == "double precision"          ? Kind::kReal
               : type == "text"                      ? Kind::kText
                                                     : Kind::kOther;
      });
}

// Its foreign keys' tables, and those its statement checks name
// (migrations/postgresql/0021_reference_checks.sql: every third argument,
// from the second, of its bc_check_references triggers).
Result<std::vector<std::string>> PgDb::referenced_tables(std::string_view table) {
  return query_texts(
      "SELECT confrelid::regclass::text FROM pg_catalog.pg_constraint "
      "WHERE contype = 'f' AND conrelid = to_regclass(?1) "
      "UNION SELECT x.a[i] FROM (SELECT string_to_array(encode(t.tgargs, 'escape'), '\\000') AS a "
      "FROM pg_catalog.pg_trigger AS t JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid "
      "WHERE p.proname = 'bc_check_references' AND t.tgrelid = to_regclass(?1)) AS x, "
      "generate_subscripts(x.a, 1) AS i WHERE i % 3 = 2 ORDER BY 1",
      table);
}

}  // namespace bc
