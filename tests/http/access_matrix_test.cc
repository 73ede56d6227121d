// Every route of docs/api.md and every page of src/web/pages_*.cc, asked by
// every role and without a session: each role gets exactly what the role
// table of docs/security.md gives it (200, or the route's success status),
// a role that may not gets 403, and nobody signed in gets 401 (API, as
// JSON) or a redirect to the sign-in page (pages).
#include <gtest/gtest.h>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

using Roles = std::set<std::string>;
const Roles kEveryone = {"admin", "analyst", "finance", "lead", "board", "clin"};
const Roles kAllButClinician = {"admin", "analyst", "finance", "lead", "board"};
const Roles kDataRoles = {"admin", "analyst"};
const Roles kAdminOnly = {"admin"};

struct Route {
  std::string path;
  Roles allowed;
  int ok = 200;
};

class AccessMatrix : public HttpTest {
 protected:
  // Asks `path` as every role user; expects `ok` for the allowed and 403
  // for the others.
  static void check_roles(const Route& r) {
    for (const std::string& user : role_users()) {
      Reply reply = get(r.path, &as(user));
      const bool allowed = r.allowed.count(user) > 0;
      EXPECT_EQ(reply.status, allowed ? r.ok : 403)
          << "GET " << r.path << " as " << user << ": " << reply.describe();
      if (!allowed && r.path.rfind("/api/", 0) == 0) {
        EXPECT_EQ(reply.json()["error"]["code"], "forbidden") << r.path << " as " << user;
        EXPECT_TRUE(reply.json()["error"]["message"].is_string());
      }
      if (!allowed && r.path.rfind("/api/", 0) != 0) {
        EXPECT_EQ(reply.header("Content-Type").rfind("text/html", 0), 0u) << r.path;
      }
      // Every page, an error page too, names the area (serve --area) in its
      // title and header; a document downloaded is not a page.
      if (reply.header("Content-Type").rfind("text/html", 0) == 0 &&
          !reply.has_header("Content-Disposition")) {
        HtmlDoc doc(reply.body);
        EXPECT_NE(HtmlDoc::text(doc.one("//title")).find(std::string(" - ") + kTestArea + " - "),
                  std::string::npos)
            << r.path << " as " << user;
        EXPECT_EQ(HtmlDoc::text(doc.one("//header//span[@class='area']")), kTestArea)
            << r.path << " as " << user;
      }
    }
  }
};

TEST_F(AccessMatrix, ApiRoutesGiveEachRoleWhatTheRoleTableSays) {
  const std::vector<Route> routes = {
      {"/api/v1/session", kEveryone},
      {"/api/v1/metrics?period=2017/18:Q1&metric=nel_admissions", kEveryone},
      {"/api/v1/metrics?period=2017/18:Q1&metric=nel_admissions&by=cluster", kEveryone},
      {"/api/v1/metrics/definitions", kEveryone},
      {"/api/v1/finance", kAllButClinician},
      {"/api/v1/finance?year=2017/18&month=12&scheme=CAR", kAllButClinician},
      {"/api/v1/schemes", kAllButClinician},
      {"/api/v1/schemes/CLU/reports", kAllButClinician},
      {"/api/v1/schemes/CLU/reports?quarter=2017/18:Q4", kAllButClinician},
      {"/api/v1/schemes/CLU/reports/2017-18/Q4", kAllButClinician},
      {"/api/v1/schemes/CLU/reports/2017-18/Q4?version=1", kAllButClinician},
      {"/api/v1/imports", kDataRoles},
      {"/api/v1/data-quality", kDataRoles},
      {"/api/v1/audit", kAdminOnly},
      {"/api/v1/audit?actor=admin&limit=5", kAdminOnly},
      {"/api/v1/users", kAdminOnly},
      // Cluster care: the register's counts for every role, its people for
      // the care team and analysts (tests/http/care_test.cc).
      {"/api/v1/clusters/C1/register", kEveryone},
      {"/api/v1/clusters/C2/register", kAllButClinician},
      {"/api/v1/frailty?summary=true", kEveryone},
      {"/api/v1/frailty?cluster=C1", {"analyst", "clin"}},
      {"/api/v1/risk/scores?cluster=C1", {"analyst", "clin"}},
      {"/api/v1/risk/models", {"admin", "analyst"}},
  };
  for (const Route& r : routes) check_roles(r);
}

