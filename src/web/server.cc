#include "web/server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/utf8.h"
#include "report/html.h"
#include "store/audit.h"
#include "web/app.h"
#include "web/router.h"
#include "web/server_state.h"

namespace bc::web {
namespace {

// A fixed number of workers and a bounded queue: enqueue waits while the
// queue is full, so the accept loop slows down instead of queueing without
// limit.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return jobs_.size() < max_queued_ || stopping_; });
    jobs_.push_back(std::move(fn));
    ready_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        room_.notify_one();
      }
      fn();
    }
  }
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

thread_local std::chrono::steady_clock::time_point t_started;
thread_local std::string t_user;
std::mutex g_log_mu;
std::ostream* g_error_log = &std::cerr;

const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

}  // namespace

std::string path_for_log(std::string_view path) {
  if (path.rfind("/api/v1/persons/", 0) == 0) return "/api/v1/persons/:id";
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] < '0' || path[i] > '9') {
      out += path[i++];
      continue;
    }
    // A run of digits, spaces and dashes starting at a digit.
    size_t j = i, digits = 0, last_digit = i;
    while (j < path.size() &&
           ((path[j] >= '0' && path[j] <= '9') || path[j] == ' ' || path[j] == '-')) {
      if (path[j] != ' ' && path[j] != '-') {
        ++digits;
        last_digit = j;
      }
      ++j;
    }
    if (digits >= 10) {
      out += ":n";
      i = last_digit + 1;
    } else {
      out.append(path.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

void note_user(const std::string& name) {
  t_user = name;
}

void log_error(const httplib::Request& req, const std::string& detail) {
  nlohmann::json j = {{"at", utc_now_iso()},
                      {"level", "error"},
                      {"method", req.method},
                      {"path", path_for_log(req.path)},
                      {"detail", detail}};
  std::lock_guard lock(g_log_mu);
  *g_error_log << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

std::string error_page(int status, const std::string& message) {
  const char* title = status == 400   ? "Bad request"
                      : status == 401 ? "Please sign in"
                      : status == 403 ? "Not allowed"
                      : status == 404 ? "Not found"
                      : status == 409 ? "Not done"
                      : status == 413 ? "Too large"
                      : status >= 500 ? "Something went wrong"
                                      : "Error";
  std::string body = fmt::format(
      "<main class=\"error\"><h1>{}</h1><p>{}</p><p><a href=\"/\">Back to the overview</a>"
      "{}</p></main>",
      title, report::html_escape(message),
      status == 401 ? " · <a href=\"/login\">Sign in</a>" : "");
  std::string doc = report::html_document(fmt::format("{} - bettercare", title), body);
  return doc;
}

Status serve(const ServeOptions& o) {
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  for (const auto& proxy : o.trusted_proxies) {
    if (canonical_address(proxy).empty()) {
      return Status::invalid_argument(
          fmt::format("--trusted-proxy {}: not an IPv4 or IPv6 address", printable(proxy, 60)));
    }
  }
  // Behind a TLS proxy without --trusted-proxy every client has the proxy's
  // address: the audit cannot tell them apart, and the sign-in budget per
  // address becomes one budget for everyone.
  if (o.secure_cookies && o.trusted_proxies.empty()) {
    nlohmann::json j = {{"at", utc_now_iso()},
                        {"level", "warning"},
                        {"detail",
                         "--behind-tls without --trusted-proxy: every client will have the "
                         "proxy's address in the audit log and share one sign-in budget; give "
                         "the proxy's address with --trusted-proxy"}};
    std::lock_guard lock(g_log_mu);
    *g_error_log << j.dump() << std::endl;
  }
  // glibc gives each thread that allocates its own arena (up to 8 per
  // core) and keeps what is freed there for reuse: a large answer built on
  // each of 16 workers left the server holding ~60 MB per worker for good
  // (1 GB after 200 requests, measured). Two arenas bound that, at little
  // cost (the workers mostly wait on the engine and the network); the
  // environment's MALLOC_ARENA_MAX still wins.
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
  auto app = WebApp::open(o.db_path, o.key_file, o.cache_bytes);
  if (!app.ok()) return app.status();
  prepare_sign_in();

  httplib::Server server;
  server.new_task_queue = [&o] {
    return new BoundedPool(static_cast<size_t>(std::max(1, o.threads)),
                           static_cast<size_t>(std::max(1, o.queue)));
  };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which lets
  // a second server bind the same port and silently share its connections.
  // TCP_NODELAY on the listener is inherited by accepted connections
  // (Linux): without it a kept-alive response waits ~40 ms for Nagle.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  server.set_payload_max_length(o.max_body_bytes);
  server.set_read_timeout(o.read_timeout_seconds, 0);
  server.set_write_timeout(o.write_timeout_seconds, 0);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  httplib::Headers headers = {
      {"Content-Security-Policy", kCsp}, {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},       {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},     {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  // Behind TLS: browsers are to use https only, for a year.
  if (o.secure_cookies) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  server.set_default_headers(headers);
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_started = std::chrono::steady_clock::now();
    t_user.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote the error
    std::string msg = res.status == 404   ? "there is no such page or API route"
                      : res.status == 413 ? "the request is too large"
                      : res.status == 414 ? "the address is too long (at most 8 KiB)"
                      : res.status == 405 ? "that method is not allowed here"
                      : res.status == 400 ? "the request is malformed"
                                          : "the request could not be answered";
    // A request too malformed to parse has no path: answer it as the API would.
    if (req.path.empty() || req.path.rfind("/api/", 0) == 0) {
      send_json_error(res, res.status, msg);
    } else {
      send_html(res, error_page(res.status, msg), res.status);
    }
  });
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        log_error(req, "exception outside a handler");
        res.status = 500;
        send_json_error(res, 500, "the server could not answer this request");
      });
  std::ostream* access = o.access_log;
  server.set_logger([access](const httplib::Request& req, const httplib::Response& res) {
    if (access == nullptr) return;
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started)
            .count();
    // Never an NHS number in the log, whichever route matched.
    std::string path = path_for_log(req.path);
    nlohmann::json j = {{"at", utc_now_iso()},
                        {"remote", req.remote_addr},
                        {"method", req.method},
                        {"path", path},
                        {"status", res.status},
                        {"bytes", res.body.size()},
                        {"ms", std::round(ms * 100) / 100},
                        {"user", t_user}};
    std::lock_guard lock(g_log_mu);
    *access << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    access->flush();
  });

  Router router(
      server, **app,
      RouterOptions{o.secure_cookies, std::chrono::minutes(o.idle_minutes), o.trusted_proxies});
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  add_static_routes(router);
  add_auth_routes(router);
  add_api_routes(router);
  add_page_routes(router);

  int port = o.port;
  if (port == 0) {
    port = server.bind_to_any_port(o.bind);
    if (port < 0) return Status::io_error(fmt::format("cannot listen on {}", o.bind));
  } else if (!server.bind_to_port(o.bind, port)) {
    return Status::io_error(fmt::format(
        "cannot listen on {}:{} (is another server using the port? choose --port)", o.bind, port));
  }

  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  if (o.on_ready) o.on_ready(fmt::format("http://{}:{}", o.bind, port));
  bool ok = server.listen_after_bind();
  // listen_after_bind returns when stopped; wake the stopper if the listener
  // failed on its own.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  if (!ok && server.is_running()) return Status::io_error("the server stopped unexpectedly");
  return Status();
}

}  // namespace bc::web
