#include "report/metric_text.h"

#include <fmt/format.h>

#include <cmath>

#include "present/number_format.h"

namespace bc::report {

using present::format_metric_value;
using present::format_thousands;

std::string change_phrase(const MetricRow& r) {
  const bool percent = r.unit == MetricUnit::kPercent;
  const std::optional<double> change = percent ? r.change_pp : r.change_pct;
  if (!change) {
    if (r.previous_suppressed) return "last year's figure is suppressed";
    if (!r.previous_value) return "no figure for last year";
    if (!r.complete) return "not compared: this period's data are incomplete";
    return "no change can be computed";
  }
  if (std::abs(*change) < 0.05) return "the same as last year";
  return fmt::format("{:.1f}{} {} than last year", std::abs(*change), percent ? " points" : "%",
                     *change > 0 ? "higher" : "lower");
}

std::string missing_phrase(const MetricRow& r, size_t shown) {
  if (r.complete) return "";
  std::string out = "data not loaded: ";
  for (size_t i = 0; i < r.missing.size() && i < shown; ++i)
    out += (i == 0 ? "" : ", ") + r.missing[i];
  if (r.missing.size() > shown) out += fmt::format(" and {} more", r.missing.size() - shown);
  return out;
}

std::string provisional_phrase(const MetricRow& r) {
  if (!r.provisional) return "";
  if (r.unknown_suppressed) return "provisional: a few outcomes (*) not yet known";
  return fmt::format("provisional: {} outcome{} not yet known (counted as not achieved)",
                     format_thousands(r.unknown.value_or(0)),
                     r.unknown.value_or(0) == 1 ? "" : "s");
}

std::string population_phrase(const MetricRow& r) {
  // The estimate of the financial year's own mid-year needs no comment.
  if (r.population.empty() ||
      (r.population.rfind("ONS", 0) == 0 && r.population.find('(') == std::string::npos))
    return "";
  return "per the " + r.population;
}

std::string interval_phrase(const MetricRow& r) {
  if (!r.ci_lower || !r.ci_upper) return "";
  return fmt::format("95% CI {} to {}", format_metric_value(r.ci_lower, r.unit),
                     format_metric_value(r.ci_upper, r.unit));
}

std::string suppression_sentence(const SuppressionRule& rule) {
  return fmt::format(
      "{} from 1 to {} are shown as *, others rounded to the nearest {}; rates, percentages, "
      "costs and changes are made from the same counts and shown as * when any count they are "
      "made of is hidden; money is rounded to the nearest £{}; periods are whole months, "
      "quarters and years only.",
      rule.cell_key ? "Counts of people are first moved a little, by an amount that depends only "
                      "on the people counted, so that no count can be worked out by difference; "
                      "counts"
                    : "Counts of people",
      rule.hide_below - 1, rule.round_to, rule.money_round_to);
}

std::string count_text(int64_t n, bool suppress, const SuppressionRule& rule) {
  if (!suppress) return present::format_thousands(n);
  const std::optional<int64_t> shown = suppress_count(n, rule);
  return shown ? present::format_thousands(*shown) : "*";
}

}  // namespace bc::report
