#include "care/features.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <span>
#include <string_view>

#include "core/age.h"
#include "core/conditions.h"
#include "core/hes_codes.h"
#include "core/parallel.h"

namespace bc {
namespace {

// The slice [from, to) of a sorted day column: the events dated from
// `from` up to the day before `to`.
std::pair<size_t, size_t> slice(std::span<const int32_t> days, Date from, Date to) {
  auto a = std::lower_bound(days.begin(), days.end(), from.days());
  auto b = std::lower_bound(a, days.end(), to.days());
  return {static_cast<size_t>(a - days.begin()), static_cast<size_t>(b - days.begin())};
}

void bump(uint16_t& v, int64_t by = 1) {
  v = static_cast<uint16_t>(std::min<int64_t>(int64_t{v} + by, 65535));
}

// The people of one slice [lo, hi) of the person index (compute_features
// fills each slice on its own thread): an event's person is ours when
// mine(person) is true, which also drops unlinked events (person -1).
struct Slice {
  size_t lo, hi;
  bool mine(int32_t who) const { return static_cast<size_t>(who) - lo < hi - lo; }
};

// Per diagnosis (Snapshot::diagnoses) and per secondary list
// (Snapshot::secondary_lists): the HFRS categories they carry, parsed on
// first use.
class HfrsCodes {
 public:
  explicit HfrsCodes(const Snapshot& s) : s_(s), table_(HfrsTable::builtin()) {
    primary_.reserve(s.diagnoses.size());
    for (const auto& d : s.diagnoses) primary_.push_back(static_cast<int8_t>(table_.find(d)));
    secondary_.assign(s.secondary_lists.size(), {-1, 0});
  }
  int primary(uint16_t d) const { return primary_[d]; }
  // The categories of a secondary list.
  std::span<const uint8_t> secondary(uint32_t list) {
    auto& [start, n] = secondary_[list];
    if (start < 0) {
      start = static_cast<int32_t>(codes_.size());
      std::string_view text = s_.secondary_lists[list];
      while (!text.empty()) {
        size_t semi = text.find(';');
        int c = table_.find(text.substr(0, semi));
        if (c >= 0) codes_.push_back(static_cast<uint8_t>(c));
        text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
      }
      n = static_cast<int32_t>(codes_.size()) - start;
    }
    return {codes_.data() + start, static_cast<size_t>(n)};
  }

