// Administration: the users with their roles, clusters, schemes and
// whether they are locked or disabled (with unlock and revoke-sessions
// forms), and the audit log with a search form. Users are created and
// disabled with `bettercare user` on the server: the web page changes no
// role. Every change made here is itself audited.
#include <fmt/format.h>

#include <charconv>

#include "core/date.h"
#include "present/html_escape.h"
#include "report/html.h"
#include "store/audit.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr int kAuditPage = 100;

std::string user_row(const Ctx& ctx, const User& u) {
  std::string schemes;
  for (const auto& s : u.schemes) schemes += (schemes.empty() ? "" : ", ") + s;
  std::string state;
  if (u.disabled) state += "<span class=\"badge warn\">disabled</span> ";
  if (u.locked_until)
    state += "<span class=\"badge warn\">locked until " + html_escape(*u.locked_until) + "</span> ";
  if (u.failed_logins > 0)
    state += fmt::format("<span class=\"note\">{} failed sign-in{}</span>", u.failed_logins,
                         u.failed_logins == 1 ? "" : "s");
  if (state.empty()) state = "active";
  const std::string base = "/admin/users/" + u.name;
  std::string actions = fmt::format(
      "<form class=\"inline\" method=\"post\" action=\"{}\">{}<button type=\"submit\" "
      "class=\"secondary\">Unlock</button></form> "
      "<form class=\"inline\" method=\"post\" action=\"{}\" data-confirm=\"Sign {} out "
      "everywhere?\">{}<button type=\"submit\" class=\"secondary\">Revoke sessions</button>"
      "</form>",
      html_escape(base + "/unlock"), csrf_input(ctx), html_escape(base + "/revoke"),
      html_escape(u.name), csrf_input(ctx));
  return fmt::format(
      "<tr data-user=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
      "<td>{}</td></tr>\n",
      html_escape(u.name), html_escape(u.name), role_name(u.role),
      html_escape(u.cluster.value_or("")), html_escape(schemes), state, html_escape(u.created_at),
      actions);
}

