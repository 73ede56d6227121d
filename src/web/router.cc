#include "web/router.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <iostream>

#include "core/utf8.h"
#include "store/audit.h"
#include "web/layout.h"
#include "web/server_state.h"
#include "web/table_export.h"

namespace bc::web {
namespace {

bool is_api(const httplib::Request& req) {
  return req.path.rfind("/api/", 0) == 0;
}

// The value of one cookie, or "".
std::string cookie(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  std::string_view rest(header);
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = rest.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

void send_error(const httplib::Request& req, httplib::Response& res, int status,
                const std::string& message) {
  if (is_api(req)) {
    send_json_error(res, status, message);
  } else {
    send_html(res, error_page(status, message), status);
  }
}

// The CSRF token a POST carries: the urlencoded form body's "csrf" field,
// else the X-CSRF-Token header. Never the query string, which reaches logs,
// browser history and Referer headers.
std::string sent_csrf_token(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    httplib::Params body;
    httplib::detail::parse_query_text(req.body, body);
    auto it = body.find("csrf");
    if (it != body.end()) return it->second;
  }
  return req.get_header_value("X-CSRF-Token");
}

// What a refusal's audit entry says of the request: never a person's
// identifier (as in the access log), never a control character.
std::string refused_subject(int status, const httplib::Request& req) {
  std::string path = req.path.rfind("/api/v1/persons/", 0) == 0 ? "/api/v1/persons/:id" : req.path;
  return fmt::format("{} {} {}", status, req.method, printable(path, 200));
}

}  // namespace

std::string canonical_address(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty() || s.size() > 64) return "";
  const std::string text(s);
  char buf[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return inet_ntop(AF_INET, &v4, buf, sizeof buf) != nullptr ? buf : "";
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return "";
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::copy(v6.s6_addr + 12, v6.s6_addr + 16, reinterpret_cast<unsigned char*>(&v4));
    return inet_ntop(AF_INET, &v4, buf, sizeof buf) != nullptr ? buf : "";
  }
  return inet_ntop(AF_INET6, &v6, buf, sizeof buf) != nullptr ? buf : "";
}

std::string client_address(const std::string& peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  std::string answer = canonical_address(peer);
  if (answer.empty()) return peer;
  std::vector<std::string> trusted;
  for (const auto& t : trusted_proxies) trusted.push_back(canonical_address(t));
  auto is_trusted = [&](const std::string& a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  if (!is_trusted(answer)) return answer;
  std::vector<std::string_view> hops;
  for (const auto& header : forwarded_for) {
    std::string_view rest(header);
    while (true) {
      size_t comma = rest.find(',');
      hops.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string hop = canonical_address(*it);
    if (hop.empty()) break;
    answer = hop;
    if (!is_trusted(hop)) break;
  }
  return answer;
}

std::string request_cookie(const httplib::Request& req, std::string_view name) {
  return cookie(req, name);
}

void Router::get(const std::string& pattern, Handler h, Access a) {
  routes_.push_back(
      {"GET", std::regex(pattern),
       [this, h = std::move(h), a](const httplib::Request& req, httplib::Response& res) {
         handle(req, res, h, a, false);
       }});
}

void Router::post(const std::string& pattern, Handler h, Access a) {
  routes_.push_back(
      {"POST", std::regex(pattern),
       [this, h = std::move(h), a](const httplib::Request& req, httplib::Response& res) {
         handle(req, res, h, a, true);
       }});
}

void Router::dispatch(httplib::Request& req, httplib::Response& res) {
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  bool path_known = false;
  for (const Route& r : routes_) {
    // req.matches refers into req.path, which outlives the handler.
    if (!std::regex_match(req.path, req.matches, r.pattern)) continue;
    if (r.method == method) return r.fn(req, res);
    path_known = true;
  }
  req.matches = std::smatch();
  res.status = path_known ? 405 : 404;
  if (path_known) res.set_header("Allow", "GET, HEAD, POST");
}

void Router::handle(const httplib::Request& req, httplib::Response& res, const Handler& h, Access a,
                    bool post) {
  try {
    std::vector<std::string> forwarded;
    if (!options_.trusted_proxies.empty()) {
      for (size_t i = 0, n = req.get_header_value_count("X-Forwarded-For"); i < n; ++i)
        forwarded.push_back(req.get_header_value("X-Forwarded-For", i));
    }
    const std::string origin = client_address(req.remote_addr, forwarded, options_.trusted_proxies);
    // One audit entry for a refused request.
    auto audit_refusal = [&](const std::string& actor, int status) {
      Status s = app_.audit(actor.empty() ? "-" : actor, "refuse_request",
                            refused_subject(status, req), origin);
      if (!s.ok()) log_error(req, s.message());
    };
    Session blank;
    std::optional<Session> session;
    std::string token = cookie(req, kSessionCookie);
    if (!token.empty()) {
      auto store = app_.store();
      if (!store.ok()) {
        log_error(req, store.status().message());
        return send_error(req, res, http_status_for(store.status()),
                          public_message(store.status()));
      }
      auto found = find_session(**store, token, options_.idle);
      if (!found.ok()) {
        log_error(req, found.status().message());
        return send_error(req, res, http_status_for(found.status()),
                          public_message(found.status()));
      }
      session = std::move(*found);
    }
    if (session) note_user(session->user.name);
    if (a == Access::kSignedIn && !session) {
      if (!is_api(req) && !post) {
        std::string next = req.path;
        res.set_redirect("/login?next=" + httplib::detail::encode_query_param(next), 303);
        return;
      }
      audit_refusal("", 401);
      return send_error(req, res, 401, "sign in first");
    }
    if (post) {
      // Signed in: the session's token. Not signed in (sign-in itself): the
      // token of the pre-session cookie, set by GET /login or /api/v1/csrf.
      std::string expected = session ? session->csrf_token : cookie(req, kPreSessionCookie);
      if (!same_secret(sent_csrf_token(req), expected)) {
        audit_refusal(session ? session->user.name : "", 403);
        return send_error(req, res, 403,
                          "the form or request lacks a valid CSRF token; reload the page and "
                          "try again");
      }
    }
    Ctx ctx{req, res, app_, session ? *session : blank, origin};
    Status s = h(ctx);
    // A page's table asked for as a download (web/table_export.h): read off
    // the page just rendered for this user.
    if (s.ok() && !post && !is_api(req) && res.status == 200 && wants_download(ctx) &&
        res.get_header_value("Content-Type").rfind("text/html", 0) == 0) {
      s = answer_download(ctx);
    }
    if (!s.ok()) {
      int code = http_status_for(s);
      if (code >= 500) log_error(req, s.message());
      if ((code == 401 || code == 403) && !ctx.audited) audit_refusal(ctx.user().name, code);
      // A signed-in person keeps the layout (navigation, sign-out) and is
      // told what to do next; the API and everyone else get the plain form.
      if (session && !is_api(req)) {
        send_html(res, error_page_html(ctx, code, public_message(s)), code);
      } else {
        send_error(req, res, code, public_message(s));
      }
    }
  } catch (const std::exception& e) {
    log_error(req, std::string("exception: ") + e.what());
    send_error(req, res, 500,
               "the server could not answer this request; the error has been logged");
  } catch (...) {
    log_error(req, "unknown exception");
    send_error(req, res, 500,
               "the server could not answer this request; the error has been logged");
  }
}

}  // namespace bc::web
