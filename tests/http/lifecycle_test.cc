// `bettercare serve` as a process: it stops cleanly on SIGTERM (exit code 0,
// "bettercare: stopped"), its access log is one JSON line per request with
// neither query strings nor NHS numbers, and it refuses to start on a
// missing store or a port in use.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

// Signs in through the API of the server on `port`; the session cookie and
// the session's CSRF token.
Session sign_in(int port, const std::string& user) {
  Reply pre = http_request(port, "GET", "/api/v1/csrf");
  std::string token = pre.json().value("csrf", "");
  Reply r = http_request(
      port, "POST", "/api/v1/session", {{"bc_csrf", token}}, {{"X-CSRF-Token", token}},
      nlohmann::json({{"name", user}, {"password", password_of(user)}}).dump(), "application/json");
  EXPECT_EQ(r.status, 200) << r.describe();
  return {user, r.cookie("bc_session").value_or(""), r.json().value("csrf", "")};
}

class ServerLifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    fs::path store = cached_store(&err);
    ASSERT_TRUE(err.empty()) << err;
    copy_store(store, dir_ / "store.db");
  }
  TempDir dir_;
};

TEST_F(ServerLifecycle, StopsOnSigtermWithExitCodeZeroAndLogsNoQueryStringsOrNhsNumbers) {
  ServerProcess server;
  ASSERT_EQ(server.start(dir_ / "store.db", dir_ / "access.log"), "");
  const int port = server.port();
  EXPECT_GT(port, 0);
  Session clin = sign_in(port, "clin");
  const std::string nhs =
      nhs_number_text(query_int(dir_ / "store.db",
                                "SELECT p.nhs_number FROM persons p JOIN practices r USING "
                                "(practice_code) WHERE r.cluster_code = 'C1' ORDER BY 1 LIMIT 1"));
  ASSERT_EQ(nhs.size(), 10u);
  const std::vector<std::pair<std::string, std::string>> cookie = {{"bc_session", clin.cookie}};
  EXPECT_EQ(http_request(port, "GET", "/api/v1/persons/" + nhs, cookie).status, 200);
  EXPECT_EQ(http_request(port, "GET", "/person?nhs=" + nhs, cookie).status, 200);
  EXPECT_EQ(
      http_request(port, "GET", "/api/v1/metrics?period=2017/18:Q1&secret=xyzzy", cookie).status,
      200);
  EXPECT_EQ(http_request(port, "GET", "/api/v1/persons/9990500029", cookie).status, 403);
  EXPECT_EQ(http_request(port, "GET", "/nope?nhs=" + nhs).status, 404);

  EXPECT_EQ(server.stop(), 0) << server.output();
  EXPECT_NE(server.output().find("bettercare: stopped"), std::string::npos) << server.output();
  // Stopped: nothing answers on the port any more.
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(2, 0);
  EXPECT_FALSE(c.Get("/healthz"));

  const std::string log = read_file(server.access_log());
  EXPECT_EQ(log.find(nhs), std::string::npos) << log;
  EXPECT_EQ(log.find("9990500029"), std::string::npos) << log;
  EXPECT_EQ(log.find("xyzzy"), std::string::npos) << log;
  EXPECT_FALSE(has_ten_digits(log)) << log;
  std::istringstream lines(log);
  int requests = 0, persons = 0;
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "not a JSON line: " << line;
    if (!j.contains("status")) continue;  // an error line
    ++requests;
    for (const char* k : {"at", "remote", "method", "path", "status", "bytes", "ms", "user"})
      EXPECT_TRUE(j.contains(k)) << k << " missing: " << line;
    EXPECT_EQ(j["path"].get<std::string>().find('?'), std::string::npos) << line;
    if (j["path"] == "/api/v1/persons/:id") {
      ++persons;
      EXPECT_EQ(j["user"], "clin");
    }
  }
  EXPECT_EQ(requests, 7) << log;  // csrf, session, 2 persons, person page, metrics, 404
  EXPECT_EQ(persons, 2) << log;
}

