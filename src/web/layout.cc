#include "web/layout.h"

#include <fmt/format.h>

#include "present/html_escape.h"
#include "present/labels.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "web/access.h"
#include "web/table_export.h"

namespace bc::web {
namespace {

using present::html_escape;

struct NavItem {
  Section section;
  const char* path;
  const char* label;
  Capability needs;
};

constexpr NavItem kNav[] = {
    {Section::kOverview, "/", "Overview", Capability::kAggregates},
    {Section::kClusters, "/clusters", "Clusters", Capability::kAggregates},
    {Section::kFinance, "/finance", "Finance", Capability::kFinance},
    {Section::kSchemes, "/schemes", "Schemes", Capability::kSchemeReports},
    {Section::kReports, "/reports", "Reports", Capability::kBoardPapers},
    {Section::kData, "/data", "Data", Capability::kDataQuality},
    {Section::kPerson, "/person", "Person", Capability::kPersonRecord},
    {Section::kBoard, "/board", "Boards", Capability::kBoardBusiness},
    {Section::kProviders, "/providers", "Providers", Capability::kProviders},
    {Section::kAdmin, "/admin", "Admin", Capability::kAdmin},
};

std::string who(const User& u) {
  std::string out =
      html_escape(u.name) + " <span class=\"role\">(" + html_escape(std::string(role_name(u.role)));
  if (u.cluster) out += ", cluster " + html_escape(*u.cluster);
  if (!u.schemes.empty()) {
    std::string s;
    for (const auto& c : u.schemes) s += (s.empty() ? "" : ", ") + c;
    out += ", " + html_escape(s);
  }
  return out + ")</span>";
}

// The period picker: a choice that changes nothing until it is submitted
// (WCAG 3.2.2), its periods grouped by kind.
std::string picker(const Ctx& ctx, const PageOptions& o, const std::string& chosen) {
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return "";
  auto choices = period_choices(**snap);
  bool listed = false;
  for (const auto& [value, label] : choices) listed |= value == chosen;
  std::string out = fmt::format(
      "<form class=\"period-picker\" method=\"get\" action=\"{}\">"
      "<label for=\"period\">Period</label> "
      "<select id=\"period\" name=\"period\">",
      html_escape(ctx.req.path));
  if (!listed && !chosen.empty()) {
    out += fmt::format("<option value=\"{0}\" selected>{0}</option>", html_escape(chosen));
  }
  struct Group {
    Period::Kind kind;
    const char* label;
  };
  static constexpr Group kGroups[] = {{Period::Kind::kYear, "Financial years"},
                                      {Period::Kind::kQuarter, "Quarters"},
                                      {Period::Kind::kMonth, "Months"},
                                      {Period::Kind::kYearToDate, "Years to date"},
                                      {Period::Kind::kRolling12, "Rolling 12 months"}};
  for (const Group& g : kGroups) {
    std::string options;
    for (const auto& [value, label] : choices) {
      auto p = Period::parse(value);
      if (!p.ok() || p->kind() != g.kind) continue;
      options += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(value),
                             value == chosen ? " selected" : "", html_escape(label));
    }
    if (!options.empty())
      out += fmt::format("<optgroup label=\"{}\">{}</optgroup>", g.label, options);
  }
  out += "</select>";
  for (const auto& [name, value] : o.keep) {
    if (value.empty()) continue;
    out += fmt::format("<input type=\"hidden\" name=\"{}\" value=\"{}\">", html_escape(name),
                       html_escape(value));
  }
  out += " <button type=\"submit\">Show</button></form>";
  return out;
}

}  // namespace

std::string period_text(const Ctx& ctx) {
  auto p = ctx.period();
  if (p.ok()) return p->label();
  auto snap = ctx.app.snapshot();
  return snap.ok() ? default_period(**snap).label() : std::string();
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string link(std::string_view path, std::string_view period,
                 const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(path);
  char sep = '?';
  if (!period.empty()) {
    out += "?period=" + url_encode(period);
    sep = '&';
  }
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out += sep + url_encode(name) + "=" + url_encode(value);
    sep = '&';
  }
  return out;
}

std::string href_attr(std::string_view path, std::string_view period,
                      const std::vector<std::pair<std::string, std::string>>& params) {
  return html_escape(link(path, period, params));
}

std::string csrf_input(const Ctx& ctx) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(ctx.session.csrf_token) +
         "\">";
}