Status admin_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kAdmin, "administration"); !s.ok()) return s;
  AuditQuery q;
  for (auto [name, field] : {std::pair<const char*, std::string*>{"actor", &q.actor},
                             {"action", &q.action},
                             {"subject", &q.subject},
                             {"from", &q.from},
                             {"to", &q.to}}) {
    auto v = param_or(ctx, name);
    if (!v.ok()) return v.status();
    *field = *v;
  }
  for (const std::string* d : {&q.from, &q.to}) {
    if (!d->empty() && !Date::parse(*d).ok())
      return Status::invalid_argument(fmt::format("'{}' is not a date: write YYYY-MM-DD", *d));
  }
  auto before = param_or(ctx, "before");
  if (!before.ok()) return before.status();
  if (!before->empty()) {
    const std::string& t = *before;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), q.before_id);
    if (ec != std::errc() || p != t.data() + t.size() || q.before_id < 1)
      return Status::invalid_argument("before: an entry number");
  }
  q.limit = kAuditPage;

  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto users = list_users(**store);
  if (!users.ok()) return users.status();
  auto entries = search_audit(**store, q);
  if (!entries.ok()) return entries.status();

  const std::string pt = period_text(ctx);
  std::string body;
  auto revoked = param_or(ctx, "revoked");
  auto unlocked = param_or(ctx, "unlocked");
  auto who = param_or(ctx, "user");
  if (revoked.ok() && who.ok() && !revoked->empty() && !who->empty()) {
    body += fmt::format(
        "<p class=\"notice info\" role=\"status\">Revoked {} live session{} of "
        "{}.</p>\n",
        html_escape(*revoked), *revoked == "1" ? "" : "s", html_escape(*who));
  } else if (unlocked.ok() && who.ok() && !unlocked->empty() && !who->empty()) {
    body += "<p class=\"notice info\" role=\"status\">Unlocked " + html_escape(*who) + ".</p>\n";
  }

  body +=
      "<section><h2>Users</h2>\n<p class=\"note\">Users are added, disabled and given "
      "passwords with <code>bettercare user</code> on the server. Unlock clears failed "
      "sign-ins; revoking signs the user out everywhere.</p>\n";
  body +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Users\"><table "
      "class=\"data users\"><thead><tr><th "
      "scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Cluster</th><th "
      "scope=\"col\">Schemes</th><th scope=\"col\">State</th><th scope=\"col\">Created</th><th "
      "scope=\"col\">Actions</th></tr></thead><tbody>\n";
  for (const User& u : *users) body += user_row(ctx, u);
  body += "</tbody></table></div>\n</section>\n";

  body += "<section><h2>Audit log</h2>\n";
  body += fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/admin\" role=\"search\">"
      "<label for=\"actor\">Who</label> <input id=\"actor\" name=\"actor\" size=\"12\" "
      "value=\"{}\"> <label for=\"action\">Action</label> <input id=\"action\" name=\"action\" "
      "size=\"16\" value=\"{}\"> <label for=\"subject\">Subject contains</label> <input "
      "id=\"subject\" name=\"subject\" size=\"14\" value=\"{}\"> <label for=\"from\">From</label> "
      "<input id=\"from\" type=\"date\" name=\"from\" value=\"{}\"> <label "
      "for=\"to\">To</label> <input id=\"to\" type=\"date\" name=\"to\" value=\"{}\"> "
      "<input type=\"hidden\" name=\"period\" value=\"{}\"> <button "
      "type=\"submit\">Search</button> <a href=\"{}\">Clear</a></form>\n",
      html_escape(q.actor), html_escape(q.action), html_escape(q.subject), html_escape(q.from),
      html_escape(q.to), html_escape(pt), href_attr("/admin", pt));
  body +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Audit log\"><table "
      "class=\"data audit\"><thead><tr><th "
      "scope=\"col\">#</th><th scope=\"col\">At (UTC)</th><th scope=\"col\">Who</th><th "
      "scope=\"col\">Action</th><th scope=\"col\">Subject</th><th "
      "scope=\"col\">From</th></tr></thead><tbody>\n";
  for (const AuditEntry& e : *entries) {
    body += fmt::format(
        "<tr data-id=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        e.id, e.id, html_escape(e.at), html_escape(e.actor), html_escape(e.action),
        html_escape(e.subject), html_escape(e.origin));
  }
  body += "</tbody></table></div>\n";
  if (entries->empty()) body += "<p class=\"muted\">No entries match.</p>\n";
  if (static_cast<int>(entries->size()) == kAuditPage) {
    body += "<p><a href=\"" +
            href_attr("/admin", pt,
                      {{"actor", q.actor},
                       {"action", q.action},
                       {"subject", q.subject},
                       {"from", q.from},
                       {"to", q.to},
                       {"before", std::to_string(entries->back().id)}}) +
            "\">Older entries</a></p>\n";
  }
  body += "</section>\n";

  PageOptions po;
  po.period_picker = false;  // nothing here depends on a period
  po.title = "Admin";
  po.section = Section::kAdmin;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status unlock(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kAdmin, "administration"); !s.ok()) return s;
  const std::string name = ctx.req.matches[1].str();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (Status s = unlock_user(**store, name); !s.ok()) return s;
  if (Status s = ctx.audit("unlock_user", name); !s.ok()) return s;
  see_other(ctx, link("/admin", period_text(ctx), {{"unlocked", "1"}, {"user", name}}));
  return Status();
}

Status revoke(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kAdmin, "administration"); !s.ok()) return s;
  const std::string name = ctx.req.matches[1].str();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (auto found = find_user(**store, name); !found.ok()) return found.status();
  auto n = revoke_user_sessions(**store, name);
  if (!n.ok()) return n.status();
  if (Status s = ctx.audit("revoke_sessions", name); !s.ok()) return s;
  see_other(ctx,
            link("/admin", period_text(ctx), {{"revoked", std::to_string(*n)}, {"user", name}}));
  return Status();
}

}  // namespace

void add_admin_pages(Router& r) {
  r.get("/admin", admin_page);
  r.post(R"(/admin/users/([A-Za-z0-9._-]{1,64})/unlock)", unlock);
  r.post(R"(/admin/users/([A-Za-z0-9._-]{1,64})/revoke)", revoke);
}

}  // namespace bc::web
