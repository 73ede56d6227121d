// The cluster-care commands on a small fixture: what they refuse, and that
// every person-level look is in the audit log before anything is shown.
// (Their figures: tests/golden/frailty.test; the model on the default
// city: risk_cli_test.cc.)
#include <gtest/gtest.h>

#include "harness.h"

namespace bc::test {
namespace {

class CareCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(dir_, {"import", fixture("frailty").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  int64_t audited(const std::string& action) const {
    return query_int(db(), "SELECT count(*) FROM audit_log WHERE action = '" + action + "'");
  }
  TempDir dir_;
};

TEST_F(CareCli, PersonLevelOutputIsAuditedAndSummariesAreNot) {
  RunResult r = run_bc(dir_, {"frailty", "--at", "2018-04-01", "--cluster", "C2"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("9990001057"), std::string::npos);
  EXPECT_EQ(audited("view_frailty"), 1);
  EXPECT_EQ(query_text(db(), "SELECT subject FROM audit_log WHERE action = 'view_frailty'"),
            "frailty at 2018-04-01 cluster C2 (table)");
  r = run_bc(dir_, {"frailty", "--at", "2018-04-01", "--summary"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("9990001"), std::string::npos);  // nobody named
  EXPECT_EQ(audited("view_frailty"), 1);
}

TEST_F(CareCli, BadDatesClustersAndSharesAreUsageErrors) {
  RunResult r = run_bc(dir_, {"frailty", "--at", "2018-02-30"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--at 2018-02-30"), std::string::npos) << r.err;
  r = run_bc(dir_, {"frailty", "--at", "2018-04-01", "--cluster", "C9"});
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("there is no cluster 'C9'"), std::string::npos) << r.err;
  EXPECT_EQ(audited("view_frailty"), 0);  // nothing shown, nothing to audit
}

TEST_F(CareCli, WithoutAModelTheRegisterAndScoresSaySoAndShowNothing) {
  RunResult r = run_bc(dir_, {"register", "--cluster", "C1", "--at", "2018-04-01"});
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("risk train"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_bc(dir_, {"risk", "scores", "--at", "2018-04-01"});
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(audited("view_register") + audited("view_risk_scores"), 0);
  r = run_bc(dir_, {"risk", "models"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("No risk model has been fitted yet"), std::string::npos);
}

// The fixture has spells in 2016-2018 but no month is declared loaded
// beyond them: training at 2018-04-01 needs 2018-04 .. 2019-03.
TEST_F(CareCli, TrainingNeedsTheOutcomeYearLoadedAndChangesNothingOtherwise) {
  RunResult r = run_bc(dir_, {"risk", "train", "--index", "2018-04-01"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("2018-05"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not loaded"), std::string::npos) << r.err;
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM risk_models"), 0);
}

// A synthetic city's truth file that is not one: a clear error (exit 3)
// naming the file and line, and no validation stored.
TEST(CareCliTruth, AMalformedTruthFileIsRefusedAndNothingIsStored) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  RunResult r =
      run_bc(dir, {"import", "--covers", "2016-04..2019-03", fixture("frailty").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_bc(dir, {"risk", "train", "--index", "2017-04-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  const fs::path db = dir / "bettercare.db";
  auto validate = [&](const std::string& text) {
    write_file(dir / "truth.csv", text);
    return run_bc(dir, {"risk", "validate", "--index", "2018-04-01", "--truth", "truth.csv"});
  };
  r = validate("nhs,when,p\n");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("truth.csv: the header must be nhs_number,index_date,risk"),
            std::string::npos)
      << r.err;
  r = validate("nhs_number,index_date,risk\n9990001006,2018-04-01,1.5\n");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("truth.csv:2: not an NHS number and a risk from 0 to 1"), std::string::npos)
      << r.err;
  r = validate("nhs_number,index_date,risk\n9990001006,2018-04-01,0.5\n");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("have no true risk"), std::string::npos) << r.err;
  r = validate("nhs_number,index_date,risk\n9990001006,2017-04-01,0.5\n");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("no rows for the index date 2018-04-01"), std::string::npos) << r.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM risk_validations"), 0);
  // Without --truth the same validation is stored.
  r = run_bc(dir, {"risk", "validate", "--index", "2018-04-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM risk_validations"), 1);
}

}  // namespace
}  // namespace bc::test
