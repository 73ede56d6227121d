#include "care/person_record.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/money.h"

namespace bc {
namespace {

// Runs a query with the NHS number as its one parameter and turns each row
// into an event: column 0 the date, column 1 the id, then labelled details.
Status collect(Db& db, const char* sql, NhsNumber nhs, const char* kind,
               std::initializer_list<const char*> labels, std::vector<PersonEvent>* out) {
  auto st = db.prepare(sql);
  if (!st.ok()) return st.status();
  st->bind(1, nhs.value());
  Status s;
  while (st->step(&s)) {
    PersonEvent e;
    e.date = st->text(0);
    e.kind = kind;
    e.id = st->text(1);
    int col = 2;
    for (const char* label : labels) {
      if (!st->is_null(col)) e.details.emplace_back(label, st->text(col));
      ++col;
    }
    out->push_back(std::move(e));
  }
  return s;
}

}  // namespace

Result<PersonRecord> load_person_record(Store& store, NhsNumber nhs) {
  Db& db = store.db();
  PersonRecord rec;
  rec.nhs_number = nhs;

  auto person = db.prepare(
      "SELECT p.date_of_birth, p.sex, p.practice_code, pr.practice_name, pr.cluster_code, "
      "pr.cluster_name, p.postcode_district, p.date_of_death, p.registered_date "
      "FROM persons p JOIN practices pr USING (practice_code) WHERE p.nhs_number = ?");
  if (!person.ok()) return person.status();
  person->bind(1, nhs.value());
  Status s;
  if (person->step(&s)) {
    rec.details = PersonDetails{person->text(0),     person->text(1),     person->text(2),
                                person->text(3),     person->text(4),     person->text(5),
                                person->opt_text(6), person->opt_text(7), person->opt_text(8)};
  }
  if (!s.ok()) return s;

  std::vector<PersonEvent>& t = rec.timeline;
  const std::pair<const char*, Status> parts[] = {
      {"spells",
       collect(db,
               "SELECT admission_date, spell_id, discharge_date, provider_code, admission_method, "
               "primary_diagnosis, secondary_diagnoses, discharge_destination, "
               "CASE WHEN cost_pence IS NULL THEN NULL ELSE printf('%.2f', cost_pence / 100.0) END "
               "FROM spells WHERE nhs_number = ?",
               nhs, "spell",
               {"discharged", "provider", "admission method", "primary diagnosis",
                "secondary diagnoses", "discharge destination", "cost"},
               &t)},
      {"A&E", collect(db,
                      "SELECT arrival, attendance_id, provider_code, department_type, disposal "
                      "FROM ae_attendances WHERE nhs_number = ?",
                      nhs, "ae_attendance", {"provider", "department type", "disposal"}, &t)},
      {"care homes", collect(db,
                             "SELECT admission_date, admission_id, setting, "
                             "CASE permanent WHEN 1 THEN 'permanent' ELSE 'temporary' END, funder "
                             "FROM care_home_admissions WHERE nhs_number = ?",
                             nhs, "care_home_admission", {"setting", "stay", "funder"}, &t)},
      {"reablement", collect(db,
                             "SELECT discharge_date, episode_id, outcome_91_days FROM reablement "
                             "WHERE nhs_number = ?",
                             nhs, "reablement", {"outcome at 91 days"}, &t)},
      {"conditions",
       collect(db, "SELECT recorded_date, '', condition FROM conditions WHERE nhs_number = ?", nhs,
               "condition", {"condition"}, &t)},
  };
  for (const auto& [what, status] : parts) {
    if (!status.ok()) {
      return Status::store_error(fmt::format("cannot read {}: {}", what, status.message()));
    }
  }
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
