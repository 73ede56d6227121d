// bettercare spc: a metric's chart is made of the same monthly figures
// `bettercare metrics --by month` gives; months without a figure are left
// out and said so; the command's mistakes are usage errors that say why.
// (The SPC rules themselves: tests/golden/spc.test and
// tests/engine/spc_test.cc.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

class SpcCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    ASSERT_EQ(
        run_bc(dir_, {"import", "--covers", "2016-04..2019-03", fixture("metrics").string()}).code,
        0);
  }
  TempDir dir_;
};

TEST_F(SpcCli, AMetricsChartIsItsMonthlyFigures) {
  RunResult m = run_bc(dir_, {"metrics", "--period", "2017/18", "--metric", "nel_admissions",
                              "--by", "month", "--format", "json"});
  ASSERT_EQ(m.code, 0) << m.err;
  RunResult s = run_bc(dir_, {"spc", "--metric", "nel_admissions", "--from", "2017-04", "--to",
                              "2017/18:M12", "--format", "json"});
  ASSERT_EQ(s.code, 0) << s.err;
  auto rows = nlohmann::json::parse(m.out);
  auto chart = nlohmann::json::parse(s.out);
  ASSERT_EQ(rows.size(), 12u);
  ASSERT_EQ(chart["points"].size(), 12u);
  double sum = 0;
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(chart["points"][i]["month"], rows[i]["group"]["month"]) << i;
    EXPECT_EQ(chart["points"][i]["value"], rows[i]["value"]) << i;
    sum += rows[i]["value"].get<double>();
  }
  EXPECT_NEAR(chart["mean"].get<double>(), sum / 12, 1e-4);
  // Lower is better for emergency admissions; the target is March's plan.
  EXPECT_EQ(chart["improvement"], "decrease");
  EXPECT_EQ(chart["target"], rows[11]["plan"]);
  EXPECT_EQ(chart["left_out"].size(), 0u);
  // 12 points: trial limits.
  ASSERT_EQ(chart["warnings"].size(), 1u);
  // Unsuppressed figures on the command line are audited, like `metrics`.
  RunResult audit = run_bc(dir_, {"audit"});
  EXPECT_NE(audit.out.find("spc nel_admissions 2017-04 to 2018-03"), std::string::npos)
      << audit.out;
}

TEST_F(SpcCli, ByAGroupGivesAChartPerGroup) {
  RunResult s = run_bc(dir_, {"spc", "--metric", "nel_admissions", "--from", "2017-04", "--to",
                              "2018-03", "--by", "cluster", "--format", "json"});
  ASSERT_EQ(s.code, 0) << s.err;
  auto out = nlohmann::json::parse(s.out);
  EXPECT_EQ(out["by"], "cluster");
  ASSERT_GE(out["groups"].size(), 2u);
  EXPECT_EQ(out["groups"][0]["group"], "C1");
  // Every cluster has a figure every month; events of people in no cluster
  // are a group of their own (group null), charted in the months they have.
  for (const auto& g : out["groups"]) {
    if (g["group"].is_null()) continue;
    EXPECT_EQ(g["points"].size(), 12u) << g.dump();
  }
}

// Without --covers, only the months with records are loaded: the others
// are left out of the chart (never charted as zero) and listed with why.
TEST(SpcCliCoverage, MonthsNotLoadedAreLeftOutAndSaid) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("metrics").string()}).code, 0);
  RunResult s = run_bc(dir, {"spc", "--metric", "nel_admissions", "--from", "2015-04", "--to",
                             "2018-03", "--format", "json"});
  ASSERT_EQ(s.code, 0) << s.err;
  auto chart = nlohmann::json::parse(s.out);
  ASSERT_FALSE(chart["left_out"].empty());
  EXPECT_NE(chart["left_out"][0].get<std::string>().find("2015-04: not loaded"), std::string::npos)
      << chart["left_out"][0];
  EXPECT_EQ(chart["points"].size() + chart["left_out"].size(), 36u);
}

TEST_F(SpcCli, MistakesAreUsageErrorsThatSayWhy) {
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"spc"}, "give either --values"},
      {{"spc", "--values", "1,2", "--metric", "nel_admissions"}, "give either --values"},
      {{"spc", "--values", "1,x,3"}, "value 2 ('x') is not a number"},
      {{"spc", "--values", "5"}, "at least 2 values"},
      {{"spc", "--values", "1,2,3", "--baseline", "3"}, "at least 12 points"},
      {{"spc", "--values", "1,2,3", "--process-change", "1"}, "the point (2 or more)"},
      {{"spc", "--values", "1,2,3", "--process-change", "4"}, "outside points 2 to 3"},
      {{"spc", "--values", "1,2,3", "--improvement", "sideways"}, "--improvement"},
      {{"spc", "--values", "1,2,3", "--from", "2017-04"}, "are for a metric's chart"},
      {{"spc", "--metric", "nel_admissions", "--from", "2017-04"}, "needs --from and --to"},
      {{"spc", "--metric", "nel_admissions", "--from", "April", "--to", "2018-03"},
       "--from 'April' is not a month"},
      {{"spc", "--metric", "nel_admissions", "--from", "2018-04", "--to", "2018-03"},
       "--to is before --from"},
      {{"spc", "--metric", "nel_admissions", "--from", "2000-01", "--to", "2030-12"},
       "at most 240"},
      {{"spc", "--metric", "happiness", "--from", "2017-04", "--to", "2018-03"},
       "unknown metric 'happiness'"},
      {{"spc", "--metric", "nel_admissions", "--from", "2017-04", "--to", "2018-03", "--by",
        "month"},
       "already month by month"},
      {{"spc", "--metric", "nel_admissions", "--from", "2017-04", "--to", "2018-03",
        "--process-change", "2017-04"},
       "is not after 2017-04"},
      {{"spc", "--metric", "nel_admissions", "--from", "2017-04", "--to", "2018-03",
        "--improvement", "increase"},
       "--improvement is for --values"},
  };
  for (const auto& c : cases) {
    RunResult r = run_bc(dir_, c.args);
    EXPECT_EQ(r.code, 2) << c.args.back() << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos)
        << "expected: " << c.message << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace bc::test
