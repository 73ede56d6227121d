#include "store/db.h"

namespace bc {

Status Stmt::run() {
  Status s;
  while (step(&s)) {
  }
  reset();
  return s;
}

Result<int64_t> Stmt::run_returning_int() {
  Status s;
  if (!step(&s)) {
    reset();
    if (!s.ok()) return s;
    return Status::internal("an INSERT ... RETURNING returned no row");
  }
  const int64_t value = int64(0);
  while (step(&s)) {
  }
  reset();
  if (!s.ok()) return s;
  return value;
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
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

Result<std::vector<std::string>> Db::query_texts(std::string_view sql,
                                                 std::optional<std::string_view> param) {
  auto st = prepare(sql);
  if (!st.ok()) return st.status();
  if (param) st->bind(1, *param);
  std::vector<std::string> out;
  Status s;
  while (st->step(&s)) out.push_back(st->text(0));
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Db::Column>> Db::read_columns(std::string_view sql, std::string_view table,
                                                 Kind (*kind_of)(const std::string& type)) {
  auto st = prepare(sql);
  if (!st.ok()) return st.status();
  st->bind(1, table);
  std::vector<Column> out;
  Status s;
  while (st->step(&s)) out.push_back({st->text(0), kind_of(st->text(1))});
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::string>> Db::column_names(std::string_view table) {
  auto cols = columns(table);
  if (!cols.ok()) return cols.status();
  std::vector<std::string> out;
  for (const Column& c : *cols) out.push_back(c.name);
  return out;
}

Result<std::unique_ptr<Transaction>> Transaction::begin(Db& db) {
  Status s = db.begin_write();
  if (!s.ok()) return Status(s.code(), "cannot start a transaction: " + s.message());
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  // Ignored: a destructor has no one to tell, and a failed ROLLBACK still
  // commits nothing (the transaction ends with the connection).
  if (!done_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
  Status s = db_.exec("COMMIT");
  if (s.ok()) done_ = true;
  return s;
}

Status Db::make_indexes(const std::vector<Index>& indexes, int /*sort_kib*/) {
  for (const Index& index : indexes) {
    if (Status s = exec(index.sql); !s.ok()) return s;
  }
  return Status();
}

Status Db::copy_in(std::string_view, std::string_view, std::string_view) {
  return Status::internal("this store's backend has no bulk loading (COPY)");
}

void Db::exec_then(std::string_view sql, std::function<void(Status)> done) {
  done(exec(sql));
}

}  // namespace bc
