// Signing in and out: the sign-in page and form, and the API's session
// endpoints. Passwords are checked by web/accounts.h (argon2id); failed
// attempts are slowed and, after kLockAfter from one address, the name is
// locked from that address; an address with too many failures is refused.
#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <optional>
#include <thread>

#include "core/safe_text.h"
#include "present/html_escape.h"
#include "report/html.h"
#include "store/audit.h"
#include "web/router.h"
#include "web/server_state.h"

namespace bc::web {
namespace {

std::string new_form_token() {
  if (sodium_init() < 0) std::abort();
  unsigned char b[24];
  randombytes_buf(b, sizeof b);
  std::string out;
  for (unsigned char c : b) out += fmt::format("{:02x}", c);
  return out;
}

// Every cookie's attributes: Secure when served over TLS (behind a TLS
// proxy); without max_age, a cookie for the browser's session.
std::string cookie_attrs(const Router& r, std::optional<int> max_age = std::nullopt) {
  return fmt::format("; Path=/; HttpOnly; SameSite=Strict{}{}",
                     max_age ? fmt::format("; Max-Age={}", *max_age) : "",
                     r.options().secure_cookies ? "; Secure" : "");
}

// Only a path of this site: "/..." but not "//host" or "/\host".
std::string safe_next(const std::string& next) {
  if (next.size() < 1 || next.size() > 200 || next[0] != '/') return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '<' || c == '>') return "/";
  }
  return next;
}

std::string login_page(const std::string& area, const std::string& csrf, const std::string& next,
                       const std::string& message, const std::string& name) {
  const std::string where = area.empty() ? "" : " - " + present::html_escape(area);
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Sign in{} - bettercare</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
      "</head><body class=\"login\"><main class=\"login-box\"><h1>bettercare</h1>"
      "<p>Better Care Fund performance, finance and schemes{}.</p>{}"
      "<form method=\"post\" action=\"/login\">"
      "<input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<input type=\"hidden\" name=\"next\" value=\"{}\">"
      "<label for=\"name\">User name</label>"
      "<input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"{}\">"
      "<label for=\"password\">Password</label>"
      "<input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required>"
      "<button type=\"submit\">Sign in</button></form></main></body></html>\n",
      where, area.empty() ? "" : " for " + present::html_escape(area),
      message.empty() ? ""
                      : fmt::format("<p class=\"form-error\" role=\"alert\">{}</p>",
                                    present::html_escape(message)),
      csrf, present::html_escape(next), present::html_escape(name));
}

// Slows a failed attempt: nothing for the first two, then 0.5 s, 1 s, 2 s.
// The response waits on a timer (web/server_state.h), not on the worker.
void slow_down(int failures) {
  if (failures < 3) return;
  delay_response(std::chrono::milliseconds(500 << std::min(failures - 3, 2)));
}

struct Attempt {
  int status = 200;
  std::string message;
  SignIn sign_in;
};

Result<Attempt> attempt(Ctx& ctx, const std::string& name, const std::string& password) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (name.size() > 64 || password.size() > 1024) {
    return Status::invalid_argument("the user name or password is too long");
  }
  auto s = sign_in(**store, name, password, ctx.origin);
  if (!s.ok()) return s.status();
  Attempt a;
  a.sign_in = std::move(*s);
  switch (a.sign_in.outcome) {
    case SignIn::kOk:
      note_user(name);
      if (Status audited = ctx.app.audit(name, "sign_in", "", ctx.origin); !audited.ok())
        return audited;
      return a;
    case SignIn::kBadCredentials:
      a.status = 401;
      a.message = "The user name or password is not right.";
      break;
    case SignIn::kLocked:
      a.status = 429;
      a.message = fmt::format(
          "This account is locked for {} minutes after {} failed attempts from this address; an "
          "administrator can unlock it.",
          kLockMinutes, kLockAfter);
      break;
    case SignIn::kAddressBlocked:
      a.status = 429;
      a.message = fmt::format(
          "Too many failed sign-ins from this address; try again in {} minutes.", kLockMinutes);
      break;
    case SignIn::kDisabled:
      a.status = 403;
      a.message = "This account is disabled.";
      break;
  }
  // Escaped: a name sent with control or bidirectional characters must not
  // forge a line of the log (core/safe_text.h).
  Status audited =
      ctx.app.audit(name.empty() ? "-" : escape_unsafe(name), "sign_in_failed", "", ctx.origin);
  slow_down(a.sign_in.failed_logins);
  if (!audited.ok()) return audited;
  return a;
}

