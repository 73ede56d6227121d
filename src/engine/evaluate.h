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
#include "engine/snapshot.h"

namespace bc {

struct MetricRow {
  std::string metric, unit, period;
  // (dimension, value) in the order asked; value null for unlinked/unknown.
  std::vector<std::pair<std::string, std::optional<std::string>>> group;
  std::optional<double> value;  // null: no denominator, or too few events
  double numerator = 0;
  std::optional<double> denominator;         // ratios, rates and proportions only
  std::optional<int64_t> unknown;            // proportions: outcomes not yet known
  bool provisional = false;                  // proportions: some outcomes not yet known
  std::optional<double> ci_lower, ci_upper;  // standardised rates: 95% confidence interval
  std::optional<double> days;                // rates per day: the days in the period
  std::string population;  // rates: the population divided by (PopulationBasis::label)
  // Proportions with a year cohort: the cohort counted ("2017-10-01..2017-12-31"),
  // or local monitoring when the period is not a financial year.
  std::optional<std::string> cohort;
  bool local_monitoring = false;
  std::optional<double> plan, variance_pct;
  std::optional<std::string> rag;  // Green | Amber | Red
  std::optional<double> previous_value;
  std::optional<double> change_pct;       // relative change on last year, %
  std::optional<double> change_pp;        // percentages: the change in percentage points
  std::optional<std::string> comparison;  // Better | Flat | Worse
  // Every month of every data source the figure uses was loaded; if not,
  // the months missing ("2018-03 spells").
  bool complete = true;
  std::vector<std::string> missing;
  std::string note;                  // e.g. why there is no value
  bool suppressed = false;           // a count of 1..7 involved: value and numerator hidden ("*")
  bool unknown_suppressed = false;   // unknown outcomes 1..7 hidden ("*")
  bool previous_suppressed = false;  // last year's figure hidden ("*")
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

// The data sources a metric's figures come from (completeness).
std::vector<DataSource> sources_of(const MetricDef& metric);

}  // namespace bc
