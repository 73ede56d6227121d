// The boards' pages (web/pages_board*.cc, web/pages_plan.cc) over HTTP, on
// the synthetic city's JCB business of 2018 and its commissioning plan:
// board members and the board officer read them and nobody else; only the
// officer keeps the business, each change an audited import with every
// import's checks; a change refused changes nothing.
#include <gtest/gtest.h>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

class BoardPages : public HttpTest {
 protected:
  static std::pair<std::string, std::string> csrf_of(const std::string& user) {
    return {"csrf", as(user).csrf};
  }
  static std::string action_status(const std::string& id) {
    HtmlDoc doc(get("/board/JCB/actions?at=2018-06-11", &as("board")).body);
    return HtmlDoc::text(doc.one("//tr[@data-action='" + id + "']/td[8]"));
  }
};

TEST_F(BoardPages, BoardMembersAndTheOfficerReadThemAndNobodyElse) {
  const std::vector<std::string> pages = {
      "/board",
      "/board/JCB/meetings/2018-03-08",
      "/board/JCB/actions",
      "/board/JCB/actions?at=2018-05-01&overdue=1&status=open&lead=JR",
      "/board/JCB/actions/JCB-A1",
      "/board/JCB/forward-plan",
      "/plan",
      "/plan?at=2019-04-01",
      "/plan/ICP-01?at=2019-04-01"};
  for (const std::string& path : pages) {
    for (const std::string& user : role_users()) {
      const Reply r = get(path, &as(user));
      EXPECT_EQ(r.status, user == "board" ? 200 : 403) << path << " as " << user << r.describe();
    }
    EXPECT_EQ(get(path, &as("officer")).status, 200) << path;
  }
  EXPECT_EQ(get("/board/NOPE/actions", &as("board")).status, 404);
  EXPECT_EQ(get("/board/JCB/meetings/2018-03-09", &as("board")).status, 404);
  EXPECT_EQ(get("/plan/ICP-99", &as("board")).status, 404);
  EXPECT_EQ(get("/board/JCB/actions?at=2018-13-01", &as("board")).status, 400);
  // The navigation leads there for those who may.
  HtmlDoc board(get("/", &as("board")).body);
  EXPECT_NE(board.one("//nav//a[starts-with(@href,'/board')]"), nullptr);
  HtmlDoc analyst(get("/", &as("analyst")).body);
  EXPECT_EQ(analyst.one("//nav//a[starts-with(@href,'/board')]"), nullptr);
}

TEST_F(BoardPages, TheEighthOfMarchWithItsQuorumAgendaAndDecisions) {
  const Reply r = get("/board/JCB/meetings/2018-03-08", &as("board"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  EXPECT_NE(HtmlDoc::text(doc.one("//p[@class='summary']"))
                .find("Quorum: quorate (5 members present (2 CCG, 3 SCC))"),
            std::string::npos)
      << HtmlDoc::text(doc.one("//p[@class='summary']"));
  EXPECT_EQ(doc.all("//table[contains(@class,'agenda')]/tbody/tr").size(), 7u);
  EXPECT_EQ(doc.all("//table[contains(@class,'attendance')]/tbody/tr").size(), 19u);
  // A board member reads; only the officer has the forms.
  EXPECT_TRUE(doc.all("//form[@class='board-edit']").empty());
  HtmlDoc officer(get("/board/JCB/meetings/2018-03-08", &as("officer")).body);
  EXPECT_EQ(officer.all("//form[@class='board-edit']").size(),
            9u);  // attendance, declaration, 7 items
}

TEST_F(BoardPages, TheTrackerMarksOverdueActionsInWords) {
  HtmlDoc doc(get("/board/JCB/actions?at=2018-05-01&overdue=1", &as("board")).body);
  std::vector<std::string> ids;
  for (xmlNodePtr tr : doc.all("//table[contains(@class,'tracker')]/tbody/tr")) {
    ids.push_back(HtmlDoc::attr(tr, "data-action"));
    EXPECT_EQ(HtmlDoc::attr(tr, "class"), "overdue");
    EXPECT_EQ(HtmlDoc::text(doc.one("td[9]", tr)), "Overdue");
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"JCB-A1", "JCB-A3", "JCB-A4"}));
  HtmlDoc lead(get("/board/JCB/actions?at=2018-05-01&lead=DC", &as("board")).body);
  EXPECT_EQ(lead.all("//table[contains(@class,'tracker')]/tbody/tr").size(), 2u);  // A7, A8
}

