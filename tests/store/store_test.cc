#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../support/test_backend.h"
#include "store/audit.h"
#include "store/migrations.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY("an SQLite file's opening, modes and upgrades (PostgreSQL: PgStore.*)");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-store-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void raw_exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  std::string bytes() {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, MigrationsAreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.version, expected++) << m.name;
    EXPECT_FALSE(m.sql.empty());
  }
  EXPECT_EQ(latest_schema_version(), expected - 1);
}

TEST_F(StoreTest, CreatesAStoreAtTheLatestSchemaWithWalAndForeignKeys) {
  auto store = Store::open(path_, Store::Mode::kCreateIfMissing);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("PRAGMA user_version"), latest_schema_version());
  EXPECT_EQ(*db.query_int("PRAGMA foreign_keys"), 1);
  auto mode = db.prepare("PRAGMA journal_mode");
  Status s;
  ASSERT_TRUE(mode->step(&s));
  EXPECT_EQ(mode->text(0), "wal");
  for (const char* table : {"persons",        "spells",
                            "ae_attendances", "delayed_days",
                            "bed_days",       "care_home_admissions",
                            "reablement",     "plans",
                            "partners",       "practices",
                            "providers",      "conditions",
                            "schemes",        "scheme_risk_shares",
                            "budgets",        "ledger",
                            "import_batches", "import_files",
                            "audit_log",      "population",
                            "import_coverage"}) {
    auto n = db.query_int(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table +
                          "'");
    EXPECT_EQ(**n, 1) << table;
  }
  // Foreign keys are enforced.
  EXPECT_FALSE(
      db.exec("INSERT INTO import_batches (imported_at, imported_by, bettercare_version) "
              "VALUES ('x', 'y', 'z');"
              "INSERT INTO persons VALUES (9990000018, '1950-01-01', 'F', 'NOPE', NULL, NULL, 1)")
          .ok());
}

