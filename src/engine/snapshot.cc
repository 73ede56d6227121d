#include "engine/snapshot.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <numeric>
#include <set>
#include <span>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/age.h"
#include "core/care_home_codes.h"
#include "core/conditions.h"
#include "core/date.h"
#include "core/dtoc_codes.h"
#include "engine/care_plan_state.h"
#include "engine/diagnosis_groups.h"
#include "engine/disclosure.h"
#include "engine/snapshot_columns.h"
#include "engine/snapshot_threads.h"
#include "ingest/import_history.h"
#include "ingest/records.h"
#include "ingest/register_months.h"
#include "store/db.h"

namespace bc {
namespace {

int32_t day_of(const std::string& iso) {
  if (iso.empty()) return kNoDate;
  auto d = Date::parse(iso.substr(0, 10));
  return d.ok() ? d->days() : kNoDate;
}

uint8_t age_of(int32_t born, int32_t on) {
  if (born == kNoDate || on == kNoDate) return kUnknownAge;
  int a = age_at(Date::from_days(born), Date::from_days(on));
  return static_cast<uint8_t>(std::clamp(a, 0, 254));
}

// Interns strings into a dictionary, returning their index.
class Dictionary {
 public:
  explicit Dictionary(std::vector<std::string>* values) : values_(values) {
    for (size_t i = 0; i < values->size(); ++i) index_[(*values)[i]] = static_cast<int>(i);
  }
  int get(const std::string& s) {
    // Looked up first: emplace would make (and free) a node each time.
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    const int i = static_cast<int>(values_->size());
    index_.emplace(s, i);
    values_->push_back(s);
    return i;
  }

