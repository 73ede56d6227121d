// Tests of the web application over HTTP: the real `bettercare serve` on a
// real store, asked with cpp-httplib's client.
//
// The store: a synthetic city of 20,000 people (bettercare synth), two
// spells of people who are not registered (so that data quality has
// unlinked people), a risk model trained at 2017-04-01, a scheme report
// for CLU 2017/18:Q4 and one user per
// role plus a few users that the session tests sign out, revoke, disable
// and lock. Making it takes a few seconds, so it is made once per build
// (tests/cli/made_once.h, under a file lock, so parallel ctest runs share
// it) and copied for each test suite: every suite starts from the same
// store and its own server.
//
// HttpTest::SetUpTestSuite copies the store and starts `bettercare --db X
// serve --port 0`, reading the port from its first line;
// TearDownTestSuite sends SIGTERM and expects exit code 0 and
// "bettercare: stopped" (a graceful stop). Every response any test
// receives through get()/post() is checked for what no response may
// carry: a file path, SQL, a C++ exception, and missing security headers;
// and every API reply against the OpenAPI document (api_contract.h).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api_contract.h"
#include "harness.h"
#include "html_doc.h"
#include "made_once.h"

extern char** environ;

namespace bc::test {

// A client whose peer closes while it is still sending (a server refusing
// a body too large) gets EPIPE, as a real client does, not a SIGPIPE that
// would end the test process.
inline const bool kIgnoreSigpipe = [] {
  signal(SIGPIPE, SIG_IGN);
  return true;
}();

// ---- The accounts of the test store -----------------------------------------

struct Account {
  std::string name;
  std::string role;
  std::string cluster;  // clinicians
  std::string scheme;   // scheme leads
};

// The area's name every test server is started with (serve --area).
inline constexpr const char* kTestArea = "Test City";

// One per role (the clinician cares for cluster C1, the scheme lead leads
// CAR), then users that the session tests sign out, revoke, disable and
// lock, the board officer (tests/http/board_pages_test.cc) and the quality
// team (tests/http/provider_pages_test.cc).
inline const std::vector<Account>& accounts() {
  static const std::vector<Account> kAccounts = {
      {"admin", "admin", "", ""},           {"analyst", "analyst", "", ""},
      {"finance", "finance", "", ""},       {"lead", "scheme_lead", "", "CAR"},
      {"board", "board", "", ""},           {"clin", "clinician", "C1", ""},
      {"leaver", "board", "", ""},          {"revokee", "board", "", ""},
      {"admin_revokee", "finance", "", ""}, {"disablee", "board", "", ""},
      {"lockee", "board", "", ""},          {"page_lockee", "board", "", ""},
      {"changer", "board", "", ""},         {"role_changee", "board", "", ""},
      {"timing", "board", "", ""},          {"idler", "board", "", ""},
      {"officer", "board_officer", "", ""}, {"quality", "quality", "", ""},
  };
  return kAccounts;
}

// The six users with one role each, by role.
inline const std::vector<std::string>& role_users() {
  static const std::vector<std::string> kUsers = {"admin", "analyst", "finance",
                                                  "lead",  "board",   "clin"};
  return kUsers;
}

inline std::string password_of(const std::string& user) {
  return "pw-" + user + "-2018!";
}

// People of the store (from the synthetic city with its default seed,
// checked when the store is made).
struct People {
  std::string c1;           // registered in C1, with hospital activity
  std::string c2;           // registered in C2
  std::string unlinked;     // has a spell but is not registered
  std::string unlinked2;    // likewise
  std::string nonexistent;  // a valid NHS number nobody has
};

inline const People& people() {
  static People p = [] {
    People out;
    out.unlinked = "9990500002";
    out.unlinked2 = "9990500010";
    out.nonexistent = "9990500029";
    return out;
  }();
  return p;
}

// ---- Running the CLI -----------------------------------------------------

// Runs bettercare with args (each shell-quoted) in dir, with `input` on
// standard input. In the pg. pass a `--db FILE` names the test's database
// for FILE (harness.h, store_address), with its key file.
inline RunResult run_in(const fs::path& dir, const std::vector<std::string>& given,
                        const std::string& input = "") {
  const bool names_store = std::find(given.begin(), given.end(), "--db") != given.end();
  const std::vector<std::string> args = names_store ? with_store_addresses(dir, given, "") : given;
  const fs::path in = dir / ".stdin";
  write_file(in, input);
  std::string cmd = "cd " + shell_quote(dir.string()) + " && " + shell_quote(BC_BINARY);
  for (const auto& a : args) cmd.append(" ").append(shell_quote(a));
  cmd += " >" + shell_quote((dir / ".stdout").string()) + " 2>" +
         shell_quote((dir / ".stderr").string()) + " <" + shell_quote(in.string());
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / ".stdout");
  r.err = read_file(dir / ".stderr");
  return r;
}

