// Accounts, roles and sessions of the web application.
//
// A user has one role (docs/security.md says what each may see) and, for a
// clinician, the cluster whose people they care for; a scheme lead answers
// for a set of schemes. Passwords are kept only as libsodium argon2id
// strings, and a new one must be kMinPasswordLength characters or more, not
// the user's name and not one of the common passwords of
// config/reference/common_passwords.txt (ignoring case).
//
// Signing in makes a session: a random token for the cookie (the store
// keeps only its BLAKE2b hash) and a CSRF token that every state-changing
// request must echo. A session ends after kSessionHours, or after the idle
// timeout without a request, at sign-out, by `bettercare user revoke`, and
// whenever the user's password, role, cluster or schemes change or the user
// is disabled (the store's triggers do that, however the change is made).
//
// Failed sign-ins are counted by the name as typed and the client address:
// from the 3rd in a row for a (name, address) the answer is slowed; the
// kLockAfter-th locks that name from that address for kLockMinutes (other
// addresses can still sign in as that user); and an address with
// kAddressBudget failures within kLockMinutes, whatever the names, is
// refused for any name until its failures age out. Unknown names are
// counted like known ones and cost the same hashing, so neither the answer
// nor its time tells whether a name exists.
//
// Thread safety: functions take the Store they use (one thread at a time
// per Store); nothing here keeps state between calls.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

enum class Role {
  kAdmin,
  kAnalyst,
  kFinance,
  kSchemeLead,
  kBoard,
  kClinician,
  kBoardOfficer,
  kQuality
};

inline constexpr int kSessionHours = 8;
inline constexpr int kLockAfter = 5;
inline constexpr int kLockMinutes = 15;
inline constexpr int kAddressBudget = 40;
inline constexpr size_t kMinPasswordLength = 12;  // characters (code points)
// The default idle timeout (`serve --idle-timeout`), and how often a
// session's last use is written (at most once a minute, to spare the store).
inline constexpr int kIdleMinutes = 30;
inline constexpr int kLastSeenEverySeconds = 60;

// "admin", "analyst", "finance", "scheme_lead", "board", "clinician",
// "board_officer", "quality".
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
// only scheme leads have them, and the password (check_new_password).
// InvalidArgument/NotFound/InvalidData otherwise; InvalidData when the name
// is taken.
Result<User> add_user(Store& store, const NewUser& u, std::string_view password,
                      const std::string& actor);
// Sets a new password (check_new_password), unlocks the user (unlock_user)
// and ends every session of the user.
Status set_password(Store& store, const std::string& name, std::string_view password);
// Disabling also ends every session of the user.
Status set_disabled(Store& store, const std::string& name, bool disabled);
// Clears the user's failed sign-ins, from every address, and any lock.
Status unlock_user(Store& store, const std::string& name);
Result<User> find_user(Store& store, const std::string& name);
Result<std::vector<User>> list_users(Store& store);

// A new password: valid UTF-8, at least kMinPasswordLength characters and
// at most 1024 bytes, not the user's name and not a common password (both
// ignoring case).
// InvalidArgument saying which, otherwise.
Status check_new_password(std::string_view password, std::string_view user_name);
// Whether a password is on the list of common passwords, ignoring case.
bool is_common_password(std::string_view password);

struct Session {
  User user;
  std::string csrf_token;
  std::string expires_at;
};

struct SignIn {
  // kLocked: this name from this address (kLockAfter failures);
  // kAddressBlocked: this address (kAddressBudget failures, any names).
  enum Outcome { kOk, kBadCredentials, kLocked, kAddressBlocked, kDisabled };
  Outcome outcome = kBadCredentials;
  std::string token;      // for the cookie, when kOk
  Session session;        // when kOk
  int failed_logins = 0;  // failures in a row of this name from this address
};

// Checks a name and password coming from a client address (the file's
// comment gives the rule). Unknown names cost the same hashing work as
// known ones and are counted alike; a name holding a control or
// bidirectional character fails as an unknown name does.
Result<SignIn> sign_in(Store& store, const std::string& name, std::string_view password,
                       const std::string& origin);
// Makes the argon2id string sign_in hashes unknown names against, so that
// the first such sign-in takes no longer than the others. Idempotent.
void prepare_sign_in();
// The live session of a cookie token, or nullopt (unknown, expired, idle
// for `idle` or longer, revoked, or the user disabled). Notes the use
// (last_seen_at) when the last note is kLastSeenEverySeconds old.
Result<std::optional<Session>> find_session(
    Store& store, std::string_view token,
    std::chrono::minutes idle = std::chrono::minutes(kIdleMinutes));
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
