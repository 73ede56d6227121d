// Writing a report's content as the TOML form of docs/scheme-reports.md, so
// that a report saved from the web's plain fields keeps a source text that
// the TOML editor and `scheme-report get --source` give back, and that
// reads back to the same content.
#include <fmt/format.h>

#include "programme/report_content.h"

namespace bc {
namespace {

// The body of a TOML basic string: quotes, backslashes and control
// characters escaped (normalised text has only \n and \t of those).
std::string escaped(std::string_view text, bool multi_line) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n' && multi_line) {
      out += '\n';
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
    } else {
      out += ch;
    }
  }
  return out;
}

// `key = "..."` for a line, `key = """` block for a text with line breaks.
std::string key_value(std::string_view key, std::string_view text) {
  if (text.find('\n') == std::string_view::npos)
    return fmt::format("{} = \"{}\"\n", key, escaped(text, false));
  return fmt::format("{} = \"\"\"\n{}\n\"\"\"\n", key, escaped(text, true));
}

}  // namespace

std::string content_to_toml(const SchemeReportContent& c, std::string_view scheme,
                            std::string_view quarter) {
  std::string out = "# Written by bettercare from the report's form (docs/scheme-reports.md).\n";
  if (!scheme.empty()) out += key_value("scheme", scheme);
  if (!quarter.empty()) out += key_value("quarter", quarter);
  out += key_value("report_author", c.report_author);
  if (!c.pooled_budget_manager.empty())
    out += key_value("pooled_budget_manager", c.pooled_budget_manager);
  if (c.report_date) out += fmt::format("report_date = {}\n", c.report_date->iso());
  out += key_value("summary", c.summary);
  out += key_value("aims", c.aims);
  out += key_value("evidence", c.evidence);
  out += key_value("proposed_changes", c.proposed_changes);
  out += key_value("priorities", c.priorities);
  out += "\n[finance]\n";
  out += key_value("reasons", c.finance_reasons);
  out += key_value("actions", c.finance_actions);
  out += key_value("savings_opportunities", c.savings_opportunities);
  out += key_value("cost_pressures", c.cost_pressures);
  for (const ReportIndicator& i : c.indicators) {
    out += "\n[[indicators]]\n";
    out += key_value("name", i.name);
    out += key_value("target", i.target);
    out += key_value("actual", i.actual);
    out += key_value("progress", i.progress);
    if (i.metric) out += key_value("metric", *i.metric);
  }
  for (const ReportRisk& r : c.risks) {
    out += "\n[[risks]]\n";
    out += key_value("risk", r.risk);
    out += key_value("mitigation", r.mitigation);
  }
  for (const ReportContract& k : c.contracts) {
    out += "\n[[contracts]]\n";
    out += key_value("contract", k.contract);
    out += key_value("duration", k.duration);
    out += key_value("annual_value", k.annual_value);
    out += key_value("spend_to_date", k.spend_to_date);
    out += key_value("performance", k.performance);
    out += key_value("comments", k.comments);
  }
  return out;
}

}  // namespace bc