// An NHS number as ten digits (as stored, it is an integer); "" for none.
inline std::string nhs_number_text(int64_t n) {
  return n < 0 ? std::string() : fmt::format("{:010d}", n);
}

// A time `seconds` from now (before it when negative) as the store writes
// one ("2018-06-01T12:00:00Z"), for a test that moves a session's clock.
inline std::string utc_seconds_from_now(int seconds) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// ---- The store, made once per build --------------------------------------

// Makes the test store in `dir` (store.db); "" or what went wrong. In the
// pg. pass it is a database (harness.h) unless `pg` is false.
inline std::string make_store(const fs::path& dir, bool pg) {
  if (!pg) keep_sqlite(dir / "store.db");
  auto step = [&](const std::vector<std::string>& args,
                  const std::string& input = "") -> std::string {
    RunResult r = run_in(dir, args, input);
    if (r.code == 0) return "";
    std::string what = "bettercare";
    for (const auto& a : args) what += " " + a;
    return what + " exited " + std::to_string(r.code) + ": " + r.err + r.out;
  };
  std::string err;
  if (!(err = step({"synth", "--out", "city", "--persons", "20000"})).empty()) return err;
  if (!(err = step({"--db", "store.db", "init"})).empty()) return err;
  // Relative paths: the import history shows the path as given.
  // The city covers 2016/17 to 2018/19: a month with no admission of some
  // kind in so small a city is a real zero, declared so.
  if (!(err = step({"--db", "store.db", "import", "--covers", "2016-04..2019-03", "city"})).empty())
    return err;
  fs::create_directories(dir / "extra");
  write_file(dir / "extra" / "unlinked_spells.csv",
             "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
             "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n"
             "XU1," +
                 people().unlinked +
                 ",RHM,2018-06-02,2018-06-04,21,J18.9,,19,1200.00\n"
                 "XU2," +
                 people().unlinked2 + ",RHM,2018-06-03,2018-06-03,21,R07.4,,19,300.00\n");
  if (!(err = step({"--db", "store.db", "import", "--kind", "spells", "extra/unlinked_spells.csv"}))
           .empty())
    return err;
  // A risk model (docs/risk.md) trained where its outcome year is loaded:
  // the registers, risk scores and distributions need one.
  if (!(err = step({"--db", "store.db", "risk", "train", "--index", "2017-04-01"})).empty())
    return err;
  fs::copy_file(fs::path(BC_SOURCE_DIR) / "docs/examples/scheme-report-clusters-2017-18-q4.md",
                dir / "clu-q4.md", fs::copy_options::overwrite_existing);
  if (!(err = step({"--db", "store.db", "scheme-report", "set", "--scheme", "CLU", "--quarter",
                    "2017/18:Q4", "--file", "clu-q4.md"}))
           .empty())
    return err;
  for (const Account& a : accounts()) {
    std::vector<std::string> args = {"--db", "store.db", "user", "add", a.name, "--role", a.role};
    if (!a.cluster.empty()) args.insert(args.end(), {"--cluster", a.cluster});
    if (!a.scheme.empty()) args.insert(args.end(), {"--scheme", a.scheme});
    args.push_back("--password-stdin");
    if (!(err = step(args, password_of(a.name) + "\n")).empty()) return err;
  }
  return "";
}

// Copies a store and its key file (DB.key) to to (and to.key).
inline void copy_store(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to);
  fs::copy_file(from.string() + ".key", to.string() + ".key");
}

