// Care providers and provider failure incidents on the web
// (web/pages_providers.cc, pages_incidents.cc, pages_incident_steps.cc),
// on the synthetic city, whose Dell View (VND04) fails: who may see what,
// the quality team opening an incident and taking its steps, each audited,
// a refused step changing nothing, and the status report showing them.
#include <gtest/gtest.h>

#include <algorithm>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

class ProviderPages : public HttpTest {
 protected:
  static std::pair<std::string, std::string> csrf_of(const std::string& user) {
    return {"csrf", as(user).csrf};
  }
};

TEST_F(ProviderPages, WhoMaySeeProvidersAndIncidents) {
  for (const std::string path : {"/providers", "/providers/VND04", "/providers?at=2019-01-31"}) {
    for (const std::string& user : role_users()) {
      const bool may = user == "analyst" || user == "board" || user == "clin";
      EXPECT_EQ(get(path, &as(user)).status, may ? 200 : 403) << path << " as " << user;
    }
    EXPECT_EQ(get(path, &as("quality")).status, 200) << path;
    EXPECT_EQ(get(path, &as("officer")).status, 200) << path;
  }
  for (const std::string& user : role_users()) {
    const bool may = user == "board" || user == "clin";
    EXPECT_EQ(get("/incidents", &as(user)).status, may ? 200 : 403) << user;
  }
  EXPECT_EQ(get("/providers/RHM", &as("quality")).status, 404);  // not a care provider
  EXPECT_EQ(get("/providers?at=2019-02-30", &as("quality")).status, 400);
  // Dell View is Red on the city's last day, and says why.
  HtmlDoc doc(get("/providers?at=2019-03-31", &as("quality")).body);
  const std::string row = HtmlDoc::text(doc.one("//tr[@data-provider='VND04']"));
  EXPECT_NE(row.find("Red"), std::string::npos) << row;
  EXPECT_NE(row.find("the contract is suspended"), std::string::npos) << row;
  // Only the quality team has the form that opens an incident.
  EXPECT_NE(
      HtmlDoc(get("/providers/VND04", &as("quality")).body).one("//form[@class='incident-open']"),
      nullptr);
  EXPECT_EQ(
      HtmlDoc(get("/providers/VND04", &as("board")).body).one("//form[@class='incident-open']"),
      nullptr);
}

