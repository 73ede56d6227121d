// The performance report's figures: evaluating the metrics for a report, and
// the words and charts about them (performance_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "present/html_escape.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "report/performance_parts.h"

namespace bc::report::parts {

using present::format_metric_value;
using present::format_plan;
using present::html_escape;
namespace {

std::string group_key(const MetricRow& r, std::optional<DimId> skip) {
  std::string key;
  for (const auto& [dim, value] : r.group) {
    if (dim == skip) continue;
    if (!key.empty()) key += '|';
    key += value.value_or("(unlinked)");
  }
  return key;
}

std::vector<std::optional<double>> cumulative(const std::vector<std::optional<double>>& v) {
  std::vector<std::optional<double>> out(v.size());
  double sum = 0;
  bool any = false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      // A gap (no data, or suppressed) ends the running total honestly.
      if (any) break;
      continue;
    }
    sum += *v[i];
    any = true;
    out[i] = sum;
  }
  return out;
}

bool any_value(const std::vector<std::optional<double>>& v) {
  return std::any_of(v.begin(), v.end(), [](const auto& x) { return x.has_value(); });
}

}  // namespace

// Monthly series per group of `extra` dimensions ("" when none). Months
// after the report's month have no actual.
Result<std::map<std::string, Monthly>> monthly(const Figures& f, const MetricDef& m,
                                               const Period& at, std::vector<std::string> extra) {
  std::vector<std::string> by = {"month"};
  by.insert(by.end(), extra.begin(), extra.end());
  auto rows = f.rows(m, at.whole_year(), by);
  if (!rows.ok()) return rows.status();
  std::map<std::string, Monthly> out;
  for (const MetricRow& r : *rows) {
    std::string month_iso;
    for (const auto& [dim, value] : r.group) {
      if (dim == DimId::kMonth) month_iso = value.value_or("");
    }
    int slot = -1;
    for (int k = 0; k < 12; ++k) {
      if (at.fiscal_year().month(k + 1).iso() == month_iso) slot = k;
    }
    if (slot < 0) continue;
    Monthly& s = out[group_key(r, DimId::kMonth)];
    // A month not loaded is a gap in the chart, never a zero.
    if (slot < at.fiscal_month() && r.complete) s.actual[static_cast<size_t>(slot)] = r.value;
    s.plan[static_cast<size_t>(slot)] = r.plan;
    s.previous[static_cast<size_t>(slot)] = r.previous_value;
  }
  return out;
}

// Rows of a breakdown for a period, keyed by their group.
Result<std::map<std::string, MetricRow>> keyed(const Figures& f, const MetricDef& m,
                                               const Period& p, std::vector<std::string> by) {
  auto rows = f.rows(m, p, std::move(by));
  if (!rows.ok()) return rows.status();
  std::map<std::string, MetricRow> out;
  for (MetricRow& r : *rows) out.emplace(group_key(r, std::nullopt), std::move(r));
  return out;
}

std::string month_chart(const std::string& id, const std::string& title, const std::string& desc,
                        const Monthly& s, std::string_view unit, const Period& at, bool cumulate) {
  LineChart c;
  c.id = id;
  c.title = title;
  c.desc = desc;
  c.format = value_format_of_unit(unit);
  for (int k = 1; k <= 12; ++k) c.categories.emplace_back(month_abbreviation(calendar_month_of(k)));
  auto pick = [&](const std::vector<std::optional<double>>& v) {
    return cumulate ? cumulative(v) : v;
  };
  c.series.push_back({at.fiscal_year().label(), pick(s.actual), Series::Style::kSolid});
  if (any_value(s.previous))
    c.series.push_back(
        {at.fiscal_year().previous().label(), pick(s.previous), Series::Style::kDashed});
  if (any_value(s.plan)) c.series.push_back({"Plan", pick(s.plan), Series::Style::kDotted});
  c.width = 420;  // two to an A4 row, printed near full size
  c.height = 240;
  return render_line_chart(c);
}

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>" + svg + (caption.empty() ? "" : "<figcaption>" + caption + "</figcaption>") +
         "</figure>";
}

