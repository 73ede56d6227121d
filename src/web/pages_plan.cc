// The Integrated Commissioning Plan for board members and officers
// (docs/governance.md, "The commissioning plan"): each workstream's RAG
// with the findings behind it, and one workstream's milestones, key
// measures and savings. Judged by governance/plan.h, its metric figures
// from the engine through report/plan_readings.h (as `bettercare plan`),
// small numbers suppressed as the user's role says. The RAG is written in
// words as well as shown in colour.
#include <fmt/format.h>

#include "core/money.h"
#include "governance/plan.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "present/number_format.h"
#include "report/plan_readings.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using governance::MeasureStatus;
using governance::PlanStatus;
using governance::WorkstreamStatus;
using present::html_escape;

std::string rag_cell(governance::PlanRag r) {
  const std::string_view code = governance::plan_rag_code(r);
  return fmt::format("<td><span class=\"rag rag-{}\">{}</span></td>", code.empty() ? "none" : code,
                     governance::plan_rag_name(r));
}

// The plan as at ?at= (default: the day after the latest month with data).
Result<PlanStatus> plan_of(Ctx& ctx, Date* at) {
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto text = param_or(ctx, "at");
  if (!text.ok()) return text.status();
  *at = default_period(**snap).last().add_days(1);
  if (!text->empty()) {
    auto d = Date::parse(*text);
    if (!d.ok()) return Status::invalid_argument("at: " + d.error());
    *at = *d;
  }
  const MetricConfig& cfg = builtin_metric_config();
  const bool suppress = suppress_for(ctx.user(), std::nullopt);
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  return governance::plan_status(**store, *at, report::plan_metric_reader(cfg, **snap, suppress),
                                 report::plan_rag_bands(cfg));
}

std::string measures_table(const std::vector<MeasureStatus>& measures, const std::string& label) {
  std::string out = fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table "
      "class=\"data measures\"><thead><tr><th scope=\"col\">Measure</th><th "
      "scope=\"col\">Value</th><th scope=\"col\">Target</th><th scope=\"col\">RAG</th><th "
      "scope=\"col\">From</th></tr></thead><tbody>\n",
      html_escape(label));
  for (const MeasureStatus& m : measures) {
    std::string from = m.source == "metric"     ? "metric " + *m.measure.metric
                       : m.source == "reported" ? "reported for " + m.period
                                                : "nothing reported";
    if (!m.note.empty()) from += " (" + m.note + ")";
    out += fmt::format(
        "<tr data-measure=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}"
        "<td>{}</td></tr>\n",
        html_escape(m.measure.measure_id), html_escape(m.measure.title),
        present::format_measure_value(m.value, m.measure.unit),
        present::format_measure_value(m.target, m.measure.unit), rag_cell(m.rag),
        html_escape(from));
  }
  return out + "</tbody></table></div>\n";
}

