// Accounts, sessions and pseudonyms (web/accounts.h) on a real store with
// the small fixture (clusters C1 and C2, schemes CLU and LD) imported.
#include "web/accounts.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>

#include <filesystem>
#include <set>

#include "../support/fixture_store.h"
#include "../support/test_backend.h"
#include "ingest/importer.h"
#include "store/audit.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const std::string kPassword = "correct horse battery";

// SQL for the time now plus `modifier` ("-16 minutes"), as the store
// writes times (UTC, YYYY-MM-DDTHH:MM:SSZ), in the test's backend's dialect.
std::string now_plus_sql(const std::string& modifier) {
  if (test::on_postgresql()) {
    return "to_char((now() AT TIME ZONE 'UTC') + interval '" + modifier +
           "', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  }
  return "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '" + modifier + "')";
}

class Accounts : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = test::FixtureStore::make({"small"});
    ASSERT_TRUE(made.ok()) << made.error();
    fixture_ = std::move(*made);
    store_ = &fixture_->store();
  }

  Result<User> add(const std::string& name, Role role, std::optional<std::string> cluster = {},
                   std::vector<std::string> schemes = {}, const std::string& password = kPassword) {
    NewUser u;
    u.name = name;
    u.role = role;
    u.cluster = std::move(cluster);
    u.schemes = std::move(schemes);
    return add_user(*store_, u, password, "tester");
  }
  int64_t count(const std::string& sql) {
    auto v = store_->db().query_int(sql);
    EXPECT_TRUE(v.ok()) << v.error();
    return v.ok() ? v->value_or(-1) : -1;
  }
  Session signed_in(const std::string& name, const std::string& password = kPassword) {
    auto s = sign_in(*store_, name, password, "127.0.0.1");
    EXPECT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s->outcome, SignIn::kOk);
    token_ = s->token;
    return s->session;
  }

  std::unique_ptr<test::FixtureStore> fixture_;
  Store* store_ = nullptr;
  std::string token_;
};