TEST_F(AccessMatrix, PagesGiveEachRoleWhatTheRoleTableSays) {
  const std::vector<Route> routes = {
      {"/", kEveryone},
      {"/?period=2017/18:Q3", kEveryone},
      {"/metrics/nel_admissions", kEveryone},
      {"/metrics/nel_admissions?period=2017/18:Q3&by=practice", kEveryone},
      {"/metrics/nel_admissions.csv?period=2017/18:Q3&by=cluster", kEveryone},
      {"/clusters", kEveryone},
      {"/clusters/C1", kEveryone},
      {"/clusters/C2", kAllButClinician},  // a clinician sees their own cluster only
      {"/clusters/C1/register", kEveryone},
      {"/clusters/C2/register", kAllButClinician},
      {"/clusters/C1/register.csv", {"analyst", "clin"}},
      {"/finance", kAllButClinician},
      {"/finance/schemes/CAR", kAllButClinician},
      {"/schemes", kAllButClinician},
      {"/schemes/CLU/2017-18/Q4", kAllButClinician},
      {"/schemes/open?scheme=CLU&quarter=2017/18:Q4", kAllButClinician, 303},
      {"/reports?period=2017/18", kAllButClinician},
      {"/reports/performance?period=2017/18:M12", kAllButClinician},
      {"/reports/quarter-pack?period=2017/18:Q4", kAllButClinician},
      {"/reports/bcf-return.xlsx?period=2017/18:Q4", {"analyst"}},
      {"/finance?download=xlsx", kAllButClinician},
      {"/data", kDataRoles},
      {"/person", {"analyst", "clin"}},
      {"/admin", kAdminOnly},
      // The boards' business and the plan: board members (and board
      // officers, tests/http/board_pages_test.cc).
      {"/board", {"board"}},
      {"/board/JCB/meetings/2018-03-08", {"board"}},
      {"/board/JCB/actions", {"board"}},
      {"/board/JCB/actions/JCB-A1", {"board"}},
      {"/board/JCB/forward-plan", {"board"}},
      {"/plan", {"board"}},
      {"/plan/ICP-01", {"board"}},
      // Care providers: commissioners, the board and the care teams (and
      // the quality team, tests/http/provider_pages_test.cc); incidents:
      // the board and the care teams (people by role there).
      {"/providers", {"analyst", "board", "clin"}},
      {"/providers/VND04", {"analyst", "board", "clin"}},
      {"/incidents", {"board", "clin"}},
  };
  for (const Route& r : routes) check_roles(r);
}

TEST_F(AccessMatrix, PublicRoutesAnswerAnyoneSignedInOrNot) {
  for (const std::string path :
       {"/healthz", "/api/v1/csrf", "/api/v1/openapi.json", "/login", "/static/app.css",
        "/static/app.js", "/static/favicon.svg", "/favicon.ico"}) {
    Reply anon = get(path);
    EXPECT_EQ(anon.status, 200) << path << ": " << anon.describe();
    EXPECT_FALSE(anon.body.empty()) << path;
    for (const std::string& user : role_users()) {
      EXPECT_EQ(get(path, &as(user)).status, 200) << path << " as " << user;
    }
  }
  EXPECT_EQ(get("/healthz").body, "ok\n");
  EXPECT_NE(get("/login").body.find(std::string("<title>Sign in - ") + kTestArea),
            std::string::npos);
  EXPECT_EQ(get("/static/app.js").header("Content-Type").rfind("text/javascript", 0), 0u);
}

