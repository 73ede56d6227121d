#include "programme/report_content.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace bc {
namespace {

std::string size_text(size_t bytes) {
  if (bytes >= (1u << 20)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
  if (bytes >= (1u << 10)) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / (1 << 10));
  return fmt::format("{} bytes", bytes);
}

// A metric id as config/metrics.toml writes them: nel_admissions.
bool is_metric_id(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status field_error(std::string_view field, const Status& s) {
  return Status::invalid_data(fmt::format("{}: {}", field, s.message()));
}

}  // namespace

Status normalise_report_text(std::string& text, bool one_line) {
  if (text.size() > kMaxReportTextBytes) {
    return Status::invalid_data(fmt::format("the text is {}; a text may be at most {}",
                                            size_text(text.size()),
                                            size_text(kMaxReportTextBytes)));
  }
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    return Status::invalid_data(
        fmt::format("invalid UTF-8 or a NUL byte at byte {} of the text", bad + 1));
  }
  // Line ends to \n; refuse other control characters (C0, DEL and C1).
  std::string s;
  s.reserve(text.size());
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      s += '\n';
      ++line;
      continue;
    }
    if (c == '\n') ++line;
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
      const unsigned code = c1 ? static_cast<unsigned char>(text[i + 1]) : c;
      return Status::invalid_data(fmt::format(
          "contains a control character (U+{:04X}) on line {} of the text; only line breaks "
          "and tabs are allowed",
          code, line));
    }
    s += static_cast<char>(c);
  }
  // Trailing whitespace off every line; blank lines off both ends.
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    std::string l = s.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    l.erase(l.find_last_not_of(" \t") + 1);
    lines.push_back(std::move(l));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(first));
  if (one_line) {
    if (lines.size() > 1) return Status::invalid_data("must be one line");
    text = lines.empty() ? std::string() : lines[0];
    text.erase(0, text.find_first_not_of(" \t") == std::string::npos
                      ? text.size()
                      : text.find_first_not_of(" \t"));
    return Status::ok_status();
  }
  // Remove the indentation every line shares (a TOML multi-line string
  // indented for readability), so that nesting is relative to the text.
  size_t common = std::string::npos;
  for (const auto& l : lines) {
    if (l.empty()) continue;
    common = std::min(common, l.find_first_not_of(' '));
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    if (!lines[i].empty() && common != std::string::npos) out += lines[i].substr(common);
  }
  text = std::move(out);
  return Status::ok_status();
}

