// One scan per source: counting a metric's events dated within a
// breakdown's period into its cells (tally.h tally_events). Each scan reads
// its source's day-sorted columns once, over the period's slice, testing
// the metric's filter against dictionaries decoded once per distinct value.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/care_home_codes.h"
#include "core/icd10.h"
#include "engine/diagnosis_groups.h"
#include "engine/tally.h"

namespace bc::engine {
namespace {

// The index range [first, last) of events dated within [from, to] in a
// day-sorted column.
std::pair<size_t, size_t> slice(std::span<const int32_t> days, int32_t from, int32_t to) {
  auto a = std::lower_bound(days.begin(), days.end(), from);
  auto b = std::upper_bound(a, days.end(), to);
  return {static_cast<size_t>(a - days.begin()), static_cast<size_t>(b - days.begin())};
}

char sex_of(const Snapshot& s, int32_t person) {
  return person < 0 ? '?' : s.persons.sex[static_cast<size_t>(person)];
}

// An event of a person on `day`: their practice and age beside it, and
// their sex when the breakdown is by sex (a look-up in the persons'
// column, which for 10 million people is far from the event's).
Event person_event(const Snapshot& s, const Breakdown& b, int32_t day, int32_t person,
                   int16_t practice, uint8_t age) {
  Event e;
  e.day = day;
  if (b.by_sex()) e.sex = sex_of(s, person);
  e.practice = practice;
  e.person = person;
  e.age = age;
  return e;
}

int32_t first_day_of_month(int32_t month_index) {
  return YearMonth::from_parts(month_index / 12, month_index % 12 + 1)->first_day().days();
}

// The metric's age filter (an unlinked person's age is not known).
struct AgeFilter {
  std::optional<int> min, max;
  bool operator()(uint8_t age) const {
    if (!min && !max) return true;
    if (age == kUnknownAge) return false;
    return (!min || age >= *min) && (!max || age <= *max);
  }
};

// Hospital spells by admission day: admission method, primary and secondary
// diagnoses and age filters; a sum of cost or a count.
void scan_spells(const Snapshot& s, const MetricDef& m, const Breakdown& b, const AgeFilter& age_ok,
                 int32_t from, int32_t to, Tally& t) {
  const MetricFilter& f = m.filter;
  std::vector<char> method_ok(s.methods.size(), f.admission_methods.empty());
  for (size_t i = 0; i < s.methods.size(); ++i) {
    for (const auto& am : f.admission_methods) method_ok[i] |= s.methods[i] == am;
  }
  std::vector<char> primary_ok(s.diagnoses.size(), f.primary_icd10.empty());
  for (size_t i = 0; i < s.diagnoses.size(); ++i) {
    for (const auto& [lo, hi] : f.primary_icd10)
      primary_ok[i] |= icd10_in_range(s.diagnoses[i], lo, hi);
  }
  // Secondary lists are dictionary-encoded, and there are as many as a
  // tenth of the spells: each distinct list is tested once, and only when
  // a spell that passed the other filters has it (-1: not yet tested).
  std::vector<int8_t> secondary_ok(f.secondary_icd10.empty() ? 0 : s.secondary_lists.size(), -1);
  auto secondary_passes = [&](uint32_t k) {
    if (f.secondary_icd10.empty()) return true;
    if (secondary_ok[k] < 0) {
      bool ok = false;
      std::string_view rest = s.secondary_lists[k];
      while (!rest.empty() && !ok) {
        size_t semi = rest.find(';');
        std::string_view code = rest.substr(0, semi);
        for (const auto& [lo, hi] : f.secondary_icd10) ok |= icd10_in_range(code, lo, hi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      }
      secondary_ok[k] = ok ? 1 : 0;
    }
    return secondary_ok[k] == 1;
  };
  const auto& sp = s.spells;
  const auto [first, last] = slice(sp.admitted, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!method_ok[sp.method[i]] || !primary_ok[sp.primary[i]] || !age_ok(sp.age[i]) ||
        !secondary_passes(sp.secondary[i])) {
      continue;
    }
    Event e = person_event(s, b, sp.admitted[i], sp.person[i], sp.practice[i], sp.age[i]);
    e.provider = sp.provider[i];
    e.diagnosis = s.diagnosis_group[sp.primary[i]];
    e.stay = sp.discharged[i] == e.day ? 0 : 1;  // short stay: discharged the same day
    const size_t cell = b.cell_of(e);
    t.num[cell] += m.sum_cost ? static_cast<double>(sp.cost_pence[i]) / 100 : 1;
    if (t.keyed) t.events[cell] += 1, t.num_key[cell] += sp.rkey[i];
  }
}

// A&E attendances by arrival day: department type and age filters.
void scan_ae(const Snapshot& s, const MetricDef& m, const Breakdown& b, const AgeFilter& age_ok,
             int32_t from, int32_t to, Tally& t) {
  const MetricFilter& f = m.filter;
  const auto& a = s.ae;
  std::array<char, 8> department_ok{};
  for (int d = 0; d < 8; ++d) {
    department_ok[static_cast<size_t>(d)] =
        f.department_types.empty() ||
        std::find(f.department_types.begin(), f.department_types.end(), fmt::format("{:02}", d)) !=
            f.department_types.end();
  }
  const auto [first, last] = slice(a.arrived, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!age_ok(a.age[i]) || !department_ok[a.department[i] & 7]) continue;
    Event e = person_event(s, b, a.arrived[i], a.person[i], a.practice[i], a.age[i]);
    e.provider = a.provider[i];
    e.department = a.department[i];
    const size_t cell = b.cell_of(e);
    t.num[cell] += 1;
    if (t.keyed) t.events[cell] += 1, t.num_key[cell] += a.rkey[i];
  }
}

// Care home admissions by admission day: funder, permanence and age filters.
void scan_care_homes(const Snapshot& s, const MetricDef& m, const Breakdown& b,
                     const AgeFilter& age_ok, int32_t from, int32_t to, Tally& t) {
  const MetricFilter& f = m.filter;
  const auto& c = s.care_homes;
  std::array<char, 4> funder_ok{};
  for (size_t k = 0; k < funder_ok.size(); ++k) {
    funder_ok[k] = f.funders.empty() || std::find(f.funders.begin(), f.funders.end(),
                                                  kCareHomeFunders[k]) != f.funders.end();
  }
  const auto [first, last] = slice(c.admitted, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!age_ok(c.age[i]) || !funder_ok[c.funder[i] & 3]) continue;
    if (f.permanent && (c.permanent[i] != 0) != *f.permanent) continue;
    Event e = person_event(s, b, c.admitted[i], c.person[i], c.practice[i], c.age[i]);
    e.setting = c.nursing[i];
    e.funder = c.funder[i];
    const size_t cell = b.cell_of(e);
    t.num[cell] += 1;
    if (t.keyed) t.events[cell] += 1, t.num_key[cell] += c.rkey[i];
  }
}