TEST_F(Accounts, RolesHaveNamesThatParseBack) {
  EXPECT_EQ(all_roles().size(), 8u);
  std::set<std::string> names;
  for (Role r : all_roles()) {
    names.insert(std::string(role_name(r)));
    auto parsed = parse_role(role_name(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_EQ(names, (std::set<std::string>{"admin", "analyst", "finance", "scheme_lead", "board",
                                          "clinician", "board_officer", "quality"}));
  EXPECT_EQ(*parse_role("Scheme_Lead"), Role::kSchemeLead);
  auto bad = parse_role("superuser");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.error().find("scheme_lead"), std::string::npos) << "the message lists the roles";
}

TEST_F(Accounts, AddUserKeepsOnlyAnArgon2idHashAndAudits) {
  auto u = add("ann", Role::kAnalyst);
  ASSERT_TRUE(u.ok()) << u.error();
  EXPECT_EQ(u->name, "ann");
  EXPECT_EQ(u->role, Role::kAnalyst);
  EXPECT_FALSE(u->cluster.has_value());
  EXPECT_FALSE(u->disabled);
  EXPECT_EQ(u->failed_logins, 0);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE password_hash LIKE '%horse%'"), 0);
  auto audit = recent_audit(*store_, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->front().action, "add_user");
  EXPECT_EQ(audit->front().actor, "tester");

  auto clin = add("cara", Role::kClinician, "C1");
  ASSERT_TRUE(clin.ok()) << clin.error();
  EXPECT_EQ(clin->cluster, std::optional<std::string>("C1"));
  auto lead = add("lee", Role::kSchemeLead, {}, {"LD", "CLU"});
  ASSERT_TRUE(lead.ok()) << lead.error();
  EXPECT_EQ(lead->schemes, (std::vector<std::string>{"CLU", "LD"}));
  auto found = find_user(*store_, "lee");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->schemes, lead->schemes);
  auto all = list_users(*store_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(Accounts, AddUserRefusesBadNames) {
  for (const std::string& name :
       {std::string(), std::string(65, 'a'), std::string("a b"), std::string("a/b"),
        std::string("../x"), std::string("jos\xc3\xa9"), std::string("x';--"),
        std::string("a\nb")}) {
    auto u = add(name, Role::kBoard);
    ASSERT_FALSE(u.ok()) << "'" << name << "' was accepted";
    EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument) << name;
  }
  EXPECT_TRUE(add(std::string(64, 'a'), Role::kBoard).ok());
  EXPECT_TRUE(add("a.b_c-D9", Role::kBoard).ok());
  EXPECT_EQ(count("SELECT count(*) FROM users"), 2);
}

TEST_F(Accounts, AddUserRefusesShortLongAndInvalidPasswords) {
  for (const std::string& pw : {std::string(), std::string("123456789"),
                                std::string("abcdefghi\xff"), std::string(1025, 'p')}) {
    auto u = add("pat", Role::kBoard, {}, {}, pw);
    ASSERT_FALSE(u.ok()) << pw.size();
    EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument) << pw.size();
  }
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(kMinPasswordLength, 12u);
  EXPECT_FALSE(add("pat", Role::kBoard, {}, {}, "plum kettle").ok()) << "11 characters";
  // Characters, not bytes: 11 two-byte letters are too short.
  std::string eleven;
  for (int i = 0; i < 11; ++i) eleven += "\xc3\xa9";
  EXPECT_FALSE(add("pat", Role::kBoard, {}, {}, eleven).ok());
  EXPECT_TRUE(add("pat", Role::kBoard, {}, {}, "plum kettle7").ok());
}

TEST_F(Accounts, CommonPasswordsAndTheUsersNameAreRefusedIgnoringCase) {
  EXPECT_TRUE(is_common_password("password1234"));
  EXPECT_TRUE(is_common_password("PassWord1234"));
  EXPECT_TRUE(is_common_password("aaaaaaaaaaaa"));
  EXPECT_TRUE(is_common_password("qwertyuiopasdfghjkl"));
  EXPECT_FALSE(is_common_password("plum kettle7"));
  EXPECT_FALSE(is_common_password(""));
  for (const std::string& pw : {std::string("password1234"), std::string("QWERTYUIOPAS"),
                                std::string("1q2w3e4r5t6y"), std::string("Aaaaaaaaaaaa")}) {
    auto u = add("pat", Role::kBoard, {}, {}, pw);
    ASSERT_FALSE(u.ok()) << pw;
    EXPECT_EQ(u.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(u.error().find("common passwords"), std::string::npos) << u.error();
  }
  auto named = add("patricia.long", Role::kBoard, {}, {}, "Patricia.Long");
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.error().find("user name"), std::string::npos) << named.error();
  ASSERT_TRUE(add("pat", Role::kBoard, {}, {}, "plum kettle7").ok());
  EXPECT_EQ(set_password(*store_, "pat", "Password1234").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(set_password(*store_, "pat", "PAT-PAT-PAT-").code(), StatusCode::kOk);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 1);
}

TEST_F(Accounts, AddUserChecksClustersAndSchemesAgainstTheRole) {
  auto no_cluster = add("c1", Role::kClinician);
  ASSERT_FALSE(no_cluster.ok());
  EXPECT_EQ(no_cluster.status().code(), StatusCode::kInvalidArgument);
  auto unknown_cluster = add("c2", Role::kClinician, "C9");
  ASSERT_FALSE(unknown_cluster.ok());
  EXPECT_EQ(unknown_cluster.status().code(), StatusCode::kNotFound);
  auto cluster_for_board = add("c3", Role::kBoard, "C1");
  ASSERT_FALSE(cluster_for_board.ok());
  EXPECT_EQ(cluster_for_board.status().code(), StatusCode::kInvalidArgument);
  auto lead_without = add("l1", Role::kSchemeLead);
  ASSERT_FALSE(lead_without.ok());
  EXPECT_EQ(lead_without.status().code(), StatusCode::kInvalidArgument);
  auto unknown_scheme = add("l2", Role::kSchemeLead, {}, {"CAR"});  // not in the small fixture
  ASSERT_FALSE(unknown_scheme.ok());
  EXPECT_EQ(unknown_scheme.status().code(), StatusCode::kNotFound);
  auto scheme_for_analyst = add("l3", Role::kAnalyst, {}, {"CLU"});
  ASSERT_FALSE(scheme_for_analyst.ok());
  EXPECT_EQ(scheme_for_analyst.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM user_schemes"), 0);
}

TEST_F(Accounts, AddUserRefusesATakenName) {
  ASSERT_TRUE(add("sam", Role::kBoard).ok());
  auto again = add("sam", Role::kAdmin);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidData);
  auto u = find_user(*store_, "sam");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->role, Role::kBoard);
}

