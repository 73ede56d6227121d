#include "report/incident_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "present/html_escape.h"
#include "present/labels.h"
#include "quality/checklist.h"
#include "quality/failure.h"
#include "report/html.h"
#include "report/metric_text.h"

namespace bc::report {
namespace {

using present::code_words;
using present::html_escape;

std::string jisg_line(const Incident& i, Date as_at) {
  const Date due = jisg_due(*Date::parse(i.notified_date));
  std::optional<Date> met;
  if (i.jisg_met_date) met = *Date::parse(*i.jisg_met_date);
  const std::string_view state = jisg_state(due, met, as_at);
  if (state == "met") return fmt::format("first met on {} (due by {})", met->iso(), due.iso());
  if (state == "met_late")
    return fmt::format("first met on {}, late: it was due by {}", met->iso(), due.iso());
  if (state == "overdue")
    return fmt::format("<strong>not yet met: it was due by {}</strong>", due.iso());
  return fmt::format("to meet by {} (3 working days from the notification)", due.iso());
}

std::string people_section(const std::vector<AffectedPerson>& people,
                           const IncidentReportOptions& o) {
  const AffectedCounts c = count_affected(people);
  auto n_of = [&o](int64_t n) { return count_text(n, o.suppress, o.rule); };
  std::string rows;
  for (const auto& [responsible, n] : c.by_responsible) {
    if (n == 0) continue;
    int64_t moved = 0, stayed = 0, under_way = 0;
    for (const AffectedPerson& p : people) {
      if (p.responsible != responsible) continue;
      moved += p.move_status == "moved";
      stayed += p.move_status == "stayed";
      under_way +=
          p.move_status != "moved" && p.move_status != "stayed" && p.move_status != "not_assessed";
    }
    rows += fmt::format(
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        html_escape(code_words(responsible)), n_of(n), n_of(moved), n_of(stayed), n_of(under_way));
  }
  std::string moves;
  for (const AffectedPerson& p : people) {
    if (o.suppress || p.move_status == "not_assessed") continue;
    moves +=
        fmt::format("<li>{} ({}): {}{}{}</li>", html_escape(p.placement.placement_id),
                    html_escape(code_words(p.responsible)), html_escape(code_words(p.move_status)),
                    p.move_to ? " to " + html_escape(*p.move_to) : "",
                    p.move_date ? " on " + html_escape(*p.move_date) : "");
  }
  return fmt::format(
      "<h2>People affected: {} ({} moved, {} stayed)</h2>{}{}", n_of(c.total), n_of(c.moved),
      n_of(c.stayed),
      scroll_region("People by responsible agency",
                    "<table><thead><tr><th scope=\"col\">Responsible</th><th "
                    "scope=\"col\">People</th><th scope=\"col\">Moved</th><th "
                    "scope=\"col\">Stayed</th><th scope=\"col\">Under way</th></tr></thead>"
                    "<tbody>" +
                        rows + "</tbody></table>"),
      o.suppress ? "<p>Counts of people are shown suppressed: " +
                       html_escape(suppression_sentence(o.rule)) +
                       " The moves by placement are in the quality team's copy.</p>"
      : moves.empty() ? "<p>No moves logged yet.</p>"
                      : "<h3>Moves logged, by placement</h3><ul>" + moves + "</ul>");
}

std::string checklist_section(const Incident& i, const CareProviderRecord& provider) {
  const ChecklistTally t = tally_checklist(provider.type, i.checklist);
  auto checklist = failure_checklist();
  std::string items;
  for (const ChecklistProgress& p : i.checklist) {
    if (p.status != "done" && p.status != "in_progress") continue;
    const ChecklistItem* item = checklist.ok() ? checklist->find(p.item) : nullptr;
    items += fmt::format("<li>{} <strong>{}</strong>: {}{}{}</li>", html_escape(p.item),
                         html_escape(code_words(p.status)),
                         item ? html_escape(item->text.substr(0, 110)) : "",
                         p.party ? " (" + html_escape(*p.party) + ")" : "",
                         p.owner ? ", " + html_escape(*p.owner) : "");
  }
  return fmt::format(
      "<h2>Management checklist: {} of {} done</h2><p>{} in progress, {} not applicable, {} not "
      "started.</p>{}",
      t.done, t.applicable, t.in_progress, t.not_applicable, t.not_started,
      items.empty() ? "" : "<ul>" + items + "</ul>");
}

std::string logs_section(const Incident& i, bool suppress) {
  std::string out;
  if (!i.notifications.empty()) {
    out += "<h2>Notifications</h2><ul>";
    for (const IncidentNotification& n : i.notifications)
      out += fmt::format("<li>{}: {} ({}) by {}{}</li>", html_escape(n.notified_date),
                         html_escape(n.name), html_escape(n.party), html_escape(n.method),
                         n.acknowledged ? ", acknowledged" : ", not yet acknowledged");
    out += "</ul>";
  }
  std::vector<IncidentRisk> open;
  for (const IncidentRisk& r : i.risks)
    if (r.status == "open") open.push_back(r);
  std::stable_sort(open.begin(), open.end(), [](const IncidentRisk& a, const IncidentRisk& b) {
    return a.likelihood * a.impact > b.likelihood * b.impact;
  });
  out += fmt::format("<h2>Open risks: {}</h2>", open.size());
  if (!open.empty()) {
    out += "<ul>";
    for (const IncidentRisk& r : open)
      out += fmt::format("<li>Risk {} (score {}): {}{}</li>", r.risk_no, r.likelihood * r.impact,
                         html_escape(r.risk),
                         r.mitigation ? ". Mitigation: " + html_escape(*r.mitigation) : "");
    out += "</ul>";
  }
  std::vector<const IncidentLogEntry*> steps;
  for (const IncidentLogEntry& e : i.log)
    if (!suppress || !e.names_placement()) steps.push_back(&e);
  out += "<h2>Latest steps</h2><ul>";
  const size_t from = steps.size() > 8 ? steps.size() - 8 : 0;
  for (size_t k = from; k < steps.size(); ++k)
    out += fmt::format("<li>{} {}: {}</li>", html_escape(steps[k]->at.substr(0, 10)),
                       html_escape(steps[k]->actor), html_escape(steps[k]->detail));
  return out + "</ul>";
}

}  // namespace

std::string incident_status_report_html(const Incident& i, const CareProviderRecord& provider,
                                        const std::vector<AffectedPerson>& people,
                                        const IncidentReportOptions& o) {
  const Date as_at = o.as_at;
  std::string body = fmt::format(
      "<h1>Provider failure: {} ({})</h1>"
      "<p>Incident {}, {}: {}. Incident date {}; leads notified {}. Status report as at {}.</p>"
      "<p>Joint Incident Steering Group: {}.</p>{}",
      html_escape(provider.name), html_escape(provider.code), i.id,
      html_escape(code_words(i.trigger)), html_escape(i.summary.value_or("no summary")),
      html_escape(i.incident_date), html_escape(i.notified_date), as_at.iso(), jisg_line(i, as_at),
      i.closed() ? fmt::format("<p>Closed on {}. Lessons learned: {}</p>", *i.closed_date,
                               html_escape(i.lessons.value_or("")))
                 : "");
  body += people_section(people, o) + checklist_section(i, provider) + logs_section(i, o.suppress);
  return html_document(
      fmt::format("Provider failure status report: {} (incident {})", provider.name, i.id), body);
}

}  // namespace bc::report
