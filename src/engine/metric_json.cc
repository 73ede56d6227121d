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
  j["unit"] = unit_name(r.unit);
  j["period"] = r.period;
  nlohmann::json g = nlohmann::json::object();
  for (const GroupValue& v : r.group)
    g[std::string(v.name())] = v.value ? nlohmann::json(*v.value) : nlohmann::json();
  j["group"] = g;
  const int value_decimals = r.unit == MetricUnit::kCount ? 2 : 4;
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
  j["rag"] = r.rag ? nlohmann::json(rag_name(*r.rag)) : nlohmann::json();
  j["previous_value"] = r.previous_suppressed ? nlohmann::json("*")
                                              : number_or_null(r.previous_value, value_decimals);
  j["change_pct"] = number_or_null(r.change_pct, 1);
  j["change_pp"] = number_or_null(r.change_pp, 1);
  j["comparison"] =
      r.comparison ? nlohmann::json(comparison_name(*r.comparison)) : nlohmann::json();
  j["complete"] = r.complete;
  j["missing"] = r.missing;
  if (r.unknown || r.unknown_suppressed) {
    j["unknown"] = r.unknown_suppressed ? nlohmann::json("*") : nlohmann::json(*r.unknown);
    j["provisional"] = r.provisional;
  }
  if (r.cohort) j["cohort"] = *r.cohort;
  if (r.local_monitoring) j["local_monitoring"] = true;
  if (r.ci_lower || r.ci_upper) {
    j["ci_lower"] = number_or_null(r.ci_lower, value_decimals);
    j["ci_upper"] = number_or_null(r.ci_upper, value_decimals);
  }
  if (r.days) j["days"] = json_number(*r.days, 0);
  if (!r.population.empty()) j["population"] = r.population;
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace bc