 private:
  std::vector<std::string>* values_;
  std::unordered_map<std::string, int> index_;
};

// Reorders every column of an event table by the permutation `order`
// (empty: already in order, nothing to do).
template <typename T>
void permute(Column<T>& v, const std::vector<uint32_t>& order) {
  if (order.empty()) return;
  std::vector<T> out;
  out.reserve(v.size());
  for (uint32_t i : order) out.push_back(v[i]);
  v = std::move(out);
}

// The permutation that sorts events by day (stable, so ties keep store
// order); empty when they are in order already. Events span a few years of
// days, so it is a counting sort: one pass to count each day, one to place
// (a comparison sort of 17 million A&E attendances was 7% of a 10 million
// person build). kNoDate sorts first, as it compares.
std::vector<uint32_t> by_day(std::span<const int32_t> day) {
  if (std::is_sorted(day.begin(), day.end())) return {};
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (int32_t d : day) {
    if (d == kNoDate) continue;
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  std::vector<uint32_t> order(day.size());
  if (lo > hi || int64_t{hi} - lo > (int64_t{1} << 24)) {  // no dates, or centuries apart
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return day[a] < day[b]; });
    return order;
  }
  // Slot 0 is kNoDate; slot 1 + (d - lo) each day, counted and then made
  // each slot's first place.
  auto slot = [lo](int32_t d) { return d == kNoDate ? size_t{0} : size_t(1 + (d - lo)); };
  std::vector<uint32_t> start(static_cast<size_t>(hi - lo) + 2, 0);
  for (int32_t d : day) ++start[slot(d)];
  uint32_t at = 0;
  for (uint32_t& s : start) at += std::exchange(s, at);
  for (uint32_t i = 0; i < day.size(); ++i) order[start[slot(day[i])]++] = i;
  return order;
}

// A reader's failure, as the snapshot reports it.
Status read_failed(const Status& s) {
  if (s.ok()) return s;
  return Status::store_error(fmt::format("reading the store for the snapshot: {}", s.message()));
}

using MonthSets = std::array<std::set<int32_t>, kDataSources>;

// Adds the months of `days` (sorted) to the source's months.
void add_months(MonthSets& months, DataSource src, std::span<const int32_t> days) {
  auto& set = months[static_cast<size_t>(src)];
  int32_t month_end = INT32_MIN;  // days are sorted: one lookup per month
  for (int32_t d : days) {
    if (d == kNoDate || d <= month_end) continue;
    YearMonth m = YearMonth::of(Date::from_days(d));
    set.insert(m.index());
    month_end = m.last_day().days();
  }
}

// The months each data source has rows in (`months`, the events' months,
// gathered as each kind was read), and the months imports declared they
// cover (import --covers), sorted and distinct. Care plans: the months
// from plans_from to plans_to (kNoDate: none).
Status mark_loaded_months(Store& store, Snapshot& s, MonthSets months, int32_t plans_from,
                          int32_t plans_to) {
  // Care plans are a register of their own, not monthly events: every
  // month from the first plan record (or saved register, if earlier) to the
  // latest plan record is known.
  if (plans_from != kNoDate) {
    for (YearMonth m = YearMonth::of(Date::from_days(plans_from));
         !(YearMonth::of(Date::from_days(plans_to)) < m); m = m.add_months(1))
      months[static_cast<size_t>(DataSource::kCarePlans)].insert(m.index());
  }
  for (int32_t m : s.delayed.month) months[static_cast<size_t>(DataSource::kDelayedDays)].insert(m);
  for (int32_t m : s.bed_days.month) months[static_cast<size_t>(DataSource::kBedDays)].insert(m);
  Status st = for_each_covered_range(store, [&](const CoveredMonths& c) {
    auto first = YearMonth::parse(c.first_month), last = YearMonth::parse(c.last_month);
    if (!first.ok() || !last.ok()) return;
    for (size_t k = 0; k < kDataSources; ++k) {
      if (data_source_name(static_cast<DataSource>(k)) != c.kind) continue;
      for (YearMonth m = *first; !(*last < m); m = m.add_months(1)) months[k].insert(m.index());
    }
  });
  if (!st.ok()) return read_failed(st);
  for (size_t k = 0; k < kDataSources; ++k)
    s.loaded_months[k].assign(months[k].begin(), months[k].end());
  return Status();
}

// One snapshot being built: the dictionaries being filled, the persons
// read so far, and the cell key that makes each event's record key. Each
// read_ step fills its part of the snapshot from the store, through
// ingest's readers (ingest/records.h), and leaves that part's events in
// date order; they run in the order build_snapshot calls them, as each
// relies on the dictionaries and persons the earlier ones filled.
class SnapshotBuilder {
 public:
  // Reads `store`; each record key is made with `cell_key`.
  SnapshotBuilder(Store& store, const std::string& cell_key, Snapshot& s,
                  const SnapshotSpill& spill)
      : store_(store),
        s_(s),
        spill_(spill),
        cell_key_(cell_key),
        clusters_(&s.cluster_codes),
        providers_(&s.provider_codes),
        methods_(&s.methods),
        diagnoses_(&s.diagnoses),
        secondary_lists_(&s.secondary_lists) {
    secondary_lists_.get("");
  }

  // The practices (by code, with their clusters) and the providers (by
  // code, with their names). Every provider an event names is in providers
  // (a foreign key), so the dictionary holds them all before any event.
  Status read_reference() {
    Status st = for_each_practice(store_, [&](const PracticeRecord& r) {
      practice_index_[r.code] = static_cast<int16_t>(s_.practice_codes.size());
      s_.practice_codes.push_back(r.code);
      s_.practice_names.push_back(r.name);
      int c = clusters_.get(r.cluster_code);
      if (static_cast<size_t>(c) == s_.cluster_names.size())
        s_.cluster_names.push_back(r.cluster_name);
      s_.practice_cluster.push_back(static_cast<int16_t>(c));
    });
    if (!st.ok()) return read_failed(st);
    return read_failed(for_each_provider(store_, [&](const ProviderRecord& r) {
      providers_.get(r.code);
      s_.provider_names.push_back(r.name);
    }));
  }

