// Quorum, notice and the tracker's overdue rule, on records built in the
// test (the seed's meetings, imported, are in board_fixture_test.cc and
// tests/cli/board_cli_test.cc).
#include <gtest/gtest.h>

#include "governance/board_config.h"
#include "governance/calendar.h"
#include "governance/notice.h"
#include "governance/quorum.h"
#include "governance/tracker.h"

namespace bc {
namespace {

const std::string kDay = "2018-03-08";

BoardMemberRecord voting(const std::string& id, const std::string& partner) {
  return {"JCB", id, id, partner, "member", std::nullopt, std::nullopt, "2017-07-01", std::nullopt};
}

BoardMemberRecord deputy(const std::string& id, const std::string& partner,
                         const std::string& for_id) {
  return {"JCB", id, id, partner, "deputy", for_id, std::nullopt, "2017-07-01", std::nullopt};
}

AttendanceRecord came(const std::string& id, const std::string& how = "present") {
  return {"JCB", kDay, id, how};
}

AgendaItemRecord agenda_item(const std::string& n) {
  AgendaItemRecord a;
  a.board = "JCB";
  a.meeting_date = kDay;
  a.item = n;
  a.title = "Item " + n;
  a.type = "decision";
  return a;
}

struct JcbMeeting {
  const BoardDef& board = *BoardsConfig::builtin().find("JCB");
  std::vector<BoardMemberRecord> members = {
      voting("C1", "CCG"),
      voting("C2", "CCG"),
      voting("C3", "CCG"),
      voting("S1", "SCC"),
      voting("S2", "SCC"),
      voting("S3", "SCC"),
      deputy("D1", "CCG", "C1"),
      {"JCB", "O1", "Officer", "CCG", "officer", std::nullopt, std::nullopt, "2017-07-01",
       std::nullopt},
      {"JCB", "IA", "In attendance", "CCG", "in_attendance", std::nullopt, std::nullopt,
       "2017-07-01", std::nullopt}};
  MeetingRecord meeting{"JCB", kDay, std::nullopt, std::nullopt, "held", std::nullopt};
  std::vector<AgendaItemRecord> agenda = {agenda_item("1"), agenda_item("2")};

  MeetingQuorum assess(const std::vector<AttendanceRecord>& who,
                       const std::vector<DeclarationRecord>& declared = {}) const {
    return assess_quorum(board, members, meeting, who, declared, agenda);
  }
};

TEST(Quorum, TheJcbRuleIsTheTermsOfReference) {
  const BoardDef* jcb = BoardsConfig::builtin().find("JCB");
  ASSERT_NE(jcb, nullptr);
  EXPECT_EQ(jcb->quorum.members, 4);
  EXPECT_EQ(jcb->quorum.per_partner, 2);
  EXPECT_EQ(jcb->partners, (std::vector<std::string>{"CCG", "SCC"}));
  EXPECT_EQ(jcb->notice.papers_clear_working_days, 5);
  EXPECT_EQ(jcb->notice.key_decision_days, 28);
  EXPECT_EQ(jcb->notice.part2_days, 28);
  EXPECT_EQ(describe(jcb->quorum, jcb->partners),
            "at least 4 members, with at least 2 from each of CCG, SCC");
}

TEST(Quorum, TwoFromEachPartnerAndFourInAllIsQuorate) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("C1"), came("C2"), came("S1"), came("S2")});
  EXPECT_TRUE(q.quorate) << q.reason;
  EXPECT_EQ(q.members_present, 4);
  EXPECT_EQ(q.present, (std::map<std::string, int>{{"CCG", 2}, {"SCC", 2}}));
  ASSERT_EQ(q.items.size(), 2u);
  EXPECT_TRUE(q.items[0].quorate);
}

TEST(Quorum, FourMembersWithThreeFromOnePartnerIsInquorate) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("C1"), came("S1"), came("S2"), came("S3")});
  EXPECT_FALSE(q.quorate);
  EXPECT_EQ(q.members_present, 4);
  EXPECT_EQ(q.present, (std::map<std::string, int>{{"CCG", 1}, {"SCC", 3}}));
  EXPECT_EQ(q.reason, "1 from CCG, at least 2 needed");
  for (const ItemQuorum& i : q.items) EXPECT_FALSE(i.quorate) << i.item;
}

TEST(Quorum, ThreeMembersAreTooFewWhateverTheirPartners) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("C1"), came("C2"), came("S1")});
  EXPECT_FALSE(q.quorate);
  EXPECT_NE(q.reason.find("3 members present, at least 4 needed"), std::string::npos) << q.reason;
  EXPECT_NE(q.reason.find("1 from SCC, at least 2 needed"), std::string::npos) << q.reason;
}

