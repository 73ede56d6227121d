// Provider failure incidents on the web (docs/quality.md, "Running an
// incident"): the list, opening one (the quality team), and an incident's
// page: the JISG deadline until it is met, the checklist's progress, the
// people affected by responsible agency with their move status, the logs,
// and the one-page status report. The steps' forms post to
// pages_incident_steps.cc.
//
// Who sees whom: the quality team runs incidents and sees everyone
// affected; a clinician sees the affected people registered in their own
// cluster; the board sees counts, suppressed (small numbers), and neither
// the moves nor the log's steps by placement. Every page that shows people is audited
// first (action "view_incident_people").
#include <fmt/format.h>

#include "ingest/quality_records.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "quality/checklist.h"
#include "quality/failure.h"
#include "report/incident_people.h"
#include "report/incident_report.h"
#include "web/layout.h"
#include "web/pages_incidents.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::code_words;
using present::html_escape;

std::string jisg_text(const Incident& i) {
  const Date due = jisg_due(*Date::parse(i.notified_date));
  std::optional<Date> met;
  if (i.jisg_met_date) met = *Date::parse(*i.jisg_met_date);
  const std::string_view state = jisg_state(due, met, Date::today_utc());
  if (state == "met") return fmt::format("first met on {} (due by {})", met->iso(), due.iso());
  if (state == "met_late")
    return fmt::format("first met on {}, late: due by {}", met->iso(), due.iso());
  if (state == "overdue")
    return fmt::format("<strong class=\"overdue\">Overdue: it had to meet by {}</strong>",
                       due.iso());
  return fmt::format("<strong>Due: it must first meet by {}</strong>", due.iso());
}

Status incidents_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kIncidents, "provider failure incidents"); !s.ok())
    return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto all = list_incidents(**store);
  if (!all.ok()) return all.status();
  PageOptions po;
  po.title = "Provider failure incidents";
  po.section = Section::kProviders;
  po.period_picker = false;
  std::string body =
      "<p class=\"lead\">The procedure for when a care home or home care agency fails (seed "
      "001): the Joint Incident Steering Group first meets within 3 working days of the "
      "notification. <a href=\"/providers\">Care providers</a>";
  body += may(ctx.user(), Capability::kIncidentRun)
              ? " (a provider's page opens an incident).</p>\n"
              : ".</p>\n";
  std::string rows;
  for (const Incident& i : *all) {
    rows += fmt::format(
        "<tr data-incident=\"{0}\"><td><a href=\"/incidents/{0}\">Incident {0}</a></td><td>{1}"
        "</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>\n",
        i.id, html_escape(i.provider_code), html_escape(code_words(i.trigger)),
        html_escape(i.incident_date), i.closed() ? "closed " + html_escape(*i.closed_date) : "open",
        i.closed() ? "-" : jisg_text(i));
  }
  body += rows.empty()
              ? "<p class=\"muted\">No incidents.</p>\n"
              : "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Incidents\">"
                "<table class=\"data incidents\"><thead><tr><th scope=\"col\">Incident</th><th "
                "scope=\"col\">Provider</th><th scope=\"col\">Trigger</th><th "
                "scope=\"col\">Date</th><th scope=\"col\">Status</th><th scope=\"col\">Steering "
                "group</th></tr></thead><tbody>\n" +
                    rows + "</tbody></table></div>\n";
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status open_incident_post(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kIncidentRun, "opening incidents"); !s.ok()) return s;
  auto provider = param_or(ctx, "provider");
  auto trigger = param_or(ctx, "trigger");
  auto date = param_or(ctx, "date");
  auto notified = param_or(ctx, "notified");
  auto summary = long_field(ctx, "summary", 8000);
  for (const auto* r : {&provider, &trigger, &date, &notified})
    if (!r->ok()) return r->status();
  if (!summary.ok()) return summary.status();
  auto day = Date::parse(*date);
  if (!day.ok()) return Status::invalid_data("the incident date: " + day.error());
  auto told = notified->empty() ? day : Date::parse(*notified);
  if (!told.ok()) return Status::invalid_data("the notification date: " + told.error());
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto id = open_incident(**store, {*provider, *trigger, *day, *told, summary->value_or("")},
                          ctx.user().name);
  if (!id.ok()) return id.status();
  if (Status s = ctx.app.audit(ctx.user().name, "incident_open", fmt::format("incident {}", *id),
                               ctx.origin);
      !s.ok())
    return s;
  see_other(ctx, fmt::format("/incidents/{}", *id));
  return Status();
}

}  // namespace

