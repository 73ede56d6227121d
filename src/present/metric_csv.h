// The CSV form of metric rows: `bettercare metrics --format csv` and the
// web pages' "Download the figures (CSV)".
//
// The columns are the fields of the JSON form (engine/metric_json.h), in a
// fixed order, so the two forms cannot disagree about a figure; quoting is
// present/csv.h's.
//
// Thread safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "engine/metric_row.h"

namespace bc::present {

// A header naming `dims` in order, then one line per row (LF line ends).
// `missing` is joined with "; ".
std::string metric_rows_csv(const std::vector<MetricRow>& rows,
                            const std::vector<std::string>& dims);

}  // namespace bc::present
