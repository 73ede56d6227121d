// The JSON and CSV forms of a metric row: the one shape shared by the CLI's
// `metrics --format json|csv`, the web API, the pages' CSV download and the
// tests that compare reports with them.
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

// CSV (RFC 4180, LF line ends): a header naming `dims` in order, then one
// line per row. The fields are the JSON's, in a fixed order; `missing` is
// joined with "; ".
std::string metric_rows_csv(const std::vector<MetricRow>& rows,
                            const std::vector<std::string>& dims);

}  // namespace bc