TEST_F(ServerLifecycle, RefusesAPortInUse) {
  ServerProcess first;
  ASSERT_EQ(first.start(dir_ / "store.db", dir_ / "first.log"), "");
  // serve's --port help: "cannot listen ... (is another server using the
  // port? choose --port)". A second server on the same port must not start
  // (if it did, the kernel would share the port's connections between the
  // two, which may serve different stores).
  ServerProcess second;
  std::string err = second.start(dir_ / "store.db", dir_ / "second.log", first.port());
  EXPECT_NE(err, "") << "a second server started on port " << first.port()
                     << " while the first listens there: " << second.first_line();
  if (err.empty()) {
    EXPECT_EQ(second.stop(), 0);
  } else {
    EXPECT_NE(read_file(dir_ / "second.log").find("cannot listen"), std::string::npos) << err;
  }
  EXPECT_EQ(http_request(first.port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(first.stop(), 0);
}

TEST_F(ServerLifecycle, RefusesAMissingStore) {
  RunResult r = run_in(dir_.path(), {"--db", "missing.db", "serve", "--port", "0"});
  EXPECT_NE(r.code, 0);
  EXPECT_FALSE(r.err.empty());
  if (on_postgresql()) {
    // missing.db stands for a new, empty database (harness.h): it stays so.
    EXPECT_EQ(query_int(dir_ / "missing.db",
                        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = "
                        "current_schema()"),
              0)
        << "serve made a store";
  } else {
    EXPECT_FALSE(fs::exists(dir_ / "missing.db")) << "serve made a store";
  }
}

// The area's name goes into every page: a name that is not one line of
// plain text, or is too long, is refused before the server starts.
TEST_F(ServerLifecycle, RefusesAnAreaNameThatIsNotPlainText) {
  for (const std::string& area : {std::string("Test\nCity"), std::string("Test\x1b[31mCity"),
                                  std::string("\xff\xfe"), std::string(201, 'a')}) {
    RunResult r = run_in(dir_.path(), {"--db", "store.db", "serve", "--port", "0", "--area", area});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("--area: give the area's name as plain text"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("serving"), std::string::npos) << r.out;
  }
}

// Issue 13: whichever route matched, or none did, the access log never
// holds an NHS number, written plainly or as 999 000 0077 / 999-000-0077.
TEST_F(ServerLifecycle, TheAccessLogNeverHoldsAnNhsNumberWhicheverRouteMatched) {
  ServerProcess server;
  ASSERT_EQ(server.start(dir_ / "store.db", dir_ / "access.log"), "");
  const int port = server.port();
  Session clin = sign_in(port, "clin");
  const std::vector<std::pair<std::string, std::string>> cookie = {{"bc_session", clin.cookie}};
  const std::vector<std::string> paths = {"/api/v1//persons/9990000077",
                                          "/API/v1/persons/9990000077",
                                          "/api/V1/persons/9990000077",
                                          "/api/v1/persons/9990000077/x",
                                          "/person/9990000077",
                                          "/x/999%20000%200077",
                                          "/x/999-000-0077",
                                          "/static/9990000077.css",
                                          "/9990000077"};
  for (const std::string& p : paths) {
    Reply r = http_request(port, "GET", p, cookie);
    EXPECT_GE(r.status, 200) << p;
  }
  EXPECT_EQ(server.stop(), 0) << server.output();
  const std::string log = read_file(server.access_log());
  for (const char* nhs : {"9990000077", "999 000 0077", "999-000-0077", "999%20000%200077"})
    EXPECT_EQ(log.find(nhs), std::string::npos) << nhs << " in\n" << log;
  EXPECT_FALSE(has_ten_digits(log)) << log;
  // Unmatched paths are still logged, with the number replaced.
  EXPECT_NE(log.find("\"/api/v1//persons/:n\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"/API/v1/persons/:n\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"/x/:n\""), std::string::npos) << log;
}

// Issue 13: a user name carrying terminal control characters fails like an
// unknown name (same status and message) and reaches the audit log only
// escaped, so `bettercare audit` cannot be made to show a forged line.
TEST_F(ServerLifecycle, ASignInWithControlCharactersFailsLikeAnyOtherAndIsAuditedEscaped) {
  ServerProcess server;
  ASSERT_EQ(server.start(dir_ / "store.db", dir_ / "access.log"), "");
  const int port = server.port();
  auto attempt = [port](const std::string& name) {
    Reply pre = http_request(port, "GET", "/api/v1/csrf");
    std::string token = pre.json().value("csrf", "");
    return http_request(port, "POST", "/api/v1/session", {{"bc_csrf", token}},
                        {{"X-CSRF-Token", token}},
                        nlohmann::json({{"name", name}, {"password", "not the password"}}).dump(),
                        "application/json");
  };
  const std::string forged = "clin\x1b[2K\rclin\xe2\x80\xae";
  Reply bad = attempt(forged);
  Reply unknown = attempt("nobody.here");
  EXPECT_EQ(bad.status, 401) << bad.describe();
  EXPECT_EQ(bad.status, unknown.status);
  EXPECT_EQ(bad.body, unknown.body);
  // A refused look with such a key is still recorded, escaped.
  Session board = sign_in(port, "board");
  Reply denied =
      http_request(port, "GET", "/api/v1/persons/%1b%5b2Kx", {{"bc_session", board.cookie}});
  EXPECT_EQ(denied.status, 403) << denied.describe();
  EXPECT_EQ(server.stop(), 0) << server.output();
  EXPECT_EQ(query_text(dir_ / "store.db",
                       "SELECT count(*) FROM audit_log WHERE actor = 'board' AND action = "
                       "'view_person_denied' AND subject = '\\u001b[2Kx'"),
            "1");
  EXPECT_EQ(query_text(dir_ / "store.db",
                       "SELECT count(*) FROM audit_log WHERE actor = "
                       "'clin\\u001b[2K\\u000dclin\\u202e' AND action = 'sign_in_failed'"),
            "1");
  EXPECT_EQ(query_text(dir_ / "store.db",
                       on_postgresql()
                           ? "SELECT count(*) FROM audit_log WHERE strpos(actor, chr(27)) > 0 OR "
                             "strpos(actor, chr(13)) > 0 OR strpos(actor, chr(8238)) > 0"
                           : "SELECT count(*) FROM audit_log WHERE instr(actor, char(27)) > 0 OR "
                             "instr(actor, char(13)) > 0 OR instr(actor, char(8238)) > 0"),
            "0");
}

}  // namespace
}  // namespace bc::test
