#include "engine/metric_fhir.h"

#include <algorithm>
#include <map>

#include "engine/metric_json.h"

namespace bc {
namespace {

using json = nlohmann::json;

constexpr const char* kPopulationSystem =
    "http://terminology.hl7.org/CodeSystem/measure-population";
constexpr const char* kDataAbsent = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

json masked() {
  return json::array({{{"url", kDataAbsent}, {"valueCode", "masked"}}});
}

// A count as FHIR's integer, when it is a whole number.
std::optional<int64_t> whole(double v) {
  if (v != std::floor(v) || std::abs(v) > 9e15) return std::nullopt;
  return static_cast<int64_t>(v);
}

json population(const char* code, std::optional<double> count, bool suppressed) {
  json p = {{"code", {{"coding", json::array({{{"system", kPopulationSystem}, {"code", code}}})}}}};
  if (suppressed) {
    p["extension"] = masked();
  } else if (count) {
    if (auto n = whole(*count)) p["count"] = *n;
  }
  return p;
}

// The populations and score of one row, into `into` (a group or stratum).
void figures(const MetricRow& r, json& into) {
  json pops = json::array({population("numerator", r.numerator, r.suppressed)});
  if (r.denominator) pops.push_back(population("denominator", r.denominator, false));
  into["population"] = pops;
  if (r.suppressed) {
    into["extension"] = masked();
  } else if (r.value) {
    into["measureScore"] = {{"value", json_number(*r.value, r.unit == MetricUnit::kCount ? 2 : 4)},
                            {"unit", std::string(unit_name(r.unit))}};
  }
}

json concept_text(std::string_view text) {
  return {{"text", std::string(text)}};
}

// A FHIR id from the metric and period: "nel_admissions-2017-18".
std::string report_id(const std::string& metric, const std::string& period) {
  std::string out;
  for (char c : metric + "-" + period) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  }
  return out.substr(0, 64);
}

json report(const std::vector<const MetricRow*>& rows, const MetricDef* def, const Period& period) {
  const MetricRow& first = *rows.front();
  const MetricRow* total = nullptr;
  std::map<std::vector<std::string>, std::vector<const MetricRow*>> by_dims;
  for (const MetricRow* r : rows) {
    if (r->group.empty()) {
      total = r;
      continue;
    }
    std::vector<std::string> dims;
    for (const GroupValue& g : r->group) dims.emplace_back(g.name());
    by_dims[dims].push_back(r);
  }
  bool complete = true;
  for (const MetricRow* r : rows) complete = complete && r->complete;
  json group = {{"code", concept_text(def ? def->name : first.metric)}};
  if (total) figures(*total, group);
  json stratifiers = json::array();
  for (const auto& [dims, members] : by_dims) {
    json codes = json::array();
    for (const std::string& d : dims) codes.push_back(concept_text(d));
    json strata = json::array();
    for (const MetricRow* r : members) {
      json stratum = json::object();
      if (r->group.size() == 1) {
        stratum["value"] = concept_text(r->group[0].value.value_or("(none)"));
      } else {
        json components = json::array();
        for (const GroupValue& g : r->group) {
          components.push_back({{"code", concept_text(g.name())},
                                {"value", concept_text(g.value.value_or("(none)"))}});
        }
        stratum["component"] = components;
      }
      figures(*r, stratum);
      strata.push_back(stratum);
    }
    stratifiers.push_back({{"code", codes}, {"stratum", strata}});
  }
  if (!stratifiers.empty()) group["stratifier"] = stratifiers;
  json out = {{"resourceType", "MeasureReport"},
              {"id", report_id(first.metric, first.period)},
              {"status", complete ? "complete" : "pending"},
              {"type", "summary"},
              {"measure", "urn:bettercare:measure:" + first.metric},
              {"period", {{"start", period.first().iso()}, {"end", period.last().iso()}}},
              {"group", json::array({group})}};
  if (def) {
    out["improvementNotation"] = {
        {"coding", json::array({{{"system",
                                  "http://terminology.hl7.org/CodeSystem/"
                                  "measure-improvement-notation"},
                                 {"code", def->lower_is_better ? "decrease" : "increase"}}})}};
  }
  return out;
}

}  // namespace

json metric_rows_fhir(const std::vector<MetricRow>& rows, const MetricConfig& config,
                      const Period& period) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const MetricRow*>> by_metric;
  for (const MetricRow& r : rows) {
    if (!by_metric.count(r.metric)) order.push_back(r.metric);
    by_metric[r.metric].push_back(&r);
  }
  json entries = json::array();
  for (const std::string& id : order) {
    entries.push_back({{"resource", report(by_metric[id], config.find(id), period)}});
  }
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

}  // namespace bc
