// The PostgreSQL backend (store/postgres.h) and a PostgreSQL store
// (store_postgres.cc). The first tests need no server; the rest run in the
// pg. pass (tests/support/test_backend.h) and are skipped, saying so, in
// the SQLite one.
#include "store/postgres.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "../support/test_backend.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

TEST(PgParameters, QuestionMarksAreNumberedOutsideQuotesAndComments) {
  EXPECT_EQ(number_parameters("SELECT ? , ?").sql, "SELECT $1 , $2");
  EXPECT_EQ(number_parameters("SELECT ? , ?").params, 2);
  // ?N keeps its number, and a bare ? after it takes the next.
  auto n = number_parameters("WHERE (?1 = '' OR a = ?1) AND b = ?2 AND c = ?");
  EXPECT_EQ(n.sql, "WHERE ($1 = '' OR a = $1) AND b = $2 AND c = $3");
  EXPECT_EQ(n.params, 3);
  // Not in a string, a quoted name or a comment; doubled quotes stay.
  n = number_parameters("SELECT 'it''s ?', \"odd?\" -- why?\n, ? /* ? */");
  EXPECT_EQ(n.sql, "SELECT 'it''s ?', \"odd?\" -- why?\n, $1 /* ? */");
  EXPECT_EQ(n.params, 1);
  // An unterminated quote is copied to the end (the server then refuses it).
  EXPECT_EQ(number_parameters("SELECT '?").sql, "SELECT '?");
}

TEST(PgAddress, PasswordsAreHiddenInMessages) {
  EXPECT_TRUE(is_postgresql_address("postgresql://u@h/db"));
  EXPECT_TRUE(is_postgresql_address("postgres://h/db"));
  EXPECT_FALSE(is_postgresql_address("var/demo.db"));
  EXPECT_EQ(redact_address("postgresql://ann:s3cret@db.example:5432/bc"),
            "postgresql://ann:***@db.example:5432/bc");
  EXPECT_EQ(redact_address("postgresql://ann@db/bc?password=s3cret&sslmode=require"),
            "postgresql://ann@db/bc?password=***&sslmode=require");
  EXPECT_EQ(redact_address("postgresql://ann@db/bc"), "postgresql://ann@db/bc");
}

TEST(PgConnect, AnUnreachableServerIsAStoreErrorWithoutThePassword) {
  auto db = PgDb::open("postgresql://ann:s3cret@/bc?host=/nonexistent-dir&connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kStoreError);
  EXPECT_NE(db.error().find("cannot connect to the PostgreSQL store"), std::string::npos);
  EXPECT_EQ(db.error().find("s3cret"), std::string::npos) << db.error();
}

class PgStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::on_postgresql()) GTEST_SKIP() << "runs in the pg. pass, on PostgreSQL";
    std::string tmpl = (fs::temp_directory_path() / "bettercare-pg-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto a = test::test_store_address(dir_ / "s.db");
    ASSERT_TRUE(a.ok()) << a.error();
    address_ = *a;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  Result<std::unique_ptr<Store>> open(Store::Mode mode = Store::Mode::kCreateIfMissing) {
    return Store::open(address_.db, mode, address_.key_file);
  }

  fs::path dir_;
  test::TestAddress address_;
};

// The same tables with the same columns, in the same order and of the same
// kinds, and the same foreign keys, as an SQLite store at the latest
// version: what makes every module's SQL work on both.
TEST_F(PgStore, HasEveryTableAndColumnOfAnSqliteStore) {
  auto pg = open();
  ASSERT_TRUE(pg.ok()) << pg.error();
  EXPECT_TRUE((*pg)->is_postgresql());
  EXPECT_EQ((*pg)->schema_version(), latest_schema_version());
  auto lite = Store::open((dir_ / "lite.db").string(), Store::Mode::kCreateIfMissing);
  ASSERT_TRUE(lite.ok()) << lite.error();
  auto pg_tables = (*pg)->db().table_names();
  auto lite_tables = (*lite)->db().table_names();
  ASSERT_TRUE(pg_tables.ok() && lite_tables.ok());
  std::set<std::string> want(lite_tables->begin(), lite_tables->end());
  want.erase("secrets");            // stores before version 7 only
  want.insert("bettercare_store");  // PostgreSQL's schema version
  EXPECT_EQ(std::set<std::string>(pg_tables->begin(), pg_tables->end()), want);
  for (const std::string& t : *lite_tables) {
    if (t == "secrets") continue;
    EXPECT_EQ(*(*pg)->db().columns(t), *(*lite)->db().columns(t)) << t;
    EXPECT_EQ(*(*pg)->db().referenced_tables(t), *(*lite)->db().referenced_tables(t)) << t;
  }
}