TEST(Quorum, ApologiesOfficersAndThoseInAttendanceDoNotCount) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("C1"), came("C2", "apologies"), came("C3", "absent"),
                                    came("S1"), came("S2"), came("O1"), came("IA")});
  EXPECT_FALSE(q.quorate);
  EXPECT_EQ(q.members_present, 3);
  EXPECT_EQ(q.present.at("CCG"), 1);
}

TEST(Quorum, AMemberWithAPrejudicialInterestDoesNotCountForThatItem) {
  JcbMeeting m;
  const std::vector<DeclarationRecord> declared = {
      {"JCB", kDay, "2", "C2", "Director of a bidder", true},
      {"JCB", kDay, "1", "S1", "A relative uses the service", false}};
  const MeetingQuorum q = m.assess({came("C1"), came("C2"), came("S1"), came("S2")}, declared);
  EXPECT_TRUE(q.quorate);
  ASSERT_EQ(q.items.size(), 2u);
  EXPECT_TRUE(q.items[0].quorate) << "a declaration that is not prejudicial changes nothing";
  EXPECT_FALSE(q.items[1].quorate);
  EXPECT_NE(q.items[1].reason.find("3 members present, at least 4 needed"), std::string::npos)
      << q.items[1].reason;
  EXPECT_NE(q.items[1].reason.find("C2 declared a prejudicial interest"), std::string::npos)
      << q.items[1].reason;
}

TEST(Quorum, ADeputyCountsForTheMemberTheyStandInFor) {
  JcbMeeting m;
  // C1 sent apologies; D1, C1's deputy, came: CCG has two seats filled.
  const MeetingQuorum q =
      m.assess({came("C1", "apologies"), came("D1"), came("C2"), came("S1"), came("S2")});
  EXPECT_TRUE(q.quorate) << q.reason;
  EXPECT_EQ(q.present.at("CCG"), 2);
  EXPECT_EQ(q.seats.at("C1"), "D1");
}

TEST(Quorum, ADeputyAndTheirMemberTogetherFillOneSeat) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("C1"), came("D1"), came("S1"), came("S2")});
  EXPECT_FALSE(q.quorate);
  EXPECT_EQ(q.members_present, 3);
  EXPECT_EQ(q.seats.at("C1"), "C1");
}

TEST(Quorum, ADeputyWithAPrejudicialInterestLeavesTheSeatEmptyForTheItem) {
  JcbMeeting m;
  const MeetingQuorum q = m.assess({came("D1"), came("C2"), came("S1"), came("S2")},
                                   {{"JCB", kDay, "1", "D1", "Shareholder", true}});
  EXPECT_TRUE(q.quorate);
  EXPECT_FALSE(q.items[0].quorate);
  EXPECT_TRUE(q.items[1].quorate);
}

TEST(Quorum, AMemberOutsideTheirTermDoesNotCount) {
  JcbMeeting m;
  m.members[0].to_date = "2018-01-31";  // C1's term ended before the meeting
  const MeetingQuorum q = m.assess({came("C1"), came("C2"), came("S1"), came("S2")});
  EXPECT_FALSE(q.quorate);
  EXPECT_EQ(q.present.at("CCG"), 1);
}

TEST(Quorum, TheSteeringBoardNeedsThreeOrganisationsAndItsChair) {
  const BoardDef& board = *BoardsConfig::builtin().find("BCSB");
  std::vector<BoardMemberRecord> members = {voting("A", "R1C"), voting("B", "RHM"),
                                            voting("C", "RW1"), voting("D", "RW1"),
                                            voting("E", "SPCL")};
  for (auto& mem : members) mem.board = "BCSB";
  MeetingRecord meeting{"BCSB", kDay, std::nullopt, std::nullopt, "held", std::string("A")};
  auto at = [&](std::vector<std::string> ids) {
    std::vector<AttendanceRecord> out;
    for (const auto& id : ids) out.push_back({"BCSB", kDay, id, "present"});
    return assess_quorum(board, members, meeting, out, {}, {});
  };
  EXPECT_TRUE(at({"A", "B", "C"}).quorate);
  const MeetingQuorum two_organisations = at({"A", "C", "D"});
  EXPECT_FALSE(two_organisations.quorate);
  EXPECT_EQ(two_organisations.reason, "2 organisations represented, at least 3 needed");
  const MeetingQuorum no_chair = at({"B", "C", "E"});
  EXPECT_FALSE(no_chair.quorate);
  EXPECT_EQ(no_chair.reason, "the chair (A) does not count");
  meeting.chair.reset();
  EXPECT_EQ(at({"A", "B", "C"}).reason, "no chair is recorded for the meeting");
}

