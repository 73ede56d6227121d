#include "report/scheme_report_html.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "engine/metric_query.h"
#include "finance/position.h"
#include "present/html_escape.h"
#include "present/number_format.h"
#include "programme/scheme_report.h"
#include "report/html.h"
#include "report/metric_text.h"

namespace bc::report {

using present::format_k;
using present::format_metric_value;
using present::format_plan;
using present::html_escape;
namespace {

std::string section_text(std::string_view heading, const std::string& text) {
  std::string out = "<h4>" + html_escape(heading) + "</h4>\n";
  out += text.empty() ? "<p class=\"muted\">Not given.</p>\n" : text_to_html(text);
  return out;
}

// The finance block, from the ledger at the quarter's last month.
Result<std::string> finance_block(const ReportContext& ctx, const Period& at,
                                  const std::string& scheme) {
  auto pos = fund_position(*ctx.store, at.fiscal_year(), at.fiscal_month(), scheme);
  if (!pos.ok()) {
    if (pos.status().code() == StatusCode::kNotFound)
      return "<p class=\"muted\">No budget or ledger is loaded for this scheme in " +
             at.fiscal_year().label() + ".</p>\n";
    return pos.status();
  }
  if (pos->schemes.empty()) return std::string("<p class=\"muted\">No finance.</p>\n");
  const SchemePosition& s = pos->schemes.front();
  std::string table = fmt::format(
      "<table class=\"scheme-finance\" data-scheme=\"{}\"><caption>Financial position at {} "
      "(from the ledger; £'000, underspends in brackets)</caption><tr><th "
      "scope=\"col\">Partner</th><th class=\"num\" scope=\"col\">Annual value</th><th "
      "class=\"num\" scope=\"col\">Share</th><th class=\"num\" scope=\"col\">YTD budget</th><th "
      "class=\"num\" scope=\"col\">YTD spend</th><th class=\"num\" scope=\"col\">Forecast "
      "outturn</th><th class=\"num\" scope=\"col\">Variance</th></tr>\n",
      html_escape(s.code), html_escape(as_at_label(at)));
  auto row = [&](const std::string& name, const Position& p, bool total) {
    std::string share = s.budget.pence() == 0
                            ? "-"
                            : fmt::format("{:.0f}%", 100.0 * static_cast<double>(p.budget.pence()) /
                                                         static_cast<double>(s.budget.pence()));
    return fmt::format(
        "<tr{} data-partner=\"{}\"><td>{}</td><td class=\"num\" data-pence=\"{}\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" "
        "data-pence=\"{}\">{}</td><td class=\"num\" data-pence=\"{}\">{}</td><td class=\"num\" "
        "data-pence=\"{}\">{}</td></tr>\n",
        total ? " class=\"total\"" : "", total ? "" : html_escape(name), html_escape(name),
        p.budget.pence(), format_k(p.budget), share, format_k(p.ytd_budget), p.ytd_actual.pence(),
        format_k(p.ytd_actual), p.outturn.pence(), format_k(p.outturn), p.variance.pence(),
        format_k(p.variance));
  };
  for (const PartnerPosition& p : s.partners) table += row(p.partner, p, false);
  table += row("Total", s, true) + "</table>";
  std::string out = scroll_region("Financial position", table);
  Money abs = s.variance.pence() < 0 ? -s.variance : s.variance;
  out += fmt::format("<p>Forecast {} of {} on an annual value of {}.</p>\n",
                     s.variance.pence() > 0   ? "overspend"
                     : s.variance.pence() < 0 ? "underspend"
                                              : "variance",
                     abs.format_pounds(), s.budget.format_pounds());
  return out;
}

// The version asked for (the latest when none is), or NotFound naming the
// versions there are. `history` is not empty.
Result<const SchemeReportVersion*> pick_version(const std::vector<SchemeReportVersion>& history,
                                                const std::string& scheme, const Period& quarter,
                                                std::optional<int> version) {
  if (!version) return &history.back();
  for (const auto& v : history) {
    if (v.version == *version) return &v;
  }
  return Status::not_found(fmt::format("{} {} has no version {} (it has 1 to {})", scheme,
                                       quarter.label(), *version, history.back().version));
}

// The article's opening: its heading, a note when this is not the latest
// version, and the header block (scheme, host, pooled budget manager,
// author, period, date, version and state).
std::string report_header(const SchemeReportVersion& rep, const Period& quarter, int latest) {
  const SchemeReportContent& c = rep.content;
  std::string out = fmt::format(
      "<article class=\"scheme-report\" data-scheme=\"{}\" data-quarter=\"{}\" "
      "data-version=\"{}\" data-state=\"{}\">\n<h2>{} {}</h2>\n",
      html_escape(rep.scheme), html_escape(rep.quarter), rep.version,
      html_escape(state_name(rep.state)), html_escape(rep.scheme), html_escape(rep.scheme_name));
  if (rep.version != latest) {
    out += fmt::format(
        "<p class=\"note\"><strong>This is version {}; the latest is version {}.</strong></p>\n",
        rep.version, latest);
  }
  std::string pbm = rep.pooled_budget_manager();
  out += "<dl class=\"header\">";
  out += "<dt>Scheme</dt><dd>" + html_escape(rep.scheme_name) + "</dd>";
  out += "<dt>Host</dt><dd>" + html_escape(rep.host) + "</dd>";
  out += "<dt>Pooled budget manager</dt><dd>" + (pbm.empty() ? "-" : html_escape(pbm)) + "</dd>";
  out += "<dt>Report author</dt><dd>" +
         (c.report_author.empty() ? "-" : html_escape(c.report_author)) + "</dd>";
  out +=
      fmt::format("<dt>Reporting period</dt><dd>Q{} {} ({} to {})</dd>", quarter.fiscal_quarter(),
                  quarter.fiscal_year().label(), html_escape(quarter.first_month().name()),
                  html_escape(quarter.last_month().name()));
  out += "<dt>Report date</dt><dd>" + (c.report_date ? c.report_date->iso() : "-") + "</dd>";
  out += fmt::format("<dt>Version</dt><dd>{} <span class=\"state\">({})</span></dd>", rep.version,
                     html_escape(state_description(rep.state)));
  out += "</dl>\n";
  return out;
}

// The associated contracts as a table; nothing when there are none.
std::string contracts_table(const SchemeReportContent& c) {
  if (c.contracts.empty()) return {};
  std::string table =
      "<table><caption>Associated contracts</caption><tr><th scope=\"col\">Contract</th><th "
      "scope=\"col\">Duration</th><th scope=\"col\">Annual value</th><th "
      "scope=\"col\">Over/under spend to date</th><th scope=\"col\">Performance to "
      "date</th><th scope=\"col\">Comments</th></tr>\n";
  for (const auto& k : c.contracts) {
    table += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(k.contract), html_escape(k.duration), html_escape(k.annual_value),
        html_escape(k.spend_to_date), html_escape(k.performance), html_escape(k.comments));
  }
  return scroll_region("Associated contracts", table + "</table>");
}

// bettercare's own figure for an indicator that names a metric: its value
// (the month, or the year to date, as the metric is summarised), the plan
// and the RAG; "-" when it names none.
Result<std::string> indicator_figure(const ReportContext& ctx, const Period& at,
                                     const ReportIndicator& ind) {
  if (!ind.metric) return std::string("-");
  const MetricDef* m = ctx.metrics->find(*ind.metric);
  if (m == nullptr) return "unknown metric " + html_escape(*ind.metric);
  Period p = m->summary == SummaryForm::kMonth ? at : at.year_to_date();
  auto rows = query_metric(*ctx.metrics, *ctx.snapshot, *m, p, {}, ctx.suppress);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::string("-");
  const MetricRow& r = rows->front();
  std::string figure = fmt::format("{}: {}", html_escape(m->short_name),
                                   format_metric_value(r.value, r.unit, r.suppressed));
  if (r.plan) figure += " against " + format_plan(r) + " planned";
  if (r.rag) figure += " " + rag_badge(r.rag);
  return figure;
}

// The performance indicators section, each with bettercare's figure.
Result<std::string> indicators_section(const ReportContext& ctx, const Period& at,
                                       const SchemeReportContent& c) {
  std::string out = "<h3>Performance indicators</h3>\n";
  if (c.indicators.empty()) return out + "<p class=\"muted\">None given.</p>\n";
  std::string table =
      "<table class=\"indicators\"><tr><th scope=\"col\">Indicator</th><th "
      "scope=\"col\">Target</th><th scope=\"col\">Actual</th><th scope=\"col\">Progress</th>"
      "<th scope=\"col\">bettercare figure (year to date)</th></tr>\n";
  for (const auto& ind : c.indicators) {
    auto figure = indicator_figure(ctx, at, ind);
    if (!figure.ok()) return figure.status();
    table += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         html_escape(ind.name), html_escape(ind.target), html_escape(ind.actual),
                         text_to_html(ind.progress), *figure);
  }
  return out + scroll_region("Performance indicators", table + "</table>");
}

