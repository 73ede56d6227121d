// Bad input over HTTP is a feature (docs/security.md, "Headers and
// errors"; docs/api.md, "Errors"): malformed periods, unknown metrics and
// breakdowns, over-long and invalid-UTF-8 parameters, "../" and SQL
// metacharacters in paths and parameters, broken and oversized bodies. Each
// gets the documented status with {"error": {"code", "message"}} on /api
// (a short HTML page elsewhere), nothing leaks (checked on every response
// by the fixture), and the server stays up.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

const std::string kSql = "%27%20OR%201%3D1%20--";  // ' OR 1=1 --
const std::string kSqlQuote = "%27%3B%20DROP%20TABLE%20users%3B%20--";
const std::string kBadUtf8 = "%ff%fe";

struct Case {
  std::string user;  // "" for no session
  std::string path;
  int status;
  std::string code;  // the JSON error code (API only)
};

class Malformed : public HttpTest {
 protected:
  static void check(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      Reply r = get(c.path, c.user.empty() ? nullptr : &as(c.user));
      const std::string what = c.user + " GET " + c.path.substr(0, 120);
      EXPECT_EQ(r.status, c.status) << what << ": " << r.describe();
      if (c.path.rfind("/api/", 0) == 0) {
        nlohmann::json j = r.json();
        EXPECT_FALSE(j.is_discarded()) << what << " is not JSON: " << r.body.substr(0, 300);
        EXPECT_EQ(r.header("Content-Type").rfind("application/json", 0), 0u) << what;
        if (!j.is_discarded()) {
          EXPECT_EQ(j["error"]["code"], c.code) << what;
          EXPECT_TRUE(j["error"]["message"].is_string()) << what;
          EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << what;
        }
      } else {
        EXPECT_EQ(r.header("Content-Type").rfind("text/html", 0), 0u) << what;
      }
      ASSERT_TRUE(healthy()) << "the server stopped answering after " << what;
    }
  }
};

TEST_F(Malformed, MetricsParameters) {
  const std::string m = "/api/v1/metrics?metric=nel_admissions&";
  check({
      {"analyst", "/api/v1/metrics?period=2017/18:M13", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=garbage", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=2017/18:Q5", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=2018-03-31..2017-04-01", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=99999/00", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=../../etc/passwd", 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=" + kSql, 400, "bad_request"},
      {"analyst", "/api/v1/metrics?period=" + kBadUtf8, 400, "bad_request"},
      {"analyst", "/api/v1/metrics?metric=nope", 404, "not_found"},
      {"analyst", "/api/v1/metrics?metric=" + kSql, 404, "not_found"},
      {"analyst", "/api/v1/metrics?metric=../../etc/passwd", 404, "not_found"},
      {"analyst", "/api/v1/metrics?metric=" + kBadUtf8, 400, "bad_request"},
      {"analyst", m + "by=nope", 400, "bad_request"},
      {"analyst", m + "by=" + kSqlQuote, 400, "bad_request"},
      {"analyst", m + "by=" + kBadUtf8, 400, "bad_request"},
      {"analyst", m + "by=cluster,age_band,sex,provider,month", 400, "bad_request"},
      {"analyst", m + "by=reason", 400, "bad_request"},  // not a breakdown of this metric
      {"analyst", m + "cluster=C9", 404, "not_found"},
      {"analyst", m + "cluster=" + kSql, 404, "not_found"},
      {"analyst", m + "cluster=..%2F..%2Fetc", 404, "not_found"},
      {"analyst", m + "cluster=" + kBadUtf8, 400, "bad_request"},
      {"analyst", "/api/v1/metrics?metric=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u", 400,
       "bad_request"},
      {"board", "/api/v1/metrics?period=garbage", 400, "bad_request"},
  });
}

