// Helpers for tests that run the real bettercare binary.
//
// In the pg. pass (tests/support/test_backend.h) the store files the tests
// name are PostgreSQL databases: run_bc gives the binary, for each
// `--db FILE`, a new database (the same one for the same FILE throughout
// the test) and FILE.key as its key file, and the helpers that read a
// store (dump_store, query_int, query_text) read that database. A test
// keeps a file an SQLite file with keep_sqlite(FILE).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/test_backend.h"
#include "store/postgres.h"
#include "store/sqlite.h"

namespace bc::test {

namespace fs = std::filesystem;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The data rows of config/seed/finance_2017_18.csv, split into fields
// (scheme_code, scheme_name, host, partner, budget_k, actual_k, ...).
inline std::vector<std::vector<std::string>> seed_finance_rows() {
  std::istringstream seed(
      read_file(fs::path(BC_SOURCE_DIR) / "config" / "seed" / "finance_2017_18.csv"));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(seed, line);  // header
  while (std::getline(seed, line)) {
    std::vector<std::string> f;
    std::string cell;
    bool quoted = false;
    for (char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        f.push_back(cell), cell.clear();
      else
        cell += c;
    }
    f.push_back(cell);
    rows.push_back(std::move(f));
  }
  return rows;
}

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// The SHA-256 of a file as sha256sum computes it (hex), independently of
// bettercare's own.
inline std::string sha256sum(const fs::path& file) {
  std::string cmd = "sha256sum " + shell_quote(file.string());
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  char buf[65] = {};
  const size_t n = fread(buf, 1, 64, p);
  pclose(p);
  return std::string(buf, n);
}

// A directory that is removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// The stores a test keeps as SQLite files in the pg. pass.
inline std::set<std::string>& kept_sqlite() {
  static std::set<std::string> kept;
  return kept;
}
inline void keep_sqlite(const fs::path& file) {
  kept_sqlite().insert(fs::absolute(file).lexically_normal().string());
}

// Where the store the test calls `file` (relative to dir) is: the file, or
// in the pg. pass a database. There the file is a marker holding the
// database's address and the path it was made for, so that what tests do
// with store files still holds: a directory copied (made_once.h) copies
// the store (the copy's first use makes a new database from the original,
// as its template), and another process finds the same database.
inline TestAddress store_address(const fs::path& dir, const std::string& file) {
  if (!on_postgresql() || is_postgresql_address(file)) return {file, ""};
  const fs::path path = (fs::path(file).is_absolute() ? fs::path(file) : dir / file);
  const std::string key = fs::absolute(path).lexically_normal().string();
  if (kept_sqlite().count(key) != 0) return {file, ""};
  constexpr std::string_view kMark = "bettercare-test-store ";
  std::string marker = read_file(key);
  if (marker.rfind(kMark, 0) == 0) {
    std::istringstream in(marker.substr(kMark.size()));
    std::string address, made_for;
    std::getline(in, address);
    std::getline(in, made_for);
    if (made_for == key) return {address, key + ".key"};
    // A copy: a new database with the original's contents.
    auto copy = test_store_address(key, address);
    EXPECT_TRUE(copy.ok()) << copy.error();
    if (!copy.ok()) return {file, ""};
    write_file(key, std::string(kMark) + copy->db + "\n" + key + "\n");
    return *copy;
  }
  if (fs::exists(key)) return {file, ""};  // a real file (an SQLite store, or not a store)
  auto made = test_store_address(key);
  EXPECT_TRUE(made.ok()) << made.error();
  if (!made.ok()) return {file, ""};
  write_file(key, std::string(kMark) + made->db + "\n" + key + "\n");
  return *made;
}

// The arguments with each `--db FILE` given as store_address says; with
// no --db, the store the binary would take ($BETTERCARE_DB set in env, or
// bettercare.db) is named.
inline std::vector<std::string> with_store_addresses(const fs::path& dir,
                                                     const std::vector<std::string>& given,
                                                     const std::string& env) {
  if (!on_postgresql()) return given;
  std::vector<std::string> args = given;
  if (std::find(args.begin(), args.end(), "--db") == args.end()) {
    std::string file = "bettercare.db";
    const size_t e = env.find("BETTERCARE_DB=");
    if (e != std::string::npos) {
      file = env.substr(e + 14, env.find(' ', e) == std::string::npos ? std::string::npos
                                                                      : env.find(' ', e) - e - 14);
    }
    args.insert(args.begin(), {"--db", file});
  }
  std::vector<std::string> out;
  bool has_key = false;
  for (const auto& a : args) has_key |= a == "--key-file" || a.rfind("--key-file=", 0) == 0;
  std::string key_file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--db" && i + 1 < args.size()) {
      TestAddress t = store_address(dir, args[i + 1]);
      out.push_back("--db");
      out.push_back(t.db);
      if (!t.key_file.empty()) key_file = t.key_file;
      ++i;
    } else {
      out.push_back(args[i]);
    }
  }
  // Keys named in env ($BETTERCARE_KEY, $BETTERCARE_KEY_FILE) are the
  // test's: a --key-file would win over them.
  has_key |= env.find("BETTERCARE_KEY") != std::string::npos;
  if (!has_key && !key_file.empty()) out.insert(out.begin(), "--key-file=" + key_file);
  return out;
}