// A PostgreSQL store made at version 19 (the baseline) upgrades to 20:
// a person may then have no GP practice, and a named one must still exist.
TEST_F(PgStore, Version19UpgradesAndAPersonMayThenHaveNoPractice) {
  const std::string unregistered =
      "INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, batch_id) "
      "VALUES (9990001006, '1940-06-01', 'M', NULL, 1)";
  {
    auto v19 = Store::open_at_version(address_.db, 19, address_.key_file);
    ASSERT_TRUE(v19.ok()) << v19.error();
    EXPECT_EQ((*v19)->schema_version(), 19);
    ASSERT_TRUE((*v19)
                    ->db()
                    .exec("INSERT INTO import_batches (batch_id, imported_at, imported_by, "
                          "bettercare_version) VALUES (1, '2018-01-01T00:00:00Z', 't', '0')")
                    .ok());
    EXPECT_FALSE((*v19)->db().exec(unregistered).ok());
  }
  auto store = open(Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  Db& db = (*store)->db();
  EXPECT_TRUE(db.exec(unregistered).ok()) << db.last_error();
  EXPECT_FALSE(db.exec("INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, "
                       "batch_id) VALUES (9990001014, '1935-01-01', 'F', 'ZZZ', 1)")
                   .ok());
  EXPECT_TRUE(db.last_error_is_constraint());
}

TEST_F(PgStore, AnEmptyDatabaseIsNotAStoreUntilInitAndKeysMustBeNamed) {
  auto missing = open(Store::Mode::kOpenExisting);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.error().find("init"), std::string::npos) << missing.error();
  // No key file named (and none in the environment): refused, saying how.
  auto no_keys = Store::open(address_.db, Store::Mode::kCreateIfMissing, "");
  if (std::getenv("BETTERCARE_KEY_FILE") == nullptr && std::getenv("BETTERCARE_KEY") == nullptr) {
    ASSERT_FALSE(no_keys.ok());
    EXPECT_NE(no_keys.error().find("--key-file"), std::string::npos) << no_keys.error();
  }
  ASSERT_TRUE(open().ok());
  EXPECT_TRUE(fs::exists(address_.key_file));
  auto again = open(Store::Mode::kOpenExisting);
  ASSERT_TRUE(again.ok()) << again.error();
  // Another store's key file is refused.
  auto other = test::test_store_address(dir_ / "other.db");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(Store::open(other->db, Store::Mode::kCreateIfMissing, other->key_file).ok());
  auto wrong = Store::open(address_.db, Store::Mode::kOpenExisting, other->key_file);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().find("not the key"), std::string::npos) << wrong.error();
}

TEST_F(PgStore, OtherDatabasesAndNewerStoresAreRefusedAndUntouched) {
  {
    auto admin = PgDb::open(address_.db);
    ASSERT_TRUE(admin.ok());
    ASSERT_TRUE((*admin)->exec("CREATE TABLE shopping (item TEXT)").ok());
  }
  auto shopping = open();
  ASSERT_FALSE(shopping.ok());
  EXPECT_NE(shopping.error().find("not a bettercare store"), std::string::npos);

  auto fresh = test::test_store_address(dir_ / "fresh.db");
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(Store::open(fresh->db, Store::Mode::kCreateIfMissing, fresh->key_file).ok());
  {
    auto admin = PgDb::open(fresh->db);
    ASSERT_TRUE((*admin)
                    ->exec("UPDATE bettercare_store SET schema_version = " +
                           std::to_string(latest_schema_version() + 1))
                    .ok());
  }
  auto newer = Store::open(fresh->db, Store::Mode::kOpenExisting, fresh->key_file);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.error().find("newer bettercare"), std::string::npos) << newer.error();
}

