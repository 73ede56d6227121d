#include "engine/metric_json.h"

#include <cmath>

namespace bc {
namespace {

nlohmann::json number_or_null(const std::optional<double>& v, int decimals = 2) {
  return v ? json_number(*v, decimals) : nlohmann::json();
}

}  // namespace

nlohmann::json json_number(double v, int decimals) {
  double f = std::pow(10.0, decimals);
  double r = std::round(v * f) / f;
  if (std::abs(r - std::round(r)) < 1e-9 && std::abs(r) < 9e15)
    return nlohmann::json(static_cast<int64_t>(std::llround(r)));
  return nlohmann::json(r);
}

nlohmann::json metric_row_json(const MetricRow& r) {
  nlohmann::json j;
  j["metric"] = r.metric;
  j["unit"] = r.unit;
  j["period"] = r.period;
  nlohmann::json g = nlohmann::json::object();
  for (const auto& [dim, value] : r.group)
    g[dim] = value ? nlohmann::json(*value) : nlohmann::json();
  j["group"] = g;
  const int value_decimals = r.unit == "count" ? 2 : 4;
  if (r.suppressed) {
    j["value"] = "*";
    j["numerator"] = "*";
  } else {
    j["value"] = number_or_null(r.value, value_decimals);
    j["numerator"] = json_number(r.numerator, 2);
  }
  j["denominator"] = number_or_null(r.denominator);
  j["plan"] = number_or_null(r.plan);
  j["variance_pct"] = number_or_null(r.variance_pct, 1);
  j["rag"] = r.rag ? nlohmann::json(*r.rag) : nlohmann::json();
  j["previous_value"] = number_or_null(r.previous_value, value_decimals);
  j["change_pct"] = number_or_null(r.change_pct, 1);
  j["comparison"] = r.comparison ? nlohmann::json(*r.comparison) : nlohmann::json();
  if (r.unknown || r.unknown_suppressed) {
    j["unknown"] = r.unknown_suppressed ? nlohmann::json("*") : nlohmann::json(*r.unknown);
  }
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace bc
