// The server as deployed behind a TLS-terminating reverse proxy on the same
// machine (docs/security.md, "TLS and a reverse proxy"): `serve
// --trusted-proxy 127.0.0.1 --behind-tls --idle-timeout 5`. The client's
// address comes from X-Forwarded-For (the audit log and the sign-in
// throttle use it), every cookie is Secure, every response carries
// Strict-Transport-Security, and the idle timeout is the one given.
//
// The addresses sent in X-Forwarded-For are from the documentation ranges
// (RFC 5737, RFC 3849): text in a header, never contacted.
#include <gtest/gtest.h>

#include <algorithm>

#include "server_fixture.h"

namespace bc::test {
namespace {

class BehindProxy : public HttpTest {
 protected:
  static void SetUpTestSuite() {
    start_suite({"--trusted-proxy", "127.0.0.1", "--behind-tls", "--idle-timeout", "5"});
  }

  static httplib::Headers from(const std::string& address) {
    return {{"X-Forwarded-For", address}};
  }

  // Signs in through the API as if from `address` (through the proxy).
  static Reply sign_in_from(const std::string& address, const std::string& name,
                            const std::string& password, Session* out = nullptr) {
    Reply pre = request("GET", "/api/v1/csrf", {}, from(address));
    std::string token = pre.json().value("csrf", "");
    nlohmann::json body = {{"name", name}, {"password", password}};
    httplib::Headers h = from(address);
    h.emplace("X-CSRF-Token", token);
    Reply r = request("POST", "/api/v1/session", {{"bc_csrf", token}}, h, body.dump(),
                      "application/json");
    if (out != nullptr && r.status == 200) {
      out->user = name;
      out->cookie = r.cookie("bc_session").value_or("");
      out->csrf = r.json().value("csrf", "");
    }
    return r;
  }

  // The newest audit entries of an actor and action.
  static nlohmann::json audit(const std::string& actor, const std::string& action, int limit) {
    Reply r = get(
        "/api/v1/audit?actor=" + actor + "&action=" + action + "&limit=" + std::to_string(limit),
        &as("admin"));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.json();
  }

  static std::string set_cookie(const Reply& r, const std::string& name) {
    for (const auto& c : r.all("Set-Cookie"))
      if (c.rfind(name + "=", 0) == 0) return c;
    return "";
  }
};

TEST_F(BehindProxy, TheAuditNamesTheClientFromXForwardedFor) {
  Session s;
  ASSERT_EQ(sign_in_from("203.0.113.7", "leaver", password_of("leaver"), &s).status, 200);
  nlohmann::json e = audit("leaver", "sign_in", 1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0]["origin"], "203.0.113.7");
  EXPECT_EQ(query_text(db(), "SELECT origin FROM sessions WHERE token_hash = '" +
                                 token_hash(s.cookie) + "'"),
            "203.0.113.7");

  // A client cannot pose as another: what it writes itself stands left of
  // what the proxy appends, and the right-most untrusted address counts.
  EXPECT_EQ(get("/api/v1/finance", nullptr, from("198.51.100.1, 203.0.113.8")).status, 401);
  e = audit("-", "refuse_request", 1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0]["origin"], "203.0.113.8");
  // Chains of proxies: trusted hops on the right are skipped.
  EXPECT_EQ(get("/api/v1/finance", nullptr, from("203.0.113.9, 127.0.0.1")).status, 401);
  EXPECT_EQ(audit("-", "refuse_request", 1)[0]["origin"], "203.0.113.9");
  // IPv6, and two headers read in order.
  httplib::Headers two = {{"X-Forwarded-For", "198.51.100.2"},
                          {"X-Forwarded-For", "2001:db8::0:1"}};
  EXPECT_EQ(get("/api/v1/finance", nullptr, two).status, 401);
  EXPECT_EQ(audit("-", "refuse_request", 1)[0]["origin"], "2001:db8::1");
  // Not an address: the proxy's own is kept, nothing forged reaches the log.
  EXPECT_EQ(get("/api/v1/finance", nullptr, from("evil-host, ")).status, 401);
  EXPECT_EQ(audit("-", "refuse_request", 1)[0]["origin"], "127.0.0.1");
  // No header: the peer.
  EXPECT_EQ(get("/api/v1/finance").status, 401);
  EXPECT_EQ(audit("-", "refuse_request", 1)[0]["origin"], "127.0.0.1");
}

TEST_F(BehindProxy, EveryCookieIsSecureAndEveryResponseCarriesHsts) {
  Reply pre = get("/api/v1/csrf");
  EXPECT_NE(set_cookie(pre, "bc_csrf").find("; Secure"), std::string::npos)
      << set_cookie(pre, "bc_csrf");
  Reply login = get("/login");
  EXPECT_NE(set_cookie(login, "bc_csrf").find("; Secure"), std::string::npos);
  Session s;
  Reply in = sign_in_from("203.0.113.20", "revokee", password_of("revokee"), &s);
  ASSERT_EQ(in.status, 200) << in.describe();
  const std::string session_cookie = set_cookie(in, "bc_session");
  EXPECT_NE(session_cookie.find("; Secure"), std::string::npos) << session_cookie;
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos) << session_cookie;
  Reply out = post("/api/v1/session/logout", &s, "");
  ASSERT_EQ(out.status, 200) << out.describe();
  EXPECT_NE(set_cookie(out, "bc_session").find("; Secure"), std::string::npos);
  for (const Reply* r : {&pre, &login, &in, &out}) {
    EXPECT_EQ(r->header("Strict-Transport-Security"), "max-age=31536000");
  }
  EXPECT_EQ(get("/healthz").header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(get("/no/such/page").header("Strict-Transport-Security"), "max-age=31536000");
}

