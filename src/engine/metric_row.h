// MetricRow: one figure the engine computed, with what it is made of and
// how it compares, in types rather than strings: the unit, the RAG rating
// and the comparison with last year are enums, and each breakdown value
// names its dimension by DimId. Their printed names ("percent", "Green",
// "Better", "age_band") are the ones the JSON, the CSV and the pages show,
// and are given here once.
//
// Thread safety: a value type; the name functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dimensions.h"
#include "engine/metric_def.h"

namespace bc {

// A figure's rating against plan (evaluate.h: variance and the config's RAG rule).
enum class Rag { kGreen, kAmber, kRed };
// A figure against the same period last year, read in the metric's direction.
enum class Comparison { kBetter, kFlat, kWorse };

std::string_view rag_name(Rag rag);                       // "Green", "Amber", "Red"
std::string_view comparison_name(Comparison comparison);  // "Better", "Flat", "Worse"

// One breakdown value of a row: the dimension and the group's key within
// it ("C1", "2017-04", "2017/18:Q1", "75+"); no key for unlinked or unknown.
struct GroupValue {
  DimId dim = DimId::kMonth;
  std::optional<std::string> value;

  std::string_view name() const { return dimension_name(dim); }
  bool is_time() const { return dim == DimId::kMonth || dim == DimId::kQuarter; }
  bool operator==(const GroupValue&) const = default;
  auto operator<=>(const GroupValue&) const = default;
};

struct MetricRow {
  std::string metric, period;
  MetricUnit unit = MetricUnit::kCount;
  // The breakdown values in the order asked.
  std::vector<GroupValue> group;
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
  std::optional<Rag> rag;
  std::optional<double> previous_value;
  std::optional<double> change_pct;  // relative change on last year, %
  std::optional<double> change_pp;   // percentages: the change in percentage points
  std::optional<Comparison> comparison;
  // Every month of every data source the figure uses was loaded; if not,
  // the months missing ("2018-03 spells").
  bool complete = true;
  std::vector<std::string> missing;
  std::string note;                  // e.g. why there is no value
  bool suppressed = false;           // a count of 1..7 involved: value and numerator hidden ("*")
  bool unknown_suppressed = false;   // unknown outcomes 1..7 hidden ("*")
  bool previous_suppressed = false;  // last year's figure hidden ("*")

  // The row's key on a dimension; nullptr when it is not broken down by it.
  const GroupValue* on(DimId dim) const;
  // Broken down by nothing but time (month or quarter), or not at all.
  bool only_time() const;
  // Not one month of the period was loaded for a data source the figure
  // uses (every month of `period` is in `missing`): the figure is "no
  // data", never a zero.
  bool no_data_loaded() const;
};

}  // namespace bc
