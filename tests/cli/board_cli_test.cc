// bettercare board quorum | actions | notice and bettercare calendar, run
// as a user runs them, on the seed's meetings (tests/fixtures/governance)
// imported after the small area.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

std::string board_store(const fs::path& dir) {
  RunResult r = run_bc(dir, {"init"});
  if (r.code != 0) return "init: " + r.err;
  r = run_bc(dir, {"import", fixture("small").string(), fixture("governance").string()});
  return r.code == 0 ? "" : "import: " + r.err;
}

class BoardCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    const fs::path made = made_once("board-cli", board_store, &error);
    ASSERT_EQ(error, "");
    copy_made(made, dir_.path());
  }
  RunResult bc(const std::vector<std::string>& args) { return run_bc(dir_, args); }
  TempDir dir_;
};

TEST_F(BoardCli, QuorumOfTheEighthOfMarch2018) {
  RunResult r =
      bc({"board", "quorum", "--board", "JCB", "--meeting", "2018-03-08", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("quorate"), true);
  EXPECT_EQ(j.at("present"), (nlohmann::json{{"CCG", 2}, {"SCC", 3}}));
  ASSERT_EQ(j.at("items").size(), 7u);
  for (const auto& item : j.at("items")) {
    EXPECT_TRUE(item.at("item").is_string());
    EXPECT_EQ(item.at("quorate"), true);
    EXPECT_TRUE(item.at("reason").is_string());
  }
  EXPECT_EQ(j.at("items")[4].at("item"), "5");
}

TEST_F(BoardCli, AnInquorateItemSaysWhy) {
  // Councillor Shields declares a prejudicial interest in item 6 (noted,
  // not a decision, so the import is accepted) and June Bridle's
  // attendance is corrected to apologies: item 6 is then inquorate.
  write_file(dir_ / "declarations.csv",
             "board,meeting_date,item,member_id,interest,prejudicial\n"
             "JCB,2018-03-08,6,CllrShields,Chairs a provider named in the report,Y\n");
  RunResult imported = bc({"import", "declarations.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  RunResult r =
      bc({"board", "quorum", "--board", "JCB", "--meeting", "2018-03-08", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("quorate"), true);
  const auto& item6 = j.at("items")[5];
  EXPECT_EQ(item6.at("item"), "6");
  EXPECT_EQ(item6.at("quorate"), true) << "4 members, 2 from each partner, remain";
  write_file(dir_ / "attendance.csv",
             "board,meeting_date,member_id,attended\nJCB,2018-03-08,CllrPayne,apologies\n");
  imported = bc({"import", "attendance.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  r = bc({"board", "quorum", "--board", "JCB", "--meeting", "2018-03-08", "--format", "json"});
  const auto k = nlohmann::json::parse(r.out);
  EXPECT_EQ(k.at("quorate"), true);
  EXPECT_EQ(k.at("items")[5].at("quorate"), false);
  EXPECT_EQ(k.at("items")[5].at("reason"),
            "3 members present, at least 4 needed; 1 from SCC, at least 2 needed (CllrShields "
            "declared a prejudicial interest and does not count)");
}

TEST_F(BoardCli, OverdueActionsAsAtTheFirstOfMay) {
  RunResult r = bc(
      {"board", "actions", "--board", "JCB", "--at", "2018-05-01", "--overdue", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(
      header,
      "action_id,board,meeting_date,item,subject,action,lead,deadline,progress,status,overdue");
  std::vector<std::string> ids;
  while (std::getline(lines, line)) {
    ids.push_back(line.substr(0, line.find(',')));
    EXPECT_EQ(line.substr(line.size() - 2), ",Y") << line;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"JCB-A1", "JCB-A3", "JCB-A4"}));
}

TEST_F(BoardCli, TheWholeTrackerAsJson) {
  RunResult r =
      bc({"board", "actions", "--board", "JCB", "--at", "2018-05-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 8u);
  EXPECT_EQ(j[5].at("action_id"), "JCB-A6");
  EXPECT_EQ(j[5].at("lead"), "MW");
  EXPECT_EQ(j[5].at("deadline"), "2018-04-30");
  EXPECT_EQ(j[5].at("status"), "complete");
  EXPECT_EQ(j[5].at("overdue"), false);
  EXPECT_EQ(j[0].at("overdue"), true);
}

TEST_F(BoardCli, NoticeOfTheJuneMeeting) {
  RunResult r =
      bc({"board", "notice", "--board", "JCB", "--meeting", "2018-06-11", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("compliant"), true);
  ASSERT_EQ(j.at("items").size(), 10u);
  for (const auto& item : j.at("items")) {
    EXPECT_EQ(item.at("latest_publication"), "2018-06-01");
    EXPECT_EQ(item.at("late_paper"), false);
    EXPECT_EQ(item.at("late_notice"), false);
  }
  // A key decision put on the forward plan 20 days before, and a paper out
  // with 4 clear working days.
  write_file(dir_ / "agenda_items.csv",
             "board,meeting_date,item,title,type,key_decision,part2,published_date,"
             "forward_plan_date\n"
             "JCB,2018-06-11,11,Care home fees 2018/19,decision,Y,N,2018-06-01,2018-05-22\n"
             "JCB,2018-06-11,12,Late paper,discussion,N,N,2018-06-04,\n");
  RunResult imported = bc({"import", "agenda_items.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  r = bc({"board", "notice", "--board", "JCB", "--meeting", "2018-06-11", "--format", "json"});
  const auto k = nlohmann::json::parse(r.out);
  EXPECT_EQ(k.at("compliant"), false);
  const auto& key = k.at("items")[10];
  EXPECT_EQ(key.at("item"), "11");
  EXPECT_EQ(key.at("late_notice"), true);
  EXPECT_EQ(key.at("latest_notice"), "2018-05-14");
  EXPECT_EQ(key.at("late_paper"), false);
  const auto& late = k.at("items")[11];
  EXPECT_EQ(late.at("late_paper"), true);
  EXPECT_EQ(late.at("late_notice"), false);
}

TEST_F(BoardCli, UnknownBoardsAndMeetingsAreSaidPlainly) {
  RunResult r = bc({"board", "quorum", "--board", "XYZ", "--meeting", "2018-03-08"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "bettercare: --board XYZ: no such board; the boards are JCB, BCSB, HWB "
            "(config/boards.toml)\n");
  r = bc({"board", "quorum", "--board", "JCB", "--meeting", "2018-03-09"});
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.err, "bettercare: JCB has no meeting on 2018-03-09\n");
  r = bc({"board", "notice", "--board", "JCB", "--meeting", "2018-02-30"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--meeting"), std::string::npos) << r.err;
}

TEST_F(BoardCli, ADecisionAtAnInquorateMeetingIsRefusedWhole) {
  const StoreFingerprint before = fingerprint(dir_ / "bettercare.db");
  write_file(dir_ / "attendance.csv",
             "board,meeting_date,member_id,attended\n"
             "JCB,2018-03-08,JB,apologies\nJCB,2018-03-08,CllrPayne,apologies\n");
  RunResult r = bc({"import", "attendance.csv"});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("(batch):0: outcome: agreed: JCB meeting of 2018-03-08, item 4: no "
                       "decision can be recorded, the meeting was inquorate for the item"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(fingerprint(dir_ / "bettercare.db") == before);
}

TEST_F(BoardCli, TheRegisterOfInterestsShowsWhoHasNotDeclared) {
  RunResult r =
      bc({"board", "interests", "--board", "JCB", "--year", "2018/19", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::map<std::string, bool> declared;
  for (const auto& m : j) declared[m.at("member_id")] = m.at("made_annual_declaration");
  // The six voting members; officers and those in attendance are not on it.
  EXPECT_EQ(declared, (std::map<std::string, bool>{{"CllrLetts", false},
                                                   {"CllrPayne", true},
                                                   {"CllrShields", false},
                                                   {"JB", true},
                                                   {"JRichards", false},
                                                   {"MK", true}}));
  // The steering board's meeting of 18 April 2018 is in 2018/19: its three
  // declarations are on the register beside the members' entries.
  r = bc({"board", "interests", "--board", "BCSB", "--year", "2018/19", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("JH,Jane Hayward,RHM,member,meeting,,UHS has registered to bid for the "
                       "Enhanced and Urgent Primary Care Service tender,2018-04-18,2,N"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("SR,Stephanie Ramsey,SCC,deputy,not_declared"), std::string::npos) << r.out;
  r = bc({"board", "interests", "--board", "JCB", "--year", "2018/2019"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--year 2018/2019"), std::string::npos) << r.err;
}

// --- the calendar ----------------------------------------------------------------

TEST(CalendarCli, TheYearsBankHolidaysAsJson) {
  TempDir dir;
  RunResult r = run_bc(dir, {"calendar", "--year", "2018", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 8u);
  EXPECT_EQ(j[0], (nlohmann::json{{"date", "2018-01-01"}, {"name", "New Year's Day"}}));
  EXPECT_EQ(j[4], (nlohmann::json{{"date", "2018-05-28"}, {"name", "Spring bank holiday"}}));
  EXPECT_EQ(j[7], (nlohmann::json{{"date", "2018-12-26"}, {"name", "Boxing Day"}}));
  r = run_bc(dir, {"calendar", "--year", "2026", "--format", "json"});
  const auto k = nlohmann::json::parse(r.out);
  EXPECT_EQ(k.back(),
            (nlohmann::json{{"date", "2026-12-28"}, {"name", "Boxing Day"}, {"substitute", true}}));
}

TEST(CalendarCli, WorkingDayArithmetic) {
  TempDir dir;
  RunResult r = run_bc(dir, {"calendar", "--working-days-before", "2018-06-11", "--clear", "5"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2018-06-01\n");
  // Thursday 29 March 2018, then Good Friday, the weekend and Easter Monday.
  r = run_bc(dir, {"calendar", "--working-days-after", "2018-03-29", "--days", "3"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "2018-04-05\n");
}

TEST(CalendarCli, BadRequestsAreRefused) {
  TempDir dir;
  RunResult r = run_bc(dir, {"calendar", "--year", "1950"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "bettercare: --year 1950: bank holidays are known for 1978 to 2199, not 1950\n");
  r = run_bc(dir, {"calendar"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("give --year"), std::string::npos) << r.err;
  r = run_bc(dir, {"calendar", "--working-days-before", "2018-06-11"});
  EXPECT_EQ(r.code, 2) << "--clear is needed";
  r = run_bc(dir, {"calendar", "--working-days-after", "2018-13-01", "--days", "3"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--working-days-after"), std::string::npos) << r.err;
  r = run_bc(dir, {"calendar", "--year", "2018", "--clear", "5"});
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace bc::test
