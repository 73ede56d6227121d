// The server against hostile clients (docs/security.md, "The HTTP
// server's limits"), each with raw sockets against the real `bettercare
// serve`: idle and slow connections, a request trickled a byte at a time,
// a chunked body past the limit, too many or too large header fields, a
// multi-range Range header, pipelined requests, a stop with clients still
// connected, a store held by an import, and floods of failed sign-ins.
// Each test starts its own server on its own copy of the store.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "server_fixture.h"

namespace bc::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A blocking TCP connection to the server; -1 on failure.
int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends everything; false when the peer has closed or reset.
bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Whether there is something to read (or the peer closed) within `wait`.
bool readable(int fd, milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, static_cast<int>(wait.count())) > 0;
}

// Reads until the peer closes or `wait` passes; *closed says which.
std::string read_until_close(int fd, milliseconds wait, bool* closed) {
  std::string out;
  const auto deadline = Clock::now() + wait;
  *closed = false;
  char buf[65536];
  while (Clock::now() < deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (!readable(fd, left)) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      *closed = true;
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

struct RawReply {
  int status = 0;
  std::string head;
  std::string body;
};

// Reads one response (its Content-Length body) from `pending` + the socket.
std::optional<RawReply> read_response(int fd, std::string& pending, milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  char buf[65536];
  auto fill = [&] {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || !readable(fd, left)) return false;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending.append(buf, static_cast<size_t>(n));
    return true;
  };
  size_t end;
  while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  RawReply r;
  r.head = pending.substr(0, end + 2);
  if (r.head.rfind("HTTP/1.1 ", 0) != 0) return std::nullopt;
  r.status = std::atoi(r.head.c_str() + 9);
  size_t length = 0;
  std::string lower = r.head;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (size_t at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
    length = std::strtoul(lower.c_str() + at + 17, nullptr, 10);
  }
  while (pending.size() < end + 4 + length) {
    if (!fill()) return std::nullopt;
  }
  r.body = pending.substr(end + 4, length);
  pending.erase(0, end + 4 + length);
  return r;
}

// One request on a new connection; the response or nullopt.
std::optional<RawReply> exchange(int port, const std::string& request,
                                 milliseconds wait = milliseconds(10'000)) {
  int fd = connect_to(port);
  if (fd < 0) return std::nullopt;
  std::optional<RawReply> r;
  if (send_all(fd, request)) {
    std::string pending;
    r = read_response(fd, pending, wait);
  }
  close(fd);
  return r;
}

std::string get_request(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

// Open sockets, closed when the object goes.
struct Sockets {
  std::vector<int> fds;
  ~Sockets() {
    for (int fd : fds) close(fd);
  }
};

// VmRSS or VmHWM (peak) of a process, in MiB; -1 when unreadable.
long memory_mib(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field))) / 1024;
  }
  return -1;
}

class HostileClients : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    fs::path store = cached_store(&err);
    ASSERT_TRUE(err.empty()) << err;
    copy_store(store, dir_ / "store.db");
  }
  // Starts the server with `args` after the port.
  void start(const std::vector<std::string>& args = {}) {
    ASSERT_EQ(server_.start(dir_ / "store.db", dir_ / "access.log", 0, args), "");
  }
  int port() const { return server_.port(); }
  // The time to answer /healthz on a new connection, in seconds (a large
  // number when it was not answered).
  double healthz_seconds() {
    const auto t = Clock::now();
    auto r = exchange(port(), get_request("/healthz"));
    if (!r || r->status != 200) return 1e9;
    return seconds_since(t);
  }
  // Signs in through the API; the session cookie and CSRF token, or a
  // reply that is not 200.
  Reply api_sign_in(const std::string& user, const std::string& password) {
    Reply pre = http_request(port(), "GET", "/api/v1/csrf");
    std::string token = pre.json().value("csrf", "");
    return http_request(
        port(), "POST", "/api/v1/session", {{"bc_csrf", token}}, {{"X-CSRF-Token", token}},
        nlohmann::json({{"name", user}, {"password", password}}).dump(), "application/json");
  }

  TempDir dir_;
  ServerProcess server_;
};

