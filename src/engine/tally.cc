#include "engine/tally.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>

#include "core/age.h"
#include "core/care_home_codes.h"
#include "core/dtoc_codes.h"
#include "core/fiscal.h"
#include "core/hes_codes.h"
#include "core/icd10.h"
#include "engine/diagnosis_groups.h"
#include "engine/population.h"

namespace bc::engine {
namespace {

constexpr int kFiveYearBands = 19;  // 0-4 ... 85-89, 90+

}  // namespace

TimeAxis TimeAxis::of(const Period& p) {
  TimeAxis t;
  t.months = p.months();
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

bool applies(MetricSource src, DimId dim) {
  switch (dim) {
    case DimId::kMonth:
    case DimId::kQuarter:
      return true;
    case DimId::kProvider:
      return src == MetricSource::kSpells || src == MetricSource::kAeAttendances ||
             src == MetricSource::kDelayedDays;
    case DimId::kOrg:
    case DimId::kReason:
      return src == MetricSource::kDelayedDays;
    case DimId::kDiagnosisGroup:
    case DimId::kStayLength:
      return src == MetricSource::kSpells;
    case DimId::kDepartmentType:
      return src == MetricSource::kAeAttendances;
    case DimId::kSetting:
    case DimId::kFunder:
      return src == MetricSource::kCareHomeAdmissions;
    case DimId::kCluster:
    case DimId::kPractice:
    case DimId::kAgeBand:
    case DimId::kSex:
    case DimId::kAgeFiveYear:
    case DimId::kPerson:
      return src != MetricSource::kDelayedDays;  // about a person
  }
  return false;
}

Dim make_dim(DimId id, const Snapshot& s, const TimeAxis& axis) {
  Dim d{id, std::string(dimension_name(id)), {}};
  auto add = [&](std::optional<std::string> label) { d.labels.push_back(std::move(label)); };
  switch (id) {
    case DimId::kMonth:
      for (const auto& ym : axis.months) add(ym.iso());
      break;
    case DimId::kQuarter:
      for (const auto& q : axis.quarter_labels) add(q);
      break;
    case DimId::kCluster:
      for (const auto& c : s.cluster_codes) add(c);
      add(std::nullopt);
      break;
    case DimId::kPractice:
      for (const auto& c : s.practice_codes) add(c);
      add(std::nullopt);
      break;
    case DimId::kAgeBand:
      for (int b = 0; b < kAgeBandCount; ++b)
        add(std::string(age_band_label(static_cast<AgeBand>(b))));
      add(std::nullopt);
      break;
    case DimId::kAgeFiveYear:
      for (int b = 0; b < kFiveYearBands; ++b)
        add(b == kFiveYearBands - 1 ? std::string("90+") : fmt::format("{}-{}", b * 5, b * 5 + 4));
      add(std::nullopt);
      break;
    case DimId::kSex:
      add("F"), add("M"), add("U"), add(std::nullopt);
      break;
    case DimId::kPerson:
      d.unlabelled = s.persons.nhs.size() + 1;
      break;
    case DimId::kProvider:
      for (const auto& c : s.provider_codes) add(c);
      break;
    case DimId::kOrg:
      for (std::string_view o : kDtocAgencies) add(std::string(o));
      break;
    case DimId::kReason:
      for (std::string_view r : kDtocReasons) add(std::string(r));
      break;
    case DimId::kDiagnosisGroup: {
      const DiagnosisGroups& groups = DiagnosisGroups::builtin();
      for (size_t g = 0; g <= groups.size(); ++g) add(std::string(groups.id(g)));
      break;
    }
    case DimId::kStayLength:
      add("short"), add("long");
      break;
    case DimId::kDepartmentType:
      for (std::string_view c : kDepartmentTypes) add(std::string(c));
      break;
    case DimId::kSetting:
      for (std::string_view c : kCareHomeSettings) add(std::string(c));
      break;
    case DimId::kFunder:
      for (std::string_view c : kCareHomeFunders) add(std::string(c));
      break;
  }
  return d;
}

Breakdown::Breakdown(const Snapshot& snap, const Period& period, const TimeAxis& axis,
                     std::vector<Dim> dims)
    : snap_(snap), period_(period), axis_(axis), dims_(std::move(dims)) {
  for (const Dim& d : dims_) cells_ *= std::max<size_t>(1, d.size());
  by_sex_ = has(DimId::kSex);
  month_slot_.assign(static_cast<size_t>(period.last().days() - period.first().days() + 1), 0);
  for (size_t k = 0; k < axis.months.size(); ++k) {
    int32_t a = std::max(axis.months[k].first_day().days(), period.first().days());
    int32_t b = std::min(axis.months[k].last_day().days(), period.last().days());
    for (int32_t d = a; d <= b; ++d)
      month_slot_[static_cast<size_t>(d - period.first().days())] = static_cast<int16_t>(k);
  }
}

bool Breakdown::has(DimId id) const {
  return std::any_of(dims_.begin(), dims_.end(), [&](const Dim& d) { return d.id == id; });
}

size_t Breakdown::cell_of(const Event& e) const {
  size_t cell = 0;
  for (const Dim& d : dims_) {
    size_t v = 0;
    switch (d.id) {
      case DimId::kMonth:
        v = static_cast<size_t>(month_slot_[static_cast<size_t>(e.day - period_.first().days())]);
        break;
      case DimId::kQuarter:
        v = static_cast<size_t>(axis_.quarter_of_month[static_cast<size_t>(
            month_slot_[static_cast<size_t>(e.day - period_.first().days())])]);
        break;
      case DimId::kCluster:
        v = e.practice < 0
                ? d.size() - 1
                : static_cast<size_t>(snap_.practice_cluster[static_cast<size_t>(e.practice)]);
        break;
      case DimId::kPractice:
        v = e.practice < 0 ? d.size() - 1 : static_cast<size_t>(e.practice);
        break;
      case DimId::kAgeBand:
        v = e.age == kUnknownAge ? d.size() - 1
            : e.age < 18         ? 0
            : e.age < 65         ? 1
                                 : 2;  // AgeBand order
        break;
      case DimId::kAgeFiveYear:
        v = e.age == kUnknownAge ? d.size() - 1
                                 : static_cast<size_t>(std::min(e.age / 5, kFiveYearBands - 1));
        break;
      case DimId::kSex:
        v = e.sex == 'F' ? 0 : e.sex == 'M' ? 1 : e.sex == 'U' ? 2 : 3;
        break;
      case DimId::kPerson:
        v = e.person < 0 ? d.size() - 1 : static_cast<size_t>(e.person);
        break;
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
      case DimId::kFunder:
        v = static_cast<size_t>(e.funder);
        break;
    }
    cell = cell * d.size() + std::min(v, d.size() - 1);
  }
  return cell;
}

std::vector<size_t> Breakdown::labels_of(size_t cell) const {
  std::vector<size_t> idx(dims_.size());
  for (size_t k = dims_.size(); k-- > 0;) {
    idx[k] = cell % dims_[k].size();
    cell /= dims_[k].size();
  }
  return idx;
}

std::vector<Breakdown::Span> Breakdown::spans() const {
  std::vector<Span> out;
  auto clip = [&](const std::vector<YearMonth>& months) {
    Date a = std::max(months.front().first_day(), period_.first());
    Date b = std::min(months.back().last_day(), period_.last());
    out.push_back({a, b, months});
  };
  if (has(DimId::kMonth)) {
    for (const auto& ym : axis_.months) clip({ym});
  } else if (has(DimId::kQuarter)) {
    for (const auto& qm : axis_.quarter_months) clip(qm);
  } else {
    clip(axis_.months);
  }
  return out;
}

void tally_population(const Snapshot& s, const Breakdown& b, int min_age,
                      std::optional<int> max_age,
                      const std::vector<std::optional<int>>& ons_year_of_span, Tally& t) {
  const auto spans = b.spans();
  const bool need_age = b.has(DimId::kAgeBand) || b.has(DimId::kAgeFiveYear);
  const auto& p = s.persons;
  for (size_t k = 0; k < spans.size(); ++k) {
    const Date mid = spans[k].mid();
    if (k < ons_year_of_span.size() && ons_year_of_span[k]) {
      // The estimate as pseudo-events: one per single year of age and sex.
      auto it = s.ons.find(*ons_year_of_span[k]);
      if (it == s.ons.end()) continue;
      const int hi = max_age ? std::min(*max_age, kOnsMaxAge) : kOnsMaxAge;
      for (int sex = 0; sex < 2; ++sex) {
        for (int age = std::max(0, min_age); age <= hi; ++age) {
          Event e;
          e.day = mid.days();
          e.sex = sex == 0 ? 'M' : 'F';
          e.age = static_cast<uint8_t>(age);
          t.den[b.cell_of(e)] +=
              static_cast<double>(it->second[static_cast<size_t>(sex)][static_cast<size_t>(age)]);
        }
      }
      continue;
    }
    // Aged min_age or more on the day <=> born on or before a cut-off day,
    // so the loop compares days instead of computing ages.
    const int32_t oldest_born_after =
        max_age ? born_by(mid, *max_age + 1) : std::numeric_limits<int32_t>::min();
    const int32_t youngest_born_by = born_by(mid, min_age);
    for (size_t i = 0; i < p.nhs.size(); ++i) {
      if (!registered_on(p, i, mid.days())) continue;
      if (p.born[i] > youngest_born_by || p.born[i] <= oldest_born_after) continue;
      Event e;
      e.day = mid.days();
      e.sex = p.sex[i];
      e.practice = p.practice[i];
      if (need_age)
        e.age = static_cast<uint8_t>(std::min(254, age_at(Date::from_days(p.born[i]), mid)));
      t.den[b.cell_of(e)] += 1;
    }
  }
}

void tally_days(const Breakdown& b, Tally& t) {
  for (const YearMonth& ym : b.axis().months) {
    if (!b.period().contains(ym.first_day())) continue;
    Event e;
    e.day = ym.first_day().days();
    // Only time dimensions can cut a rate per day; every other value of the
    // pseudo-event is its dimension's first, so the day count lands once.
    t.days[b.cell_of(e)] += days_in_month(ym.year(), ym.month());
  }
}

}  // namespace bc::engine
