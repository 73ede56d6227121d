// A large file is read a batch of records ahead on a second core
// (ImportOptions::read_ahead_from_bytes, core/csv_read_ahead.h). An import
// read ahead is the import read in line: the same report (rows, SHA-256,
// bytes, dates), the same problems at the same lines, the same rows kept,
// and a batch with a problem keeps nothing either way.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <limits>

#include "../support/test_backend.h"
#include "fixtures.h"
#include "ingest/importer.h"

namespace bc {
namespace read_ahead_test {

namespace fs = std::filesystem;

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

class ReadAhead : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-ahead-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  std::unique_ptr<Store> open(const std::string& name) {
    auto store = test::open_test_store(dir_ / name);
    EXPECT_TRUE(store.ok()) << store.error();
    return store.ok() ? std::move(*store) : nullptr;
  }
  // The import's report, as text: every file's figures, every problem.
  static std::string imported(Store& store, std::vector<ImportInput> in, uint64_t ahead_from) {
    ImportOptions o;
    o.read_ahead_from_bytes = ahead_from;
    o.care_plan_types = {{"general", 6}, {"end_of_life", 3}};
    auto r = import_batch(store, std::move(in), o);
    EXPECT_TRUE(r.ok()) << r.error();
    if (!r.ok()) return "";
    std::string out = r->committed ? "committed\n" : "refused\n";
    for (const FileReport& f : r->files) {
      out += fmt::format("{} {} {} read {} new {} replaced {} {}..{}\n", f.path, f.sha256, f.bytes,
                         f.rows_read, f.inserted, f.replaced, f.first_date, f.last_date);
    }
    for (const Problem& p : r->errors) out += p.to_string() + "\n";
    for (const Problem& p : r->warnings) out += p.to_string() + "\n";
    return out + fmt::format("{} errors, {} warnings", r->error_count, r->warning_count);
  }
  static std::string count(Store& store, const char* table) {
    auto t = store.db().query_texts(std::string("SELECT count(*) FROM ") + table, std::nullopt);
    return t.ok() && !t->empty() ? (*t)[0] : "(none)";
  }

  fs::path dir_;
};

TEST_F(ReadAhead, AnImportReadAheadIsTheImportReadInLine) {
  auto in_line = open("line.db"), ahead = open("ahead.db");
  ASSERT_TRUE(in_line && ahead);
  auto city = ingest_fixtures::small_inputs(
      {"partners", "practices", "providers", "persons", "conditions", "spells", "ae_attendances",
       "care_home_admissions", "reablement", "care_plans", "care_plan_actions", "care_plan_reviews",
       "spa_referrals"});
  const std::string want = imported(*in_line, city, kNever);
  EXPECT_NE(want.find("committed"), std::string::npos) << want;
  EXPECT_EQ(imported(*ahead, city, 0), want);
  for (const char* t : {"persons", "spells", "ae_attendances", "care_plans", "spa_referrals"})
    EXPECT_EQ(count(*ahead, t), count(*in_line, t)) << t;
}

TEST_F(ReadAhead, ProblemsAreFoundAtTheSameLinesAndNothingIsKept) {
  auto in_line = open("line.db"), ahead = open("ahead.db");
  ASSERT_TRUE(in_line && ahead);
  // Spells with a bad quote mid-file (the reading resumes after it), a bad
  // date, and a quote never closed at the end.
  std::string spells =
      "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
      "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n";
  for (int i = 0; i < 3000; ++i) {
    spells += fmt::format("S{:05},9990000018,RHM,2017-05-{:02},,21,J18.9,,,\n", i, 1 + i % 28);
    if (i == 1000) spells += "SX1,9990000018,\"RHM\"x,2017-05-01,,21,J18.9,,,\n";
    if (i == 2000) spells += "SX2,9990000018,RHM,2017-13-01,,21,J18.9,,,\n";
  }
  spells += "SX3,9990000018,RHM,2017-05-01,,21,J18.9,,,\"19\n";
  auto batch = ingest_fixtures::small_inputs({"partners", "practices", "providers", "persons"});
  batch.push_back({"spells.csv", FileKind::kSpells, spells});
  const std::string want = imported(*in_line, batch, kNever);
  EXPECT_NE(want.find("refused"), std::string::npos) << want;
  EXPECT_NE(want.find("spells.csv:1003"), std::string::npos) << want;
  EXPECT_EQ(imported(*ahead, batch, 0), want);
  EXPECT_EQ(count(*ahead, "spells"), "0");
  EXPECT_EQ(count(*ahead, "persons"), "0");
}

}  // namespace read_ahead_test
}  // namespace bc
