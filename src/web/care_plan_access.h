// Opening a person's care plans through the web: the one place that
// decides whether the signed-in user may read or write them, and writes
// the audit entry first (docs/security.md, "Care plans").
//
//   clinician  the plans of people registered in their own cluster, to
//              read and to write. Anyone else (another cluster, not
//              registered, unknown) is refused alike with PermissionDenied
//              (403), so the answer does not tell whether a person
//              exists; the refusal is audited ("view_care_plan_denied",
//              "write_care_plan_denied").
//   others     refused, audited: analysts and the board see care plans
//              only as counts (the coverage figures), never a plan.
//
// Thread safety: uses the request's own store connection.
#pragma once

#include <string>

#include "core/nhs_number.h"
#include "web/context.h"

namespace bc::web {

struct CarePlanTarget {
  NhsNumber nhs;
  std::string cluster_code;
};

enum class PlanAccess { kRead, kWrite };

// A cluster's person-level work lists (reviews due, the MDT case list and
// meetings, the single point of access) are its care team's: OK for a
// clinician of `cluster`; anyone else is refused with PermissionDenied
// (saying what `what_words` names is the care team's), audited as
// `action` + "_denied".
Status require_care_team(Ctx& ctx, const std::string& cluster, const std::string& action,
                         const std::string& what_words);

// `key` is the NHS number as typed. Audits "view_care_plan" (kRead) or
// "write_care_plan" with `what` (kWrite) before returning; a refusal is
// audited as said above.
Result<CarePlanTarget> open_care_plans(Ctx& ctx, const std::string& key, PlanAccess access,
                                       const std::string& what = "");

}  // namespace bc::web