// Adds one event of a person to a proportion's cells: every one to the
// cohort (den), those with a numerator outcome to num, and those whose
// outcome is not yet known (3) to unknown.
void add_outcome(Tally& t, size_t cell, bool counted, bool unknown, uint16_t key) {
  t.den[cell] += 1;
  if (unknown) t.unknown[cell] += 1;
  if (counted) t.num[cell] += 1;
  if (t.keyed) {
    t.den_key[cell] += key;
    if (unknown) t.unknown_key[cell] += key;
    if (counted) t.events[cell] += 1, t.num_key[cell] += key;
  }
}

// Reablement episodes by discharge day: a proportion counts every one in
// the cohort (den) and those with a numerator outcome (num).
void scan_reablement(const Snapshot& s, const MetricDef& m, const Breakdown& b,
                     const AgeFilter& age_ok, int32_t from, int32_t to, Tally& t) {
  const auto& r = s.reablement;
  std::array<char, 4> counts{};  // outcome -> in the numerator
  for (const auto& o : m.numerator_outcomes) {
    if (o == "at_home") counts[0] = 1;
    if (o == "not_at_home") counts[1] = 1;
    if (o == "died") counts[2] = 1;
  }
  const auto [first, last] = slice(r.discharged, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!age_ok(r.age[i])) continue;
    Event e = person_event(s, b, r.discharged[i], r.person[i], r.practice[i], r.age[i]);
    const size_t cell = b.cell_of(e);
    const uint8_t o = r.outcome[i];
    if (m.kind == MetricKind::kProportion) {
      // Everyone discharged is in the denominator, those who died too;
      // an outcome not yet known counts as not achieved until it is.
      add_outcome(t, cell, o < 3 && counts[o], o == 3, r.rkey[i]);
    } else {
      t.num[cell] += 1;
      if (t.keyed) t.events[cell] += 1, t.num_key[cell] += r.rkey[i];
    }
  }
}

