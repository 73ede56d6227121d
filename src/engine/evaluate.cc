#include "engine/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>

#include "core/age.h"
#include "core/fiscal.h"
#include "engine/diagnosis_groups.h"
#include "engine/population.h"

namespace bc {
namespace {

constexpr int kMaxDims = 4;
constexpr size_t kMaxCells = 20'000'000;

const char* const kOrgs[] = {"NHS", "Social Care", "Both"};
const char* const kReasons[] = {"A", "B", "C", "D(i)", "D(ii)", "E", "F", "G", "H", "I"};

// Which dimensions a source can be broken down by at all.
bool applies(MetricSource src, const std::string& dim) {
  if (dim == "month" || dim == "quarter") return true;
  if (dim == "provider")
    return src != MetricSource::kCareHomeAdmissions && src != MetricSource::kReablement;
  if (dim == "responsible_org" || dim == "reason") return src == MetricSource::kDelayedDays;
  if (dim == "diagnosis_group" || dim == "stay_length") return src == MetricSource::kSpells;
  if (dim == "department_type") return src == MetricSource::kAeAttendances;
  if (dim == "setting") return src == MetricSource::kCareHomeAdmissions;
  return src != MetricSource::kDelayedDays;  // cluster, practice, age_band, sex: about a person
}

enum class DimId {
  kMonth,
  kQuarter,
  kCluster,
  kPractice,
  kAgeBand,
  kSex,
  kProvider,
  kOrg,
  kReason,
  kDiagnosisGroup,
  kStayLength,
  kDepartmentType,
  kSetting
};

DimId dim_id(const std::string& n) {
  static const std::pair<const char*, DimId> kIds[] = {{"month", DimId::kMonth},
                                                       {"quarter", DimId::kQuarter},
                                                       {"cluster", DimId::kCluster},
                                                       {"practice", DimId::kPractice},
                                                       {"age_band", DimId::kAgeBand},
                                                       {"sex", DimId::kSex},
                                                       {"provider", DimId::kProvider},
                                                       {"responsible_org", DimId::kOrg},
                                                       {"reason", DimId::kReason},
                                                       {"diagnosis_group", DimId::kDiagnosisGroup},
                                                       {"stay_length", DimId::kStayLength},
                                                       {"department_type", DimId::kDepartmentType},
                                                       {"setting", DimId::kSetting}};
  for (const auto& [name, id] : kIds) {
    if (n == name) return id;
  }
  return DimId::kMonth;  // unreachable: names are checked first
}

// A dimension of the breakdown: how many values it has and their labels.
struct Dim {
  std::string name;
  DimId id = DimId::kMonth;
  size_t size = 1;
  std::vector<std::optional<std::string>> labels;  // size entries
};

// The calendar months and the financial quarters a period touches.
struct TimeAxis {
  int32_t first_month = 0;  // YearMonth index of the first month
  std::vector<YearMonth> months;
  std::vector<int> quarter_of_month;  // month offset -> quarter slot
  std::vector<std::string> quarter_labels;
  std::vector<std::vector<YearMonth>> quarter_months;
};

TimeAxis time_axis(const Period& p) {
  TimeAxis t;
  t.months = p.months();
  t.first_month = t.months.front().index();
  std::map<std::string, int> slots;
  for (const YearMonth& m : t.months) {
    FinancialYear fy = FinancialYear::containing(m);
    std::string label =
        fmt::format("{}:Q{}", fy.label(), quarter_of_financial_month(financial_month_of(m)));
    auto [it, inserted] = slots.emplace(label, static_cast<int>(t.quarter_labels.size()));
    if (inserted) {
      t.quarter_labels.push_back(label);
      t.quarter_months.emplace_back();
    }
    t.quarter_of_month.push_back(it->second);
    t.quarter_months[static_cast<size_t>(it->second)].push_back(m);
  }
  return t;
}

struct Accumulators {
  std::vector<double> num, den;
  std::vector<int64_t> unknown;
  explicit Accumulators(size_t n) : num(n, 0), den(n, 0), unknown(n, 0) {}
};

double plan_of(const Snapshot& s, const MetricDef& m, const std::vector<YearMonth>& months,
               bool* ok) {
  *ok = false;
  auto it = s.plans.find(m.id);
  if (it == s.plans.end() || months.empty()) return 0;
  double total = 0;
  for (const YearMonth& ym : months) {
    auto v = it->second.find(ym.index());
    if (v == it->second.end()) return 0;  // a partial plan would mislead
    total += v->second;
  }
  *ok = true;
  // A count's plan is the sum of its months, a percentage's their mean. A
  // rate per 100,000 is not annualised (a period's rate is its count over
  // the population), so its monthly plans add up like the counts they stand
  // for (docs/metrics.md explains this reading of DOMAIN.md).
  return m.unit == MetricUnit::kPercent ? total / static_cast<double>(months.size()) : total;
}

std::string time_shifted_key(const MetricRow& r, int years) {
  std::string key;
  for (const auto& [dim, value] : r.group) {
    std::string v = value.value_or("\x01null");
    if (dim == "month" && value) {
      v = YearMonth::parse(*value)->add_months(12 * years).iso();
    } else if (dim == "quarter" && value) {
      auto fy = FinancialYear::parse(value->substr(0, 7));
      v = FinancialYear::from_start_year(fy->start_year() + years)->label() + value->substr(7);
    }
    key += dim + "=" + v + "\x02";
  }
  return key;
}

// The day of the earliest event of a source (INT32_MAX when it is empty).
int32_t earliest_event(const Snapshot& s, MetricSource src) {
  auto min_of = [](const std::vector<int32_t>& v) {
    return v.empty() ? INT32_MAX : *std::min_element(v.begin(), v.end());
  };
  switch (src) {
    case MetricSource::kSpells:
      return min_of(s.spells.admitted);
    case MetricSource::kAeAttendances:
      return min_of(s.ae.arrived);
    case MetricSource::kCareHomeAdmissions:
      return min_of(s.care_homes.admitted);
    case MetricSource::kReablement:
      return min_of(s.reablement.discharged);
    case MetricSource::kDelayedDays: {
      if (s.delayed.month.empty()) return INT32_MAX;
      int32_t m = *std::min_element(s.delayed.month.begin(), s.delayed.month.end());
      return YearMonth::from_parts(m / 12, m % 12 + 1)->first_day().days();
    }
  }
  return INT32_MAX;
}

// The index range [first, last) of events dated within [from, to] in a
// day-sorted column.
std::pair<size_t, size_t> slice(const std::vector<int32_t>& days, int32_t from, int32_t to) {
  auto a = std::lower_bound(days.begin(), days.end(), from);
  auto b = std::upper_bound(a, days.end(), to);
  return {static_cast<size_t>(a - days.begin()), static_cast<size_t>(b - days.begin())};
}

// Variance against the row's plan, signed so that positive is worse, and
// its RAG; none without a value or a plan.
void set_variance(MetricRow& r, const MetricDef& m, const MetricConfig& config) {
  r.variance_pct.reset();
  r.rag.reset();
  if (!r.value || !r.plan || *r.plan == 0) return;
  double v = (*r.value - *r.plan) / *r.plan * 100 * (m.lower_is_better ? 1 : -1);
  r.variance_pct = v;
  r.rag = v <= config.rag.green_max ? "Green" : v < config.rag.amber_below ? "Amber" : "Red";
}

// Small-number suppression of one row (for people outside the care team).
// Every figure shown is then computed from the suppressed counts, so that
// no percentage, rate or change gives an exact count away: a rate from the
// rounded numerator and population, a proportion from the rounded
// numerator and denominator, the variance from the rounded value. A count from 1 to
// hide_below-1 hides the row's value and everything derived from it.
void suppress_row(MetricRow& r, const MetricDef& m, const MetricConfig& config) {
  const SuppressionRule& rule = config.suppression;
  auto hide = [&] {
    r.suppressed = true;
    r.value.reset();
    r.variance_pct.reset();
    r.rag.reset();
    r.numerator = 0;
    r.denominator.reset();
    r.note = "suppressed: fewer than " + std::to_string(rule.hide_below);
  };
  auto n = suppress_count(static_cast<int64_t>(std::llround(r.numerator)), rule);
  if (!n) return hide();
  r.numerator = static_cast<double>(*n);
  if (r.unknown) {
    auto u = suppress_count(*r.unknown, rule);
    if (u)
      r.unknown = *u;
    else
      r.unknown_suppressed = true;
  }
  if (m.kind == MetricKind::kCount) {
    r.value = r.numerator;
  } else if (r.denominator && (m.kind == MetricKind::kRate || m.kind == MetricKind::kProportion)) {
    // The denominator counts people too (a population, known outcomes).
    auto d = suppress_count(static_cast<int64_t>(std::llround(*r.denominator)), rule);
    if (!d) return hide();
    r.denominator = static_cast<double>(*d);
    if (*d > 0) {
      r.value = r.numerator / *r.denominator * (m.kind == MetricKind::kRate ? m.per : 100);
    }
  }
  set_variance(r, m, config);
}

}  // namespace

std::optional<int64_t> suppress_count(int64_t n, const SuppressionRule& rule) {
  if (n == 0) return 0;
  if (n > 0 && n < rule.hide_below) return std::nullopt;
  int64_t r = rule.round_to > 1 ? (n + rule.round_to / 2) / rule.round_to * rule.round_to : n;
  return r;
}

Result<std::vector<MetricRow>> evaluate_metric(const Snapshot& s, const MetricConfig& config,
                                               const MetricDef& m, const Period& period,
                                               const EvaluateOptions& options) {
  if (options.by.size() > kMaxDims) {
    return Status::invalid_argument(fmt::format("at most {} breakdowns at once", kMaxDims));
  }
  for (size_t i = 0; i < options.by.size(); ++i) {
    const std::string& d = options.by[i];
    const auto& all = all_dimensions();
    if (std::find(all.begin(), all.end(), d) == all.end()) {
      std::string list;
      for (const auto& a : all) list += (list.empty() ? "" : ", ") + a;
      return Status::invalid_argument(
          fmt::format("unknown breakdown '{}'; the breakdowns are {}", d, list));
    }
    if (!m.allows(d) || !applies(m.source, d)) {
      std::string list;
      for (const auto& a : m.breakdowns) list += (list.empty() ? "" : ", ") + a;
      return Status::invalid_argument(
          fmt::format("{} cannot be broken down by {} (it allows: {})", m.id, d, list));
    }
    for (size_t j = 0; j < i; ++j) {
      if (options.by[j] == d)
        return Status::invalid_argument(fmt::format("breakdown '{}' named twice", d));
    }
  }

  const TimeAxis axis = time_axis(period);
  const DiagnosisGroups& groups = DiagnosisGroups::builtin();
  std::vector<Dim> dims;
  for (const std::string& name : options.by) {
    Dim d{name, dim_id(name), 0, {}};
    auto add = [&](std::optional<std::string> label) { d.labels.push_back(std::move(label)); };
    if (name == "month") {
      for (const auto& ym : axis.months) add(ym.iso());
    } else if (name == "quarter") {
      for (const auto& q : axis.quarter_labels) add(q);
    } else if (name == "cluster") {
      for (const auto& c : s.cluster_codes) add(c);
      add(std::nullopt);
    } else if (name == "practice") {
      for (const auto& c : s.practice_codes) add(c);
      add(std::nullopt);
    } else if (name == "age_band") {
      for (int b = 0; b < kAgeBandCount; ++b)
        add(std::string(age_band_label(static_cast<AgeBand>(b))));
      add(std::nullopt);
    } else if (name == "sex") {
      add("F"), add("M"), add("U"), add(std::nullopt);
    } else if (name == "provider") {
      for (const auto& c : s.provider_codes) add(c);
    } else if (name == "responsible_org") {
      for (const char* o : kOrgs) add(o);
    } else if (name == "reason") {
      for (const char* r : kReasons) add(r);
    } else if (name == "diagnosis_group") {
      for (size_t g = 0; g <= groups.size(); ++g) add(std::string(groups.id(g)));
    } else if (name == "stay_length") {
      add("short"), add("long");
    } else if (name == "department_type") {
      add("01"), add("02"), add("03"), add("04");
    } else if (name == "setting") {
      add("residential"), add("nursing");
    }
    d.size = d.labels.size();
    dims.push_back(std::move(d));
  }
  size_t cells = 1;
  for (const Dim& d : dims) {
    cells *= std::max<size_t>(1, d.size);
    if (cells > kMaxCells)
      return Status::invalid_argument(
          "that breakdown has too many groups; choose fewer dimensions");
  }

  // The value of each dimension for one event; -1 when it does not apply.
  struct Event {
    int32_t day = 0, person = -1;
    int practice = -1;  // -1: unlinked
    uint8_t age = kUnknownAge;
    int provider = 0, org = 0, reason = 0, diagnosis = 0, stay = 0, department = 0, setting = 0;
  };
  // Month slot of each day of the period (events are counted by day).
  std::vector<int16_t> month_slot(
      static_cast<size_t>(period.last().days() - period.first().days() + 1));
  for (size_t k = 0; k < axis.months.size(); ++k) {
    int32_t a = std::max(axis.months[k].first_day().days(), period.first().days());
    int32_t b = std::min(axis.months[k].last_day().days(), period.last().days());
    for (int32_t d = a; d <= b; ++d)
      month_slot[static_cast<size_t>(d - period.first().days())] = static_cast<int16_t>(k);
  }
  const int32_t first_day = period.first().days();
  auto cell_of = [&](const Event& e) -> size_t {
    size_t cell = 0;
    for (const Dim& d : dims) {
      size_t v = 0;
      switch (d.id) {
        case DimId::kMonth:
          v = static_cast<size_t>(month_slot[static_cast<size_t>(e.day - first_day)]);
          break;
        case DimId::kQuarter:
          v = static_cast<size_t>(axis.quarter_of_month[static_cast<size_t>(
              month_slot[static_cast<size_t>(e.day - first_day)])]);
          break;
        case DimId::kCluster:
          v = e.practice < 0
                  ? d.size - 1
                  : static_cast<size_t>(s.practice_cluster[static_cast<size_t>(e.practice)]);
          break;
        case DimId::kPractice:
          v = e.practice < 0 ? d.size - 1 : static_cast<size_t>(e.practice);
          break;
        case DimId::kAgeBand:
          v = e.age == kUnknownAge ? d.size - 1
              : e.age < 18         ? 0
              : e.age < 65         ? 1
                                   : 2;  // AgeBand order
          break;
        case DimId::kSex: {
          char c = e.person < 0 ? '?' : s.persons.sex[static_cast<size_t>(e.person)];
          v = c == 'F' ? 0 : c == 'M' ? 1 : c == 'U' ? 2 : 3;
          break;
        }
        case DimId::kProvider:
          v = static_cast<size_t>(e.provider);
          break;
        case DimId::kOrg:
          v = static_cast<size_t>(e.org);
          break;
        case DimId::kReason:
          v = static_cast<size_t>(e.reason);
          break;
        case DimId::kDiagnosisGroup:
          v = static_cast<size_t>(e.diagnosis);
          break;
        case DimId::kStayLength:
          v = static_cast<size_t>(e.stay);
          break;
        case DimId::kDepartmentType:
          v = static_cast<size_t>(std::max(0, e.department - 1));
          break;
        case DimId::kSetting:
          v = static_cast<size_t>(e.setting);
          break;
      }
      cell = cell * d.size + std::min(v, d.size - 1);
    }
    return cell;
  };

  Accumulators acc(cells);
  const MetricFilter& f = m.filter;
  auto age_ok = [&](uint8_t age) {
    if (!f.min_age && !f.max_age) return true;
    if (age == kUnknownAge) return false;  // the age of an unlinked person is not known
    return (!f.min_age || age >= *f.min_age) && (!f.max_age || age <= *f.max_age);
  };
  const int32_t from = period.first().days(), to = period.last().days();

  switch (m.source) {
    case MetricSource::kSpells: {
      std::vector<char> method_ok(s.methods.size(), f.admission_methods.empty());
      for (size_t i = 0; i < s.methods.size(); ++i) {
        for (const auto& am : f.admission_methods) method_ok[i] |= s.methods[i] == am;
      }
      std::vector<char> primary_ok(s.diagnoses.size(), f.primary_icd10.empty());
      std::vector<int> group(s.diagnoses.size(), 0);
      for (size_t i = 0; i < s.diagnoses.size(); ++i) {
        for (const auto& [lo, hi] : f.primary_icd10)
          primary_ok[i] |= icd10_in_range(s.diagnoses[i], lo, hi);
        group[i] = s.diagnosis_group[i];
      }
      // Secondary lists are dictionary-encoded: test each distinct list once.
      std::vector<char> secondary_ok(s.secondary_lists.size(), f.secondary_icd10.empty());
      for (size_t k = 0; k < s.secondary_lists.size() && !f.secondary_icd10.empty(); ++k) {
        std::string_view rest = s.secondary_lists[k];
        while (!rest.empty() && !secondary_ok[k]) {
          size_t semi = rest.find(';');
          std::string_view code = rest.substr(0, semi);
          for (const auto& [lo, hi] : f.secondary_icd10)
            secondary_ok[k] |= icd10_in_range(code, lo, hi);
          rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        }
      }
      const auto& sp = s.spells;
      const auto [first, last] = slice(sp.admitted, from, to);
      for (size_t i = first; i < last; ++i) {
        int32_t day = sp.admitted[i];
        if (day < from || day > to || !method_ok[sp.method[i]] || !primary_ok[sp.primary[i]] ||
            !secondary_ok[sp.secondary[i]] || !age_ok(sp.age[i])) {
          continue;
        }
        Event e;
        e.day = day;
        e.person = sp.person[i];
        e.practice = sp.practice[i];
        e.age = sp.age[i];
        e.provider = sp.provider[i];
        e.diagnosis = group[sp.primary[i]];
        e.stay = sp.discharged[i] == day ? 0 : 1;  // short stay: discharged the same day
        acc.num[cell_of(e)] += m.sum_cost ? static_cast<double>(sp.cost_pence[i]) / 100 : 1;
      }
      break;
    }
    case MetricSource::kAeAttendances: {
      const auto& a = s.ae;
      std::array<char, 8> department_ok{};
      for (int t = 0; t < 8; ++t) {
        department_ok[static_cast<size_t>(t)] =
            f.department_types.empty() ||
            std::find(f.department_types.begin(), f.department_types.end(),
                      fmt::format("{:02}", t)) != f.department_types.end();
      }
      const auto [first, last] = slice(a.arrived, from, to);
      for (size_t i = first; i < last; ++i) {
        int32_t day = a.arrived[i];
        if (day < from || day > to || !age_ok(a.age[i])) continue;
        if (!f.department_types.empty()) {
          std::string t = fmt::format("{:02}", a.department[i]);
          if (std::find(f.department_types.begin(), f.department_types.end(), t) ==
              f.department_types.end())
            continue;
        }
        Event e;
        e.day = day;
        e.person = a.person[i];
        e.practice = a.practice[i];
        e.age = a.age[i];
        e.provider = a.provider[i];
        e.department = a.department[i];
        acc.num[cell_of(e)] += 1;
      }
      break;
    }
    case MetricSource::kCareHomeAdmissions: {
      const auto& c = s.care_homes;
      const auto [first, last] = slice(c.admitted, from, to);
      for (size_t i = first; i < last; ++i) {
        int32_t day = c.admitted[i];
        if (day < from || day > to || !age_ok(c.age[i])) continue;
        if (f.permanent && (c.permanent[i] != 0) != *f.permanent) continue;
        Event e;
        e.day = day;
        e.person = c.person[i];
        e.practice = c.practice[i];
        e.age = c.age[i];
        e.setting = c.nursing[i];
        acc.num[cell_of(e)] += 1;
      }
      break;
    }
    case MetricSource::kReablement: {
      const auto& r = s.reablement;
      std::vector<char> counts(4, 0);
      for (const auto& o : m.numerator_outcomes) {
        if (o == "at_home") counts[0] = 1;
        if (o == "not_at_home") counts[1] = 1;
        if (o == "died") counts[2] = 1;
      }
      const auto [first, last] = slice(r.discharged, from, to);
      for (size_t i = first; i < last; ++i) {
        int32_t day = r.discharged[i];
        if (day < from || day > to || !age_ok(r.age[i])) continue;
        Event e;
        e.day = day;
        e.person = r.person[i];
        e.practice = r.practice[i];
        e.age = r.age[i];
        size_t cell = cell_of(e);
        uint8_t o = r.outcome[i];
        if (m.kind == MetricKind::kProportion) {
          if (o == 3) {
            acc.unknown[cell] += 1;  // reported, not silently dropped
          } else {
            acc.den[cell] += 1;  // deaths stay in the denominator
            if (counts[o]) acc.num[cell] += 1;
          }
        } else {
          acc.num[cell] += 1;
        }
      }
      break;
    }
    case MetricSource::kDelayedDays: {
      // Monthly returns count in the period when their month begins in it.
      auto first_day_of = [](int32_t month) {
        return YearMonth::from_parts(month / 12, month % 12 + 1)->first_day().days();
      };
      for (size_t i = 0; i < s.delayed.month.size(); ++i) {
        int32_t day = first_day_of(s.delayed.month[i]);
        if (day < from || day > to) continue;
        Event e;
        e.day = day;
        e.provider = s.delayed.provider[i];
        e.org = s.delayed.org[i];
        e.reason = s.delayed.reason[i];
        acc.num[cell_of(e)] += static_cast<double>(s.delayed.days[i]);
      }
      if (m.kind == MetricKind::kRatio) {
        for (size_t i = 0; i < s.bed_days.month.size(); ++i) {
          int32_t day = first_day_of(s.bed_days.month[i]);
          if (day < from || day > to) continue;
          Event e;
          e.day = day;
          e.provider = s.bed_days.provider[i];
          acc.den[cell_of(e)] += static_cast<double>(s.bed_days.days[i]);
        }
      }
      break;
    }
  }

  // Rates: the registered population of the age range at each cell's mid-point.
  if (m.kind == MetricKind::kRate) {
    bool by_month = std::find(options.by.begin(), options.by.end(), "month") != options.by.end();
    bool by_quarter =
        std::find(options.by.begin(), options.by.end(), "quarter") != options.by.end();
    std::vector<std::pair<int32_t, std::vector<YearMonth>>> buckets;  // mid-point day, months
    if (by_month) {
      for (const auto& ym : axis.months) {
        Date a = std::max(ym.first_day(), period.first()),
             b = std::min(ym.last_day(), period.last());
        buckets.push_back({a.days() + (b.days() - a.days()) / 2, {ym}});
      }
    } else if (by_quarter) {
      for (const auto& qm : axis.quarter_months) {
        Date a = std::max(qm.front().first_day(), period.first()),
             b = std::min(qm.back().last_day(), period.last());
        buckets.push_back({a.days() + (b.days() - a.days()) / 2, qm});
      }
    } else {
      buckets.push_back({period.mid_point().days(), axis.months});
    }
    const auto& p = s.persons;
    for (const auto& [mid, months] : buckets) {
      Date mid_date = Date::from_days(mid);
      // Aged population_min_age or more on mid_date <=> born on or before
      // the same day population_min_age years earlier (29 February: the
      // 28th), so the loop compares days instead of computing ages.
      const int cut_year = mid_date.year() - m.population_min_age;
      const int32_t born_by =
          Date::from_ymd(cut_year, mid_date.month(),
                         std::min(mid_date.day(), days_in_month(cut_year, mid_date.month())))
              ->days();
      const bool need_age = std::any_of(dims.begin(), dims.end(),
                                        [](const Dim& d) { return d.id == DimId::kAgeBand; });
      for (size_t i = 0; i < p.nhs.size(); ++i) {
        if (!registered_on(p, i, mid)) continue;
        if (p.born[i] > born_by) continue;
        Event e;
        e.day = mid;
        e.person = static_cast<int32_t>(i);
        e.practice = p.practice[i];
        if (need_age)
          e.age = static_cast<uint8_t>(std::min(254, age_at(Date::from_days(p.born[i]), mid_date)));
        acc.den[cell_of(e)] += 1;
      }
    }
  }

  // A dimension with no values at all (no providers loaded yet) has no groups.
  for (const Dim& d : dims) {
    if (d.size == 0) return std::vector<MetricRow>{};
  }

  // Rows: every cell whose labels are all known, plus null-labelled cells
  // that hold something (unlinked activity).
  std::optional<size_t> cluster_dim, practice_dim;
  for (size_t k = 0; k < dims.size(); ++k) {
    if (dims[k].id == DimId::kCluster) cluster_dim = k;
    if (dims[k].id == DimId::kPractice) practice_dim = k;
  }
  std::vector<MetricRow> rows;
  for (size_t cell = 0; cell < cells; ++cell) {
    MetricRow r;
    r.metric = m.id;
    r.unit = std::string(m.unit_name());
    r.period = period.label();
    size_t rest = cell;
    bool has_null = false;
    std::vector<size_t> idx(dims.size());
    for (size_t k = dims.size(); k-- > 0;) {
      idx[k] = rest % dims[k].size;
      rest /= dims[k].size;
    }
    for (size_t k = 0; k < dims.size(); ++k) {
      r.group.emplace_back(dims[k].name, dims[k].labels[idx[k]]);
      has_null |= !dims[k].labels[idx[k]].has_value();
    }
    double num = acc.num[cell], den = acc.den[cell];
    if (has_null && num == 0 && den == 0 && acc.unknown[cell] == 0) continue;
    // A practice belongs to one cluster: no rows for a practice under
    // another cluster (they could only ever be empty).
    if (cluster_dim && practice_dim && dims[*cluster_dim].labels[idx[*cluster_dim]] &&
        dims[*practice_dim].labels[idx[*practice_dim]] &&
        static_cast<size_t>(s.practice_cluster[idx[*practice_dim]]) != idx[*cluster_dim]) {
      continue;
    }
    r.numerator = num;
    switch (m.kind) {
      case MetricKind::kCount:
        r.value = num;
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
        r.unknown = acc.unknown[cell];
        if (den > 0)
          r.value = num / den * 100;
        else
          r.note = "no denominator: no episodes with a known outcome in this period";
        break;
      case MetricKind::kRate:
        r.denominator = den;
        if (den > 0)
          r.value = num / den * m.per;
        else
          r.note = "no denominator: no registered population in this group";
        break;
    }
    // Plans exist for the whole area by month: for rows not broken down by
    // anything but time.
    if (options.compare) {
      bool only_time = true;
      std::vector<YearMonth> months = axis.months;
      for (size_t k = 0; k < dims.size(); ++k) {
        if (dims[k].name == "month")
          months = {axis.months[idx[k]]};
        else if (dims[k].name == "quarter")
          months = axis.quarter_months[idx[k]];
        else
          only_time = false;
      }
      bool ok = false;
      double plan = only_time ? plan_of(s, m, months, &ok) : 0;
      if (ok && period.whole_months()) {
        r.plan = plan;
        set_variance(r, m, config);
      }
    }
    rows.push_back(std::move(r));
  }

  // Days and pounds are not people: only counts of people are suppressed.
  if (options.suppress && m.source != MetricSource::kDelayedDays && !m.sum_cost) {
    for (MetricRow& r : rows) suppress_row(r, m, config);
  }

  if (options.compare) {
    // Last year suppressed like this year, so the change is computed from
    // what is shown.
    EvaluateOptions prev_options = options;
    prev_options.compare = false;
    // Last year is compared only when the source holds data that far back:
    // a year before the first extract is "not loaded", not zero.
    const Period prev_period = period.previous_year();
    auto prev = evaluate_metric(s, config, m, prev_period, prev_options);
    if (prev.ok() && earliest_event(s, m.source) <= prev_period.last().days()) {
      std::map<std::string, const MetricRow*> by_key;
      for (const MetricRow& p : *prev) by_key[time_shifted_key(p, 1)] = &p;
      for (MetricRow& r : rows) {
        auto it = by_key.find(time_shifted_key(r, 0));
        if (it == by_key.end() || !it->second->value || !r.value) continue;
        double pv = *it->second->value;
        r.previous_value = pv;
        if (pv != 0) {
          double change = (*r.value - pv) / pv * 100;
          r.change_pct = change;
          double worse = m.lower_is_better ? change : -change;
          r.comparison = std::abs(change) <= config.rag.flat_band ? "Flat"
                         : worse > 0                              ? "Worse"
                                                                  : "Better";
        }
      }
    }
  }

  return rows;
}

}  // namespace bc
