// GET /cohort?metric=&period=&cluster=: for analysts, the people behind a
// count (engine/cohort.h), pseudonymised: everyone with an emergency
// admission in 2017/18, say, most events first, each linking to their
// pseudonymised record (/person?pseudonym=). Audited ("view_cohort").
#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/age.h"
#include "engine/cohort.h"
#include "engine/metric_query.h"
#include "present/html_escape.h"
#include "web/accounts.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

constexpr size_t kCohortShown = 1000;

// The metric choice: every metric with a cohort.
std::string cohort_form(const Ctx& ctx, const Snapshot& snap, const MetricDef& chosen,
                        const std::string& cluster, const std::string& period) {
  std::string out = fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/cohort\"><input type=\"hidden\" "
      "name=\"period\" value=\"{}\"><label for=\"metric\">Everyone with</label> <select "
      "id=\"metric\" name=\"metric\">",
      html_escape(period));
  for (const MetricDef& m : ctx.app.config().metrics) {
    if (!cohort_applies(m)) continue;
    out += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(m.id),
                       m.id == chosen.id ? " selected" : "", html_escape(m.name));
  }
  out += "</select> <label for=\"cluster\">in</label> <select id=\"cluster\" name=\"cluster\">";
  out += fmt::format("<option value=\"\"{}>the whole area</option>",
                     cluster.empty() ? " selected" : "");
  for (size_t i = 0; i < snap.cluster_codes.size(); ++i) {
    out += fmt::format("<option value=\"{0}\"{1}>cluster {0} {2}</option>",
                       html_escape(snap.cluster_codes[i]),
                       snap.cluster_codes[i] == cluster ? " selected" : "",
                       html_escape(i < snap.cluster_names.size() ? snap.cluster_names[i] : ""));
  }
  return out + "</select> <button type=\"submit\">Show</button></form>\n";
}

std::string cluster_of(const Snapshot& snap, int16_t practice) {
  if (practice < 0) return "-";
  const int16_t c = snap.practice_cluster[static_cast<size_t>(practice)];
  return c < 0 ? "-" : snap.cluster_codes[static_cast<size_t>(c)];
}