TEST_F(BoardPages, TheOfficerUpdatesAnActionAndItIsAuditedAndKeptInItsHistory) {
  // A board member may not.
  const Reply refused = post_form(
      "/board/JCB/actions/JCB-A8", &as("board"),
      {csrf_of("board"), {"progress", "Done"}, {"status", "complete"}, {"deadline", "2018-06-30"}});
  EXPECT_EQ(refused.status, 403) << refused.describe();
  EXPECT_EQ(action_status("JCB-A8"), "forward plan");

  // A deadline before the meeting that set it is refused, and nothing changes.
  const Reply bad = post_form("/board/JCB/actions/JCB-A8", &as("officer"),
                              {csrf_of("officer"),
                               {"progress", "Done"},
                               {"status", "complete"},
                               {"deadline", "2018-01-01"}});
  EXPECT_EQ(bad.status, 422) << bad.describe();
  EXPECT_NE(bad.body.find("before the meeting that set the action"), std::string::npos);
  EXPECT_EQ(action_status("JCB-A8"), "forward plan");

  const Reply ok = post_form("/board/JCB/actions/JCB-A8", &as("officer"),
                             {csrf_of("officer"),
                              {"progress", "Reported to the June board"},
                              {"status", "complete"},
                              {"deadline", "2018-06-30"}});
  EXPECT_EQ(ok.status, 303) << ok.describe();
  EXPECT_EQ(action_status("JCB-A8"), "complete");
  HtmlDoc page(get("/board/JCB/actions/JCB-A8", &as("board")).body);
  const auto history = page.all("//table[contains(@class,'history')]/tbody/tr");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(HtmlDoc::text(page.one("td[2]", history[1])), "web:officer");
  EXPECT_EQ(HtmlDoc::text(page.one("td[4]", history[1])), "Reported to the June board");
  const nlohmann::json audit = get("/api/v1/audit?action=update_board_action", &as("admin")).json();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0]["actor"], "officer");
}

TEST_F(BoardPages, ADecisionTheRulesRefuseChangesNothing) {
  // The June meeting is still to be held: no outcome yet.
  const Reply early = post_form("/board/JCB/meetings/2018-06-11/items/5", &as("officer"),
                                {csrf_of("officer"), {"outcome", "agreed"}, {"minute", "Agreed."}});
  EXPECT_EQ(early.status, 422) << early.describe();
  EXPECT_NE(early.body.find("an outcome is recorded only for a meeting that was held"),
            std::string::npos);
  // Sending a CCG member's apologies would leave 8 March inquorate for the
  // decisions it made: refused.
  const Reply inquorate =
      post_form("/board/JCB/meetings/2018-03-08/attendance", &as("officer"),
                {csrf_of("officer"), {"member_id", "MK"}, {"attended", "apologies"}});
  EXPECT_EQ(inquorate.status, 422) << inquorate.describe();
  EXPECT_NE(inquorate.body.find("inquorate"), std::string::npos);
  HtmlDoc doc(get("/board/JCB/meetings/2018-03-08", &as("board")).body);
  EXPECT_EQ(HtmlDoc::text(doc.one("//tr[@data-member='MK']/td[4]")), "present");
  // A minute recorded for a noted item is kept.
  const Reply noted = post_form(
      "/board/JCB/meetings/2018-03-08/items/1", &as("officer"),
      {csrf_of("officer"), {"outcome", "noted"}, {"minute", "Apologies were noted (web test)."}});
  EXPECT_EQ(noted.status, 303) << noted.describe();
  HtmlDoc after(get("/board/JCB/meetings/2018-03-08", &as("board")).body);
  EXPECT_NE(after.root(), nullptr);
  EXPECT_NE(get("/board/JCB/meetings/2018-03-08", &as("board"))
                .body.find("Apologies were noted (web test)."),
            std::string::npos);
  EXPECT_FALSE(get("/api/v1/audit?action=record_board_decision", &as("admin")).json().empty());
}

