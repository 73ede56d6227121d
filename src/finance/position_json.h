// The JSON form of the pooled fund's position: the one shape shared by the
// CLI's `finance --format json`, the web API and the tests that compare
// reports with it. Money in pounds (numbers with at most 2 decimals);
// `previous_outturn` and `movement` only from M2 (M1 has no previous report).
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "finance/position.h"

namespace bc {

nlohmann::json fund_position_json(const FundPosition& position);

}  // namespace bc