Status normalise_content(SchemeReportContent& c) {
  struct Text {
    std::string_view name;
    std::string* value;
    bool one_line;
  };
  const Text texts[] = {
      {"report_author", &c.report_author, true},
      {"pooled_budget_manager", &c.pooled_budget_manager, true},
      {"summary", &c.summary, false},
      {"finance.reasons", &c.finance_reasons, false},
      {"finance.actions", &c.finance_actions, false},
      {"finance.savings_opportunities", &c.savings_opportunities, false},
      {"finance.cost_pressures", &c.cost_pressures, false},
      {"aims", &c.aims, false},
      {"evidence", &c.evidence, false},
      {"proposed_changes", &c.proposed_changes, false},
      {"priorities", &c.priorities, false},
  };
  for (const Text& t : texts) {
    if (Status s = normalise_report_text(*t.value, t.one_line); !s.ok())
      return field_error(t.name, s);
  }
  auto too_many = [](std::string_view list, size_t n) {
    return Status::invalid_data(
        fmt::format("{}: {} entries; a report may have at most {}", list, n, kMaxReportListItems));
  };
  if (c.indicators.size() > kMaxReportListItems) return too_many("indicators", c.indicators.size());
  if (c.risks.size() > kMaxReportListItems) return too_many("risks", c.risks.size());
  if (c.contracts.size() > kMaxReportListItems) return too_many("contracts", c.contracts.size());

  for (size_t i = 0; i < c.indicators.size(); ++i) {
    ReportIndicator& ind = c.indicators[i];
    const std::string where = fmt::format("indicator {}", i + 1);
    for (auto [name, value] :
         {std::pair{"name", &ind.name}, std::pair{"target", &ind.target},
          std::pair{"actual", &ind.actual}, std::pair{"progress", &ind.progress}}) {
      if (Status s = normalise_report_text(*value, false); !s.ok())
        return field_error(where + ", " + name, s);
    }
    if (ind.name.empty()) return Status::invalid_data(where + ": an indicator needs a name");
    if (ind.metric) {
      if (Status s = normalise_report_text(*ind.metric, true); !s.ok())
        return field_error(where + ", metric", s);
      if (ind.metric->empty()) {
        ind.metric.reset();
      } else if (!is_metric_id(*ind.metric)) {
        return Status::invalid_data(fmt::format(
            "{}, metric: '{}' is not a metric id (lower-case letters, digits and _, as in "
            "config/metrics.toml, e.g. nel_admissions)",
            where, printable(*ind.metric)));
      }
    }
  }
  for (size_t i = 0; i < c.risks.size(); ++i) {
    ReportRisk& r = c.risks[i];
    const std::string where = fmt::format("risk {}", i + 1);
    for (auto [name, value] :
         {std::pair{"risk", &r.risk}, std::pair{"mitigation", &r.mitigation}}) {
      if (Status s = normalise_report_text(*value, false); !s.ok())
        return field_error(where + ", " + name, s);
    }
    if (r.risk.empty()) return Status::invalid_data(where + ": a risk needs its description");
  }
  for (size_t i = 0; i < c.contracts.size(); ++i) {
    ReportContract& k = c.contracts[i];
    const std::string where = fmt::format("contract {}", i + 1);
    for (auto [name, value] :
         {std::pair{"contract", &k.contract}, std::pair{"duration", &k.duration},
          std::pair{"annual_value", &k.annual_value}, std::pair{"spend_to_date", &k.spend_to_date},
          std::pair{"performance", &k.performance}, std::pair{"comments", &k.comments}}) {
      if (Status s = normalise_report_text(*value, false); !s.ok())
        return field_error(where + ", " + name, s);
    }
    if (k.contract.empty()) return Status::invalid_data(where + ": a contract needs its name");
  }
  return Status::ok_status();
}

std::vector<std::string> missing_for_submission(const SchemeReportContent& c) {
  std::vector<std::string> missing;
  if (c.report_author.empty()) missing.emplace_back("report_author");
  if (!c.report_date) missing.emplace_back("report_date");
  if (c.aims.empty()) missing.emplace_back("aims");
  if (c.evidence.empty()) missing.emplace_back("evidence");
  if (c.priorities.empty()) missing.emplace_back("priorities");
  return missing;
}

