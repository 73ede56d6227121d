#include "programme/scheme_report_json.h"

namespace bc {

nlohmann::json scheme_report_json(const SchemeReportVersion& v, bool full) {
  using nlohmann::json;
  json j = {{"scheme", v.scheme},
            {"scheme_name", v.scheme_name},
            {"host", v.host},
            {"quarter", v.quarter},
            {"version", v.version},
            {"latest_version", v.latest_version},
            {"state", state_name(v.state)},
            {"pooled_budget_manager", v.pooled_budget_manager()},
            {"report_author", v.content.report_author},
            {"report_date", v.content.report_date ? json(v.content.report_date->iso()) : json()},
            {"source_format", v.source_format},
            {"created_at", v.created_at},
            {"created_by", v.created_by},
            {"updated_at", v.updated_at},
            {"updated_by", v.updated_by}};
  j["steps"] = json::array();
  for (const auto& s : v.steps) {
    j["steps"].push_back({{"step", step_name(s.step)},
                          {"on", s.on.iso()},
                          {"by", s.by},
                          {"note", s.note},
                          {"recorded_at", s.recorded_at}});
  }
  if (full) {
    j["content"] = json::parse(content_to_json(v.content));
    j["source"] = v.source;
  }
  return j;
}

}  // namespace bc
