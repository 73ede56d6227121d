// bettercare provider and bettercare incident, run as a user runs them, on
// the hand-made care homes of tests/fixtures/quality (README there): Abbey
// Lodge (VNA01) fails on Friday 23 March 2018.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

std::string quality_store(const fs::path& dir) {
  RunResult r = run_bc(dir, {"init"});
  if (r.code != 0) return "init: " + r.err;
  std::vector<std::string> args = {"import"};
  for (const char* f :
       {"small/partners.csv", "small/practices.csv", "small/providers.csv", "quality/providers.csv",
        "quality/persons.csv", "quality/quality_events.csv", "quality/placements.csv"})
    args.push_back(fixture(f).string());
  r = run_bc(dir, args);
  return r.code == 0 ? "" : "import: " + r.err;
}

class IncidentCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    const fs::path made = made_once("incident-cli", quality_store, &error);
    ASSERT_EQ(error, "");
    copy_made(made, dir_.path());
  }
  RunResult bc(const std::vector<std::string>& args) { return run_bc(dir_, args); }
  // Opens the acceptance incident: Abbey Lodge, 23 March 2018.
  void open_abbey_lodge() {
    RunResult r = bc({"incident", "open", "--provider", "VNA01", "--date", "2018-03-23",
                      "--trigger", "cqc_action"});
    ASSERT_EQ(r.code, 0) << r.err;
    ASSERT_EQ(r.out, "1\n");
  }
  nlohmann::json show(const std::string& id) {
    RunResult r = bc({"incident", "show", id, "--format", "json"});
    EXPECT_EQ(r.code, 0) << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }
  TempDir dir_;
};