TEST_F(PgStore, ErrorsAreClassifiedAsOnSqlite) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  ASSERT_TRUE(append_audit(**store, "a", "view_person", "9990000018", "cli").ok());
  // A trigger's refusal is a constraint, with the trigger's own words.
  Status upd = db.exec("UPDATE audit_log SET actor = 'mallory'");
  EXPECT_FALSE(upd.ok());
  EXPECT_NE(upd.message().find("append-only"), std::string::npos) << upd.message();
  EXPECT_TRUE(db.last_error_is_constraint());
  EXPECT_FALSE(db.exec("DELETE FROM audit_log").ok());
  // A key's violation too; a mistake in SQL is not.
  auto ins = db.prepare("INSERT INTO key_check(name, fingerprint) VALUES (?, 'x')");
  ASSERT_TRUE(ins.ok());
  ins->bind(1, "site");
  EXPECT_FALSE(ins->run().ok());
  EXPECT_TRUE(db.last_error_is_constraint());
  EXPECT_FALSE(db.prepare("SELEC 1").ok());
  EXPECT_FALSE(db.last_error_is_constraint());
  // The rows an UPDATE changed; booleans read as 0 and 1.
  ASSERT_TRUE(db.exec("UPDATE key_check SET fingerprint = fingerprint").ok());
  EXPECT_EQ(db.changes(), 1);
  EXPECT_EQ(*db.query_int("SELECT 2 > 1"), 1);
  EXPECT_EQ(*db.query_int("SELECT 2 < 1"), 0);
}

TEST_F(PgStore, ATransactionRollsBackUnlessCommitted) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    EXPECT_TRUE(db.in_transaction());
    ASSERT_TRUE(append_audit(**store, "a", "x", "y", "z").ok());
  }
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM audit_log"), 0);
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(append_audit(**store, "a", "x", "y", "z").ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM audit_log"), 1);
}

