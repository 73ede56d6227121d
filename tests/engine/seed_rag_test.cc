// The seed's 2017/18 year end, fed through the engine: plans and actuals in
// the seed's proportions (DOMAIN.md; config/seed/plans_2017_18.csv) must give
// the seed's RAG and comparison with last year for each metric:
//   NEL 0% to target (Green), flat on last year;
//   DToC rate 5.4% against 3.9% (Red), 2.2 points lower than last year;
//   delayed days 14,282 against 12,518, 14% over (Red), 29% better than last year;
//   permanent admissions 6% under target (Green), 12% better;
//   falls injuries 7% over target (Amber), 3% worse.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <stdlib.h>
#include <filesystem>
#include <fstream>

#include "../support/test_backend.h"
#include "engine/evaluate.h"
#include "ingest/importer.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

class SeedYearEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-seed-rag-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());  // one per test process: ctest runs tests in parallel
    auto write = [&](const std::string& name, const std::string& text) {
      std::ofstream(dir_ / name) << text;
    };
    write("partners.csv", "partner_code,partner_name,kind\nCCG,CCG,nhs\n");
    write("practices.csv",
          "practice_code,practice_name,cluster_code,cluster_name\nJ82001,P,C1,One\n");
    write("providers.csv", "provider_code,provider_name,provider_type\nRHM,Hospital,acute\n");
    // One person aged 80 throughout; the metrics here count events, and the
    // 65+ filters need an age.
    write("persons.csv",
          "nhs_number,date_of_birth,sex,practice_code\n9990000018,1937-06-01,F,J82001\n");
    std::string spells =
        "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,primary_"
        "diagnosis,secondary_diagnoses\n";
    std::string homes = "admission_id,nhs_number,admission_date,setting,permanent,funder\n";
    int id = 0;
    // year: 2016 or 2017; n emergency admissions, f of them falls injuries.
    auto admissions = [&](int year, int n, int falls) {
      for (int i = 0; i < n; ++i) {
        std::string day =
            std::to_string(year) + "-" + (i % 2 ? "06" : "11") + "-1" + std::to_string(i % 9);
        spells += fmt::format("S{},9990000018,RHM,{},{},21,{}\n", ++id, day, day,
                              i < falls ? "S72.0,W19" : "J18.9,");
      }
    };
    admissions(2016, 1100, 104);  // last year: 1,100 admissions, 104 falls
    admissions(2017, 1100, 107);  // this year: 1,100 (on plan), 107 falls (7% over 100)
    for (int i = 0; i < 107; ++i)
      homes += fmt::format("H{},9990000018,2016-09-01,nursing,Y,council\n", i);
    for (int i = 0; i < 94; ++i)
      homes += fmt::format("K{},9990000018,2017-09-01,nursing,Y,council\n", i);
    write("spells.csv", spells);
    write("care_home_admissions.csv", homes);
    // Delayed days: 14,282 this year (plan 12,518); 20,115 last year (29% more).
    std::string delayed = "month,provider_code,responsible_org,reason,delayed_days\n";
    std::string beds = "month,provider_code,occupied_bed_days\n";
    std::string plans = "metric,month,value\n";
    for (int m = 0; m < 12; ++m) {
      int cal = (m + 3) % 12 + 1;
      std::string this_month = fmt_month(cal <= 3 ? 2018 : 2017, cal);
      std::string last_month = fmt_month(cal <= 3 ? 2017 : 2016, cal);
      delayed +=
          this_month + ",RHM,NHS,A," + std::to_string(m < 11 ? 1190 : 14282 - 11 * 1190) + "\n";
      delayed +=
          last_month + ",RHM,NHS,A," + std::to_string(m < 11 ? 1676 : 20115 - 11 * 1676) + "\n";
      // Bed days so that the year's DToC rate is 5.4% (14,282 / 264,481) and
      // last year's 7.6% (20,115 / 264,671).
      beds += this_month + ",RHM," + std::to_string(m < 11 ? 22040 : 264481 - 11 * 22040) + "\n";
      beds += last_month + ",RHM," + std::to_string(m < 11 ? 22056 : 264671 - 11 * 22056) + "\n";
      plans += "nel_admissions," + this_month + "," + (m < 11 ? "91.5" : "93.5") + "\n";  // 1,100
      plans += "delayed_days," + this_month + "," + (m < 11 ? "1043" : "1045") + "\n";    // 12,518
      plans += "dtoc_rate," + this_month + ",3.9\n";
      plans +=
          "permanent_admissions_65," + this_month + "," + (m < 11 ? "8.3" : "8.7") + "\n";  // 100
      plans += "falls_injuries_65," + this_month + "," + (m < 11 ? "8.3" : "8.7") + "\n";   // 100
    }
    write("delayed_days.csv", delayed);
    write("bed_days.csv", beds);
    write("plans.csv", plans);

    auto store = test::open_test_store(dir_ / "seed.db");
    ASSERT_TRUE(store.ok()) << store.error();
    auto inputs = plan_import({dir_.string()}, std::nullopt);
    ASSERT_TRUE(inputs.ok()) << inputs.error();
    // Activity is placed in a few months of each year: the import declares
    // that it covers both years, so the other months are loaded and empty.
    ImportOptions options;
    options.covers = std::make_pair(*YearMonth::parse("2016-04"), *YearMonth::parse("2018-03"));
    auto report = import_batch(**store, *inputs, options);
    ASSERT_TRUE(report.ok()) << report.error();
    ASSERT_TRUE(report->committed) << (report->errors.empty() ? "" : report->errors[0].to_string());
    auto snap = build_snapshot(**store);
    ASSERT_TRUE(snap.ok()) << snap.error();
    snap_ = std::move(*snap);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string fmt_month(int y, int m) {
    return std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
  }

  MetricRow year_end(const std::string& id) {
    const MetricConfig& cfg = builtin_metric_config();
    auto rows =
        evaluate_metric(*snap_, cfg, *cfg.find(id), *Period::parse("2017/18"), EvaluateOptions{});
    EXPECT_TRUE(rows.ok()) << rows.error();
    EXPECT_EQ(rows->size(), 1u);
    return rows->front();
  }

  fs::path dir_;
  std::unique_ptr<Snapshot> snap_;
};

