// The finishing step of an evaluation (evaluate_parts.h): plans, variance
// and RAG; last year's figure and the comparison with it; small-number
// suppression. Works on rows computed by compute_rows; reads nothing else
// but the snapshot's plans.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/fiscal.h"
#include "engine/evaluate.h"
#include "engine/evaluate_parts.h"

namespace bc::engine {
namespace {

double plan_of(const Snapshot& s, const MetricDef& m, const std::vector<YearMonth>& months,
               bool* ok) {
  *ok = false;
  auto it = s.plans.find(m.id);
  if (it == s.plans.end() || months.empty()) return 0;
  double total = 0, weights = 0;
  for (const YearMonth& ym : months) {
    auto v = it->second.find(ym.index());
    if (v == it->second.end()) return 0;  // a partial plan would mislead
    // A rate per day averages over days; a percentage over months.
    const double w = m.kind == MetricKind::kDailyRate ? days_in_month(ym.year(), ym.month()) : 1;
    total += v->second * w;
    weights += w;
  }
  *ok = true;
  // A count's plan is the sum of its months. A rate per 100,000 is not
  // annualised (a period's rate is its count over the population), so its
  // monthly plans add up like the counts they stand for.
  return m.plan_is_mean() ? total / weights : total;
}

// Variance against the row's plan, signed so that positive is worse, and
// its RAG; none without a value or a plan, or when data are missing.
void set_variance(MetricRow& r, const MetricDef& m, const MetricConfig& config) {
  r.variance_pct.reset();
  r.rag.reset();
  if (!r.complete || !r.value || !r.plan || *r.plan == 0) return;
  double v = (*r.value - *r.plan) / *r.plan * 100 * (m.lower_is_better ? 1 : -1);
  r.variance_pct = v;
  r.rag = v <= config.rag.green_max    ? Rag::kGreen
          : v < config.rag.amber_below ? Rag::kAmber
                                       : Rag::kRed;
}

bool any_small(const std::vector<double>& counts, const SuppressionRule& rule) {
  return std::any_of(counts.begin(), counts.end(), [&](double c) {
    const int64_t n = std::llround(c);
    return n > 0 && n < rule.hide_below;
  });
}

double rounded(double count, const SuppressionRule& rule) {
  return static_cast<double>(suppress_count(std::llround(count), rule).value_or(0));
}

// A row is hidden when a true count it is made of is small, or the same
// count as shown (perturbed) is: then nothing shown says which.
bool hidden(const Exact& x, const SuppressionRule& rule) {
  return any_small(x.counts, rule) || any_small(x.shown, rule);
}

double rounded_money(double pounds, const SuppressionRule& rule) {
  const double to = rule.money_round_to;
  return std::round(pounds / to) * to;
}

// Small-number suppression of one row (for people outside the care team):
// counts rounded, and every figure with a count from 1 to hide_below-1
// among those it is made of hidden. The rows were computed from perturbed
// counts (compute's `protect`); figures are never recomputed from rounded
// counts.
void suppress_row(Exact& x, const MetricDef& m, const MetricConfig& config, const Exact* previous) {
  const SuppressionRule& rule = config.suppression;
  MetricRow& r = x.row;
  if (r.previous_value && previous && hidden(*previous, rule)) {
    r.previous_value.reset();
    r.previous_suppressed = true;
  } else if (r.previous_value && m.kind == MetricKind::kCount) {
    r.previous_value =
        m.sum_cost ? rounded_money(*r.previous_value, rule) : rounded(*r.previous_value, rule);
  }
  if (r.previous_suppressed) {
    r.change_pct.reset();
    r.change_pp.reset();
    r.comparison.reset();
  }
  if (r.unknown) {
    const bool small = x.true_unknown > 0 && x.true_unknown < rule.hide_below;
    if (auto u = suppress_count(*r.unknown, rule); u && !small)
      r.unknown = *u;
    else
      r.unknown_suppressed = true;
  }
  if (hidden(x, rule)) {
    r.suppressed = true;
    r.value.reset();
    r.ci_lower.reset();
    r.ci_upper.reset();
    r.variance_pct.reset();
    r.rag.reset();
    r.change_pct.reset();
    r.change_pp.reset();
    r.comparison.reset();
    r.numerator = 0;
    r.denominator.reset();
    r.note = fmt::format("suppressed: a count from 1 to {} is involved", rule.hide_below - 1);
    return;
  }
  r.numerator = m.sum_cost ? rounded_money(r.numerator, rule) : rounded(r.numerator, rule);
  if (m.kind == MetricKind::kCount) r.value = r.numerator;
  if (r.denominator && m.kind != MetricKind::kRatio && m.kind != MetricKind::kDailyRate)
    r.denominator = rounded(*r.denominator, rule);  // people: a population or a cohort
}

}  // namespace

std::string time_shifted_key(const MetricRow& r, int years) {
  std::string key;
  for (const auto& [dim, value] : r.group) {
    std::string v = value.value_or("\x01null");
    if (dim == DimId::kMonth && value) {
      v = YearMonth::parse(*value)->add_months(12 * years).iso();
    } else if (dim == DimId::kQuarter && value) {
      auto fy = FinancialYear::parse(value->substr(0, 7));
      v = FinancialYear::from_start_year(fy->start_year() + years)->label() + value->substr(7);
    }
    key.append(dimension_name(dim)).append("=").append(v).append("\x02");
  }
  return key;
}

// The plan for rows broken down by nothing but time: plans are for the
// whole area by month.
void attach_plans(const Snapshot& s, const MetricConfig& config, const MetricDef& m,
                  const Period& period, std::vector<Exact>& rows) {
  if (!period.whole_months()) return;
  for (Exact& x : rows) {
    if (!x.row.only_time()) continue;
    bool ok = false;
    double plan = plan_of(s, m, x.plan_months, &ok);
    if (!ok) continue;
    x.row.plan = plan;
    set_variance(x.row, m, config);
  }
}

// Last year's figure and the change on it: only when last year's months
// were loaded, and a change only when this year's were too.
void attach_previous(const MetricConfig& config, const MetricDef& m, std::vector<Exact>& rows,
                     const std::vector<Exact>& previous) {
  std::map<std::string, const Exact*> by_key;
  for (const Exact& p : previous) by_key[time_shifted_key(p.row, 1)] = &p;
  for (Exact& x : rows) {
    MetricRow& r = x.row;
    auto it = by_key.find(time_shifted_key(r, 0));
    if (it == by_key.end() || !it->second->row.complete || !it->second->row.value) continue;
    const double pv = *it->second->row.value;
    r.previous_value = pv;
    if (!r.complete || !r.value) continue;
    const bool percent = m.unit == MetricUnit::kPercent;
    if (pv != 0) r.change_pct = (*r.value - pv) / pv * 100;
    if (percent) r.change_pp = *r.value - pv;
    // A percentage's change is read in points, anything else's in per cent.
    const std::optional<double> change = percent ? r.change_pp : r.change_pct;
    if (!change) continue;
    double worse = m.lower_is_better ? *change : -*change;
    r.comparison = std::abs(*change) <= config.rag.flat_band ? Comparison::kFlat
                   : worse > 0                               ? Comparison::kWorse
                                                             : Comparison::kBetter;
  }
}

void suppress_rows(const MetricConfig& config, const MetricDef& m, std::vector<Exact>& rows,
                   const std::vector<Exact>& previous) {
  std::map<std::string, const Exact*> by_key;
  for (const Exact& p : previous) by_key[time_shifted_key(p.row, 1)] = &p;
  for (Exact& x : rows) {
    auto it = by_key.find(time_shifted_key(x.row, 0));
    suppress_row(x, m, config, it == by_key.end() ? nullptr : it->second);
  }
}

}  // namespace bc::engine
