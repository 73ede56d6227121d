// The risk model on the default synthetic city, by the real binary: the
// issue's acceptance figures (docs/risk.md), and an independent
// recomputation of the c-statistic from `risk scores` and the outcomes in
// the store.
//
// One default city (286,896 people, seed 20180101) for the suite: the
// figures are the default city's, not a smaller one's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness.h"

namespace bc::test {
namespace {

class DefaultCityRisk : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    steps_ = new std::vector<RunResult>();
#if defined(BETTERCARE_SANITIZED)
    // The default city's figures are the release build's to check: under
    // the sanitizers the whole city takes two minutes of CI. The sanitized
    // build still trains, validates and scores the model in SynthRisk.
    return;
#endif
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"synth", "--out", "city"},
                                               {"init"},
                                               {"import", "city"},
                                               {"risk", "train", "--index", "2016-04-01"}}) {
      steps_->push_back(run_bc(*dir_, args));
      if (steps_->back().code != 0) return;
    }
    validation_ =
        new RunResult(run_bc(*dir_, {"risk", "validate", "--index", "2017-04-01", "--truth",
                                     "city/truth/true_risk.csv", "--format", "json"}));
    scores_ = new RunResult(run_bc(*dir_, {"risk", "scores", "--at", "2017-04-01"}));
  }
  static void TearDownTestSuite() {
    delete scores_;
    delete validation_;
    delete steps_;
    delete dir_;
  }
  void SetUp() override {
#if defined(BETTERCARE_SANITIZED)
    GTEST_SKIP() << "the default city's figures are checked in the release build";
#endif
    for (const auto& s : *steps_) ASSERT_EQ(s.code, 0) << s.err.substr(0, 2000);
    ASSERT_NE(validation_, nullptr);
    ASSERT_EQ(validation_->code, 0) << validation_->err;
    v_ = nlohmann::json::parse(validation_->out);
  }
  static TempDir* dir_;
  static std::vector<RunResult>* steps_;
  static RunResult *validation_, *scores_;
  nlohmann::json v_;
};
TempDir* DefaultCityRisk::dir_ = nullptr;
std::vector<RunResult>* DefaultCityRisk::steps_ = nullptr;
RunResult* DefaultCityRisk::validation_ = nullptr;
RunResult* DefaultCityRisk::scores_ = nullptr;

// The generator's own risk ranks the validation year no better than life
// allows (0.75 to 0.85); the model beats both the published floor of 0.72
// and the baseline of previous admissions alone, and ranks at least 0.95
// as well as the truth (0.960 on the default city; docs/risk.md).
void ranks_nearly_as_well_as_the_truth(const nlohmann::json& v_) {
  const double truth = v_["true_risk_auc"].get<double>();
  const double auc = v_["auc"].get<double>();
  EXPECT_GE(truth, 0.75);
  EXPECT_LE(truth, 0.85);
  EXPECT_GE(auc, 0.72);
  EXPECT_LT(auc, truth);  // no model beats the generator's own risk
  EXPECT_GE(auc, 0.95 * truth);
  EXPECT_GT(auc, v_["baseline_auc"].get<double>());
  EXPECT_NEAR(v_["auc_of_true_risk"].get<double>(), auc / truth, 1e-12);
}

void top_five_per_cent_have_three_times_the_rate(const nlohmann::json& v_) {
  EXPECT_GE(v_["ppv_top5"].get<double>(), 3 * v_["event_rate"].get<double>());
  const auto events = v_["events"].get<int64_t>();
  EXPECT_NEAR(
      v_["sensitivity_top5"].get<double>(),
      static_cast<double>(v_["top"][2]["events"].get<int64_t>()) / static_cast<double>(events),
      1e-12);
}

// Observed within 20% of expected in every tenth with 50 or more events.
void calibrated_in_every_decile(const nlohmann::json& v_) {
  ASSERT_EQ(v_["calibration"].size(), 10u);
  int checked = 0;
  for (const auto& d : v_["calibration"]) {
    const double expected = d["expected"].get<double>();
    const auto observed = d["observed"].get<int64_t>();
    if (observed < 50) continue;
    ++checked;
    EXPECT_NEAR(static_cast<double>(observed) / expected, 1.0, 0.2) << d.dump();
  }
  EXPECT_GE(checked, 5);
}

// The c-statistic again, from the scores the CLI prints and the emergency
// admissions in the store, by another method: the rank-sum formula with
// average ranks for ties.
void independent_auc_agrees(const nlohmann::json& v_, const RunResult& scores,
                            const fs::path& db_path) {
  ASSERT_EQ(scores.code, 0) << scores.err;
  // Who had an emergency admission admitted 2017-04-01 .. 2018-03-31.
  std::set<std::string> admitted;
  {
    auto db = open_db(db_path);
    ASSERT_NE(db, nullptr);
    auto st = db->prepare(
        "SELECT DISTINCT nhs_number FROM spells WHERE admission_method IN ('21','22','23','24',"
        "'25','2A','2B','2C','2D','28') AND admission_date BETWEEN '2017-04-01' AND '2018-03-31'");
    ASSERT_TRUE(st.ok()) << st.error();
    Status s;
    while (st->step(&s)) admitted.insert(fmt::format("{:010d}", st->int64(0)));
    ASSERT_TRUE(s.ok()) << s.message();
  }
  ASSERT_GT(admitted.size(), 1000u);
  // nhs_number,risk,rank,cluster,factors
  std::vector<std::pair<double, bool>> rows;
  std::istringstream in(scores.out);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "nhs_number,risk,rank,cluster,factors");
  while (std::getline(in, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    rows.emplace_back(std::stod(line.substr(a + 1, b - a - 1)),
                      admitted.contains(line.substr(0, a)));
  }
  EXPECT_EQ(static_cast<int64_t>(rows.size()), v_["population"].get<int64_t>());
  std::sort(rows.begin(), rows.end());
  double rank_sum = 0, positives = 0;
  for (size_t i = 0; i < rows.size();) {
    size_t j = i;
    while (j < rows.size() && rows[j].first == rows[i].first) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k)
      if (rows[k].second) rank_sum += average_rank, positives += 1;
    i = j;
  }
  const double negatives = static_cast<double>(rows.size()) - positives;
  EXPECT_EQ(static_cast<int64_t>(positives), v_["events"].get<int64_t>());
  const double auc = (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
  // The CLI rounds each risk to six decimals, which can merge a few
  // nearby risks into ties; three decimals is what the issue asks.
  EXPECT_NEAR(auc, v_["auc"].get<double>(), 0.0005);
}

// One test, so that the city is generated and imported once (ctest runs
// each test of a suite in its own process).
TEST_F(DefaultCityRisk, MeetsTheAcceptanceFigures) {
  {
    SCOPED_TRACE("ranking");
    ranks_nearly_as_well_as_the_truth(v_);
  }
  {
    SCOPED_TRACE("top 5%");
    top_five_per_cent_have_three_times_the_rate(v_);
  }
  {
    SCOPED_TRACE("calibration");
    calibrated_in_every_decile(v_);
  }
  {
    SCOPED_TRACE("independent AUC");
    independent_auc_agrees(v_, *scores_, *dir_ / "bettercare.db");
  }
}

}  // namespace
}  // namespace bc::test