TEST(Quorum, OnlyAgreementsAreDecisions) {
  EXPECT_TRUE(is_decision("agreed"));
  EXPECT_TRUE(is_decision("agreed_with_changes"));
  EXPECT_FALSE(is_decision("deferred"));
  EXPECT_FALSE(is_decision("referred_back"));
  EXPECT_FALSE(is_decision("noted"));
}

TEST(BoardsConfig, ShipsTheJcbSteeringBoardAndHwb) {
  EXPECT_EQ(BoardsConfig::builtin().ids(), (std::vector<std::string>{"JCB", "BCSB", "HWB"}));
}

TEST(BoardsConfig, RefusesARuleThatCannotWork) {
  const std::string good =
      "[[board]]\nid = \"X\"\npartners = [\"A\"]\nfrequency = \"monthly\"\n"
      "[board.quorum]\nmembers = 2\n[board.notice]\npapers_clear_working_days = 5\n";
  ASSERT_TRUE(BoardsConfig::parse(good, "t.toml").ok())
      << BoardsConfig::parse(good, "t.toml").error();
  auto bad = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    auto r = BoardsConfig::parse(text, "t.toml");
    return r.ok() ? std::string("(accepted)") : r.error();
  };
  EXPECT_EQ(bad("members = 2", "members = -1"),
            "t.toml: board X: members must be a whole number from 0 to 100");
  EXPECT_EQ(bad("members = 2", "members = 2.5"),
            "t.toml: board X: members must be a whole number from 0 to 100");
  EXPECT_EQ(bad("members = 2", "chair = false"),
            "t.toml: board X: the quorum rule requires nothing");
  EXPECT_EQ(bad("members = 2", "per_partner = 2"), "(accepted)");
  EXPECT_EQ(bad("partners = [\"A\"]\n", "partners = []\n"), "(accepted)");
  EXPECT_EQ(bad("monthly", "weekly"),
            "t.toml: board X: frequency must be monthly, bimonthly or quarterly");
  EXPECT_EQ(bad("[board.notice]\npapers_clear_working_days = 5\n", ""),
            "t.toml: board X: no [board.notice]");
  EXPECT_EQ(bad("id = \"X\"", "id = \"\""), "t.toml: a board's id must be 1 to 32 characters");
  EXPECT_EQ(BoardsConfig::parse(good + good.substr(0, good.find("[board.quorum]")) +
                                    "[board.quorum]\nmembers = 1\n[board.notice]\n",
                                "t.toml")
                .error(),
            "t.toml: board X is given twice");
}