// Writers on separate connections (as two servers are) queue: every audit
// entry is kept, numbered in order and chained, none lost or duplicated.
TEST_F(PgStore, ConcurrentWritersLoseNothing) {
  ASSERT_TRUE(open().ok());
  constexpr int kWriters = 4, kEach = 50;
  std::vector<std::thread> writers;
  std::vector<int> failures(kWriters, 0);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto store = open(Store::Mode::kOpenExisting);
      if (!store.ok()) {
        failures[static_cast<size_t>(w)] = kEach;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        if (!append_audit(**store, "w" + std::to_string(w), "view_person", std::to_string(i),
                          "test")
                 .ok()) {
          ++failures[static_cast<size_t>(w)];
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  auto store = open(Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok());
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM audit_log"), kWriters * kEach);
  EXPECT_EQ(*db.query_int("SELECT count(DISTINCT actor || '/' || subject) FROM audit_log"),
            kWriters * kEach);
  EXPECT_EQ(*db.query_int("SELECT max(audit_id) FROM audit_log"), kWriters * kEach);
  auto v = verify_audit(**store);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_TRUE(v->ok) << v->problem;
}

// A writer that cannot get the write lock within its time is told the
// store is busy, as on SQLite.
TEST_F(PgStore, AWriterKeptWaitingIsToldTheStoreIsBusy) {
  auto first = open();
  ASSERT_TRUE(first.ok()) << first.error();
  auto second = open(Store::Mode::kOpenExisting);
  ASSERT_TRUE(second.ok()) << second.error();
  auto holding = Transaction::begin((*first)->db());
  ASSERT_TRUE(holding.ok());
  auto waiting = Transaction::begin((*second)->db());
  ASSERT_FALSE(waiting.ok());
  EXPECT_EQ(waiting.status().code(), StatusCode::kBusy) << waiting.error();
  EXPECT_FALSE((*second)->db().in_transaction());
  // Readers are not held up by a writer.
  EXPECT_EQ(*(*second)->db().query_int("SELECT count(*) FROM audit_log"), 0);
}

// bettercare backup of a PostgreSQL store: pg_dump's copy, owner-only,
// which pg_restore brings back into an empty database as the same store.
TEST_F(PgStore, ABackupRestoresToTheSameStore) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(append_audit(**store, "ann", "view_person", std::to_string(i), "cli").ok());
  }
  const fs::path dump = dir_ / "store.dump";
  ASSERT_TRUE((*store)->backup_to(dump.string()).ok());
  EXPECT_EQ(fs::status(dump).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  Status again = (*store)->backup_to(dump.string());
  EXPECT_EQ(again.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(again.message().find("already exists"), std::string::npos);

  auto restored = test::test_store_address(dir_ / "restored.db");
  ASSERT_TRUE(restored.ok());
  const std::string cmd = "pg_restore --no-owner --exit-on-error --dbname='" + restored->db +
                          "' '" + dump.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto back = Store::open(restored->db, Store::Mode::kOpenExisting, address_.key_file);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*fingerprint_store(**back), *fingerprint_store(**store));
  auto v = verify_audit(**back);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_TRUE(v->ok) << v->problem;
}

// Counts the cursors open on the connection (not the unnamed one of the
// query that counts).
int64_t open_cursors(Db& db) {
  auto n = db.query_int("SELECT count(*) FROM pg_cursors WHERE name <> ''");
  return n.ok() && n->has_value() ? **n : -1;
}

// A statement of many rows is read through a cursor a batch at a time
// (10,000 rows), and other statements run between its rows as they do
// between a plain statement's; the cursor is closed after its last row.
TEST_F(PgStore, AStatementOfManyRowsIsReadInBatchesWithOthersBetween) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  ASSERT_TRUE(db.exec("CREATE TEMP TABLE t AS SELECT generate_series(1, 25001)::bigint AS n").ok());
  Status s;
  int64_t rows = 0, sum = 0;
  ASSERT_TRUE(db.exec("BEGIN").ok());
  auto st = db.prepare("SELECT n, n * 2 FROM t WHERE n >= ? ORDER BY n");
  ASSERT_TRUE(st.ok()) << st.error();
  st->expect_many_rows().bind(1, int64_t{1});
  while (st->step(&s)) {
    ++rows;
    sum += st->int64(0);
    EXPECT_EQ(st->int64(1), 2 * st->int64(0));
    if (rows == 5000 || rows == 15000 || rows == 20000) {
      // Another statement meanwhile, and the cursor is there to see.
      EXPECT_EQ(*db.query_int("SELECT count(*) FROM t"), 25001);
      EXPECT_EQ(open_cursors(db), 1);
    }
  }
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(rows, 25001);
  EXPECT_EQ(sum, int64_t{25001} * 25002 / 2);
  EXPECT_EQ(open_cursors(db), 0);
  ASSERT_TRUE(db.exec("COMMIT").ok());
  // Outside a transaction there is no cursor: the result comes whole.
  auto whole = db.prepare("SELECT n FROM t");
  ASSERT_TRUE(whole.ok());
  whole->expect_many_rows();
  ASSERT_TRUE(whole->step(&s));
  EXPECT_EQ(open_cursors(db), 0);
}

// A statement left part-read, reset or destroyed, closes its cursor, and
// the transaction goes on; reset and stepped again it starts afresh.
TEST_F(PgStore, AManyRowsStatementLeftPartReadClosesItsCursor) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  ASSERT_TRUE(db.exec("CREATE TEMP TABLE t AS SELECT generate_series(1, 30000)::bigint AS n").ok());
  auto tx = Transaction::begin(db);
  ASSERT_TRUE(tx.ok()) << tx.error();
  Status s;
  {
    auto st = db.prepare("SELECT n FROM t ORDER BY n");
    ASSERT_TRUE(st.ok());
    st->expect_many_rows();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(st->step(&s));
    EXPECT_EQ(st->int64(0), 3);
    st->reset();
    ASSERT_TRUE(st->step(&s));
    EXPECT_EQ(st->int64(0), 1);
    EXPECT_EQ(open_cursors(db), 1);
  }
  EXPECT_EQ(open_cursors(db), 0);
  ASSERT_TRUE(db.exec("INSERT INTO t VALUES (0)").ok());
  ASSERT_TRUE((*tx)->commit().ok());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM t"), 30001);
}

