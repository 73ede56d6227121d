// Evaluating a metric: its value for a period, optionally broken down by
// up to four dimensions, against plan and the same period last year.
//
// Counts events in the period of their date (admission, arrival, discharge
// into reablement, month of the DToC return). Rates per 100,000 divide by
// the registered population of the metric's age range alive and registered
// at the mid-point of the period (of each month or quarter, when broken
// down by them). Plans: the sum of the period's monthly plans for a count
// or a rate per 100,000 (not annualised), their mean for a percentage; none
// unless every month has one.
// Variance = (actual - plan) / plan x 100, signed so that positive is worse,
// with the RAG of the config. Unlinked events count in the whole but in no
// cluster or practice: their group value is null.
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/period.h"
#include "engine/snapshot.h"

namespace bc {

struct MetricRow {
  std::string metric, unit, period;
  // (dimension, value) in the order asked; value null for unlinked/unknown.
  std::vector<std::pair<std::string, std::optional<std::string>>> group;
  std::optional<double> value;  // null: no denominator
  double numerator = 0;
  std::optional<double> denominator;  // ratios, rates and proportions only
  std::optional<int64_t> unknown;     // proportions: outcomes not known
  std::optional<double> plan, variance_pct;
  std::optional<std::string> rag;  // Green | Amber | Red
  std::optional<double> previous_value, change_pct;
  std::optional<std::string> comparison;  // Better | Flat | Worse
  std::string note;                       // e.g. why there is no value
  bool suppressed = false;                // numerator 1..7 hidden ("*")
  bool unknown_suppressed = false;        // unknown outcomes 1..7 hidden ("*")
};

struct EvaluateOptions {
  std::vector<std::string> by;  // dimensions
  bool suppress = false;        // small-number suppression (config rule)
  bool compare = true;          // plan and previous year
};

Result<std::vector<MetricRow>> evaluate_metric(const Snapshot& snap, const MetricConfig& config,
                                               const MetricDef& metric, const Period& period,
                                               const EvaluateOptions& options);

// The suppressed form of a count: nullopt for 1..hide_below-1 (shown "*"),
// otherwise rounded to the nearest round_to (zero stays zero).
std::optional<int64_t> suppress_count(int64_t n, const SuppressionRule& rule);

}  // namespace bc