TEST_F(Accounts, SignInMakesASessionWhoseTokenTheStoreKeepsOnlyHashed) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  auto s = sign_in(*store_, "bob", kPassword, "10.0.0.1");
  ASSERT_TRUE(s.ok()) << s.error();
  ASSERT_EQ(s->outcome, SignIn::kOk);
  EXPECT_EQ(s->token.size(), 64u);
  EXPECT_EQ(s->token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(s->session.csrf_token.size(), 64u);
  EXPECT_NE(s->session.csrf_token, s->token);
  EXPECT_EQ(s->session.user.name, "bob");
  EXPECT_GT(s->session.expires_at, utc_now_iso());
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE token_hash = '" + s->token + "'"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE token_hash LIKE '%" +
                  s->token.substr(0, 16) + "%'"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE origin = '10.0.0.1'"), 1);
  // Two sign-ins, two different sessions.
  auto again = sign_in(*store_, "bob", kPassword, "10.0.0.1");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->token, s->token);
  EXPECT_NE(again->session.csrf_token, s->session.csrf_token);
}

TEST_F(Accounts, SignInOutcomes) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  auto wrong = sign_in(*store_, "bob", "not the password", "");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->outcome, SignIn::kBadCredentials);
  EXPECT_TRUE(wrong->token.empty());
  EXPECT_EQ(wrong->failed_logins, 1);
  auto unknown = sign_in(*store_, "nobody", kPassword, "");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->outcome, SignIn::kBadCredentials);
  EXPECT_TRUE(unknown->token.empty());
  auto empty = sign_in(*store_, "bob", "", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->outcome, SignIn::kBadCredentials);
  // A success clears the count of failures.
  signed_in("bob");
  EXPECT_EQ(find_user(*store_, "bob")->failed_logins, 0);
  // Disabled: refused with the right password, and only then said so.
  ASSERT_TRUE(set_disabled(*store_, "bob", true).ok());
  auto disabled = sign_in(*store_, "bob", kPassword, "");
  ASSERT_TRUE(disabled.ok());
  EXPECT_EQ(disabled->outcome, SignIn::kDisabled);
  EXPECT_TRUE(disabled->token.empty());
  EXPECT_EQ(sign_in(*store_, "bob", "not the password", "")->outcome, SignIn::kBadCredentials);
  ASSERT_TRUE(set_disabled(*store_, "bob", false).ok());
  signed_in("bob");
  EXPECT_EQ(set_disabled(*store_, "nobody", true).code(), StatusCode::kNotFound);
}

