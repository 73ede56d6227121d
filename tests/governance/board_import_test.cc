// The governance kinds imported (ingest/kinds_governance.cc, with the
// batch check of governance/quorum.h): the seed's JCB meeting of 8 March
// 2018 and its action tracker reproduced, and each rule a malformed file
// breaks refused with its reason and nothing kept.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <array>
#include <filesystem>

#include "../support/test_backend.h"
#include "governance/board_config.h"
#include "governance/quorum.h"
#include "governance/tracker.h"
#include "ingest/board_records.h"
#include "ingest/importer.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";

class BoardImport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-board-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "b.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    std::vector<ImportInput> ref;
    for (const char* k : {"partners", "providers"}) {
      ref.push_back(
          {(kFixtures / "small" / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    }
    auto r = import_batch(*store_, ref, options());
    ASSERT_TRUE(r.ok() && r->committed);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  static ImportOptions options() {
    ImportOptions o;
    o.boards = BoardsConfig::builtin().ids();
    o.check_batch = [](Store& s, int64_t batch) {
      return check_decisions(s, batch, BoardsConfig::builtin());
    };
    return o;
  }

  // Imports the seed's governance files as one batch.
  ImportReport import_seed() {
    auto inputs = plan_import({(kFixtures / "governance").string()}, std::nullopt);
    EXPECT_TRUE(inputs.ok()) << inputs.error();
    auto r = import_batch(*store_, *inputs, options());
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }

  // Imports in-memory files as one batch: {kind name, CSV text}.
  ImportReport import(std::vector<std::pair<std::string, std::string>> files) {
    std::vector<ImportInput> inputs;
    for (auto& [kind, text] : files) inputs.push_back({kind + ".csv", *kind_from_name(kind), text});
    auto r = import_batch(*store_, inputs, options());
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }

  static std::string problems(const ImportReport& r) {
    std::string out;
    for (const auto& p : r.errors) out += p.to_string() + "\n";
    return out;
  }

  int64_t count(const std::string& table) {
    return store_->db().query_int("SELECT count(*) FROM " + table)->value_or(-1);
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(BoardImport, TheEighthOfMarch2018WasQuorateWithTwoCcgAndThreeCouncilMembers) {
  const ImportReport r = import_seed();
  ASSERT_TRUE(r.committed) << problems(r);
  auto q = meeting_quorum(*store_, *BoardsConfig::builtin().find("JCB"), "2018-03-08");
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_TRUE(q->quorate) << q->reason;
  EXPECT_EQ(q->present, (std::map<std::string, int>{{"CCG", 2}, {"SCC", 3}}));
  EXPECT_EQ(q->members_present, 5);
  EXPECT_EQ(q->reason, "5 members present (2 CCG, 3 SCC)");
  // The voting members present, as minuted; those in attendance do not count.
  std::vector<std::string> seats;
  for (const auto& [seat, who] : q->seats) seats.push_back(seat);
  EXPECT_EQ(seats, (std::vector<std::string>{"CllrLetts", "CllrPayne", "CllrShields", "JB", "MK"}));
  ASSERT_EQ(q->items.size(), 7u);
  for (const ItemQuorum& i : q->items) EXPECT_TRUE(i.quorate) << i.item;

  auto attendance = read_attendance(*store_, "JCB", "2018-03-08");
  ASSERT_TRUE(attendance.ok());
  int present = 0, apologies = 0;
  for (const auto& a : *attendance) (a.attended == "present" ? present : apologies) += 1;
  EXPECT_EQ(present, 14);  // 5 members and 9 in attendance
  EXPECT_EQ(apologies,
            5);  // John Richards, Mel Creighton, James Rimmer, Claire Heather, Sarita Riley
}

TEST_F(BoardImport, TheSeedsActionTrackerIsReproduced) {
  ASSERT_TRUE(import_seed().committed);
  auto all = actions_as_at(*store_, "JCB", *Date::from_ymd(2018, 6, 11), false);
  ASSERT_TRUE(all.ok()) << all.error();
  // The tracker printed after the minutes: (id, meeting, item, lead,
  // deadline, progress, status).
  const std::vector<std::array<std::string, 7>> expected = {
      {"JCB-A1", "2018-01-11", "3", "JRimmer", "2018-02-28", "08/02/2018 - Ongoing", "open"},
      {"JCB-A2", "2018-02-08", "8", "SR/SS", "2018-03-31", "Complete", "complete"},
      {"JCB-A3", "2018-03-08", "3", "Cllr Letts", "2018-04-30", "Unconfirmed", "unconfirmed"},
      {"JCB-A4", "2018-03-08", "5", "Cllr Letts", "2018-04-30", "Unconfirmed", "unconfirmed"},
      {"JCB-A5", "2018-03-08", "5", "SR", "2018-04-30", "No further action needed", "complete"},
      {"JCB-A6", "2018-03-08", "5", "MW", "2018-04-30",
       "Timeline agreed as part of the ICU plan for the year", "complete"},
      {"JCB-A7", "2018-03-08", "6", "DC", "2018-04-30", "Complete", "complete"},
      {"JCB-A8", "2018-03-08", "7", "DC", "2018-06-30", "On Forward Plan", "forward_plan"},
  };
  ASSERT_EQ(all->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const ActionRecord& a = (*all)[i].action;
    EXPECT_EQ((std::array<std::string, 7>{a.action_id, a.meeting_date, a.item.value_or(""), a.lead,
                                          a.deadline, a.progress.value_or(""), a.status}),
              expected[i]);
  }
  EXPECT_EQ((*all)[7].action.subject, "Performance Report");
  EXPECT_EQ((*all)[7].action.action, "Update on high intensity users to the Board");
}

TEST_F(BoardImport, AsAtTheFirstOfMayTheOpenActionsDueInAprilAreOverdue) {
  ASSERT_TRUE(import_seed().committed);
  auto overdue = actions_as_at(*store_, "JCB", *Date::from_ymd(2018, 5, 1), true);
  ASSERT_TRUE(overdue.ok());
  std::vector<std::string> ids;
  for (const auto& t : *overdue) ids.push_back(t.action.action_id);
  // The two unconfirmed April actions, and February's still open.
  EXPECT_EQ(ids, (std::vector<std::string>{"JCB-A1", "JCB-A3", "JCB-A4"}));
  // On the last day of April nothing due in April is overdue yet.
  auto april = actions_as_at(*store_, "JCB", *Date::from_ymd(2018, 4, 30), true);
  ASSERT_TRUE(april.ok());
  ASSERT_EQ(april->size(), 1u);
  EXPECT_EQ((*april)[0].action.action_id, "JCB-A1");
  // As at a date before a meeting, its actions are not on the tracker.
  auto february = actions_as_at(*store_, "JCB", *Date::from_ymd(2018, 2, 28), false);
  ASSERT_TRUE(february.ok());
  EXPECT_EQ(february->size(), 2u);
}

TEST_F(BoardImport, TheSteeringBoardCountsOrganisationsAndADeputyForTheCouncil) {
  ASSERT_TRUE(import_seed().committed);
  auto q = meeting_quorum(*store_, *BoardsConfig::builtin().find("BCSB"), "2018-04-18");
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_TRUE(q->quorate) << q->reason;
  EXPECT_EQ(q->seats.at("SS"), "SR");  // "SR was representing for Suki Sitaram"
  EXPECT_EQ(q->present.at("SCC"), 1);
  auto declarations = read_declarations(*store_, "BCSB", "2018-04-18");
  ASSERT_TRUE(declarations.ok());
  EXPECT_EQ(declarations->size(), 3u);
}

TEST_F(BoardImport, AnActionsHistoryKeepsEachImport) {
  ASSERT_TRUE(import_seed().committed);
  const ImportReport again =
      import({{"actions",
               "action_id,board,meeting_date,item,subject,action,lead,deadline,progress,status\n"
               "JCB-A3,JCB,2018-03-08,3,RSH Future Options,Circulate key points,Cllr Letts,2018-04,"
               "Circulated 20/04/2018,complete\n"}});
  ASSERT_TRUE(again.committed) << problems(again);
  auto history = read_action_history(*store_, "JCB-A3");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].status, "unconfirmed");
  EXPECT_EQ((*history)[1].status, "complete");
  EXPECT_EQ((*history)[1].progress, "Circulated 20/04/2018");
  EXPECT_LT((*history)[0].batch_id, (*history)[1].batch_id);
}

TEST_F(BoardImport, ADecisionAtAnInquorateMeetingIsRefusedAndNothingIsKept) {
  ASSERT_TRUE(import_seed().committed);
  const int64_t items = count("agenda_items"), attendance = count("attendance");
  // Councillor Payne's attendance corrected to apologies: 2 CCG and 2
  // council members remain, 4 in all, still quorate.
  const ImportReport fine = import({{"attendance",
                                     "board,meeting_date,member_id,attended\n"
                                     "JCB,2018-03-08,CllrPayne,apologies\n"}});
  ASSERT_TRUE(fine.committed) << problems(fine);
  // Then June Bridle's too: one CCG member, and items 3, 4 and 5 were
  // decisions.
  const ImportReport r = import({{"attendance",
                                  "board,meeting_date,member_id,attended\n"
                                  "JCB,2018-03-08,JB,apologies\n"}});
  EXPECT_FALSE(r.committed);
  ASSERT_EQ(r.errors.size(), 3u) << problems(r);
  EXPECT_EQ(r.errors[0].to_string(),
            "(batch):0: outcome: agreed: JCB meeting of 2018-03-08, item 3: no decision can be "
            "recorded, the meeting was inquorate for the item (3 members present, at least 4 "
            "needed; 1 from CCG, at least 2 needed); record it as deferred or referred_back");
  auto jb = store_->db().prepare(
      "SELECT attended FROM attendance WHERE board = 'JCB' AND meeting_date = '2018-03-08' AND "
      "member_id = 'JB'");
  ASSERT_TRUE(jb.ok());
  Status s;
  ASSERT_TRUE(jb->step(&s));
  EXPECT_EQ(jb->text(0), "present");
  EXPECT_EQ(count("agenda_items"), items);
  EXPECT_EQ(count("attendance"), attendance);
  // Recording the decisions as deferred in the same batch is accepted.
  const ImportReport deferred = import(
      {{"attendance", "board,meeting_date,member_id,attended\nJCB,2018-03-08,JB,apologies\n"},
       {"agenda_items",
        "board,meeting_date,item,title,type,key_decision,part2,outcome\n"
        "JCB,2018-03-08,3,Previous Minutes,decision,N,N,deferred\n"
        "JCB,2018-03-08,4,Residential Recovery,decision,N,N,deferred\n"
        "JCB,2018-03-08,5,Market Shaping,decision,N,N,referred_back\n"}});
  EXPECT_TRUE(deferred.committed) << problems(deferred);
}

TEST_F(BoardImport, APrejudicialInterestMakesAnItemInquorateForItsDecision) {
  ASSERT_TRUE(import_seed().committed);
  ASSERT_TRUE(import({{"attendance",
                       "board,meeting_date,member_id,attended\nJCB,2018-03-08,CllrPayne,"
                       "apologies\n"}})
                  .committed);
  const ImportReport r = import({{"declarations",
                                  "board,meeting_date,item,member_id,interest,prejudicial\n"
                                  "JCB,2018-03-08,5,CllrShields,Owns a care home,Y\n"
                                  "JCB,2018-03-08,4,CllrLetts,Knows a bidder,N\n"}});
  EXPECT_FALSE(r.committed);
  ASSERT_EQ(r.errors.size(), 1u) << problems(r);
  EXPECT_NE(r.errors[0].reason.find("item 5: no decision can be recorded"), std::string::npos);
  EXPECT_NE(r.errors[0].reason.find("CllrShields declared a prejudicial interest"),
            std::string::npos)
      << r.errors[0].reason;
}

TEST_F(BoardImport, EachMalformedRowIsRefusedWithItsReason) {
  ASSERT_TRUE(import_seed().committed);
  struct Case {
    std::string kind, row, expected;
  };
  const std::string members =
      "board,member_id,name,partner_code,role,deputy_for,title,from_date,to_date\n";
  const std::string meetings = "board,meeting_date,start_time,location,status,chair\n";
  const std::string items =
      "board,meeting_date,item,title,type,key_decision,part2,exemption,published_date,"
      "forward_plan_date,outcome\n";
  const std::string actions =
      "action_id,board,meeting_date,item,subject,action,lead,deadline,progress,status\n";
  const std::vector<Case> cases = {
      {"board_members", members + "XYZ,A,Ann,CCG,member,,,2018-01-01,\n",
       "board_members.csv:2: board: XYZ: no such board; the boards are JCB, BCSB, HWB "
       "(config/boards.toml)"},
      {"board_members", members + "JCB,A,Ann,NOPE,member,,,2018-01-01,\n",
       "board_members.csv:2: partner_code: NOPE: no such partner or provider (it must be in "
       "partners.csv or providers.csv, in the store or in this batch)"},
      {"board_members", members + "JCB,A,Ann,CCG,deputy,,,2018-01-01,\n",
       "board_members.csv:2: deputy_for: (empty): required for a deputy: the member_id of the "
       "member they stand in for"},
      {"board_members", members + "JCB,A,Ann,CCG,member,MK,,2018-01-01,\n",
       "board_members.csv:2: deputy_for: MK: only a deputy stands in for a member (the role is "
       "not deputy)"},
      {"board_members", members + "JCB,A,Ann,CCG,deputy,DC,,2018-01-01,\n",
       "board_members.csv:2: deputy_for: DC: DC is not a voting member of JCB (their role is "
       "in_attendance): a deputy stands in for a member"},
      {"board_members", members + "JCB,A,Ann,CCG,deputy,Nobody,,2018-01-01,\n",
       "board_members.csv:2: deputy_for: Nobody: no member Nobody of JCB (board_members.csv, in "
       "the store or in this batch)"},
      {"board_members", members + "JCB,A,Ann,CCG,member,,,2018-01-01,2017-12-31\n",
       "board_members.csv:2: to_date: 2017-12-31: the term ends before it starts (2018-01-01)"},
      {"meetings", meetings + "JCB,2018-04-12,25:00,,scheduled,\n",
       "meetings.csv:2: start_time: 25:00: a time is HH:MM, 00:00 to 23:59"},
      {"meetings", meetings + "JCB,2018-04-12,09:30,,postponed,\n",
       "meetings.csv:2: status: postponed: must be scheduled, held or cancelled"},
      {"meetings", meetings + "JCB,2018-04-12,09:30,,scheduled,Nobody\n",
       "meetings.csv:2: chair: Nobody: not a member of JCB (board_members.csv, in the store or "
       "in this batch)"},
      {"agenda_items", items + "JCB,2018-04-12,1,Welcome,information,N,N,,,,\n",
       "agenda_items.csv:2: meeting_date: 2018-04-12: no JCB meeting on this date (it must be in "
       "meetings.csv, in the store or in this batch)"},
      {"agenda_items", items + "JCB,2018-03-08,8,Contract award,decision,Y,Y,,,,\n",
       "agenda_items.csv:2: exemption: (empty): required for a Part 2 item: the reason it is "
       "exempt from publication"},
      {"agenda_items", items + "JCB,2018-03-08,8,Contract award,decision,Y,N,Para 3,,,\n",
       "agenda_items.csv:2: exemption: Para 3: only a Part 2 item has an exemption (part2 is N)"},
      {"agenda_items", items + "JCB,2018-03-08,8,Late,decision,N,N,,2018-03-09,,\n",
       "agenda_items.csv:2: published_date: 2018-03-09: after the meeting (2018-03-08)"},
      {"agenda_items", items + "JCB,2018-06-11,11,Extra,decision,N,N,,,,agreed\n",
       "agenda_items.csv:2: outcome: agreed: an outcome is recorded only for a meeting that was "
       "held (its status in meetings.csv is not held)"},
      {"agenda_items", items + "JCB,2018-03-08,#8,Extra,decision,N,N,,,,\n",
       "agenda_items.csv:2: item: #8: an agenda item's number is 1 to 16 letters, digits and "
       "dots, starting with a digit (4, 4.1, 10a)"},
      {"attendance", "board,meeting_date,member_id,attended\nJCB,2018-03-08,Nobody,present\n",
       "attendance.csv:2: member_id: Nobody: not a member of JCB (board_members.csv, in the store "
       "or in this batch)"},
      {"attendance", "board,meeting_date,member_id,attended\nJCB,2018-01-11,MK,late\n",
       "attendance.csv:2: attended: late: must be present, apologies or absent"},
      {"declarations",
       "board,meeting_date,item,member_id,interest,prejudicial\nJCB,2018-03-08,9,MK,Owns it,Y\n",
       "declarations.csv:2: item: 9: not an item of the meeting's agenda (agenda_items.csv, in the "
       "store or in this batch)"},
      {"actions", actions + "A9,JCB,2018-03-08,,S,Do it,MW,2018-02,,open\n",
       "actions.csv:2: deadline: 2018-02: before the meeting that set the action (2018-03-08)"},
      {"actions", actions + "A9,JCB,2018-03-08,,S,Do it,MW,Apr-18,,open\n",
       "actions.csv:2: deadline: Apr-18: a deadline is a date (YYYY-MM-DD) or a month (YYYY-MM): "},
      {"actions", actions + "A9,JCB,2018-03-09,,S,Do it,MW,2018-04,,open\n",
       "actions.csv:2: meeting_date: 2018-03-09: no JCB meeting on this date (it must be in "
       "meetings.csv, in the store or in this batch)"},
      {"interests",
       "interest_id,board,member_id,year,category,interest,declared_date\n"
       "I9,JCB,Nobody,2018/19,financial,Shares,2018-04-02\n",
       "interests.csv:2: member_id: Nobody: not a member of JCB (board_members.csv, in the store "
       "or in this batch)"},
      {"interests",
       "interest_id,board,member_id,year,category,interest,declared_date\n"
       "I9,JCB,MK,2018/19,pecuniary,Shares,2018-04-02\n",
       "interests.csv:2: category: pecuniary: must be financial, non_financial_professional, "
       "non_financial_personal, indirect or none"},
      {"actions", actions + "A9,JCB,2018-03-08,,S,Do it,MW,2018-04,,done\n",
       "actions.csv:2: status: done: must be open, complete, forward_plan or unconfirmed"},
  };
  for (const Case& c : cases) {
    const std::string table(spec_of(*kind_from_name(c.kind)).table);
    const int64_t before = count(table);
    const ImportReport r = import({{c.kind, c.row}});
    EXPECT_FALSE(r.committed) << c.row;
    ASSERT_GE(r.errors.size(), 1u) << c.row;
    EXPECT_EQ(r.errors[0].to_string().substr(0, c.expected.size()), c.expected) << c.row;
    EXPECT_EQ(count(table), before) << c.row;
  }
}

}  // namespace
}  // namespace bc
