// Two servers on one PostgreSQL store (docs/operations.md, "Several
// servers on one store"): the HTTP tests' city (server_fixture.h) moved
// into PostgreSQL with migrate-store, and two `bettercare serve`
// processes on it.
//
// From 16 client threads, half starting on each server, 1,000 writes: 100
// scheme reports each written by the lead, submitted and taken through the
// board's four steps (600 writes), each request on the other server from
// the one before, and after each step the report read back on the other
// server, which must show the step (an audited export: 400 audit entries
// more). Then, from the store itself: every step is there once and in
// order, the audit log has exactly the entries the replies promised (none
// lost, none twice), numbered without a gap, and `audit verify` passes.
// The workflow's order still holds under a race: 16 clients recording the
// same step of one report at once through both servers: one is recorded,
// the others are told 409 (docs/api.md) and change nothing.
//
// A reply of 503 (the store busy) may be retried: each is counted, and a
// retry that finds its step already recorded fails the test, since then a
// step was kept that its client was told was not.
//
// Runs in the pg. pass only (tests/CMakeLists.txt): elsewhere it is skipped
// saying why.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <latch>
#include <thread>

#include "server_fixture.h"
#include "store/postgres.h"

namespace bc::test {
namespace {

constexpr int kClients = 16;
constexpr int kReports = 100;  // 6 writes and 4 audited reads each: 1,000
constexpr int kFirstYear = 1990;
constexpr const char* kSteps[] = {"submit", "jcb_receive", "jcb_sign_off", "hwb_receive",
                                  "hwb_sign_off"};
constexpr const char* kStates[] = {"submitted", "received_by_jcb", "signed_off_by_jcb",
                                   "received_by_hwb", "signed_off_by_hwb"};
constexpr const char* kDates[] = {"2018-05-23", "2018-06-01", "2018-06-02", "2018-06-10",
                                  "2018-06-11"};

// The financial year starting in `start` as a quarter label and a path
// ("1990/91:Q1", "1990-91").
std::string quarter_label(int start, int q) {
  return fmt::format("{}/{:02d}:Q{}", start, (start + 1) % 100, q);
}
std::string report_path(int start, int q) {
  return fmt::format("/api/v1/schemes/CAR/reports/{}-{:02d}/Q{}", start, (start + 1) % 100, q);
}

// The Carers example report (docs/examples) for another quarter.
std::string carers_report(const std::string& quarter) {
  std::string toml =
      read_file(fs::path(BC_SOURCE_DIR) / "docs/examples/scheme-report-carers-2017-18-q4.toml");
  const std::string key = "quarter = \"2017/18:Q4\"";
  const size_t at = toml.find(key);
  if (at != std::string::npos) toml.replace(at, key.size(), "quarter = \"" + quarter + "\"");
  return toml;
}

class TwoServers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state() = std::make_unique<State>();
    State& s = *state();
    if (!on_postgresql()) {
      s.skip = "runs in the pg. pass, on PostgreSQL (tests/CMakeLists.txt)";
      return;
    }
    s.error = start(s);
  }

  static void TearDownTestSuite() {
    State& s = *state();
    for (auto& server : s.servers) {
      if (!server || !s.error.empty()) continue;
      EXPECT_EQ(server->stop(), 0) << server->output();
      EXPECT_NE(server->output().find("bettercare: stopped"), std::string::npos)
          << server->output();
    }
    state().reset();
  }

  void SetUp() override {
    if (!state()->skip.empty()) GTEST_SKIP() << state()->skip;
    ASSERT_EQ(state()->error, "");
  }

  static int port(int server) { return state()->servers[server % 2]->port(); }
  static const Session& lead() { return state()->lead; }
  static const Session& board() { return state()->board; }
  static const std::string& address() { return state()->address; }

  // A POST with the session's cookie and CSRF token, retried while the
  // server answers 503 (counted in *busy).
  static Reply post(int server, const Session& s, const std::string& path, const std::string& body,
                    const std::string& type, std::atomic<int>* busy) {
    for (int attempt = 0;; ++attempt) {
      Reply r = http_request(port(server), "POST", path, {{"bc_session", s.cookie}},
                             {{"X-CSRF-Token", s.csrf}}, body, type);
      if (r.status != 503 || attempt == 20) return r;
      ++*busy;
    }
  }
  static Reply step(int server, const Session& s, const std::string& report,
                    const std::string& name, const std::string& date, std::atomic<int>* busy) {
    return post(server, s, report + "/steps",
                nlohmann::json({{"step", name}, {"date", date}, {"note", "two servers"}}).dump(),
                "application/json", busy);
  }
  static Reply get(int server, const Session& s, const std::string& path) {
    return http_request(port(server), "GET", path, {{"bc_session", s.cookie}});
  }

