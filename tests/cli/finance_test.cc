// bettercare finance: the seed's 2017/18 month-12 schedule reproduced
// exactly, forecasts and risk shares to the penny, and clear errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

#include "harness.h"

namespace bc::test {
namespace {

class FinanceSeed : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(dir_, {"import", fixture("finance_seed").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  TempDir dir_;
};

// Every partner row of the schedule (config/seed/finance_2017_18.csv, the
// transcription) comes back with its budget, actual and variance, and the
// totals are the schedule's: budget £109,319k, actual £110,486k, overspend
// £1,167k.
TEST_F(FinanceSeed, TheMonth12ScheduleIsReproducedExactly) {
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "12", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["year"], "2017/18");
  EXPECT_EQ(j["month"], 12);
  EXPECT_EQ(j["schemes"].size(), 12u);
  std::map<std::pair<std::string, std::string>, nlohmann::json> rows;
  for (const auto& s : j["schemes"]) {
    for (const auto& p : s["partners"]) rows[{s["code"], p["partner"]}] = p;
  }
  int checked = 0;
  // scheme_code,scheme_name,host,partner,budget_k,actual_k,...
  for (const auto& f : seed_finance_rows()) {
    double budget = std::stod(f[4]) * 1000, actual = std::stod(f[5]) * 1000;
    if (budget == 0 && actual == 0) continue;
    auto& p = rows[{f[0], f[3]}];
    ASSERT_FALSE(p.is_null()) << f[0] << " " << f[3];
    EXPECT_DOUBLE_EQ(p["budget"].get<double>(), budget) << f[0] << " " << f[3];
    EXPECT_DOUBLE_EQ(p["outturn"].get<double>(), actual) << f[0] << " " << f[3];
    EXPECT_DOUBLE_EQ(p["variance"].get<double>(), actual - budget) << f[0] << " " << f[3];
    ++checked;
  }
  EXPECT_EQ(checked, 19);
  EXPECT_DOUBLE_EQ(j["totals"]["budget"].get<double>(), 109'319'000.0);
  EXPECT_DOUBLE_EQ(j["totals"]["outturn"].get<double>(), 110'486'000.0);
  EXPECT_DOUBLE_EQ(j["totals"]["ytd_actual"].get<double>(), 110'486'000.0);
  EXPECT_DOUBLE_EQ(j["totals"]["variance"].get<double>(), 1'167'000.0);
  EXPECT_DOUBLE_EQ(j["totals"]["variance_pct"].get<double>(), 1.1);
  // The figures the papers quote: Clusters CCG 314, council 293, total 607;
  // Learning Disabilities 1,285.
  const auto clu_ccg = std::make_pair(std::string("CLU"), std::string("CCG"));
  const auto clu_scc = std::make_pair(std::string("CLU"), std::string("SCC"));
  EXPECT_DOUBLE_EQ(rows[clu_ccg]["variance"].get<double>(), 314'000.0);
  EXPECT_DOUBLE_EQ(rows[clu_scc]["variance"].get<double>(), 293'000.0);
  for (const auto& s : j["schemes"]) {
    if (s["code"] == "CLU") {
      EXPECT_DOUBLE_EQ(s["variance"].get<double>(), 607'000.0);
    }
    if (s["code"] == "LD") {
      EXPECT_DOUBLE_EQ(s["variance"].get<double>(), 1'285'000.0);
    }
    // Building Resilience shares its net underspend of 130 50/50.
    if (s["code"] == "BRS") {
      for (const auto& p : s["partners"])
        EXPECT_DOUBLE_EQ(p["borne_variance"].get<double>(), -65'000.0);
    }
  }
  // By partner: CCG 71,549 / 72,155 and the council 37,770 / 38,331 ("£71.5M from the CCG
  // and £37.8M the Council").
  for (const auto& p : j["by_partner"]) {
    if (p["partner"] == "CCG") {
      EXPECT_DOUBLE_EQ(p["budget"].get<double>(), 71'549'000.0);
    }
    if (p["partner"] == "SCC") {
      EXPECT_DOUBLE_EQ(p["outturn"].get<double>(), 38'331'000.0);
    }
  }
}

// The table reads like the board paper: £'000, underspends in brackets.
TEST_F(FinanceSeed, TheTableIsInThousandsWithBrackets) {
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "12"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("(£'000; underspends in brackets)"), std::string::npos);
  EXPECT_NE(r.out.find("109,319"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("110,486"), std::string::npos);
  EXPECT_NE(r.out.find("1,167"), std::string::npos);
  EXPECT_NE(r.out.find("(421)"), std::string::npos);  // Rehab and Reablement, council
  EXPECT_NE(r.out.find("(187)"), std::string::npos);  // and CCG
  EXPECT_NE(r.out.find("Overspend of 1.1% on a budget of £109.3m (£1.2m)."), std::string::npos)
      << r.out;
  // The previous report's outturn beside this month's, and the movement.
  EXPECT_NE(r.out.find("  outturn   outturn\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("YTD act.       M11       M12  movement  variance"), std::string::npos)
      << r.out;
}

TEST_F(FinanceSeed, ErrorsAreClear) {
  RunResult month = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "13"});
  EXPECT_EQ(month.code, 2);
  EXPECT_NE(month.err.find("the month must be 1 to 12"), std::string::npos) << month.err;
  RunResult scheme = run_bc(dir_, {"finance", "--year", "2017/18", "--scheme", "NOPE"});
  EXPECT_EQ(scheme.code, 5);
  EXPECT_NE(scheme.err.find("there is no scheme NOPE"), std::string::npos) << scheme.err;
  RunResult year = run_bc(dir_, {"finance", "--year", "2019/20"});
  EXPECT_EQ(year.code, 5);
  EXPECT_NE(year.err.find("there are no budgets or ledger lines for 2019/20"), std::string::npos)
      << year.err;
  RunResult bad = run_bc(dir_, {"finance", "--year", "2017/19"});
  EXPECT_EQ(bad.code, 2);
  RunResult one =
      run_bc(dir_, {"finance", "--year", "2017/18", "--scheme", "CLU", "--format", "json"});
  ASSERT_EQ(one.code, 0);
  auto j = nlohmann::json::parse(one.out);
  EXPECT_EQ(j["schemes"].size(), 1u);
  EXPECT_DOUBLE_EQ(j["totals"]["variance"].get<double>(), 607'000.0);
}

// The previous report (M11) on the seed: the fixture has the year's spend as
// one M12 line and no forecasts, so as at M11 the outturn is already the
// year's actual (the rule when nothing has been forecast) and nothing moved:
// every previous outturn is its row's outturn, movement 0.
TEST_F(FinanceSeed, ThePreviousReportIsTheOutturnAsAtM11) {
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "12", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  int rows = 0;
  for (const auto& s : j["schemes"]) {
    EXPECT_DOUBLE_EQ(s["previous_outturn"].get<double>(), s["outturn"].get<double>()) << s["code"];
    EXPECT_DOUBLE_EQ(s["movement"].get<double>(), 0.0) << s["code"];
    for (const auto& p : s["partners"]) {
      EXPECT_DOUBLE_EQ(p["previous_outturn"].get<double>(), p["outturn"].get<double>());
      ++rows;
    }
  }
  EXPECT_EQ(rows, 19);
  EXPECT_DOUBLE_EQ(j["totals"]["previous_outturn"].get<double>(), 110'486'000.0);
  EXPECT_DOUBLE_EQ(j["totals"]["movement"].get<double>(), 0.0);
}

// tests/fixtures/finance at M6, computed by hand:
//  S1 CCG: budget 1,200; YTD budget 1,200 x 6/12 = 600; YTD actual 6 x 100 = 600; outturn
//    = the M6 forecast 1,300 (not M3's 1,250); variance +100; movement since M5 (whose
//    outturn is still M3's 1,250) +50.
//  S1 SCC: no forecasts: the outturn is the year's actuals, 12 x 50 = 600; variance 0. Its
//    budget is profiled into the second half of the year: YTD budget 0 at M6, 300 at M9.
//  S1 WCC: 20 spent with no budget: shown, with a warning.
//  S2 (shared 33.33/33.33/33.34): CCG 1,000 -> 1,000; SCC 1,000 -> 1,100; WCC 1,000.01 ->
//    1,000.03 (its YTD budget 500.005 rounds to 500.01). Net variance 100.02 splits
//    33.34 / 33.33 / 33.35: the two spare pence go to the largest remainders.
// The previous report (M5), from the ledger lines by hand: S1 CCG's latest
//    forecast by M5 is M3's 1,250 (movement +50); S1 SCC and S1 WCC have no
//    forecasts, so both months show the year's actuals, 600 and 20 (movement
//    0); S2's forecasts were all given at M1: 1,000, 1,100 and 1,000.03.
//    Scheme totals S1 1,250 + 600 + 20 = 1,870 and S2 3,100.03; the fund
//    4,970.03 against an outturn of 5,020.03 (movement +50). By partner: CCG
//    1,250 + 1,000 = 2,250; SCC 600 + 1,100 = 1,700; WCC 20 + 1,000.03 =
//    1,020.03.
TEST(FinanceRules, ForecastsTwelfthsAndRiskShareToThePenny) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("finance").string()}).code, 0);
  RunResult r = run_bc(dir, {"finance", "--year", "2017/18", "--month", "6", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: scheme S1: partner WCC has ledger lines in 2017/18 but no budget"),
            std::string::npos)
      << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::map<std::pair<std::string, std::string>, nlohmann::json> p;
  for (const auto& s : j["schemes"]) {
    for (const auto& x : s["partners"]) p[{s["code"], x["partner"]}] = x;
  }
  auto v = [&](const char* s, const char* partner, const char* field) {
    return p[{s, partner}][field].get<double>();
  };
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "ytd_budget"), 600.00);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "ytd_actual"), 600.00);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "outturn"), 1300.00);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "variance"), 100.00);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "movement"), 50.00);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "previous_outturn"), 1250.00);
  EXPECT_DOUBLE_EQ(v("S1", "SCC", "previous_outturn"), 600.00);
  EXPECT_DOUBLE_EQ(v("S1", "SCC", "movement"), 0.00);
  EXPECT_DOUBLE_EQ(v("S1", "WCC", "previous_outturn"), 20.00);
  EXPECT_DOUBLE_EQ(v("S2", "CCG", "previous_outturn"), 1000.00);
  EXPECT_DOUBLE_EQ(v("S2", "SCC", "previous_outturn"), 1100.00);
  EXPECT_DOUBLE_EQ(v("S2", "WCC", "previous_outturn"), 1000.03);
  EXPECT_DOUBLE_EQ(v("S2", "WCC", "movement"), 0.00);
  std::map<std::string, nlohmann::json> schemes, partners;
  for (const auto& s : j["schemes"]) schemes[s["code"]] = s;
  for (const auto& x : j["by_partner"]) partners[x["partner"]] = x;
  EXPECT_DOUBLE_EQ(schemes["S1"]["previous_outturn"].get<double>(), 1870.00);
  EXPECT_DOUBLE_EQ(schemes["S1"]["movement"].get<double>(), 50.00);
  EXPECT_DOUBLE_EQ(schemes["S2"]["previous_outturn"].get<double>(), 3100.03);
  EXPECT_DOUBLE_EQ(j["totals"]["previous_outturn"].get<double>(), 4970.03);
  EXPECT_DOUBLE_EQ(j["totals"]["outturn"].get<double>(), 5020.03);
  EXPECT_DOUBLE_EQ(j["totals"]["movement"].get<double>(), 50.00);
  EXPECT_DOUBLE_EQ(partners["CCG"]["previous_outturn"].get<double>(), 2250.00);
  EXPECT_DOUBLE_EQ(partners["CCG"]["movement"].get<double>(), 50.00);
  EXPECT_DOUBLE_EQ(partners["SCC"]["previous_outturn"].get<double>(), 1700.00);
  EXPECT_DOUBLE_EQ(partners["WCC"]["previous_outturn"].get<double>(), 1020.03);
  EXPECT_DOUBLE_EQ(v("S1", "CCG", "borne_variance"), 100.00);
  EXPECT_DOUBLE_EQ(v("S1", "SCC", "outturn"), 600.00);
  EXPECT_DOUBLE_EQ(v("S1", "SCC", "ytd_actual"), 300.00);
  EXPECT_DOUBLE_EQ(v("S1", "SCC", "ytd_budget"), 0.00);
  EXPECT_DOUBLE_EQ(v("S1", "WCC", "outturn"), 20.00);
  const auto s1_wcc = std::make_pair(std::string("S1"), std::string("WCC"));
  EXPECT_EQ(p[s1_wcc]["no_budget"], true);
  EXPECT_DOUBLE_EQ(v("S2", "WCC", "ytd_budget"), 500.01);
  EXPECT_DOUBLE_EQ(v("S2", "CCG", "borne_variance"), 33.34);
  EXPECT_DOUBLE_EQ(v("S2", "SCC", "borne_variance"), 33.33);
  EXPECT_DOUBLE_EQ(v("S2", "WCC", "borne_variance"), 33.35);
  EXPECT_DOUBLE_EQ(j["totals"]["budget"].get<double>(), 4800.01);
  EXPECT_DOUBLE_EQ(j["totals"]["variance"].get<double>(), 220.02);
  // The borne variances add up to the variance: nothing lost or created.
  double borne = 0;
  for (const auto& x : j["by_partner"]) borne += x["borne_variance"].get<double>();
  EXPECT_NEAR(borne, 220.02, 1e-9);
  RunResult m9 = run_bc(
      dir, {"finance", "--year", "2017/18", "--month", "9", "--scheme", "S1", "--format", "json"});
  auto j9 = nlohmann::json::parse(m9.out);
  for (const auto& x : j9["schemes"][0]["partners"]) {
    if (x["partner"] == "SCC") {
      EXPECT_DOUBLE_EQ(x["ytd_budget"].get<double>(), 300.00);
    }
  }
  // At M2 the outturn of S1 CCG has no forecast yet: the year's actuals so far (6 x 100).
  RunResult m2 = run_bc(dir, {"finance", "--year", "2017/18", "--month", "2", "--format", "json"});
  auto j2 = nlohmann::json::parse(m2.out);
  for (const auto& s : j2["schemes"]) {
    for (const auto& x : s["partners"]) {
      if (s["code"] == "S1" && x["partner"] == "CCG") {
        EXPECT_DOUBLE_EQ(x["outturn"].get<double>(), 600.00);
      }
    }
  }
}