TEST_F(ProviderPages, TheQualityTeamRunsAnIncident) {
  // Nobody else may open one.
  Reply r = post_form(
      "/incidents", &as("board"),
      {csrf_of("board"), {"provider", "VND04"}, {"trigger", "cqc_action"}, {"date", "2019-03-29"}});
  EXPECT_EQ(r.status, 403) << r.describe();
  r = post_form("/incidents", &as("quality"),
                {csrf_of("quality"),
                 {"provider", "VND04"},
                 {"trigger", "cqc_action"},
                 {"date", "2019-03-29"},
                 {"notified", "2019-03-29"},
                 {"summary", "Web test"}});
  ASSERT_EQ(r.status, 303) << r.describe();
  const std::string page = r.header("Location");
  ASSERT_EQ(page.rfind("/incidents/", 0), 0u) << page;

  HtmlDoc doc(get(page, &as("quality")).body);
  // Friday 29 March 2019: Monday 1, Tuesday 2, Wednesday 3 April.
  EXPECT_NE(HtmlDoc::text(doc.one("//main")).find("it had to meet by 2019-04-03"),
            std::string::npos);
  const std::vector<xmlNodePtr> people = doc.all("//table[contains(@class,'affected')]/tbody/tr");
  ASSERT_FALSE(people.empty());
  const std::string placement = HtmlDoc::attr(people[0], "data-placement");

  // A checklist item for home care only is refused on a care home, with
  // the reason, and nothing changes.
  r = post_form(page + "/checklist", &as("quality"),
                {csrf_of("quality"), {"item", "2.4"}, {"status", "done"}, {"date", "2019-04-01"}});
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_NE(r.body.find("item 2.4 is for home care only"), std::string::npos);
  // The page shown again links nowhere with the form's fields or its token.
  EXPECT_EQ(r.body.find("csrf="), std::string::npos);
  EXPECT_EQ(r.body.find("download=csv"), std::string::npos);
  r = post_form(page + "/checklist", &as("quality"),
                {csrf_of("quality"),
                 {"item", "2.2"},
                 {"status", "done"},
                 {"party", "scc"},
                 {"owner", "JB"},
                 {"date", "2019-04-01"}});
  EXPECT_EQ(r.status, 303) << r.describe();
  // A move to the failing home itself is refused; one elsewhere is logged.
  r = post_form(page + "/moves", &as("quality"),
                {csrf_of("quality"),
                 {"placement", placement},
                 {"step", "moved"},
                 {"to", "VND04"},
                 {"date", "2019-04-02"}});
  EXPECT_EQ(r.status, 422) << r.describe();
  r = post_form(page + "/moves", &as("quality"),
                {csrf_of("quality"),
                 {"placement", placement},
                 {"step", "moved"},
                 {"to", "VNB02"},
                 {"date", "2019-04-02"}});
  EXPECT_EQ(r.status, 303) << r.describe();

  HtmlDoc after(get(page, &as("quality")).body);
  EXPECT_EQ(HtmlDoc::text(after.one("//tr[@data-item='2.2']/td[4]")), "done");
  EXPECT_NE(
      HtmlDoc::text(after.one("//tr[@data-placement='" + placement + "']")).find("moved to VNB02"),
      std::string::npos);
  const Reply download = get(page + "/report", &as("quality"));
  EXPECT_NE(download.header("Content-Disposition").find("attachment"), std::string::npos);
  const std::string report = download.body;
  EXPECT_NE(report.find("Management checklist: 1 of 91 done"), std::string::npos);
  EXPECT_NE(report.find(placement + " ("), std::string::npos);
  EXPECT_NE(report.find("moved to VNB02 on 2019-04-02"), std::string::npos);

  // The board sees counts, not people; a clinician only their cluster's.
  HtmlDoc board(get(page, &as("board")).body);
  EXPECT_EQ(board.one("//table[contains(@class,'affected')]"), nullptr);
  EXPECT_NE(board.one("//table[contains(@class,'by-responsible')]"), nullptr);
  EXPECT_TRUE(board.all("//form").size() <= 1u);  // sign-out only: no steps
  // The quality team's counts are exact; the board's are suppressed (1 to
  // 7 hidden, others rounded to 5), and neither its page nor its copy of
  // the status report names a placement.
  const auto counts = [](const HtmlDoc& d) {
    std::vector<std::string> out;
    for (xmlNodePtr td : d.all("//table[contains(@class,'by-responsible')]/tbody/tr/td"))
      out.push_back(HtmlDoc::text(td));
    return out;
  };
  const std::vector<std::string> exact = counts(after), shown = counts(board);
  ASSERT_EQ(exact.size(), shown.size());
  size_t total = 0;
  for (size_t k = 0; k < exact.size(); ++k) {
    const int n = std::stoi(exact[k]);
    total += static_cast<size_t>(n);
    EXPECT_EQ(shown[k], n == 0 ? "0" : n < 8 ? "*" : std::to_string((n + 2) / 5 * 5)) << k;
  }
  EXPECT_EQ(total, people.size());
  // Dell View's residents are few: the rule is exercised.
  EXPECT_NE(std::find(shown.begin(), shown.end(), "*"), shown.end());
  EXPECT_EQ(get(page, &as("board")).body.find(placement), std::string::npos);
  const std::string board_report = get(page + "/report", &as("board")).body;
  EXPECT_EQ(board_report.find(placement), std::string::npos);
  EXPECT_NE(board_report.find("Counts of people are shown suppressed"), std::string::npos);
  // Occupancy too: the board sees the suppressed form of the quality team's count.
  const std::string placed =
      HtmlDoc::text(HtmlDoc(get("/providers?at=2019-03-31", &as("quality")).body)
                        .one("//tr[@data-provider='VND04']/td[7]"));
  const std::string board_placed =
      HtmlDoc::text(HtmlDoc(get("/providers?at=2019-03-31", &as("board")).body)
                        .one("//tr[@data-provider='VND04']/td[7]"));
  const int n_placed = std::stoi(placed);
  EXPECT_EQ(board_placed.substr(0, board_placed.find(' ')),
            n_placed == 0  ? "0"
            : n_placed < 8 ? "*"
                           : std::to_string((n_placed + 2) / 5 * 5))
      << placed << " / " << board_placed;
  HtmlDoc clin(get(page, &as("clin")).body);
  EXPECT_LE(clin.all("//table[contains(@class,'affected')]/tbody/tr").size(), people.size());
  // Each step and each look at the people is in the audit log.
  HtmlDoc audit(get("/admin?action=incident_move", &as("admin")).body);
  EXPECT_NE(HtmlDoc::text(audit.one("//main")).find("incident_move"), std::string::npos);
}

}  // namespace
}  // namespace bc::test