TEST_F(Malformed, OverlongParameters) {
  const std::string kb1(1000, 'a');
  check({
      {"analyst", "/api/v1/metrics?period=" + kb1, 400, "bad_request"},
      {"analyst", "/api/v1/metrics?metric=" + kb1, 400, "bad_request"},
      {"admin", "/api/v1/audit?actor=" + kb1, 400, "bad_request"},
      {"analyst", "/metrics/nel_admissions?by=" + kb1, 400, ""},
  });
  // docs/api.md: an address over 8 KiB is refused before it is parsed, as
  // 414 uri_too_long; it cannot tell an API path from a page's, so JSON.
  const std::string kb10(10 * 1024, 'a');
  check({{"analyst", "/api/v1/metrics?period=" + kb10, 414, "uri_too_long"},
         {"", "/api/v1/persons/" + kb10, 414, "uri_too_long"}});
  // Over-long fields of a body are 400s.
  Reply pre = get("/api/v1/csrf");
  const std::string token = pre.json()["csrf"];
  Reply sign_in = request("POST", "/login", {{"bc_csrf", token}}, {},
                          form_encode({{"csrf", token}, {"name", kb1}, {"password", kb1}}),
                          "application/x-www-form-urlencoded");
  EXPECT_EQ(sign_in.status, 400) << sign_in.describe();
  EXPECT_FALSE(sign_in.cookie("bc_session").has_value());
  Reply note = post("/api/v1/schemes/CLU/reports/2017-18/Q4/steps", &as("board"),
                    nlohmann::json({{"step", "jcb_receive"}, {"note", kb10}}).dump());
  EXPECT_EQ(note.status, 400) << note.describe();
  EXPECT_TRUE(healthy());
}

TEST_F(Malformed, AnOverlongFormIsRefusedAsTooLargeAndSignsNobodyIn) {
  // docs/security.md: a body of any type is at most 1 MiB. A 1.2 MB
  // sign-in form is refused before any handler: 413, no session.
  const std::string kb600(600 * 1024, 'a');
  Reply pre = get("/api/v1/csrf");
  const std::string token = pre.json()["csrf"];
  Reply r = request("POST", "/login", {{"bc_csrf", token}}, {},
                    form_encode({{"csrf", token}, {"name", kb600}, {"password", kb600}}),
                    "application/x-www-form-urlencoded");
  EXPECT_EQ(r.status, 413) << r.describe();
  EXPECT_FALSE(r.cookie("bc_session").has_value());
  // A 20 kB form reaches the handler, which refuses the overlong name: 400.
  const std::string kb10(10 * 1024, 'a');
  Reply mid = request("POST", "/login", {{"bc_csrf", token}}, {},
                      form_encode({{"csrf", token}, {"name", kb10}, {"password", kb10}}),
                      "application/x-www-form-urlencoded");
  EXPECT_EQ(mid.status, 400) << mid.describe();
  EXPECT_FALSE(mid.cookie("bc_session").has_value());
  // Fields within the cap but over the limits of a name or password are a 400.
  const std::string long_name(100, 'a');
  Reply small = request("POST", "/login", {{"bc_csrf", token}}, {},
                        form_encode({{"csrf", token}, {"name", long_name}, {"password", "x"}}),
                        "application/x-www-form-urlencoded");
  EXPECT_EQ(small.status, 400) << small.describe();
  EXPECT_FALSE(small.cookie("bc_session").has_value());
  EXPECT_TRUE(healthy());
}

