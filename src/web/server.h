// The web application's HTTP server: `bettercare serve`.
//
// The web application (router.h and the routes) on the hardened HTTP
// transport (http_server.h: its limits hold against slow, idle and
// hostile clients), one structured access log line per request (JSON on
// the access log stream: time, client, method, path without the query
// string, status, bytes, milliseconds, user), /healthz, and a graceful
// stop on SIGTERM or SIGINT: the listener closes, idle connections close,
// requests in progress finish (within the limits' stop_grace), then
// serve() returns.
//
// Thread safety: serve() blocks the calling thread until stopped.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "web/http_server.h"

namespace bc::web {

struct ServeOptions {
  std::string db_path;
  std::string key_file;  // the store's key file; "" = store/site_keys.h's default
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (printed on the ready line)
  int threads = 16;
  int queue = 64;     // requests waiting for a worker; more get 503
  HttpLimits limits;  // sizes, deadlines and connections (http_server.h)
  // Served over TLS (behind a TLS-terminating proxy): every cookie gets
  // Secure and every response Strict-Transport-Security.
  bool secure_cookies = false;
  int idle_minutes = 30;  // a session unused this long ends (web/accounts.h)
  // Proxies whose X-Forwarded-For gives the client's address (router.h).
  std::vector<std::string> trusted_proxies;
  size_t cache_bytes = size_t{64} << 20;  // the engine answer cache's budget (metric_cache.h)
  // The area's name ("Southampton City"), on every page's header and title
  // and on the board documents; "" shows none.
  std::string area;
  std::ostream* access_log = nullptr;  // one JSON line per request
  // Called once listening, with the address (http://host:port).
  std::function<void(const std::string&)> on_ready;
};

// A request path as the access and error logs show it: never an NHS
// number, whichever route matched or if none did. A person's API path is
// "/api/v1/persons/:id", and any run of digits, spaces and dashes holding
// 10 or more digits (9990000077, 999 000 0077, 999-000-0077) becomes ":n".
std::string path_for_log(std::string_view path);

// Serves until SIGTERM or SIGINT. Returns an error if the store cannot be
// opened or the address cannot be bound.
Status serve(const ServeOptions& options);

}  // namespace bc::web
