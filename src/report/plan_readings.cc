#include "report/plan_readings.h"

#include <fmt/format.h>

#include "core/period.h"
#include "engine/metric_query.h"

namespace bc::report {

governance::MetricReader plan_metric_reader(const MetricConfig& config, const Snapshot& snap,
                                            bool suppress) {
  return [&config, &snap, suppress](const std::string& metric, FinancialYear fy,
                                    int financial_month) -> governance::MetricReading {
    const MetricDef* def = config.find(metric);
    if (def == nullptr) return {std::nullopt, fmt::format("no metric {} in the config", metric)};
    auto rows = query_metric(config, snap, *def, Period::year_to_date(fy, financial_month), {},
                             suppress, false);
    if (!rows.ok()) return {std::nullopt, rows.status().message()};
    if (rows->empty()) return {std::nullopt, "no figure"};
    const MetricRow& row = rows->front();
    if (!row.complete) {
      // The first few months missing, and how many more.
      constexpr size_t kShown = 3;
      std::string missing;
      for (size_t i = 0; i < row.missing.size() && i < kShown; ++i) {
        missing.append(i == 0 ? "" : ", ").append(row.missing[i]);
      }
      if (row.missing.size() > kShown) {
        missing += fmt::format(" and {} more", row.missing.size() - kShown);
      }
      return {std::nullopt, fmt::format("incomplete: {} not loaded", missing)};
    }
    if (row.suppressed) return {std::nullopt, "suppressed (small numbers)"};
    if (!row.value) return {std::nullopt, row.note.empty() ? "no figure" : row.note};
    return {row.value, ""};
  };
}

governance::RagBands plan_rag_bands(const MetricConfig& config) {
  return {config.rag.green_max, config.rag.amber_below};
}

}  // namespace bc::report