Status plan_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the commissioning plan"); !s.ok())
    return s;
  Date at;
  auto plan = plan_of(ctx, &at);
  if (!plan.ok()) return plan.status();
  PageOptions po;
  po.title = "Integrated Commissioning Plan";
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string body = as_at_form("/plan", at);
  body += fmt::format(
      "<p class=\"lead\">Each workstream is the worst of its milestones, key measures and "
      "savings as at {}, with figures to {} ({} year to date); <a "
      "href=\"/board\">the boards</a>.</p>\n",
      at.iso(), plan->month.name(), plan->year.label());
  body +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Workstreams\">"
      "<table class=\"data workstreams\"><thead><tr><th scope=\"col\">Workstream</th><th "
      "scope=\"col\">Priority</th><th scope=\"col\">RAG</th><th scope=\"col\">Milestones "
      "complete</th><th scope=\"col\">Overdue</th><th scope=\"col\">Findings</th></tr></thead>"
      "<tbody>\n";
  for (const WorkstreamStatus& w : plan->workstreams) {
    std::string findings;
    for (const std::string& r : w.reasons) findings += "<li>" + html_escape(r) + "</li>";
    body += fmt::format(
        "<tr data-workstream=\"{0}\"><td><a href=\"/plan/{0}?at={1}\">{0} {2}</a></td><td>{3}"
        "</td>{4}<td class=\"num\">{5} of {6}</td><td class=\"num\">{7}</td><td>{8}</td></tr>\n",
        html_escape(w.workstream.workstream_id), at.iso(), html_escape(w.workstream.title),
        html_escape(w.workstream.priority), rag_cell(w.rag), w.complete, w.milestones.size(),
        w.overdue, findings.empty() ? "" : "<ul class=\"findings\">" + findings + "</ul>");
  }
  body += "</tbody></table></div>\n<h2>Key measures of the whole plan</h2>";
  body += plan->plan_measures.empty() ? "<p class=\"muted\">None.</p>"
                                      : measures_table(plan->plan_measures, "Key measures");
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status workstream_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kBoardBusiness, "the commissioning plan"); !s.ok())
    return s;
  const std::string id = ctx.req.matches[1].str();
  Date at;
  auto plan = plan_of(ctx, &at);
  if (!plan.ok()) return plan.status();
  const WorkstreamStatus* w = nullptr;
  for (const WorkstreamStatus& x : plan->workstreams) w = x.workstream.workstream_id == id ? &x : w;
  if (w == nullptr) return Status::not_found(fmt::format("no workstream {}", id));
  const WorkstreamRecord& r = w->workstream;
  PageOptions po;
  po.title = fmt::format("{}: {}", r.workstream_id, r.title);
  po.section = Section::kBoard;
  po.period_picker = false;
  std::string partners;
  for (const std::string& p : r.partners) partners += (partners.empty() ? "" : ", ") + p;
  std::string body = as_at_form("/plan/" + id, at);
  body += fmt::format(
      "<p class=\"summary\">RAG as at {}: <strong>{}</strong>. Priority {}; lead {}; partners "
      "{}. <a href=\"/plan?at={}\">Every workstream</a>.</p>\n",
      at.iso(), governance::plan_rag_name(w->rag), html_escape(r.priority),
      html_escape(r.lead.value_or("not named")), html_escape(partners.empty() ? "-" : partners),
      at.iso());
  if (r.description) body += "<p>" + html_escape(*r.description) + "</p>";
  if (r.outcomes) body += "<p><strong>Outcomes:</strong> " + html_escape(*r.outcomes) + "</p>";
  body +=
      "<h2>Milestones</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
      "aria-label=\"Milestones\"><table class=\"data milestones\"><thead><tr><th "
      "scope=\"col\">Milestone</th><th scope=\"col\">Start</th><th scope=\"col\">Due</th><th "
      "scope=\"col\">Status</th><th scope=\"col\">RAG</th><th scope=\"col\">Why</th></tr>"
      "</thead><tbody>\n";
  for (const governance::MilestoneStatus& m : w->milestones) {
    std::string status = present::code_words(m.milestone.status);
    if (m.milestone.completed_date) status += " " + *m.milestone.completed_date;
    body += fmt::format(
        "<tr data-milestone=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td>"
        "</tr>\n",
        html_escape(m.milestone.milestone_id), html_escape(m.milestone.title),
        html_escape(m.milestone.start_month.value_or("-")), m.milestone.due, html_escape(status),
        rag_cell(m.rag), html_escape(m.reason));
  }
  body += "</tbody></table></div>\n<h2>Key measures</h2>";
  body += w->measures.empty() ? "<p class=\"muted\">None.</p>"
                              : measures_table(w->measures, "Key measures");
  const governance::SavingsStatus& s = w->savings;
  body += fmt::format(
      "<h2>Savings</h2><p>{} delivered of {} planned to date ({} for the year, {} savings "
      "lines): <strong>{}</strong>.</p>\n",
      Money::from_pence(s.delivered_pence).format_pounds(),
      Money::from_pence(s.planned_pence).format_pounds(),
      Money::from_pence(s.planned_year_pence).format_pounds(), s.lines,
      governance::plan_rag_name(s.rag));
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

std::string as_at_form(const std::string& path, Date at) {
  return fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"{}\"><label for=\"at\">As at</label> "
      "<input type=\"date\" id=\"at\" name=\"at\" value=\"{}\"> <button "
      "type=\"submit\">Show</button></form>\n",
      html_escape(path), at.iso());
}

void add_plan_pages(Router& r) {
  r.get(R"(/plan)", plan_page);
  r.get(R"(/plan/([A-Za-z0-9_.-]{1,64}))", workstream_page);
}

}  // namespace bc::web
