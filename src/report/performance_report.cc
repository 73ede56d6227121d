#include "report/performance_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/toml_guard.h"
#include "engine/evaluate.h"
#include "present/html_escape.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "report/performance_parts.h"
#include "report/provider_quality.h"
#include "report/spc_chart.h"

namespace bc::report {

using present::format_metric_value;
using present::format_plan;
using present::html_escape;

using namespace parts;  // NOLINT: the report's own pieces (performance_parts.h)

std::string summary_row_html(const MetricDef& m, const MetricRow& r, std::string_view period,
                             std::string_view when, std::string_view spc_html,
                             std::string_view commentary_html) {
  // An incomplete figure is no performance: no RAG, and what is missing.
  std::string target =
      !r.complete ? "<span class=\"rag rag-none\">No RAG</span> " + html_escape(missing_phrase(r))
      : r.rag     ? rag_badge(r.rag) + " " + html_escape(rag_words(r.rag)) + " (" +
                    html_escape(target_phrase(r, m)) + ")"
              : html_escape(target_phrase(r, m));
  std::string last_year =
      r.comparison ? fmt::format("<strong>{}</strong> ({})", comparison_name(*r.comparison),
                                 html_escape(change_phrase(r)))
                   : html_escape(change_phrase(r));
  return fmt::format(
      "<tr data-metric=\"{}\" data-period=\"{}\" data-complete=\"{}\"><th scope=\"row\">{}<br>"
      "<span class=\"note\">{}</span></th><td class=\"num\" data-field=\"value\">{}</td><td "
      "class=\"num\" data-field=\"plan\">{}</td><td data-field=\"target\" data-rag=\"{}\">{}</td>"
      "<td data-field=\"spc\">{}</td><td data-field=\"last-year\" "
      "data-comparison=\"{}\">{}</td><td "
      "data-field=\"commentary\">{}</td></tr>\n",
      html_escape(m.id), html_escape(period), r.complete ? "true" : "false",
      html_escape(m.short_name), html_escape(when),
      format_metric_value(r.value, r.unit, r.suppressed), format_plan(r),
      r.rag ? rag_name(*r.rag) : "", target, spc_html,
      r.comparison ? comparison_name(*r.comparison) : "", last_year, commentary_html);
}

// ---- the month a report is as at --------------------------------------------

std::string as_at_label(const Period& at) {
  return fmt::format("Month {} {}", at.fiscal_month(), at.fiscal_year().label());
}

std::string year_span(const Period& at) {
  return fmt::format("{} to {}", at.whole_year().first_month().name(), at.last_month().name());
}

// ---- commentary -----------------------------------------------------------

Result<ReportCommentary> parse_commentary(std::string_view text, std::string_view file_name,
                                          const MetricConfig& metrics) {
  // A user's file: through the guard, as toml++ 3.3 mishandles some
  // malformed text (core/toml_guard.h).
  auto parsed = parse_user_toml(text, file_name);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  auto where = [&](const toml::node& n) {
    return fmt::format("{}:{}", file_name, n.source().begin.line);
  };
  auto text_of = [&](const toml::node& n, std::string_view key) -> Result<std::string> {
    if (!n.is_string())
      return Status::invalid_data(fmt::format("{}: {} must be text", where(n), key));
    return std::string(*n.value<std::string>());
  };
  ReportCommentary c;
  for (const auto& [key, node] : root) {
    if (key == "introduction") {
      auto t = text_of(node, key.str());
      if (!t.ok()) return t.status();
      c.introduction = *t;
    } else if (key == "commentary" && node.is_table()) {
      for (const auto& [metric, n] : *node.as_table()) {
        if (metrics.find(metric.str()) == nullptr) {
          return Status::invalid_data(
              fmt::format("{}: commentary for an unknown metric '{}'", where(n), metric.str()));
        }
        auto t = text_of(n, metric.str());
        if (!t.ok()) return t.status();
        c.metrics[std::string(metric.str())] = *t;
      }
    } else if (key == "highlights" && node.is_table()) {
      for (const auto& [k, n] : *node.as_table()) {
        auto t = text_of(n, k.str());
        if (!t.ok()) return t.status();
        if (k == "achievements") {
          c.achievements = *t;
        } else if (k == "risks") {
          c.risks = *t;
        } else if (k == "priorities") {
          c.priorities = *t;
        } else {
          return Status::invalid_data(fmt::format(
              "{}: unknown key 'highlights.{}'; the keys are achievements, risks, priorities",
              where(n), k.str()));
        }
      }
    } else {
      return Status::invalid_data(
          fmt::format("{}: unknown key '{}'; the keys are introduction, [commentary] (one text "
                      "per metric id) and [highlights] (achievements, risks, priorities)",
                      where(node), key.str()));
    }
  }
  return c;
}

// ---- the report -----------------------------------------------------------

Result<std::string> summary_table_html(const ReportContext& ctx, const Period& at) {
  Figures f(ctx);
  std::string out =
      "<table class=\"summary\"><tr><th scope=\"col\">Metric</th><th class=\"num\" "
      "scope=\"col\">Actual</th><th class=\"num\" scope=\"col\">Plan</th><th "
      "scope=\"col\">Performance against target</th><th scope=\"col\">Variation and "
      "assurance (SPC)</th><th scope=\"col\">Against previous "
      "year</th><th scope=\"col\">Commentary</th></tr>\n";
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone) continue;
    const Period period = summary_period(m, at);
    auto r = f.total(m, period);
    if (!r.ok()) return r.status();
    std::string when =
        m.summary == SummaryForm::kMonth ? at.last_month().name() + " snapshot" : "year to date";
    auto it = ctx.commentary.metrics.find(m.id);
    std::string commentary = it != ctx.commentary.metrics.end()
                                 ? text_to_html(it->second)
                                 : "<p>" + html_escape(auto_commentary(f, *r, m, at)) + "</p>";
    auto spc = f.spc(m, at);
    if (!spc.ok()) return spc.status();
    const std::string icons =
        spc_icons_html(spc->chart ? &*spc->chart : nullptr, "summary-" + m.id);
    out += summary_row_html(m, *r, period.label(), when, icons, commentary);
  }
  return out + "</table>\n";
}

