// bettercare careplan due | show | fhir on hand-made fixtures: the reviews
// due and overdue as at a date (tests/fixtures/care_due, its expected CSV
// checked in: a review due on the date is due, not overdue; closed and
// draft plans, plans not yet agreed and plans closed by a review never
// appear; a later review resets the date), every look audited, and the
// FHIR CarePlan of the version in force.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

class CareplanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    std::vector<std::string> args = {"import"};
    for (const char* f : {"partners", "practices", "providers"})
      args.push_back(fixture(std::string("small/") + f + ".csv").string());
    for (const char* f : {"persons", "care_plans", "care_plan_reviews"})
      args.push_back(fixture(std::string("care_due/") + f + ".csv").string());
    RunResult r = run_bc(dir_, args);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  TempDir dir_;
};

TEST_F(CareplanCli, DueAndOverdueAsAtADateMatchTheHandMadeFixture) {
  RunResult r = run_bc(dir_, {"careplan", "due", "--at", "2018-06-01", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, read_file(fixture("care_due/expected_due.csv")));
  r = run_bc(dir_, {"careplan", "due", "--at", "2018-06-01", "--cluster", "C1", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, read_file(fixture("care_due/expected_due_c1.csv")));
  // Each list is a look at people's records.
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM audit_log WHERE action = 'view_care_plans_due'"),
            2);
}

TEST_F(CareplanCli, WithinNarrowsTheWindowAndFiltersNarrowTheList) {
  RunResult r =
      run_bc(dir_, {"careplan", "due", "--at", "2018-06-01", "--within", "0", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "nhs_number,plan_id,version,review_due,state\n"
            "9990001073,D08,1,2018-05-01,overdue\n"
            "9990001014,D02,1,2018-05-31,overdue\n"
            "9990001006,D01,1,2018-06-01,due\n");
  r = run_bc(dir_, {"careplan", "due", "--at", "2018-06-01", "--professional", "Jo Smith",
                    "--format", "csv"});
  EXPECT_EQ(r.out,
            "nhs_number,plan_id,version,review_due,state\n"
            "9990001065,D07,1,2018-06-10,due\n"
            "9990001022,D03,1,2018-06-29,due\n");
  r = run_bc(dir_,
             {"careplan", "due", "--at", "2018-06-01", "--practice", "J82003", "--format", "csv"});
  EXPECT_EQ(r.out,
            "nhs_number,plan_id,version,review_due,state\n"
            "9990001073,D08,1,2018-05-01,overdue\n");
  r = run_bc(dir_, {"careplan", "due", "--at", "2018-06-01", "--cluster", "C9"});
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("--cluster C9: no such cluster"), std::string::npos) << r.err;
  r = run_bc(dir_, {"careplan", "due", "--at", "2018-02-30"});
  EXPECT_EQ(r.code, 2);
}

TEST_F(CareplanCli, ShowGivesEveryVersionAndIsAudited) {
  RunResult r = run_bc(dir_, {"careplan", "show", "--nhs", "999 000 1065", "--at", "2018-06-01",
                              "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["plan_id"], "D07");
  EXPECT_EQ(j[0]["state"], "agreed");
  EXPECT_EQ(j[0]["review_due"], "2018-06-10");  // the review of 2018-05-15 reset it
  EXPECT_EQ(j[0]["reviews"].size(), 1u);
  EXPECT_EQ(query_text(db(), "SELECT subject FROM audit_log WHERE action = 'view_care_plan'"),
            "9990001065");
  // Closed by its review: shown as closed.
  r = run_bc(dir_,
             {"careplan", "show", "--nhs", "9990001081", "--at", "2018-06-01", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(r.out)[0]["state"], "closed");
  r = run_bc(dir_, {"careplan", "show", "--nhs", "9990000018"});
  EXPECT_EQ(r.code, 5);
  r = run_bc(dir_, {"careplan", "show", "--nhs", "9990000019"});
  EXPECT_EQ(r.code, 2);
}

TEST(CareplanFhir, TheCurrentVersionAsAFhirCarePlan) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"import", fixture("small").string()}).code, 0);
  RunResult r = run_bc(dir, {"careplan", "fhir", "--nhs", "9990000018", "--at", "2018-03-01"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["resourceType"], "CarePlan");
  EXPECT_EQ(j["status"], "active");
  EXPECT_EQ(j["intent"], "plan");
  EXPECT_EQ(j["subject"]["identifier"]["system"], "https://fhir.nhs.uk/Id/nhs-number");
  EXPECT_EQ(j["subject"]["identifier"]["value"], "9990000018");
  // Version 2 is in force: its goals and its two actions, not version 1's.
  EXPECT_EQ(j["id"], "CP001-2");
  ASSERT_EQ(j["contained"].size(), 1u);
  EXPECT_EQ(j["contained"][0]["resourceType"], "Goal");
  EXPECT_EQ(j["contained"][0]["description"]["text"],
            "To stay at home, walk to the shops and see my daughter on Sundays");
  EXPECT_EQ(j["goal"][0]["reference"], "#goal1");
  ASSERT_EQ(j["activity"].size(), 2u);
  EXPECT_EQ(j["activity"][0]["detail"]["description"], "Weekly check-in call");
  EXPECT_EQ(j["activity"][0]["detail"]["status"], "in-progress");
  EXPECT_EQ(j["activity"][1]["detail"]["status"], "not-started");
  EXPECT_EQ(query_int(dir / "bettercare.db",
                      "SELECT count(*) FROM audit_log WHERE action = 'export_care_plan_fhir'"),
            1);
  // Before version 2 was agreed, version 1 is the plan in force.
  r = run_bc(dir, {"careplan", "fhir", "--nhs", "9990000018", "--at", "2017-12-01"});
  EXPECT_EQ(nlohmann::json::parse(r.out)["id"], "CP001-1");
}

}  // namespace
}  // namespace bc::test
