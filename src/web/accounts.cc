#include "web/accounts.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <unordered_set>

#include "core/safe_text.h"
#include "core/utf8.h"
#include "ingest/records.h"
#include "programme/schemes.h"
#include "store/audit.h"

namespace bc {
namespace embedded {
extern const std::string_view kCommonPasswords;  // config/reference/common_passwords.txt
}  // namespace embedded

namespace {

const std::vector<Role> kRoles = {Role::kAdmin,        Role::kAnalyst, Role::kFinance,
                                  Role::kSchemeLead,   Role::kBoard,   Role::kClinician,
                                  Role::kBoardOfficer, Role::kQuality};

void init_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable random source: nothing is safe
  });
}

std::string iso_in(std::chrono::seconds from_now) {
  auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + from_now;
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t);
}

std::string hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

std::string random_token() {
  init_sodium();
  unsigned char b[32];
  randombytes_buf(b, sizeof b);
  return hex(b, sizeof b);
}

std::string token_hash(std::string_view token) {
  init_sodium();
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hex(h, sizeof h);
}

Result<std::string> hash_password(std::string_view pw) {
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::internal("not enough memory to hash the password");
  }
  return std::string(out);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// Code points of valid UTF-8.
size_t characters(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Letters, digits, '.', '_' and '-' only: never a control or bidirectional
// character (core/safe_text.h), so a name cannot forge an audit line.
bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 64 || find_unsafe_char(n) != std::string_view::npos) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

constexpr const char* kUserColumns =
    "u.user_id, u.name, u.role, u.cluster_code, u.disabled, u.failed_logins, u.locked_until, "
    "u.created_at";

Result<User> read_user(Store& store, Stmt& st) {
  User u;
  u.id = st.int64(0);
  u.name = st.text(1);
  auto role = parse_role(st.text(2));
  if (!role.ok()) return role.status();
  u.role = *role;
  u.cluster = st.opt_text(3);
  u.disabled = st.int64(4) != 0;
  u.failed_logins = static_cast<int>(st.int64(5));
  u.locked_until = st.opt_text(6);
  u.created_at = st.text(7);
  auto sc = store.db().prepare(
      "SELECT scheme_code FROM user_schemes WHERE user_id = ? ORDER BY scheme_code");
  if (!sc.ok()) return sc.status();
  sc->bind(1, u.id);
  Status s;
  while (sc->step(&s)) u.schemes.push_back(sc->text(0));
  if (!s.ok()) return s;
  return u;
}

Result<int64_t> user_id(Store& store, const std::string& name) {
  auto st = store.db().prepare("SELECT user_id FROM users WHERE name = ?");
  if (!st.ok()) return st.status();
  st->bind(1, name);
  Status s;
  if (st->step(&s)) return st->int64(0);
  if (!s.ok()) return s;
  return Status::not_found(fmt::format("there is no user '{}' (bettercare user list)", name));
}

Status run_for_user(Store& store, const std::string& name, std::string_view sql,
                    std::optional<std::string> text_arg = std::nullopt) {
  auto id = user_id(store, name);
  if (!id.ok()) return id.status();
  auto st = store.db().prepare(sql);
  if (!st.ok()) return st.status();
  int i = 1;
  if (text_arg) st->bind(i++, *text_arg);
  st->bind(i, *id);
  return st->run();
}

}  // namespace

std::string_view role_name(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kAnalyst:
      return "analyst";
    case Role::kFinance:
      return "finance";
    case Role::kSchemeLead:
      return "scheme_lead";
    case Role::kBoard:
      return "board";
    case Role::kClinician:
      return "clinician";
    case Role::kBoardOfficer:
      return "board_officer";
    case Role::kQuality:
      return "quality";
  }
  return "board";
}

const std::vector<Role>& all_roles() {
  return kRoles;
}

Result<Role> parse_role(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (Role r : kRoles) {
    if (role_name(r) == lower) return r;
  }
  return Status::invalid_argument(fmt::format(
      "unknown role '{}'; the roles are admin, analyst, finance, scheme_lead, board, clinician, "
      "board_officer, quality",
      std::string(s.substr(0, 40))));
}

