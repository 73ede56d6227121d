// The JSON form of an SPC chart (spc.h), the one shape of `bettercare spc
// --format json` and the API: the limits in force at the end (`mean`,
// `amr`, `lpl`, `upl`, `near_lpl`, `near_upl`, null for a one-point
// series), every segment's, and `points`, each with its `value`,
// `point_type`, `special_cause` and `segment` (0-based), then the series'
// `variation` and `assurance` (null without a target or for a neutral
// measure) and its `warnings`. Values are rounded to 4 decimals.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "engine/spc.h"

namespace bc {

// `labels`, when given (one per point, e.g. "2017-04"), add a `month` to
// each point.
nlohmann::ordered_json spc_chart_json(const SpcChart& chart, const SpcOptions& options,
                                      const std::vector<std::string>& labels = {});

}  // namespace bc
