// The metrics as FHIR R4 MeasureReport resources, in a Bundle of type
// "collection": one MeasureReport per metric (type "summary", the period,
// improvementNotation from the metric's direction), its group holding the
// numerator and denominator populations and the measureScore, and one
// stratifier per breakdown asked for (a stratum per value, with components
// when broken down by more than one dimension). A figure suppressed for
// people outside the care team carries no count or score: the standard
// data-absent-reason extension says "masked". A figure with months not
// loaded is status "pending", not "complete".
//
// measure names the metric as "urn:bettercare:measure:<id>"; the metric's
// definition is in config/metrics.toml and docs/metrics.md.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "core/period.h"
#include "engine/metric_def.h"
#include "engine/metric_row.h"

namespace bc {

nlohmann::json metric_rows_fhir(const std::vector<MetricRow>& rows, const MetricConfig& config,
                                const Period& period);

}  // namespace bc