TEST_F(StoreTest, MissingStoreIsNotCreatedUnlessAsked) {
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_NE(store.error().find("bettercare init"), std::string::npos);
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(StoreTest, AnOlderStoreIsMigratedKeepingItsData) {
  // Every older version, including the empty file, is brought up to date.
  for (int v = 0; v < latest_schema_version(); ++v) {
    fs::remove(path_);
    fs::remove(path_ + ".key");  // each version's store is a new store with its own key
    {
      auto old = Store::open_at_version(path_, v);
      ASSERT_TRUE(old.ok()) << old.error();
      EXPECT_EQ((*old)->schema_version(), v);
    }
    auto store = Store::open(path_, Store::Mode::kOpenExisting);
    ASSERT_TRUE(store.ok()) << store.error();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  }
  // Data written at the latest version survives reopening.
  {
    auto store = Store::open(path_, Store::Mode::kOpenExisting);
    ASSERT_TRUE(append_audit(**store, "tester", "view_person", "9990000018", "test").ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  auto entries = recent_audit(**store, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].actor, "tester");
}

TEST_F(StoreTest, Version1PersonsGainARegistrationDateOnUpgrade) {
  {
    auto v1 = Store::open_at_version(path_, 1);
    ASSERT_TRUE(v1.ok()) << v1.error();
    ASSERT_TRUE(
        (*v1)
            ->db()
            .exec("INSERT INTO import_batches (imported_at, imported_by, bettercare_version) "
                  "VALUES ('2018-01-01T00:00:00Z', 'a', '0.1.0');"
                  "INSERT INTO practices VALUES ('J82001', 'P', 'C1', 'One', 1);"
                  "INSERT INTO persons VALUES (9990000018, '1950-03-15', 'F', 'J82001', "
                  "NULL, NULL, 1)")
            .ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM persons WHERE nhs_number = 9990000018 AND "
                          "date_of_birth = '1950-03-15' AND registered_date IS NULL"),
            1);
}

// Schema version 6: a version 5 store with imported data gains the
// population estimates and the declared coverage, empty, and keeps its data.
TEST_F(StoreTest, Version5StoresGainPopulationAndCoverageOnUpgrade) {
  {
    auto v5 = Store::open_at_version(path_, 5);
    ASSERT_TRUE(v5.ok()) << v5.error();
    ASSERT_TRUE((*v5)
                    ->db()
                    .exec("INSERT INTO import_batches (imported_at, imported_by, "
                          "bettercare_version) VALUES ('2018-01-01T00:00:00Z', 'a', '0.1.0');"
                          "INSERT INTO providers VALUES ('RHM', 'Southampton', 'acute', 1)")
                    .ok());
    EXPECT_EQ(
        *(*v5)->db().query_int("SELECT count(*) FROM sqlite_master WHERE name IN ('population', "
                               "'import_coverage')"),
        0);
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM providers WHERE provider_code = 'RHM'"), 1);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM population"), 0);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM import_coverage"), 0);

  // The table's own rules, a second line of defence behind the importer.
  ASSERT_TRUE(db.exec("INSERT INTO population VALUES (2017, 90, 'F', 1595, 1);"
                      "INSERT INTO import_coverage VALUES (1, 'spells', '2017-04', '2018-03')")
                  .ok());
  for (const char* bad :
       {"INSERT INTO population VALUES (2017, 91, 'F', 1, 1)",
        "INSERT INTO population VALUES (2017, -1, 'F', 1, 1)",
        "INSERT INTO population VALUES (2017, 5, 'U', 1, 1)",
        "INSERT INTO population VALUES (2017, 5, 'M', -1, 1)",
        "INSERT INTO population VALUES (2017, 90, 'F', 7, 1)",
        "INSERT INTO population VALUES (2017, 5, 'M', 1, 99)",
        "INSERT INTO import_coverage VALUES (1, 'spells', '2018-04', '2018-04')",
        "INSERT INTO import_coverage VALUES (99, 'spells', '2017-04', '2018-03')"}) {
    EXPECT_FALSE(db.exec(bad).ok()) << bad;
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM population"), 1);
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM import_coverage"), 1);
}

// Schema version 15: users is rebuilt to allow the role board_officer.
// Its sessions survive (the rebuild runs with foreign keys off,
// so dropping the old table cascades nowhere), the trigger that ends a
// user's sessions on a change of role still works, and foreign keys are
// enforced again afterwards.
TEST_F(StoreTest, Version14UsersKeepTheirSessionsWhenBoardOfficersArrive) {
  {
    auto v14 = Store::open_at_version(path_, 14);
    ASSERT_TRUE(v14.ok()) << v14.error();
    Db& old = (*v14)->db();
    ASSERT_TRUE(old.exec("INSERT INTO users (name, role, password_hash, created_at, created_by) "
                         "VALUES ('jo', 'board', 'x', '2018-01-01T00:00:00Z', 'test');"
                         "INSERT INTO sessions VALUES ('h1', 1, 'c', '2018-01-01T00:00:00Z', "
                         "'2018-01-01T08:00:00Z', 0, 'cli', '2018-01-01T00:00:00Z')")
                    .ok());
    EXPECT_FALSE(old.exec("UPDATE users SET role = 'board_officer'").ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sessions WHERE revoked = 0"), 1);
  EXPECT_EQ(*db.query_int("PRAGMA foreign_keys"), 1);
  ASSERT_TRUE(db.exec("UPDATE users SET role = 'board_officer' WHERE name = 'jo'").ok());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sessions WHERE revoked = 1"), 1);
  EXPECT_FALSE(db.exec("UPDATE users SET role = 'officer'").ok());
  EXPECT_FALSE(db.exec("INSERT INTO sessions VALUES ('h2', 99, 'c', '2018-01-01T00:00:00Z', "
                       "'2018-01-01T08:00:00Z', 0, 'cli', '2018-01-01T00:00:00Z')")
                   .ok());
}

// Schema version 18: users is rebuilt again, for the role quality, with
// the same care for sessions and foreign keys.
TEST_F(StoreTest, Version17UsersKeepTheirSessionsWhenTheQualityTeamArrives) {
  {
    auto v17 = Store::open_at_version(path_, 17);
    ASSERT_TRUE(v17.ok()) << v17.error();
    Db& old = (*v17)->db();
    ASSERT_TRUE(old.exec("INSERT INTO users (name, role, password_hash, created_at, created_by) "
                         "VALUES ('qa', 'analyst', 'x', '2018-01-01T00:00:00Z', 'test');"
                         "INSERT INTO sessions VALUES ('h1', 1, 'c', '2018-01-01T00:00:00Z', "
                         "'2018-01-01T08:00:00Z', 0, 'cli', '2018-01-01T00:00:00Z')")
                    .ok());
    EXPECT_FALSE(old.exec("UPDATE users SET role = 'quality'").ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sessions WHERE revoked = 0"), 1);
  EXPECT_EQ(*db.query_int("PRAGMA foreign_keys"), 1);
  ASSERT_TRUE(db.exec("UPDATE users SET role = 'quality' WHERE name = 'qa'").ok());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sessions WHERE revoked = 1"), 1);
  EXPECT_TRUE(db.exec("UPDATE users SET role = 'board_officer' WHERE name = 'qa'").ok());
}

// Version 19 gives an MDT meeting's discussions their order as a column
// (seq), from the order they were written in, per meeting.
TEST_F(StoreTest, Version18MdtDiscussionsKeepTheirOrder) {
  {
    auto v18 = Store::open_at_version(path_, 18);
    ASSERT_TRUE(v18.ok()) << v18.error();
    ASSERT_TRUE((*v18)
                    ->db()
                    .exec("INSERT INTO mdt_meetings VALUES (1, 'C1', '2018-01-10', 'a', "
                          "'2018-01-10T09:00:00Z'), (2, 'C1', '2018-01-17', 'a', "
                          "'2018-01-17T09:00:00Z');"
                          "INSERT INTO mdt_discussions VALUES (1, 9990000034, 'x', '');"
                          "INSERT INTO mdt_discussions VALUES (2, 9990000018, 'x', '');"
                          "INSERT INTO mdt_discussions VALUES (1, 9990000018, 'x', '');"
                          "INSERT INTO mdt_discussions VALUES (1, 9990000026, 'x', '')")
                    .ok());
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  auto st = (*store)->db().prepare(
      "SELECT meeting_id, seq, nhs_number FROM mdt_discussions ORDER BY meeting_id, seq");
  ASSERT_TRUE(st.ok());
  std::vector<std::string> rows;
  Status s;
  while (st->step(&s))
    rows.push_back(std::to_string(st->int64(0)) + "/" + std::to_string(st->int64(1)) + " " +
                   std::to_string(st->int64(2)));
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(rows, (std::vector<std::string>{"1/1 9990000034", "1/2 9990000018", "1/3 9990000026",
                                            "2/1 9990000018"}));
}

// Version 20 lets a person have no GP practice (FHIR's unregistered
// people, ingest/fhir.h): the persons table is made again, and everyone
// stored before keeps every column; the practice, when given, must still
// be one the store knows.
TEST_F(StoreTest, Version19PersonsKeepEveryColumnAndMayThenHaveNoPractice) {
  const std::string rows =
      "INSERT INTO import_batches (batch_id, imported_at, imported_by, bettercare_version) "
      "VALUES (1, '2018-01-01T00:00:00Z', 't', '0');"
      "INSERT INTO practices VALUES ('J82001', 'Bitterne', 'C1', 'Cluster 1', 1);"
      "INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, postcode_district, "
      "date_of_death, batch_id, registered_date) VALUES "
      "(9990000018, '1950-03-15', 'F', 'J82001', 'SO14', '2018-01-10', 1, '2001-09-01')";
  const std::string unregistered =
      "INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, batch_id) "
      "VALUES (9990001006, '1940-06-01', 'M', NULL, 1)";
  {
    auto v19 = Store::open_at_version(path_, 19);
    ASSERT_TRUE(v19.ok()) << v19.error();
    ASSERT_TRUE((*v19)->db().exec(rows).ok());
    EXPECT_FALSE((*v19)->db().exec(unregistered).ok());  // NOT NULL before 20
  }
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_TRUE(store.ok()) << store.error();
  Db& db = (*store)->db();
  auto kept = db.query_texts(
      "SELECT nhs_number || '|' || date_of_birth || '|' || sex || '|' || practice_code || '|' || "
      "postcode_district || '|' || date_of_death || '|' || batch_id || '|' || registered_date "
      "FROM persons",
      std::nullopt);
  ASSERT_TRUE(kept.ok()) << kept.error();
  EXPECT_EQ(*kept, std::vector<std::string>{
                       "9990000018|1950-03-15|F|J82001|SO14|2018-01-10|1|2001-09-01"});
  EXPECT_TRUE(db.exec(unregistered).ok()) << db.last_error();
  EXPECT_FALSE(db.exec("INSERT INTO persons (nhs_number, date_of_birth, sex, practice_code, "
                       "batch_id) VALUES (9990001014, '1935-01-01', 'F', 'ZZZ', 1)")
                   .ok());
  EXPECT_TRUE(db.last_error_is_constraint());
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM persons WHERE practice_code IS NULL"), 1);
  // The index on the practice is there again.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                          "name = 'persons_by_practice'"),
            1);
}

TEST_F(StoreTest, AStoreFromANewerBettercareIsRefusedAndUntouched) {
  { ASSERT_TRUE(Store::open(path_, Store::Mode::kCreateIfMissing).ok()); }
  raw_exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  std::string before = bytes();
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_NE(store.error().find("newer bettercare"), std::string::npos) << store.error();
  EXPECT_NE(store.error().find(std::to_string(latest_schema_version() + 1)), std::string::npos);
  EXPECT_EQ(bytes(), before);
}

TEST_F(StoreTest, OtherSqliteDatabasesAndOtherFilesAreRefused) {
  raw_exec("CREATE TABLE shopping (item TEXT)");
  auto store = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().find("not a bettercare store"), std::string::npos) << store.error();

  fs::remove(path_);
  { std::ofstream(path_) << "hello, I am a text file and not a database at all..........\n"; }
  auto text = Store::open(path_, Store::Mode::kOpenExisting);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kStoreError);
}

TEST_F(StoreTest, AuditLogIsAppendOnly) {
  auto store = Store::open(path_, Store::Mode::kCreateIfMissing);
  ASSERT_TRUE(append_audit(**store, "a", "view_person", "9990000018", "cli").ok());
  ASSERT_TRUE(append_audit(**store, "b", "view_person", "9990000026", "cli").ok());
  Db& db = (*store)->db();
  Status upd = db.exec("UPDATE audit_log SET actor = 'mallory'");
  EXPECT_FALSE(upd.ok());
  EXPECT_NE(upd.message().find("append-only"), std::string::npos);
  EXPECT_FALSE(db.exec("DELETE FROM audit_log").ok());
  auto entries = recent_audit(**store, 10);
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].actor, "b");  // newest first
  EXPECT_EQ((*entries)[1].subject, "9990000018");
  EXPECT_EQ((*entries)[0].at.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
}

TEST_F(StoreTest, TransactionRollsBackUnlessCommitted) {
  auto store = Store::open(path_, Store::Mode::kCreateIfMissing);
  Db& db = (*store)->db();
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(append_audit(**store, "a", "x", "y", "z").ok());
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM audit_log"), 0);
  {
    auto tx = Transaction::begin(db);
    ASSERT_TRUE(append_audit(**store, "a", "x", "y", "z").ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM audit_log"), 1);
}

}  // namespace
}  // namespace bc
