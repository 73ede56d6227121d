// A large file into an empty table (import's defer_indexes_from_bytes):
// the table's loose indexes are dropped for the load and made again from
// its rows, inside the batch's transaction; a rejected batch leaves them as
// they were, and a file into a table that has rows keeps them throughout.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "fixtures.h"
#include "ingest/importer.h"

namespace bc {
namespace deferred_index_test {

namespace fs = std::filesystem;

class DeferredIndexes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::on_postgresql()) GTEST_SKIP() << "PostgreSQL's imports are staged (ingest/stage.h)";
    std::string tmpl = (fs::temp_directory_path() / "bettercare-deferred-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "d.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    ASSERT_TRUE(import({"partners", "practices", "providers", "persons"}, "").committed);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  ImportReport import(std::initializer_list<const char*> kinds, const std::string& extra_spell) {
    std::vector<ImportInput> in;
    for (const char* k : kinds) {
      in.push_back(
          {(ingest_fixtures::kSmall / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    }
    if (!extra_spell.empty()) {
      in.push_back({"spells_more.csv", FileKind::kSpells,
                    "spell_id,nhs_number,provider_code,admission_date,discharge_date,"
                    "admission_method,primary_diagnosis,secondary_diagnoses,"
                    "discharge_destination,cost\n" +
                        extra_spell});
    }
    ImportOptions o;
    o.defer_indexes_from_bytes = 0;  // every file counts as large
    auto r = import_batch(*store_, in, o);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }
  // The statements that make the spells table's indexes, as the schema has them.
  std::string spells_indexes() {
    auto sql = store_->db().query_texts(
        "SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'spells' ORDER BY name",
        std::nullopt);
    EXPECT_TRUE(sql.ok());
    std::string out;
    for (const auto& s : *sql) out += s + "\n";
    return out;
  }
  // SQLite's schema cookie: it changes with every DROP or CREATE.
  int64_t schema_version() {
    auto n = store_->db().query_int("PRAGMA schema_version");
    return n.ok() ? n->value_or(-1) : -1;
  }
  int64_t spells() {
    auto n = store_->db().query_int("SELECT count(*) FROM spells");
    return n.ok() ? n->value_or(-1) : -1;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(DeferredIndexes, MadeAgainAfterTheLoadAndKeptByARejectedBatch) {
  const std::string schema = spells_indexes();
  ASSERT_NE(schema.find("spells_by_person: CREATE INDEX spells_by_person ON spells(nhs_number)"),
            std::string::npos)
      << schema;

  // A rejected first load (its last row's date is impossible): nothing kept,
  // the indexes as they were.
  ImportReport bad = import({"spells"}, "X1,9990000018,RHM,2017-02-30,,21,I10,,19,\n");
  EXPECT_FALSE(bad.committed);
  EXPECT_EQ(spells(), 0);
  EXPECT_EQ(spells_indexes(), schema);

  const int64_t cookie = schema_version();
  ImportReport good = import({"spells"}, "");
  ASSERT_TRUE(good.committed);
  EXPECT_NE(schema_version(), cookie) << "the index was dropped and made again";
  EXPECT_GT(spells(), 0);
  EXPECT_EQ(spells_indexes(), schema);
  // The index made again holds every row (the planner uses it, and its
  // count agrees with the table's).
  auto by_index = store_->db().query_int(
      "SELECT count(*) FROM spells INDEXED BY spells_by_person "
      "WHERE nhs_number > 0");
  ASSERT_TRUE(by_index.ok()) << by_index.error();
  EXPECT_EQ(by_index->value_or(-1), spells());
  auto check = store_->db().query_texts("PRAGMA integrity_check", std::nullopt);
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, std::vector<std::string>{"ok"});

  // A file into a table with rows keeps its index (no sort of what was there).
  const int64_t before_more = schema_version();
  ImportReport more = import({}, "N1,9990000018,RHM,2017-06-01,2017-06-03,21,I10,,19,\n");
  ASSERT_TRUE(more.committed);
  EXPECT_EQ(schema_version(), before_more);
  EXPECT_EQ(spells_indexes(), schema);
}

}  // namespace deferred_index_test
}  // namespace bc
