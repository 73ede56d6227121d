// The JSON form of a metric row: the one shape shared by the CLI's
// `metrics --format json`, the web API and the tests that compare reports
// with them. The CSV form (present/metric_csv.h) is made from it.
//
// Counts print as integers, other values rounded (4 decimals for values of
// rates and percentages, 2 for plans, 1 for percentage changes). A
// suppressed figure prints as "*". Every row says whether it is complete
// and which months are missing; fields that belong to one kind of metric
// (confidence intervals, the population, the cohort) appear only for it.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "engine/evaluate.h"

namespace bc {

nlohmann::json metric_row_json(const MetricRow& row);

// v rounded to `decimals`, as an integer when it is whole.
nlohmann::json json_number(double v, int decimals);

}  // namespace bc
