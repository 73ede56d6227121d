// Internal to report: the pieces of the performance report, shared by its
// files: performance_report.cc (the report, its summary, the month it is
// as at, the commentary), performance_figures.cc (evaluating the metrics
// for a report, and the words and charts about them) and
// performance_sections.cc (the sections after the summary).
//
// Thread safety: as performance_report.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/metric_query.h"
#include "engine/metric_spc.h"
#include "report/chart.h"
#include "report/performance_report.h"

namespace bc::report::parts {

inline constexpr const char* kBandNames[] = {"Children (0-17)", "Working age adults (18-64)",
                                             "Older people (65+)"};

// The evaluation every section goes through.
class Figures {
 public:
  explicit Figures(const ReportContext& ctx) : ctx_(ctx) {}

  const MetricDef* metric(std::string_view id) const { return ctx_.metrics->find(id); }
  const MetricConfig& metrics() const { return *ctx_.metrics; }
  const Snapshot& snapshot() const { return *ctx_.snapshot; }

  Result<std::vector<MetricRow>> rows(const MetricDef& m, const Period& p,
                                      std::vector<std::string> by, bool compare = true) const {
    return query_metric(*ctx_.metrics, *ctx_.snapshot, m, p, std::move(by), ctx_.suppress, compare);
  }

  // The metric's SPC chart over the kSpcMonths months to the report's
  // month (engine/metric_spc.h), with the report's suppression.
  static constexpr int kSpcMonths = 24;
  Result<MetricSpc> spc(const MetricDef& m, const Period& at) const {
    MetricSpcRequest q;
    q.metric = m.id;
    q.to = at.last_month();
    q.from = q.to.add_months(1 - kSpcMonths);
    q.suppress = ctx_.suppress;
    auto charts = metric_spc(*ctx_.metrics, *ctx_.snapshot, q);
    if (!charts.ok()) return charts.status();
    return std::move(charts->front());
  }

  // The single row of a metric for a period (no breakdown).
  Result<MetricRow> total(const MetricDef& m, const Period& p) const {
    auto r = rows(m, p, {});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::internal("no row for " + m.id);
    return r->front();
  }

 private:
  const ReportContext& ctx_;
};

// A month-by-month view of one group of a metric over the financial year.
struct Monthly {
  std::vector<std::optional<double>> actual = std::vector<std::optional<double>>(12);
  std::vector<std::optional<double>> plan = std::vector<std::optional<double>>(12);
  std::vector<std::optional<double>> previous = std::vector<std::optional<double>>(12);
};

// Monthly series per group of `extra` dimensions ("" when none). Months
// after the report's month, and months not loaded, have no actual.
Result<std::map<std::string, Monthly>> monthly(const Figures& f, const MetricDef& m,
                                               const Period& at, std::vector<std::string> extra);
// Rows of a breakdown for a period, keyed by their group ("a|b").
Result<std::map<std::string, MetricRow>> keyed(const Figures& f, const MetricDef& m,
                                               const Period& p, std::vector<std::string> by);
// A line chart of a Monthly series (cumulated: year to date).
std::string month_chart(const std::string& id, const std::string& title, const std::string& desc,
                        const Monthly& s, std::string_view unit, const Period& at,
                        bool cumulate = false);
// <figure> around a chart, with an optional caption.
std::string figure(const std::string& svg, const std::string& caption = "");
// "0.8% below target", "5.4% against a target of 3.9%"; for a figure over
// months not loaded, no judgement at all.
std::string target_phrase(const MetricRow& r, const MetricDef& m);
// "Target achieved / on track", "Slightly off track", "Off track".
std::string rag_words(const std::optional<Rag>& rag);
// The summary's commentary when the analyst wrote none.
std::string auto_commentary(const Figures& f, const MetricRow& r, const MetricDef& m,
                            const Period& at);
// The period a metric is summarised over: the year to date or the month.
Period summary_period(const MetricDef& m, const Period& at);
// The footnote saying exactly how small numbers were treated.
std::string suppression_note(const ReportContext& ctx);
// The RAG key above the summary.
std::string rag_key(const MetricConfig& cfg);

// The sections after the summary; `id` prefixes their element ids.
// Making Data Count: an SPC chart for each headline metric.
Result<std::string> spc_section(const Figures& f, const Period& at, const std::string& id);
Result<std::string> nel_section(const Figures& f, const Period& at, const std::string& id);
Result<std::string> diagnoses_section(const Figures& f, const Period& at, const std::string& id);
Result<std::string> dtoc_section(const Figures& f, const Period& at, const std::string& id);
// A page for a headline metric without a section of its own.
Result<std::string> metric_section(const ReportContext& ctx, const Figures& f, const Period& at,
                                   const MetricDef& m, const std::string& id);
Result<std::string> population_section(const ReportContext& ctx, const Period& at,
                                       const std::string& id);
Result<std::string> highlight_section(const ReportContext& ctx, const Figures& f, const Period& at,
                                      const std::string& id);

}  // namespace bc::report::parts