TEST_F(AccessMatrix, WithoutASessionTheApiAnswers401AsJson) {
  for (const std::string path :
       {"/api/v1/session", "/api/v1/metrics", "/api/v1/metrics?period=2017/18",
        "/api/v1/metrics/definitions", "/api/v1/finance", "/api/v1/schemes",
        "/api/v1/schemes/CLU/reports", "/api/v1/schemes/CLU/reports/2017-18/Q4", "/api/v1/imports",
        "/api/v1/data-quality", "/api/v1/persons/9990000018", "/api/v1/audit", "/api/v1/users",
        "/api/v1/clusters/C1/register", "/api/v1/frailty", "/api/v1/risk/scores",
        "/api/v1/risk/models"}) {
    Reply r = get(path);
    EXPECT_EQ(r.status, 401) << path << ": " << r.describe();
    EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << path;
    EXPECT_EQ(r.json()["error"]["code"], "unauthenticated") << path << ": " << r.body;
    EXPECT_TRUE(r.json()["error"]["message"].is_string()) << path;
  }
  // A cookie that is no session is no better than none.
  Session forged{"nobody", std::string(64, 'a'), ""};
  EXPECT_EQ(get("/api/v1/session", &forged).status, 401);
  Session garbage{"nobody", "not-a-token", ""};
  EXPECT_EQ(get("/api/v1/users", &garbage).status, 401);
}

TEST_F(AccessMatrix, WithoutASessionPagesRedirectToSignInWithTheWayBack) {
  for (const std::string path : {"/",
                                 "/metrics/nel_admissions",
                                 "/metrics/nel_admissions.csv",
                                 "/clusters",
                                 "/clusters/C1",
                                 "/finance",
                                 "/finance/schemes/CAR",
                                 "/schemes",
                                 "/schemes/open",
                                 "/schemes/CLU/2017-18/Q4",
                                 "/reports",
                                 "/reports/performance",
                                 "/reports/quarter-pack",
                                 "/reports/bcf-return.xlsx",
                                 "/data",
                                 "/person",
                                 "/admin",
                                 "/board",
                                 "/board/JCB/actions",
                                 "/plan",
                                 "/providers",
                                 "/incidents"}) {
    Reply r = get(path + std::string("?period=2017/18:Q3"));
    EXPECT_EQ(r.status, 303) << path << ": " << r.describe();
    const std::string location = r.header("Location");
    const std::string prefix = "/login?next=";
    ASSERT_EQ(location.rfind(prefix, 0), 0u) << path << " -> " << location;
    EXPECT_EQ(url_decode(location.substr(prefix.size())), path) << location;
    EXPECT_FALSE(r.cookie("bc_session").has_value());
  }
}

TEST_F(AccessMatrix, ApiPostsAreRefusedToRolesThatMayNotAndChangeNothing) {
  const std::string toml = "scheme = \"CLU\"\nquarter = \"2017/18:Q4\"\nreport_author = \"X\"\n";
  const Reply before = get("/api/v1/schemes/CLU/reports/2017-18/Q4", &as("admin"));
  ASSERT_EQ(before.status, 200) << before.describe();
  for (const std::string& user : role_users()) {
    // Nobody leads CLU: the CAR lead may not either.
    Reply set = post("/api/v1/schemes/CLU/reports/2017-18/Q4", &as(user), toml, "application/toml");
    EXPECT_EQ(set.status, 403) << user << ": " << set.describe();
    EXPECT_EQ(set.json()["error"]["code"], "forbidden") << user;
    Reply submit = post("/api/v1/schemes/CLU/reports/2017-18/Q4/steps", &as(user),
                        R"({"step": "submit", "date": "2018-05-01"})");
    EXPECT_EQ(submit.status, 403) << user << ": " << submit.describe();
    if (user != "board") {
      Reply step = post("/api/v1/schemes/CLU/reports/2017-18/Q4/steps", &as(user),
                        R"({"step": "jcb_receive", "date": "2018-05-01"})");
      EXPECT_EQ(step.status, 403) << user << ": " << step.describe();
    }
  }
  Reply anon = post("/api/v1/schemes/CLU/reports/2017-18/Q4", nullptr, toml, "application/toml");
  EXPECT_EQ(anon.status, 401) << anon.describe();
  EXPECT_EQ(
      post("/api/v1/schemes/CLU/reports/2017-18/Q4/steps", nullptr, R"({"step":"submit"})").status,
      401);
  EXPECT_EQ(post("/api/v1/session/logout", nullptr, "").status, 401);
  const Reply after = get("/api/v1/schemes/CLU/reports/2017-18/Q4", &as("admin"));
  EXPECT_EQ(after.json(), before.json());
  EXPECT_EQ(after.json()["state"], "draft");
}