TEST_F(Accounts, LockedAfterKLockAfterFailuresUntilUnlocked) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  for (int i = 1; i < kLockAfter; ++i) {
    auto s = sign_in(*store_, "bob", "wrong password " + std::to_string(i), "");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->outcome, SignIn::kBadCredentials) << i;
    EXPECT_EQ(s->failed_logins, i);
  }
  auto last = sign_in(*store_, "bob", "wrong password", "");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->outcome, SignIn::kLocked);
  auto u = find_user(*store_, "bob");
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(u->locked_until.has_value());
  EXPECT_GT(*u->locked_until, utc_now_iso());
  // The right password does not open a locked account.
  auto right = sign_in(*store_, "bob", kPassword, "");
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(right->outcome, SignIn::kLocked);
  EXPECT_TRUE(right->token.empty());
  ASSERT_TRUE(unlock_user(*store_, "bob").ok());
  EXPECT_FALSE(find_user(*store_, "bob")->locked_until.has_value());
  signed_in("bob");
  // A lock whose time has passed lets the right password in.
  for (int i = 0; i < kLockAfter; ++i) (void)sign_in(*store_, "bob", "wrong password", "");
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "")->outcome, SignIn::kLocked);
  ASSERT_TRUE(store_->db().exec("UPDATE sign_in_failures SET at = '2000-01-01T00:00:00Z'").ok());
  signed_in("bob");
  // set_password unlocks too, and the old password stops working.
  for (int i = 0; i < kLockAfter; ++i) (void)sign_in(*store_, "bob", "wrong password", "");
  ASSERT_TRUE(set_password(*store_, "bob", "a brand new password").ok());
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "")->outcome, SignIn::kBadCredentials);
  signed_in("bob", "a brand new password");
  EXPECT_EQ(set_password(*store_, "bob", "short").code(), StatusCode::kInvalidArgument);
}

TEST_F(Accounts, FindSessionForLiveTokensOnly) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  Session s = signed_in("bob");
  auto found = find_session(*store_, token_);
  ASSERT_TRUE(found.ok()) << found.error();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user.name, "bob");
  EXPECT_EQ((*found)->csrf_token, s.csrf_token);
  EXPECT_EQ((*found)->expires_at, s.expires_at);
  for (const std::string& bad : {std::string(), std::string("x"), std::string(64, '0'),
                                 token_.substr(1), token_ + "0", s.csrf_token}) {
    auto none = find_session(*store_, bad);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value()) << bad;
  }
  // Revoked.
  ASSERT_TRUE(revoke_session(*store_, token_).ok());
  EXPECT_FALSE(find_session(*store_, token_)->has_value());
}

TEST_F(Accounts, FindSessionRefusesExpiredSessionsAndDisabledUsers) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  signed_in("bob");
  const std::string token = token_;
  ASSERT_TRUE(find_session(*store_, token)->has_value());
  ASSERT_TRUE(store_->db().exec("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'").ok());
  EXPECT_FALSE(find_session(*store_, token)->has_value());

  signed_in("bob");
  ASSERT_TRUE(find_session(*store_, token_)->has_value());
  ASSERT_TRUE(set_disabled(*store_, "bob", true).ok());
  EXPECT_FALSE(find_session(*store_, token_)->has_value());
}

TEST_F(Accounts, RevokeUserSessionsEndsEveryLiveSessionOfThatUserOnly) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  ASSERT_TRUE(add("ann", Role::kAnalyst).ok());
  signed_in("bob");
  const std::string b1 = token_;
  signed_in("bob");
  const std::string b2 = token_;
  signed_in("ann");
  const std::string a1 = token_;
  auto n = revoke_user_sessions(*store_, "bob");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  EXPECT_FALSE(find_session(*store_, b1)->has_value());
  EXPECT_FALSE(find_session(*store_, b2)->has_value());
  EXPECT_TRUE(find_session(*store_, a1)->has_value());
  EXPECT_EQ(*revoke_user_sessions(*store_, "bob"), 0);
  EXPECT_EQ(revoke_user_sessions(*store_, "nobody").status().code(), StatusCode::kNotFound);
}

TEST_F(Accounts, PseudonymsAreStablePerKeyAndDifferAcrossKeys) {
  auto key = pseudonym_key(*store_);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_GE(key->size(), 16u);
  EXPECT_EQ(*pseudonym_key(*store_), *key) << "the key is made once per store";
  const std::string p = pseudonymise(*key, "9990000018");
  ASSERT_EQ(p.size(), 17u);
  EXPECT_EQ(p[0], 'P');
  EXPECT_EQ(p.find_first_not_of("0123456789abcdef", 1), std::string::npos) << p;
  EXPECT_EQ(pseudonymise(*key, "9990000018"), p);
  EXPECT_NE(pseudonymise(*key, "9990000026"), p);
  EXPECT_EQ(p.find("9990000018"), std::string::npos);

  // Another store has another key, so the same person has another pseudonym.
  auto other = test::open_test_store(fixture_->dir() / "other.db");
  ASSERT_TRUE(other.ok());
  auto other_key = pseudonym_key(**other);
  ASSERT_TRUE(other_key.ok());
  EXPECT_NE(*other_key, *key);
  EXPECT_NE(pseudonymise(*other_key, "9990000018"), p);
  EXPECT_NE(pseudonymise(std::string(32, 'k'), "9990000018"),
            pseudonymise(std::string(32, 'l'), "9990000018"));

  // It is the keyed BLAKE2b of docs/security.md, computed here independently.
  ASSERT_GE(sodium_init(), 0);
  unsigned char h[8];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>("9990000018"), 10,
                     reinterpret_cast<const unsigned char*>(key->data()), key->size());
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  EXPECT_EQ(p, std::string("P") + hex);
}