 private:
  const Snapshot& s_;
  const HfrsTable& table_;
  std::vector<int8_t> primary_;
  std::vector<std::pair<int32_t, int32_t>> secondary_;  // start in codes_ (-1: not parsed), count
  std::vector<uint8_t> codes_;
};

// Who counts, and their age, on the date.
void fill_population(const Snapshot& s, Date at, Slice mine, Features& f) {
  const auto& p = s.persons;
  const int32_t d = at.days();
  for (size_t i = mine.lo; i < mine.hi; ++i) {
    const bool alive = p.died[i] == kNoDate || p.died[i] > d;
    f.female[i] = p.sex[i] == 'F';
    f.in_population[i] = p.born[i] != kNoDate && p.born[i] <= d && p.registered[i] <= d && alive;
    if (p.born[i] != kNoDate && p.born[i] <= d)
      f.age[i] = static_cast<uint8_t>(std::min(age_at(Date::from_days(p.born[i]), at), 254));
  }
}

// Conditions recorded on or before the date: distinct eFI deficits and
// other long-term conditions, and which.
void fill_conditions(const Snapshot& s, Date at, Slice mine, Features& f) {
  const auto& c = s.conditions;
  if (c.offset.size() != f.size() + 1) return;
  const auto all = all_conditions();
  // Per condition code: its bit in long_term_condition_mask, or -1.
  std::vector<int> ltc_bit(all.size(), -1);
  const auto ltcs = long_term_condition_codes();
  for (size_t k = 0; k < ltcs.size(); ++k)
    ltc_bit[static_cast<size_t>(ltcs[k] - all.data())] = static_cast<int>(k);
  for (size_t i = mine.lo; i < mine.hi; ++i) {
    uint64_t seen = 0;
    int deficits = 0, count = 0;
    uint16_t mask = 0;
    for (uint32_t k = c.offset[i]; k < c.offset[i + 1]; ++k) {
      if (c.recorded[k] > at.days()) break;  // in order of the date recorded
      const uint64_t bit = uint64_t{1} << c.code[k];
      if (seen & bit) continue;
      seen |= bit;
      if (all[c.code[k]].efi_deficit) {
        ++deficits;
      } else {
        ++count;
        if (ltc_bit[c.code[k]] >= 0)
          mask = static_cast<uint16_t>(mask | (1u << ltc_bit[c.code[k]]));
      }
    }
    f.efi_deficits[i] = static_cast<uint8_t>(deficits);
    f.long_term_conditions[i] = static_cast<uint8_t>(count);
    f.long_term_condition_mask[i] = mask;
  }
}

// Spells: emergency admissions and bed days in the previous 12 months, the
// last emergency admission, and the HFRS of people aged 75 or over.
void fill_spells(const Snapshot& s, Date at, const FrailtyOptions& options,
                 const std::vector<uint8_t>& emergency, Slice mine, Features& f) {
  const auto& sp = s.spells;
  const int32_t day = at.days(), year_ago = add_months(at, -12).days(),
                two_years_ago = add_months(at, -24).days();
  const Date next_day = at.add_days(1);
  // Every spell admitted up to the date: the last emergency admission ever,
  // and the nights inside the previous 12 months of any spell (a spell
  // admitted earlier counts its nights inside the window).
  auto [first, end] = slice(sp.admitted, Date::from_days(INT32_MIN / 2), next_day);
  for (size_t k = first; k < end; ++k) {
    const int32_t who = sp.person[k];
    if (!mine.mine(who)) continue;
    const auto i = static_cast<size_t>(who);
    const int32_t admitted = sp.admitted[k];
    if (emergency[sp.method[k]] != 0) {
      f.last_emergency[i] = admitted;
      if (admitted < day && admitted >= two_years_ago)
        bump(admitted >= year_ago ? f.emergency_admissions[i] : f.emergency_admissions_before[i]);
    }
    const int32_t out = sp.discharged[k] == kNoDate ? day : sp.discharged[k];
    const int32_t a = std::max(admitted, year_ago), b = std::min(out, day);
    if (b > a) bump(f.bed_days[i], b - a);
  }
  // HFRS: the categories of each person aged 75+ in the look-back, once each.
  HfrsCodes codes(s);
  std::vector<uint64_t> found;  // person << 8 | category
  auto [h0, h1] = slice(sp.admitted, hfrs_window_start(at), next_day);
  for (size_t k = h0; k < h1; ++k) {
    const int32_t who = sp.person[k];
    if (!mine.mine(who) || f.age[static_cast<size_t>(who)] < kHfrsMinAge) continue;
    if (options.hfrs_emergency_only && emergency[sp.method[k]] == 0) continue;
    const uint64_t base = static_cast<uint64_t>(who) << 8;
    if (int c = codes.primary(sp.primary[k]); c >= 0)
      found.push_back(base | static_cast<uint64_t>(c));
    for (uint8_t c : codes.secondary(sp.secondary[k])) found.push_back(base | c);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  const auto cats = HfrsTable::builtin().categories();
  for (size_t i = mine.lo; i < mine.hi; ++i) f.hfrs_tenths[i] = f.age[i] >= kHfrsMinAge ? 0 : -1;
  for (uint64_t x : found)
    f.hfrs_tenths[x >> 8] = static_cast<int16_t>(f.hfrs_tenths[x >> 8] + cats[x & 0xff].tenths);
}

// A&E attendances and reablement in the previous 12 months; permanent care
// home admissions before the date.
void fill_social_and_ae(const Snapshot& s, Date at, Slice mine, Features& f) {
  const int32_t year_ago = add_months(at, -12).days();
  auto [a0, a1] = slice(s.ae.arrived, add_months(at, -24), at);
  for (size_t k = a0; k < a1; ++k) {
    if (!mine.mine(s.ae.person[k])) continue;
    const auto i = static_cast<size_t>(s.ae.person[k]);
    bump(s.ae.arrived[k] >= year_ago ? f.ae_attendances[i] : f.ae_attendances_before[i]);
  }
  auto [r0, r1] = slice(s.reablement.discharged, Date::from_days(year_ago), at);
  for (size_t k = r0; k < r1; ++k)
    if (mine.mine(s.reablement.person[k]))
      f.reablement[static_cast<size_t>(s.reablement.person[k])] = 1;
  const auto& ch = s.care_homes;
  auto [c0, c1] = slice(ch.admitted, Date::from_days(INT32_MIN / 2), at);
  for (size_t k = c0; k < c1; ++k)
    if (mine.mine(ch.person[k]) && ch.permanent[k] != 0)
      f.care_home[static_cast<size_t>(ch.person[k])] = 1;
}

}  // namespace

std::span<const ConditionInfo* const> long_term_condition_codes() {
  static const std::vector<const ConditionInfo*> kCodes = [] {
    std::vector<const ConditionInfo*> out;
    for (const auto& c : all_conditions())
      if (!c.efi_deficit) out.push_back(&c);
    return out;
  }();
  return kCodes;
}

int64_t Features::population() const {
  int64_t n = 0;
  for (uint8_t v : in_population) n += v;
  return n;
}

std::vector<uint8_t> emergency_methods(const Snapshot& snap) {
  std::vector<uint8_t> out(256, 0);
  for (size_t m = 0; m < snap.methods.size() && m < out.size(); ++m) {
    out[m] = admission_method_group(snap.methods[m]) == AdmissionMethodGroup::kEmergency;
  }
  return out;
}

Features compute_features(const Snapshot& snap, Date at, const FrailtyOptions& options) {
  Features f;
  f.at = at;
  const size_t n = snap.persons.nhs.size();
  f.in_population.assign(n, 0);
  f.age.assign(n, 0);
  f.female.assign(n, 0);
  f.emergency_admissions.assign(n, 0);
  f.ae_attendances.assign(n, 0);
  f.bed_days.assign(n, 0);
  f.reablement.assign(n, 0);
  f.care_home.assign(n, 0);
  f.emergency_admissions_before.assign(n, 0);
  f.ae_attendances_before.assign(n, 0);
  f.long_term_conditions.assign(n, 0);
  f.long_term_condition_mask.assign(n, 0);
  f.efi_deficits.assign(n, 0);
  f.hfrs_tenths.assign(n, -1);
  f.last_emergency.assign(n, kNoDate);
  // Each slice of people on its own core: every fill writes only the
  // slots of its own slice's people (each event loop skips the others').
  const auto emergency = emergency_methods(snap);
  for_ranges(n, [&](size_t lo, size_t hi) {
    const Slice mine{lo, hi};
    fill_population(snap, at, mine, f);
    fill_conditions(snap, at, mine, f);
    fill_spells(snap, at, options, emergency, mine, f);
    fill_social_and_ae(snap, at, mine, f);
  });
  return f;
}

std::vector<uint8_t> emergency_outcome(const Snapshot& snap, Date at) {
  std::vector<uint8_t> out(snap.persons.nhs.size(), 0);
  const auto emergency = emergency_methods(snap);
  const auto& sp = snap.spells;
  auto [a, b] = slice(sp.admitted, at, add_months(at, 12));
  for (size_t k = a; k < b; ++k)
    if (sp.person[k] >= 0 && emergency[sp.method[k]] != 0)
      out[static_cast<size_t>(sp.person[k])] = 1;
  return out;
}

std::vector<std::string> months_not_loaded(const Snapshot& snap, Date at, int previous, int next) {
  std::vector<std::string> out;
  const Date from = add_months(at, -previous), to = add_months(at, next);  // [from, to)
  if (!(from < to)) return out;
  const YearMonth last = YearMonth::of(to.add_days(-1));
  for (YearMonth m = YearMonth::of(from); !(last < m); m = m.add_months(1)) {
    if (!snap.loaded(DataSource::kSpells, m)) out.push_back(m.iso());
  }
  return out;
}

Status check_outcome_loaded(const Snapshot& snap, Date at) {
  auto missing = months_not_loaded(snap, at, 0, 12);
  if (missing.empty()) return Status();
  return Status::invalid_argument(fmt::format(
      "the 12 months from {} are the outcome, and spells for {} are not loaded: choose an index "
      "date at least a year before the last month of spells",
      at.iso(), fmt::join(missing, ", ")));
}

}  // namespace bc
