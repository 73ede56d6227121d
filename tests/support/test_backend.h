// Which backend a test stores in, and a store's address for a test.
//
// The module, store, CLI and HTTP tests, the golden tests and the browser
// test run twice (tests/CMakeLists.txt): on SQLite files, and, named
// "pg.<test>", on the throwaway PostgreSQL cluster that ctest's fixture
// pg_cluster starts (scripts/pg-cluster) and stops at the end. The second run has
// $BETTERCARE_TEST_PG_FILE naming the file whose first line is the cluster's address. A test makes
// its store's address with test_store_address(file): the file itself on SQLite, a new empty
// database on PostgreSQL (one per store, so tests running in parallel never
// meet), with its key file beside `file`.
//
// The tests that run the binary name their stores as files, which in the
// pg. pass stand for databases (tests/cli/harness.h, store_address); the
// browser test makes its own database (tests/browser/run.mjs). Two servers
// on one PostgreSQL store (tests/http/two_servers_test.cc) run in the pg.
// pass only. Tests of what only an SQLite file has (its file modes, WAL,
// read-only media, upgrades from versions before PostgreSQL stores began)
// say so with BC_SQLITE_ONLY("why"), which skips them on PostgreSQL.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "core/status.h"
#include "store/postgres.h"
#include "store/store.h"

namespace bc::test {

inline bool on_postgresql() {
  const char* file = std::getenv("BETTERCARE_TEST_PG_FILE");
  return file != nullptr && *file != '\0';
}

// The cluster's server address (its 'postgres' database), or why there is
// none.
inline Result<std::string> postgresql_server() {
  const char* file = std::getenv("BETTERCARE_TEST_PG_FILE");
  if (!on_postgresql()) return Status::not_found("$BETTERCARE_TEST_PG_FILE is not set");
  std::ifstream in(file);
  std::string address;
  if (!in || !std::getline(in, address) || !is_postgresql_address(address)) {
    return Status::not_found(fmt::format("no PostgreSQL cluster: {} does not name one", file));
  }
  return address;
}

struct TestAddress {
  std::string db;        // the file's path, or the database's address
  std::string key_file;  // "" on SQLite (the default, beside the file)
};

// The database an address names.
inline std::string database_of(const std::string& address) {
  const size_t slash = address.find('/', address.find("://") + 3);
  const size_t q = address.find('?', slash);
  return address.substr(slash + 1, q == std::string::npos ? std::string::npos : q - slash - 1);
}

// The address of a new store for a test (see above). On PostgreSQL the
// database is created here: empty, or a copy of the database `copy_of`.
inline Result<TestAddress> test_store_address(const std::filesystem::path& file,
                                              const std::string& copy_of = "") {
  if (!on_postgresql()) return TestAddress{file.string(), ""};
  auto server = postgresql_server();
  if (!server.ok()) return server.status();
  auto admin = PgDb::open(*server);
  if (!admin.ok()) return admin.status();
  static std::atomic<int> counter{0};
  const std::string name = fmt::format("t{}_{}_{}", ::getpid(), counter++,
                                       std::hash<std::string>{}(file.string()) % 1000000);
  const std::string sql =
      copy_of.empty() ? fmt::format("CREATE DATABASE {}", name)
                      : fmt::format("CREATE DATABASE {} TEMPLATE {}", name, database_of(copy_of));
  if (Status s = (*admin)->exec(sql); !s.ok()) return s;
  std::string address = *server;
  const size_t slash = address.find('/', address.find("://") + 3);
  const size_t q = address.find('?', slash);
  address = address.substr(0, slash + 1) + name +
            (q == std::string::npos ? std::string() : address.substr(q));
  return TestAddress{address, file.string() + ".key"};
}

// SQL for "column matches the GLOB pattern" in the test's backend: SQLite's
// GLOB, or the same as a PostgreSQL regular expression ('*', '?' and
// bracket sets only).
inline std::string sql_glob(const std::string& column, const std::string& pattern) {
  if (!on_postgresql()) return column + " GLOB '" + pattern + "'";
  std::string rx = "^";
  for (char c : pattern) {
    if (c == '*') {
      rx += ".*";
    } else if (c == '?') {
      rx += ".";
    } else if (c == '.' || c == '+' || c == '(' || c == ')' || c == '$' || c == '^' || c == '|') {
      rx += std::string("\\") + c;
    } else {
      rx += c;
    }
  }
  return column + " ~ '" + rx + "$'";
}

// A new store for a test at test_store_address(file), created empty and
// at the latest schema.
inline Result<std::unique_ptr<Store>> open_test_store(const std::filesystem::path& file) {
  auto address = test_store_address(file);
  if (!address.ok()) return address.status();
  return Store::open(address->db, Store::Mode::kCreateIfMissing, address->key_file);
}

}  // namespace bc::test

#define BC_SQLITE_ONLY(why)                                 \
  do {                                                      \
    if (::bc::test::on_postgresql()) GTEST_SKIP() << (why); \
  } while (0)
