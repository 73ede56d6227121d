// The Better Care performance report: the monthly document the Joint
// Commissioning Board reads, generated from the engine and the finance
// module only, so it can never disagree with the dashboard or the return.
//
// A report is "as at" a financial month: its figures are the year to date
// at that month, as the board papers' are, except where a metric is
// reported as the month's own value (config/metrics.toml `summary =
// "month"`, e.g. the DToC rate in March). Sections, after the seed's month-12
// report (docs/reports.md): the summary table (RAG against plan, against
// last year, commentary); emergency admissions for all ages and per age
// band (short stay, long stay, A&E, each with its chart); the top 15
// primary diagnoses per age band with activity and cost; delayed transfers
// (YTD against target, the rate, by responsible organisation, provider and
// reason); a page per remaining headline metric; population growth by age
// band; care provider quality (report/provider_quality.h); the finance
// schedule; the highlight report.
//
// Counts of people are suppressed (1 to 7 shown as "*", others rounded to
// 5) unless the caller asks otherwise: board papers are published.
//
// Thread safety: reads the store through its connection and an immutable
// snapshot; one thread at a time per store.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/period.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/metric_row.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace bc::report {

// The month a report is as at is a Period of kind kMonth (Period::month,
// or Period::parse_month_end for what people type: "2017/18:Q3" is as at
// M9). Its figures are at.year_to_date() or, for a month's own value, `at`
// itself. Its words on the documents:
std::string as_at_label(const Period& at);  // "Month 12 2017/18"
std::string year_span(const Period& at);    // "April 2017 to March 2018"

// What the analyst adds by hand: commentary per metric and the highlight
// report's narrative. Read from TOML (docs/reports.md):
//   introduction = "..."
//   [commentary]
//   nel_admissions = "..."
//   [highlights]
//   achievements = "..."   risks = "..."   priorities = "..."
// Text is light Markdown (html.h). Unknown keys are errors.
struct ReportCommentary {
  std::string introduction;
  std::map<std::string, std::string> metrics;
  std::string achievements, risks, priorities;
};
Result<ReportCommentary> parse_commentary(std::string_view toml_text, std::string_view file_name,
                                          const MetricConfig& metrics);

struct ReportContext {
  Store* store = nullptr;
  const Snapshot* snapshot = nullptr;
  const MetricConfig* metrics = nullptr;
  std::string area;      // e.g. "Southampton City"; may be empty
  bool suppress = true;  // small-number suppression (published papers)
  ReportCommentary commentary;
  Date generated_on;  // printed on the cover
};

// Which of the report's sections a fragment holds.
struct ReportSections {
  bool summary = true;
  bool finance = true;
};

// The report's sections as an HTML fragment (for the quarterly pack).
// `id_prefix` keeps element ids unique when several fragments share a page.
Result<std::string> performance_report_body(const ReportContext& ctx, const Period& at,
                                            std::string_view id_prefix = "pr",
                                            ReportSections sections = {});
// The whole report as a self-contained HTML document.
Result<std::string> performance_report_html(const ReportContext& ctx, const Period& at);

// The finance schedule at a month (also used by the quarterly pack and the
// web's finance page), as an HTML fragment; a notice instead of a table
// when no finance is loaded. In finance_schedule.cc.
Result<std::string> finance_schedule_html(const ReportContext& ctx, const Period& at);

// The summary table (metric, value, plan, against target with RAG, the SPC
// icons, against last year, commentary), as an HTML fragment.
Result<std::string> summary_table_html(const ReportContext& ctx, const Period& at);
// One row of that table: the metric (`period` and `when`, e.g. "year to
// date", under its name), its figure and plan (present/number_format.h),
// its performance against target, Making Data Count's variation and
// assurance icons (`spc_html`, report/spc_chart.h's spc_icons_html), against
// last year, and the commentary (already HTML). Pinned by
// tests/golden/present/*.test.
std::string summary_row_html(const MetricDef& m, const MetricRow& r, std::string_view period,
                             std::string_view when, std::string_view spc_html,
                             std::string_view commentary_html);

}  // namespace bc::report