TEST_F(Malformed, OtherApiParameters) {
  check({
      {"admin", "/api/v1/finance?year=garbage", 400, "bad_request"},
      {"admin", "/api/v1/finance?year=" + kSql, 400, "bad_request"},
      {"admin", "/api/v1/finance?month=13", 400, "bad_request"},
      {"admin", "/api/v1/finance?month=0", 400, "bad_request"},
      {"admin", "/api/v1/finance?month=-1", 400, "bad_request"},
      {"admin", "/api/v1/finance?month=99999999999999999999", 400, "bad_request"},
      {"admin", "/api/v1/finance?month=" + kBadUtf8, 400, "bad_request"},
      {"admin", "/api/v1/finance?scheme=" + kBadUtf8, 400, "bad_request"},
      {"admin", "/api/v1/schemes/CAR/reports?quarter=garbage", 400, "bad_request"},
      {"admin", "/api/v1/schemes/CAR/reports?quarter=" + kSql, 400, "bad_request"},
      {"admin", "/api/v1/schemes/NOPE/reports", 404, "not_found"},
      {"admin", "/api/v1/schemes/CLU/reports/2017-18/Q4?version=abc", 400, "bad_request"},
      {"admin", "/api/v1/schemes/CLU/reports/2017-18/Q4?version=-1", 400, "bad_request"},
      {"admin", "/api/v1/schemes/CLU/reports/2017-18/Q4?version=99", 404, "not_found"},
      {"admin", "/api/v1/schemes/CLU/reports/2017-18/Q4?version=99999999999999", 400,
       "bad_request"},
      {"admin", "/api/v1/schemes/CLU/reports/2017-19/Q4", 400, "bad_request"},
      {"admin", "/api/v1/schemes/CLU/reports/2016-17/Q1", 404, "not_found"},
      {"admin", "/api/v1/schemes/NOPE/reports/2017-18/Q4", 404, "not_found"},
      {"admin", "/api/v1/audit?from=garbage", 400, "bad_request"},
      {"admin", "/api/v1/audit?to=2018-02-30", 400, "bad_request"},
      {"admin", "/api/v1/audit?limit=0", 400, "bad_request"},
      {"admin", "/api/v1/audit?limit=100000", 400, "bad_request"},
      {"admin", "/api/v1/audit?limit=abc", 400, "bad_request"},
      {"admin", "/api/v1/audit?before=-1", 400, "bad_request"},
      {"admin", "/api/v1/audit?actor=" + kBadUtf8, 400, "bad_request"},
  });
  // SQL metacharacters in a search are text, not SQL: nothing matches.
  Reply r = get("/api/v1/audit?actor=" + kSql + "&subject=" + kSqlQuote, &as("admin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.json(), nlohmann::json::array());
  Reply all = get("/api/v1/audit?limit=5", &as("admin"));
  EXPECT_EQ(all.json().size(), 5u);
  EXPECT_EQ(get("/api/v1/users", &as("admin")).json().size(), accounts().size());
}

TEST_F(Malformed, PathsWithDotDotSqlAndBadUtf8) {
  check({
      {"analyst", "/api/v1/../../etc/passwd", 404, "not_found"},
      {"analyst", "/api/v1/nope", 404, "not_found"},
      {"analyst", "/api/v2/metrics", 404, "not_found"},
      {"analyst", "/api/v1/metrics/../users", 404, "not_found"},
      {"analyst", "/api/v1/schemes/..%2F..%2Fetc/reports", 404, "not_found"},
      {"analyst", "/api/v1/schemes/" + kSql + "/reports", 404, "not_found"},
      {"analyst", "/api/v1/schemes/CLU/reports/2017-18/Q5", 404, "not_found"},
      {"analyst", "/api/v1/schemes/CLU/reports/2017-18/Q4/../../../../users", 404, "not_found"},
      {"analyst", "/api/v1/persons/..%2F..%2Fetc%2Fpasswd", 404, "not_found"},
      {"analyst", "/api/v1/persons/" + kBadUtf8, 400, "bad_request"},
      {"analyst", "/api/v1/persons/" + kSql, 400, "bad_request"},
      {"clin", "/api/v1/persons/" + kBadUtf8, 400, "bad_request"},
      {"clin", "/api/v1/persons/" + kSql, 400, "bad_request"},
      {"", "/api/v1/nope", 404, "not_found"},
      {"analyst", "/nope", 404, ""},
      {"analyst", "/static/../../../etc/passwd", 404, ""},
      {"analyst", "/static/app.css/../../../../etc/passwd", 404, ""},
      {"analyst", "/metrics/nope", 404, ""},
      {"analyst", "/metrics/" + kSql, 404, ""},
      {"analyst", "/clusters/C9", 404, ""},
      {"analyst", "/clusters/..%2F..%2Fetc", 404, ""},
      {"analyst", "/finance/schemes/NOPE", 404, ""},
      {"analyst", "/schemes/NOPE/2017-18/Q4", 404, ""},
      {"analyst", "/schemes/CLU/2017-19/Q4", 400, ""},
  });
}

TEST_F(Malformed, PageParameters) {
  check({
      {"analyst", "/?period=garbage", 400, ""},
      {"analyst", "/?period=" + kBadUtf8, 400, ""},
      {"analyst", "/metrics/nel_admissions?period=2017/18:M13", 400, ""},
      {"analyst", "/metrics/nel_admissions?by=nope", 400, ""},
      {"analyst", "/metrics/nel_admissions?by=" + kSqlQuote, 400, ""},
      {"analyst", "/metrics/nel_admissions?cluster=C9", 404, ""},
      {"analyst", "/metrics/nel_admissions.csv?period=garbage", 400, ""},
      {"analyst", "/metrics/delayed_days?cluster=C1", 400, ""},
      {"analyst", "/clusters/C1?period=" + kSql, 400, ""},
      {"analyst", "/finance?year=garbage", 400, ""},
      {"analyst", "/schemes/open?scheme=..%2F..%2Fx&quarter=2017/18:Q4", 400, ""},
      {"analyst", "/schemes/open?scheme=CLU&quarter=" + kSql, 400, ""},
      {"analyst", "/schemes/CLU/2017-18/Q4?version=abc", 400, ""},
      {"analyst", "/person?pseudonym=" + kBadUtf8, 400, ""},
      {"clin", "/person?nhs=" + kSql, 400, ""},
      {"admin", "/admin?from=garbage", 400, ""},
  });
}

TEST_F(Malformed, ABodyOverOneMebibyteIsRefusedWith413) {
  const std::string two_mb(2 * 1024 * 1024, 'x');
  const Reply before = get("/api/v1/schemes/CAR/reports", &as("lead"));
  Reply r = post("/api/v1/schemes/CAR/reports/2017-18/Q1", &as("lead"), two_mb, "application/toml");
  EXPECT_EQ(r.status, 413) << r.describe();
  EXPECT_EQ(r.json()["error"]["code"], "payload_too_large") << r.body.substr(0, 300);
  Reply anon = post("/api/v1/session", nullptr, two_mb);
  EXPECT_EQ(anon.status, 413) << anon.describe();
  Reply form = post_form("/login", nullptr, {{"name", two_mb}});
  EXPECT_EQ(form.status, 413) << form.describe();
  EXPECT_EQ(get("/api/v1/schemes/CAR/reports", &as("lead")).json(), before.json());
  EXPECT_TRUE(healthy());
}

TEST_F(Malformed, BrokenJsonBodies) {
  const std::string steps = "/api/v1/schemes/CLU/reports/2017-18/Q4/steps";
  const std::vector<std::string> bodies = {
      "",
      "not json",
      "[]",
      "{}",
      R"({"step": 5})",
      R"({"step": "bogus"})",
      R"({"step": "jcb_receive", "date": "2018-02-30"})",
      R"({"step": "jcb_receive", "date": 20180501})",
      R"({"step": "jcb_receive", "note": ["x"]})",
      "{\"step\": \"jcb_receive\", \"note\": \"\xff\xfe\"}",
      R"({"step": "jcb_receive", "note": ")" + std::string(3000, 'n') + "\"}",
      std::string(100000, '['),
  };
  for (const std::string& b : bodies) {
    Reply r = post(steps, &as("board"), b);
    EXPECT_EQ(r.status, 400) << b.substr(0, 80) << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "bad_request") << b.substr(0, 80);
    ASSERT_TRUE(healthy()) << b.substr(0, 80);
  }
  for (const std::string& b :
       {std::string(""), std::string("not json"), std::string(R"({"name": 1, "password": 2})"),
        std::string(R"({"name": "admin"})"),
        R"({"name": ")" + std::string(10 * 1024, 'a') + R"(", "password": "x"})"}) {
    // Signing in needs the pre-session token; with it, a broken body is a 400.
    Reply pre = get("/api/v1/csrf");
    std::string token = pre.json()["csrf"];
    Reply r = request("POST", "/api/v1/session", {{"bc_csrf", token}}, {{"X-CSRF-Token", token}}, b,
                      "application/json");
    EXPECT_EQ(r.status, 400) << b.substr(0, 80) << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "bad_request");
  }
  EXPECT_EQ(get("/api/v1/schemes/CLU/reports/2017-18/Q4", &as("admin")).json()["state"], "draft");
}

