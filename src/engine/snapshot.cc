#include "engine/snapshot.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <numeric>
#include <set>
#include <span>
#include <unordered_map>

#include "core/age.h"
#include "core/care_home_codes.h"
#include "core/date.h"
#include "core/dtoc_codes.h"
#include "engine/diagnosis_groups.h"
#include "engine/disclosure.h"

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
    auto [it, inserted] = index_.emplace(s, static_cast<int>(values_->size()));
    if (inserted) values_->push_back(s);
    return it->second;
  }

 private:
  std::vector<std::string>* values_;
  std::unordered_map<std::string, int> index_;
};

// Reorders every column of an event table by the permutation `order`.
template <typename T>
void permute(std::vector<T>& v, const std::vector<uint32_t>& order) {
  std::vector<T> out;
  out.reserve(v.size());
  for (uint32_t i : order) out.push_back(std::move(v[i]));
  v = std::move(out);
}

// The permutation that sorts events by day (stable, so ties keep store order).
std::vector<uint32_t> by_day(const std::vector<int32_t>& day) {
  std::vector<uint32_t> order(day.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return day[a] < day[b]; });
  return order;
}

template <typename F>
Status scan(Db& db, const char* sql, F&& row) {
  auto st = db.prepare(sql);
  if (!st.ok()) return st.status();
  Status s;
  while (st->step(&s)) row(*st);
  if (!s.ok())
    return Status::store_error(fmt::format("reading the store for the snapshot: {}", s.message()));
  return Status();
}

// The months each data source has rows in, and the months imports declared
// they cover (import --covers), sorted and distinct.
Status mark_loaded_months(Db& db, Snapshot& s) {
  std::array<std::set<int32_t>, kDataSources> months;
  auto add_days = [&](DataSource src, const std::vector<int32_t>& days) {
    auto& set = months[static_cast<size_t>(src)];
    int32_t month_end = INT32_MIN;  // days are sorted: one lookup per month
    for (int32_t d : days) {
      if (d == kNoDate || d <= month_end) continue;
      YearMonth m = YearMonth::of(Date::from_days(d));
      set.insert(m.index());
      month_end = m.last_day().days();
    }
  };
  add_days(DataSource::kSpells, s.spells.admitted);
  add_days(DataSource::kAeAttendances, s.ae.arrived);
  add_days(DataSource::kCareHomeAdmissions, s.care_homes.admitted);
  add_days(DataSource::kReablement, s.reablement.discharged);
  for (int32_t m : s.delayed.month) months[static_cast<size_t>(DataSource::kDelayedDays)].insert(m);
  for (int32_t m : s.bed_days.month) months[static_cast<size_t>(DataSource::kBedDays)].insert(m);
  Status st = scan(db, "SELECT kind, first_month, last_month FROM import_coverage", [&](Stmt& r) {
    const std::string kind = r.text(0);
    auto first = YearMonth::parse(r.text(1)), last = YearMonth::parse(r.text(2));
    if (!first.ok() || !last.ok()) return;
    for (size_t k = 0; k < kDataSources; ++k) {
      if (data_source_name(static_cast<DataSource>(k)) != kind) continue;
      for (YearMonth m = *first; !(*last < m); m = m.add_months(1)) months[k].insert(m.index());
    }
  });
  if (!st.ok()) return st;
  for (size_t k = 0; k < kDataSources; ++k)
    s.loaded_months[k].assign(months[k].begin(), months[k].end());
  return Status();
}

}  // namespace

std::string_view data_source_name(DataSource source) {
  switch (source) {
    case DataSource::kSpells:
      return "spells";
    case DataSource::kAeAttendances:
      return "ae_attendances";
    case DataSource::kDelayedDays:
      return "delayed_days";
    case DataSource::kBedDays:
      return "bed_days";
    case DataSource::kCareHomeAdmissions:
      return "care_home_admissions";
    case DataSource::kReablement:
      return "reablement";
  }
  return "";
}

bool Snapshot::loaded(DataSource source, YearMonth month) const {
  const auto& v = loaded_months[static_cast<size_t>(source)];
  return std::binary_search(v.begin(), v.end(), month.index());
}