// Revokes the request's session, audits it and clears the cookie.
Status sign_out(const Router& r, Ctx& ctx) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (Status s = revoke_session(**store, request_cookie(ctx.req, kSessionCookie)); !s.ok())
    return s;
  if (Status s = ctx.app.audit(ctx.user().name, "sign_out", "", ctx.origin); !s.ok()) return s;
  ctx.res.set_header("Set-Cookie", fmt::format("{}={}{}", kSessionCookie, "", cookie_attrs(r, 0)));
  return Status();
}

}  // namespace

void add_auth_routes(Router& r) {
  r.get(
      "/login",
      [&r](Ctx& ctx) {
        auto next = ctx.param("next");
        std::string token = new_form_token();
        ctx.res.set_header("Set-Cookie",
                           fmt::format("{}={}{}", kPreSessionCookie, token, cookie_attrs(r)));
        send_html(ctx.res, login_page(ctx.app.area(), token,
                                      safe_next(next.ok() && *next ? **next : "/"), "", ""));
        return Status();
      },
      Access::kPublic);

  r.post(
      "/login",
      [&r](Ctx& ctx) {
        std::string name = ctx.req.get_param_value("name");
        std::string password = ctx.req.get_param_value("password");
        std::string next = safe_next(ctx.req.get_param_value("next"));
        auto a = attempt(ctx, name, password);
        if (!a.ok()) return a.status();
        if (a->sign_in.outcome != SignIn::kOk) {
          std::string token = request_cookie(ctx.req, kPreSessionCookie);
          send_html(
              ctx.res,
              login_page(ctx.app.area(), token, next, a->message, name.size() <= 64 ? name : ""),
              a->status);
          return Status();
        }
        ctx.res.set_header("Set-Cookie", fmt::format("{}={}{}", kSessionCookie, a->sign_in.token,
                                                     cookie_attrs(r, kSessionHours * 3600)));
        ctx.res.set_redirect(next, 303);
        return Status();
      },
      Access::kPublic);

  r.post("/logout", [&r](Ctx& ctx) {
    if (Status s = sign_out(r, ctx); !s.ok()) return s;
    ctx.res.set_redirect("/login", 303);
    return Status();
  });

  // The API's way in: GET /api/v1/csrf for the pre-session token, then
  // POST /api/v1/session {"name", "password"} with X-CSRF-Token.
  r.get(
      "/api/v1/csrf",
      [&r](Ctx& ctx) {
        std::string token = new_form_token();
        ctx.res.set_header("Set-Cookie",
                           fmt::format("{}={}{}", kPreSessionCookie, token, cookie_attrs(r)));
        send_json(ctx.res, {{"csrf", token}});
        return Status();
      },
      Access::kPublic);

  r.post(
      "/api/v1/session",
      [&r](Ctx& ctx) {
        auto body = nlohmann::json::parse(ctx.req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object() || !body.contains("name") ||
            !body.contains("password") || !body["name"].is_string() ||
            !body["password"].is_string()) {
          return Status::invalid_argument(
              "send a JSON object {\"name\": \"...\", \"password\": \"...\"}");
        }
        auto a = attempt(ctx, body["name"].get<std::string>(), body["password"].get<std::string>());
        if (!a.ok()) return a.status();
        if (a->sign_in.outcome != SignIn::kOk) {
          send_json_error(ctx.res, a->status, a->message);
          return Status();
        }
        const User& u = a->sign_in.session.user;
        ctx.res.set_header("Set-Cookie", fmt::format("{}={}{}", kSessionCookie, a->sign_in.token,
                                                     cookie_attrs(r, kSessionHours * 3600)));
        send_json(ctx.res, {{"user", u.name},
                            {"role", role_name(u.role)},
                            {"csrf", a->sign_in.session.csrf_token},
                            {"expires_at", a->sign_in.session.expires_at}});
        return Status();
      },
      Access::kPublic);

  r.get("/api/v1/session", [](Ctx& ctx) {
    const User& u = ctx.user();
    nlohmann::json j = {{"user", u.name},
                        {"role", role_name(u.role)},
                        {"csrf", ctx.session.csrf_token},
                        {"expires_at", ctx.session.expires_at},
                        {"cluster", u.cluster ? nlohmann::json(*u.cluster) : nlohmann::json()},
                        {"schemes", u.schemes}};
    send_json(ctx.res, j);
    return Status();
  });

  r.post("/api/v1/session/logout", [&r](Ctx& ctx) {
    if (Status s = sign_out(r, ctx); !s.ok()) return s;
    send_json(ctx.res, {{"signed_out", true}});
    return Status();
  });
}

}  // namespace bc::web
