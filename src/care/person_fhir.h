// A person's joined record as a FHIR R4 Bundle (type "collection"): the
// Patient, an Encounter for each hospital spell (class IMP) and A&E
// attendance (class EMER), a Condition for each long-term condition, and
// the current care plan as a CarePlan where there is one. The shapes are
// the ones bettercare's FHIR import reads (ingest/fhir.h), so a record
// exported from one store imports into another unchanged; the UK Core
// extensions carry the admission method and discharge destination.
//
// Codes bettercare keeps in its own lists (the condition list, the A&E
// department type) are given in its own code systems (ingest/fhir.h),
// beside the SNOMED CT concept of a condition where condition_codes.csv
// has one.
//
// This is person-identifiable data: the caller audits the look first, as
// for person_record.h. Thread safety: uses the Store's connection.
#pragma once

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/nhs_number.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

// The Bundle; `today` chooses the current care plan. NotFound when the NHS
// number is neither registered nor in any activity.
Result<nlohmann::json> person_fhir_bundle(Store& store, NhsNumber nhs, Date today);

// A local date-time ("2017-07-10T14:30[:00]") as a FHIR dateTime with the
// offset of UK civil time on that day ("2017-07-10T14:30:00+01:00").
std::string uk_fhir_date_time(std::string_view local);

}  // namespace bc
