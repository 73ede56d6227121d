// The synthetic city's risk structure (docs/synthetic-city.md, "Risk"):
// a year of history before the window, and truth/true_risk.csv, the
// generator's own probability of an emergency admission in the year after
// each index date, which ranks next year's admissions better than prior
// use does and which `import` never reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "harness.h"

namespace bc::test {
namespace {

std::vector<std::vector<std::string>> csv_rows(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream l(line);
    while (std::getline(l, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

// The area under the ROC curve of `score` for `outcome`, as the
// Mann-Whitney statistic: the share of (case, non-case) pairs in which the
// case scores higher, ties counted half.
double auc(const std::vector<std::pair<double, bool>>& scored) {
  std::vector<std::pair<double, bool>> v = scored;
  std::sort(v.begin(), v.end());
  double cases = 0, rank_sum = 0;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j < v.size() && v[j].first == v[i].first) ++j;
    const double mid_rank = (static_cast<double>(i) + 1 + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) {
      if (v[k].second) {
        rank_sum += mid_rank;
        cases += 1;
      }
    }
    i = j;
  }
  const double controls = static_cast<double>(v.size()) - cases;
  return (rank_sum - cases * (cases + 1) / 2) / (cases * controls);
}

TEST(SynthRiskAuc, ByHandTiesCountHalf) {
  EXPECT_DOUBLE_EQ(auc({{1, false}, {2, true}}), 1.0);
  EXPECT_DOUBLE_EQ(auc({{2, false}, {1, true}}), 0.0);
  EXPECT_DOUBLE_EQ(auc({{1, false}, {1, true}}), 0.5);
  // Cases 3 and 1; controls 2 and 1: pairs (3,2) (3,1) win, (1,2) loses, (1,1) ties.
  EXPECT_DOUBLE_EQ(auc({{3, true}, {1, true}, {2, false}, {1, false}}), 2.5 / 4);
}

bool emergency(const std::string& method) {
  static const std::set<std::string> kEmergency = {"21", "22", "23", "24", "25",
                                                   "2A", "2B", "2C", "2D", "28"};
  return kEmergency.count(method) > 0;
}

// A 60,000-person city (about 5,000 people admitted in 2017/18): the
// standard error of an AUC is then about 0.004, and the default city's
// figures (true risk 0.82, prior admissions 0.59, docs/synthetic-city.md)
// sit well inside the bounds, so a failure means the structure changed,
// not noise.
TEST(SynthRisk, TrueRiskRanksNextYearBetterThanPriorUse) {
  TempDir dir;
  RunResult r = run_bc(dir, {"synth", "--out", "city", "--persons", "60000"});
  ASSERT_EQ(r.code, 0) << r.err;
  const fs::path city = dir / "city";

  std::map<std::string, int> next_year, prior_year, prior_ae;
  for (const auto& s : csv_rows(city / "spells.csv")) {
    if (!emergency(s[5])) continue;
    const std::string& admitted = s[3];
    if (admitted >= "2017-04-01" && admitted <= "2018-03-31") ++next_year[s[1]];
    if (admitted >= "2016-04-01" && admitted <= "2017-03-31") ++prior_year[s[1]];
  }
  for (const auto& a : csv_rows(city / "ae_attendances.csv")) {
    const std::string day = a[3].substr(0, 10);
    if (day >= "2016-04-01" && day <= "2017-03-31") ++prior_ae[a[1]];
  }
  // Everyone alive and registered on 2017-04-01 has one row for that date.
  int64_t alive = 0;
  for (const auto& p : csv_rows(city / "persons.csv")) {
    if (p[6] <= "2017-04-01" && (p[5].empty() || p[5] > "2017-04-01")) ++alive;
  }
  std::vector<std::pair<double, bool>> truth, prior, ae;
  std::set<std::string> index_dates;
  double expected = 0;
  for (const auto& t : csv_rows(city / "truth" / "true_risk.csv")) {
    ASSERT_EQ(t.size(), 3u);
    index_dates.insert(t[1]);
    ASSERT_EQ(t[2].size(), 8u) << "six decimals: " << t[2];
    const double risk = std::stod(t[2]);
    ASSERT_GT(risk, 0.0);
    ASSERT_LT(risk, 1.0);
    if (t[1] != "2017-04-01") continue;
    const bool admitted = next_year.count(t[0]) > 0;
    truth.emplace_back(risk, admitted);
    prior.emplace_back(prior_year[t[0]], admitted);
    ae.emplace_back(prior_ae[t[0]], admitted);
    expected += risk;
  }
  EXPECT_EQ(index_dates, (std::set<std::string>{"2016-04-01", "2017-04-01", "2018-04-01"}));
  EXPECT_EQ(static_cast<int64_t>(truth.size()), alive);
  double cases = 0;
  for (const auto& [risk, admitted] : truth) cases += admitted ? 1 : 0;
  ASSERT_GT(cases, 3000);
  // Calibrated: the risks add up to the people admitted, within 5% (the
  // count's standard deviation is about 1.3% of it).
  EXPECT_NEAR(cases / expected, 1.0, 0.05) << cases << " admitted, " << expected << " expected";

  const double auc_truth = auc(truth), auc_prior = auc(prior), auc_ae = auc(ae);
  EXPECT_GE(auc_truth, 0.75);
  EXPECT_LE(auc_truth, 0.85);
  EXPECT_LT(auc_prior, auc_truth - 0.1);
  // Prior use carries signal, as in life.
  EXPECT_GT(auc_prior, 0.55);
  EXPECT_GT(auc_ae, 0.55);
}

// truth/ is not an extract: `import DIR` reads only the files directly in
// DIR, so the city imports as before and nothing of truth/ reaches the
// store; synth refuses to write truth/ through a symbolic link.
TEST(SynthRisk, ImportLeavesTheTruthFileAlone) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"synth", "--out", "city", "--persons", "2000"}).code, 0);
  ASSERT_TRUE(fs::is_regular_file(dir / "city" / "truth" / "true_risk.csv"));
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  RunResult imp = run_bc(dir, {"import", "--covers", "2015-04..2019-03", "city"});
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_EQ(imp.out.find("true_risk"), std::string::npos) << imp.out;
  EXPECT_EQ(imp.err.find("true_risk"), std::string::npos) << imp.err;
  EXPECT_NE(imp.out.find("34 files"), std::string::npos) << imp.out;

  // A second synth into it needs --force, which replaces truth/ too.
  EXPECT_EQ(run_bc(dir, {"synth", "--out", "city", "--persons", "2000"}).code, 2);
  write_file(dir / "city" / "truth" / "true_risk.csv", "stale");
  RunResult forced = run_bc(dir, {"synth", "--out", "city", "--persons", "2000", "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(read_file(dir / "city" / "truth" / "true_risk.csv").substr(0, 27),
            "nhs_number,index_date,risk\n");

  // truth/ as a link to elsewhere is refused, and the elsewhere untouched.
  fs::create_directory(dir / "elsewhere");
  fs::create_directory(dir / "linked");
  write_file(dir / "linked" / "persons.csv", "x");
  fs::create_directory_symlink(dir / "elsewhere", dir / "linked" / "truth");
  RunResult linked = run_bc(dir, {"synth", "--out", "linked", "--persons", "200", "--force"});
  EXPECT_EQ(linked.code, 2) << linked.err;
  EXPECT_NE(linked.err.find("truth: not a directory"), std::string::npos) << linked.err;
  EXPECT_TRUE(fs::is_empty(dir / "elsewhere"));
}