// The path of the cached store (made_once.h); sets *error instead when it
// cannot be made. In the pg. pass its store is a database, copied with the
// file that stands for it (copy_store), unless `pg` is false: then it is
// an SQLite file there too (for a test that moves it into PostgreSQL).
inline fs::path cached_store(std::string* error, bool pg = on_postgresql()) {
  const fs::path made = made_once(
      "http-store",
      [pg](const fs::path& dir) {
        std::string err = make_store(dir, pg);
        for (const char* suffix : {"-wal", "-shm"}) {
          if (err.empty() && fs::exists(dir / (std::string("store.db") + suffix)))
            err = "the store was left with a -wal or -shm file";
        }
        return err.empty() ? err : "making the test store failed: " + err;
      },
      error, pg);
  if (!pg && error->empty()) keep_sqlite(made / "store.db");
  return error->empty() ? made / "store.db" : fs::path();
}

// ---- The server process --------------------------------------------------

// `bettercare --db DB serve --port 0`, its stdout on a pipe and its stderr
// (the access log) in a file.
class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  // Starts it on `port` (0: any free port), with `serve_args` after the
  // port, and waits (up to 30 s, on the pipe) for the ready line; "" or
  // what went wrong.
  std::string start(const fs::path& db, const fs::path& access_log, int port = 0,
                    const std::vector<std::string>& serve_args = {}) {
    log_path_ = access_log;
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return "pipe failed";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipe_fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, access_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addclose(&fa, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&fa, pipe_fds[1]);
    // In the pg. pass, the test's database for the file (harness.h).
    const TestAddress store = store_address(db.parent_path(), db.string());
    std::vector<std::string> args = {
        BC_BINARY, "--db", store.db, "serve", "--port", std::to_string(port), "--area", kTestArea};
    if (!store.key_file.empty()) args.insert(args.begin() + 1, {"--key-file", store.key_file});
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawn(&pid_, BC_BINARY, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipe_fds[1]);
    out_ = pipe_fds[0];
    if (rc != 0) {
      pid_ = -1;
      return "posix_spawn failed: " + std::to_string(rc);
    }
    // The first line: "bettercare: serving X at http://127.0.0.1:PORT/ (Ctrl-C to stop)".
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (stdout_.find('\n') == std::string::npos) {
      if (!read_some(deadline)) {
        return "the server did not say it was ready; stdout: " + stdout_ +
               "; stderr: " + read_file(access_log);
      }
    }
    first_line_ = stdout_.substr(0, stdout_.find('\n'));
    std::smatch m;
    static const std::regex kReady(
        R"(^bettercare: serving .* at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)$)");
    if (!std::regex_match(first_line_, m, kReady)) return "unexpected first line: " + first_line_;
    port_ = std::stoi(m[1].str());
    return "";
  }

  // SIGTERM, then waits (up to 30 s, on the pipe's end) for the exit.
  // Returns the exit code (128 + signal when killed by one; -1 when it did
  // not stop in time and had to be killed).
  int stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    bool eof = false;
    while (!eof) {
      if (!read_some(deadline, &eof)) break;
    }
    int status = 0;
    int code = -1;
    if (eof) {
      waitpid(pid_, &status, 0);
      code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return code;
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& first_line() const { return first_line_; }
  // Everything the server wrote on stdout so far.
  const std::string& output() const { return stdout_; }
  fs::path access_log() const { return log_path_; }

 private:
  // Reads what is there (waiting until the deadline); false on timeout or
  // end of file (*eof set).
  bool read_some(std::chrono::steady_clock::time_point deadline, bool* eof = nullptr) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) {
      if (eof != nullptr) *eof = true;
      return false;
    }
    stdout_.append(buf, static_cast<size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::string stdout_;
  std::string first_line_;
  fs::path log_path_;
};

// ---- Requests and replies ------------------------------------------------

struct Reply {
  int status = 0;  // 0: no answer at all
  std::string body;
  httplib::Headers headers;

  bool has_header(const std::string& name) const { return headers.find(name) != headers.end(); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    auto [lo, hi] = headers.equal_range(name);
    for (auto it = lo; it != hi; ++it) out.push_back(it->second);
    return out;
  }
  // The body as JSON (discarded when it is not JSON).
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  // The value a Set-Cookie header gives a cookie, or nullopt.
  std::optional<std::string> cookie(const std::string& name) const {
    for (const auto& c : all("Set-Cookie")) {
      if (c.rfind(name + "=", 0) == 0) {
        std::string v = c.substr(name.size() + 1);
        return v.substr(0, v.find(';'));
      }
    }
    return std::nullopt;
  }
  std::string describe() const { return std::to_string(status) + " " + body.substr(0, 600); }
};

