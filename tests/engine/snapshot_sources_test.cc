// What a snapshot is built from (engine/snapshot.h SnapshotSources): it
// changes for an import of a kind the snapshot reads and for a saved
// register, and not for imports of other kinds, so the web application
// rebuilds its snapshot only when a rebuilt one would differ.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "engine/snapshot.h"
#include "ingest/importer.h"
#include "ingest/register_months.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kSmallFixture = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";

class SnapshotSourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-snap-sources-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "s.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void import(std::initializer_list<const char*> kinds) {
    std::vector<ImportInput> in;
    for (const char* k : kinds)
      in.push_back({(kSmallFixture / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    auto r = import_batch(*store_, in, ImportOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed) << (r->errors.empty() ? "" : r->errors[0].to_string());
  }
  SnapshotSources sources() {
    auto s = snapshot_sources(*store_);
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? *s : SnapshotSources{-1, "failed"};
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SnapshotSourcesTest, ChangesOnlyForTheKindsItReads) {
  const SnapshotSources empty = sources();
  EXPECT_EQ(empty.batch, 0);

  import({"partners", "practices", "providers", "persons"});  // batch 1
  const SnapshotSources people = sources();
  EXPECT_EQ(people.batch, 1);
  EXPECT_EQ(people.registers, empty.registers);

  // Partners and the pooled fund's schemes and budgets: the snapshot reads
  // none of them, so a snapshot held from before is still current.
  import({"partners"});
  import({"schemes", "budgets"});
  EXPECT_EQ(sources(), people);

  import({"spells"});  // batch 4
  const SnapshotSources spells = sources();
  EXPECT_EQ(spells.batch, 4);

  // A saved register changes it; saving the same month again with other
  // members (as many, within the same second) changes it again.
  RegisterMonth m{*YearMonth::parse("2018-03"), 1, 5, {{"C1", 9990000018, 1}}};
  ASSERT_TRUE(save_register_month(*store_, m, "test").ok());
  const SnapshotSources saved = sources();
  EXPECT_EQ(saved.batch, 4);
  EXPECT_NE(saved.registers, spells.registers);
  m.members = {{"C1", 9990000026, 1}};
  ASSERT_TRUE(save_register_month(*store_, m, "test").ok());
  EXPECT_NE(sources().registers, saved.registers);
}

}  // namespace
}  // namespace bc