Result<std::string> performance_report_body(const ReportContext& ctx, const Period& at,
                                            std::string_view id_prefix, ReportSections sections) {
  Figures f(ctx);
  const std::string id(id_prefix);
  std::string out;
  if (sections.summary) {
    out += "<section class=\"page\" id=\"" + id + "-summary\">";
    out += fmt::format("<h2>Performance summary: {} ({})</h2>\n", html_escape(as_at_label(at)),
                       html_escape(year_span(at)));
    if (!ctx.commentary.introduction.empty()) out += text_to_html(ctx.commentary.introduction);
    out += rag_key(*ctx.metrics);
    auto summary = summary_table_html(ctx, at);
    if (!summary.ok()) return summary.status();
    out += *summary;
    out += suppression_note(ctx);
    out += "</section>\n";
  }

  auto spc = spc_section(f, at, id);
  if (!spc.ok()) return spc.status();
  out += *spc;
  auto nel = nel_section(f, at, id);
  if (!nel.ok()) return nel.status();
  out += *nel;
  auto diag = diagnoses_section(f, at, id);
  if (!diag.ok()) return diag.status();
  out += *diag;
  auto dtoc = dtoc_section(f, at, id);
  if (!dtoc.ok()) return dtoc.status();
  out += *dtoc;
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone || m.id == "nel_admissions" || m.id == "delayed_days" ||
        m.id == "dtoc_rate")
      continue;
    auto s = metric_section(ctx, f, at, m, id);
    if (!s.ok()) return s.status();
    out += *s;
  }
  auto pop = population_section(ctx, at, id);
  if (!pop.ok()) return pop.status();
  out += *pop;
  // Care providers at the month end, and three months before.
  auto providers = provider_quality_html(
      *ctx.store, {at.year_to_date().first(), at.last(), add_months(at.first(), -2).add_days(-1),
                   ctx.suppress, ctx.metrics->suppression, id});
  if (!providers.ok()) return providers.status();
  out += *providers;
  if (sections.finance) {
    out += "<section class=\"page\" id=\"" + id + "-finance\"><h2>Finance schedule</h2>\n";
    auto fin = finance_schedule_html(ctx, at);
    if (!fin.ok()) return fin.status();
    out += *fin + "</section>\n";
  }
  auto hl = highlight_section(ctx, f, at, id);
  if (!hl.ok()) return hl.status();
  out += *hl;
  return out;
}

Result<std::string> performance_report_html(const ReportContext& ctx, const Period& at) {
  auto body = performance_report_body(ctx, at);
  if (!body.ok()) return body.status();
  std::string title =
      (ctx.area.empty() ? std::string() : ctx.area + " ") + "Better Care Performance Report";
  std::string cover = fmt::format(
      "<header class=\"cover\"><h1>{}</h1><p><strong>{}</strong> ({}): figures are the year to "
      "date at the month unless marked as a snapshot.</p><p class=\"muted\">Generated by "
      "bettercare on {} from the data loaded at that time.</p>\n"
      "<nav><p>Contents: <a href=\"#pr-summary\">Summary</a> &middot; <a "
      "href=\"#pr-nel\">Non-elective admissions</a> &middot; <a href=\"#pr-diagnoses\">Top "
      "diagnoses</a> &middot; <a href=\"#pr-dtoc\">Delayed transfers</a> &middot; <a "
      "href=\"#pr-population\">Population</a> &middot; <a href=\"#pr-providers\">Care "
      "providers</a> &middot; <a href=\"#pr-finance\">Finance</a> "
      "&middot; <a href=\"#pr-highlights\">Highlights</a></p></nav></header>\n",
      html_escape(title), html_escape(as_at_label(at)), html_escape(year_span(at)),
      ctx.generated_on.iso());
  return html_document(title + ", " + as_at_label(at), cover + *body);
}

}  // namespace bc::report