TEST_F(SeedYearEnd, EmergencyAdmissionsOnTargetAndFlat) {
  MetricRow r = year_end("nel_admissions");
  EXPECT_DOUBLE_EQ(*r.value, 1100);
  EXPECT_NEAR(*r.plan, 1100, 1e-9);
  EXPECT_NEAR(*r.variance_pct, 0, 1e-9);
  EXPECT_EQ(r.rag, Rag::kGreen);
  EXPECT_EQ(r.comparison, Comparison::kFlat);
}

TEST_F(SeedYearEnd, DtocRateRedAnd2Point2PointsBetter) {
  // "Target Not Achieved (5.4% vs. 3.9% target)", "Better (2.2% lower than
  // last year)": a change of a percentage, read in percentage points.
  MetricRow r = year_end("dtoc_rate");
  EXPECT_NEAR(*r.value, 5.4, 0.005);
  EXPECT_NEAR(*r.plan, 3.9, 1e-9);
  EXPECT_EQ(r.rag, Rag::kRed);
  ASSERT_TRUE(r.previous_value);
  EXPECT_NEAR(*r.previous_value, 7.6, 0.005);
  ASSERT_TRUE(r.change_pp);
  EXPECT_NEAR(*r.change_pp, -2.2, 0.05);
  EXPECT_EQ(r.comparison, Comparison::kBetter);
}

TEST_F(SeedYearEnd, DelayedDaysFourteenPercentOverRedAnd29PercentBetter) {
  MetricRow r = year_end("delayed_days");
  EXPECT_DOUBLE_EQ(*r.value, 14282);
  EXPECT_NEAR(*r.plan, 12518, 1e-9);
  EXPECT_NEAR(*r.variance_pct, 14.1, 0.05);
  EXPECT_EQ(r.rag, Rag::kRed);
  EXPECT_NEAR(*r.change_pct, -29.0, 0.05);
  EXPECT_EQ(r.comparison, Comparison::kBetter);
}

TEST_F(SeedYearEnd, PermanentAdmissionsSixPercentUnderGreenAnd12PercentBetter) {
  MetricRow r = year_end("permanent_admissions_65");
  EXPECT_DOUBLE_EQ(*r.value, 94);
  EXPECT_NEAR(*r.variance_pct, -6.0, 0.05);
  EXPECT_EQ(r.rag, Rag::kGreen);
  EXPECT_NEAR(*r.change_pct, -12.1, 0.05);
  EXPECT_EQ(r.comparison, Comparison::kBetter);
}

TEST_F(SeedYearEnd, FallsSevenPercentOverAmberAnd3PercentWorse) {
  MetricRow r = year_end("falls_injuries_65");
  EXPECT_DOUBLE_EQ(*r.value, 107);
  EXPECT_NEAR(*r.variance_pct, 7.0, 0.05);
  EXPECT_EQ(r.rag, Rag::kAmber);
  EXPECT_NEAR(*r.change_pct, 2.9, 0.05);
  EXPECT_EQ(r.comparison, Comparison::kWorse);
}

// The importer's list for callers without a config (national_plan_metrics)
// is the built-in config's metrics that have plans, with their units.
TEST(NationalPlanMetrics, AreTheConfigsMetricsWithPlans) {
  const MetricConfig& cfg = builtin_metric_config();
  std::vector<std::pair<std::string, std::string>> listed, planned;
  for (const auto& m : national_plan_metrics()) listed.emplace_back(m.id, m.unit);
  for (const MetricDef& m : cfg.metrics) {
    // Supporting measures have no plans: money, every A&E type, every funder.
    if (m.sum_cost || m.id == "ae_attendances_all_types" ||
        m.id == "permanent_admissions_65_all_funders")
      continue;
    planned.emplace_back(m.id, std::string(m.unit_name()));
  }
  EXPECT_EQ(listed, planned);
}

}  // namespace
}  // namespace bc
