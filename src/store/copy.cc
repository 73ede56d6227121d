#include "store/copy.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cstring>
#include <map>
#include <set>

namespace bc {
namespace {

// Tables one backend has and the other does not.
bool backend_only(const std::string& table) {
  return table == "secrets" || table == "bettercare_store";
}

Result<std::vector<std::string>> shared_tables(Db& db) {
  auto all = db.table_names();
  if (!all.ok()) return all.status();
  std::vector<std::string> out;
  for (const std::string& t : *all) {
    if (!backend_only(t)) out.push_back(t);
  }
  return out;
}

// The tables in an order where each comes after those it refers to.
Result<std::vector<std::string>> in_key_order(Db& db, const std::vector<std::string>& tables) {
  std::map<std::string, std::vector<std::string>> refs;
  for (const std::string& t : tables) {
    auto r = db.referenced_tables(t);
    if (!r.ok()) return r.status();
    refs[t] = *r;
  }
  std::vector<std::string> out;
  std::set<std::string> placed, visiting;
  std::function<Status(const std::string&)> visit = [&](const std::string& t) -> Status {
    if (placed.count(t) != 0 || refs.count(t) == 0) return Status();
    if (!visiting.insert(t).second) {
      return Status::internal(fmt::format("the foreign keys of {} refer back to it", t));
    }
    for (const std::string& r : refs[t]) {
      if (r != t) {
        if (Status s = visit(r); !s.ok()) return s;
      }
    }
    placed.insert(t);
    out.push_back(t);
    return Status();
  };
  for (const std::string& t : tables) {
    if (Status s = visit(t); !s.ok()) return s;
  }
  return out;
}

std::string quoted(const std::string& name) {
  return "\"" + name + "\"";
}

std::string select_all(const std::string& table, const std::vector<Db::Column>& cols) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + quoted(cols[i].name);
  return sql + " FROM " + quoted(table);
}

// One value written canonically, for the checksum.
void append_value(const Stmt& st, int i, Db::Kind kind, std::string* out) {
  if (st.is_null(i)) {
    out->append("\x01N");
  } else if (kind == Db::Kind::kInteger) {
    out->append(std::to_string(st.int64(i)));
  } else if (kind == Db::Kind::kReal) {
    out->append(fmt::format("{}", st.real(i)));
  } else {
    out->append(st.text(i));
  }
  out->push_back('\0');
}

Result<TableFingerprint> fingerprint_table(Db& db, const std::string& table) {
  auto cols = db.columns(table);
  if (!cols.ok()) return cols.status();
  auto st = db.prepare(select_all(table, *cols));
  if (!st.ok()) return st.status();
  TableFingerprint f;
  f.table = table;
  uint64_t sum[2] = {0, 0};
  std::string row;
  Status s;
  while (st->step(&s)) {
    row.clear();
    for (size_t i = 0; i < cols->size(); ++i) {
      append_value(*st, static_cast<int>(i), (*cols)[i].kind, &row);
    }
    unsigned char h[16];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(row.data()), row.size(),
                       nullptr, 0);
    uint64_t lanes[2];
    std::memcpy(lanes, h, sizeof lanes);
    sum[0] += lanes[0];
    sum[1] += lanes[1];
    ++f.rows;
  }
  if (!s.ok()) return s;
  f.checksum = fmt::format("{:016x}{:016x}", sum[0], sum[1]);
  return f;
}

// Binds one value read from the source to the destination's statement.
void bind_value(const Stmt& from, int i, Db::Kind kind, Stmt* to) {
  if (from.is_null(i)) {
    to->bind_null(i + 1);
  } else if (kind == Db::Kind::kInteger) {
    to->bind(i + 1, from.int64(i));
  } else if (kind == Db::Kind::kReal) {
    to->bind(i + 1, from.real(i));
  } else {
    to->bind(i + 1, from.text(i));
  }
}

// The rows a new store holds from its opening alone.
bool made_by_opening(const std::string& table) {
  return table == "key_check";
}

Status check_new_and_alike(Store& from, Store& to, const std::vector<std::string>& tables) {
  if (from.schema_version() != to.schema_version()) {
    return Status::invalid_argument(fmt::format(
        "{} is at schema version {} and {} at {}: open both with this bettercare",
        from.display_name(), from.schema_version(), to.display_name(), to.schema_version()));
  }
  if (from.keys().audit != to.keys().audit || from.keys().pseudonym != to.keys().pseudonym) {
    return Status::invalid_argument(fmt::format(
        "{} was opened with other keys than {}: the copy must keep the store's own key file",
        to.display_name(), from.display_name()));
  }
  for (const std::string& t : tables) {
    if (made_by_opening(t)) continue;
    auto n = to.db().query_int(fmt::format("SELECT count(*) FROM {}", quoted(t)));
    if (!n.ok()) return n.status();
    if (n->value_or(0) != 0) {
      return Status::invalid_argument(fmt::format(
          "{} is not a new store (its table {} has {} rows): a store is copied only into a new "
          "one, so that nothing is merged or overwritten",
          to.display_name(), t, n->value_or(0)));
    }
  }
  return Status();
}