// A signed-in user: the session cookie and the session's CSRF token.
struct Session {
  std::string user;
  std::string cookie;  // bc_session
  std::string csrf;
};

// For post(): send no X-CSRF-Token header at all.
inline const std::optional<std::string> kNoCsrf = std::nullopt;

// Whether a metric counts people (delayed days are a return of days by
// provider, not people; the engine does not suppress them).
inline bool counts_people(const std::string& metric) {
  return metric != "delayed_days" && metric != "dtoc_rate" && metric != "dtoc_days_per_100k_18";
}

// A figure that suppression hides: a count of 1 to 7.
inline bool small_count(const nlohmann::json& v) {
  return v.is_number() && v.get<double>() >= 1 && v.get<double>() <= 7;
}

// Percent-encodes everything but RFC 3986's unreserved characters.
inline std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

inline std::string url_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields)
    out.append(out.empty() ? "" : "&").append(url_encode(k)).append("=").append(url_encode(v));
  return out;
}

// What no response may carry, whatever was asked (docs/security.md): a file
// path, SQL, a C++ exception or type.
inline std::vector<std::string> leaks_in(const std::string& body) {
  std::vector<std::string> found;
  std::string lower = body;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* w : {"/work/", "/tmp/", "sqlite", "std::"}) {
    if (lower.find(w) != std::string::npos) found.push_back(w);
  }
  // "exception" as a word: a checklist's "exceptional arrangements" is not a leak.
  for (size_t at = lower.find("exception"); at != std::string::npos;
       at = lower.find("exception", at + 1)) {
    const size_t end = at + 9;
    if (end >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]))) {
      found.push_back("exception");
      break;
    }
  }
  // SQL keywords in capitals (an HTML <select> is lower case).
  for (const char* w : {"SELECT", "INSERT INTO", "UPDATE ", "DELETE FROM"}) {
    if (body.find(w) != std::string::npos) found.push_back(w);
  }
  if (const char* cache = BC_TEST_CACHE; body.find(cache) != std::string::npos)
    found.push_back("the store's directory");
  return found;
}

// The security headers every response carries (docs/security.md);
// problems found, empty when right.
inline std::vector<std::string> header_problems(const Reply& r) {
  std::vector<std::string> p;
  std::string csp = r.header("Content-Security-Policy");
  if (csp.empty()) {
    p.push_back("no Content-Security-Policy");
  } else {
    size_t s = csp.find("script-src");
    if (s == std::string::npos) {
      if (csp.find("default-src 'self'") == std::string::npos) p.push_back("no script-src");
    } else {
      std::string script = csp.substr(s, csp.find(';', s) - s);
      if (script.find("'unsafe-inline'") != std::string::npos ||
          script.find("'unsafe-eval'") != std::string::npos)
        p.push_back("script-src allows inline script: " + script);
    }
    if (csp.find("frame-ancestors 'none'") == std::string::npos)
      p.push_back("no frame-ancestors 'none'");
  }
  if (r.header("X-Content-Type-Options") != "nosniff") p.push_back("no X-Content-Type-Options");
  if (r.has_header("Server")) p.push_back("a Server header: " + r.header("Server"));
  if (r.has_header("X-Powered-By")) p.push_back("an X-Powered-By header");
  return p;
}

