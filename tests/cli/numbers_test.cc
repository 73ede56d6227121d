// Numbers (issue 14): profile weights and plan values are checked for range
// at import (finite, not subnormal, within the documented bounds) with
// file:line; a stored value no command can read is a clear error, never
// "internal error"; the fund's totals are added in integer pence and an
// overflow is an error, never a wrapped figure.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

std::string twelve(const std::string& first, const std::string& second) {
  std::string p = first + ";" + second;
  for (int i = 0; i < 10; ++i) p += ";1";
  return p;
}

class Numbers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(dir_, {"import", fixture("finance_seed").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    before_ = fingerprint(db());
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  RunResult import_budget(const std::string& amount, const std::string& profile) {
    write_file(dir_ / "budgets.csv",
               "financial_year,scheme_code,partner_code,funding_stream,amount,profile\n"
               "2017/18,CAR,CCG,Pooled," +
                   amount + "," + profile + "\n");
    return run_bc(dir_, {"import", "budgets.csv"});
  }
  TempDir dir_;
  StoreFingerprint before_;
};

TEST_F(Numbers, HugeAndSubnormalProfileWeightsAreRefusedWithTheirLine) {
  for (const std::string& profile :
       {twelve("1e308", "1e308"), twelve("1e-310", "1"), twelve("inf", "1"), twelve("nan", "1"),
        twelve("1000001", "1"), twelve("0.0000000001", "1"), twelve("-0", "1")}) {
    RunResult r = import_budget("1240000.00", profile);
    EXPECT_EQ(r.code, 3) << profile << ": " << r.err;
    EXPECT_NE(r.err.find("budgets.csv:2: profile: " + profile + ":"), std::string::npos) << r.err;
    EXPECT_TRUE(fingerprint(db()) == before_) << profile;
  }
  // The bounds themselves are accepted.
  RunResult ok = import_budget("1240000.00", twelve("1000000", "0.000001"));
  EXPECT_EQ(ok.code, 0) << ok.err;
}

TEST_F(Numbers, ProfiledYtdBudgetIsExactInPence) {
  // £1,000.00 over weights 1;2;1;1;... (13 in all): M2 is 3/13 of it,
  // £230.769..., £230.77 to the penny.
  ASSERT_EQ(import_budget("1000.00", twelve("1", "2")).code, 0);
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "2", "--scheme", "CAR",
                              "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  for (const auto& p : j["schemes"][0]["partners"]) {
    if (p["partner"] == "CCG") {
      EXPECT_DOUBLE_EQ(p["ytd_budget"].get<double>(), 230.77);
    }
  }
}

// A profile put in the store by an older bettercare, which no longer
// passes the rules: the finance commands say which row and what to do
// (invalid data, exit 3; a 409 with the message on the web, not a 500).
TEST_F(Numbers, AStoredProfileThatCannotBeReadIsAClearError) {
  ASSERT_EQ(exec_on_store(db(), "UPDATE budgets SET profile = '" + twelve("1e-310", "1") +
                                    "' WHERE scheme_code = 'CAR' AND partner_code = 'CCG'"),
            "");
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "6"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the budget of scheme CAR, partner CCG"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("import the budgets again"), std::string::npos) << r.err;
}

// Amounts each within the limit of an amount (£90 trillion), 1,100 of them:
// their sum passes 2^63 pence. An error, never a total that wrapped round.
TEST_F(Numbers, FundTotalsThatWouldOverflowAreAnError) {
  std::string text = "financial_year,scheme_code,partner_code,funding_stream,amount\n";
  for (int i = 0; i < 1100; ++i)
    text += "2017/18,CAR,CCG,Stream " + std::to_string(i) + ",90000000000000.00\n";
  write_file(dir_ / "budgets.csv", text);
  RunResult imported = run_bc(dir_, {"import", "budgets.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  RunResult r = run_bc(dir_, {"finance", "--year", "2017/18", "--month", "12", "--format", "json"});
  EXPECT_EQ(r.code, 3) << r.out.substr(0, 300) << r.err;
  EXPECT_NE(r.err.find("too large to add up"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("\"budget\": -"), std::string::npos) << r.out.substr(0, 300);
}

TEST_F(Numbers, PlanValuesOutOfRangeAreRefused) {
  for (const std::string v : {"1e-310", "1e300", "1000000000001"}) {
    write_file(dir_ / "plans.csv", "metric,month,value\nnel_admissions,2017-04," + v + "\n");
    RunResult r = run_bc(dir_, {"import", "plans.csv"});
    EXPECT_EQ(r.code, 3) << v << ": " << r.err;
    EXPECT_NE(r.err.find("plans.csv:2: value: " + v + ":"), std::string::npos) << r.err;
    EXPECT_TRUE(fingerprint(db()) == before_) << v;
  }
}

}  // namespace
}  // namespace bc::test
