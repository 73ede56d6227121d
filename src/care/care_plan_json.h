// A person's care plans as JSON, the one shape for the CLI and the web
// (every version, with its actions, and the reviews), and the current plan
// as a FHIR R4 CarePlan resource for other systems (UK Core conventions:
// the subject is identified by NHS number, system
// https://fhir.nhs.uk/Id/nhs-number; goals are contained Goal resources;
// each action is an activity).
//
// Identifiable: whoever shows or sends these writes the audit entry first.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "care/care_plan.h"

namespace bc {

// {"plan_id", "nhs_number", "state", "review_due", "version_in_force",
//  "versions": [{version, status, plan_type, accountable: {name, role,
//  organisation}, goals, contingency, consent: {date, recorded_by},
//  agreed_date, review_due, closed_date, closed_reason, actions: [{action_no,
//  action, who, by_date, status}]}], "reviews": [{review_id, review_date,
//  reviewed_by, outcome, next_review_due}]}, as at `at`.
nlohmann::json care_plan_json(const CarePlan& plan, Date at);

// The FHIR R4 CarePlan of the plan's version in force as at `at` (or its
// latest draft when none is): status active (agreed, under review),
// completed (closed) or draft.
nlohmann::json care_plan_fhir(const CarePlan& plan, Date at);

}  // namespace bc