Result<IncidentView> load_incident_view(Ctx& ctx, int64_t id) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  IncidentView v;
  auto i = read_incident(**store, id);
  if (!i.ok()) return i.status();
  v.incident = std::move(*i);
  auto provider = find_care_provider(**store, v.incident.provider_code);
  if (!provider.ok()) return provider.status();
  if (!*provider) return Status::not_found("the incident's provider is not loaded");
  v.provider = **provider;
  auto all = read_care_providers(**store);
  if (!all.ok()) return all.status();
  for (CareProviderRecord& p : *all)
    if (p.code != v.provider.code) v.elsewhere.push_back(std::move(p));
  auto people = affected_people(**store, v.incident);
  if (!people.ok()) return people.status();
  v.people = std::move(*people);
  return v;
}

std::vector<const AffectedPerson*> people_shown(const Ctx& ctx, const IncidentView& v) {
  std::vector<const AffectedPerson*> out;
  const User& u = ctx.user();
  for (const AffectedPerson& p : v.people) {
    if (may(u, Capability::kIncidentRun) ||
        (u.role == Role::kClinician && u.cluster && p.cluster_code == *u.cluster))
      out.push_back(&p);
  }
  return out;
}

Status render_incident(Ctx& ctx, const IncidentView& v, const std::string& error, int status) {
  const Incident& i = v.incident;
  const std::vector<const AffectedPerson*> shown = people_shown(ctx, v);
  if (!shown.empty()) {
    if (Status s =
            ctx.app.audit(ctx.user().name, "view_incident_people",
                          fmt::format("incident {}: {} people", i.id, shown.size()), ctx.origin);
        !s.ok())
      return s;
  }
  PageOptions po;
  po.title = fmt::format("Incident {}: {}", i.id, v.provider.name);
  po.suppressed = suppress_provider_counts(ctx.user());
  po.section = Section::kProviders;
  po.period_picker = false;
  std::string body;
  if (!error.empty())
    body += "<div class=\"error-summary\" role=\"alert\"><h2>Not recorded</h2><p>" +
            html_escape(error) + "</p></div>\n";
  body += fmt::format(
      "<p class=\"summary\">{} ({}): {}. Incident date {}; leads notified {}; {}. <a "
      "href=\"/incidents/{}/report\" download>The status report for the steering group "
      "(HTML, for printing)</a> · <a href=\"/incidents\">Every incident</a>.</p>\n<p>Joint "
      "Incident Steering Group: {}</p>\n",
      html_escape(v.provider.name), html_escape(v.provider.code),
      html_escape(code_words(i.trigger)), html_escape(i.incident_date),
      html_escape(i.notified_date),
      i.closed() ? "closed on " + html_escape(*i.closed_date) : std::string("open"), i.id,
      jisg_text(i));
  if (i.summary) body += "<p>" + html_escape(*i.summary) + "</p>\n";
  body += incident_people_html(ctx, v, shown);
  body += incident_checklist_html(ctx, v);
  body += incident_logs_html(ctx, v);
  send_html(ctx.res, render_page(ctx, po, body), status);
  return Status();
}

namespace {

Status incident_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kIncidents, "provider failure incidents"); !s.ok())
    return s;
  auto v = load_incident_view(ctx, std::stoll(ctx.req.matches[1].str()));
  if (!v.ok()) return v.status();
  return render_incident(ctx, *v, "", 200);
}

Status incident_report_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kIncidents, "provider failure incidents"); !s.ok())
    return s;
  auto v = load_incident_view(ctx, std::stoll(ctx.req.matches[1].str()));
  if (!v.ok()) return v.status();
  // A document for the meeting, printed or sent on like the board's
  // papers: downloaded, and audited as they are.
  if (Status s =
          ctx.app.audit(ctx.user().name, "download_report",
                        fmt::format("incident {} status report", v->incident.id), ctx.origin);
      !s.ok())
    return s;
  send_file(
      ctx.res,
      report::incident_status_report_html(
          v->incident, v->provider, v->people,
          {Date::today_utc(), suppress_provider_counts(ctx.user()), ctx.app.config().suppression}),
      "text/html; charset=utf-8", fmt::format("incident-{}-status-report.html", v->incident.id));
  return Status();
}

}  // namespace

void add_incident_pages(Router& r) {
  r.get(R"(/incidents)", incidents_page);
  r.post(R"(/incidents)", open_incident_post);
  r.get(R"(/incidents/([0-9]{1,9}))", incident_page);
  r.get(R"(/incidents/([0-9]{1,9})/report)", incident_report_page);
  add_incident_step_routes(r);
}

}  // namespace bc::web