size_t Snapshot::total_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  auto strings = [](const std::vector<std::string>& v) {
    size_t b = v.capacity() * sizeof(std::string);
    for (const auto& x : v) b += x.capacity() > 15 ? x.capacity() : 0;
    return b;
  };
  size_t b = event_bytes();
  b += bytes(persons.nhs) + bytes(persons.born) + bytes(persons.registered) + bytes(persons.died) +
       bytes(persons.practice) + bytes(persons.sex);
  b += bytes(delayed.month) + bytes(delayed.provider) + bytes(delayed.org) + bytes(delayed.reason) +
       bytes(delayed.days);
  b += bytes(bed_days.month) + bytes(bed_days.provider) + bytes(bed_days.org) +
       bytes(bed_days.reason) + bytes(bed_days.days);
  b += strings(practice_codes) + strings(practice_names) + strings(cluster_codes) +
       strings(cluster_names) + strings(provider_codes) + strings(provider_names) +
       strings(methods) + strings(diagnoses) + strings(secondary_lists) + bytes(diagnosis_group) +
       bytes(practice_cluster);
  return b;
}

int32_t Snapshot::find_person(int64_t nhs) const {
  auto it = std::lower_bound(persons.nhs.begin(), persons.nhs.end(), nhs);
  if (it == persons.nhs.end() || *it != nhs) return -1;
  return static_cast<int32_t>(it - persons.nhs.begin());
}

int64_t Snapshot::events() const {
  return static_cast<int64_t>(spells.admitted.size() + ae.arrived.size() +
                              care_homes.admitted.size() + reablement.discharged.size() +
                              delayed.month.size());
}

size_t Snapshot::event_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  size_t b = bytes(spells.admitted) + bytes(spells.discharged) + bytes(spells.person) +
             bytes(spells.age) + bytes(spells.method) + bytes(spells.provider) +
             bytes(spells.primary) + bytes(spells.secondary) + bytes(spells.cost_pence) +
             bytes(spells.practice) + bytes(ae.practice) + bytes(care_homes.practice) +
             bytes(reablement.practice) + bytes(spells.rkey) + bytes(ae.rkey) +
             bytes(care_homes.rkey) + bytes(reablement.rkey);
  b += bytes(ae.arrived) + bytes(ae.person) + bytes(ae.age) + bytes(ae.department) +
       bytes(ae.provider);
  b += bytes(care_homes.admitted) + bytes(care_homes.person) + bytes(care_homes.age) +
       bytes(care_homes.permanent) + bytes(care_homes.nursing) + bytes(care_homes.funder);
  b += bytes(reablement.discharged) + bytes(reablement.person) + bytes(reablement.age) +
       bytes(reablement.outcome);
  return b;
}