Result<User> add_user(Store& store, const NewUser& u, std::string_view password,
                      const std::string& actor) {
  if (!valid_name(u.name)) {
    return Status::invalid_argument("a user name is 1 to 64 letters, digits, '.', '_' or '-'");
  }
  if ((u.role == Role::kClinician) != u.cluster.has_value()) {
    return Status::invalid_argument(u.role == Role::kClinician
                                        ? "a clinician needs --cluster CODE (the cluster whose "
                                          "people they care for)"
                                        : "only a clinician has a --cluster");
  }
  if (!u.schemes.empty() && u.role != Role::kSchemeLead) {
    return Status::invalid_argument("only a scheme_lead has --scheme");
  }
  if (u.role == Role::kSchemeLead && u.schemes.empty()) {
    return Status::invalid_argument("a scheme_lead needs --scheme CODE (repeatable)");
  }
  if (Status s = check_new_password(password, u.name); !s.ok()) return s;
  if (u.cluster) {
    auto exists = cluster_exists(store, *u.cluster);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      return Status::not_found(
          fmt::format("there is no cluster '{}' (import practices.csv first)", *u.cluster));
    }
  }
  for (const auto& code : u.schemes) {
    auto exists = scheme_exists(store, code);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      return Status::not_found(fmt::format("there is no scheme '{}'", code));
    }
  }
  if (user_id(store, u.name).ok()) {
    return Status::invalid_data(fmt::format("there is already a user '{}'", u.name));
  }
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  auto tx = Transaction::begin(store.db());
  if (!tx.ok()) return tx.status();
  auto st = store.db().prepare(
      "INSERT INTO users(name, role, cluster_code, password_hash, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING user_id");
  if (!st.ok()) return st.status();
  st->bind(1, u.name)
      .bind(2, role_name(u.role))
      .bind(3, u.cluster)
      .bind(4, *hash)
      .bind(5, utc_now_iso())
      .bind(6, actor);
  auto inserted = st->run_returning_int();
  if (!inserted.ok()) return inserted.status();
  const int64_t id = *inserted;
  for (const auto& code : u.schemes) {
    auto sc = store.db().prepare("INSERT INTO user_schemes VALUES (?, ?) ON CONFLICT DO NOTHING");
    if (!sc.ok()) return sc.status();
    sc->bind(1, id).bind(2, code);
    if (Status s = sc->run(); !s.ok()) return s;
  }
  if (Status s = append_audit(store, actor, "add_user",
                              u.name + " as " + std::string(role_name(u.role)), "cli");
      !s.ok())
    return s;
  if (Status s = (*tx)->commit(); !s.ok()) return s;
  return find_user(store, u.name);
}

Status check_new_password(std::string_view pw, std::string_view user_name) {
  if (find_invalid_utf8(pw) != std::string_view::npos)
    return Status::invalid_argument("the password is not valid UTF-8");
  if (characters(pw) < kMinPasswordLength) {
    return Status::invalid_argument(
        fmt::format("the password must be at least {} characters", kMinPasswordLength));
  }
  if (pw.size() > 1024) return Status::invalid_argument("the password is longer than 1024 bytes");
  if (ascii_lower(pw) == ascii_lower(user_name))
    return Status::invalid_argument("the password must not be the user name");
  if (is_common_password(pw)) {
    return Status::invalid_argument(
        "the password is on a list of common passwords that attackers try first; choose "
        "another (three or four random words make a good one)");
  }
  return Status();
}

bool is_common_password(std::string_view pw) {
  static const std::unordered_set<std::string_view> kList = [] {
    std::unordered_set<std::string_view> out;
    std::string_view rest = embedded::kCommonPasswords;
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      if (!line.empty()) out.insert(line);
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
    return out;
  }();
  return kList.count(ascii_lower(pw)) > 0;
}

Status set_password(Store& store, const std::string& name, std::string_view password) {
  if (Status s = check_new_password(password, name); !s.ok()) return s;
  auto hash = hash_password(password);
  if (!hash.ok()) return hash.status();
  auto tx = Transaction::begin(store.db());
  if (!tx.ok()) return tx.status();
  // The store's trigger ends the user's sessions (migration 0008).
  if (Status s = run_for_user(store, name,
                              "UPDATE users SET password_hash = ?, failed_logins = 0, "
                              "locked_until = NULL WHERE user_id = ?",
                              *hash);
      !s.ok())
    return s;
  if (Status s = unlock_user(store, name); !s.ok()) return s;
  return (*tx)->commit();
}

Status set_disabled(Store& store, const std::string& name, bool disabled) {
  // Disabling ends the sessions (the store's trigger, migration 0008).
  return run_for_user(store, name,
                      disabled ? "UPDATE users SET disabled = 1 WHERE user_id = ?"
                               : "UPDATE users SET disabled = 0 WHERE user_id = ?");
}