TEST_F(AccessMatrix, PagePostsAreRefusedToRolesThatMayNot) {
  const auto csrf = [](const std::string& user) {
    return std::pair<std::string, std::string>("csrf", as(user).csrf);
  };
  for (const std::string& user : role_users()) {
    const Session* s = &as(user);
    Reply edit = post_form("/schemes/CLU/2017-18/Q4/edit", s,
                           {csrf(user), {"format", "toml"}, {"source", "report_author = \"X\"\n"}});
    EXPECT_EQ(edit.status, 403) << user << ": " << edit.describe();
    Reply form = post_form("/schemes/CLU/2017-18/Q4/form", s,
                           {csrf(user), {"report_author", "X"}, {"aims", "Y"}});
    EXPECT_EQ(form.status, 403) << user << ": " << form.describe();
    Reply submit =
        post_form("/schemes/CLU/2017-18/Q4/submit", s, {csrf(user), {"date", "2018-05-01"}});
    EXPECT_EQ(submit.status, 403) << user << ": " << submit.describe();
    if (user != "board") {
      Reply step = post_form("/schemes/CLU/2017-18/Q4/step", s,
                             {csrf(user), {"step", "jcb_receive"}, {"date", "2018-05-01"}});
      EXPECT_EQ(step.status, 403) << user << ": " << step.describe();
    }
    // Only the quality team opens incidents and takes their steps.
    EXPECT_EQ(
        post_form(
            "/incidents", s,
            {csrf(user), {"provider", "VND04"}, {"trigger", "cqc_action"}, {"date", "2019-03-29"}})
            .status,
        403)
        << user;
    EXPECT_EQ(post_form("/incidents/1/risks", s,
                        {csrf(user), {"risk", "X"}, {"likelihood", "1"}, {"impact", "1"}})
                  .status,
              403)
        << user;
    // Only a board officer keeps the boards' business.
    EXPECT_EQ(post_form("/board/JCB/actions/JCB-A1", s,
                        {csrf(user), {"status", "complete"}, {"deadline", "2018-02-28"}})
                  .status,
              403)
        << user;
    EXPECT_EQ(
        post_form("/board/JCB/meetings/2018-03-08/items/1", s, {csrf(user), {"outcome", "noted"}})
            .status,
        403)
        << user;
    EXPECT_EQ(post_form("/board/JCB/actions", s, {csrf(user), {"action_id", "X1"}}).status, 403)
        << user;
    EXPECT_EQ(post_form("/board/JCB/meetings/2018-03-08/declarations", s,
                        {csrf(user), {"item", "4"}, {"member_id", "MK"}})
                  .status,
              403)
        << user;
    EXPECT_EQ(post_form("/board/JCB/meetings/2018-03-08/attendance", s,
                        {csrf(user), {"member_id", "MK"}, {"attended", "present"}})
                  .status,
              403)
        << user;
    if (user != "admin") {
      EXPECT_EQ(post_form("/admin/users/lockee/unlock", s, {csrf(user)}).status, 403) << user;
      EXPECT_EQ(post_form("/admin/users/leaver/revoke", s, {csrf(user)}).status, 403) << user;
    }
  }
  for (const std::string path : {"/schemes/CLU/2017-18/Q4/edit", "/schemes/CLU/2017-18/Q4/form",
                                 "/schemes/CLU/2017-18/Q4/submit", "/schemes/CLU/2017-18/Q4/step",
                                 "/admin/users/lockee/unlock", "/logout"}) {
    EXPECT_EQ(post_form(path, nullptr, {{"csrf", "x"}}).status, 401) << path;
  }
  EXPECT_EQ(get("/api/v1/schemes/CLU/reports/2017-18/Q4", &as("admin")).json()["state"], "draft");
}

