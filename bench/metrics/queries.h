// The benchmark's workload, shared by the engine and its SQL peers: each
// query is one metric for one financial year broken down by month (and
// cluster and age band where the metric allows), with the SQL that computes
// the same figures from the store's tables. The SQL is written for SQLite
// and for DuckDB (which differ only in their date functions).
#pragma once

#include <string>
#include <vector>

namespace bench {

struct Query {
  std::string metric;
  std::vector<std::string> by;  // the engine's breakdown
  std::string sql;              // columns: month, group1, group2, value (numerator), denominator
};

// fy_first / fy_last: 'YYYY-MM-DD'. sqlite = true for SQLite's functions.
std::vector<Query> queries(const std::string& fy_first, const std::string& fy_last, bool sqlite);

}  // namespace bench