TEST_F(IncidentCli, TheProvidersAsAtADateWithTheirRag) {
  RunResult r = bc({"provider", "list", "--at", "2018-03-23", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("providers").size(), 3u);
  const auto& a = j.at("providers")[1];  // VH001, VNA01, VNB02
  EXPECT_EQ(a.at("provider_code"), "VNA01");
  EXPECT_EQ(a.at("rag"), "red");
  EXPECT_EQ(a.at("latest_rating"), "inadequate");
  EXPECT_EQ(a.at("suspended"), true);
  EXPECT_EQ(a.at("placed"), 6);
  EXPECT_EQ(a.at("occupancy_pct"), 20.0);
  EXPECT_EQ(j.at("providers")[2].at("rag"), "amber");
  r = bc({"provider", "quality", "VNA01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("events").size(), 5u);
  r = bc({"provider", "show", "RHM"});
  EXPECT_EQ(r.code, 5) << r.err;  // a hospital trust is not a care provider
}

TEST_F(IncidentCli, OpenPrintsTheIdAndTheJisgMeetsWithinThreeWorkingDays) {
  open_abbey_lodge();
  auto j = show("1");
  EXPECT_EQ(j.at("incident_date"), "2018-03-23");
  EXPECT_EQ(j.at("notified_date"), "2018-03-23");
  EXPECT_EQ(j.at("jisg_due"), "2018-03-28");  // Friday 23 March: Wednesday 28 March
  EXPECT_EQ(j.at("jisg_state"), "overdue");   // not met, and long past
  EXPECT_EQ(j.at("affected").at("total"), 6);
  EXPECT_EQ(j.at("affected").at("by_responsible").at("council"), 2);
  // Notified on Thursday 29 March 2018: Good Friday and Easter Monday are
  // not working days, so Thursday 5 April.
  RunResult r = bc({"incident", "open", "--provider", "VNB02", "--date", "2018-03-29", "--trigger",
                    "insolvency"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(show("2").at("jisg_due"), "2018-04-05");
  ASSERT_EQ(bc({"incident", "jisg", "2", "--date", "2018-04-05"}).code, 0);
  j = show("2");
  EXPECT_EQ(j.at("jisg_met_date"), "2018-04-05");
  EXPECT_EQ(j.at("jisg_state"), "met");
}

TEST_F(IncidentCli, TheAffectedUsersWithTheirResponsibleAgency) {
  open_abbey_lodge();
  RunResult r = bc({"incident", "affected", "1", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string expected_head =
      "nhs_number,placement_id,funder,placing_body,responsible,start_date,age,efi_category,"
      "emergency_admissions_12m,care_plan,flags,move_status,move_date,move_to\n"
      // By responsible agency in section 6's order, then NHS number.
      "9990002010,PL2,ccg,,ccg,2016-01-10,79,fit,0,,,not_assessed,,\n"
      "9990002053,PL6,other_ccg,11A,ccg_for_placing_body,2017-08-15,84,fit,0,,,not_assessed,,\n"
      "9990002002,PL1,council,,council,2017-06-01,86,fit,0,,,not_assessed,,\n"
      "9990002061,PL7,joint,,council,2017-10-01,81,fit,0,,,not_assessed,,\n"
      "9990002029,PL3,self,,council_for_self_funder,2018-03-23,89,fit,0,,,not_assessed,,\n"
      "9990002037,PL4,other_la,E10000014,council_for_placing_body,2017-01-01,77,fit,0,,,"
      "not_assessed,,\n";
  EXPECT_EQ(r.out, expected_head);
  // The look is audited.
  r = bc({"audit"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("incident_affected"), std::string::npos);
}

TEST_F(IncidentCli, EachStepIsRecordedLoggedAndChecked) {
  open_abbey_lodge();
  EXPECT_EQ(bc({"incident", "notify", "1", "--party", "scc", "--name", "Service Director, Adults",
                "--method", "telephone", "--acknowledged", "--date", "2018-03-23"})
                .code,
            0);
  RunResult r = bc({"incident", "checklist", "1", "--item", "2.2", "--status", "done", "--party",
                    "scc", "--owner", "JB", "--date", "2018-03-26"});
  ASSERT_EQ(r.code, 0) << r.err;
  // 2.4 is home care's alone: not for a care home.
  r = bc(
      {"incident", "checklist", "1", "--item", "2.4", "--status", "done", "--date", "2018-03-26"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("item 2.4 is for home care only"), std::string::npos) << r.err;
  r = bc({"incident", "checklist", "1", "--item", "11.1", "--status", "done"});
  EXPECT_EQ(r.code, 3) << r.err;
  ASSERT_EQ(bc({"incident", "flag", "1", "--nhs-number", "999 000 2002", "--flag", "dols"}).code,
            0);
  r = bc({"incident", "flag", "1", "--nhs-number", "9990002045", "--flag", "dols"});
  EXPECT_EQ(r.code, 3);  // PL5 ended the day before: not affected
  ASSERT_EQ(bc({"incident", "move", "1", "--placement", "PL1", "--step", "assessed", "--date",
                "2018-03-26"})
                .code,
            0);
  r = bc(
      {"incident", "move", "1", "--placement", "PL1", "--step", "moved", "--date", "2018-03-30"});
  EXPECT_EQ(r.code, 3);  // moved where?
  EXPECT_NE(r.err.find("moved needs the provider moved to"), std::string::npos) << r.err;
  ASSERT_EQ(bc({"incident", "move", "1", "--placement", "PL1", "--step", "moved", "--to", "VNB02",
                "--date", "2018-03-30"})
                .code,
            0);
  r = bc(
      {"incident", "move", "1", "--placement", "PL1", "--step", "stayed", "--date", "2018-03-31"});
  EXPECT_EQ(r.code, 3);  // nothing follows a move
  r = bc({"incident", "risk", "1", "--risk", "Not enough nursing beds nearby", "--likelihood", "4",
          "--impact", "4", "--owner", "Market development lead"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "incident 1: risk 1\n");
  r = bc({"incident", "affected", "1", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto people = nlohmann::json::parse(r.out);
  const auto& pl1 = people[2];
  EXPECT_EQ(pl1.at("placement_id"), "PL1");
  EXPECT_EQ(pl1.at("flags"), nlohmann::json({"dols"}));
  EXPECT_EQ(pl1.at("move_status"), "moved");
  EXPECT_EQ(pl1.at("move_to"), "VNB02");
  auto j = show("1");
  EXPECT_EQ(j.at("affected").at("moved"), 1);
  EXPECT_EQ(j.at("checklist").at("applicable"), 91);  // 93 less the two home care items
  EXPECT_EQ(j.at("checklist").at("done"), 1);
  EXPECT_EQ(j.at("notifications").size(), 1u);
  EXPECT_EQ(j.at("risks")[0].at("score"), 16);
  // open, notify, checklist, flag, move, move, risk: each attributed and dated.
  ASSERT_EQ(j.at("log").size(), 7u);
  EXPECT_EQ(j.at("log")[3].at("detail"), "set dols for placement PL1");
  EXPECT_EQ(j.at("log")[4].at("detail"), "PL1: assessed on 2018-03-26");
  // The status report shows the checklist's progress and the move, by
  // placement and without NHS numbers.
  const fs::path html = dir_ / "status.html";
  r = bc({"incident", "report", "1", "--at", "2018-03-30", "--out", html.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string page = read_file(html);
  EXPECT_NE(page.find("Management checklist: 1 of 91 done"), std::string::npos);
  EXPECT_NE(page.find("2.2 <strong>done</strong>: Establish number of Service Users affected"),
            std::string::npos);
  EXPECT_NE(page.find("PL1 (council): moved to VNB02 on 2018-03-30"), std::string::npos);
  EXPECT_NE(page.find("People affected: 6 (1 moved, 0 stayed)"), std::string::npos);
  EXPECT_NE(page.find("not yet met: it was due by 2018-03-28"), std::string::npos);
  EXPECT_EQ(page.find("9990002002"), std::string::npos);
  // For the board: six people are a small number, and no placement is named.
  const fs::path board = dir_ / "status-board.html";
  r = bc({"incident", "report", "1", "--at", "2018-03-30", "--suppress", "--out", board.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string paper = read_file(board);
  EXPECT_NE(paper.find("People affected: * (* moved, 0 stayed)"), std::string::npos);
  EXPECT_NE(paper.find("Management checklist: 1 of 91 done"), std::string::npos);
  EXPECT_EQ(paper.find("PL1"), std::string::npos);
  // A second incident for the same provider while this one is open: refused.
  r = bc({"incident", "open", "--provider", "VNA01", "--date", "2018-04-01", "--trigger",
          "safeguarding"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("VNA01 has an open incident already: 1"), std::string::npos) << r.err;
  // Closing needs the lessons; after it, no more steps.
  EXPECT_EQ(bc({"incident", "close", "1", "--date", "2018-05-01", "--lessons", ""}).code, 3);
  ASSERT_EQ(bc({"incident", "close", "1", "--date", "2018-05-01", "--lessons",
                "Start the database of residents on day one"})
                .code,
            0);
  r = bc({"incident", "risk", "1", "--risk", "Late", "--likelihood", "1", "--impact", "1"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("incident 1 was closed on 2018-05-01"), std::string::npos) << r.err;
  EXPECT_EQ(show("1").at("status"), "closed");
}

TEST_F(IncidentCli, BadInputIsRefusedWithAClearError) {
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"incident", "open", "--provider", "RHM", "--date", "2018-03-23", "--trigger", "cqc_action"},
       3,
       "RHM is not a care home or a home care agency"},
      {{"incident", "open", "--provider", "VNA01", "--date", "2018-03-23", "--trigger", "fire"},
       2,
       ""},
      {{"incident", "open", "--provider", "VNA01", "--date", "2018-03-23", "--notified",
        "2018-03-22", "--trigger", "cqc_action"},
       3,
       "the leads cannot be notified before the incident's date"},
      {{"incident", "show", "abc"}, 2, "'abc' is not an incident id"},
      {{"incident", "show", "7"}, 5, "no incident 7"},
  };
  for (const Case& c : cases) {
    RunResult r = bc(c.args);
    EXPECT_EQ(r.code, c.code) << c.args[1] << " " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace bc::test