TEST_F(BehindProxy, TheIdleTimeoutIsTheOneGiven) {
  Session s;
  ASSERT_EQ(sign_in_from("203.0.113.21", "idler", password_of("idler"), &s).status, 200);
  ASSERT_EQ(get("/api/v1/session", &s).status, 200);
  // Six minutes unused: ended under --idle-timeout 5 (the default 30 would keep it).
  ASSERT_EQ(exec_sql(db(), "UPDATE sessions SET last_seen_at = '" + utc_seconds_from_now(-6 * 60) +
                               "' WHERE token_hash = '" + token_hash(s.cookie) + "'"),
            "");
  EXPECT_EQ(get("/api/v1/session", &s).status, 401);
}

TEST_F(BehindProxy, AnAttackersFailuresLockANameFromTheirAddressOnly) {
  const std::string attacker = "198.51.100.66";
  // Five wrong passwords in a row for a known and for an unknown name: the
  // same answers, slowed alike (from the 3rd), the 5th locking.
  auto five = [&](const std::string& name, std::vector<int>* statuses) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 1; i <= 5; ++i)
      statuses->push_back(
          sign_in_from(attacker, name, "wrong-password-" + std::to_string(i)).status);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::vector<int> known_statuses, unknown_statuses;
  const double known_s = five("lockee", &known_statuses);
  const double unknown_s = five("no-such-user", &unknown_statuses);
  EXPECT_EQ(known_statuses, (std::vector<int>{401, 401, 401, 401, 429}));
  EXPECT_EQ(unknown_statuses, known_statuses);
  std::cout << "five failed sign-ins from one address: known name " << known_s
            << " s, unknown name " << unknown_s << " s\n";
  EXPECT_GT(known_s, 3.0) << "slowed: 0.5 s, 1 s, 2 s";
  EXPECT_GT(unknown_s / known_s, 0.7);
  EXPECT_LT(unknown_s / known_s, 1.0 / 0.7);
  // The right password from the attacker's address is refused, and a
  // locked known name answers as a locked unknown one.
  EXPECT_EQ(sign_in_from(attacker, "lockee", password_of("lockee")).status, 429);
  Reply unknown = sign_in_from(attacker, "no-such-user", "whatever-12345");
  Reply known = sign_in_from(attacker, "lockee", "whatever-12345");
  EXPECT_EQ(unknown.status, 429);
  EXPECT_EQ(known.status, 429);
  EXPECT_EQ(unknown.json(), known.json());
  // The user, from their own address, signs in.
  Session s;
  EXPECT_EQ(sign_in_from("203.0.113.30", "lockee", password_of("lockee"), &s).status, 200);
  EXPECT_EQ(get("/api/v1/session", &s).status, 200);
  // The failures were audited with the attacker's address.
  nlohmann::json e = audit("lockee", "sign_in_failed", 1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0]["origin"], attacker);
}

TEST_F(BehindProxy, AnAddressWithTooManyFailuresIsRefusedForEveryName) {
  const std::string sprayer = "198.51.100.77";
  // Password spraying: one guess each at many names, one of them real.
  for (int i = 0; i < 40; ++i) {
    std::string name = i == 1 ? "board" : "spray-" + std::to_string(i);
    Reply r = sign_in_from(sprayer, name, "Spring2018-guess" + std::to_string(i));
    EXPECT_EQ(r.status, 401) << i << ": " << r.describe();
  }
  Reply right = sign_in_from(sprayer, "finance", password_of("finance"));
  EXPECT_EQ(right.status, 429) << right.describe();
  EXPECT_NE(right.json()["error"]["message"].get<std::string>().find("this address"),
            std::string::npos);
  EXPECT_EQ(sign_in_from("203.0.113.31", "finance", password_of("finance")).status, 200);
}

TEST_F(BehindProxy, UnknownUsersAndWrongPasswordsTakeTheSameTimeAndAnswer) {
  // Each attempt from its own address, so none is slowed or locked.
  const int n = 15;
  std::vector<double> unknown, wrong;
  nlohmann::json unknown_answer, wrong_answer;
  for (int i = 0; i < n; ++i) {
    auto timed = [&](const std::string& address, const std::string& name, nlohmann::json* answer) {
      auto t0 = std::chrono::steady_clock::now();
      Reply r = sign_in_from(address, name, "not-the-password-" + std::to_string(i));
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      EXPECT_EQ(r.status, 401) << name << ": " << r.describe();
      *answer = r.json();
      return ms;
    };
    wrong.push_back(timed("203.0.113." + std::to_string(100 + i), "timing", &wrong_answer));
    unknown.push_back(timed("203.0.113." + std::to_string(150 + i), "nobody-" + std::to_string(i),
                            &unknown_answer));
  }
  EXPECT_EQ(unknown_answer, wrong_answer);
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double mu = median(unknown), mw = median(wrong);
  const double ratio = mu / mw;
  std::cout << "sign-in medians over " << n << " attempts each: unknown user " << mu
            << " ms, wrong password " << mw << " ms, ratio " << ratio << "\n";
  EXPECT_GT(ratio, 0.7);
  EXPECT_LT(ratio, 1.0 / 0.7);
}

}  // namespace
}  // namespace bc::test