  // The persons register, by NHS number; a person with no registration
  // date counts as registered from birth.
  Status read_persons() {
    auto& p = s_.persons;
    Status st = read_failed(for_each_person(store_, [&](const PersonRecordRow& r) {
      p.nhs.push_back(r.nhs_number);
      p.born.push_back(day_of(r.date_of_birth));
      int32_t reg = day_of(r.registered_date.value_or(""));
      p.registered.push_back(reg == kNoDate ? p.born.back() : reg);
      p.died.push_back(day_of(r.date_of_death.value_or("")));
      // A person with no practice (practice_code NULL, from FHIR) is
      // registered nowhere: city-wide only, in no practice or cluster.
      auto practice = practice_index_.find(r.practice_code);
      p.practice.push_back(practice == practice_index_.end() ? int16_t{-1} : practice->second);
      p.sex.push_back(r.sex.empty() ? 'U' : r.sex[0]);
      p.rkey.push_back(rkey('P', {std::to_string(r.nhs_number)}));
    }));
    if (!st.ok()) return st;
    // The events need each person's NHS number, birth and practice; the
    // rest can go.
    return done({"persons.registered", "persons.died", "persons.sex", "persons.rkey"});
  }

  // The conditions of the people in the register, grouped by person and
  // in order of the date recorded (a code not in the list, which the
  // importer refuses, is skipped).
  Status read_conditions() {
    const size_t n = s_.persons.nhs.size();
    std::vector<std::pair<int32_t, std::pair<int32_t, uint8_t>>> rows;  // person, (day, code)
    Status st = for_each_condition(store_, std::nullopt, [&](const ConditionRecord& r) {
      const int32_t idx = s_.find_person(r.nhs_number);
      const ConditionInfo* info = find_condition(r.condition);
      if (idx < 0 || info == nullptr) return;
      const auto code = static_cast<uint8_t>(info - all_conditions().data());
      rows.push_back({idx, {day_of(r.recorded_date), code}});
    });
    if (!st.ok()) return read_failed(st);
    std::sort(rows.begin(), rows.end());
    auto& c = s_.conditions;
    c.offset.assign(n + 1, 0);
    c.code.reserve(rows.size());
    c.recorded.reserve(rows.size());
    for (const auto& [person, what] : rows) {
      ++c.offset[static_cast<size_t>(person) + 1];
      c.recorded.push_back(what.first);
      c.code.push_back(what.second);
    }
    for (size_t i = 0; i < n; ++i) c.offset[i + 1] += c.offset[i];
    return done({"conditions."});
  }

  // The spells, in admission order, with each primary diagnosis's group.
  Status read_spells() {
    auto& sp = s_.spells;
    Status st = for_each_spell(store_, std::nullopt, [&](const SpellRecord& r) {
      add_person_event(sp, sp.admitted, r.nhs_number, day_of(r.admission_date));
      sp.discharged.push_back(day_of(r.discharge_date.value_or("")));
      sp.method.push_back(static_cast<uint8_t>(methods_.get(r.admission_method)));
      sp.provider.push_back(static_cast<uint8_t>(providers_.get(r.provider_code)));
      sp.primary.push_back(static_cast<uint16_t>(diagnoses_.get(r.primary_diagnosis)));
      sp.secondary.push_back(
          static_cast<uint32_t>(secondary_lists_.get(r.secondary_diagnoses.value_or(""))));
      sp.cost_pence.push_back(r.cost_pence.value_or(0));
      sp.rkey.push_back(rkey('S', {r.admission_date, std::to_string(r.nhs_number),
                                   r.admission_method, r.provider_code}));
    });
    if (!st.ok()) return read_failed(st);
    const DiagnosisGroups& groups = DiagnosisGroups::builtin();
    for (const auto& d : s_.diagnoses)
      s_.diagnosis_group.push_back(static_cast<uint16_t>(groups.group_of(d)));
    auto order = by_day(sp.admitted);
    permute(sp.admitted, order), permute(sp.discharged, order), permute(sp.person, order);
    permute(sp.practice, order);
    permute(sp.age, order), permute(sp.method, order), permute(sp.provider, order);
    permute(sp.primary, order), permute(sp.secondary, order), permute(sp.cost_pence, order);
    permute(sp.rkey, order);
    add_months(months_, DataSource::kSpells, sp.admitted);
    return done({"spells."});
  }

