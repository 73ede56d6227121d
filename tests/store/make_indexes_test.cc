// Db::make_indexes on SQLite: the indexes a bulk load dropped, made again
// inside its transaction with the sort bounded (temp_store FILE, the cache
// as the sort's buffer), and the connection's cache_size and temp_store
// put back afterwards, whether the indexes were made or not.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "store/store.h"

namespace bc {
namespace make_indexes_test {

namespace fs = std::filesystem;

class MakeIndexes : public ::testing::Test {
 protected:
  void SetUp() override {
    BC_SQLITE_ONLY("SQLite's sorter and pragmas");
    std::string tmpl = (fs::temp_directory_path() / "bettercare-make-indexes-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = Store::open((dir_ / "m.db").string(), Store::Mode::kCreateIfMissing);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    ASSERT_TRUE(db().exec("CREATE TABLE t (k INTEGER, v TEXT)").ok());
    // Enough rows that the sort's 1 MiB buffer is filled many times over
    // and the keys are merged from files.
    ASSERT_TRUE(db().exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                          "WHERE i < 200000) INSERT INTO t SELECT (i * 7919) % 200003, "
                          "printf('%040d', i) FROM n")
                    .ok());
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  Db& db() { return store_->db(); }
  int64_t pragma(const char* name) {
    auto v = db().query_int(std::string("PRAGMA ") + name);
    return v.ok() ? v->value_or(-1) : -1;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(MakeIndexes, MadeInTheTransactionWithTheSettingsPutBack) {
  ASSERT_TRUE(store_->tune_for_bulk_write(262144).ok());  // as the importer: MEMORY, 256 MiB
  auto tx = Transaction::begin(db());
  ASSERT_TRUE(tx.ok()) << tx.error();
  const std::vector<Db::Index> indexes = {{"t_by_k", "CREATE INDEX t_by_k ON t(k)"},
                                          {"t_by_v", "CREATE INDEX t_by_v ON t(v, k)"}};
  ASSERT_TRUE(db().make_indexes(indexes, 1024).ok());
  EXPECT_EQ(pragma("cache_size"), -262144);
  EXPECT_EQ(pragma("temp_store"), 2) << "MEMORY, as it was";
  ASSERT_TRUE((*tx)->commit().ok());

  for (const char* q : {"SELECT count(*) FROM t INDEXED BY t_by_k WHERE k >= 0",
                        "SELECT count(*) FROM t INDEXED BY t_by_v WHERE v > ''"}) {
    auto n = db().query_int(q);
    ASSERT_TRUE(n.ok()) << n.error();
    EXPECT_EQ(n->value_or(-1), 200000) << q;
  }
  auto check = db().query_texts("PRAGMA integrity_check", std::nullopt);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, std::vector<std::string>{"ok"});
}

TEST_F(MakeIndexes, AFailurePutsTheSettingsBackAndSaysWhy) {
  ASSERT_TRUE(store_->tune_for_bulk_write(65536).ok());
  auto tx = Transaction::begin(db());
  ASSERT_TRUE(tx.ok()) << tx.error();
  const std::vector<Db::Index> indexes = {{"t_by_k", "CREATE INDEX t_by_k ON t(k)"},
                                          {"t_by_w", "CREATE INDEX t_by_w ON t(w)"}};
  Status s = db().make_indexes(indexes, 1024);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no such column: w"), std::string::npos) << s.message();
  EXPECT_EQ(pragma("cache_size"), -65536);
  EXPECT_EQ(pragma("temp_store"), 2);
}

}  // namespace make_indexes_test
}  // namespace bc