// A transaction that ends while a batch is on its way ends the cursor: the
// rows already sent are read, then the statement fails, saying so; the
// next transaction is not troubled by the cursor that has gone.
TEST_F(PgStore, ACursorWhoseTransactionEndedFailsAndLeavesTheNextAlone) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  ASSERT_TRUE(db.exec("CREATE TEMP TABLE t AS SELECT generate_series(1, 50000)::bigint AS n").ok());
  ASSERT_TRUE(db.exec("BEGIN").ok());
  auto st = db.prepare("SELECT n FROM t ORDER BY n");
  ASSERT_TRUE(st.ok());
  st->expect_many_rows();
  Status s;
  ASSERT_TRUE(st->step(&s));
  ASSERT_TRUE(db.exec("COMMIT").ok());
  int64_t rows = 1;
  while (st->step(&s)) ++rows;
  EXPECT_EQ(rows, 20000);  // the batch in hand and the one on its way
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not exist"), std::string::npos) << s.message();
  ASSERT_TRUE(db.exec("BEGIN").ok());
  st->reset();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM t"), 50000);
  ASSERT_TRUE(db.exec("COMMIT").ok());
}

// The tables an import loads in bulk check their references per statement
// (migrations/postgresql/0021_reference_checks.sql), and hold as foreign
// keys do: a row naming a batch or provider that is not there is refused as
// a constraint, in an INSERT, an upsert or an UPDATE, and a provider or
// batch that rows name cannot be deleted or renamed.
TEST_F(PgStore, ReferencesCheckedPerStatementHoldAsForeignKeys) {
  auto store = open();
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  // The provider is of batch 7; the attendance will be of batch 8.
  ASSERT_TRUE(db.exec("INSERT INTO import_batches(batch_id, imported_at, imported_by, "
                      "bettercare_version) VALUES (7, '2026-01-01T00:00:00Z', 'test', '0'), "
                      "(8, '2026-01-02T00:00:00Z', 'test', '0');"
                      "INSERT INTO providers(provider_code, provider_name, provider_type, "
                      "batch_id) VALUES ('RHM', 'S', 'acute', 7)")
                  .ok())
      << db.last_error();
  auto attendance = [](std::string_view provider, int batch) {
    return fmt::format(
        "INSERT INTO ae_attendances(attendance_id, nhs_number, provider_code, arrival, "
        "department_type, batch_id) VALUES ('A1', 9990000018, '{}', '2017-05-01', '01', {})",
        provider, batch);
  };
  auto refused = [&](const std::string& sql) {
    Status s = db.exec(sql);
    return !s.ok() && db.last_error_is_constraint();
  };
  EXPECT_TRUE(refused(attendance("NOPE", 8)));
  EXPECT_NE(db.last_error().find("provider_code NOPE, which is not in providers"),
            std::string::npos)
      << db.last_error();
  EXPECT_TRUE(refused(attendance("RHM", 9)));
  ASSERT_TRUE(db.exec(attendance("RHM", 8)).ok()) << db.last_error();
  EXPECT_TRUE(refused(attendance("NOPE", 8) +
                      " ON CONFLICT (attendance_id) DO UPDATE SET provider_code = "
                      "excluded.provider_code"));
  EXPECT_TRUE(refused("UPDATE ae_attendances SET batch_id = 9"));
  EXPECT_TRUE(refused("DELETE FROM providers WHERE provider_code = 'RHM'"));
  EXPECT_TRUE(refused("UPDATE providers SET provider_code = 'RHX'"));
  EXPECT_TRUE(refused("DELETE FROM import_batches WHERE batch_id = 8"));
  EXPECT_NE(db.last_error().find("still referred to by table \"ae_attendances\""),
            std::string::npos)
      << db.last_error();
  // What names nothing may change; and the statement checks count as
  // references for migrate-store's order.
  EXPECT_TRUE(db.exec("UPDATE providers SET provider_name = 'Southampton'").ok());
  EXPECT_TRUE(db.exec("UPDATE import_batches SET rows_read = 1").ok()) << db.last_error();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM ae_attendances"), 1);
  EXPECT_EQ(*db.referenced_tables("ae_attendances"),
            (std::vector<std::string>{"import_batches", "providers"}));
}

}  // namespace
}  // namespace bc