TEST_F(AccessMatrix, PersonRecordsOnlyForClinicianAndAnalyst) {
  const std::string pseudonym = pseudonym_of(pseudonym_key(db()), who().c1);
  for (const std::string user : {"admin", "finance", "lead", "board"}) {
    for (const std::string& key : {who().c1, pseudonym}) {
      Reply api = get("/api/v1/persons/" + key, &as(user));
      EXPECT_EQ(api.status, 403) << user << " " << key << ": " << api.describe();
      EXPECT_EQ(api.body.find(who().c1), std::string::npos);
    }
    EXPECT_EQ(get("/person?nhs=" + who().c1, &as(user)).status, 403) << user;
    EXPECT_EQ(get("/person?pseudonym=" + pseudonym, &as(user)).status, 403) << user;
  }
  EXPECT_EQ(get("/api/v1/persons/" + who().c1, &as("clin")).status, 200);
  EXPECT_EQ(get("/person?nhs=" + who().c1, &as("clin")).status, 200);
  EXPECT_EQ(get("/api/v1/persons/" + pseudonym, &as("analyst")).status, 200);
  EXPECT_EQ(get("/person?pseudonym=" + pseudonym, &as("analyst")).status, 200);
}

TEST_F(AccessMatrix, SessionSaysWhoIsSignedIn) {
  for (const Account& a : accounts()) {
    if (std::find(role_users().begin(), role_users().end(), a.name) == role_users().end()) continue;
    Reply r = get("/api/v1/session", &as(a.name));
    ASSERT_EQ(r.status, 200) << r.describe();
    nlohmann::json j = r.json();
    EXPECT_EQ(j["user"], a.name);
    EXPECT_EQ(j["role"], a.role);
    EXPECT_EQ(j["csrf"], as(a.name).csrf);
    if (a.cluster.empty()) {
      EXPECT_TRUE(j["cluster"].is_null()) << a.name;
    } else {
      EXPECT_EQ(j["cluster"], a.cluster);
    }
    EXPECT_EQ(j["schemes"],
              a.scheme.empty() ? nlohmann::json::array() : nlohmann::json::array({a.scheme}));
  }
}

TEST_F(AccessMatrix, OnlyTheSchemesLeadSeesItsSchemeAsEditable) {
  for (const std::string& user : role_users()) {
    if (user == "clin") continue;
    Reply r = get("/api/v1/schemes", &as(user));
    ASSERT_EQ(r.status, 200);
    int editable = 0;
    for (const auto& s : r.json()) {
      if (s["editable"] == true) {
        ++editable;
        EXPECT_EQ(s["code"], "CAR") << user;
      }
    }
    EXPECT_EQ(editable, user == "lead" ? 1 : 0) << user;
  }
}

TEST_F(AccessMatrix, ClinicianSeesOnlyTheirOwnClusterWhereverTheyAsk) {
  const Session* clin = &as("clin");
  EXPECT_EQ(get("/clusters/C2", clin).status, 403);
  EXPECT_EQ(get("/api/v1/metrics?period=2017/18:Q3&metric=nel_admissions&cluster=C2", clin).status,
            403);
  // The pages and the API must not disagree (web/api_internal.h): a metric
  // page restricted to another cluster is refused like its API query.
  Reply page = get("/metrics/nel_admissions?period=2017/18:Q3&cluster=C2", clin);
  EXPECT_EQ(page.status, 403) << page.describe();
  Reply csv = get("/metrics/nel_admissions.csv?period=2017/18:Q3&cluster=C2", clin);
  EXPECT_EQ(csv.status, 403) << csv.describe();
  // The clusters page lists only their own.
  HtmlDoc list(get("/clusters", clin).body);
  auto rows = list.all("//tr[@data-cluster]");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(HtmlDoc::attr(rows[0], "data-cluster"), "C1");
  EXPECT_EQ(HtmlDoc(get("/clusters", &as("board")).body).all("//tr[@data-cluster]").size(), 6u);
}

}  // namespace
}  // namespace bc::test
