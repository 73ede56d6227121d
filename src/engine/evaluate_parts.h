// Internal to the engine: the steps of evaluate_metric (evaluate.h), each
// unit-tested on its own (tests/engine/evaluate_parts_test.cc).
//
//   compute_rows (compute.cc)  the scan: one pass over each source's events
//                              in the period (tally.h, one scan per source)
//                              into the cells of the breakdown, then a row
//                              per cell with its value and completeness;
//   attach_plans,              the finishing step (finish.cc): plan,
//   attach_previous,           variance and RAG; last year's figure and the
//   suppress_rows              comparison; small-number suppression.
//
// Thread safety: pure functions of an immutable snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/period.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/metric_row.h"
#include "engine/snapshot.h"

namespace bc::engine {

// A row as computed, with what comparison and suppression need but the row
// does not show.
struct Exact {
  MetricRow row;
  std::vector<double> counts;          // the counts of people its figures are made of
  std::vector<double> shown;           // the same counts as shown: perturbed, or exact
  int64_t true_unknown = 0;            // proportions: outcomes not yet known, exact
  std::vector<YearMonth> months;       // the months its data come from
  std::vector<YearMonth> plan_months;  // the months its plan adds up
};

// The rows of a metric for a period broken down by `by`: exact, or, with
// `protect`, made of perturbed counts (engine/disclosure.h) for people
// outside the care team; Exact::counts holds the true counts either way.
// InvalidArgument when the breakdown has more than kMaxCells cells.
inline constexpr size_t kMaxCells = 20'000'000;
Result<std::vector<Exact>> compute_rows(const Snapshot& s, const MetricDef& m, const Period& period,
                                        const std::vector<DimId>& by,
                                        const SuppressionRule* protect);

// The plan of rows broken down by nothing but time (plans are for the whole
// area by month), with the variance, signed so that positive is worse, and
// its RAG. None for a period that is not whole months, or when a month has
// no plan.
void attach_plans(const Snapshot& s, const MetricConfig& config, const MetricDef& m,
                  const Period& period, std::vector<Exact>& rows);

// Last year's figure (from `previous`, the rows of period.previous_year())
// and the change on it: only when last year's months were loaded, and a
// change and comparison only when this year's were too.
void attach_previous(const MetricConfig& config, const MetricDef& m, std::vector<Exact>& rows,
                     const std::vector<Exact>& previous);

// Small-number suppression of every row: counts rounded, and each figure
// with a true or shown count from 1 to hide_below-1 among those it is made
// of hidden; last year's figure hidden when its own row is.
void suppress_rows(const MetricConfig& config, const MetricDef& m, std::vector<Exact>& rows,
                   const std::vector<Exact>& previous);

// A row's breakdown as text with its time keys moved `years` later, so that
// last year's row and this year's meet under the same key.
std::string time_shifted_key(const MetricRow& r, int years);

}  // namespace bc::engine