// Runs bettercare with args (each shell-quoted) in dir, after env (shell
// words: "umask 022 &&", "BETTERCARE_DB=x"), with input on its stdin;
// captures output.
inline RunResult run_bc(const fs::path& dir, const std::vector<std::string>& given,
                        const std::string& env = "", const std::string& input = "") {
  const std::vector<std::string> args = with_store_addresses(dir, given, env);
  std::string cmd = "cd " + shell_quote(dir.string()) + " && " + env + " " + shell_quote(BC_BINARY);
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  std::string in = "/dev/null";
  if (!input.empty()) {
    in = (dir / ".stdin").string();
    write_file(in, input);
  }
  cmd += " >" + shell_quote((dir / ".stdout").string()) + " 2>" +
         shell_quote((dir / ".stderr").string()) + " <" + shell_quote(in);
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / ".stdout");
  r.err = read_file(dir / ".stderr");
  return r;
}
inline RunResult run_bc(const TempDir& dir, const std::vector<std::string>& args,
                        const std::string& env = "", const std::string& input = "") {
  return run_bc(dir.path(), args, env, input);
}

inline fs::path fixture(const std::string& name) {
  return fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / name;
}

// The fixture file of an import kind: the small area's (tests/fixtures/small),
// for the governance kinds the seed's board meetings
// (tests/fixtures/governance), for the plan's a small plan
// (tests/fixtures/plan), for care providers' hand-made care homes
// (tests/fixtures/quality).
inline fs::path kind_fixture(const std::string& kind) {
  const fs::path small = fixture("small/" + kind + ".csv");
  if (fs::exists(small)) return small;
  for (const char* dir : {"governance/", "plan/", "quality/"}) {
    const fs::path f = fixture(dir + kind + ".csv");
    if (fs::exists(f)) return f;
  }
  return small;
}

// A connection to the store the test calls db_path (see store_address),
// without its keys: for reading what the binary wrote.
inline std::unique_ptr<Db> open_db(const fs::path& db_path) {
  TestAddress a = store_address(db_path.parent_path(), db_path.string());
  if (is_postgresql_address(a.db)) {
    auto db = PgDb::open(a.db);
    return db.ok() ? std::unique_ptr<Db>(std::move(*db)) : nullptr;
  }
  if (!fs::exists(db_path)) return nullptr;
  auto db = SqliteDb::open_read_only(db_path.string(), /*immutable=*/false);
  return db.ok() ? std::unique_ptr<Db>(std::move(*db)) : nullptr;
}

