// The snapshot saved beside the store (engine/saved_snapshot.h), end to
// end: `import` saves it; a corrupted, truncated or missing file is
// rebuilt by the next command with the same figures; a new batch is
// followed, whether the import saved the snapshot or left it
// (--no-snapshot) to the next command.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.h"

namespace bc::test {
namespace {

class SnapshotCli : public ::testing::Test {
 protected:
  void SetUp() override {
    // An SQLite store's snapshot is beside it; a PostgreSQL store keeps one
    // only where $BETTERCARE_SNAPSHOT says.
    if (on_postgresql()) env_ = "BETTERCARE_SNAPSHOT=bettercare.db.snapshot";
    ASSERT_EQ(run_bc(dir_, {"init"}, env_).code, 0);
    RunResult r =
        run_bc(dir_, {"import", "--covers", "2016-04..2019-03", fixture("metrics").string()}, env_);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::string figures() {
    RunResult r = run_bc(dir_, {"metrics", "--period", "2017/18", "--format", "json"}, env_);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return r.out;
  }
  fs::path file() const { return dir_.path() / "bettercare.db.snapshot"; }

  TempDir dir_;
  std::string env_;
};

TEST_F(SnapshotCli, ACorruptedTruncatedOrMissingSnapshotIsRebuiltWithTheSameFigures) {
  ASSERT_TRUE(fs::exists(file())) << "import saves the snapshot";
  const std::string saved = read_file(file());
  const std::string want = figures();
  ASSERT_NE(want.find("\"metric\": \"nel_admissions\""), std::string::npos) << want;

  std::string corrupt = saved;
  corrupt[corrupt.size() / 2] ^= 0x20;
  write_file(file(), corrupt);
  EXPECT_EQ(figures(), want);
  EXPECT_EQ(read_file(file()), saved) << "rebuilt and saved again";

  write_file(file(), saved.substr(0, saved.size() / 3));
  EXPECT_EQ(figures(), want);
  EXPECT_EQ(read_file(file()), saved);

  fs::remove(file());
  EXPECT_EQ(figures(), want);
  EXPECT_EQ(read_file(file()), saved);
}

TEST_F(SnapshotCli, ANewBatchIsFollowed) {
  auto admissions = [&] {
    RunResult r = run_bc(
        dir_, {"metrics", "--period", "2017/18", "--metric", "nel_admissions", "--format", "json"},
        env_);
    EXPECT_EQ(r.code, 0) << r.err;
    return r.out;
  };
  const std::string before = admissions();
  ASSERT_NE(before.find("\"value\": 8,"), std::string::npos) << before;
  const std::string saved = read_file(file());

  // One more emergency admission in 2017/18, the snapshot saved by import.
  write_file(dir_.path() / "spells_more.csv",
             "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
             "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n"
             "N01,9990000018,RHM,2017-06-01,2017-06-03,21,J18.9,,19,\n");
  ASSERT_EQ(run_bc(dir_, {"import", "spells_more.csv"}, env_).code, 0);
  EXPECT_NE(read_file(file()), saved);
  EXPECT_NE(admissions().find("\"value\": 9,"), std::string::npos);

  // And another, left to the next command: the file is stale, not used.
  write_file(dir_.path() / "spells_again.csv",
             "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
             "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n"
             "N02,9990000018,RHM,2017-07-01,2017-07-03,21,J18.9,,19,\n");
  const std::string after_first = read_file(file());
  ASSERT_EQ(run_bc(dir_, {"import", "--no-snapshot", "spells_again.csv"}, env_).code, 0);
  EXPECT_EQ(read_file(file()), after_first) << "--no-snapshot leaves the file";
  EXPECT_NE(admissions().find("\"value\": 10,"), std::string::npos);
  EXPECT_NE(read_file(file()), after_first) << "the command saved the new one";
}

}  // namespace
}  // namespace bc::test
