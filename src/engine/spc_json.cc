#include "engine/spc_json.h"

#include "engine/metric_json.h"

namespace bc {
namespace {

constexpr int kDecimals = 4;

nlohmann::ordered_json number(double v) {
  nlohmann::json j = json_number(v, kDecimals);
  if (j.is_number_integer()) return j.get<int64_t>();
  return j.get<double>();
}

nlohmann::ordered_json spc_number_or_null(const std::optional<double>& v) {
  return v ? number(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json segment_json(const SpcSegment& s) {
  return {{"first", s.first + 1},
          {"last", s.first + s.count},
          {"baseline", s.baseline},
          {"mean", number(s.mean)},
          {"amr", spc_number_or_null(s.amr)},
          {"lpl", spc_number_or_null(s.lpl)},
          {"upl", spc_number_or_null(s.upl)},
          {"near_lpl", spc_number_or_null(s.near_lpl)},
          {"near_upl", spc_number_or_null(s.near_upl)},
          {"screened", s.screened},
          {"short", s.short_warning}};
}

}  // namespace

nlohmann::ordered_json spc_chart_json(const SpcChart& chart, const SpcOptions& options,
                                      const std::vector<std::string>& labels) {
  const SpcSegment& last = chart.last_segment();
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  out["improvement"] = std::string(improvement_name(options.improvement));
  out["target"] = spc_number_or_null(options.target);
  out["mean"] = number(last.mean);
  out["amr"] = spc_number_or_null(last.amr);
  out["lpl"] = spc_number_or_null(last.lpl);
  out["upl"] = spc_number_or_null(last.upl);
  out["near_lpl"] = spc_number_or_null(last.near_lpl);
  out["near_upl"] = spc_number_or_null(last.near_upl);
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const SpcSegment& s : chart.segments) segments.push_back(segment_json(s));
  out["segments"] = std::move(segments);
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  for (size_t i = 0; i < chart.points.size(); ++i) {
    const SpcPoint& p = chart.points[i];
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    if (i < labels.size()) j["month"] = labels[i];
    j["value"] = number(p.value);
    j["point_type"] = std::string(point_type_name(p.type));
    j["special_cause"] = std::string(special_cause_name(p.cause));
    j["segment"] = p.segment;
    points.push_back(std::move(j));
  }
  out["points"] = std::move(points);
  out["variation"] = std::string(point_type_name(chart.variation));
  out["assurance"] = chart.assurance
                         ? nlohmann::ordered_json(std::string(assurance_name(*chart.assurance)))
                         : nlohmann::ordered_json(nullptr);
  out["warnings"] = chart.warnings;
  return out;
}

}  // namespace bc