TEST_F(Malformed, AMalformedReportFileIsAConflictAndChangesNothing) {
  const std::string path = "/api/v1/schemes/CAR/reports/2017-18/Q1";
  for (const std::string& body :
       {std::string("this is not toml = = ="), std::string("unknown_key = 1\n"),
        std::string("scheme = \"CLU\"\n"),  // names another scheme
        std::string("quarter = \"2017/18:Q2\"\n"), std::string("\xff\xfe")}) {
    Reply r = post(path, &as("lead"), body, "application/toml");
    EXPECT_TRUE(r.status == 409 || r.status == 400) << body << ": " << r.describe();
    EXPECT_TRUE(r.json()["error"]["message"].is_string());
  }
  Reply list = get("/api/v1/schemes/CAR/reports?quarter=2017/18:Q1", &as("lead"));
  EXPECT_EQ(list.json(), nlohmann::json::array()) << "a refused file left a report behind";
}

TEST_F(Malformed, EveryKindOfResponseCarriesTheSecurityHeaders) {
  // The fixture checks the headers of every reply; these are one of each
  // kind, with the exact values of docs/security.md.
  const std::vector<std::pair<std::string, const Session*>> asks = {
      {"/healthz", nullptr},
      {"/login", nullptr},
      {"/static/app.css", nullptr},
      {"/api/v1/openapi.json", nullptr},
      {"/api/v1/metrics", nullptr},
      {"/nope", nullptr},
      {"/", &as("board")},
      {"/api/v1/metrics/definitions", &as("board")},
      {"/api/v1/users", &as("board")},
      {"/metrics/nel_admissions.csv", &as("board")},
  };
  for (const auto& [path, s] : asks) {
    Reply r = get(path, s);
    EXPECT_EQ(r.header("Content-Security-Policy"),
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'")
        << path;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r.header("Cross-Origin-Opener-Policy"), "same-origin") << path;
    EXPECT_FALSE(r.has_header("Server")) << path;
    if (path.rfind("/static/", 0) != 0) {
      EXPECT_EQ(r.header("Cache-Control"), "no-store") << path;
    }
  }
}