  // The A&E attendances, in order of arrival.
  Status read_ae() {
    auto& ae = s_.ae;
    Status st = for_each_ae_attendance(store_, std::nullopt, [&](const AeRecord& r) {
      add_person_event(ae, ae.arrived, r.nhs_number, day_of(r.arrival));
      const std::string& t = r.department_type;
      ae.department.push_back(static_cast<uint8_t>(t.size() == 2 ? t[1] - '0' : 0));
      ae.provider.push_back(static_cast<uint8_t>(providers_.get(r.provider_code)));
      ae.rkey.push_back(rkey('A', {r.arrival, std::to_string(r.nhs_number), t, r.provider_code}));
    });
    if (!st.ok()) return read_failed(st);
    auto order = by_day(ae.arrived);
    permute(ae.arrived, order), permute(ae.person, order), permute(ae.age, order);
    permute(ae.practice, order);
    permute(ae.department, order), permute(ae.provider, order), permute(ae.rkey, order);
    add_months(months_, DataSource::kAeAttendances, ae.arrived);
    return done({"ae."});
  }

  // The care home admissions and the reablement episodes, each in date
  // order.
  Status read_care_homes_and_reablement() {
    auto& c = s_.care_homes;
    Status st = for_each_care_home_admission(store_, std::nullopt, [&](const CareHomeRecord& r) {
      add_person_event(c, c.admitted, r.nhs_number, day_of(r.admission_date));
      c.permanent.push_back(r.permanent ? 1 : 0);
      c.nursing.push_back(r.setting == kCareHomeSettings[1] ? 1 : 0);
      // Its position in kCareHomeFunders; the importer allows no other.
      const size_t funder = code_position(kCareHomeFunders, r.funder);
      c.funder.push_back(static_cast<uint8_t>(std::min<size_t>(funder, 3)));
      c.rkey.push_back(rkey('C', {r.admission_date, std::to_string(r.nhs_number)}));
    });
    if (!st.ok()) return read_failed(st);
    auto& re = s_.reablement;
    st = for_each_reablement(store_, std::nullopt, [&](const ReablementRecord& r) {
      add_person_event(re, re.discharged, r.nhs_number, day_of(r.discharge_date));
      const std::string& o = r.outcome_91_days;
      re.outcome.push_back(o == "at_home" ? 0 : o == "not_at_home" ? 1 : o == "died" ? 2 : 3);
      re.rkey.push_back(rkey('R', {r.discharge_date, std::to_string(r.nhs_number)}));
    });
    if (!st.ok()) return read_failed(st);
    auto order = by_day(c.admitted);
    permute(c.practice, order);
    permute(c.admitted, order), permute(c.person, order), permute(c.age, order),
        permute(c.permanent, order), permute(c.nursing, order), permute(c.funder, order);
    permute(c.rkey, order);
    auto order2 = by_day(re.discharged);
    permute(re.practice, order2);
    permute(re.discharged, order2), permute(re.person, order2), permute(re.age, order2),
        permute(re.outcome, order2), permute(re.rkey, order2);
    add_months(months_, DataSource::kCareHomeAdmissions, c.admitted);
    add_months(months_, DataSource::kReablement, re.discharged);
    return done({"care_homes.", "reablement."});
  }

