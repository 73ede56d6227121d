// The scan of an evaluation (evaluate_parts.h): lays out the breakdown's
// cells, counts the metric's events (one scan per source, tally.h), the
// population and the days into them, and makes a row of each cell with its
// value and completeness. Perturbation for people outside the care team
// (engine/disclosure.h) happens here, as the counts are read out.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/disclosure.h"
#include "engine/evaluate.h"
#include "engine/evaluate_parts.h"
#include "engine/population.h"
#include "engine/standardised_rate.h"
#include "engine/tally.h"

namespace bc::engine {
namespace {

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

// The cells of a breakdown: its dimensions (a standardised rate's tally
// adds the five-year age bands as a last one), and which of them are the
// cluster, the practice and time.
struct Layout {
  Counted counted{Period::range(Date(), Date()), std::nullopt, false};
  TimeAxis axis;
  std::vector<Dim> dims;        // as asked
  std::vector<Dim> tally_dims;  // dims, and the age bands of a standardised rate
  size_t cells = 1;             // of dims
  size_t bands = 1;             // age bands per cell
  std::optional<size_t> cluster_dim, practice_dim, time_dim;
};

// The layout, or nullopt when a dimension has no values at all (no
// providers loaded yet: no groups).
Result<std::optional<Layout>> lay_out(const Snapshot& s, const MetricDef& m, const Period& period,
                                      const std::vector<DimId>& by) {
  Layout l;
  l.counted = counted_for(m, period, std::any_of(by.begin(), by.end(), is_time));
  l.axis = TimeAxis::of(l.counted.period);
  for (DimId id : by) {
    l.dims.push_back(make_dim(id, s, l.axis));
    if (l.dims.back().size() == 0) return std::optional<Layout>();
    l.cells *= l.dims.back().size();
    if (l.cells > kMaxCells)
      return Status::invalid_argument(
          "that breakdown has too many groups; choose fewer dimensions");
  }
  l.tally_dims = l.dims;
  if (m.kind == MetricKind::kStandardisedRate) {
    l.tally_dims.push_back(make_dim(DimId::kAgeFiveYear, s, l.axis));
    l.bands = l.tally_dims.back().size();
  }
  for (size_t k = 0; k < l.dims.size(); ++k) {
    if (l.dims[k].id == DimId::kCluster) l.cluster_dim = k;
    if (l.dims[k].id == DimId::kPractice) l.practice_dim = k;
    if (is_time(l.dims[k].id)) l.time_dim = k;
  }
  return std::optional<Layout>(std::move(l));
}

// Counts the metric's events, and the population or days its kind divides
// by, into the cells; `basis` gets the population of each time span.
Tally count_cells(const Snapshot& s, const MetricDef& m, const Breakdown& b, bool keyed,
                  std::vector<PopulationBasis>& basis) {
  Tally t(b.cells(), keyed);
  tally_events(s, m, b, t);
  if (needs_population(m)) {
    // Clusters and practices are made of registered people: no ONS split.
    const bool area = !b.has(DimId::kCluster) && !b.has(DimId::kPractice);
    std::vector<std::optional<int>> ons_years;
    for (const auto& span : b.spans()) {
      basis.push_back(area_population_basis(s, span.mid()));
      if (!area) basis.back().ons_year.reset(), basis.back().registered_by_practice = true;
      ons_years.push_back(basis.back().ons_year);
    }
    tally_population(s, b, m.population_min_age, m.population_max_age, ons_years, t);
  }
  if (m.kind == MetricKind::kDailyRate) tally_days(b, t);
  return t;
}

// A cell's totals as shown: with `protect`, counts of people replaced by
// their perturbed values (a cost in proportion to its count), while
// Exact::counts and shown get the true and shown counts suppression needs.
struct Totals {
  double num = 0, den = 0, true_num = 0, true_den = 0, events = 0, shown_events = 0;
  int64_t unknown = 0;
  std::vector<DsrBand> dsr_bands;
};

Totals totals_of(const MetricDef& m, const Layout& l, const Tally& t, size_t cell,
                 const SuppressionRule* protect, Exact& x) {
  const bool standardised = m.kind == MetricKind::kStandardisedRate;
  const int first_band = m.population_min_age / 5;
  const int last_band = m.population_max_age ? *m.population_max_age / 5 : 18;
  auto moved = [&](double n, uint32_t key) {
    return protect ? static_cast<double>(perturbed_count(std::llround(n), key, *protect)) : n;
  };
  Totals c;
  for (size_t band = 0; band < l.bands; ++band) {
    const size_t i = cell * l.bands + band;
    double n = t.num[i];
    if (standardised) {
      if (static_cast<int>(band) < first_band || static_cast<int>(band) > last_band) continue;
      x.counts.push_back(n);
      if (protect) n = moved(n, t.num_key[i]);
      x.shown.push_back(n);
      c.dsr_bands.push_back({n, t.den[i], esp2013_weight(static_cast<int>(band) * 5)});
    }
    c.true_num += t.num[i];
    c.true_den += t.den[i];
    c.num += n;
    c.den += t.den[i];
  }
  c.events = t.keyed ? static_cast<double>(t.events[cell]) : 0;
  c.shown_events = c.events;
  if (protect && !standardised) {
    if (m.sum_cost) {
      // Money moves with its count: the mean cost of the cell's events is kept.
      c.shown_events = moved(c.events, t.num_key[cell]);
      c.num = c.events > 0 ? c.num * c.shown_events / c.events : 0;
    } else {
      c.num = moved(c.num, t.num_key[cell]);
    }
    if (m.kind == MetricKind::kProportion) {
      c.den = moved(c.den, t.den_key[cell]);  // the cohort is people too
      c.num = std::min(c.num, c.den);
    }
  }
  c.unknown = protect
                  ? std::llround(moved(static_cast<double>(t.unknown[cell]), t.unknown_key[cell]))
                  : t.unknown[cell];
  return c;
}

// The row's value by the metric's kind, with what it is made of.
void set_value(const MetricDef& m, const Totals& c, const Tally& t, size_t cell, Exact& x) {
  MetricRow& r = x.row;
  r.numerator = c.num;
  switch (m.kind) {
    case MetricKind::kCount:
      r.value = c.num;
      // A sum of cost is suppressed by its count of events.
      x.counts.push_back(m.sum_cost ? c.events : c.true_num);
      x.shown.push_back(m.sum_cost ? c.shown_events : c.num);
      break;
    case MetricKind::kRatio:
      r.denominator = c.den;
      if (c.den > 0)
        r.value = c.num / c.den * 100;
      else
        r.note = "no denominator: no occupied bed days were loaded for this period";
      break;
    case MetricKind::kProportion:
      r.denominator = c.den;
      r.unknown = c.unknown;
      r.provisional = t.unknown[cell] > 0;
      x.true_unknown = t.unknown[cell];
      x.counts = {c.true_num, c.true_den, c.true_den - c.true_num};
      x.shown = {c.num, c.den, c.den - c.num};
      if (c.den > 0)
        r.value = c.num / c.den * 100;
      else
        r.note = "no denominator: nobody in the cohort";
      break;
    case MetricKind::kRate:
      r.denominator = c.den;
      x.counts = {c.true_num, c.true_den};
      x.shown = {c.num, c.den};
      if (c.den > 0)
        r.value = c.num / c.den * m.per;
      else
        r.note = "no denominator: no population in this group";
      break;
    case MetricKind::kDailyRate:
      r.denominator = c.den;
      r.days = t.days[cell];
      if (c.den > 0 && t.days[cell] > 0)
        r.value = c.num / t.days[cell] / c.den * m.per;
      else
        r.note = c.den > 0 ? "no whole month in this period" : "no denominator: no population";
      break;
    case MetricKind::kStandardisedRate: {
      r.denominator = c.den;
      x.counts.push_back(c.true_num);
      x.shown.push_back(c.num);
      Dsr d = directly_standardised_rate(c.dsr_bands, m.per);
      r.value = d.value;
      r.ci_lower = d.lower;
      r.ci_upper = d.upper;
      if (!d.value) r.note = d.note;
      break;
    }
  }
}

// A practice belongs to one cluster: no rows for a practice under another
// cluster (they could only ever be empty).
bool impossible(const Snapshot& s, const Layout& l, const std::vector<size_t>& idx) {
  if (!l.cluster_dim || !l.practice_dim) return false;
  const auto& cluster = l.dims[*l.cluster_dim].labels[idx[*l.cluster_dim]];
  const auto& practice = l.dims[*l.practice_dim].labels[idx[*l.practice_dim]];
  return cluster && practice &&
         static_cast<size_t>(s.practice_cluster[idx[*l.practice_dim]]) != idx[*l.cluster_dim];
}

// The span of time the row covers: its months and its plan's months.
size_t set_months(const Layout& l, const Period& period, const std::vector<size_t>& idx, Exact& x) {
  if (!l.time_dim) {
    x.months = l.axis.months;
    x.plan_months = period.months();
    return 0;
  }
  const size_t span = idx[*l.time_dim];
  x.months = l.dims[*l.time_dim].id == DimId::kMonth ? std::vector<YearMonth>{l.axis.months[span]}
                                                     : l.axis.quarter_months[span];
  x.plan_months = x.months;
  return span;
}

// Completeness: every month of every source the figure uses was loaded.
void set_completeness(const Snapshot& s, const std::vector<DataSource>& sources, Exact& x) {
  for (const YearMonth& ym : x.months) {
    for (DataSource src : sources) {
      if (!s.loaded(src, ym))
        x.row.missing.push_back(ym.iso() + " " + std::string(data_source_name(src)));
    }
  }
  x.row.complete = x.row.missing.empty();
}

}  // namespace

Result<std::vector<Exact>> compute_rows(const Snapshot& s, const MetricDef& m, const Period& period,
                                        const std::vector<DimId>& by,
                                        const SuppressionRule* protect) {
  auto layout = lay_out(s, m, period, by);
  if (!layout.ok()) return layout.status();
  if (!*layout) return std::vector<Exact>{};
  const Layout& l = **layout;
  const Breakdown b(s, l.counted.period, l.axis, l.tally_dims);
  std::vector<PopulationBasis> basis;
  const Tally t = count_cells(s, m, b, protect != nullptr, basis);
  const std::vector<DataSource> sources = sources_of(m);

  std::vector<Exact> rows;
  std::vector<size_t> idx(l.dims.size());
  for (size_t cell = 0; cell < l.cells; ++cell) {
    size_t rest = cell;
    for (size_t k = l.dims.size(); k-- > 0;) {
      idx[k] = rest % l.dims[k].size();
      rest /= l.dims[k].size();
    }
    if (impossible(s, l, idx)) continue;
    Exact x;
    MetricRow& r = x.row;
    r.metric = m.id;
    r.unit = m.unit;
    r.period = period.label();
    bool has_null = false;
    for (size_t k = 0; k < l.dims.size(); ++k) {
      r.group.push_back(GroupValue{l.dims[k].id, l.dims[k].labels[idx[k]]});
      has_null |= !l.dims[k].labels[idx[k]].has_value();
    }
    const Totals c = totals_of(m, l, t, cell, protect, x);
    if (has_null && c.num == 0 && c.den == 0 && c.unknown == 0)
      continue;  // only unlinked rows that hold something
    const size_t span = set_months(l, period, idx, x);
    if (!basis.empty()) r.population = basis[std::min(span, basis.size() - 1)].label();
    r.cohort = l.counted.cohort;
    r.local_monitoring = l.counted.local_monitoring;
    set_value(m, c, t, cell, x);
    set_completeness(s, sources, x);
    rows.push_back(std::move(x));
  }
  return rows;
}

}  // namespace bc::engine
