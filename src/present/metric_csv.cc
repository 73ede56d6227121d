#include "present/metric_csv.h"

#include <nlohmann/json.hpp>

#include "engine/metric_json.h"
#include "present/csv.h"

namespace bc::present {
namespace {

// The CSV columns after the group, in order.
constexpr const char* kCsvFields[] = {"value",          "numerator",
                                      "denominator",    "plan",
                                      "variance_pct",   "rag",
                                      "previous_value", "change_pct",
                                      "change_pp",      "comparison",
                                      "unknown",        "provisional",
                                      "cohort",         "local_monitoring",
                                      "ci_lower",       "ci_upper",
                                      "population",     "complete",
                                      "missing",        "note"};

std::string csv_of(const nlohmann::json& f) {
  if (f.is_null()) return "";
  if (f.is_string()) return csv_field(f.get<std::string>());
  if (f.is_array()) {
    std::string joined;
    for (const auto& e : f) joined += (joined.empty() ? "" : "; ") + e.get<std::string>();
    return csv_field(joined);
  }
  return f.dump();
}

}  // namespace

std::string metric_rows_csv(const std::vector<MetricRow>& rows,
                            const std::vector<std::string>& dims) {
  std::string out = "metric,period";
  for (const auto& d : dims) out.append(",").append(csv_field(d));
  for (const char* k : kCsvFields) out += std::string(",") + k;
  out += "\n";
  for (const MetricRow& r : rows) {
    const nlohmann::json j = metric_row_json(r);
    out.append(csv_field(r.metric)).append(",").append(csv_field(r.period));
    for (const auto& [dim, v] : r.group) out.append(",").append(csv_field(v.value_or("")));
    for (const char* k : kCsvFields)
      out.append(",").append(csv_of(j.contains(k) ? j[k] : nlohmann::json()));
    out += "\n";
  }
  return out;
}

}  // namespace bc::present
