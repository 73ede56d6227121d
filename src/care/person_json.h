// The JSON forms of one person's joined record (care/person_record.h): the
// one shape shared by the CLI's `person --format json`, the web API and the
// tests.
//
// person_record_json is the full, person-identifiable record, for direct
// care: whoever shows it writes an audit entry first, as for the record
// itself.
//
// person_record_json_pseudonymised is the same shape for analysts, who see
// person-level data only pseudonymised: no NHS number, no name (the store
// holds none), no date of birth, no postcode. Compared with
// person_record_json it
//   - replaces "nhs_number" with "pseudonym" (the caller's, e.g. a keyed
//     hash of the NHS number: the same person always has the same one, so
//     an analyst can follow them without knowing who they are);
//   - in "person": replaces "date_of_birth" with "age_band" ("0-17",
//     "18-64", "65+": the bands of the metrics, core/age.h) at today's date
//     (UTC), for those who have died too; drops "postcode_district" (with
//     age and sex it narrows a person down to a few households); keeps only
//     the year of "registered_date", as "registered_year" (a number, null
//     when unknown); replaces "date_of_death" with "died": true or false;
//   - in "timeline": keeps every event with its kind, but its date, and
//     every date among its details (a discharge date), only to the month
//     ("2017-09"), so that no day of death (a discharge to destination 79)
//     or of any event can be read; "id" is null (a provider's spell or
//     episode id is a key into the provider's own records); drops any
//     detail whose label names a date of birth, a postcode or an NHS
//     number. The record's details (care/person_record.cc: provider,
//     diagnoses, discharge date and destination, cost, setting, outcome,
//     condition) carry none of these today; the rule keeps a future
//     detail from leaking one.
// Sex, practice and cluster stay: analysts break figures down by them, and
// each is shared by thousands of people.
//
// Thread safety: pure functions (the pseudonymised form reads the clock).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "care/person_record.h"

namespace bc {

// {"nhs_number", "registered", "person" (only when registered: date_of_birth,
// sex, practice_code, practice_name, cluster_code, cluster_name,
// postcode_district, date_of_death, registered_date; the optional ones null
// when unknown), "timeline": [{"date", "kind", "id", "details": {label:
// value}}]}.
nlohmann::json person_record_json(const PersonRecord& r);

// The same shape without what identifies the person, as set out above;
// `pseudonym` stands in for the NHS number.
nlohmann::json person_record_json_pseudonymised(const PersonRecord& r,
                                                const std::string& pseudonym);

}  // namespace bc
