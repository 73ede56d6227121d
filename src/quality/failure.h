// The provider failure procedure's rules (seed 001, "Operational
// Procedure for Care Provider Failure"; docs/quality.md): what can set it
// off, who is responsible for each affected person, when the Joint
// Incident Steering Group must first meet, and who is affected.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "ingest/quality_records.h"

namespace bc {

// What activates the procedure (section 4.1): CQC enforcement, the
// commissioners' decision to decommission, the provider's notice,
// insolvency, or safeguarding concerns that make care unsafe.
inline constexpr std::string_view kIncidentTriggers[] = {
    "cqc_action", "decommissioning", "provider_notice", "insolvency", "safeguarding"};

// The agency responsible for a person by their placement's funder
// (section 6):
//   ccg        ccg: fully NHS-funded (6.1);
//   other_ccg  ccg_for_placing_body: the CCG coordinates, the placing CCG
//              funds (6.1, "Out of Area" CCGs);
//   council    council: council-funded or part-funded (6.2), so joint too;
//   joint      council;
//   self       council_for_self_funder: the council helps self-funders
//              find another place and manages the move (6.2);
//   other_la   council_for_placing_body: the council sees to their
//              immediate welfare; funding and care planning stay with the
//              placing council (6.3).
// "" for anything else (never, for what the importer accepts).
std::string_view responsible_for(std::string_view funder);

// The last day the first meeting of the Joint Incident Steering Group may
// be held: "within 3 working days of the Incident being notified" (7.1),
// the 3rd working day after the notification, by England's calendar
// (governance/calendar.h). Notified on Friday 23 March 2018: Wednesday 28
// March 2018.
inline constexpr int kJisgWorkingDays = 3;
Date jisg_due(Date notified);

// Where the first JISG meeting stands on `today`: "met" (held by the
// deadline), "met_late", "due" (not held, the deadline not passed) or
// "overdue".
std::string_view jisg_state(Date due, std::optional<Date> met, Date today);

// Whether a placement is in force on `day`: started on or before it, and
// not ended before it (its end date is its last day).
bool placement_in_force(const PlacementRecord& p, Date day);

// The placements of `placements` in force on `day`, in their order.
std::vector<PlacementRecord> placements_in_force(const std::vector<PlacementRecord>& placements,
                                                 Date day);

}  // namespace bc
