// The CLI's metric table (`bettercare metrics`, the default format): a
// header line and one fixed-width line per metric row, with the row's notes
// in brackets. Its numbers are present/number_format.h's; pinned by
// tests/golden/present/*.test.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/metric_row.h"

namespace bc::cli {

// The width of the metric column for `rows`: the longest metric id and a
// space, at least 30.
size_t metrics_table_width(const std::vector<MetricRow>& rows);

// The header line (no newline): "metric", the breakdown dimensions, then
// value, plan, variance, RAG, last year, change.
std::string metrics_table_header(const std::vector<std::string>& dims, size_t width);

// One row's line (no newline).
std::string metrics_table_line(const MetricRow& r, size_t width);

}  // namespace bc::cli