  // The cluster teams' measures: the saved registers with each member's
  // cover, the reviews care plans fell due for, and the referrals to the
  // single point of access; each in date order.
  Status read_cluster_care() {
    // The plans are read twice, a plan at a time (an area's plans and
    // reviews, whole, were most of the memory of a saved snapshot at 10
    // million people): first for the days they are known from and to,
    // then for the reviews they fell due for and the days each was in
    // force, kept as spans by person.
    std::string latest;
    Status st = for_each_plan_with_reviews(store_, [&](const CarePlan& p) {
      for (const CarePlanRecord& v : p.versions) {
        const int32_t d = v.agreed_date ? day_of(*v.agreed_date) : kNoDate;
        if (d != kNoDate && (plans_from_ == kNoDate || d < plans_from_)) plans_from_ = d;
      }
      latest = std::max(latest, latest_known_day(p));
    });
    if (!st.ok()) return read_failed(st);
    std::optional<Date> known_to;
    if (auto d = Date::parse(latest); !latest.empty() && d.ok()) known_to = *d;
    if (known_to) plans_to_ = known_to->days();

    struct Cover {
      int64_t nhs;
      int32_t from, to;  // in force on [from, to)
      bool operator<(const Cover& o) const { return nhs < o.nhs; }
    };
    std::vector<Cover> cover;
    auto& v = s_.reviews;
    st = for_each_plan_with_reviews(store_, [&](const CarePlan& p) {
      for (const auto& [from, to] : in_force_spans(p)) cover.push_back({p.nhs_number, from, to});
      if (!known_to) return;
      for (const ReviewDue& d : review_dues(p, *known_to)) {
        add_person_event(v, v.day, p.nhs_number, d.due.days());
        v.outcome.push_back(d.timeliness == ReviewTimeliness::kOnTime ? 0
                            : d.timeliness == ReviewTimeliness::kLate ? 1
                                                                      : 3);
        v.rkey.push_back(rkey('V', {p.plan_id, d.due.iso()}));
      }
    });
    if (!st.ok()) return read_failed(st);
    std::stable_sort(cover.begin(), cover.end());

    auto& g = s_.registers;
    st = for_each_register_member(store_, [&](const RegisterMonthRecord& r) {
      auto month = YearMonth::parse(r.month);
      if (!month.ok()) return;
      const int32_t end = month->last_day().days();
      add_person_event(g, g.day, r.nhs_number, end);
      auto [lo, hi] = std::equal_range(cover.begin(), cover.end(), Cover{r.nhs_number, 0, 0});
      const bool covered =
          std::any_of(lo, hi, [end](const Cover& c) { return c.from <= end && end < c.to; });
      g.outcome.push_back(covered ? 0 : 1);
      g.rkey.push_back(rkey('G', {r.month, std::to_string(r.nhs_number)}));
    });
    if (!st.ok()) return read_failed(st);
    // The plans are a register, imported whole: before the first plan there
    // were none, so they are known from the first saved register too.
    if (!g.day.empty() && known_to && (plans_from_ == kNoDate || g.day.front() < plans_from_))
      plans_from_ = YearMonth::of(Date::from_days(g.day.front())).first_day().days();

    auto& r = s_.spa;
    auto second_of = [](const std::optional<std::string>& iso) -> std::optional<int64_t> {
      if (!iso) return std::nullopt;
      auto t = DateTime::parse(*iso);
      if (!t.ok()) return std::nullopt;
      return int64_t{t->date().days()} * 86400 + t->hour() * 3600 + t->minute() * 60 + t->second();
    };
    st = for_each_spa_referral(store_, std::nullopt, [&](const SpaReferralRecord& x) {
      const std::optional<int64_t> at = second_of(x.received);
      if (!at) return;  // never, for what the importer wrote
      add_person_event(r, r.received, x.nhs_number, static_cast<int32_t>(*at / 86400));
      r.received_at.push_back(*at);
      r.urgency.push_back(x.urgency == "urgent" ? 0 : 1);
      const std::optional<int64_t> triaged = second_of(x.triaged);
      r.triage_seconds.push_back(
          triaged ? static_cast<int32_t>(std::clamp<int64_t>(*triaged - *at, 0, INT32_MAX)) : -1);
      for (const auto& t : {std::optional<int64_t>(at), triaged, second_of(x.first_contact)}) {
        if (t) r.known_to = std::max(r.known_to, *t);
      }
      r.rkey.push_back(rkey('S', {x.referral_id}));
    });
    if (!st.ok()) return read_failed(st);
    // Registers are read by month and referrals by time received, so both
    // are in date order already; reviews are by plan.
    auto order = by_day(v.day);
    permute(v.day, order), permute(v.person, order), permute(v.practice, order);
    permute(v.age, order), permute(v.outcome, order), permute(v.rkey, order);
    add_months(months_, DataSource::kRegisters, g.day);
    add_months(months_, DataSource::kSpaReferrals, r.received);
    return done({"registers.", "reviews.", "spa."});
  }

