// Prints bench/metrics' workload SQL for DuckDB as JSON: bench_metrics_sql FINANCIAL_YEAR
#include <nlohmann/json.hpp>

#include <iostream>

#include "core/fiscal.h"
#include "queries.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto fy = bc::FinancialYear::parse(argv[1]);
  if (!fy.ok()) return 2;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& q : bench::queries(fy->first_day().iso(), fy->last_day().iso(), false)) {
    out.push_back({{"metric", q.metric}, {"sql", q.sql}});
  }
  std::cout << out.dump() << "\n";
}