// --history-years: 0 starts everything at the window (no index date
// without a year before it); 1 adds 2015/16; 2, the default, 2014/15 too.
TEST(SynthRisk, HistoryYearsMoveTheStartOfPersonLevelActivity) {
  TempDir dir;
  ASSERT_EQ(
      run_bc(dir, {"synth", "--out", "none", "--persons", "1000", "--history-years", "0"}).code, 0);
  ASSERT_EQ(
      run_bc(dir, {"synth", "--out", "one", "--persons", "1000", "--history-years", "1"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"synth", "--out", "two", "--persons", "1000"}).code, 0);
  auto first_admission = [&](const std::string& sub) {
    std::string first = "9999";
    for (const auto& s : csv_rows(dir / sub / "spells.csv")) first = std::min(first, s[3]);
    return first;
  };
  EXPECT_GE(first_admission("none"), "2016-04-01");
  EXPECT_LT(first_admission("one"), "2015-05-01");
  EXPECT_GE(first_admission("one"), "2015-04-01");
  EXPECT_LT(first_admission("two"), "2014-05-01");
  EXPECT_GE(first_admission("two"), "2014-04-01");
  auto dates = [&](const std::string& sub) {
    std::set<std::string> out;
    for (const auto& t : csv_rows(dir / sub / "truth" / "true_risk.csv")) out.insert(t[1]);
    return out;
  };
  // Index dates are in the window only, however long the history.
  EXPECT_EQ(dates("none"), (std::set<std::string>{"2017-04-01", "2018-04-01"}));
  EXPECT_EQ(dates("one"), (std::set<std::string>{"2016-04-01", "2017-04-01", "2018-04-01"}));
  EXPECT_EQ(dates("two"), dates("one"));
  // Plans stay in the window; delayed days and mid-year estimates cover the history.
  for (const auto& [sub, year] : {std::pair{"one", 2015}, std::pair{"two", 2014}}) {
    std::string first_plan = "9999", first_delay = "9999";
    for (const auto& p : csv_rows(dir / sub / "plans.csv")) first_plan = std::min(first_plan, p[1]);
    for (const auto& d : csv_rows(dir / sub / "delayed_days.csv"))
      first_delay = std::min(first_delay, d[0]);
    EXPECT_EQ(first_plan, "2016-04") << sub;
    EXPECT_EQ(first_delay, std::to_string(year) + "-04") << sub;
    EXPECT_EQ(csv_rows(dir / sub / "population.csv").front()[0], std::to_string(year)) << sub;
  }
  EXPECT_EQ(csv_rows(dir / "none" / "population.csv").front()[0], "2016");
  EXPECT_EQ(run_bc(dir, {"synth", "--out", "x", "--history-years", "6"}).code, 2);
}

}  // namespace
}  // namespace bc::test