// The risks and issues section, with their mitigating actions.
std::string risks_section(const SchemeReportContent& c) {
  std::string out = "<h3>Risks and issues, with mitigating actions</h3>\n";
  if (c.risks.empty()) return out + "<p class=\"muted\">None given.</p>\n";
  std::string table =
      "<table class=\"risks\"><tr><th scope=\"col\">Risk or issue</th><th "
      "scope=\"col\">Mitigating actions</th></tr>\n";
  for (const auto& r : c.risks)
    table += "<tr><td>" + text_to_html(r.risk) + "</td><td>" + text_to_html(r.mitigation) +
             "</td></tr>\n";
  return out + scroll_region("Risks and issues", table + "</table>");
}

// The sign-off table (every step, done or not) and, when there is more
// than one version, the version history.
std::string sign_off_section(const SchemeReportVersion& rep,
                             const std::vector<SchemeReportVersion>& history) {
  std::string table =
      "<table class=\"sign-off\"><tr><th scope=\"col\">Step</th><th "
      "scope=\"col\">Date</th><th scope=\"col\">By</th><th scope=\"col\">Note</th></tr>\n";
  for (ReportStep step : {ReportStep::kSubmit, ReportStep::kJcbReceive, ReportStep::kJcbSignOff,
                          ReportStep::kHwbReceive, ReportStep::kHwbSignOff}) {
    const ReportStepRecord* done = nullptr;
    for (const auto& s : rep.steps) {
      if (s.step == step) done = &s;
    }
    table += fmt::format("<tr data-step=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         html_escape(step_name(step)), html_escape(step_description(step)),
                         done ? done->on.iso() : "-", done ? html_escape(done->by) : "",
                         done ? html_escape(done->note) : "");
  }
  std::string out = "<h3>Sign-off</h3>\n" + scroll_region("Sign-off", table + "</table>");
  if (history.size() > 1) {
    out += "<h4>Version history</h4><ul>";
    for (const auto& v : history) {
      out += fmt::format("<li>Version {}: {}, created {} by {}</li>", v.version,
                         html_escape(state_name(v.state)), html_escape(v.created_at),
                         html_escape(v.created_by));
    }
    out += "</ul>\n";
  }
  return out;
}

}  // namespace

