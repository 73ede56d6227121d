// bettercare spa on the hand-made fixture (tests/fixtures/small/
// spa_referrals.csv): open referrals as at a date, the times against the
// standards of config/care.toml worked out by hand, and recording a
// referral, its triage and first contact through the import's rules.
//
// The fixture, by hand: SPA001 urgent, triaged after 50 minutes (within
// 2 hours), rapid response, contacted after 4 h 15 (within 24); SPA002
// routine, triaged after 19 hours (within 24), reablement, contacted
// after 68 hours (within 168); SPA003 routine, declined after 18 h 15;
// SPA004 urgent, received 2018-01-12 08:30, never triaged.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

class SpaCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r = run_bc(dir_, {"import", fixture("small").string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  TempDir dir_;
};

TEST_F(SpaCli, TimesAgainstTheStandardsByHand) {
  RunResult r = run_bc(
      dir_, {"spa", "times", "--from", "2018-01-01", "--to", "2018-01-31", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  const auto& urgent = j[0];
  EXPECT_EQ(urgent["urgency"], "urgent");
  EXPECT_EQ(urgent["received"], 2);
  EXPECT_EQ(urgent["triaged"], 1);
  EXPECT_EQ(urgent["triaged_within_standard"], 1);
  EXPECT_NEAR(urgent["median_hours_to_triage"].get<double>(), 50.0 / 60, 1e-9);
  EXPECT_EQ(urgent["sent_to_a_service"], 1);
  EXPECT_EQ(urgent["contacted_within_standard"], 1);
  EXPECT_NEAR(urgent["median_hours_to_first_contact"].get<double>(), 4.25, 1e-9);
  EXPECT_EQ(urgent["open"], 1);
  const auto& routine = j[1];
  EXPECT_EQ(routine["received"], 2);
  EXPECT_EQ(routine["triaged_within_standard"], 2);
  EXPECT_NEAR(routine["median_hours_to_triage"].get<double>(), (19 + 18.25) / 2, 1e-9);
  EXPECT_EQ(routine["sent_to_a_service"], 1);  // reablement; a declined one sends none
  EXPECT_NEAR(routine["median_hours_to_first_contact"].get<double>(), 68, 1e-9);
  EXPECT_EQ(routine["open"], 0);
  // One cluster's people: C2 has SPA003 (9990000034) and SPA004 (9990000042).
  r = run_bc(dir_, {"spa", "times", "--from", "2018-01-01", "--to", "2018-01-31", "--cluster", "C2",
                    "--format", "json"});
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["received"], 1);
  EXPECT_EQ(j[1]["received"], 1);
}

TEST_F(SpaCli, OpenAsAtTheEndOfADay) {
  RunResult r = run_bc(dir_, {"spa", "open", "--at", "2018-01-09", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "referral_id,nhs_number,received,source,urgency,reason\n"
            "SPA002,9990000026,2018-01-09T14:00:00,hospital,routine,\"Discharge home, needs help "
            "with washing\"\n");
  r = run_bc(dir_, {"spa", "open", "--at", "2018-01-12", "--format", "csv"});
  EXPECT_EQ(r.out,
            "referral_id,nhs_number,received,source,urgency,reason\n"
            "SPA004,9990000042,2018-01-12T08:30:00,social_care,urgent,Carer taken ill\n");
  EXPECT_EQ(query_int(dir_ / "bettercare.db",
                      "SELECT count(*) FROM audit_log WHERE action = 'view_spa_referrals'"),
            2);
}

TEST_F(SpaCli, ReferTriageAndContactThroughTheImportsRules) {
  RunResult r =
      run_bc(dir_, {"spa", "refer", "--nhs", "9990000018", "--received", "2018-02-01T09:00",
                    "--source", "gp", "--urgency", "soon", "--reason", "Falls"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("urgency: "), std::string::npos) << r.err;
  r = run_bc(dir_, {"spa", "refer", "--nhs", "9990000018", "--received", "2018-02-01T09:00",
                    "--source", "gp", "--urgency", "urgent", "--reason", "Falls"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string id = "S9990000018-20180201090000";
  r = run_bc(
      dir_, {"spa", "triage", "--referral", id, "--at", "2018-02-01T08:00", "--outcome", "advice"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("the triage is before the referral was received"), std::string::npos);
  r = run_bc(dir_, {"spa", "triage", "--referral", id, "--at", "2018-02-01T12:00", "--outcome",
                    "rapid_response"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_bc(dir_, {"spa", "contact", "--referral", id, "--at", "2018-02-01T15:00"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_bc(dir_,
             {"spa", "times", "--from", "2018-02-01", "--to", "2018-02-01", "--format", "json"});
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j[0]["triaged"], 1);
  EXPECT_EQ(j[0]["triaged_within_standard"], 0);    // 3 hours against 2
  EXPECT_EQ(j[0]["contacted_within_standard"], 1);  // 6 hours against 24
  r = run_bc(dir_, {"spa", "contact", "--referral", "NOPE", "--at", "2018-02-01T15:00"});
  EXPECT_EQ(r.code, 5);
}

}  // namespace
}  // namespace bc::test