// Register months (a person on a saved at-risk register at a month's end)
// or the reviews care plans fell due for: a proportion of those whose
// outcome is in the numerator (engine/care_plan_state.h). Outcome 0 is
// covered or on_time, 1 not covered or late, 3 not yet known.
void scan_person_outcomes(const Snapshot& s, const Snapshot::PersonOutcomes& ev, const MetricDef& m,
                          const Breakdown& b, const AgeFilter& age_ok, int32_t from, int32_t to,
                          Tally& t) {
  std::array<char, 4> counts{};
  for (const auto& o : m.numerator_outcomes) {
    if (o == "covered" || o == "on_time") counts[0] = 1;
    if (o == "late") counts[1] = 1;
  }
  const auto [first, last] = slice(ev.day, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!age_ok(ev.age[i])) continue;
    Event e = person_event(s, b, ev.day[i], ev.person[i], ev.practice[i], ev.age[i]);
    const uint8_t o = ev.outcome[i] & 3;
    add_outcome(t, b.cell_of(e), counts[o] != 0, o == 3, ev.rkey[i]);
  }
}

// Referrals to the single point of access by day received: counted, or as
// a proportion triaged within the standard for their urgency. One not yet
// triaged is outside the standard once it has waited longer than it by the
// latest moment the referrals know of, and not yet known before that.
void scan_spa(const Snapshot& s, const MetricDef& m, const Breakdown& b, const AgeFilter& age_ok,
              int32_t from, int32_t to, Tally& t) {
  const auto& r = s.spa;
  const auto [first, last] = slice(r.received, from, to);
  for (size_t i = first; i < last; ++i) {
    if (!age_ok(r.age[i])) continue;
    Event e = person_event(s, b, r.received[i], r.person[i], r.practice[i], r.age[i]);
    const size_t cell = b.cell_of(e);
    if (m.kind != MetricKind::kProportion) {
      t.num[cell] += 1;
      if (t.keyed) t.events[cell] += 1, t.num_key[cell] += r.rkey[i];
      continue;
    }
    const int64_t standard = int64_t{m.triage_hours[r.urgency[i] & 1]} * 3600;
    const int64_t waited =
        r.triage_seconds[i] >= 0 ? r.triage_seconds[i] : r.known_to - r.received_at[i];
    const bool unknown = r.triage_seconds[i] < 0 && waited <= standard;
    add_outcome(t, cell, r.triage_seconds[i] >= 0 && waited <= standard, unknown, r.rkey[i]);
  }
}

// Delayed days (monthly returns, counted in the period when their month
// begins in it) and, for a ratio, occupied bed days into den.
void scan_delayed_days(const Snapshot& s, const MetricDef& m, const Breakdown& b,
                       const AgeFilter& /*age_ok: returns are not of people*/, int32_t from,
                       int32_t to, Tally& t) {
  // Monthly returns count in the period when their month begins in it.
  for (size_t i = 0; i < s.delayed.month.size(); ++i) {
    int32_t day = first_day_of_month(s.delayed.month[i]);
    if (day < from || day > to) continue;
    Event e;
    e.day = day;
    e.provider = s.delayed.provider[i];
    e.org = s.delayed.org[i];
    e.reason = s.delayed.reason[i];
    t.num[b.cell_of(e)] += static_cast<double>(s.delayed.days[i]);
  }
  if (m.kind == MetricKind::kRatio) {
    for (size_t i = 0; i < s.bed_days.month.size(); ++i) {
      int32_t day = first_day_of_month(s.bed_days.month[i]);
      if (day < from || day > to) continue;
      Event e;
      e.day = day;
      e.provider = s.bed_days.provider[i];
      t.den[b.cell_of(e)] += static_cast<double>(s.bed_days.days[i]);
    }
  }
}

}  // namespace

void tally_events(const Snapshot& s, const MetricDef& m, const Breakdown& b, Tally& t) {
  const AgeFilter age_ok{m.filter.min_age, m.filter.max_age};
  const int32_t from = b.period().first().days(), to = b.period().last().days();
  switch (m.source) {
    case MetricSource::kSpells:
      return scan_spells(s, m, b, age_ok, from, to, t);
    case MetricSource::kAeAttendances:
      return scan_ae(s, m, b, age_ok, from, to, t);
    case MetricSource::kCareHomeAdmissions:
      return scan_care_homes(s, m, b, age_ok, from, to, t);
    case MetricSource::kReablement:
      return scan_reablement(s, m, b, age_ok, from, to, t);
    case MetricSource::kDelayedDays:
      return scan_delayed_days(s, m, b, age_ok, from, to, t);
    case MetricSource::kRegisters:
      return scan_person_outcomes(s, s.registers, m, b, age_ok, from, to, t);
    case MetricSource::kCarePlanReviews:
      return scan_person_outcomes(s, s.reviews, m, b, age_ok, from, to, t);
    case MetricSource::kSpaReferrals:
      return scan_spa(s, m, b, age_ok, from, to, t);
  }
}

}  // namespace bc::engine
