// Helpers for tests that run the real bettercare binary.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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

// Runs bettercare with args (each shell-quoted) in dir; captures output.
inline RunResult run_bc(const fs::path& dir, const std::vector<std::string>& args,
                        const std::string& env = "") {
  std::string cmd = "cd " + shell_quote(dir.string()) + " && " + env + " " + shell_quote(BC_BINARY);
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  cmd += " >" + shell_quote((dir / ".stdout").string()) + " 2>" +
         shell_quote((dir / ".stderr").string()) + " </dev/null";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / ".stdout");
  r.err = read_file(dir / ".stderr");
  return r;
}
inline RunResult run_bc(const TempDir& dir, const std::vector<std::string>& args,
                        const std::string& env = "") {
  return run_bc(dir.path(), args, env);
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

// Every row of every table, in a stable order: a logical dump of the store.
inline std::string dump_store(const fs::path& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "(cannot open)";
  }
  std::string out;
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master ORDER BY type, name", -1, &st,
                     nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    auto name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    auto sql = sqlite3_column_text(st, 1);
    out += std::string(name) + ": " + (sql ? reinterpret_cast<const char*>(sql) : "") + "\n";
  }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                     &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    sqlite3_prepare_v2(db, ("SELECT * FROM " + t + " ORDER BY 1, 2, 3").c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      out += t;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        auto v = sqlite3_column_text(st, i);
        out.append("|").append(v ? reinterpret_cast<const char*>(v) : "NULL");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// The store's bytes and its logical dump: both must be unchanged by a
// rejected import.
struct StoreFingerprint {
  std::string bytes;
  std::string dump;
  bool operator==(const StoreFingerprint&) const = default;
};

inline StoreFingerprint fingerprint(const fs::path& db_path) {
  return {read_file(db_path), dump_store(db_path)};
}

// Counts rows with a query on the store.
inline int64_t query_int(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    v = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

inline std::string query_text(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string v = "(no row)";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    auto t = sqlite3_column_text(st, 0);
    v = t ? reinterpret_cast<const char*>(t) : "NULL";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

}  // namespace bc::test