// One request to the server on `port`. `cookies`: name=value pairs for the
// Cookie header. Every reply is checked for leaks and security headers.
inline Reply http_request(int port, const std::string& method, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& cookies = {},
                          const httplib::Headers& headers = {}, const std::string& body = "",
                          const std::string& content_type = "") {
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(false);
  c.set_url_encode(false);  // paths are sent exactly as written
  c.set_connection_timeout(10, 0);
  c.set_read_timeout(30, 0);
  c.set_write_timeout(30, 0);
  httplib::Headers h = headers;
  std::string cookie;
  for (const auto& [k, v] : cookies) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) h.emplace("Cookie", cookie);
  httplib::Result res =
      method == "GET" ? c.Get(path, h)
                      : c.Post(path, h, body, content_type.empty() ? "text/plain" : content_type);
  Reply r;
  if (!res) {
    ADD_FAILURE() << method << " " << path.substr(0, 200) << ": no answer ("
                  << httplib::to_string(res.error()) << ")";
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  r.headers = res->headers;
  auto leaks = leaks_in(r.body);
  EXPECT_TRUE(leaks.empty()) << method << " " << path.substr(0, 200) << " leaks "
                             << ::testing::PrintToString(leaks) << ":\n"
                             << r.body.substr(0, 2000);
  auto problems = header_problems(r);
  EXPECT_TRUE(problems.empty()) << method << " " << path.substr(0, 200) << ": "
                                << ::testing::PrintToString(problems);
  EXPECT_EQ(contract_problem(method, path, r.status, r.header("Content-Type"), r.body), "")
      << method << " " << path.substr(0, 200) << " " << r.status
      << ": the reply is not as the OpenAPI document says";
  return r;
}

// Signs in at the server on `port` through the API (GET /api/v1/csrf, then
// POST /api/v1/session); the reply of the POST, and *out when it worked.
inline Reply sign_in_at(int port, const std::string& name, const std::string& password,
                        Session* out = nullptr) {
  Reply pre = http_request(port, "GET", "/api/v1/csrf");
  std::string token = pre.json().value("csrf", "");
  std::optional<std::string> cookie = pre.cookie("bc_csrf");
  EXPECT_FALSE(token.empty()) << pre.describe();
  EXPECT_EQ(cookie.value_or(""), token);
  nlohmann::json body = {{"name", name}, {"password", password}};
  Reply r = http_request(port, "POST", "/api/v1/session", {{"bc_csrf", cookie.value_or("")}},
                         {{"X-CSRF-Token", token}}, body.dump(), "application/json");
  if (out != nullptr && r.status == 200) {
    out->user = name;
    out->cookie = r.cookie("bc_session").value_or("");
    out->csrf = r.json().value("csrf", "");
  }
  return r;
}