TEST_F(BoardPages, TheOfficerAddsAnActionAndADeclarationTheRulesAllow) {
  const std::vector<std::pair<std::string, std::string>> action = {
      csrf_of("officer"),
      {"action_id", "JCB-A9"},
      {"meeting_date", "2018-03-08"},
      {"item", "4"},
      {"subject", "Residential recovery"},
      {"action", "Report back"},
      {"lead", "AL"},
      {"deadline", "2018-07-31"}};
  EXPECT_EQ(post_form("/board/JCB/actions", &as("board"), action).status, 403);
  const Reply added = post_form("/board/JCB/actions", &as("officer"), action);
  EXPECT_EQ(added.status, 303) << added.describe();
  EXPECT_EQ(action_status("JCB-A9"), "open");
  const Reply again = post_form("/board/JCB/actions", &as("officer"), action);
  EXPECT_EQ(again.status, 422) << again.describe();
  EXPECT_NE(again.body.find("already an action of JCB"), std::string::npos);
  EXPECT_FALSE(get("/api/v1/audit?action=add_board_action", &as("admin")).json().empty());

  // A prejudicial interest of a CCG member in item 4 would leave its
  // decision inquorate (1 CCG member): refused, nothing kept.
  const Reply prejudicial = post_form("/board/JCB/meetings/2018-03-08/declarations", &as("officer"),
                                      {csrf_of("officer"),
                                       {"item", "4"},
                                       {"member_id", "MK"},
                                       {"interest", "A provider"},
                                       {"prejudicial", "Y"}});
  EXPECT_EQ(prejudicial.status, 422) << prejudicial.describe();
  EXPECT_NE(prejudicial.body.find("inquorate"), std::string::npos);
  EXPECT_NE(get("/board/JCB/meetings/2018-03-08", &as("board")).body.find("None declared."),
            std::string::npos);
  // Not prejudicial: kept.
  const Reply declared = post_form(
      "/board/JCB/meetings/2018-03-08/declarations", &as("officer"),
      {csrf_of("officer"), {"item", "4"}, {"member_id", "MK"}, {"interest", "A provider"}});
  EXPECT_EQ(declared.status, 303) << declared.describe();
  EXPECT_NE(get("/board/JCB/meetings/2018-03-08", &as("board")).body.find("MK declared A provider"),
            std::string::npos);
}

TEST_F(BoardPages, ThePlansWorkstreamsCarryTheirRagInWords) {
  HtmlDoc doc(get("/plan?at=2019-04-01", &as("board")).body);
  const auto rows = doc.all("//table[contains(@class,'workstreams')]/tbody/tr");
  ASSERT_EQ(rows.size(), 40u);
  for (xmlNodePtr tr : rows) {
    const std::string rag = HtmlDoc::text(doc.one("td[3]", tr));
    EXPECT_TRUE(rag == "Red" || rag == "Amber" || rag == "Green" || rag == "Not assessed") << rag;
  }
  HtmlDoc ws(get("/plan/ICP-03?at=2019-04-01", &as("officer")).body);
  EXPECT_EQ(ws.all("//table[contains(@class,'milestones')]/tbody/tr").size(), 5u);
  EXPECT_NE(
      HtmlDoc::text(ws.one("//h2[.='Savings']/following-sibling::p[1]")).find("planned to date"),
      std::string::npos);
}

}  // namespace
}  // namespace bc::test
