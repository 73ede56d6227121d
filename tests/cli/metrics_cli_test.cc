// bettercare metrics: errors are usage errors with clear messages, and the
// documentation page is the config's own words.
#include <gtest/gtest.h>

#include "harness.h"

namespace bc::test {
namespace {

class MetricsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    // The fixture's activity is in a few months: it covers the three years.
    ASSERT_EQ(
        run_bc(dir_, {"import", "--covers", "2016-04..2019-03", fixture("metrics").string()}).code,
        0);
  }
  TempDir dir_;
};

TEST_F(MetricsCli, MalformedRequestsAreUsageErrorsThatSayWhy) {
  struct Bad {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"metrics"}, "--period is required"},
      {{"metrics", "--period", "2017/19"}, "malformed period '2017/19'"},
      {{"metrics", "--period", "2017/18:M13"}, "the month must be 1 to 12"},
      {{"metrics", "--period", "'; DROP TABLE spells; --"}, "malformed period"},
      {{"metrics", "--period", "2017/18", "--metric", "happiness"},
       "unknown metric 'happiness'; the metrics are nel_admissions"},
      {{"metrics", "--period", "2017/18", "--metric", "dtoc_rate", "--by", "cluster"},
       "dtoc_rate cannot be broken down by cluster (it allows: month, quarter, provider)"},
      {{"metrics", "--period", "2017/18", "--metric", "nel_admissions", "--by", "shoe_size"},
       "nel_admissions cannot be broken down by shoe_size"},
      {{"metrics", "--period", "2017/18", "--format", "pdf"}, "--format"},
  };
  for (const auto& c : cases) {
    RunResult r = run_bc(dir_, c.args);
    EXPECT_EQ(r.code, 2) << c.args.back() << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos)
        << "expected: " << c.message << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST_F(MetricsCli, TableCsvAndJsonAgree) {
  RunResult t = run_bc(dir_, {"metrics", "--period", "2017/18", "--metric", "nel_admissions"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("nel_admissions"), std::string::npos);
  EXPECT_NE(t.out.find("Red"), std::string::npos);
  RunResult j = run_bc(
      dir_, {"metrics", "--period", "2017/18", "--metric", "nel_admissions", "--format", "json"});
  ASSERT_EQ(j.code, 0);
  EXPECT_NE(j.out.find("\"value\": 8"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"rag\": \"Red\""), std::string::npos);
  EXPECT_NE(j.out.find("\"denominator\": null"), std::string::npos);
}

TEST(MetricsDocs, DocsMetricsMdIsGeneratedFromTheConfig) {
  TempDir dir;
  RunResult r = run_bc(dir, {"metrics", "list", "--format", "markdown"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, read_file(fs::path(BC_SOURCE_DIR) / "docs" / "metrics.md"))
      << "docs/metrics.md is out of date: run bettercare metrics list --format markdown > "
         "docs/metrics.md";
  RunResult text = run_bc(dir, {"metrics", "list"});
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("falls_injuries_65  (count, lower is better)"), std::string::npos)
      << text.out;
}

}  // namespace
}  // namespace bc::test
