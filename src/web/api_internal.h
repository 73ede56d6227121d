// Shared by the API and the pages: one metric query with the access rules
// applied, so that a page and the API can never disagree about a figure or
// about what is suppressed.
//
// Thread safety: per request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"
#include "web/context.h"

namespace bc::web {

struct MetricQuery {
  std::vector<std::string> metrics;        // ids; empty: every metric
  std::vector<std::string> by;             // breakdown dimensions
  std::optional<std::string> cluster;      // restrict to one cluster
  std::optional<std::string> period_text;  // nullopt: ctx.period()
};

struct MetricQueryResult {
  Period period = Period::range(Date(), Date());
  bool suppressed = true;
  std::vector<MetricRow> rows;
};

// Checks the query (unknown metric: NotFound; a breakdown the metric does
// not allow, a bad period: InvalidArgument; another cluster for a
// clinician: PermissionDenied), evaluates it with the suppression the
// user's role needs and, for a cluster, keeps that cluster's rows.
Result<MetricQueryResult> run_metric_query(Ctx& ctx, const MetricQuery& q);

// "a,b,,c" -> {"a","b","c"}; at most 20 values.
Result<std::vector<std::string>> split_list(const std::optional<std::string>& v);

// The OpenAPI 3 document of /api/v1 (web/openapi.cc).
const std::string& openapi_document();

}  // namespace bc::web