TEST_F(Accounts, SameSecretComparesWholeNonEmptyStrings) {
  EXPECT_TRUE(same_secret("abc123", "abc123"));
  EXPECT_FALSE(same_secret("abc123", "abc124"));
  EXPECT_FALSE(same_secret("abc123", "abc12"));
  EXPECT_FALSE(same_secret("abc12", "abc123"));
  EXPECT_FALSE(same_secret("", ""));
  EXPECT_FALSE(same_secret("abc", ""));
  EXPECT_FALSE(same_secret("", "abc"));
  EXPECT_TRUE(same_secret(std::string(64, 'f'), std::string(64, 'f')));
  EXPECT_FALSE(same_secret(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST_F(Accounts, FailuresLockANameFromOneAddressOnly) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  for (int i = 1; i < kLockAfter; ++i) {
    EXPECT_EQ(sign_in(*store_, "bob", "wrong password", "198.51.100.1")->outcome,
              SignIn::kBadCredentials);
  }
  EXPECT_EQ(sign_in(*store_, "bob", "wrong password", "198.51.100.1")->outcome, SignIn::kLocked);
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "198.51.100.1")->outcome, SignIn::kLocked);
  // From another address the right password works, and the failures there
  // start from nothing.
  auto other = sign_in(*store_, "bob", kPassword, "203.0.113.5");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->outcome, SignIn::kOk);
  EXPECT_EQ(sign_in(*store_, "bob", "wrong password", "203.0.113.5")->failed_logins, 1);
  // The lock from the first address holds until it ages out or is lifted.
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "198.51.100.1")->outcome, SignIn::kLocked);
  ASSERT_TRUE(unlock_user(*store_, "bob").ok());
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "198.51.100.1")->outcome, SignIn::kOk);
}

TEST_F(Accounts, UnknownNamesAreCountedAndLockedLikeKnownOnes) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  for (const std::string name : {"bob", "nobody"}) {
    std::vector<SignIn::Outcome> seen;
    for (int i = 0; i <= kLockAfter; ++i) {
      auto s = sign_in(*store_, name, "wrong password", "198.51.100.2");
      seen.push_back(s->outcome);
      // The count that slows the answer down grows alike for both.
      EXPECT_EQ(s->failed_logins, std::min(i + 1, kLockAfter)) << name << " " << i;
    }
    EXPECT_EQ(seen, (std::vector<SignIn::Outcome>{SignIn::kBadCredentials, SignIn::kBadCredentials,
                                                  SignIn::kBadCredentials, SignIn::kBadCredentials,
                                                  SignIn::kLocked, SignIn::kLocked}))
        << name;
  }
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_failures WHERE user_name = 'nobody'"), kLockAfter);
}

TEST_F(Accounts, AnAddressOverItsBudgetIsRefusedForEveryName) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  for (int i = 0; i < kAddressBudget; ++i) {
    auto s = sign_in(*store_, "name" + std::to_string(i), "guess", "198.51.100.3");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->outcome, SignIn::kBadCredentials) << i;
  }
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "198.51.100.3")->outcome, SignIn::kAddressBlocked);
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "203.0.113.3")->outcome, SignIn::kOk);
  // The budget is per kLockMinutes: old failures no longer count.
  ASSERT_TRUE(
      store_->db().exec("UPDATE sign_in_failures SET at = " + now_plus_sql("-16 minutes")).ok());
  EXPECT_EQ(sign_in(*store_, "bob", kPassword, "198.51.100.3")->outcome, SignIn::kOk);
}