// M1 has no previous report: no previous outturn or movement anywhere in
// the JSON, empty CSV cells, and no such columns in the table.
TEST(FinanceRules, MonthOneHasNoPreviousReport) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("finance").string()}).code, 0);
  RunResult r = run_bc(dir, {"finance", "--year", "2017/18", "--month", "1", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("previous_outturn"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("movement"), std::string::npos) << r.out;
  RunResult csv = run_bc(dir, {"finance", "--year", "2017/18", "--month", "1", "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_NE(csv.out.find("borne_variance,previous_outturn,movement\n"), std::string::npos);
  EXPECT_NE(csv.out.find("S2,CCG,1000.00,83.33,0.01,1000.00,0.00,33.34,,\n"), std::string::npos)
      << csv.out;
  RunResult table = run_bc(dir, {"finance", "--year", "2017/18", "--month", "1"});
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_EQ(table.out.find("M0"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("movement"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("YTD act.   outturn  variance"), std::string::npos) << table.out;
  // From M2 the CSV carries both: S1 CCG had no forecast by M1 or M2, so
  // both months show its year's actuals so far loaded (6 x 100).
  RunResult m2 = run_bc(
      dir, {"finance", "--year", "2017/18", "--month", "2", "--scheme", "S1", "--format", "csv"});
  ASSERT_EQ(m2.code, 0) << m2.err;
  EXPECT_NE(m2.out.find("S1,CCG,1200.00,200.00,200.00,600.00,-600.00,-600.00,600.00,0.00\n"),
            std::string::npos)
      << m2.out;
}

}  // namespace
}  // namespace bc::test