  int32_t plans_from() const { return plans_from_; }
  int32_t plans_to() const { return plans_to_; }
  const MonthSets& months() const { return months_; }

  // Takes in what another builder, that read other parts of the same
  // snapshot, found: the events' months and the care plans' months.
  void merge(const SnapshotBuilder& other) {
    for (size_t k = 0; k < kDataSources; ++k)
      months_[k].insert(other.months_[k].begin(), other.months_[k].end());
    if (other.plans_from_ != kNoDate) plans_from_ = other.plans_from_, plans_to_ = other.plans_to_;
  }

  // The monthly returns (delayed and occupied bed days), the plans and the
  // ONS population estimates, in the order stored.
  Status read_monthly() {
    // The position in its code list (core/dtoc_codes.h); one past the end
    // for a code not in it.
    auto pos = [](std::span<const std::string_view> v, const std::string& x) {
      return static_cast<uint8_t>(std::find(v.begin(), v.end(), x) - v.begin());
    };
    Status st = for_each_delayed_days(store_, [&](const DelayedDaysRecord& r) {
      s_.delayed.month.push_back(month_index(r.month));
      s_.delayed.provider.push_back(static_cast<uint8_t>(providers_.get(r.provider_code)));
      s_.delayed.org.push_back(pos(kDtocAgencies, r.responsible_org));
      s_.delayed.reason.push_back(pos(kDtocReasons, r.reason));
      s_.delayed.days.push_back(r.delayed_days);
    });
    if (!st.ok()) return read_failed(st);
    st = for_each_bed_days(store_, [&](const BedDaysRecord& r) {
      s_.bed_days.month.push_back(month_index(r.month));
      s_.bed_days.provider.push_back(static_cast<uint8_t>(providers_.get(r.provider_code)));
      s_.bed_days.org.push_back(0);
      s_.bed_days.reason.push_back(0);
      s_.bed_days.days.push_back(r.occupied_bed_days);
    });
    if (!st.ok()) return read_failed(st);
    st = for_each_plan(
        store_, [&](const PlanRecord& r) { s_.plans[r.metric][month_index(r.month)] = r.value; });
    if (!st.ok()) return read_failed(st);
    return read_failed(for_each_population(store_, [&](const PopulationRecord& r) {
      auto& year = s_.ons[static_cast<int>(r.year)];
      const auto age = static_cast<size_t>(std::clamp<int64_t>(r.age, 0, kOnsMaxAge));
      year[r.sex == "F" ? 1 : 0][age] = r.population;
    }));
  }

 private:
  static int32_t month_index(const std::string& ym) {
    auto m = YearMonth::parse(ym);
    return m.ok() ? m->index() : 0;
  }

  // Appends an event's day to `days`, and beside it its person (their
  // index, -1 when not in the register), their age on the day and their
  // practice (-1 when unlinked).
  template <typename Events>
  void add_person_event(Events& e, Column<int32_t>& days, int64_t nhs, int32_t day) const {
    const int32_t idx = s_.find_person(nhs);
    days.push_back(day);
    e.age.push_back(idx < 0 ? kUnknownAge : age_of(s_.persons.born[static_cast<size_t>(idx)], day));
    e.person.push_back(idx);
    e.practice.push_back(idx < 0 ? int16_t{-1} : s_.persons.practice[static_cast<size_t>(idx)]);
  }

  // A part of the snapshot is finished: its columns (by name prefix) go to
  // the spill, if there is one.
  Status done(std::initializer_list<std::string_view> prefixes) {
    if (!spill_) return Status();
    for (std::string_view p : prefixes) {
      if (Status st = spill_(s_, p); !st.ok()) return st;
    }
    return Status();
  }