TEST(BoardsConfig, PerPartnerNeedsPartners) {
  auto r = BoardsConfig::parse(
      "[[board]]\nid = \"X\"\npartners = []\nfrequency = \"monthly\"\n"
      "[board.quorum]\nper_partner = 2\n[board.notice]\n",
      "t.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "t.toml: board X: the quorum counts members per partner but partners is empty");
}

// --- notice -------------------------------------------------------------------

AgendaItemRecord notice_item(const std::string& n, std::optional<std::string> published, bool key,
                             std::optional<std::string> forward_plan, bool part2 = false) {
  AgendaItemRecord a = agenda_item(n);
  a.meeting_date = "2018-06-11";
  a.published_date = std::move(published);
  a.key_decision = key;
  a.part2 = part2;
  if (part2) a.exemption = "Commercially sensitive";
  a.forward_plan_date = std::move(forward_plan);
  return a;
}

const Date kJune11 = *Date::from_ymd(2018, 6, 11);

MeetingNotice june_notice(const std::vector<AgendaItemRecord>& agenda,
                          Date today = *Date::from_ymd(2018, 7, 1)) {
  return assess_notice(*BoardsConfig::builtin().find("JCB"), WorkingCalendar::england(), kJune11,
                       agenda, today);
}

TEST(Notice, PapersOutFiveClearWorkingDaysBeforeAreInTime) {
  const MeetingNotice n = june_notice({notice_item("4", "2018-06-01", false, std::nullopt)});
  ASSERT_EQ(n.items.size(), 1u);
  EXPECT_EQ(n.items[0].latest_publication.iso(), "2018-06-01");
  EXPECT_FALSE(n.items[0].late_paper);
  EXPECT_TRUE(n.compliant);
  EXPECT_TRUE(n.items[0].warnings.empty());
}

TEST(Notice, APaperFourClearWorkingDaysBeforeIsFlagged) {
  // Monday 4 June: 5, 6, 7 and 8 June are four clear working days.
  const MeetingNotice n = june_notice({notice_item("5", "2018-06-04", false, std::nullopt)});
  EXPECT_TRUE(n.items[0].late_paper);
  EXPECT_FALSE(n.compliant);
  ASSERT_EQ(n.items[0].warnings.size(), 1u);
  EXPECT_EQ(n.items[0].warnings[0],
            "paper published 2018-06-04 (4 clear working days before the meeting); the last "
            "compliant day was 2018-06-01");
}

TEST(Notice, BankHolidaysAreNotWorkingDays) {
  // Tuesday 29 May 2018 follows the spring bank holiday (28 May): five
  // clear working days back from it end on Friday 18 May, not Monday 21.
  AgendaItemRecord a = notice_item("4", "2018-05-21", false, std::nullopt);
  a.meeting_date = "2018-05-29";
  const MeetingNotice n =
      assess_notice(*BoardsConfig::builtin().find("JCB"), WorkingCalendar::england(),
                    *Date::from_ymd(2018, 5, 29), {a}, *Date::from_ymd(2018, 7, 1));
  EXPECT_EQ(n.items[0].latest_publication.iso(), "2018-05-18");
  EXPECT_TRUE(n.items[0].late_paper);
}

TEST(Notice, AKeyDecisionAddedTwentyDaysBeforeIsFlagged) {
  const MeetingNotice n = june_notice({notice_item("6", "2018-06-01", true, "2018-05-22")});
  EXPECT_FALSE(n.items[0].late_paper);
  ASSERT_TRUE(n.items[0].latest_notice.has_value());
  EXPECT_EQ(n.items[0].latest_notice->iso(), "2018-05-14");
  EXPECT_TRUE(n.items[0].late_notice);
  EXPECT_FALSE(n.compliant);
  ASSERT_EQ(n.items[0].warnings.size(), 1u);
  EXPECT_EQ(n.items[0].warnings[0],
            "key decision on the forward plan 20 days before the meeting (2018-05-22); 28 days' "
            "notice needed, by 2018-05-14");
}

TEST(Notice, AKeyDecisionTwentyEightDaysAheadIsInTime) {
  const MeetingNotice n = june_notice({notice_item("6", "2018-06-01", true, "2018-05-14")});
  EXPECT_FALSE(n.items[0].late_notice);
  EXPECT_TRUE(n.compliant);
}

TEST(Notice, APart2ItemNeverOnTheForwardPlanIsFlagged) {
  const MeetingNotice n = june_notice({notice_item("7", "2018-06-01", false, std::nullopt, true)});
  EXPECT_TRUE(n.items[0].late_notice);
  EXPECT_EQ(n.items[0].warnings.at(0),
            "Part 2 item not on the forward plan; it had to be by 2018-05-14 (28 days' notice)");
}

TEST(Notice, BeforeTheMeetingItSaysWhatIsStillToDoAndByWhen) {
  AgendaItemRecord a = notice_item("8", std::nullopt, true, std::nullopt);
  a.paper = "Business case";
  const MeetingNotice early = june_notice({a}, *Date::from_ymd(2018, 5, 1));
  EXPECT_FALSE(early.items[0].late_notice);
  EXPECT_FALSE(early.items[0].paper_due);
  EXPECT_TRUE(early.compliant);
  EXPECT_EQ(early.items[0].warnings,
            (std::vector<std::string>{"paper to be published by 2018-06-01",
                                      "key decision to go on the forward plan by 2018-05-14 (28 "
                                      "days' notice)"}));
  const MeetingNotice late = june_notice({a}, *Date::from_ymd(2018, 6, 5));
  EXPECT_TRUE(late.items[0].late_notice);
  EXPECT_TRUE(late.items[0].paper_due);
  EXPECT_FALSE(late.compliant);
}

// --- the tracker ------------------------------------------------------------------

TEST(Tracker, OpenOrUnconfirmedActionsPastTheirDeadlineAreOverdue) {
  ActionRecord a{"A1",    "JCB", "2018-03-08", "5",          "S",
                 "Do it", "MW",  "2018-04-30", std::nullopt, "open"};
  const Date may1 = *Date::from_ymd(2018, 5, 1);
  const Date apr30 = *Date::from_ymd(2018, 4, 30);
  EXPECT_TRUE(is_overdue(a, may1));
  EXPECT_FALSE(is_overdue(a, apr30)) << "due on the day is not overdue";
  a.status = "unconfirmed";
  EXPECT_TRUE(is_overdue(a, may1));
  for (const char* s : {"complete", "forward_plan"}) {
    a.status = s;
    EXPECT_FALSE(is_overdue(a, may1)) << s;
  }
}

}  // namespace
}  // namespace bc