  // The rows of a query of `columns` columns on the store, each a list of
  // its values as text.
  static std::vector<std::vector<std::string>> rows(const std::string& sql, int columns) {
    std::vector<std::vector<std::string>> out;
    auto db = PgDb::open(address());
    EXPECT_TRUE(db.ok()) << db.error();
    if (!db.ok()) return out;
    auto st = (*db)->prepare(sql);
    EXPECT_TRUE(st.ok()) << st.error();
    if (!st.ok()) return out;
    Status s;
    while (st->step(&s)) {
      std::vector<std::string> row;
      for (int c = 0; c < columns; ++c) row.push_back(st->is_null(c) ? "NULL" : st->text(c));
      out.push_back(std::move(row));
    }
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }
  static int64_t number(const std::string& sql) {
    auto r = rows(sql, 1);
    return r.size() == 1 && r[0].size() == 1 ? std::stoll(r[0][0]) : -1;
  }

  // The CLI on the store.
  static RunResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", address(), "--key-file", state()->key_file.string()});
    return run_in(state()->dir->path(), args);
  }

 private:
  struct State {
    std::string skip;
    std::string error;
    std::unique_ptr<TempDir> dir;
    std::string address;
    fs::path key_file;
    std::unique_ptr<ServerProcess> servers[2];
    Session lead, board;
  };
  static std::unique_ptr<State>& state() {
    static std::unique_ptr<State> s;
    return s;
  }

  // The city into a new database, two servers on it, the lead and the
  // board signed in (on the first server: the sessions serve on both).
  static std::string start(State& s) {
    std::string err;
    // The SQLite city, moved into PostgreSQL here (migrate-store is part
    // of what is tested).
    const fs::path cached = cached_store(&err, /*pg=*/false);
    if (!err.empty()) return err;
    s.dir = std::make_unique<TempDir>();
    const fs::path copy = s.dir->path() / "store.db";
    keep_sqlite(copy);
    copy_store(cached, copy);
    s.key_file = copy.string() + ".key";
    auto made = test_store_address(s.dir->path() / "pg");
    if (!made.ok()) return made.error();
    s.address = made->db;
    RunResult moved = run_in(s.dir->path(), {"--db", copy.string(), "migrate-store", "--from",
                                             copy.string(), "--to", s.address});
    if (moved.code != 0)
      return "migrate-store exited " + std::to_string(moved.code) + ": " + moved.err;
    for (auto& server : s.servers) {
      server = std::make_unique<ServerProcess>();
      const fs::path log = s.dir->path() / fmt::format("access{}.log", &server - s.servers);
      err = server->start(s.address, log, 0, {"--key-file", s.key_file.string()});
      if (!err.empty()) return err;
    }
    for (auto [name, out] : {std::pair{"lead", &s.lead}, std::pair{"board", &s.board}}) {
      Reply r = sign_in_at(s.servers[0]->port(), name, password_of(name), out);
      if (r.status != 200) return std::string(name) + " cannot sign in: " + r.describe();
    }
    return "";
  }
};

TEST_F(TwoServers, ASessionMadeOnOneServerServesOnTheOther) {
  // Sessions live in the store: no server keeps one of its own.
  Session s;
  ASSERT_EQ(sign_in_at(port(1), "analyst", password_of("analyst"), &s).status, 200);
  Reply there = get(0, s, "/api/v1/session");
  ASSERT_EQ(there.status, 200) << there.describe();
  EXPECT_EQ(there.json()["user"], "analyst") << there.body;
  // Signed out on one, the session is over on both.
  std::atomic<int> busy{0};
  EXPECT_EQ(post(0, s, "/api/v1/session/logout", "", "application/json", &busy).status, 200);
  EXPECT_EQ(get(1, s, "/api/v1/session").status, 401);
  EXPECT_EQ(get(0, s, "/api/v1/session").status, 401);
}

