// bettercare migrate-store, end to end with the real binary: an SQLite
// store moved into PostgreSQL gives the same figures. Runs in the pg. pass
// (tests/support/test_backend.h).
#include <gtest/gtest.h>

#include "../cli/harness.h"
#include "../support/test_backend.h"
#include "store/copy.h"
#include "store/store.h"

namespace bc {
namespace {

class MigrateStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::on_postgresql()) GTEST_SKIP() << "runs in the pg. pass, on PostgreSQL";
    auto a = test::test_store_address(dir_ / "pg.db");
    ASSERT_TRUE(a.ok()) << a.error();
    pg_ = *a;
    lite_ = (dir_ / "lite.db").string();
    test::keep_sqlite(lite_);
    // An SQLite store with a year of the small area and a governance batch.
    ASSERT_EQ(test::run_bc(dir_, {"--db", lite_, "init"}).code, 0);
    auto imported = test::run_bc(dir_, {"--db", lite_, "import", test::fixture("small").string()});
    ASSERT_EQ(imported.code, 0) << imported.err;
    ASSERT_EQ(
        test::run_bc(dir_,
                     {"--db", lite_, "user", "add", "ann", "--role", "analyst", "--password-stdin"},
                     "", "correct horse battery staple\n")
            .code,
        0);
  }

  test::TempDir dir_;
  test::TestAddress pg_;
  std::string lite_;
};

TEST_F(MigrateStore, EveryFigureIsTheSameOnBoth) {
  auto moved =
      test::run_bc(dir_, {"--db", lite_, "migrate-store", "--from", lite_, "--to", pg_.db});
  ASSERT_EQ(moved.code, 0) << moved.err;
  EXPECT_NE(moved.out.find("every table's row count and checksum the same in both"),
            std::string::npos)
      << moved.out;
  EXPECT_NE(moved.out.find("spells"), std::string::npos);
  const std::string key = "--key-file=" + lite_ + ".key";
  for (std::vector<std::string> cmd :
       {std::vector<std::string>{"metrics", "--period", "2017/18", "--format", "json"},
        std::vector<std::string>{"finance", "--year", "2017/18", "--month", "1", "--format",
                                 "json"},
        std::vector<std::string>{"person", "9434765919", "--format", "json"}}) {
    std::vector<std::string> on_lite = {"--db", lite_};
    std::vector<std::string> on_pg = {"--db", pg_.db, key};
    on_lite.insert(on_lite.end(), cmd.begin(), cmd.end());
    on_pg.insert(on_pg.end(), cmd.begin(), cmd.end());
    auto a = test::run_bc(dir_, on_lite);
    auto b = test::run_bc(dir_, on_pg);
    EXPECT_EQ(a.code, b.code) << cmd[0] << ": " << b.err;
    EXPECT_EQ(a.out, b.out) << cmd[0];
  }
  // The audit chain came across whole and verifies with the same key; the
  // copy itself is its last entry.
  auto verified = test::run_bc(dir_, {"--db", pg_.db, key, "audit", "verify"});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
  auto log = test::run_bc(dir_, {"--db", pg_.db, key, "audit", "--limit", "10"});
  EXPECT_NE(log.out.find("migrate_store"), std::string::npos) << log.out;
  // The account works there: new rows get new ids after the copied ones.
  auto added = test::run_bc(
      dir_, {"--db", pg_.db, key, "user", "add", "bob", "--role", "board", "--password-stdin"}, "",
      "another correct horse battery\n");
  EXPECT_EQ(added.code, 0) << added.err;
}

TEST_F(MigrateStore, OnlyIntoANewStoreAndNothingIsWrittenWhenRefused) {
  ASSERT_EQ(
      test::run_bc(dir_, {"--db", lite_, "migrate-store", "--from", lite_, "--to", pg_.db}).code,
      0);
  // A second copy into the same (no longer new) store is refused.
  auto again =
      test::run_bc(dir_, {"--db", lite_, "migrate-store", "--from", lite_, "--to", pg_.db});
  EXPECT_EQ(again.code, 2) << again.err;
  EXPECT_NE(again.err.find("not a new store"), std::string::npos) << again.err;
  // Into an SQLite file: refused, pointing at backup.
  auto to_file =
      test::run_bc(dir_, {"migrate-store", "--from", lite_, "--to", (dir_ / "other.db").string()});
  EXPECT_EQ(to_file.code, 2) << to_file.err;
  EXPECT_NE(to_file.err.find("bettercare backup"), std::string::npos) << to_file.err;
  // With another store's keys: refused before anything is written.
  auto fresh = test::test_store_address(dir_ / "fresh.db");
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(Store::open(fresh->db, Store::Mode::kCreateIfMissing, fresh->key_file).ok());
  auto mixed = test::run_bc(
      dir_, {"--key-file", lite_ + ".key", "migrate-store", "--from", lite_, "--to", fresh->db});
  EXPECT_NE(mixed.code, 0);
  EXPECT_NE(mixed.err.find("not the key"), std::string::npos) << mixed.err;
  auto store = Store::open(fresh->db, Store::Mode::kOpenExisting, fresh->key_file);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(*(*store)->db().query_int("SELECT count(*) FROM spells"), 0);
}

}  // namespace
}  // namespace bc