  // A record's key is made from what identifies it and does not change
  // when the record is brought up to date (a discharge date, an outcome at
  // 91 days): its kind, the person, the date and the like, as stored.
  uint16_t rkey(char kind, std::initializer_list<std::string_view> fields) {
    record_.assign(1, kind);
    for (std::string_view f : fields) {
      record_ += f;
      record_ += '\x1f';
    }
    return record_key(cell_key_, record_);
  }

  Store& store_;
  Snapshot& s_;
  const SnapshotSpill& spill_;
  const std::string& cell_key_;
  Dictionary clusters_, providers_, methods_, diagnoses_, secondary_lists_;
  std::unordered_map<std::string, int16_t> practice_index_;
  std::string record_;
  int32_t plans_from_ = kNoDate, plans_to_ = kNoDate;  // the care plans' months
  MonthSets months_;                                   // the events' months
};

}  // namespace

namespace {

// Runs `steps` of `b` in order, stopping at the first that fails.
Status run_steps(SnapshotBuilder& b, std::initializer_list<Status (SnapshotBuilder::*)()> steps) {
  for (auto step : steps) {
    if (Status st = (b.*step)(); !st.ok()) return st;
  }
  return Status();
}

// Runs steps of b, turning an exception (out of memory, say) into a
// failure, so that it never leaves the thread or the other thread waiting.
Status run_guarded(SnapshotBuilder& b, std::initializer_list<Status (SnapshotBuilder::*)()> steps,
                   snapshot_internal::SpillTurns& turns) {
  Status st;
  try {
    st = run_steps(b, steps);
  } catch (const std::exception& e) {
    st = Status::internal(fmt::format("building the snapshot: {}", e.what()));
  }
  if (!st.ok()) turns.failed(st);
  return st;
}

}  // namespace

Result<std::unique_ptr<Snapshot>> build_snapshot(Store& store, const SnapshotSpill& spill) {
  // One consistent picture: an import that commits while the steps read
  // is seen by none of them, or (had it committed first) by all.
  ReadTransaction read(store.db());
  auto snap = std::make_unique<Snapshot>();
  snapshot_internal::SpillTurns turns(spill);
  SnapshotSpill in_turn;
  if (spill) in_turn = [&](Snapshot& s, std::string_view prefix) { return turns.spill(s, prefix); };
  const std::string& cell_key = store.keys().cell;
  SnapshotBuilder b(store, cell_key, *snap, in_turn);
  using B = SnapshotBuilder;
  if (Status st = run_steps(b, {&B::read_reference, &B::read_persons}); !st.ok()) return st;
  // The events need only the reference and the persons, read by now. With
  // a second core and a second connection that sees the same picture, the
  // spells and the A&E attendances (the largest parts, and the only ones
  // that fill dictionaries) are read on this thread while the conditions,
  // care homes, reablement and cluster care are read on another. The
  // snapshot, and the file its parts are spilled to, are the same either
  // way (SnapshotFileTest.OneThreadOrTwo).
  if (auto second = snapshot_internal::second_reader(store)) {
    SnapshotBuilder other(*second->store, cell_key, *snap, in_turn);
    turns.take_turns();
    {
      std::jthread worker([&] {
        (void)run_guarded(
            other, {&B::read_conditions, &B::read_care_homes_and_reablement, &B::read_cluster_care},
            turns);
      });
      (void)run_guarded(b, {&B::read_spells, &B::read_ae}, turns);
    }
    if (Status st = turns.failure(); !st.ok()) return st;
    b.merge(other);
  } else {
    Status st =
        run_steps(b, {&B::read_conditions, &B::read_spells, &B::read_care_homes_and_reablement,
                      &B::read_cluster_care, &B::read_ae});
    if (!st.ok()) return st;
  }
  if (Status st = b.read_monthly(); !st.ok()) return st;
  if (Status st = mark_loaded_months(store, *snap, b.months(), b.plans_from(), b.plans_to());
      !st.ok())
    return st;
  return snap;
}

}  // namespace bc