TEST_F(TwoServers, AThousandWritesThroughBothServersAreEachKeptOnce) {
  const int64_t before = number("SELECT coalesce(max(audit_id), 0) FROM audit_log");
  ASSERT_GT(before, 0);
  std::atomic<int> busy{0};
  std::atomic<int> writes{0}, reads{0};
  // What the replies promise the audit log holds: (actor, action, subject).
  std::mutex mu;
  std::multiset<std::tuple<std::string, std::string, std::string>> promised;
  auto promise = [&](const std::string& actor, const std::string& action,
                     const std::string& subject) {
    std::lock_guard lock(mu);
    promised.emplace(actor, action, subject);
  };

  auto client = [&](int c) {
    for (int r = c; r < kReports; r += kClients) {
      const int year = kFirstYear + r / 4;
      const int q = r % 4 + 1;
      const std::string quarter = quarter_label(year, q);
      const std::string path = report_path(year, q);
      int server = c;  // each request on the other server from the one before
      Reply set = post(server++, lead(), path, carers_report(quarter), "application/toml", &busy);
      ASSERT_EQ(set.status, 200) << quarter << ": " << set.describe();
      ASSERT_EQ(set.json()["result"], "created") << set.body;
      ++writes;
      promise("lead", "edit_scheme_report", fmt::format("CAR {} v1", quarter));
      for (int i = 0; i < 5; ++i) {
        const Session& who = i == 0 ? lead() : board();
        Reply done = step(server++, who, path, kSteps[i], kDates[i], &busy);
        ASSERT_EQ(done.status, 200) << quarter << " " << kSteps[i] << ": " << done.describe();
        EXPECT_EQ(done.json()["state"], kStates[i]) << done.body;
        ++writes;
        promise(who.user, i == 0 ? "submit_scheme_report" : "scheme_report_step",
                fmt::format("CAR {} v1 {} {}", quarter, kSteps[i], kDates[i]));
        if (i == 4) break;
        // The other server sees the step at once.
        Reply read = get(server++, board(), path);
        ASSERT_EQ(read.status, 200) << quarter << ": " << read.describe();
        EXPECT_EQ(read.json()["state"], kStates[i]) << quarter;
        EXPECT_EQ(read.json()["steps"].size(), static_cast<size_t>(i + 1)) << quarter;
        ++reads;
        promise("board", "export_scheme_report", fmt::format("CAR {} v1", quarter));
      }
    }
  };
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) clients.emplace_back(client, c);
  for (auto& t : clients) t.join();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - began);
  ASSERT_EQ(writes.load() + reads.load(), 1000);
  std::printf("[          ] 1,000 requests (%d writes, %d audited reads) in %lld ms; %d busy\n",
              writes.load(), reads.load(), static_cast<long long>(took.count()), busy.load());

  // Every step once, in order, and every report signed off.
  const std::string ours =
      fmt::format("scheme_code = 'CAR' AND quarter < '{}/'", kFirstYear + kReports / 4);
  EXPECT_EQ(number("SELECT count(*) FROM scheme_reports WHERE " + ours), kReports);
  EXPECT_EQ(
      number("SELECT count(*) FROM scheme_reports WHERE state = 'signed_off_by_hwb' AND " + ours),
      kReports);
  auto steps = rows(
      "SELECT r.quarter, string_agg(s.step, ',' ORDER BY s.step_id) FROM scheme_reports r "
      "JOIN scheme_report_steps s USING (report_id) WHERE r." +
          ours + " GROUP BY r.quarter ORDER BY r.quarter",
      2);
  ASSERT_EQ(steps.size(), static_cast<size_t>(kReports));
  for (const auto& row : steps)
    EXPECT_EQ(row[1], "submit,jcb_receive,jcb_sign_off,hwb_receive,hwb_sign_off") << row[0];

  // The audit log: the entries promised, each once, plus one seal per
  // submitted report; numbered on from before without a gap.
  const int64_t expected = static_cast<int64_t>(promised.size()) + kReports;
  EXPECT_EQ(expected, 1100);
  auto entries =
      rows(fmt::format("SELECT audit_id, actor, action, subject FROM audit_log WHERE audit_id > {} "
                       "ORDER BY audit_id",
                       before),
           4);
  ASSERT_EQ(static_cast<int64_t>(entries.size()), expected);
  std::multiset<std::tuple<std::string, std::string, std::string>> found;
  std::set<std::string> sealed;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    EXPECT_EQ(std::stoll(e[0]), before + 1 + static_cast<int64_t>(i)) << "a gap in the ids";
    if (e[2] == "seal_scheme_report") {
      // "report ID: CAR 1990/91:Q1 v1 HASH": once per report.
      EXPECT_EQ(e[1], "lead");
      const size_t colon = e[3].find(": ");
      EXPECT_TRUE(sealed.insert(e[3].substr(colon + 2, e[3].rfind(' ') - colon - 2)).second)
          << "sealed twice: " << e[3];
      continue;
    }
    found.emplace(e[1], e[2], e[3]);
  }
  EXPECT_EQ(sealed.size(), static_cast<size_t>(kReports));
  EXPECT_TRUE(found == promised) << "the audit log differs from what the replies promised";
  RunResult verified = cli({"audit", "verify"});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
}

