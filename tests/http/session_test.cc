// Signing in and out, sessions and CSRF over HTTP (docs/security.md,
// "Accounts"): the session cookie and what the store keeps of it, sign-out,
// `bettercare user revoke` and the admin page ending live sessions, a
// disabled user, a new password or role ending sessions, the idle timeout,
// the lock after five failed sign-ins, POSTs without the session's CSRF
// token (or with it only in the query string) refused with nothing
// changed, and refusals audited.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

class Sessions : public HttpTest {
 protected:
  static int audit_count(const std::string& actor, const std::string& action) {
    Reply r =
        get("/api/v1/audit?actor=" + actor + "&action=" + action + "&limit=1000", &as("admin"));
    EXPECT_EQ(r.status, 200) << r.describe();
    return static_cast<int>(r.json().size());
  }
};

TEST_F(Sessions, SignInThroughTheApiSetsAStrictHttpOnlyCookieAndTheStoreKeepsOnlyItsHash) {
  Reply pre = get("/api/v1/csrf");
  ASSERT_EQ(pre.status, 200);
  Session s;
  Reply r = sign_in_api("leaver", password_of("leaver"), &s);
  ASSERT_EQ(r.status, 200) << r.describe();
  nlohmann::json j = r.json();
  EXPECT_EQ(j["user"], "leaver");
  EXPECT_EQ(j["role"], "board");
  EXPECT_EQ(j["csrf"].get<std::string>().size(), 64u);
  EXPECT_TRUE(j["expires_at"].is_string());
  std::string set_cookie;
  for (const auto& c : r.all("Set-Cookie"))
    if (c.rfind("bc_session=", 0) == 0) set_cookie = c;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "not served with --secure-cookies";
  ASSERT_EQ(s.cookie.size(), 64u) << "a 256-bit token in hex";
  EXPECT_EQ(r.body.find(s.cookie), std::string::npos) << "the token is only in the cookie";
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM sessions WHERE token_hash = '" + s.cookie + "'"),
            0);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM sessions WHERE token_hash = '" +
                                token_hash(s.cookie) + "'"),
            1);
  EXPECT_EQ(get("/api/v1/session", &s).json()["user"], "leaver");
  EXPECT_GE(audit_count("leaver", "sign_in"), 1);
}

TEST_F(Sessions, SignInThroughThePageRedirectsToTheWayBack) {
  Session s;
  Reply r = sign_in_page("leaver", password_of("leaver"), &s, "/clusters/C1");
  ASSERT_EQ(r.status, 303) << r.describe();
  EXPECT_EQ(r.header("Location"), "/clusters/C1");
  EXPECT_EQ(get("/clusters/C1", &s).status, 200);
  // Only a path of this site is a way back.
  for (const std::string next : {"//evil.example/", "https://evil.example/", "/\\evil.example",
                                 "/\r\nSet-Cookie: bc_session=x", "/\"><script>x</script>"}) {
    Reply other = sign_in_page("leaver", password_of("leaver"), nullptr, next);
    ASSERT_EQ(other.status, 303) << next;
    EXPECT_EQ(other.header("Location"), "/") << next;
  }
  // The sign-in page does not reflect a hostile way back into its form.
  HtmlDoc page(get("/login?next=" + url_encode("/\"><script>alert(1)</script>")).body);
  EXPECT_TRUE(page.all("//script[not(@src)]").empty());
  EXPECT_EQ(HtmlDoc::attr(page.one("//input[@name='next']"), "value"), "/");
  // A wrong password shows the form again, 401, with no session.
  Reply wrong = sign_in_page("leaver", "not-the-password", nullptr);
  EXPECT_EQ(wrong.status, 401) << wrong.describe();
  EXPECT_FALSE(wrong.cookie("bc_session").has_value());
  EXPECT_NE(HtmlDoc(wrong.body).one("//*[@role='alert']"), nullptr);
  // Unlock: the failed attempt above must not count towards another test's lock.
  ASSERT_EQ(cli({"user", "unlock", "leaver"}).code, 0);
}