std::string content_to_json(const SchemeReportContent& c) {
  using nlohmann::json;
  json j = json::object();
  j["report_author"] = c.report_author;
  j["pooled_budget_manager"] = c.pooled_budget_manager;
  j["report_date"] = c.report_date ? json(c.report_date->iso()) : json();
  j["summary"] = c.summary;
  j["finance_reasons"] = c.finance_reasons;
  j["finance_actions"] = c.finance_actions;
  j["savings_opportunities"] = c.savings_opportunities;
  j["cost_pressures"] = c.cost_pressures;
  j["contracts"] = json::array();
  for (const auto& k : c.contracts) {
    j["contracts"].push_back({{"contract", k.contract},
                              {"duration", k.duration},
                              {"annual_value", k.annual_value},
                              {"spend_to_date", k.spend_to_date},
                              {"performance", k.performance},
                              {"comments", k.comments}});
  }
  j["aims"] = c.aims;
  j["evidence"] = c.evidence;
  j["indicators"] = json::array();
  for (const auto& i : c.indicators) {
    j["indicators"].push_back({{"name", i.name},
                               {"target", i.target},
                               {"actual", i.actual},
                               {"progress", i.progress},
                               {"metric", i.metric ? json(*i.metric) : json()}});
  }
  j["risks"] = json::array();
  for (const auto& r : c.risks)
    j["risks"].push_back({{"risk", r.risk}, {"mitigation", r.mitigation}});
  j["proposed_changes"] = c.proposed_changes;
  j["priorities"] = c.priorities;
  // Replace rather than throw on invalid UTF-8: a caller may hand us content
  // that was never normalised; the store only ever holds normalised content.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<SchemeReportContent> content_from_json(std::string_view text) {
  using nlohmann::json;
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return Status::invalid_data(fmt::format("scheme report JSON: {}", e.what()));
  }
  if (!j.is_object()) return Status::invalid_data("scheme report JSON: not an object");
  SchemeReportContent c;
  auto string_of = [](const json& v, const std::string& where, std::string* out) -> Status {
    if (!v.is_string())
      return Status::invalid_data(fmt::format("scheme report JSON: {} must be a string", where));
    *out = v.get<std::string>();
    return Status::ok_status();
  };
  // Objects of a list: every key known, every value a string (or null where
  // allowed).
  auto object_of = [&](const json& v, const std::string& where,
                       const std::vector<std::pair<std::string, std::string*>>& fields,
                       std::optional<std::string>* metric) -> Status {
    if (!v.is_object())
      return Status::invalid_data(fmt::format("scheme report JSON: {} must be an object", where));
    for (const auto& [k, val] : v.items()) {
      if (metric != nullptr && k == "metric") {
        if (val.is_null()) continue;
        std::string m;
        if (Status s = string_of(val, where + ".metric", &m); !s.ok()) return s;
        *metric = m;
        continue;
      }
      auto f = std::find_if(fields.begin(), fields.end(),
                            [&, key = k](const auto& p) { return p.first == key; });
      if (f == fields.end())
        return Status::invalid_data(
            fmt::format("scheme report JSON: {}: unknown key '{}'", where, printable(k)));
      if (Status s = string_of(val, where + "." + k, f->second); !s.ok()) return s;
    }
    return Status::ok_status();
  };
  const std::vector<std::pair<std::string, std::string*>> texts = {
      {"report_author", &c.report_author},
      {"pooled_budget_manager", &c.pooled_budget_manager},
      {"summary", &c.summary},
      {"finance_reasons", &c.finance_reasons},
      {"finance_actions", &c.finance_actions},
      {"savings_opportunities", &c.savings_opportunities},
      {"cost_pressures", &c.cost_pressures},
      {"aims", &c.aims},
      {"evidence", &c.evidence},
      {"proposed_changes", &c.proposed_changes},
      {"priorities", &c.priorities},
  };
  for (const auto& [key, value] : j.items()) {
    auto t = std::find_if(texts.begin(), texts.end(),
                          [&, k = key](const auto& p) { return p.first == k; });
    if (t != texts.end()) {
      if (Status s = string_of(value, key, t->second); !s.ok()) return s;
    } else if (key == "report_date") {
      if (value.is_null()) continue;
      std::string d;
      if (Status s = string_of(value, key, &d); !s.ok()) return s;
      auto date = Date::parse(d);
      if (!date.ok())
        return Status::invalid_data(
            fmt::format("scheme report JSON: report_date: {}", date.error()));
      c.report_date = *date;
    } else if (key == "indicators" || key == "risks" || key == "contracts") {
      if (!value.is_array())
        return Status::invalid_data(fmt::format("scheme report JSON: {} must be an array", key));
      for (size_t i = 0; i < value.size(); ++i) {
        const std::string where = fmt::format("{}[{}]", key, i);
        Status s;
        if (key == "indicators") {
          ReportIndicator& x = c.indicators.emplace_back();
          s = object_of(value[i], where,
                        {{"name", &x.name},
                         {"target", &x.target},
                         {"actual", &x.actual},
                         {"progress", &x.progress}},
                        &x.metric);
        } else if (key == "risks") {
          ReportRisk& x = c.risks.emplace_back();
          s = object_of(value[i], where, {{"risk", &x.risk}, {"mitigation", &x.mitigation}},
                        nullptr);
        } else {
          ReportContract& x = c.contracts.emplace_back();
          s = object_of(value[i], where,
                        {{"contract", &x.contract},
                         {"duration", &x.duration},
                         {"annual_value", &x.annual_value},
                         {"spend_to_date", &x.spend_to_date},
                         {"performance", &x.performance},
                         {"comments", &x.comments}},
                        nullptr);
        }
        if (!s.ok()) return s;
      }
    } else {
      return Status::invalid_data(
          fmt::format("scheme report JSON: unknown key '{}'", printable(key)));
    }
  }
  if (Status s = normalise_content(c); !s.ok()) {
    return Status::invalid_data("scheme report JSON: " + s.message());
  }
  return c;
}

}  // namespace bc
