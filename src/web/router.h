// Router: registers the web application's routes on the HTTP server and
// does for every request what no handler should have to remember:
//   - signs the request in from the session cookie; a route that needs a
//     user answers 401 (API) or redirects to /login (pages) without one;
//   - refuses a POST whose CSRF token (the form body's field "csrf" or the
//     header X-CSRF-Token; never the query string) is not the session's,
//     with 403;
//   - works out the client's address (client_address below) for the audit;
//   - turns a handler's Status into the response (web/context.h) and an
//     exception into a generic 500, logging the detail on the server only;
//   - audits every refusal (401, 403) the handler has not audited itself
//     (action "refuse_request", subject "STATUS METHOD PATH");
//   - adds the security headers (docs/security.md) to every response.
//
// Thread safety: routes are added before the server starts; requests are
// then handled from many threads.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "web/app.h"
#include "web/context.h"

namespace bc::web {

using Handler = std::function<Status(Ctx&)>;

enum class Access {
  kPublic,    // anyone (sign-in page, /healthz, static files)
  kSignedIn,  // any signed-in user; the handler checks capabilities
};

struct RouterOptions {
  bool secure_cookies = false;  // served over TLS: every cookie gets Secure
  std::chrono::minutes idle = std::chrono::minutes(kIdleMinutes);  // sessions' idle timeout
  // Addresses of reverse proxies whose X-Forwarded-For is believed.
  std::vector<std::string> trusted_proxies;
};

// The client's address: the connection's peer address, unless the peer is
// one of the trusted proxies; then the right-most address of
// X-Forwarded-For (all such headers, in order) that is not itself a trusted
// proxy. An entry that is not an IPv4 or IPv6 address ends the search: the
// last trusted hop before it is the answer. Addresses are compared as
// parsed (inet_pton), so "::1" and "0:0::1" are one.
// An address in one text form (IPv4-mapped IPv6 as IPv4), or "" when s is
// not an IPv4 or IPv6 address.
std::string canonical_address(std::string_view s);
std::string client_address(const std::string& peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

class Router {
 public:
  Router(WebApp& app, RouterOptions options) : app_(app), options_(std::move(options)) {}

  // pattern: a regular expression the whole decoded path must match (HEAD
  // is answered by the GET route); the handler reads ctx.req.matches.
  void get(const std::string& pattern, Handler h, Access a = Access::kSignedIn);
  // A state-changing request: needs a session (unless kPublic) and its CSRF token.
  void post(const std::string& pattern, Handler h, Access a = Access::kSignedIn);

  WebApp& app() { return app_; }
  const RouterOptions& options() const { return options_; }

  // Answers a request with the route its method and path match: 404 when
  // no route has the path, 405 when routes have it for other methods
  // only (the response's status set, its body left to the caller).
  void dispatch(httplib::Request& req, httplib::Response& res);

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    std::function<void(const httplib::Request&, httplib::Response&)> fn;
  };
  void handle(const httplib::Request& req, httplib::Response& res, const Handler& h, Access a,
              bool post);

  std::vector<Route> routes_;
  WebApp& app_;
  RouterOptions options_;
};

// The name of the session cookie.
inline constexpr const char* kSessionCookie = "bc_session";

// The routes, by file: api.cc (/api/v1/...), pages_*.cc (HTML), auth_routes.cc
// (/login, /logout), static_files.cc (/static/...).
void add_auth_routes(Router& r);
void add_api_routes(Router& r);
void add_page_routes(Router& r);
void add_static_routes(Router& r);

}  // namespace bc::web
