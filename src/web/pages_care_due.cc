// A cluster's care plan reviews due and overdue as at a date, for its care
// team: the list `bettercare careplan due` prints, by practice and by
// accountable professional, each row linked to the plan (care/care_plan.h
// reviews_due). Audited before it is shown ("view_care_plans_due").
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "care/care_plan.h"
#include "ingest/records.h"
#include "present/html_escape.h"
#include "web/care_plan_access.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

Status due_page(Ctx& ctx) {
  const std::string code = ctx.req.matches[1].str();
  if (Status s = require_care_team(ctx, code, "view_care_plans_due", "a cluster's reviews due");
      !s.ok())
    return s;
  auto at_text = param_or(ctx, "at");
  auto within_text = param_or(ctx, "within", "28");
  auto practice = param_or(ctx, "practice");
  auto professional = param_or(ctx, "professional");
  for (auto* p : {&at_text, &within_text, &practice, &professional})
    if (!p->ok()) return p->status();
  Date at = Date::today_utc();
  if (!at_text->empty()) {
    auto d = Date::parse(*at_text);
    if (!d.ok()) return Status::invalid_argument("at: " + d.error());
    at = *d;
  }
  const std::string& w = *within_text;
  if (w.empty() || w.size() > 3 || w.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(w) > 366)
    return Status::invalid_argument("within: a whole number of days, 0 to 366");
  const int within = std::stoi(w);
  DueQuery q{at, within, code, std::nullopt, std::nullopt};
  if (!practice->empty()) q.practice = *practice;
  if (!professional->empty()) q.professional = *professional;
  if (Status s = ctx.audit("view_care_plans_due",
                           fmt::format("{} at {} within {}{}{}", code, at.iso(), within,
                                       q.practice ? " practice " + *q.practice : "",
                                       q.professional ? " professional" : ""));
      !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto due = reviews_due(**store, q);
  if (!due.ok()) return due.status();
  // Everyone's caseload in the cluster (all plans in force), for the
  // professional picker and the caseload counts.
  auto all = reviews_due(**store, DueQuery{at, std::nullopt, code, std::nullopt, std::nullopt});
  if (!all.ok()) return all.status();
  std::map<std::string, int> overdue_by;
  for (const DueReview& d : *all) overdue_by[d.accountable_name] += d.overdue ? 1 : 0;

  std::string body = fmt::format(
      "<p class=\"lead\">Care plan reviews of cluster {} that are overdue, or due within {} "
      "days, as at {}: a plan is reviewed at least every six months. <a href=\"{}\">The "
      "cluster's registers</a>.</p>\n",
      html_escape(code), within, at.iso(), href_attr("/clusters/" + code + "/register", ""));
  body += fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/clusters/{}/care-plans\"><label "
      "for=\"at\">As at</label> <input type=\"date\" id=\"at\" name=\"at\" value=\"{}\"> <label "
      "for=\"within\">Within (days)</label> <input type=\"number\" id=\"within\" name=\"within\" "
      "min=\"0\" max=\"366\" value=\"{}\"> <label for=\"professional\">Accountable</label> <select "
      "id=\"professional\" name=\"professional\"><option value=\"\">anyone</option>",
      html_escape(code), at.iso(), within);
  for (const auto& [name, n] : overdue_by) {
    (void)n;
    body += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(name),
                        q.professional && *q.professional == name ? " selected" : "",
                        html_escape(name));
  }
  body += "</select> <button type=\"submit\">Show</button></form>\n";
  int64_t overdue = 0;
  for (const DueReview& d : *due) overdue += d.overdue ? 1 : 0;
  body += fmt::format(
      "<p class=\"summary\" data-overdue=\"{}\" data-due=\"{}\"><strong>{}</strong> overdue, "
      "<strong>{}</strong> due within {} days.</p>\n",
      overdue, static_cast<int64_t>(due->size()) - overdue, overdue,
      static_cast<int64_t>(due->size()) - overdue, within);
  if (due->empty()) {
    body += "<p class=\"muted\">No review is overdue or due.</p>\n";
  } else {
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Reviews due\">"
        "<table class=\"data due\"><thead><tr><th scope=\"col\">Person</th><th "
        "scope=\"col\">Practice</th><th scope=\"col\">Plan</th><th scope=\"col\" "
        "class=\"num\">Version</th><th scope=\"col\">Review due</th><th "
        "scope=\"col\">State</th><th scope=\"col\">Accountable</th></tr></thead><tbody>\n";
    for (const DueReview& d : *due) {
      body += fmt::format(
          "<tr data-state=\"{}\"><td><a href=\"/care-plans?nhs={}\">{}</a></td><td>{}</td>"
          "<td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
          d.overdue ? "overdue" : "due", d.nhs_number, d.nhs_number, html_escape(d.practice_code),
          html_escape(d.plan_id), d.version, d.review_due.iso(),
          d.overdue ? "<strong>overdue</strong>" : "due", html_escape(d.accountable_name));
    }
    body += "</tbody></table></div>\n";
  }
  body +=
      "<h2>Caseloads</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Caseloads\"><table class=\"data caseloads\"><thead><tr><th "
      "scope=\"col\">Accountable professional</th><th scope=\"col\" class=\"num\">Plans in "
      "force</th><th scope=\"col\" class=\"num\">Reviews overdue</th></tr></thead><tbody>\n";
  std::map<std::string, int> caseload;
  for (const DueReview& d : *all) caseload[d.accountable_name] += 1;
  for (const auto& [name, n] : caseload) {
    body += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                        html_escape(name), n, overdue_by[name]);
  }
  body += "</tbody></table></div>\n";
  PageOptions po;
  po.title = "Care plan reviews, cluster " + code;
  po.section = Section::kClusters;
  po.period_picker = false;
  po.suppressed = false;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_care_due_pages(Router& r) {
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32})/care-plans)", due_page);
}

}  // namespace bc::web