TEST_F(Sessions, WrongPasswordsAndUnknownUsersGet401AsJson) {
  for (const auto& [name, pw] : std::vector<std::pair<std::string, std::string>>{
           {"board", "wrong-password-x"}, {"nobody-here", "whatever-1234"}, {"board", ""}}) {
    Reply r = sign_in_api(name, pw);
    EXPECT_EQ(r.status, 401) << name << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "unauthenticated");
    EXPECT_FALSE(r.cookie("bc_session").has_value());
  }
  // Both kinds of failure read the same.
  EXPECT_EQ(sign_in_api("board", "wrong-password-x").json(),
            sign_in_api("nobody-here", "wrong-password-x").json());
  ASSERT_EQ(cli({"user", "unlock", "board"}).code, 0);
  EXPECT_GE(audit_count("nobody-here", "sign_in_failed"), 1);
}

TEST_F(Sessions, SignOutRevokesTheSession) {
  Session s;
  ASSERT_EQ(sign_in_api("leaver", password_of("leaver"), &s).status, 200);
  ASSERT_EQ(get("/api/v1/session", &s).status, 200);
  Reply out = post("/api/v1/session/logout", &s, "");
  ASSERT_EQ(out.status, 200) << out.describe();
  EXPECT_EQ(out.cookie("bc_session").value_or("unset"), "");
  // The old cookie is worth nothing now, on the API and on the pages.
  Reply after = get("/api/v1/session", &s);
  EXPECT_EQ(after.status, 401) << after.describe();
  EXPECT_EQ(after.json()["error"]["code"], "unauthenticated");
  EXPECT_EQ(get("/", &s).status, 303);
  EXPECT_EQ(post("/api/v1/session/logout", &s, "").status, 401);
  EXPECT_EQ(query_int(db(), "SELECT revoked FROM sessions WHERE token_hash = '" +
                                token_hash(s.cookie) + "'"),
            1);
  EXPECT_GE(audit_count("leaver", "sign_out"), 1);

  // The page's sign-out form does the same.
  Session p;
  ASSERT_EQ(sign_in_page("leaver", password_of("leaver"), &p).status, 303);
  ASSERT_EQ(get("/", &p).status, 200);
  Reply page_out = post_form("/logout", &p, {{"csrf", p.csrf}});
  EXPECT_EQ(page_out.status, 303) << page_out.describe();
  EXPECT_EQ(page_out.header("Location"), "/login");
  EXPECT_EQ(get("/", &p).status, 303);
  EXPECT_EQ(get("/api/v1/session", &p).status, 401);
}

TEST_F(Sessions, AnExpiredSessionIsRefused) {
  Session s;
  ASSERT_EQ(sign_in_api("leaver", password_of("leaver"), &s).status, 200);
  ASSERT_EQ(get("/api/v1/session", &s).status, 200);
  // Eight hours pass for this session only.
  ASSERT_EQ(exec_sql(db(),
                     "UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' "
                     "WHERE token_hash = '" +
                         token_hash(s.cookie) + "'"),
            "");
  Reply r = get("/api/v1/session", &s);
  EXPECT_EQ(r.status, 401) << r.describe();
  EXPECT_EQ(get("/", &s).status, 303);
  EXPECT_EQ(get("/api/v1/session", &as("board")).status, 200);
}