// Runs SQL on the store as an insider with access to the database would
// (no keys, no bettercare); "" or the error.
inline std::string exec_on_store(const fs::path& db_path, const std::string& sql) {
  TestAddress a = store_address(db_path.parent_path(), db_path.string());
  std::unique_ptr<Db> db;
  if (is_postgresql_address(a.db)) {
    auto pg = PgDb::open(a.db);
    if (!pg.ok()) return pg.error();
    db = std::move(*pg);
  } else {
    auto lite = SqliteDb::open(db_path.string(), false);
    if (!lite.ok()) return lite.error();
    db = std::move(*lite);
  }
  Status s = db->exec(sql);
  return s.ok() ? "" : s.message();
}

// The column names of every table of a PostgreSQL store, in order: one
// query of the catalog, where Db::columns asks information_schema once a
// table (some 70 queries, a fifth of a second, for each dump).
inline std::map<std::string, std::vector<std::string>> pg_column_names(Db& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto st = db.prepare(
      "SELECT c.relname::text, a.attname::text FROM pg_catalog.pg_attribute a "
      "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
      "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum");
  if (!st.ok()) return out;
  Status s;
  while (st->step(&s)) out[st->text(0)].push_back(st->text(1));
  return out;
}

// Every row of every table, in a stable order: a logical dump of the store.
inline std::string dump_store(const fs::path& db_path) {
  auto db = open_db(db_path);
  if (db == nullptr) return "(cannot open)";
  auto tables = db->table_names();
  if (!tables.ok()) return "(cannot open)";
  const bool pg = dynamic_cast<PgDb*>(db.get()) != nullptr;
  const auto pg_columns =
      pg ? pg_column_names(*db) : std::map<std::string, std::vector<std::string>>{};
  std::string out;
  for (const auto& t : *tables) {
    std::vector<std::string> cols;
    if (pg) {
      auto it = pg_columns.find(t);
      if (it == pg_columns.end()) return "(cannot read " + t + ")";
      cols = it->second;
    } else {
      auto read = db->columns(t);
      if (!read.ok()) return "(cannot read " + t + ")";
      for (const auto& c : *read) cols.push_back(c.name);
    }
    out += t + ":";
    std::string order;
    for (size_t i = 0; i < cols.size(); ++i) {
      out += " " + cols[i];
      order += (i ? ", " : "") + std::to_string(i + 1);
    }
    out += "\n";
    auto st = db->prepare("SELECT * FROM " + t + " ORDER BY " + order);
    if (!st.ok()) return "(cannot read " + t + ")";
    Status s;
    while (st->step(&s)) {
      out += t;
      for (size_t i = 0; i < cols.size(); ++i) {
        const int c = static_cast<int>(i);
        out.append("|").append(st->is_null(c) ? "NULL" : st->text(c));
      }
      out += "\n";
    }
  }
  return out;
}

// The store's bytes (an SQLite file's) and its logical dump: both must be
// unchanged by a rejected import.
struct StoreFingerprint {
  std::string bytes;
  std::string dump;
  bool operator==(const StoreFingerprint&) const = default;
};

inline StoreFingerprint fingerprint(const fs::path& db_path) {
  return {on_postgresql() ? std::string() : read_file(db_path), dump_store(db_path)};
}

// Counts rows with a query on the store (-1 when it cannot).
inline int64_t query_int(const fs::path& db_path, const std::string& sql) {
  auto db = open_db(db_path);
  if (db == nullptr) return -1;
  auto st = db->prepare(sql);
  Status s;
  if (!st.ok() || !st->step(&s)) return -1;
  return st->int64(0);
}

inline std::string query_text(const fs::path& db_path, const std::string& sql) {
  auto db = open_db(db_path);
  if (db == nullptr) return "(no row)";
  auto st = db->prepare(sql);
  Status s;
  if (!st.ok() || !st->step(&s)) return "(no row)";
  return st->is_null(0) ? "NULL" : st->text(0);
}

}  // namespace bc::test
