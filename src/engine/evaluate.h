// Evaluating a metric: its value for a period, optionally broken down by
// up to four dimensions, against plan and the same period last year.
//
// Counts events in the period of their date (admission, arrival, discharge
// into reablement, month of the DToC return). Rates per 100,000 divide by a
// population (population.h says which, and every rate row names it). A
// proportion with a year cohort (reablement at 91 days) counts, for a whole
// financial year, the cohort's events (1 October to 31 December), and for
// any other period that period's events as local monitoring. Plans: the sum
// of the period's monthly plans for a count or a rate of events, the mean
// for a percentage, the mean weighted by days for a rate per day; none
// unless every month has one. Variance = (actual - plan) / plan x 100,
// signed so that positive is worse, with the RAG of the config.
//
// Completeness: a figure over a month not loaded for a data source it uses
// (snapshot.h) is incomplete: it says which months are missing and has no
// variance, no RAG and no comparison with last year, which is compared only
// when its own months were loaded.
//
// Small-number suppression (for people outside the care team): counts of
// people from 1 to hide_below-1 are hidden ("*"), others rounded; a figure
// derived from counts (a rate, a percentage, a variance, a change) uses the
// exact counts when all of them are hide_below or more, and is hidden
// itself when any is smaller.
//
// Unlinked events count in the whole but in no cluster or practice: their
// group value is null.
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/period.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/metric_row.h"
#include "engine/snapshot.h"

namespace bc {

// The breakdowns are taken as given: MetricQuery::bind (metric_query.h)
// checks them, and every caller goes through it.
struct EvaluateOptions {
  std::vector<DimId> by;  // breakdowns, in order
  bool suppress = false;  // small-number suppression (config rule)
  bool compare = true;    // plan and previous year
};

// A metric's rows for a bound query (metric_query.h runs it).
Result<std::vector<MetricRow>> evaluate_metric(const Snapshot& snap, const MetricConfig& config,
                                               const MetricDef& metric, const Period& period,
                                               const EvaluateOptions& options);

// The suppressed form of a count: nullopt for 1..hide_below-1 (shown "*"),
// otherwise rounded to the nearest round_to (zero stays zero).
std::optional<int64_t> suppress_count(int64_t n, const SuppressionRule& rule);

// The data sources a metric's figures come from (completeness).
std::vector<DataSource> sources_of(const MetricDef& metric);

}  // namespace bc