Status unlock_user(Store& store, const std::string& name) {
  if (Status s = run_for_user(
          store, name, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = ?");
      !s.ok())
    return s;
  auto st = store.db().prepare("DELETE FROM sign_in_failures WHERE user_name = ?");
  if (!st.ok()) return st.status();
  st->bind(1, name);
  return st->run();
}

Result<User> find_user(Store& store, const std::string& name) {
  auto st =
      store.db().prepare(fmt::format("SELECT {} FROM users u WHERE u.name = ?", kUserColumns));
  if (!st.ok()) return st.status();
  st->bind(1, name);
  Status s;
  if (st->step(&s)) return read_user(store, *st);
  if (!s.ok()) return s;
  return Status::not_found(fmt::format("there is no user '{}' (bettercare user list)", name));
}

Result<std::vector<User>> list_users(Store& store) {
  auto st = store.db().prepare(fmt::format("SELECT {} FROM users u ORDER BY u.name", kUserColumns));
  if (!st.ok()) return st.status();
  std::vector<User> out;
  Status s;
  while (st->step(&s)) {
    auto u = read_user(store, *st);
    if (!u.ok()) return u.status();
    out.push_back(std::move(*u));
  }
  if (!s.ok()) return s;
  return out;
}

namespace {

// A valid argon2id string of a password nobody has, so that an unknown
// name costs the same work as a known one.
const std::string& dummy_hash() {
  static const std::string kDummy = [] {
    auto h = hash_password(random_token());
    return h.ok() ? *h : std::string();
  }();
  return kDummy;
}

Result<int64_t> count_of(Store& store, std::string_view sql,
                         std::initializer_list<std::string> args) {
  auto st = store.db().prepare(sql);
  if (!st.ok()) return st.status();
  int i = 1;
  for (const auto& a : args) st->bind(i++, a);
  Status s;
  int64_t n = 0;
  if (st->step(&s)) n = st->int64(0);
  if (!s.ok()) return s;
  return n;
}

Status note_failure(Store& store, const std::string& name, const std::string& address,
                    const std::string& now) {
  auto ins =
      store.db().prepare("INSERT INTO sign_in_failures(user_name, address, at) VALUES (?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, name).bind(2, address).bind(3, now);
  if (Status s = ins->run(); !s.ok()) return s;
  auto prune = store.db().prepare("DELETE FROM sign_in_failures WHERE at < ?");
  if (!prune.ok()) return prune.status();
  prune->bind(1, iso_in(-std::chrono::hours(24)));
  return prune->run();
}

}  // namespace

void prepare_sign_in() {
  init_sodium();
  (void)dummy_hash();
}

Result<SignIn> sign_in(Store& store, const std::string& name, std::string_view password,
                       const std::string& origin) {
  init_sodium();
  SignIn out;
  const std::string now = utc_now_iso();
  const std::string window = iso_in(-std::chrono::minutes(kLockMinutes));
  // The address's budget, whatever the names.
  auto from_address =
      count_of(store, "SELECT count(*) FROM sign_in_failures WHERE address = ? AND at > ?",
               {origin, window});
  if (!from_address.ok()) return from_address.status();
  if (*from_address >= kAddressBudget) {
    out.outcome = SignIn::kAddressBlocked;
    return out;
  }
  // This name from this address: failures since its last success (older
  // than a day are pruned), locked while the latest is recent.
  auto pair = store.db().prepare(
      "SELECT count(*), coalesce(max(at), '') FROM sign_in_failures "
      "WHERE user_name = ? AND address = ?");
  if (!pair.ok()) return pair.status();
  pair->bind(1, name).bind(2, origin);
  Status s;
  int failures = 0;
  std::string latest;
  if (pair->step(&s)) {
    failures = static_cast<int>(pair->int64(0));
    latest = pair->text(1);
  }
  if (!s.ok()) return s;
  out.failed_logins = failures;
  if (failures >= kLockAfter && latest > window) {
    out.outcome = SignIn::kLocked;
    return out;
  }

  auto st = store.db().prepare(
      fmt::format("SELECT {}, u.password_hash FROM users u WHERE u.name = ?", kUserColumns));
  if (!st.ok()) return st.status();
  // A name with a control or bidirectional character is nobody's (add_user
  // refuses it): it fails like any unknown name, after the same work.
  st->bind(1, find_unsafe_char(name) == std::string::npos ? name : std::string());
  std::optional<User> user;
  std::string hash = dummy_hash();
  if (st->step(&s)) {
    auto u = read_user(store, *st);
    if (!u.ok()) return u.status();
    user = std::move(*u);
    hash = st->text(8);
  }
  if (!s.ok()) return s;
  bool match = !password.empty() && password.size() <= 1024 &&
               crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  if (!user || !match) {
    // Known and unknown names alike: the same writes, the same answer.
    auto tx = Transaction::begin(store.db());
    if (!tx.ok()) return tx.status();
    if (Status f = note_failure(store, name, origin, now); !f.ok()) return f;
    out.failed_logins = failures + 1;
    const bool locks = out.failed_logins >= kLockAfter;
    auto up = store.db().prepare(
        "UPDATE users SET failed_logins = failed_logins + 1, "
        "locked_until = CASE WHEN ? THEN ? ELSE locked_until END WHERE name = ?");
    if (!up.ok()) return up.status();
    up->bind(1, locks ? 1 : 0).bind(2, iso_in(std::chrono::minutes(kLockMinutes))).bind(3, name);
    if (Status u = up->run(); !u.ok()) return u;
    if (Status c = (*tx)->commit(); !c.ok()) return c;
    if (locks) out.outcome = SignIn::kLocked;
    return out;
  }
  if (user->disabled) {
    out.outcome = SignIn::kDisabled;
    return out;
  }
  auto tx = Transaction::begin(store.db());
  if (!tx.ok()) return tx.status();
  auto reset = store.db().prepare("UPDATE users SET failed_logins = 0 WHERE user_id = ?");
  if (!reset.ok()) return reset.status();
  reset->bind(1, user->id);
  if (Status r = reset->run(); !r.ok()) return r;
  auto clear =
      store.db().prepare("DELETE FROM sign_in_failures WHERE user_name = ? AND address = ?");
  if (!clear.ok()) return clear.status();
  clear->bind(1, name).bind(2, origin);
  if (Status r = clear->run(); !r.ok()) return r;
  out.token = random_token();
  out.session.csrf_token = random_token();
  out.session.expires_at = iso_in(std::chrono::hours(kSessionHours));
  auto ins = store.db().prepare(
      "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at, origin, "
      "last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, token_hash(out.token))
      .bind(2, user->id)
      .bind(3, out.session.csrf_token)
      .bind(4, now)
      .bind(5, out.session.expires_at)
      .bind(6, origin)
      .bind(7, now);
  if (Status r = ins->run(); !r.ok()) return r;
  if (Status r = (*tx)->commit(); !r.ok()) return r;
  user->failed_logins = 0;
  out.session.user = std::move(*user);
  out.outcome = SignIn::kOk;
  return out;
}

Result<std::optional<Session>> find_session(Store& store, std::string_view token,
                                            std::chrono::minutes idle) {
  if (token.size() != 64) return std::optional<Session>();
  const std::string now = utc_now_iso();
  const std::string hash = token_hash(token);
  auto st = store.db().prepare(
      fmt::format("SELECT {}, s.csrf_token, s.expires_at, coalesce(s.last_seen_at, s.created_at) "
                  "FROM sessions s JOIN users u USING (user_id) "
                  "WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ? "
                  "AND coalesce(s.last_seen_at, s.created_at) > ? AND u.disabled = 0",
                  kUserColumns));
  if (!st.ok()) return st.status();
  st->bind(1, hash).bind(2, now).bind(3, iso_in(-idle));
  Status s;
  if (st->step(&s)) {
    auto u = read_user(store, *st);
    if (!u.ok()) return u.status();
    Session out{std::move(*u), st->text(8), st->text(9)};
    const std::string last_seen = st->text(10);
    st->reset();
    if (last_seen < iso_in(-std::chrono::seconds(kLastSeenEverySeconds))) {
      auto up = store.db().prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
      if (!up.ok()) return up.status();
      up->bind(1, now).bind(2, hash);
      if (Status w = up->run(); !w.ok()) return w;
    }
    return std::optional<Session>(std::move(out));
  }
  if (!s.ok()) return s;
  return std::optional<Session>();
}

Status revoke_session(Store& store, std::string_view token) {
  auto st = store.db().prepare("UPDATE sessions SET revoked = 1 WHERE token_hash = ?");
  if (!st.ok()) return st.status();
  st->bind(1, token_hash(token));
  return st->run();
}

Result<int> revoke_user_sessions(Store& store, const std::string& name) {
  auto id = user_id(store, name);
  if (!id.ok()) return id.status();
  auto st = store.db().prepare(
      "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0 AND expires_at > ?");
  if (!st.ok()) return st.status();
  st->bind(1, *id).bind(2, utc_now_iso());
  if (Status s = st->run(); !s.ok()) return s;
  return static_cast<int>(store.db().changes());
}

Result<std::string> pseudonym_key(Store& store) {
  const std::string& key = store.keys().pseudonym;
  if (key.size() < crypto_generichash_KEYBYTES_MIN)
    return Status::store_error("the store was opened without its pseudonym key");
  return key;
}

std::string pseudonymise(std::string_view key, std::string_view nhs_number) {
  init_sodium();
  unsigned char h[8];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(nhs_number.data()),
                     nhs_number.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     std::clamp<size_t>(key.size(), crypto_generichash_KEYBYTES_MIN,
                                        crypto_generichash_KEYBYTES_MAX));
  return std::string("P").append(hex(h, sizeof h));
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace bc