Result<std::string> scheme_report_fragment(const ReportContext& ctx, const std::string& scheme,
                                           const Period& quarter, std::optional<int> version) {
  // The quarter's last month: what the finance and the figures are as at.
  const Period at = Period::month(quarter.fiscal_year(), quarter.fiscal_month());
  auto history = scheme_report_history(*ctx.store, scheme, quarter);
  if (!history.ok()) return history.status();
  if (history->empty())  // the store promises NotFound instead; be safe
    return Status::not_found(fmt::format("{} has no report for {}", scheme, quarter.label()));
  auto picked = pick_version(*history, scheme, quarter, version);
  if (!picked.ok()) return picked.status();
  const SchemeReportVersion& rep = **picked;
  const SchemeReportContent& c = rep.content;

  std::string out = report_header(rep, quarter, history->back().version);
  out += "<h3>Overall financial performance</h3>\n";
  auto fin = finance_block(ctx, at, scheme);
  if (!fin.ok()) return fin.status();
  out += *fin;
  out += section_text("Reasons for over/underspends", c.finance_reasons);
  out += section_text("Actions being taken to address over/underspends", c.finance_actions);
  out += section_text("Opportunities for savings", c.savings_opportunities);
  out += section_text("Predicted cost pressures", c.cost_pressures);
  out += contracts_table(c);

  out += "<h3>Overall delivery</h3>\n";
  out += section_text("Original aims and anticipated outcomes", c.aims);
  out += section_text("Evidence of key developments this quarter", c.evidence);

  auto indicators = indicators_section(ctx, at, c);
  if (!indicators.ok()) return indicators.status();
  out += *indicators;
  out += risks_section(c);

  out += "<h3>Summary</h3>\n";
  out +=
      section_text("Proposed changes or recommendations for the JCB and HWB", c.proposed_changes);
  out += section_text("Priorities for the next 3 to 6 months", c.priorities);
  out += sign_off_section(rep, *history);
  return out + "</article>\n";
}

Result<std::string> scheme_report_document(const ReportContext& ctx, const std::string& scheme,
                                           const Period& quarter, std::optional<int> version) {
  auto body = scheme_report_fragment(ctx, scheme, quarter, version);
  if (!body.ok()) return body.status();
  std::string title = (ctx.area.empty() ? std::string() : ctx.area + " ") +
                      "Better Care quarterly performance report";
  std::string head = fmt::format(
      "<header class=\"cover\"><h1>{}</h1><p class=\"muted\">Generated by bettercare on "
      "{}.</p></header>\n",
      html_escape(title), ctx.generated_on.iso());
  return html_document(title + ": " + scheme + " " + quarter.label(), head + *body);
}

}  // namespace bc::report
