#include "web/router.h"

#include <fmt/format.h>

#include <exception>
#include <iostream>

#include "web/server_state.h"

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

}  // namespace

std::string request_cookie(const httplib::Request& req, std::string_view name) {
  return cookie(req, name);
}

void Router::get(const std::string& pattern, Handler h, Access a) {
  server_.Get(pattern,
              [this, h = std::move(h), a](const httplib::Request& req, httplib::Response& res) {
                handle(req, res, h, a, false);
              });
}

void Router::post(const std::string& pattern, Handler h, Access a) {
  server_.Post(pattern,
               [this, h = std::move(h), a](const httplib::Request& req, httplib::Response& res) {
                 handle(req, res, h, a, true);
               });
}

void Router::handle(const httplib::Request& req, httplib::Response& res, const Handler& h, Access a,
                    bool post) {
  try {
    Session blank;
    std::optional<Session> session;
    std::string token = cookie(req, kSessionCookie);
    if (!token.empty()) {
      auto store = app_.store();
      if (!store.ok()) {
        log_error(req, store.status().message());
        return send_error(req, res, 500, public_message(store.status()));
      }
      auto found = find_session(**store, token);
      if (!found.ok()) {
        log_error(req, found.status().message());
        return send_error(req, res, 500, public_message(found.status()));
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
      return send_error(req, res, 401, "sign in first");
    }
    if (post) {
      // The token comes as a form field (urlencoded or multipart: the report
      // editor posts multipart, as Debian's httplib caps urlencoded bodies at
      // 8 KiB), else the X-CSRF-Token header.
      std::string sent = req.has_param("csrf")  ? req.get_param_value("csrf")
                         : req.has_file("csrf") ? req.get_file_value("csrf").content
                                                : req.get_header_value("X-CSRF-Token");
      // Signed in: the session's token. Not signed in (sign-in itself): the
      // token of the pre-session cookie, set by GET /login or /api/v1/csrf.
      std::string expected = session ? session->csrf_token : cookie(req, kPreSessionCookie);
      if (!same_secret(sent, expected)) {
        return send_error(req, res, 403,
                          "the form or request lacks a valid CSRF token; reload the page and "
                          "try again");
      }
    }
    Ctx ctx{req, res, app_, session ? *session : blank, req.remote_addr};
    Status s = h(ctx);
    if (!s.ok()) {
      int code = http_status_for(s);
      if (code >= 500) log_error(req, s.message());
      send_error(req, res, code, public_message(s));
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
