// A metric's SPC charts: its figure month by month, each month evaluated as
// a period of its own (the figure `metrics --period 2017/18:M6` gives, with
// or without suppression), charted by spc.h as the XmR chart of the values
// (counts, rates and percentages alike), for
// the whole area or for each group of one breakdown (each cluster, each
// practice ...). The CLI's `spc --metric`, the performance report, the
// metric pages and the cluster dashboards all ask here.
//
// A month with no figure (a data source not loaded for it, no denominator,
// or a figure hidden by small-number suppression) is left out of the chart
// and listed with the reason: a chart never plots a missing month as zero.
// The measure's direction is the metric's (lower_is_better: decrease). The
// target, unless one is given, is the plan of the last month charted, when
// it has one.
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/metric_query.h"
#include "engine/metric_row.h"
#include "engine/snapshot.h"
#include "engine/spc.h"

namespace bc {

struct MetricSpcRequest {
  std::string metric;
  YearMonth from, to;                      // inclusive
  std::optional<std::string> by;           // one breakdown dimension (not month or quarter)
  std::optional<std::string> cluster;      // only this cluster's figures
  bool suppress = false;                   // for people outside the care team
  std::optional<double> target;            // instead of the last month's plan
  std::vector<YearMonth> process_changes;  // each starts new limits
  std::optional<size_t> baseline;          // limits from the first N points of each segment
  bool screen_outliers = true;
  size_t trend_length = 7, shift_length = 7;  // SpcOptions' rule lengths
};

struct MetricSpc {
  std::optional<GroupValue> group;           // the breakdown's group; none for the whole area
  std::vector<YearMonth> months;             // one per point charted
  std::vector<std::optional<double>> plans;  // each month's plan
  std::optional<double> target;              // what the assurance compares with
  SpcOptions options;  // what the chart was computed with (direction, target ...)
  // Months in the range not charted, "2018-03: not loaded (spells)".
  std::vector<std::string> left_out;
  std::optional<SpcChart> chart;  // none when no month has a figure

  std::vector<std::string> month_labels() const;  // "2017-04", one per point
};

// The charts asked for: one, or one per group of `by` in the engine's
// order. InvalidArgument for a range that is empty or over
// kMaxSpcMonths, a process change outside the range, and anything
// MetricQuery::bind refuses; NotFound for an unknown metric.
constexpr int kMaxSpcMonths = 240;
// `run` evaluates one month's bound query (default: MetricQuery::run); the
// web passes its cache's (web/metric_cache.h), so a chart's months are
// computed once for every page that shows them.
using MonthRunner = std::function<Result<std::vector<MetricRow>>(const MetricQuery&)>;
Result<std::vector<MetricSpc>> metric_spc(const MetricConfig& config, const Snapshot& snap,
                                          const MetricSpcRequest& request,
                                          const MonthRunner& run = nullptr);

}  // namespace bc
