// CSV from rows of JSON objects: the CSV form of an output whose JSON form
// is the contract (cluster care's frailty rows, risk scores, registers).
//
// One line per row with the named columns in order (csv.h quotes them): a
// string as it is, a number as JSON writes it, true/false as "yes"/"no",
// null or a missing field as an empty field, and a list as its items
// joined by "; ".
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bc::present {

// The header line, then one line per row.
std::string json_rows_csv(const nlohmann::json& rows, const std::vector<std::string>& columns);
// One row's line.
std::string json_row_csv(const nlohmann::json& row, const std::vector<std::string>& columns);

}  // namespace bc::present