// "0.8% below target", "5.4% against a target of 3.9%"; for a figure over
// months not loaded, no judgement at all.
std::string target_phrase(const MetricRow& r, const MetricDef& m) {
  if (!r.complete) return "no RAG: " + missing_phrase(r);
  if (!r.plan) return "no plan";
  if (r.unit == MetricUnit::kPercent) {
    return fmt::format("{} against a target of {}",
                       format_metric_value(r.value, r.unit, r.suppressed), format_plan(r));
  }
  if (!r.variance_pct) return "no comparison";
  double above = *r.variance_pct * (m.lower_is_better ? 1 : -1);  // actual vs plan
  if (std::abs(above) < 0.05) return "on target";
  return fmt::format("{:.1f}% {} target", std::abs(above), above > 0 ? "above" : "below");
}

std::string rag_words(const std::optional<Rag>& rag) {
  if (!rag) return "";
  if (*rag == Rag::kGreen) return "Target achieved / on track";
  if (*rag == Rag::kAmber) return "Slightly off track";
  return "Off track";
}

// What the summary says when the analyst wrote no commentary: only what the
// other columns do not (last year's figure, a snapshot's previous month,
// outcomes not yet known).
std::string auto_commentary(const Figures& f, const MetricRow& r, const MetricDef& m,
                            const Period& at) {
  std::vector<std::string> parts;
  if (r.previous_value)
    parts.push_back(fmt::format("Last year: {}.", format_metric_value(r.previous_value, r.unit)));
  if (m.summary == SummaryForm::kMonth && at.fiscal_month() > 1) {
    const Period before = Period::month(at.fiscal_year(), at.fiscal_month() - 1);
    auto prev = f.total(m, before);
    if (prev.ok() && prev->value) {
      parts.push_back(fmt::format("{}: {}.", before.last_month().name(),
                                  format_metric_value(prev->value, prev->unit, prev->suppressed)));
    }
  }
  if (r.cohort) {  // "2017-10-01..2017-12-31"
    parts.push_back("ASCOF 2B(1) cohort: discharged " + r.cohort->substr(0, 10) + " to " +
                    r.cohort->substr(r.cohort->size() - 10) + ".");
  }
  if (r.local_monitoring) parts.push_back("Local monitoring, not the national figure.");
  for (const std::string& p : {provisional_phrase(r), interval_phrase(r), population_phrase(r)}) {
    if (p.empty()) continue;
    std::string sentence = p;  // capitalised (p is ASCII-led), with a full stop
    sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
    parts.push_back(sentence + ".");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out.empty() ? "-" : out;
}

Period summary_period(const MetricDef& m, const Period& at) {
  return m.summary == SummaryForm::kMonth ? at : at.year_to_date();
}

std::string suppression_note(const ReportContext& ctx) {
  if (!ctx.suppress)
    return "<p class=\"note\"><strong>Not for publication:</strong> counts of people are shown "
           "unsuppressed.</p>";
  return "<p class=\"note\">Small numbers (after NHS Digital's rule for published statistics): " +
         html_escape(suppression_sentence(ctx.metrics->suppression)) +
         " Delayed days are not counts of people and are shown exactly.</p>";
}

std::string rag_key(const MetricConfig& cfg) {
  return fmt::format(
      "<p class=\"note\">Against plan: {} variance &le; {:g}%, on track / target achieved; {} "
      "above {:g}% and below {:g}%, slightly off track; {} {:g}% or more, off track. Against "
      "last year: Better, Flat or Worse.</p>\n",
      rag_badge(Rag::kGreen), cfg.rag.green_max, rag_badge(Rag::kAmber), cfg.rag.green_max,
      cfg.rag.amber_below, rag_badge(Rag::kRed), cfg.rag.amber_below);
}

}  // namespace bc::report::parts
