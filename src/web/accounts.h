// Accounts, roles and sessions of the web application.
//
// A user has one role (docs/security.md says what each may see) and, for a
// clinician, the cluster whose people they care for; a scheme lead answers
// for a set of schemes. Passwords are kept only as libsodium argon2id
// strings. Signing in makes a session: a random token for the cookie (the
// store keeps only its BLAKE2b hash) and a CSRF token that every
// state-changing request must echo. Sessions expire after kSessionHours and
// are revoked by signing out, by `bettercare user revoke` or by disabling
// the user. Failed sign-ins are counted: from the 3rd in a row the answer
// is slowed, and after kLockAfter the account is locked for kLockMinutes.
//
// Thread safety: functions take the Store they use (one thread at a time
// per Store); nothing here keeps state between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

enum class Role { kAdmin, kAnalyst, kFinance, kSchemeLead, kBoard, kClinician };

inline constexpr int kSessionHours = 8;
inline constexpr int kLockAfter = 5;
inline constexpr int kLockMinutes = 15;
inline constexpr size_t kMinPasswordLength = 10;

// "admin", "analyst", "finance", "scheme_lead", "board", "clinician".
std::string_view role_name(Role r);
// Accepts role_name (case-insensitively); the message lists the roles.
Result<Role> parse_role(std::string_view s);
const std::vector<Role>& all_roles();

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kBoard;
  std::optional<std::string> cluster;  // clinicians only
  std::vector<std::string> schemes;    // scheme leads: their schemes
  bool disabled = false;
  int failed_logins = 0;
  std::optional<std::string> locked_until;  // UTC ISO, when locked
  std::string created_at;
};

struct NewUser {
  std::string name;
  Role role = Role::kBoard;
  std::optional<std::string> cluster;
  std::vector<std::string> schemes;
};

// Checks the name (1-64 letters, digits, '.', '_' or '-'), that a clinician
// has a known cluster and only clinicians have one, that schemes exist and
// only scheme leads have them, and the password (kMinPasswordLength or more
// characters, valid UTF-8). InvalidArgument/NotFound/InvalidData otherwise;
// InvalidData when the name is taken.
Result<User> add_user(Store& store, const NewUser& u, std::string_view password,
                      const std::string& actor);
Status set_password(Store& store, const std::string& name, std::string_view password);
Status set_disabled(Store& store, const std::string& name, bool disabled);
// Clears failed sign-ins and any lock.
Status unlock_user(Store& store, const std::string& name);
Result<User> find_user(Store& store, const std::string& name);
Result<std::vector<User>> list_users(Store& store);

struct Session {
  User user;
  std::string csrf_token;
  std::string expires_at;
};

struct SignIn {
  enum Outcome { kOk, kBadCredentials, kLocked, kDisabled };
  Outcome outcome = kBadCredentials;
  std::string token;      // for the cookie, when kOk
  Session session;        // when kOk
  int failed_logins = 0;  // consecutive failures so far (for slowing down)
};

// Checks a name and password. Unknown names cost the same hashing work as
// known ones, so timing does not tell which names exist; a name holding a
// control or bidirectional character fails as an unknown name does.
Result<SignIn> sign_in(Store& store, const std::string& name, std::string_view password,
                       const std::string& origin);
// The live session of a cookie token, or nullopt (unknown, expired, revoked,
// or the user disabled).
Result<std::optional<Session>> find_session(Store& store, std::string_view token);
Status revoke_session(Store& store, std::string_view token);
// Revokes every session of a user; returns how many were live.
Result<int> revoke_user_sessions(Store& store, const std::string& name);

// The analysts' pseudonym of an NHS number: "P" and 16 hex digits of a
// keyed BLAKE2b hash. The key is the store's pseudonym key, kept in its key
// file (store/site_keys.h), never shown, rotated by `bettercare key rotate`.
Result<std::string> pseudonym_key(Store& store);
std::string pseudonymise(std::string_view key, std::string_view nhs_number);

// Constant-time comparison of two strings (CSRF tokens).
bool same_secret(std::string_view a, std::string_view b);

}  // namespace bc
