#include "care/person_record.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/money.h"
#include "ingest/records.h"

namespace bc {
namespace {

// An event for the timeline: its date, kind and id, then the details that
// have a value, labelled, in the order given.
PersonEvent event(
    std::string date, const char* kind, std::string id,
    std::initializer_list<std::pair<const char*, std::optional<std::string>>> details) {
  PersonEvent e;
  e.date = std::move(date);
  e.kind = kind;
  e.id = std::move(id);
  for (const auto& [label, value] : details) {
    if (value) e.details.emplace_back(label, *value);
  }
  return e;
}

// A cost in pounds with two decimals, as the timeline has always shown it
// (SQLite's printf('%.2f', pence / 100.0)).
std::optional<std::string> pounds(std::optional<int64_t> pence) {
  if (!pence) return std::nullopt;
  return fmt::format("{:.2f}", Money::from_pence(*pence).pounds());
}

// The person's activity and conditions, each kind in the order stored.
// A failure names what could not be read.
Status collect_timeline(Store& store, int64_t nhs, std::vector<PersonEvent>& t) {
  const std::pair<const char*, Status> parts[] = {
      {"spells", for_each_spell(store, nhs,
                                [&](const SpellRecord& r) {
                                  t.push_back(
                                      event(r.admission_date, "spell", r.spell_id,
                                            {{"discharged", r.discharge_date},
                                             {"provider", r.provider_code},
                                             {"admission method", r.admission_method},
                                             {"primary diagnosis", r.primary_diagnosis},
                                             {"secondary diagnoses", r.secondary_diagnoses},
                                             {"discharge destination", r.discharge_destination},
                                             {"cost", pounds(r.cost_pence)}}));
                                })},
      {"A&E", for_each_ae_attendance(store, nhs,
                                     [&](const AeRecord& r) {
                                       t.push_back(event(r.arrival, "ae_attendance",
                                                         r.attendance_id,
                                                         {{"provider", r.provider_code},
                                                          {"department type", r.department_type},
                                                          {"disposal", r.disposal}}));
                                     })},
      {"care homes",
       for_each_care_home_admission(store, nhs,
                                    [&](const CareHomeRecord& r) {
                                      t.push_back(event(
                                          r.admission_date, "care_home_admission", r.admission_id,
                                          {{"setting", r.setting},
                                           {"stay", r.permanent ? "permanent" : "temporary"},
                                           {"funder", r.funder}}));
                                    })},
      {"reablement", for_each_reablement(store, nhs,
                                         [&](const ReablementRecord& r) {
                                           t.push_back(
                                               event(r.discharge_date, "reablement", r.episode_id,
                                                     {{"outcome at 91 days", r.outcome_91_days}}));
                                         })},
      {"conditions",
       for_each_condition(
           store, nhs,
           [&](const ConditionRecord& r) {
             t.push_back(event(r.recorded_date, "condition", "", {{"condition", r.condition}}));
           })},
  };
  for (const auto& [what, status] : parts) {
    if (!status.ok()) {
      return Status::store_error(fmt::format("cannot read {}: {}", what, status.message()));
    }
  }
  return Status();
}

}  // namespace

Result<PersonRecord> load_person_record(Store& store, NhsNumber nhs) {
  PersonRecord rec;
  rec.nhs_number = nhs;

  auto person = find_person(store, nhs.value());
  if (!person.ok()) return person.status();
  if (*person) {
    // A person's practice is in practices (a foreign key), or the person is
    // registered with none (practice_code empty: from FHIR, schema 20).
    const PersonRecordRow& p = **person;
    auto practice = p.practice_code.empty() ? Result<std::optional<PracticeRecord>>(std::nullopt)
                                            : find_practice(store, p.practice_code);
    if (!practice.ok()) return practice.status();
    if (*practice || p.practice_code.empty()) {
      const PracticeRecord none;
      const PracticeRecord& pr = *practice ? **practice : none;
      rec.details =
          PersonDetails{p.date_of_birth,  p.sex,           p.practice_code,     pr.name,
                        pr.cluster_code,  pr.cluster_name, p.postcode_district, p.date_of_death,
                        p.registered_date};
    }
  }

  std::vector<PersonEvent>& t = rec.timeline;
  if (Status s = collect_timeline(store, nhs.value(), t); !s.ok()) return s;
  if (!rec.details && t.empty()) {
    return Status::not_found(
        fmt::format("no person or activity with NHS number {}", nhs.formatted()));
  }
  std::stable_sort(t.begin(), t.end(), [](const PersonEvent& a, const PersonEvent& b) {
    return std::tie(a.date, a.kind, a.id) < std::tie(b.date, b.kind, b.id);
  });
  return rec;
}

}  // namespace bc
