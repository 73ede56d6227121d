#include "web/server.h"

#include <fmt/format.h>
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
#include "present/html_escape.h"
#include "report/html.h"
#include "store/audit.h"
#include "web/app.h"
#include "web/http_server.h"
#include "web/router.h"
#include "web/server_state.h"

namespace bc::web {
namespace {

thread_local std::string t_user;
thread_local std::chrono::milliseconds t_delay{0};
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

void delay_response(std::chrono::milliseconds delay) {
  t_delay = delay;
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
                      : status == 415 ? "Not accepted"
                      : status == 431 ? "Too large"
                      : status == 503 ? "Busy"
                      : status >= 500 ? "Something went wrong"
                                      : "Error";
  std::string body = fmt::format(
      "<main class=\"error\"><h1>{}</h1><p>{}</p><p><a href=\"/\">Back to the overview</a>"
      "{}</p></main>",
      title, present::html_escape(message),
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
  (*app)->set_area(o.area);
  prepare_sign_in();

  Router router(**app, RouterOptions{o.secure_cookies, std::chrono::minutes(o.idle_minutes),
                                     o.trusted_proxies});
  add_static_routes(router);
  add_auth_routes(router);
  add_api_routes(router);
  add_page_routes(router);

  HttpServer::Options h;
  h.bind = o.bind;
  h.port = o.port;
  h.limits = o.limits;
  h.general =
      Lane{static_cast<size_t>(std::max(1, o.threads)), static_cast<size_t>(std::max(1, o.queue))};
  h.handler = [&router](httplib::Request& req, httplib::Response& res) {
    t_user.clear();
    t_delay = std::chrono::milliseconds(0);
    router.dispatch(req, res);
  };
  // Password checks (argon2id, 64 MiB each) wait in their own small lane.
  h.is_sign_in = [](const httplib::Request& req) {
    return req.method == "POST" && (req.path == "/login" || req.path == "/api/v1/session");
  };
  h.finished = [] { return HttpServer::Finished{t_user, t_delay}; };
  h.error_body = [](const httplib::Request& req, httplib::Response& res, const std::string& why) {
    std::string msg = !why.empty()        ? why
                      : res.status == 404 ? "there is no such page or API route"
                      : res.status == 405 ? "that method is not allowed here"
                      : res.status == 503 ? "the server is busy; try again shortly"
                      : res.status >= 500 ? "the server could not answer this request"
                                          : "the request could not be answered";
    // A request too malformed to parse has no path: answer it as the API would.
    if (req.path.empty() || req.path.rfind("/api/", 0) == 0) {
      send_json_error(res, res.status, msg);
    } else {
      send_html(res, error_page(res.status, msg), res.status);
    }
  };
  h.default_headers = {
      {"Content-Security-Policy", kCsp}, {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},       {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},     {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  // Behind TLS: browsers are to use https only, for a year.
  if (o.secure_cookies) h.default_headers.emplace("Strict-Transport-Security", "max-age=31536000");
  if (std::ostream* access = o.access_log) {
    h.access_log = [access](const httplib::Request& req, int status, size_t bytes, double ms,
                            const std::string& user) {
      // Never an NHS number in the log, whichever route matched.
      nlohmann::json j = {{"at", utc_now_iso()},
                          {"remote", req.remote_addr},
                          {"method", req.method},
                          {"path", path_for_log(req.path)},
                          {"status", status},
                          {"bytes", bytes},
                          {"ms", std::round(ms * 100) / 100},
                          {"user", user}};
      std::lock_guard lock(g_log_mu);
      *access << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      access->flush();
    };
  }
  h.log_error = [](const httplib::Request& req, const std::string& detail) {
    log_error(req, detail);
  };

  auto server = HttpServer::listen(std::move(h));
  if (!server.ok()) return server.status();
  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    (*server)->stop();
  });
  if (o.on_ready) o.on_ready(fmt::format("http://{}:{}", o.bind, (*server)->port()));
  (*server)->run();
  // run() returns once stopped; wake the stopper if it has not had a signal.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return Status();
}

}  // namespace bc::web
