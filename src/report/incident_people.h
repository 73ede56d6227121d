// The people a provider failure incident affects (quality/incidents.h),
// each with what the team moving them needs to know from their joined
// record: age, frailty (eFI category) and long-term conditions recorded by
// the incident date, emergency admissions and A&E attendances in the year
// before it, their shared care plan, the flags the team recorded, and how
// far their move has got. Grouped by the agency responsible for them
// (quality/failure.h responsible_for).
//
// Here, in report, because it joins the quality module's incident with the
// care records the engine and ingest read; the CLI and the web show it the
// same way. Person-identifiable: whoever shows it writes an audit entry
// first.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ingest/quality_records.h"
#include "quality/incidents.h"
#include "store/store.h"

namespace bc {

struct AffectedPerson {
  PlacementRecord placement;
  std::string responsible;  // ccg, ccg_for_placing_body, council, ...
  bool registered = false;  // in the persons register (else nothing below is known)
  std::optional<int> age;   // whole years on the incident date
  std::string sex, practice_code, cluster_code;
  std::string efi_category;             // fit, mild, moderate, severe ("" unregistered)
  std::vector<std::string> conditions;  // codes recorded by the incident date
  int64_t emergency_admissions_12m = 0, ae_attendances_12m = 0;
  std::optional<std::string> care_plan;  // "CP1 agreed" as at the incident date
  std::vector<std::string> flags;        // as recorded (quality/incidents.h kPersonFlags)
  // The latest step of their move ("not_assessed" when none), its date and
  // the provider moved (or chosen) to.
  std::string move_status = "not_assessed";
  std::optional<std::string> move_date, move_to;
};

// The responsible agencies in the order the procedure names them (seed 001
// section 6), for grouping.
inline constexpr std::string_view kResponsibleOrder[] = {"ccg", "ccg_for_placing_body", "council",
                                                         "council_for_self_funder",
                                                         "council_for_placing_body"};

// Everyone with a placement at the incident's provider in force on its
// incident date, by responsible agency (in kResponsibleOrder) then NHS
// number.
Result<std::vector<AffectedPerson>> affected_people(Store& store, const Incident& incident);

// How many are affected, by responsible agency and by move status.
struct AffectedCounts {
  int64_t total = 0, moved = 0, stayed = 0;
  std::vector<std::pair<std::string, int64_t>> by_responsible;  // in kResponsibleOrder, all five
};
AffectedCounts count_affected(const std::vector<AffectedPerson>& people);

// [{"nhs_number", "placement_id", "funder", "placing_body", "responsible",
// "start_date", "weekly_cost", "age", "sex", "cluster_code",
// "efi_category", "conditions", "emergency_admissions_12m",
// "ae_attendances_12m", "care_plan", "flags", "move_status", "move_date",
// "move_to"}] (nulls where unknown).
nlohmann::json affected_people_json(const std::vector<AffectedPerson>& people);

}  // namespace bc