TEST_F(HostileClients, IdleAndHalfSentConnectionsDoNotDelayOthers) {
  start();
  Sockets s;
  // 300 connections that send nothing and 60 that stop half way through a
  // request's headers: the old server gave each a worker thread of 16.
  for (int i = 0; i < 300; ++i) s.fds.push_back(connect_to(port()));
  for (int i = 0; i < 60; ++i) {
    int fd = connect_to(port());
    send_all(fd, "GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: ");
    s.fds.push_back(fd);
  }
  for (int fd : s.fds) ASSERT_GE(fd, 0);
  for (int i = 0; i < 5; ++i) EXPECT_LT(healthz_seconds(), 1.0);
  // A page that needs a worker is answered too.
  const auto t = Clock::now();
  auto page = exchange(port(), get_request("/login"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_LT(seconds_since(t), 1.0);
}

TEST_F(HostileClients, AtTheConnectionLimitTheLongestIdleMakesRoom) {
  start({"--max-connections", "16"});
  Sockets s;
  for (int i = 0; i < 40; ++i) s.fds.push_back(connect_to(port()));
  for (int fd : s.fds) ASSERT_GE(fd, 0);
  // Every new connection pushes out an idle one; the newest is answered.
  for (int i = 0; i < 3; ++i) EXPECT_LT(healthz_seconds(), 1.0);
  // The first idle connections were closed by the server.
  bool closed = false;
  read_until_close(s.fds.front(), milliseconds(2000), &closed);
  EXPECT_TRUE(closed);
}

TEST_F(HostileClients, ARequestMustArriveWholeWithinTheRequestTimeout) {
  start({"--request-timeout", "2"});
  // One header byte every 100 ms: every read is quick, the request never
  // ends. The server closes the connection 2 s after its first byte.
  int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const auto t = Clock::now();
  ASSERT_TRUE(send_all(fd, "GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  bool cut = false;
  while (seconds_since(t) < 8) {
    if (!send_all(fd, "a")) {
      cut = true;
      break;
    }
    bool closed = false;
    read_until_close(fd, milliseconds(100), &closed);
    if (closed) {
      cut = true;
      break;
    }
  }
  const double after = seconds_since(t);
  close(fd);
  EXPECT_TRUE(cut) << "the trickling connection was still open after 8 s";
  EXPECT_LT(after, 4.0);
  EXPECT_GT(after, 1.5);
  EXPECT_LT(healthz_seconds(), 1.0);
}

TEST_F(HostileClients, AChunkedBodyIsLimitedLikeAnyOther) {
  start();
  Reply pre = http_request(port(), "GET", "/api/v1/csrf");
  const std::string token = pre.json().value("csrf", "");
  int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd,
                       "POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: "
                       "application/json\r\nTransfer-Encoding: chunked\r\nCookie: bc_csrf=" +
                           token + "\r\nX-CSRF-Token: " + token + "\r\n\r\n"));
  // 64 KiB chunks until the server answers (at most 8 MiB): it must answer
  // 413 once past 1 MiB, without reading the rest.
  const std::string chunk = "10000\r\n" + std::string(65536, ' ') + "\r\n";
  size_t sent = 0;
  while (sent < (size_t{8} << 20) && !readable(fd, milliseconds(0))) {
    if (!send_all(fd, chunk)) break;
    sent += 65536;
  }
  std::string pending;
  auto r = read_response(fd, pending, milliseconds(10'000));
  close(fd);
  ASSERT_TRUE(r) << "no answer after " << sent << " bytes";
  EXPECT_EQ(r->status, 413) << r->head;
  // What the kernels' socket buffers take aside, the server stopped
  // reading at the limit (the old server read all 8 MiB, then said 403).
  EXPECT_LT(sent, size_t{8} << 20) << "the server went on reading past the limit";
  EXPECT_LT(healthz_seconds(), 1.0);
}

TEST_F(HostileClients, TooManyOrTooLargeHeaderFieldsAre431) {
  start();
  std::string many;
  for (int i = 0; i < 200; ++i) many += "X-Field-" + std::to_string(i) + ": v\r\n";
  auto r1 = exchange(port(), get_request("/healthz", many));
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->status, 431);
  auto r2 = exchange(port(), get_request("/healthz", "X-Big: " + std::string(20000, 'a') + "\r\n"));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 431);
  // 64 MB of 8 KB header fields, seven times: answered 431 after the
  // first 16 KiB, and the server's memory does not grow with them.
  const long before = memory_mib(server_.pid(), "VmRSS:");
  ASSERT_GT(before, 0);
  const std::string field = "X-Pad: " + std::string(8000, 'p') + "\r\n";
  for (int round = 0; round < 7; ++round) {
    int fd = connect_to(port());
    ASSERT_GE(fd, 0);
    send_all(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n");
    size_t sent = 0;
    while (sent < (size_t{64} << 20) && !readable(fd, milliseconds(0))) {
      if (!send_all(fd, field)) break;
      sent += field.size();
    }
    std::string pending;
    auto r = read_response(fd, pending, milliseconds(10'000));
    close(fd);
    ASSERT_TRUE(r) << "round " << round;
    EXPECT_EQ(r->status, 431);
    EXPECT_LT(sent, size_t{4} << 20) << "the server went on reading headers";
  }
  const long after = memory_mib(server_.pid(), "VmRSS:");
  EXPECT_LT(after - before, 32) << before << " MiB before, " << after << " MiB after";
}

TEST_F(HostileClients, ARangeHeaderIsIgnoredAndTheBodySentOnce) {
  start();
  auto whole = exchange(port(), get_request("/static/app.css"));
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  std::string ranges = "Range: bytes=0-";
  for (int i = 0; i < 900; ++i) ranges += ",0-";
  auto r = exchange(port(), get_request("/static/app.css", ranges + "\r\n"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, whole->body);
  EXPECT_EQ(r->head.find("multipart/byteranges"), std::string::npos);
  auto one = exchange(port(), get_request("/static/app.css", "Range: bytes=0-9\r\n"));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(one->body.size(), whole->body.size());
}

TEST_F(HostileClients, PipelinedRequestsAreAnsweredInOrder) {
  start();
  int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, get_request("/healthz") + get_request("/no-such-page") +
                               get_request("/static/favicon.svg") + get_request("/login")));
  std::string pending;
  std::vector<int> statuses;
  std::vector<std::string> types;
  for (int i = 0; i < 4; ++i) {
    auto r = read_response(fd, pending, milliseconds(10'000));
    if (!r) break;
    statuses.push_back(r->status);
    types.push_back(r->head.find("image/svg+xml") != std::string::npos ? "svg"
                    : r->head.find("text/html") != std::string::npos   ? "html"
                                                                       : "text");
  }
  close(fd);
  EXPECT_EQ(statuses, (std::vector<int>{200, 404, 200, 200}));
  EXPECT_EQ(types, (std::vector<std::string>{"text", "html", "svg", "html"}));
}

TEST_F(HostileClients, StopsWithinSecondsWhateverTheClientsDo) {
  start();
  Sockets s;
  for (int i = 0; i < 50; ++i) s.fds.push_back(connect_to(port()));
  for (int i = 0; i < 10; ++i) {
    int fd = connect_to(port());
    send_all(fd, "GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: ");
    s.fds.push_back(fd);
  }
  // A kept-alive connection that has had an answer, and one trickling a
  // byte every 100 ms through the stop.
  int kept = connect_to(port());
  s.fds.push_back(kept);
  std::string pending;
  send_all(kept, get_request("/healthz"));
  ASSERT_TRUE(read_response(kept, pending, milliseconds(5000)));
  int trickle = connect_to(port());
  s.fds.push_back(trickle);
  send_all(trickle, "GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: ");
  std::atomic<bool> done{false};
  std::thread trickler([&] {
    while (!done && send_all(trickle, "a")) std::this_thread::sleep_for(milliseconds(100));
  });
  const auto t = Clock::now();
  const int code = server_.stop();
  const double took = seconds_since(t);
  done = true;
  trickler.join();
  EXPECT_EQ(code, 0) << server_.output();
  EXPECT_LT(took, 5.0);
}

TEST_F(HostileClients, AStoreHeldByAnImportIsA503WithRetryAfterNeverA500) {
  start();
  // Signed in before the import starts.
  Reply board = api_sign_in("board", password_of("board"));
  ASSERT_EQ(board.status, 200) << board.describe();
  const std::string cookie = board.cookie("bc_session").value_or("");
  // An import holds the store's write lock (as `bettercare import` does for
  // its whole transaction): SQLite's, or on PostgreSQL the advisory lock
  // every writer takes (a writer waits 5 s for it, then is told busy).
  const TestAddress address = store_address(dir_.path(), (dir_ / "store.db").string());
  std::unique_ptr<Db> pg;
  sqlite3* db = nullptr;
  if (is_postgresql_address(address.db)) {
    auto opened = PgDb::open(address.db);
    ASSERT_TRUE(opened.ok()) << opened.error();
    pg = std::move(*opened);
    ASSERT_TRUE(pg->begin_write().ok());
  } else {
    ASSERT_EQ(sqlite3_open((dir_ / "store.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  Reply in = api_sign_in("analyst", password_of("analyst"));
  EXPECT_EQ(in.status, 503) << in.describe();
  EXPECT_FALSE(in.header("Retry-After").empty());
  EXPECT_EQ(in.json()["error"]["code"], "unavailable") << in.describe();
  // An audited read (a board member's metric table) cannot be audited: 503.
  Reply read =
      http_request(port(), "GET", "/api/v1/metrics?period=2017/18:Q1", {{"bc_session", cookie}});
  EXPECT_EQ(read.status, 503) << read.describe();
  EXPECT_FALSE(read.header("Retry-After").empty());
  // A page that writes nothing is answered as usual.
  Reply page = http_request(port(), "GET", "/login");
  EXPECT_EQ(page.status, 200) << page.describe();
  if (pg) {
    ASSERT_TRUE(pg->exec("ROLLBACK").ok());
  } else {
    ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  // The import over: all is well again.
  EXPECT_EQ(api_sign_in("analyst", password_of("analyst")).status, 200);
  EXPECT_EQ(
      http_request(port(), "GET", "/api/v1/metrics?period=2017/18:Q1", {{"bc_session", cookie}})
          .status,
      200);
}

TEST_F(HostileClients, FailedSignInsHoldNeitherWorkersNorMemory) {
#if defined(BETTERCARE_SANITIZED)
  GTEST_SKIP() << "memory is measured without AddressSanitizer's shadow memory";
#endif
  start();
  // 16 sign-ins to unknown names at once: each is an argon2id check of
  // 64 MiB (as for a known name, so that timing tells nothing).
  const long peak_before = memory_mib(server_.pid(), "VmHWM:");
  ASSERT_GT(peak_before, 0);
  std::atomic<int> answered{0}, server_errors{0};
  // The threads take the name by value: they outlive the call.
  auto flood = [&](int n, std::string name) {
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&answered, &server_errors, this, i, name] {
        Reply r =
            api_sign_in(name.empty() ? "nobody" + std::to_string(i) : name, "wrong password!");
        if (r.status > 0) ++answered;
        if (r.status >= 500 && r.status != 503) ++server_errors;
      });
    }
    return threads;
  };
  auto unknown = flood(16, "");
  for (auto& t : unknown) t.join();
  const long peak_after = memory_mib(server_.pid(), "VmHWM:");
  EXPECT_LT(peak_after - peak_before, 200)
      << "peak " << peak_before << " MiB before, " << peak_after << " MiB after";

  // Lock an account (five failures from this address), then 32 sign-ins to
  // it at once, each answered after 2 s; meanwhile pages answer at once.
  for (int i = 0; i < 5; ++i) api_sign_in("finance", "wrong password!");  // kLockAfter
  std::atomic<bool> flooding{true};
  auto locked = flood(32, "finance");
  std::thread waiter([&] {
    for (auto& t : locked) t.join();
    flooding = false;
  });
  double slowest = 0;
  int pages = 0, unanswered = 0;
  while (flooding) {
    const auto t = Clock::now();
    auto page = exchange(port(), get_request("/login"));
    if (!page || page->status != 200) ++unanswered;
    slowest = std::max(slowest, seconds_since(t));
    ++pages;
  }
  waiter.join();
  EXPECT_EQ(unanswered, 0);
  EXPECT_GT(pages, 3);
  EXPECT_LT(slowest, 1.0) << "a page waited behind the sign-ins";
  EXPECT_EQ(answered, 48);
  EXPECT_EQ(server_errors, 0);
}

TEST(HttpRequestParsing, HostileRequestsAreRefusedWithTheRightStatus) {
  // The server's own parse of raw requests, as the fuzz target drives it:
  // see tests/web/http_request_test.cc for the unit level. Here: over the
  // socket, a request line with no path and a method the server does not
  // serve.
  std::string err;
  fs::path store = cached_store(&err);
  ASSERT_TRUE(err.empty()) << err;
  TempDir dir;
  copy_store(store, dir / "store.db");
  ServerProcess server;
  ASSERT_EQ(server.start(dir / "store.db", dir / "access.log"), "");
  auto bad = exchange(server.port(), "GET nothing HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto del = exchange(server.port(), "DELETE /login HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_NE(del->head.find("Allow: GET, HEAD, POST"), std::string::npos) << del->head;
  auto garbage = exchange(server.port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9));
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  // HEAD: the GET's Content-Length, and no body.
  auto whole = exchange(server.port(), get_request("/static/app.css"));
  ASSERT_TRUE(whole);
  int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  send_all(fd, "HEAD /static/app.css HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  bool closed = false;
  std::string head = read_until_close(fd, milliseconds(5000), &closed);
  close(fd);
  EXPECT_TRUE(closed);
  EXPECT_NE(head.find("Content-Length: " + std::to_string(whole->body.size()) + "\r\n"),
            std::string::npos)
      << head;
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4) << "a body after the head";
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace bc::test