TEST_F(Malformed, PagesHaveNoInlineScript) {
  for (const std::string path : {"/", "/metrics/nel_admissions", "/clusters/C1", "/finance",
                                 "/schemes", "/schemes/CLU/2017-18/Q4", "/data", "/admin"}) {
    Reply r = get(path, &as("admin"));
    ASSERT_EQ(r.status, 200) << path;
    HtmlDoc doc(r.body);
    ASSERT_TRUE(doc.ok());
    auto scripts = doc.all("//script");
    EXPECT_FALSE(scripts.empty()) << path << " loads no /static/app.js";
    for (xmlNodePtr s : scripts) {
      EXPECT_EQ(HtmlDoc::attr(s, "src").rfind("/static/", 0), 0u) << path;
      EXPECT_EQ(HtmlDoc::text(s), "") << path << ": inline script";
    }
    for (xmlNodePtr n : doc.all("//*[@*[starts-with(name(), 'on')]]"))
      ADD_FAILURE() << path << ": an event-handler attribute on <" << n->name << ">";
    EXPECT_TRUE(doc.all("//a[starts-with(@href, 'javascript:')]").empty()) << path;
  }
}

}  // namespace
}  // namespace bc::test

namespace bc::test {
namespace {

// The checks every reply goes through can fail.
TEST(ResponseChecks, FindLeaksAndMissingHeaders) {
  EXPECT_TRUE(leaks_in("{\"error\": {\"code\": \"bad_request\"}}").empty());
  EXPECT_TRUE(leaks_in("<select name=\"by\"><option>Month</option></select>").empty());
  for (const std::string body :
       {"at /work/main/src/web/api.cc:12", "open /tmp/x.db failed", "SQLITE_BUSY",
        "near \"SELECT\": syntax error", "std::out_of_range", "terminate called after an exception",
        "DELETE FROM users"}) {
    EXPECT_FALSE(leaks_in(body).empty()) << body;
  }
  Reply good;
  good.headers = {
      {"Content-Security-Policy", "default-src 'self'; script-src 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"}};
  EXPECT_TRUE(header_problems(good).empty());
  Reply inline_script = good;
  inline_script.headers.erase("Content-Security-Policy");
  inline_script.headers.emplace("Content-Security-Policy",
                                "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  EXPECT_FALSE(header_problems(inline_script).empty());
  Reply server = good;
  server.headers.emplace("Server", "cpp-httplib/0.11.4");
  EXPECT_FALSE(header_problems(server).empty());
  Reply framed = good;
  framed.headers.erase("Content-Security-Policy");
  framed.headers.emplace("Content-Security-Policy", "default-src 'self'");
  EXPECT_FALSE(header_problems(framed).empty());
  EXPECT_FALSE(header_problems(Reply{}).empty());
}

}  // namespace
}  // namespace bc::test