// ---- The fixture ---------------------------------------------------------

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start_suite({}); }

  // A suite whose server runs with other `serve` options defines its own
  // SetUpTestSuite calling this.
  static void start_suite(const std::vector<std::string>& serve_args) {
    state() = std::make_unique<State>();
    State& s = *state();
    std::string err;
    fs::path cached = cached_store(&err);
    if (!err.empty()) {
      s.error = err;
      return;
    }
    s.dir = std::make_unique<TempDir>();
    s.db = s.dir->path() / "store.db";
    copy_store(cached, s.db);
    s.server = std::make_unique<ServerProcess>();
    s.error = s.server->start(s.db, s.dir->path() / "access.log", 0, serve_args);
    if (!s.error.empty()) return;
    s.error = find_people(s.db);
  }

  static void TearDownTestSuite() {
    State& s = *state();
    if (s.server && s.error.empty()) {
      int code = s.server->stop();
      EXPECT_EQ(code, 0) << "the server did not stop cleanly on SIGTERM; stdout: "
                         << s.server->output();
      EXPECT_NE(s.server->output().find("bettercare: stopped"), std::string::npos)
          << s.server->output();
    }
    state().reset();
  }

  void SetUp() override {
    ASSERT_TRUE(state() && state()->error.empty()) << (state() ? state()->error : "no state");
  }

  static fs::path db() { return state()->db; }
  static int port() { return state()->server->port(); }
  static ServerProcess& server() { return *state()->server; }

  // The CLI on the running server's store.
  static RunResult cli(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--db", db().string()});
    return run_in(state()->dir->path(), args, input);
  }

  // One request to the suite's server (http_request).
  static Reply request(const std::string& method, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& cookies = {},
                       const httplib::Headers& headers = {}, const std::string& body = "",
                       const std::string& content_type = "") {
    return http_request(port(), method, path, cookies, headers, body, content_type);
  }

  static Reply get(const std::string& path, const Session* s = nullptr,
                   const httplib::Headers& headers = {}) {
    std::vector<std::pair<std::string, std::string>> cookies;
    if (s != nullptr) cookies.emplace_back("bc_session", s->cookie);
    return request("GET", path, cookies, headers);
  }

  // A POST with the session's CSRF token in X-CSRF-Token.
  static Reply post(const std::string& path, const Session* s, const std::string& body,
                    const std::string& content_type = "application/json") {
    return post_with_token(path, s, body, content_type,
                           s != nullptr ? std::optional<std::string>(s->csrf) : std::nullopt);
  }
  // The same with `csrf` as the token instead, or kNoCsrf for none at all.
  // (Two functions, not an optional<optional<string>> defaulted argument:
  // GCC 12 at -O3 warns that such a default may be used uninitialized.)
  static Reply post(const std::string& path, const Session* s, const std::string& body,
                    const std::string& content_type, const std::optional<std::string>& csrf) {
    return post_with_token(path, s, body, content_type, csrf);
  }
  static Reply post_with_token(const std::string& path, const Session* s, const std::string& body,
                               const std::string& content_type,
                               const std::optional<std::string>& token) {
    std::vector<std::pair<std::string, std::string>> cookies;
    httplib::Headers h;
    if (s != nullptr) cookies.emplace_back("bc_session", s->cookie);
    if (token) h.emplace("X-CSRF-Token", *token);
    return request("POST", path, cookies, h, body, content_type);
  }

  // A form POST (application/x-www-form-urlencoded) with the session's
  // cookie; the CSRF token is whatever `fields` carry.
  static Reply post_form(const std::string& path, const Session* s,
                         const std::vector<std::pair<std::string, std::string>>& fields) {
    std::vector<std::pair<std::string, std::string>> cookies;
    if (s != nullptr) cookies.emplace_back("bc_session", s->cookie);
    return request("POST", path, cookies, {}, form_encode(fields),
                   "application/x-www-form-urlencoded");
  }

  // Signs in at the suite's server (sign_in_at).
  static Reply sign_in_api(const std::string& name, const std::string& password,
                           Session* out = nullptr) {
    return sign_in_at(port(), name, password, out);
  }

  // Signs in through the sign-in page (GET /login, POST /login with the form's
  // csrf field and the bc_csrf cookie); the reply of the POST, and *out
  // (with the session's CSRF token from GET /api/v1/session) when it worked.
  static Reply sign_in_page(const std::string& name, const std::string& password,
                            Session* out = nullptr, const std::string& next = "/") {
    Reply page = request("GET", "/login?next=" + url_encode(next));
    EXPECT_EQ(page.status, 200);
    HtmlDoc doc(page.body);
    std::string token =
        HtmlDoc::attr(doc.one("//form[@action='/login']//input[@name='csrf']"), "value");
    std::optional<std::string> cookie = page.cookie("bc_csrf");
    EXPECT_EQ(cookie.value_or(""), token);
    Reply r = request(
        "POST", "/login", {{"bc_csrf", cookie.value_or("")}}, {},
        form_encode({{"csrf", token}, {"name", name}, {"password", password}, {"next", next}}),
        "application/x-www-form-urlencoded");
    if (out != nullptr && r.status == 303) {
      out->user = name;
      out->cookie = r.cookie("bc_session").value_or("");
      Reply me = get("/api/v1/session", out);
      out->csrf = me.json().value("csrf", "");
    }
    return r;
  }

  // A session of `user` (signed in through the API once per suite).
  static const Session& as(const std::string& user) {
    auto& cache = state()->sessions;
    auto it = cache.find(user);
    if (it != cache.end()) return it->second;
    Session s;
    Reply r = sign_in_api(user, password_of(user), &s);
    EXPECT_EQ(r.status, 200) << user << ": " << r.describe();
    return cache.emplace(user, s).first->second;
  }

  // Whether the server still answers.
  static bool healthy() {
    Reply h = request("GET", "/healthz");
    return h.status == 200 && h.body == "ok\n";
  }

  static const People& who() { return state()->people; }

 private:
  struct State {
    std::string error;
    std::unique_ptr<TempDir> dir;
    fs::path db;
    std::unique_ptr<ServerProcess> server;
    std::map<std::string, Session> sessions;
    People people;
  };
  static std::unique_ptr<State>& state() {
    static std::unique_ptr<State> s;
    return s;
  }

  // Finds people of C1 (with a hospital spell) and C2 in the store.
  static std::string find_people(const fs::path& db) {
    People& p = state()->people;
    p = people();
    p.c1 = nhs_number_text(
        query_int(db,
                  "SELECT p.nhs_number FROM persons p JOIN practices r "
                  "USING (practice_code) WHERE r.cluster_code = 'C1' AND p.nhs_number IN "
                  "(SELECT nhs_number FROM spells) ORDER BY p.nhs_number LIMIT 1"));
    p.c2 = nhs_number_text(query_int(db,
                                     "SELECT p.nhs_number FROM persons p JOIN practices r "
                                     "USING (practice_code) WHERE r.cluster_code = 'C2' ORDER BY "
                                     "p.nhs_number LIMIT 1"));
    for (const std::string* n : {&p.c1, &p.c2}) {
      if (n->size() != 10) return "the store has no person of C1 and C2: " + *n;
    }
    for (const std::string& n : {p.unlinked, p.unlinked2, p.nonexistent}) {
      if (query_int(db, "SELECT count(*) FROM persons WHERE nhs_number = " + n) != 0)
        return n + " is registered in the store; choose another unregistered NHS number";
    }
    return "";
  }
};