std::string form_error_html(std::string_view error) {
  if (error.empty()) return "";
  return "<div class=\"form-error\" role=\"alert\" id=\"error-summary\"><h2>Nothing was "
         "saved</h2><p class=\"lines\">" +
         html_escape(error) + "</p></div>\n";
}

std::string code_options(std::span<const std::string_view> codes, std::string_view chosen,
                         std::string_view blank) {
  std::string out;
  if (!blank.empty())
    out += fmt::format("<option value=\"\"{}>{}</option>", chosen.empty() ? " selected" : "",
                       html_escape(blank));
  for (std::string_view v : codes) {
    out += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(v),
                       !chosen.empty() && v == chosen ? " selected" : "",
                       html_escape(present::code_words(v)));
  }
  return out;
}

std::string render_page(const Ctx& ctx, const PageOptions& o, std::string_view body) {
  const User& u = ctx.user();
  const std::string period = o.period.empty() ? period_text(ctx) : o.period;
  std::string out;
  out.reserve(body.size() + 8192);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  const std::string& area = ctx.app.area();
  out += "<title>" + html_escape(o.title) + (area.empty() ? "" : " - " + html_escape(area)) +
         " - bettercare</title>\n";
  out += "<link rel=\"stylesheet\" href=\"/static/app.css\">\n";
  out += "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n";
  out += "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n";
  out += "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n";

  out += "<header class=\"site\">\n<div class=\"bar\">";
  out += "<a class=\"brand\" href=\"" + href_attr("/", period) +
         "\">bettercare <span>Better Care Fund" +
         (area.empty() ? "" : " · <span class=\"area\">" + html_escape(area) + "</span>") +
         "</span></a>";
  out += "<div class=\"who\">" + who(u) +
         " <form class=\"inline\" method=\"post\" action=\"/logout\">" + csrf_input(ctx) +
         "<button type=\"submit\" class=\"link\">Sign out</button></form></div></div>\n";
  out += "<nav aria-label=\"Sections\"><ul>";
  for (const NavItem& n : kNav) {
    if (!may(u, n.needs)) continue;
    bool here = n.section == o.section;
    out += fmt::format("<li><a href=\"{}\"{}>{}</a></li>", href_attr(n.path, period),
                       here ? " aria-current=\"page\"" : "", n.label);
  }
  out += "</ul></nav>\n</header>\n";

  out += "<main id=\"main\">\n<div class=\"page-head\"><h1>" + html_escape(o.title) + "</h1>";
  if (o.period_picker) out += picker(ctx, o, period);
  out += "</div>\n";
  out += with_download_links(ctx, body);
  out += "\n</main>\n";

  const SuppressionRule& rule = ctx.app.config().suppression;
  bool suppressed = o.suppressed.value_or(suppress_for(u, std::nullopt));
  out += "<footer class=\"site\"><p>";
  if (suppressed) {
    out += "Small numbers on this page are suppressed for viewers outside the care team. " +
           html_escape(report::suppression_sentence(rule));
  } else {
    out +=
        "Small numbers are not suppressed on this page: you see it as part of the care team or "
        "as an analyst. Do not publish these figures unsuppressed.";
  }
  out +=
      "</p><p>Every figure is computed by bettercare from the data loaded.</p></footer>\n"
      "</body>\n</html>\n";
  return out;
}

std::string error_page_html(const Ctx& ctx, int status, const std::string& message) {
  const char* title = status == 400   ? "Bad request"
                      : status == 403 ? "Not allowed"
                      : status == 404 ? "Not found"
                      : status == 409 ? "Not done"
                      : status == 503 ? "Busy"
                      : status >= 500 ? "Something went wrong"
                                      : "Error";
  const char* next = status == 400   ? "Check what was asked for (the period, the breakdown, the "
                                       "form's fields) and try again."
                     : status == 403 ? "Your role does not give you this page. If you need it, "
                                       "ask an administrator."
                     : status == 404 ? "Check the address, or find what you want from the "
                                       "navigation above."
                     : status == 409 ? "Reload the page to see where things stand, then try "
                                       "again."
                     : status >= 500 ? "Try again in a minute. If it keeps happening, tell your "
                                       "administrator: the error has been logged."
                                     : "Go back and try again.";
  PageOptions po;
  po.title = title;
  po.period_picker = false;
  const std::string body = fmt::format(
      "<div class=\"error\" data-status=\"{}\"><p>{}</p><p>{}</p><p><a href=\"{}\">Back to "
      "the overview</a></p></div>",
      status, html_escape(message), next, href_attr("/", period_text(ctx)));
  return render_page(ctx, po, body);
}

}  // namespace bc::web
