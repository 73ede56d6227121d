#include "engine/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/fiscal.h"
#include "engine/disclosure.h"
#include "engine/population.h"
#include "engine/standardised_rate.h"
#include "engine/tally.h"

namespace bc {
namespace {

using engine::Breakdown;
using engine::Dim;
using engine::Tally;
using engine::TimeAxis;

constexpr size_t kMaxCells = 20'000'000;

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

bool is_time(DimId id) {
  return id == DimId::kMonth || id == DimId::kQuarter;
}

// What a cohort metric counts for a period: the cohort, for a whole
// financial year not cut by time; else the period itself (local monitoring).
struct Counted {
  Period period;
  std::optional<std::string> cohort;
  bool local_monitoring = false;
};

Counted counted_for(const MetricDef& m, const Period& p, bool cut_by_time) {
  if (!m.year_cohort) return {p, std::nullopt, false};
  auto fy = p.financial_year();
  if (!fy || cut_by_time) return {p, std::nullopt, true};
  auto day = [&](MonthDay md) {
    // The financial year's April-December are its first calendar year.
    int year = md.month >= 4 ? fy->start_year() : fy->start_year() + 1;
    return *Date::from_ymd(year, md.month, std::min(md.day, days_in_month(year, md.month)));
  };
  Period cohort = Period::range(day(m.year_cohort->first), day(m.year_cohort->second));
  return {cohort, cohort.label(), false};
}

bool needs_population(const MetricDef& m) {
  return m.kind == MetricKind::kRate || m.kind == MetricKind::kDailyRate ||
         m.kind == MetricKind::kStandardisedRate;
}

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

// The rows of a metric for a period: exact, or, with `protect`, made of
// perturbed counts (engine/disclosure.h) for people outside the care team;
// Exact::counts holds the true counts either way, for suppression.
Result<std::vector<Exact>> compute(const Snapshot& s, const MetricDef& m, const Period& period,
                                   const std::vector<DimId>& by, const SuppressionRule* protect) {
  const bool cut_by_time = std::any_of(by.begin(), by.end(), is_time);
  const Counted counted = counted_for(m, period, cut_by_time);
  const TimeAxis axis = TimeAxis::of(counted.period);
  std::vector<Dim> dims;
  size_t cells = 1;
  for (DimId id : by) {
    dims.push_back(engine::make_dim(id, s, axis));
    // A dimension with no values at all (no providers loaded yet) has no groups.
    if (dims.back().size() == 0) return std::vector<Exact>{};
    cells *= dims.back().size();
    if (cells > kMaxCells)
      return Status::invalid_argument(
          "that breakdown has too many groups; choose fewer dimensions");
  }
  const bool standardised = m.kind == MetricKind::kStandardisedRate;
  std::vector<Dim> tally_dims = dims;
  if (standardised) tally_dims.push_back(engine::make_dim(DimId::kAgeFiveYear, s, axis));
  const size_t bands = standardised ? tally_dims.back().size() : 1;

  const Breakdown b(s, counted.period, axis, tally_dims);
  Tally t(b.cells(), protect != nullptr);
  engine::tally_events(s, m, b, t);
  const auto spans = b.spans();
  std::vector<PopulationBasis> basis;
  if (needs_population(m)) {
    // Clusters and practices are made of registered people: no ONS split.
    const bool area = !b.has(DimId::kCluster) && !b.has(DimId::kPractice);
    std::vector<std::optional<int>> ons_years;
    for (const auto& span : spans) {
      basis.push_back(area_population_basis(s, span.mid()));
      if (!area) basis.back().ons_year.reset(), basis.back().registered_by_practice = true;
      ons_years.push_back(basis.back().ons_year);
    }
    engine::tally_population(s, b, m.population_min_age, m.population_max_age, ons_years, t);
  }
  if (m.kind == MetricKind::kDailyRate) engine::tally_days(b, t);

  std::optional<size_t> cluster_dim, practice_dim, time_dim;
  for (size_t k = 0; k < dims.size(); ++k) {
    if (dims[k].id == DimId::kCluster) cluster_dim = k;
    if (dims[k].id == DimId::kPractice) practice_dim = k;
    if (is_time(dims[k].id)) time_dim = k;
  }
  const std::vector<DataSource> sources = sources_of(m);
  const int first_band = m.population_min_age / 5;
  const int last_band = m.population_max_age ? *m.population_max_age / 5 : 18;

  std::vector<Exact> rows;
  for (size_t cell = 0; cell < cells; ++cell) {
    std::vector<size_t> idx(dims.size());
    size_t rest = cell;
    for (size_t k = dims.size(); k-- > 0;) {
      idx[k] = rest % dims[k].size();
      rest /= dims[k].size();
    }
    Exact x;
    MetricRow& r = x.row;
    r.metric = m.id;
    r.unit = m.unit;
    r.period = period.label();
    bool has_null = false;
    for (size_t k = 0; k < dims.size(); ++k) {
      r.group.push_back(GroupValue{dims[k].id, dims[k].labels[idx[k]]});
      has_null |= !dims[k].labels[idx[k]].has_value();
    }
    // A practice belongs to one cluster: no rows for a practice under
    // another cluster (they could only ever be empty).
    if (cluster_dim && practice_dim && dims[*cluster_dim].labels[idx[*cluster_dim]] &&
        dims[*practice_dim].labels[idx[*practice_dim]] &&
        static_cast<size_t>(s.practice_cluster[idx[*practice_dim]]) != idx[*cluster_dim]) {
      continue;
    }
    // The cell's totals; a standardised rate adds up its age bands. With
    // `protect`, counts of people are replaced by their perturbed values
    // (a cost in proportion), and `true_num` keeps the true count.
    auto moved = [&](double n, uint32_t key) {
      return protect ? static_cast<double>(perturbed_count(std::llround(n), key, *protect)) : n;
    };
    double num = 0, den = 0, true_num = 0, true_den = 0;
    std::vector<DsrBand> dsr_bands;
    for (size_t band = 0; band < bands; ++band) {
      const size_t c = cell * bands + band;
      double n = t.num[c];
      if (standardised) {
        if (static_cast<int>(band) < first_band || static_cast<int>(band) > last_band) continue;
        x.counts.push_back(n);
        if (protect) n = moved(n, t.num_key[c]);
        x.shown.push_back(n);
        dsr_bands.push_back({n, t.den[c], esp2013_weight(static_cast<int>(band) * 5)});
      }
      true_num += t.num[c];
      true_den += t.den[c];
      num += n;
      den += t.den[c];
    }
    const double events = t.keyed ? static_cast<double>(t.events[cell]) : 0;
    double shown_events = events;
    if (protect && !standardised) {
      if (m.sum_cost) {
        // Money moves with its count: the mean cost of the cell's events is kept.
        shown_events = moved(events, t.num_key[cell]);
        num = events > 0 ? num * shown_events / events : 0;
      } else {
        num = moved(num, t.num_key[cell]);
      }
      if (m.kind == MetricKind::kProportion) {
        den = moved(den, t.den_key[cell]);  // the cohort is people too
        num = std::min(num, den);
      }
    }
    const int64_t unknown =
        protect ? std::llround(moved(static_cast<double>(t.unknown[cell]), t.unknown_key[cell]))
                : t.unknown[cell];
    if (has_null && num == 0 && den == 0 && unknown == 0)
      continue;  // only unlinked rows that hold something

    // The span of time the row covers, its months and its plan's months.
    const size_t span = time_dim ? idx[*time_dim] : 0;
    if (time_dim) {
      x.months = dims[*time_dim].id == DimId::kMonth ? std::vector<YearMonth>{axis.months[span]}
                                                     : axis.quarter_months[span];
      x.plan_months = x.months;
    } else {
      x.months = axis.months;
      x.plan_months = period.months();
    }
    if (!basis.empty()) r.population = basis[std::min(span, basis.size() - 1)].label();
    r.cohort = counted.cohort;
    r.local_monitoring = counted.local_monitoring;

    r.numerator = num;
    switch (m.kind) {
      case MetricKind::kCount:
        r.value = num;
        // A sum of cost is suppressed by its count of events.
        x.counts.push_back(m.sum_cost ? events : true_num);
        x.shown.push_back(m.sum_cost ? shown_events : num);
        break;
      case MetricKind::kRatio:
        r.denominator = den;
        if (den > 0)
          r.value = num / den * 100;
        else
          r.note = "no denominator: no occupied bed days were loaded for this period";
        break;
      case MetricKind::kProportion:
        r.denominator = den;
        r.unknown = unknown;
        r.provisional = t.unknown[cell] > 0;
        x.true_unknown = t.unknown[cell];
        x.counts = {true_num, true_den, true_den - true_num};
        x.shown = {num, den, den - num};
        if (den > 0)
          r.value = num / den * 100;
        else
          r.note = "no denominator: nobody in the cohort";
        break;
      case MetricKind::kRate:
        r.denominator = den;
        x.counts = {true_num, true_den};
        x.shown = {num, den};
        if (den > 0)
          r.value = num / den * m.per;
        else
          r.note = "no denominator: no population in this group";
        break;
      case MetricKind::kDailyRate:
        r.denominator = den;
        r.days = t.days[cell];
        if (den > 0 && t.days[cell] > 0)
          r.value = num / t.days[cell] / den * m.per;
        else
          r.note = den > 0 ? "no whole month in this period" : "no denominator: no population";
        break;
      case MetricKind::kStandardisedRate: {
        r.denominator = den;
        x.counts.push_back(true_num);
        x.shown.push_back(num);
        Dsr d = directly_standardised_rate(dsr_bands, m.per);
        r.value = d.value;
        r.ci_lower = d.lower;
        r.ci_upper = d.upper;
        if (!d.value) r.note = d.note;
        break;
      }
    }
    // Completeness: every month of every source the figure uses.
    for (const YearMonth& ym : x.months) {
      for (DataSource src : sources) {
        if (!s.loaded(src, ym))
          r.missing.push_back(ym.iso() + " " + std::string(data_source_name(src)));
      }
    }
    r.complete = r.missing.empty();
    rows.push_back(std::move(x));
  }
  return rows;
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

std::optional<int64_t> suppress_count(int64_t n, const SuppressionRule& rule) {
  if (n == 0) return 0;
  if (n > 0 && n < rule.hide_below) return std::nullopt;
  int64_t r = rule.round_to > 1 ? (n + rule.round_to / 2) / rule.round_to * rule.round_to : n;
  return r;
}

std::vector<DataSource> sources_of(const MetricDef& m) {
  switch (m.source) {
    case MetricSource::kSpells:
      return {DataSource::kSpells};
    case MetricSource::kAeAttendances:
      return {DataSource::kAeAttendances};
    case MetricSource::kDelayedDays:
      if (m.kind == MetricKind::kRatio) return {DataSource::kDelayedDays, DataSource::kBedDays};
      return {DataSource::kDelayedDays};
    case MetricSource::kCareHomeAdmissions:
      return {DataSource::kCareHomeAdmissions};
    case MetricSource::kReablement:
      return {DataSource::kReablement};
  }
  return {};
}

Result<std::vector<MetricRow>> evaluate_metric(const Snapshot& s, const MetricConfig& config,
                                               const MetricDef& m, const Period& period,
                                               const EvaluateOptions& options) {
  const SuppressionRule* protect =
      options.suppress && m.counts_people() ? &config.suppression : nullptr;
  auto rows = compute(s, m, period, options.by, protect);
  if (!rows.ok()) return rows.status();

  std::vector<Exact> previous;
  if (options.compare) {
    attach_plans(s, config, m, period, *rows);
    auto prev = compute(s, m, period.previous_year(), options.by, protect);
    if (!prev.ok()) return prev.status();
    previous = std::move(*prev);
    attach_previous(config, m, *rows, previous);
  }
  if (options.suppress && m.counts_people()) {
    std::map<std::string, const Exact*> by_key;
    for (const Exact& p : previous) by_key[time_shifted_key(p.row, 1)] = &p;
    for (Exact& x : *rows) {
      auto it = by_key.find(time_shifted_key(x.row, 0));
      suppress_row(x, m, config, it == by_key.end() ? nullptr : it->second);
    }
  }
  std::vector<MetricRow> out;
  out.reserve(rows->size());
  for (Exact& x : *rows) out.push_back(std::move(x.row));
  return out;
}

}  // namespace bc