TEST_F(TwoServers, RacingClientsRecordAStepOnceAndTheOrderHolds) {
  const std::string quarter = "2015/16:Q1";
  const std::string path = "/api/v1/schemes/CAR/reports/2015-16/Q1";
  std::atomic<int> busy{0};
  Reply set = post(0, lead(), path, carers_report(quarter), "application/toml", &busy);
  ASSERT_EQ(set.status, 200) << set.describe();
  const int64_t before = number("SELECT max(audit_id) FROM audit_log");

  // kClients clients send the same step at once, half to each server;
  // the replies' statuses, counted.
  auto race = [&](const Session& who, const std::string& name, const std::string& date) {
    std::latch go(kClients);
    std::mutex mu;
    std::map<int, int> statuses;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        go.arrive_and_wait();
        Reply r = step(c, who, path, name, date, &busy);
        if (r.status == 409) {
          EXPECT_EQ(r.json()["error"]["code"], "conflict") << r.body;
        }
        std::lock_guard lock(mu);
        ++statuses[r.status];
      });
    }
    for (auto& t : clients) t.join();
    return statuses;
  };
  using Counts = std::map<int, int>;
  EXPECT_EQ(race(lead(), "submit", "2018-05-23"), (Counts{{200, 1}, {409, kClients - 1}}));
  EXPECT_EQ(race(board(), "jcb_receive", "2018-06-01"), (Counts{{200, 1}, {409, kClients - 1}}));
  // Out of order, all at once: none recorded.
  EXPECT_EQ(race(board(), "hwb_receive", "2018-06-02"), (Counts{{409, kClients}}));
  EXPECT_EQ(race(board(), "submit", "2018-06-02"), (Counts{{403, kClients}}));
  EXPECT_EQ(race(board(), "jcb_sign_off", "2018-06-02"), (Counts{{200, 1}, {409, kClients - 1}}));
  EXPECT_EQ(busy.load(), 0) << "retried after 503";

  auto steps = rows(
      "SELECT s.step, s.recorded_by FROM scheme_report_steps s JOIN scheme_reports r "
      "USING (report_id) WHERE r.scheme_code = 'CAR' AND r.quarter = '" +
          quarter + "' ORDER BY s.step_id",
      2);
  EXPECT_EQ(steps, (std::vector<std::vector<std::string>>{
                       {"submit", "lead"}, {"jcb_receive", "board"}, {"jcb_sign_off", "board"}}));
  EXPECT_EQ(number("SELECT count(*) FROM scheme_reports WHERE scheme_code = 'CAR' AND quarter = '" +
                   quarter + "' AND state = 'signed_off_by_jcb'"),
            1);
  // In the audit log: the three steps and the seal once each, and one
  // refusal for each forbidden submit (409s are not audited: nothing was
  // allowed or shown).
  auto actions = rows(fmt::format("SELECT action, count(*) FROM audit_log WHERE audit_id > {} "
                                  "GROUP BY action ORDER BY action",
                                  before),
                      2);
  EXPECT_EQ(actions,
            (std::vector<std::vector<std::string>>{{"refuse_request", std::to_string(kClients)},
                                                   {"scheme_report_step", "2"},
                                                   {"seal_scheme_report", "1"},
                                                   {"submit_scheme_report", "1"}}));
  RunResult verified = cli({"audit", "verify"});
  EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
}

}  // namespace
}  // namespace bc::test