// ---- Independent computations -------------------------------------------

// Runs SQL on a store (a test's way to move time: expire a session); the
// error, or "". In the pg. pass, on the test's database (harness.h).
inline std::string exec_sql(const fs::path& db_path, const std::string& sql) {
  if (is_postgresql_address(store_address(db_path.parent_path(), db_path.string()).db))
    return exec_on_store(db_path, sql);
  sqlite3* db = nullptr;
  std::string err;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    err = "cannot open the store";
  } else {
    sqlite3_busy_timeout(db, 10000);
    char* msg = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK)
      err = msg != nullptr ? msg : "failed";
    sqlite3_free(msg);
  }
  sqlite3_close(db);
  return err;
}

// The store's pseudonym key (bytes), read from its key file (DB.key, the
// line "pseudonym HEX"; docs/security.md).
inline std::string pseudonym_key(const fs::path& db_path) {
  std::istringstream in(read_file(db_path.string() + ".key"));
  std::string line, key;
  while (std::getline(in, line)) {
    if (line.rfind("pseudonym ", 0) != 0) continue;
    for (size_t i = 10; i + 1 < line.size(); i += 2)
      key += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
  }
  return key;
}

inline std::string to_hex(const unsigned char* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", p[i]);
    out += b;
  }
  return out;
}

// docs/security.md: "P" and 16 hex digits of BLAKE2b keyed with the store's
// key, computed here with libsodium directly.
inline std::string pseudonym_of(const std::string& key, const std::string& nhs) {
  if (sodium_init() < 0) return "";
  unsigned char h[8];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(nhs.data()), nhs.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return "P" + to_hex(h, sizeof h);
}

// The hex BLAKE2b-256 of a session token: what the store keeps.
inline std::string token_hash(const std::string& token) {
  if (sodium_init() < 0) return "";
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(h, sizeof h);
}

// Every key of a JSON value, at any depth.
inline void collect_keys(const nlohmann::json& j, std::set<std::string>* out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      out->insert(k);
      collect_keys(v, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_keys(v, out);
  }
}

// A run of exactly ten digits anywhere (an NHS number).
inline bool has_ten_digits(const std::string& s) {
  static const std::regex kTen(R"((^|[^0-9])[0-9]{10}([^0-9]|$))");
  return std::regex_search(s, kTen);
}

// Ten digits outside a pseudonym (P and 16 hex digits, which may run to
// ten digits: a store's pseudonym key is its own, so whether they do
// differs from store to store) and a token (the sign-out form's CSRF
// token is 64 hex digits): what an NHS number in a reply looks like.
inline bool has_nhs_number(const std::string& body) {
  static const std::regex kPseudonymHex(R"(P[0-9a-f]{16})");
  static const std::regex kToken(R"([0-9a-f]{32,})");
  return has_ten_digits(
      std::regex_replace(std::regex_replace(body, kPseudonymHex, "P"), kToken, "T"));
}

}  // namespace bc::test