Result<std::unique_ptr<Snapshot>> build_snapshot(Store& store) {
  const std::string& cell_key = store.keys().cell;
  auto snap = std::make_unique<Snapshot>();
  // A record's key is made from what identifies it and does not change
  // when the record is brought up to date (a discharge date, an outcome at
  // 91 days): its kind, the person, the date and the like, as stored.
  std::string record;
  auto rkey = [&](char kind, Stmt& r, std::initializer_list<int> columns) {
    record.assign(1, kind);
    for (int c : columns) {
      record += r.text(c);
      record += '\x1f';
    }
    return record_key(cell_key, record);
  };
  Snapshot& s = *snap;
  Db& db = store.db();
  Dictionary clusters(&s.cluster_codes), providers(&s.provider_codes), methods(&s.methods),
      diagnoses(&s.diagnoses), secondary_lists(&s.secondary_lists);
  secondary_lists.get("");
  std::unordered_map<std::string, int16_t> practice_index;

  Status st = scan(db,
                   "SELECT practice_code, practice_name, cluster_code, cluster_name FROM practices "
                   "ORDER BY practice_code",
                   [&](Stmt& r) {
                     practice_index[r.text(0)] = static_cast<int16_t>(s.practice_codes.size());
                     s.practice_codes.push_back(r.text(0));
                     s.practice_names.push_back(r.text(1));
                     int c = clusters.get(r.text(2));
                     if (static_cast<size_t>(c) == s.cluster_names.size())
                       s.cluster_names.push_back(r.text(3));
                     s.practice_cluster.push_back(static_cast<int16_t>(c));
                   });
  if (!st.ok()) return st;
  // Every provider an event names is in providers (a foreign key), so the
  // dictionary holds them all before any event is read, names alongside.
  st = scan(db, "SELECT provider_code, provider_name FROM providers ORDER BY provider_code",
            [&](Stmt& r) {
              providers.get(r.text(0));
              s.provider_names.push_back(r.text(1));
            });
  if (!st.ok()) return st;

  auto& p = s.persons;
  st = scan(db,
            "SELECT nhs_number, date_of_birth, registered_date, date_of_death, practice_code, sex "
            "FROM persons ORDER BY nhs_number",
            [&](Stmt& r) {
              p.nhs.push_back(r.int64(0));
              p.born.push_back(day_of(r.text(1)));
              int32_t reg = day_of(r.text(2));
              p.registered.push_back(reg == kNoDate ? p.born.back() : reg);
              p.died.push_back(day_of(r.text(3)));
              int16_t practice = practice_index[r.text(4)];
              p.practice.push_back(practice);
              p.sex.push_back(r.text(5).empty() ? 'U' : r.text(5)[0]);
            });
  if (!st.ok()) return st;
  auto person_age = [&](int64_t nhs, int32_t day, int32_t* idx) {
    *idx = s.find_person(nhs);
    return *idx < 0 ? kUnknownAge : age_of(p.born[static_cast<size_t>(*idx)], day);
  };
  auto practice_of = [&](int32_t idx) -> int16_t {
    return idx < 0 ? int16_t{-1} : p.practice[static_cast<size_t>(idx)];
  };

  auto& sp = s.spells;
  st = scan(db,
            "SELECT admission_date, discharge_date, nhs_number, admission_method, provider_code, "
            "primary_diagnosis, secondary_diagnoses, cost_pence FROM spells",
            [&](Stmt& r) {
              int32_t day = day_of(r.text(0)), idx = -1;
              sp.admitted.push_back(day);
              sp.discharged.push_back(day_of(r.text(1)));
              sp.age.push_back(person_age(r.int64(2), day, &idx));
              sp.person.push_back(idx);
              sp.practice.push_back(practice_of(idx));
              sp.method.push_back(static_cast<uint8_t>(methods.get(r.text(3))));
              sp.provider.push_back(static_cast<uint8_t>(providers.get(r.text(4))));
              sp.primary.push_back(static_cast<uint16_t>(diagnoses.get(r.text(5))));
              sp.secondary.push_back(static_cast<uint32_t>(secondary_lists.get(r.text(6))));
              sp.cost_pence.push_back(r.is_null(7) ? 0 : r.int64(7));
              sp.rkey.push_back(rkey('S', r, {0, 2, 3, 4}));
            });
  if (!st.ok()) return st;

  const DiagnosisGroups& groups = DiagnosisGroups::builtin();
  for (const auto& d : s.diagnoses)
    s.diagnosis_group.push_back(static_cast<uint16_t>(groups.group_of(d)));

  // Events are kept in date order, so a period is one contiguous slice.
  {
    auto order = by_day(sp.admitted);
    permute(sp.admitted, order), permute(sp.discharged, order), permute(sp.person, order);
    permute(sp.practice, order);
    permute(sp.age, order), permute(sp.method, order), permute(sp.provider, order);
    permute(sp.primary, order), permute(sp.secondary, order), permute(sp.cost_pence, order);
    permute(sp.rkey, order);
  }

  st = scan(db, "SELECT arrival, nhs_number, department_type, provider_code FROM ae_attendances",
            [&](Stmt& r) {
              int32_t day = day_of(r.text(0)), idx = -1;
              s.ae.arrived.push_back(day);
              s.ae.age.push_back(person_age(r.int64(1), day, &idx));
              s.ae.person.push_back(idx);
              s.ae.practice.push_back(practice_of(idx));
              std::string t = r.text(2);
              s.ae.department.push_back(static_cast<uint8_t>(t.size() == 2 ? t[1] - '0' : 0));
              s.ae.provider.push_back(static_cast<uint8_t>(providers.get(r.text(3))));
              s.ae.rkey.push_back(rkey('A', r, {0, 1, 2, 3}));
            });
  if (!st.ok()) return st;

  {
    auto order = by_day(s.ae.arrived);
    permute(s.ae.arrived, order), permute(s.ae.person, order), permute(s.ae.age, order);
    permute(s.ae.practice, order);
    permute(s.ae.department, order), permute(s.ae.provider, order), permute(s.ae.rkey, order);
  }

  st = scan(db,
            "SELECT admission_date, nhs_number, permanent, setting, funder FROM "
            "care_home_admissions",
            [&](Stmt& r) {
              int32_t day = day_of(r.text(0)), idx = -1;
              s.care_homes.admitted.push_back(day);
              s.care_homes.age.push_back(person_age(r.int64(1), day, &idx));
              s.care_homes.person.push_back(idx);
              s.care_homes.practice.push_back(practice_of(idx));
              s.care_homes.permanent.push_back(static_cast<uint8_t>(r.int64(2)));
              s.care_homes.nursing.push_back(r.text(3) == kCareHomeSettings[1] ? 1 : 0);
              // Its position in kCareHomeFunders; the importer allows no other.
              const size_t funder = code_position(kCareHomeFunders, r.text(4));
              s.care_homes.funder.push_back(static_cast<uint8_t>(std::min<size_t>(funder, 3)));
              s.care_homes.rkey.push_back(rkey('C', r, {0, 1}));
            });
  if (!st.ok()) return st;

  st = scan(db, "SELECT discharge_date, nhs_number, outcome_91_days FROM reablement", [&](Stmt& r) {
    int32_t day = day_of(r.text(0)), idx = -1;
    s.reablement.discharged.push_back(day);
    s.reablement.age.push_back(person_age(r.int64(1), day, &idx));
    s.reablement.person.push_back(idx);
    s.reablement.practice.push_back(practice_of(idx));
    std::string o = r.text(2);
    s.reablement.outcome.push_back(o == "at_home"       ? 0
                                   : o == "not_at_home" ? 1
                                   : o == "died"        ? 2
                                                        : 3);
    s.reablement.rkey.push_back(rkey('R', r, {0, 1}));
  });
  if (!st.ok()) return st;

  {
    auto order = by_day(s.care_homes.admitted);
    auto& c = s.care_homes;
    permute(c.practice, order);
    permute(c.admitted, order), permute(c.person, order), permute(c.age, order),
        permute(c.permanent, order), permute(c.nursing, order), permute(c.funder, order);
    permute(c.rkey, order);
    auto order2 = by_day(s.reablement.discharged);
    auto& r = s.reablement;
    permute(r.practice, order2);
    permute(r.discharged, order2), permute(r.person, order2), permute(r.age, order2),
        permute(r.outcome, order2), permute(r.rkey, order2);
  }

  auto month_index = [](const std::string& ym) {
    auto m = YearMonth::parse(ym);
    return m.ok() ? m->index() : 0;
  };
  // The position in its code list (core/dtoc_codes.h); one past the end
  // for a code not in it.
  auto pos = [](std::span<const std::string_view> v, const std::string& x) {
    return static_cast<uint8_t>(std::find(v.begin(), v.end(), x) - v.begin());
  };
  st = scan(db,
            "SELECT month, provider_code, responsible_org, reason, delayed_days FROM delayed_days",
            [&](Stmt& r) {
              s.delayed.month.push_back(month_index(r.text(0)));
              s.delayed.provider.push_back(static_cast<uint8_t>(providers.get(r.text(1))));
              s.delayed.org.push_back(pos(kDtocAgencies, r.text(2)));
              s.delayed.reason.push_back(pos(kDtocReasons, r.text(3)));
              s.delayed.days.push_back(r.int64(4));
            });
  if (!st.ok()) return st;
  st = scan(db, "SELECT month, provider_code, occupied_bed_days FROM bed_days", [&](Stmt& r) {
    s.bed_days.month.push_back(month_index(r.text(0)));
    s.bed_days.provider.push_back(static_cast<uint8_t>(providers.get(r.text(1))));
    s.bed_days.org.push_back(0);
    s.bed_days.reason.push_back(0);
    s.bed_days.days.push_back(r.int64(2));
  });
  if (!st.ok()) return st;
  st = scan(db, "SELECT metric, month, value FROM plans",
            [&](Stmt& r) { s.plans[r.text(0)][month_index(r.text(1))] = r.real(2); });
  if (!st.ok()) return st;
  st = scan(db, "SELECT year, age, sex, population FROM population", [&](Stmt& r) {
    auto& year = s.ons[static_cast<int>(r.int64(0))];
    const auto age = static_cast<size_t>(std::clamp<int64_t>(r.int64(1), 0, kOnsMaxAge));
    year[r.text(2) == "F" ? 1 : 0][age] = r.int64(3);
  });
  if (!st.ok()) return st;
  st = mark_loaded_months(db, s);
  if (!st.ok()) return st;
  return snap;
}

}  // namespace bc