TEST_F(Accounts, IdleSessionsEndAndUseIsNotedAtMostOnceAMinute) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  signed_in("bob");
  auto seen = [&] {
    auto st = store_->db().prepare("SELECT last_seen_at FROM sessions");
    EXPECT_TRUE(st.ok());
    Status s;
    return st->step(&s) ? st->text(0) : std::string();
  };
  const std::string first = seen();
  EXPECT_FALSE(first.empty()) << "a new session has been seen now";
  auto set_seen = [&](const char* modifier) {
    ASSERT_TRUE(
        store_->db().exec("UPDATE sessions SET last_seen_at = " + now_plus_sql(modifier)).ok());
  };
  set_seen("-20 seconds");
  const std::string recent = seen();
  ASSERT_TRUE(find_session(*store_, token_)->has_value());
  EXPECT_EQ(seen(), recent) << "used within the minute: not written";
  set_seen("-10 minutes");
  const std::string old = seen();
  ASSERT_TRUE(find_session(*store_, token_, std::chrono::minutes(11))->has_value());
  EXPECT_GT(seen(), old) << "noted";
  set_seen("-10 minutes");
  EXPECT_FALSE(find_session(*store_, token_, std::chrono::minutes(9))->has_value());
  EXPECT_TRUE(find_session(*store_, token_)->has_value()) << "within the default 30 minutes";
  set_seen("-31 minutes");
  EXPECT_FALSE(find_session(*store_, token_)->has_value());
}

TEST_F(Accounts, ANewPasswordRoleClusterOrSchemesEndTheUsersSessions) {
  ASSERT_TRUE(add("bob", Role::kBoard).ok());
  ASSERT_TRUE(add("ann", Role::kAnalyst).ok());
  auto live = [&](const std::string& token) { return find_session(*store_, token)->has_value(); };
  signed_in("ann");
  const std::string ann = token_;
  signed_in("bob");
  ASSERT_TRUE(set_password(*store_, "bob", "another long password").ok());
  EXPECT_FALSE(live(token_));
  EXPECT_TRUE(live(ann));
  signed_in("bob", "another long password");
  ASSERT_TRUE(store_->db().exec("UPDATE users SET role = 'finance' WHERE name = 'bob'").ok());
  EXPECT_FALSE(live(token_));
  signed_in("bob", "another long password");
  ASSERT_TRUE(store_->db()
                  .exec("UPDATE users SET role = 'clinician', cluster_code = 'C1' WHERE name = "
                        "'bob'")
                  .ok());
  EXPECT_FALSE(live(token_));
  signed_in("bob", "another long password");
  ASSERT_TRUE(store_->db().exec("UPDATE users SET cluster_code = 'C2' WHERE name = 'bob'").ok());
  EXPECT_FALSE(live(token_));
  ASSERT_TRUE(store_->db()
                  .exec("UPDATE users SET role = 'scheme_lead', cluster_code = NULL WHERE name = "
                        "'bob'")
                  .ok());
  signed_in("bob", "another long password");
  ASSERT_TRUE(store_->db()
                  .exec("INSERT INTO user_schemes SELECT user_id, 'CLU' FROM users WHERE "
                        "name = 'bob'")
                  .ok());
  EXPECT_FALSE(live(token_));
  signed_in("bob", "another long password");
  ASSERT_TRUE(store_->db().exec("DELETE FROM user_schemes").ok());
  EXPECT_FALSE(live(token_));
  // Unlocking or a failed sign-in changes nothing of the grant.
  signed_in("bob", "another long password");
  ASSERT_TRUE(unlock_user(*store_, "bob").ok());
  (void)sign_in(*store_, "bob", "wrong password", "");
  EXPECT_TRUE(live(token_));
  EXPECT_TRUE(live(ann));
}

}  // namespace
}  // namespace bc