TEST_F(Sessions, UserRevokeAtTheTerminalEndsALiveSession) {
  Session a, b;
  ASSERT_EQ(sign_in_api("revokee", password_of("revokee"), &a).status, 200);
  ASSERT_EQ(sign_in_page("revokee", password_of("revokee"), &b).status, 303);
  ASSERT_EQ(get("/api/v1/session", &a).status, 200);
  ASSERT_EQ(get("/", &b).status, 200);
  RunResult r = cli({"user", "revoke", "revokee"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2 session(s) ended"), std::string::npos) << r.out;
  EXPECT_EQ(get("/api/v1/session", &a).status, 401);
  EXPECT_EQ(get("/", &b).status, 303);
  // Other users' sessions live on.
  EXPECT_EQ(get("/api/v1/session", &as("board")).status, 200);
  // Signing in again works.
  Session c;
  EXPECT_EQ(sign_in_api("revokee", password_of("revokee"), &c).status, 200);
  EXPECT_EQ(get("/api/v1/session", &c).status, 200);
}

TEST_F(Sessions, TheAdminPageRevokesAUsersSessions) {
  Session victim;
  ASSERT_EQ(sign_in_api("admin_revokee", password_of("admin_revokee"), &victim).status, 200);
  ASSERT_EQ(get("/api/v1/session", &victim).status, 200);
  Reply r =
      post_form("/admin/users/admin_revokee/revoke", &as("admin"), {{"csrf", as("admin").csrf}});
  EXPECT_EQ(r.status, 303) << r.describe();
  EXPECT_EQ(r.header("Location").rfind("/admin", 0), 0u);
  EXPECT_EQ(get("/api/v1/session", &victim).status, 401);
  EXPECT_GE(audit_count("admin", "revoke_sessions"), 1);
  EXPECT_EQ(post_form("/admin/users/nobody-here/revoke", &as("admin"), {{"csrf", as("admin").csrf}})
                .status,
            404);
}

TEST_F(Sessions, ADisabledUserCannotSignInAndTheirSessionsEnd) {
  Session s;
  ASSERT_EQ(sign_in_api("disablee", password_of("disablee"), &s).status, 200);
  RunResult d = cli({"user", "disable", "disablee"});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_EQ(get("/api/v1/session", &s).status, 401);
  Reply r = sign_in_api("disablee", password_of("disablee"));
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(r.json()["error"]["code"], "forbidden");
  EXPECT_FALSE(r.cookie("bc_session").has_value());
  EXPECT_EQ(sign_in_page("disablee", password_of("disablee")).status, 403);
  RunResult e = cli({"user", "enable", "disablee"});
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(sign_in_api("disablee", password_of("disablee")).status, 200);
}

TEST_F(Sessions, FiveWrongPasswordsLockTheAccountUntilUnlocked) {
  for (int i = 1; i <= 4; ++i) {
    Reply r = sign_in_api("lockee", "wrong-password-" + std::to_string(i));
    EXPECT_EQ(r.status, 401) << "attempt " << i << ": " << r.describe();
  }
  Reply fifth = sign_in_api("lockee", "wrong-password-5");
  EXPECT_EQ(fifth.status, 429) << fifth.describe();
  EXPECT_EQ(fifth.json()["error"]["code"], "too_many_requests");
  // The right password is refused while locked.
  Reply right = sign_in_api("lockee", password_of("lockee"));
  EXPECT_EQ(right.status, 429) << right.describe();
  EXPECT_FALSE(right.cookie("bc_session").has_value());
  nlohmann::json users = get("/api/v1/users", &as("admin")).json();
  for (const auto& u : users) {
    if (u["name"] == "lockee") {
      EXPECT_TRUE(u["locked_until"].is_string()) << u.dump();
      EXPECT_GE(u["failed_logins"].get<int>(), 5);
    }
  }
  EXPECT_GE(audit_count("lockee", "sign_in_failed"), 6);
  RunResult un = cli({"user", "unlock", "lockee"});
  ASSERT_EQ(un.code, 0) << un.err;
  Session s;
  EXPECT_EQ(sign_in_api("lockee", password_of("lockee"), &s).status, 200);
  EXPECT_EQ(get("/api/v1/session", &s).status, 200);
}

TEST_F(Sessions, TheSignInPageLocksToo) {
  for (int i = 1; i <= 5; ++i) sign_in_page("page_lockee", "wrong-password-" + std::to_string(i));
  Reply r = sign_in_page("page_lockee", password_of("page_lockee"));
  EXPECT_EQ(r.status, 429) << r.describe();
  EXPECT_FALSE(r.cookie("bc_session").has_value());
  // The admin page unlocks.
  Reply un =
      post_form("/admin/users/page_lockee/unlock", &as("admin"), {{"csrf", as("admin").csrf}});
  EXPECT_EQ(un.status, 303) << un.describe();
  EXPECT_EQ(sign_in_page("page_lockee", password_of("page_lockee")).status, 303);
}

TEST_F(Sessions, SignInWithoutTheRightPreSessionTokenIsRefused) {
  nlohmann::json body = {{"name", "board"}, {"password", password_of("board")}};
  Reply pre = get("/api/v1/csrf");
  const std::string token = pre.json()["csrf"];
  // No token at all; a token without its cookie; a cookie without the token;
  // a token of another cookie.
  Reply none = request("POST", "/api/v1/session", {}, {}, body.dump(), "application/json");
  Reply no_cookie = request("POST", "/api/v1/session", {}, {{"X-CSRF-Token", token}}, body.dump(),
                            "application/json");
  Reply no_header =
      request("POST", "/api/v1/session", {{"bc_csrf", token}}, {}, body.dump(), "application/json");
  Reply other = request("POST", "/api/v1/session", {{"bc_csrf", token}},
                        {{"X-CSRF-Token", get("/api/v1/csrf").json()["csrf"]}}, body.dump(),
                        "application/json");
  for (const Reply* r : {&none, &no_cookie, &no_header, &other}) {
    EXPECT_EQ(r->status, 403) << r->describe();
    EXPECT_EQ(r->json()["error"]["code"], "forbidden");
    EXPECT_FALSE(r->cookie("bc_session").has_value());
  }
  // The sign-in form without its csrf field.
  Reply form = request("POST", "/login", {{"bc_csrf", token}}, {},
                       form_encode({{"name", "board"}, {"password", password_of("board")}}),
                       "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 403) << form.describe();
  EXPECT_FALSE(form.cookie("bc_session").has_value());
}

TEST_F(Sessions, APostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing) {
  const std::string report = "/api/v1/schemes/CAR/reports/2017-18/Q3";
  std::string toml =
      read_file(fs::path(BC_SOURCE_DIR) / "docs/examples/scheme-report-carers-2017-18-q4.toml");
  toml.replace(toml.find("quarter = \"2017/18:Q4\""), 22, "quarter = \"2017/18:Q3\"");
  const Session* lead = &as("lead");
  Reply set = post(report, lead, toml, "application/toml");
  ASSERT_EQ(set.status, 200) << set.describe();
  const nlohmann::json before = get(report, lead).json();
  ASSERT_EQ(before["state"], "draft");

  const std::string submit = R"({"step": "submit", "date": "2018-05-23"})";
  const std::string wrong(64, '0');
  const std::vector<std::pair<std::string, std::optional<std::string>>> tokens = {
      {"no token", std::nullopt},
      {"an empty token", std::string()},
      {"a wrong token", wrong},
      {"another user's token", as("board").csrf},
      {"the pre-session token", get("/api/v1/csrf").json()["csrf"].get<std::string>()},
  };
  for (const auto& [what, token] : tokens) {
    Reply r = post(report + "/steps", lead, submit, "application/json", token);
    EXPECT_EQ(r.status, 403) << what << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "forbidden") << what;
    std::string changed = toml;
    changed.replace(changed.find("Kirsten Killander"), 17, "K. Killander");
    Reply edit = post(report, lead, changed, "application/toml", token);
    EXPECT_EQ(edit.status, 403) << what << ": " << edit.describe();
  }
  // The page forms: the submit form without its csrf field, and with a wrong one.
  EXPECT_EQ(post_form("/schemes/CAR/2017-18/Q3/submit", lead, {{"date", "2018-05-23"}}).status,
            403);
  EXPECT_EQ(
      post_form("/schemes/CAR/2017-18/Q3/submit", lead, {{"csrf", wrong}, {"date", "2018-05-23"}})
          .status,
      403);
  // Signing out needs the token too.
  EXPECT_EQ(post("/api/v1/session/logout", lead, "", "application/json", kNoCsrf).status, 403);
  EXPECT_EQ(get("/api/v1/session", lead).status, 200);

  const nlohmann::json after = get(report, lead).json();
  EXPECT_EQ(after, before);
  EXPECT_EQ(after["state"], "draft");
  EXPECT_TRUE(after["steps"].empty());
  EXPECT_EQ(after["history"].size(), 1u);
  // With the token it goes through: the refusals above were about the token.
  Reply ok = post(report + "/steps", lead, submit);
  EXPECT_EQ(ok.status, 200) << ok.describe();
  EXPECT_EQ(ok.json()["state"], "submitted");
}

TEST_F(Sessions, ANewPasswordAtTheTerminalEndsTheUsersSessions) {
  Session api, page;
  ASSERT_EQ(sign_in_api("changer", password_of("changer"), &api).status, 200);
  ASSERT_EQ(sign_in_page("changer", password_of("changer"), &page).status, 303);
  ASSERT_EQ(get("/api/v1/session", &api).status, 200);
  ASSERT_EQ(get("/", &page).status, 200);
  const std::string fresh = "a fresh passphrase for changer";
  RunResult r = cli({"user", "passwd", "changer", "--password-stdin"}, fresh + "\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(get("/api/v1/session", &api).status, 401);
  EXPECT_EQ(get("/", &page).status, 303);
  EXPECT_EQ(get("/", &page).header("Location").rfind("/login", 0), 0u);
  EXPECT_EQ(sign_in_api("changer", password_of("changer")).status, 401);
  Session again;
  EXPECT_EQ(sign_in_api("changer", fresh, &again).status, 200);
  EXPECT_EQ(get("/api/v1/session", &again).status, 200);
  // Others' sessions live on.
  EXPECT_EQ(get("/api/v1/session", &as("board")).status, 200);
}

TEST_F(Sessions, ARoleChangeEndsTheUsersSessionsHoweverItIsMade) {
  Session s;
  ASSERT_EQ(sign_in_api("role_changee", password_of("role_changee"), &s).status, 200);
  ASSERT_EQ(get("/api/v1/session", &s).json()["role"], "board");
  // Even a change made with sqlite3 directly: the store's trigger ends them.
  ASSERT_EQ(exec_sql(db(), "UPDATE users SET role = 'finance' WHERE name = 'role_changee'"), "");
  EXPECT_EQ(get("/api/v1/session", &s).status, 401);
  Session again;
  ASSERT_EQ(sign_in_api("role_changee", password_of("role_changee"), &again).status, 200);
  EXPECT_EQ(get("/api/v1/session", &again).json()["role"], "finance");
  ASSERT_EQ(exec_sql(db(), "UPDATE users SET role = 'board' WHERE name = 'role_changee'"), "");
  EXPECT_EQ(get("/api/v1/session", &again).status, 401);
}

TEST_F(Sessions, ASessionUnusedForTheIdleTimeoutEnds) {
  Session s, t;
  ASSERT_EQ(sign_in_api("idler", password_of("idler"), &s).status, 200);
  ASSERT_EQ(sign_in_api("idler", password_of("idler"), &t).status, 200);
  auto set_last_seen = [&](const Session& x, int seconds_ago) {
    return exec_sql(db(), "UPDATE sessions SET last_seen_at = '" +
                              utc_seconds_from_now(-seconds_ago) + "' WHERE token_hash = '" +
                              token_hash(x.cookie) + "'");
  };
  auto last_seen = [&](const Session& x) {
    return query_text(db(), "SELECT last_seen_at FROM sessions WHERE token_hash = '" +
                                token_hash(x.cookie) + "'");
  };
  // 29 minutes idle: still alive (the default timeout is 30), and the use
  // is noted.
  ASSERT_EQ(set_last_seen(s, 29 * 60), "");
  const std::string before = last_seen(s);
  EXPECT_EQ(get("/api/v1/session", &s).status, 200);
  EXPECT_GT(last_seen(s), before);
  // Used again at once: not written again (at most once a minute).
  ASSERT_EQ(set_last_seen(s, 30), "");
  const std::string recent = last_seen(s);
  EXPECT_EQ(get("/api/v1/session", &s).status, 200);
  EXPECT_EQ(last_seen(s), recent);
  // 31 minutes idle: ended, on the API and the pages.
  ASSERT_EQ(set_last_seen(t, 31 * 60), "");
  EXPECT_EQ(get("/api/v1/session", &t).status, 401);
  EXPECT_EQ(get("/", &t).status, 303);
  EXPECT_EQ(get("/api/v1/session", &s).status, 200);
}

TEST_F(Sessions, TheCsrfTokenIsTakenFromTheBodyOrHeaderNeverTheQueryString) {
  Session s;
  ASSERT_EQ(sign_in_api("leaver", password_of("leaver"), &s).status, 200);
  // The sign-out form with the right token in the query string only.
  Reply query = request("POST", "/logout?csrf=" + s.csrf, {{"bc_session", s.cookie}}, {}, "",
                        "application/x-www-form-urlencoded");
  EXPECT_EQ(query.status, 403) << query.describe();
  Reply api_query = request("POST", "/api/v1/session/logout?csrf=" + s.csrf,
                            {{"bc_session", s.cookie}}, {}, "{}", "application/json");
  EXPECT_EQ(api_query.status, 403) << api_query.describe();
  EXPECT_EQ(get("/api/v1/session", &s).status, 200) << "nothing changed";
  // The sign-in form likewise.
  Reply pre = get("/api/v1/csrf");
  const std::string token = pre.json()["csrf"];
  Reply sign = request("POST", "/login?csrf=" + token, {{"bc_csrf", token}}, {},
                       form_encode({{"name", "leaver"}, {"password", password_of("leaver")}}),
                       "application/x-www-form-urlencoded");
  EXPECT_EQ(sign.status, 403) << sign.describe();
  EXPECT_FALSE(sign.cookie("bc_session").has_value());
  // In the form body it works.
  Reply body = post_form("/logout", &s, {{"csrf", s.csrf}});
  EXPECT_EQ(body.status, 303) << body.describe();
  EXPECT_EQ(get("/api/v1/session", &s).status, 401);
}

TEST_F(Sessions, NewPasswordsAreLongUncommonAndNotTheName) {
  struct Case {
    std::string password, why;
  };
  for (const Case& c : std::vector<Case>{{"aaaaaaaaaaa", "at least 12 characters"},
                                         {"aaaaaaaaaaaa", "common passwords"},
                                         {"Password1234", "common passwords"},
                                         {"QWERTYUIOPAS", "common passwords"},
                                         {"CHANGER", "at least 12"},
                                         {"pw-changer", "at least 12"}}) {
    RunResult r = cli({"user", "passwd", "changer", "--password-stdin"}, c.password + "\n");
    EXPECT_NE(r.code, 0) << c.password;
    EXPECT_NE((r.err + r.out).find(c.why), std::string::npos) << c.password << ": " << r.err;
  }
  RunResult named = cli({"user", "add", "longname_user", "--role", "board", "--password-stdin"},
                        "LongName_User\n");
  EXPECT_NE(named.code, 0);
  EXPECT_NE(named.err.find("user name"), std::string::npos) << named.err;
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM users WHERE name = 'longname_user'"), 0);
  // Twelve characters or more of no list are fine.
  RunResult fine =
      cli({"user", "add", "policy_ok", "--role", "board", "--password-stdin"}, "plum kettle 42\n");
  EXPECT_EQ(fine.code, 0) << fine.err;
  EXPECT_EQ(sign_in_api("policy_ok", "plum kettle 42").status, 200);
}

TEST_F(Sessions, RefusalsAreAuditedOncePerRequest) {
  const int before_401 = audit_count("-", "refuse_request");
  EXPECT_EQ(get("/api/v1/finance").status, 401);
  EXPECT_EQ(audit_count("-", "refuse_request"), before_401 + 1);
  // A role without the capability: 403, audited with the user and path.
  const Session* clin = &as("clin");
  const int before_403 = audit_count("clin", "refuse_request");
  EXPECT_EQ(get("/api/v1/finance", clin).status, 403);
  EXPECT_EQ(get("/admin", clin).status, 403);
  EXPECT_EQ(audit_count("clin", "refuse_request"), before_403 + 2);
  nlohmann::json last =
      get("/api/v1/audit?actor=clin&action=refuse_request&limit=2", &as("admin")).json();
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0]["subject"], "403 GET /admin");
  EXPECT_EQ(last[1]["subject"], "403 GET /api/v1/finance");
  EXPECT_EQ(last[0]["origin"], "127.0.0.1");
  // A POST without its CSRF token.
  const int before_csrf = audit_count("board", "refuse_request");
  EXPECT_EQ(post("/api/v1/session/logout", &as("board"), "", "application/json", kNoCsrf).status,
            403);
  EXPECT_EQ(audit_count("board", "refuse_request"), before_csrf + 1);
  // A refused look at a person is audited once, as view_person_denied.
  const int denied = audit_count("clin", "view_person_denied");
  EXPECT_EQ(get("/api/v1/persons/" + who().c2, clin).status, 403);
  EXPECT_EQ(audit_count("clin", "view_person_denied"), denied + 1);
  EXPECT_EQ(audit_count("clin", "refuse_request"), before_403 + 2);
  // X-Forwarded-For is not believed without --trusted-proxy.
  Reply spoofed = request("GET", "/api/v1/finance", {}, {{"X-Forwarded-For", "203.0.113.99"}});
  EXPECT_EQ(spoofed.status, 401);
  nlohmann::json anon =
      get("/api/v1/audit?actor=-&action=refuse_request&limit=1", &as("admin")).json();
  ASSERT_EQ(anon.size(), 1u);
  EXPECT_EQ(anon[0]["origin"], "127.0.0.1");
}

TEST_F(Sessions, DownloadsEditsStepsAndTheUnlinkedListThroughTheApiAreAudited) {
  const int json = audit_count("board", "export_json");
  Reply m = get("/api/v1/metrics?metric=nel_admissions&period=2017/18:Q1&by=cluster", &as("board"));
  ASSERT_EQ(m.status, 200) << m.describe();
  EXPECT_EQ(audit_count("board", "export_json"), json + 1);
  nlohmann::json e =
      get("/api/v1/audit?actor=board&action=export_json&limit=1", &as("admin")).json();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0]["subject"].get<std::string>().find("nel_admissions"), std::string::npos)
      << e.dump();

  const std::string report = "/api/v1/schemes/CAR/reports/2017-18/Q2";
  std::string toml =
      read_file(fs::path(BC_SOURCE_DIR) / "docs/examples/scheme-report-carers-2017-18-q4.toml");
  toml.replace(toml.find("quarter = \"2017/18:Q4\""), 22, "quarter = \"2017/18:Q2\"");
  const Session* lead = &as("lead");
  const int edits = audit_count("lead", "edit_scheme_report");
  ASSERT_EQ(post(report, lead, toml, "application/toml").status, 200);
  EXPECT_EQ(audit_count("lead", "edit_scheme_report"), edits + 1);
  // Unchanged: nothing changed, nothing audited.
  ASSERT_EQ(post(report, lead, toml, "application/toml").status, 200);
  EXPECT_EQ(audit_count("lead", "edit_scheme_report"), edits + 1);
  const int submits = audit_count("lead", "submit_scheme_report");
  ASSERT_EQ(post(report + "/steps", lead, R"({"step": "submit", "date": "2018-08-01"})").status,
            200);
  EXPECT_EQ(audit_count("lead", "submit_scheme_report"), submits + 1);
  const int steps = audit_count("board", "scheme_report_step");
  Reply step =
      post(report + "/steps", &as("board"), R"({"step": "jcb_receive", "date": "2018-08-02"})");
  ASSERT_EQ(step.status, 200) << step.describe();
  EXPECT_EQ(audit_count("board", "scheme_report_step"), steps + 1);
  const int reads = audit_count("finance", "export_scheme_report");
  ASSERT_EQ(get(report, &as("finance")).status, 200);
  EXPECT_EQ(audit_count("finance", "export_scheme_report"), reads + 1);

  const int unlinked = audit_count("analyst", "view_unlinked_pseudonymised");
  Reply dq = get("/api/v1/data-quality", &as("analyst"));
  ASSERT_EQ(dq.status, 200);
  ASSERT_TRUE(dq.json().contains("unlinked_pseudonyms"));
  EXPECT_EQ(audit_count("analyst", "view_unlinked_pseudonymised"), unlinked + 1);
  // The admin's data quality has no pseudonyms, and no such entry.
  const int admin_unlinked = audit_count("admin", "view_unlinked_pseudonymised");
  ASSERT_EQ(get("/api/v1/data-quality", &as("admin")).status, 200);
  EXPECT_EQ(audit_count("admin", "view_unlinked_pseudonymised"), admin_unlinked);
}

}  // namespace
}  // namespace bc::test
