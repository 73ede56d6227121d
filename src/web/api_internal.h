// Shared by the API and the pages: one metric query with the access rules
// applied, so that a page and the API can never disagree about a figure or
// about what is suppressed.
//
// Thread safety: per request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/metric_query.h"
#include "web/context.h"
#include "web/router.h"

namespace bc::web {

// Binds a request with the access rules of the signed-in user: a cluster
// other than a clinician's own is PermissionDenied, and the suppression the
// user's role needs for it is set (access.h suppress_for); then the
// engine's one check (engine/metric_query.h).
Result<MetricQuery> bind_metric_query(Ctx& ctx, const Snapshot& snap, MetricRequest request);

// Every metric of the query, in order, restricted to its cluster, through
// the application's cache (web/metric_cache.h).
Result<std::vector<MetricRow>> run_metric_query(Ctx& ctx,
                                                const std::shared_ptr<const Snapshot>& snap,
                                                const MetricQuery& q);

// "a,b,,c" -> {"a","b","c"}; at most 20 values.
Result<std::vector<std::string>> split_list(const std::optional<std::string>& v);

// The cluster-care routes (api_care.cc) and the care-plan routes
// (api_care_plans.cc).
void add_care_api_routes(Router& r);
void add_care_plan_api_routes(Router& r);

// The OpenAPI 3 document of /api/v1 (web/openapi.cc).
const std::string& openapi_document();

}  // namespace bc::web
