// The joined record of one person: who they are, where they are
// registered, and everything health and social care did with them, linked
// by NHS number and put in time order.
//
// This is person-identifiable data. Whoever shows it must first write an
// audit entry (store/audit.h); the CLI and the web application do.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/nhs_number.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

struct PersonDetails {
  std::string date_of_birth;
  std::string sex;
  std::string practice_code, practice_name;
  std::string cluster_code, cluster_name;
  std::optional<std::string> postcode_district;
  std::optional<std::string> date_of_death;
  std::optional<std::string> registered_date;
};

// One thing that happened, for the timeline.
struct PersonEvent {
  std::string date;  // when it happened (admission, arrival, discharge, recorded)
  std::string kind;  // "spell", "ae_attendance", "care_home_admission", "reablement", "condition"
  std::string id;    // the record's id ("" for conditions)
  // Labelled details in display order, e.g. {"provider", "RHM"}.
  std::vector<std::pair<std::string, std::string>> details;
};

struct PersonRecord {
  NhsNumber nhs_number;
  std::optional<PersonDetails> details;  // nullopt: not in the persons register (unlinked)
  std::vector<PersonEvent> timeline;     // in time order, then by kind
};

// The person's record. NotFound when the NHS number is neither registered
// nor in any activity.
Result<PersonRecord> load_person_record(Store& store, NhsNumber nhs);

}  // namespace bc