// After rows were written with their ids, each identity column's sequence
// continues after the largest.
Status advance_identities(Db& db, const std::string& table) {
  auto cols = db.query_texts(
      "SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(?) "
      "AND attidentity <> ''",
      table);
  if (!cols.ok()) return cols.status();
  for (const std::string& c : *cols) {
    if (Status s = db.exec(
            fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), max({1})) FROM {0} "
                        "HAVING max({1}) IS NOT NULL",
                        table, c));
        !s.ok()) {
      return s;
    }
  }
  return Status();
}

Result<int64_t> copy_table(Db& from, Db& to, const std::string& table,
                           const std::function<void(const std::string&, int64_t)>& progress) {
  auto cols = from.columns(table);
  if (!cols.ok()) return cols.status();
  auto read = from.prepare(select_all(table, *cols));
  if (!read.ok()) return read.status();
  std::string insert = "INSERT INTO " + quoted(table) + " (";
  std::string values;
  for (size_t i = 0; i < cols->size(); ++i) {
    insert += (i ? ", " : "") + quoted((*cols)[i].name);
    values += i ? ", ?" : "?";
  }
  auto write = to.prepare(insert + ") VALUES (" + values + ")");
  if (!write.ok()) return write.status();
  int64_t rows = 0;
  Status s;
  while (read->step(&s)) {
    for (size_t i = 0; i < cols->size(); ++i) {
      bind_value(*read, static_cast<int>(i), (*cols)[i].kind, &*write);
    }
    if (Status w = write->run(); !w.ok()) {
      return Status(w.code(), fmt::format("copying {} row {}: {}", table, rows + 1, w.message()));
    }
    if (++rows % 10000 == 0) progress(table, rows);
  }
  if (!s.ok()) return s;
  progress(table, rows);
  return rows;
}

}  // namespace

Result<std::vector<TableFingerprint>> fingerprint_store(Store& store) {
  ReadTransaction read(store.db());
  auto tables = shared_tables(store.db());
  if (!tables.ok()) return tables.status();
  std::vector<TableFingerprint> out;
  for (const std::string& t : *tables) {
    auto f = fingerprint_table(store.db(), t);
    if (!f.ok()) return f.status();
    out.push_back(std::move(*f));
  }
  return out;
}

Result<CopyReport> copy_store(Store& from, Store& to,
                              const std::function<void(const std::string&, int64_t)>& progress) {
  if (!to.is_postgresql()) {
    return Status::invalid_argument(
        "a store is copied into a PostgreSQL store (--to postgresql://...); to copy an SQLite "
        "file, use 'bettercare backup'");
  }
  ReadTransaction read(from.db());
  auto tables = shared_tables(from.db());
  if (!tables.ok()) return tables.status();
  auto dest_tables = shared_tables(to.db());
  if (!dest_tables.ok()) return dest_tables.status();
  if (*dest_tables != *tables) {
    return Status::invalid_argument(fmt::format("{} and {} do not have the same tables",
                                                from.display_name(), to.display_name()));
  }
  auto ordered = in_key_order(to.db(), *tables);
  if (!ordered.ok()) return ordered.status();

  auto tx = Transaction::begin(to.db());
  if (!tx.ok()) return tx.status();
  if (Status s = check_new_and_alike(from, to, *tables); !s.ok()) return s;
  CopyReport report;
  for (const std::string& t : *ordered) {
    // The schema's triggers guard the workflow of new rows (a report's
    // next version, the audit log's next entry); a copy writes history as
    // it was, so they are off for it, inside this transaction only.
    if (Status s = to.db().exec(fmt::format("ALTER TABLE {} DISABLE TRIGGER USER", quoted(t)));
        !s.ok()) {
      return s;
    }
    if (made_by_opening(t)) {
      if (Status s = to.db().exec(fmt::format("DELETE FROM {}", quoted(t))); !s.ok()) return s;
    }
    auto rows = copy_table(from.db(), to.db(), t, progress);
    if (!rows.ok()) return rows.status();
    report.rows += *rows;
    if (Status s = advance_identities(to.db(), t); !s.ok()) return s;
    if (Status s = to.db().exec(fmt::format("ALTER TABLE {} ENABLE TRIGGER USER", quoted(t)));
        !s.ok()) {
      return s;
    }
  }
  for (const std::string& t : *tables) {
    auto a = fingerprint_table(from.db(), t);
    if (!a.ok()) return a.status();
    auto b = fingerprint_table(to.db(), t);
    if (!b.ok()) return b.status();
    report.source.push_back(std::move(*a));
    report.destination.push_back(std::move(*b));
  }
  if (report.source != report.destination) {
    for (size_t i = 0; i < report.source.size(); ++i) {
      if (report.source[i] != report.destination[i]) {
        return Status::store_error(fmt::format(
            "the copy of {} differs from the original ({} rows, checksum {}; copied {} rows, "
            "checksum {}): nothing was committed",
            report.source[i].table, report.source[i].rows, report.source[i].checksum,
            report.destination[i].rows, report.destination[i].checksum));
      }
    }
  }
  if (Status s = (*tx)->commit(); !s.ok()) return s;
  return report;
}

}  // namespace bc
