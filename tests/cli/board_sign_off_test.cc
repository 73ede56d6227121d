// A scheme report's board steps recorded from the board's business
// (programme/board_sign_off.h): the JCB's decision on the item that names
// the Carers report of 2017/18 Q4 is its sign-off, on the meeting's date.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

const std::string kCarersFile =
    (fs::path(BC_SOURCE_DIR) / "docs" / "examples" / "scheme-report-carers-2017-18-q4.toml")
        .string();

class BoardSignOff : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult r =
        run_bc(dir_, {"import", fixture("finance_seed").string(),
                      fixture("small/providers.csv").string(), fixture("governance").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run_bc(dir_, {"scheme-report", "set", "--scheme", "CAR", "--quarter", "2017/18:Q4",
                      "--file", kCarersFile});
    ASSERT_EQ(r.code, 0) << r.err;
    // The June meeting held, with a quorum: four members, two from each side.
    write_file(dir_ / "meetings.csv",
               "board,meeting_date,start_time,location,status\n"
               "JCB,2018-06-11,09:30,Conference Room - CCG HQ,held\n");
    write_file(dir_ / "attendance.csv",
               "board,meeting_date,member_id,attended\n"
               "JCB,2018-06-11,MK,present\nJCB,2018-06-11,JB,present\n"
               "JCB,2018-06-11,CllrShields,present\nJCB,2018-06-11,CllrPayne,present\n");
  }

  RunResult decide(const std::string& outcome, const std::string& board = "JCB") {
    write_file(dir_ / "agenda_items.csv",
               "board,meeting_date,item,title,type,key_decision,part2,outcome,scheme_code,"
               "report_quarter\n" +
                   board + ",2018-06-11,11,Carers quarterly report,decision,N,N," + outcome +
                   ",CAR,2017/18:Q4\n");
    std::vector<std::string> args = {"import", (dir_ / "agenda_items.csv").string()};
    if (board == "JCB") {
      args.push_back((dir_ / "meetings.csv").string());
      args.push_back((dir_ / "attendance.csv").string());
    }
    return run_bc(dir_, args);
  }

  nlohmann::json report() {
    RunResult r = run_bc(dir_, {"scheme-report", "show", "--scheme", "CAR", "--quarter",
                                "2017/18:Q4", "--format", "json"});
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }

  TempDir dir_;
};

TEST_F(BoardSignOff, TheJcbsDecisionSignsTheReportOffOnTheMeetingsDate) {
  RunResult r = run_bc(dir_, {"scheme-report", "submit", "--scheme", "CAR", "--quarter",
                              "2017/18:Q4", "--date", "2018-05-22", "--by", "Kirsten Killander"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = decide("agreed");
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = report();
  EXPECT_EQ(j["state"], "signed_off_by_jcb");
  ASSERT_EQ(j["steps"].size(), 3u);
  EXPECT_EQ(j["steps"][1]["step"], "jcb_receive");
  EXPECT_EQ(j["steps"][1]["on"], "2018-06-11");
  EXPECT_EQ(j["steps"][2]["step"], "jcb_sign_off");
  EXPECT_EQ(j["steps"][2]["on"], "2018-06-11");
  EXPECT_EQ(j["steps"][2]["by"], "JCB meeting of 2018-06-11, item 11");
  // The same decision imported again changes nothing.
  r = decide("agreed");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(report()["steps"].size(), 3u);
}

TEST_F(BoardSignOff, ADeferredItemIsReceivedNotSignedOff) {
  ASSERT_EQ(run_bc(dir_, {"scheme-report", "submit", "--scheme", "CAR", "--quarter", "2017/18:Q4",
                          "--date", "2018-05-22", "--by", "Kirsten Killander"})
                .code,
            0);
  RunResult r = decide("deferred");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(report()["state"], "received_by_jcb");
}

TEST_F(BoardSignOff, ADraftCannotBeSignedOffAndNothingIsKept) {
  const StoreFingerprint before = fingerprint(dir_ / "bettercare.db");
  RunResult r = decide("agreed");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("(batch):0: scheme_code: CAR 2017/18:Q4: JCB meeting of 2018-06-11, item "
                       "11: CAR 2017/18:Q4 version 1 is 'draft'; the next step is 'submit', not "
                       "'jcb-receive'"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fingerprint(dir_ / "bettercare.db") == before) << "the batch is all or nothing";
  EXPECT_EQ(report()["state"], "draft");
}

TEST_F(BoardSignOff, ABoardThatTakesNoStepCannotNameAReport) {
  // The steering board has no `reports` in config/boards.toml.
  write_file(dir_ / "agenda_items.csv",
             "board,meeting_date,item,title,type,key_decision,part2,outcome,scheme_code,"
             "report_quarter\nBCSB,2018-04-18,11,Carers report,discussion,N,N,noted,CAR,"
             "2017/18:Q4\n");
  RunResult r = run_bc(dir_, {"import", (dir_ / "agenda_items.csv").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("the BCSB takes no step of a scheme report"), std::string::npos) << r.err;
}

TEST_F(BoardSignOff, AnUnknownSchemeOrAQuarterAloneIsRefused) {
  write_file(dir_ / "agenda_items.csv",
             "board,meeting_date,item,title,type,key_decision,part2,scheme_code,report_quarter\n"
             "JCB,2018-06-11,11,A,decision,N,N,NOPE,2017/18:Q4\n"
             "JCB,2018-06-11,12,B,decision,N,N,,2017/18:Q4\n"
             "JCB,2018-06-11,13,C,decision,N,N,CAR,2017/18:Q5\n");
  RunResult r = run_bc(dir_, {"import", (dir_ / "agenda_items.csv").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("agenda_items.csv:2: scheme_code: NOPE: no such scheme"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("agenda_items.csv:3: scheme_code: (empty): required with report_quarter"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("agenda_items.csv:4: report_quarter: 2017/18:Q5: a scheme report's quarter"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace bc::test