Status send_cohort(Ctx& ctx, const MetricDef& m, const std::string& cluster,
                   const std::string& body) {
  PageOptions po;
  po.title = "Cohort: " + m.short_name;
  po.section = Section::kPerson;
  po.suppressed = false;
  po.keep = {{"metric", m.id}, {"cluster", cluster}};
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status cohort_page(Ctx& ctx) {
  if (!sees_pseudonyms(ctx.user()))
    return Status::permission_denied(
        "cohorts are for analysts, and only pseudonymised: your role sees the figures on the "
        "metric pages");
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  const Snapshot& sn = **snap;
  auto period = ctx.period();
  if (!period.ok()) return period.status();
  auto metric_id = param_or(ctx, "metric", "nel_admissions");
  if (!metric_id.ok()) return metric_id.status();
  const MetricDef* m = ctx.app.config().find(*metric_id);
  if (m == nullptr) return Status::not_found(fmt::format("there is no metric '{}'", *metric_id));
  if (!cohort_applies(*m))
    return Status::invalid_argument(fmt::format(
        "{} is not a count of people's events, so it has no cohort: choose a count", m->id));
  auto cluster = param_or(ctx, "cluster");
  if (!cluster.ok()) return cluster.status();
  if (!cluster->empty() && std::find(sn.cluster_codes.begin(), sn.cluster_codes.end(), *cluster) ==
                               sn.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", *cluster));
  const Cohort c = cohort_of(
      sn, *m, *period, cluster->empty() ? std::nullopt : std::optional<std::string>(*cluster));
  if (Status s =
          ctx.audit("view_cohort",
                    fmt::format("{} {}{} ({} people)", m->id, period->label(),
                                cluster->empty() ? "" : " cluster " + *cluster, c.members.size()));
      !s.ok())
    return s;

  std::string body = cohort_form(ctx, sn, *m, *cluster, period->label());
  // A period with nothing loaded lists no one because there is nothing to
  // look at, not because no one had an event: say so, as the metric pages do.
  auto head = query_metric(ctx.app.config(), sn, *m, *period, {}, false, false);
  if (!head.ok()) return head.status();
  if (!head->empty() && head->front().no_data_loaded()) {
    body += fmt::format(
        "<p class=\"no-data\">No data is loaded for {}: there is no one to list. <a "
        "href=\"{}\">The data page</a> shows which months are loaded.</p>\n",
        html_escape(period->label()), href_attr("/data", period_text(ctx)));
    return send_cohort(ctx, *m, *cluster, body);
  }
  body += fmt::format(
      "<p>{} people had {} {} in {}{}{}. Pseudonymised: the same person always has the same "
      "pseudonym; each opens the person's pseudonymised record (every look is audited).</p>\n",
      report::format_value(static_cast<double>(c.members.size()), report::ValueFormat::kCount),
      report::format_value(static_cast<double>(c.events), report::ValueFormat::kCount),
      html_escape(m->short_name), html_escape(period->label()),
      cluster->empty() ? "" : ", cluster " + html_escape(*cluster),
      c.unlinked > 0
          ? fmt::format(
                "; {} more of NHS numbers not registered here belong to no one listed",
                report::format_value(static_cast<double>(c.unlinked), report::ValueFormat::kCount))
          : "");
  if (c.members.size() > kCohortShown) {
    body += fmt::format(
        "<p class=\"note\">The {} with the most are listed; narrow the period or choose a "
        "cluster for the rest.</p>\n",
        kCohortShown);
  }
  body += fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Cohort\"><table "
      "class=\"data cohort\"><thead><tr><th scope=\"col\">Pseudonym</th><th "
      "scope=\"col\">Cluster</th><th scope=\"col\">Practice</th><th scope=\"col\">Age band at the "
      "end of the period</th>"
      "<th scope=\"col\">{}</th></tr></thead><tbody>\n",
      html_escape(m->short_name));
  // Most events first, then in pseudonym order: never in the engine's
  // person order, which is NHS-number order and would say how the people's
  // NHS numbers compare.
  const std::string key = ctx.app.pseudonym_key();
  std::vector<std::pair<std::string, const CohortMember*>> listed;
  listed.reserve(c.members.size());
  for (const CohortMember& member : c.members) {
    listed.emplace_back(
        pseudonymise(key,
                     fmt::format("{:010d}", sn.persons.nhs[static_cast<size_t>(member.person)])),
        &member);
  }
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& z) {
    return a.second->events != z.second->events ? a.second->events > z.second->events
                                                : a.first < z.first;
  });
  const Date last = period->last();
  for (size_t i = 0; i < listed.size() && i < kCohortShown; ++i) {
    const std::string& pseudonym = listed[i].first;
    const auto p = static_cast<size_t>(listed[i].second->person);
    const int16_t practice = sn.persons.practice[p];
    const int age = age_at(Date::from_days(sn.persons.born[p]), last);
    body += fmt::format(
        "<tr><td><a href=\"/person?pseudonym={0}\"><code>{0}</code></a></td><td>{1}</td>"
        "<td>{2}</td><td>{3}</td><td>{4}</td></tr>\n",
        html_escape(pseudonym), html_escape(cluster_of(sn, practice)),
        html_escape(practice < 0 ? "-" : sn.practice_codes[static_cast<size_t>(practice)]),
        html_escape(age_band_label(age_band_of(age))), listed[i].second->events);
  }
  body += "</tbody></table></div>\n";
  if (c.members.empty()) body += "<p class=\"muted\">No one: no such events in the period.</p>\n";
  return send_cohort(ctx, *m, *cluster, body);
}

}  // namespace

void add_cohort_pages(Router& r) {
  r.get("/cohort", cohort_page);
}

}  // namespace bc::web
