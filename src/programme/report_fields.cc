// The fields of a scheme report file as its readers see them: the
// top-level keys, the text each fills, the columns of its lists (indicators,
// risks, contracts) with the names a table may give them, the Markdown
// section headings, and the words and suggestions error messages use
// (report_parse_parts.h).
#include <fmt/format.h>

#include <algorithm>

#include "programme/report_content.h"
#include "programme/report_parse_parts.h"

namespace bc {
namespace report_parse {
namespace {

const ListSpec& indicators_spec() {
  static const ListSpec s = {
      "indicators",
      "an indicator",
      {{"name", "Indicator", {"indicator", "name", "performance indicator", "indicators"}, true},
       {"target", "Target", {"target", "plan", "plan to date", "target to date"}},
       {"actual", "Actual", {"actual", "actual to date"}},
       {"progress", "Progress", {"progress", "progress to date", "commentary", "comments"}},
       {"metric", "Metric", {"metric", "metric id", "better care metric"}}}};
  return s;
}

const ListSpec& risks_spec() {
  static const ListSpec s = {
      "risks",
      "a risk",
      {{"risk", "Risk", {"risk", "risks", "risk or issue", "risks and issues", "issue"}, true},
       {"mitigation",
        "Mitigation",
        {"mitigation", "mitigations", "mitigating action", "mitigating actions"}}}};
  return s;
}

const ListSpec& contracts_spec() {
  static const ListSpec s = {
      "contracts",
      "a contract",
      {{"contract", "Contract", {"contract", "contracts"}, true},
       {"duration", "Duration", {"duration"}},
       {"annual_value", "Annual value", {"annual value", "value"}},
       {"spend_to_date",
        "Spend to date",
        {"spend to date", "over under spend to date", "any over under spend to date"}},
       {"performance",
        "Performance",
        {"performance", "performance to date", "summary of performance to date"}},
       {"comments", "Comments", {"comments", "further comments"}}}};
  return s;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const std::vector<TopKey>& top_keys() {
  static const std::vector<TopKey> k = {
      {"scheme", Kind::kScheme},
      {"quarter", Kind::kQuarter},
      {"report_author", Kind::kLine},
      {"pooled_budget_manager", Kind::kLine},
      {"report_date", Kind::kDate},
      {"summary", Kind::kText},
      {"finance", Kind::kFinance},
      {"contracts", Kind::kContracts},
      {"aims", Kind::kText},
      {"evidence", Kind::kText},
      {"indicators", Kind::kIndicators},
      {"risks", Kind::kRisks},
      {"proposed_changes", Kind::kText},
      {"priorities", Kind::kText},
  };
  return k;
}

std::string* text_field(SchemeReportContent& c, std::string_view path) {
  if (path == "report_author") return &c.report_author;
  if (path == "pooled_budget_manager") return &c.pooled_budget_manager;
  if (path == "summary") return &c.summary;
  if (path == "finance.reasons") return &c.finance_reasons;
  if (path == "finance.actions") return &c.finance_actions;
  if (path == "finance.savings_opportunities") return &c.savings_opportunities;
  if (path == "finance.cost_pressures") return &c.cost_pressures;
  if (path == "aims") return &c.aims;
  if (path == "evidence") return &c.evidence;
  if (path == "proposed_changes") return &c.proposed_changes;
  if (path == "priorities") return &c.priorities;
  return nullptr;
}

const ListSpec& list_spec(Kind k) {
  if (k == Kind::kIndicators) return indicators_spec();
  if (k == Kind::kRisks) return risks_spec();
  return contracts_spec();
}

Status add_row(SchemeReportContent& c, Kind k, Row row) {
  auto take = [&](std::string_view key) {
    auto it = row.find(key);
    return it == row.end() ? std::string() : std::move(it->second);
  };
  if (k == Kind::kIndicators) {
    ReportIndicator i;
    i.name = take("name");
    i.target = take("target");
    i.actual = take("actual");
    i.progress = take("progress");
    if (row.count("metric") > 0) i.metric = take("metric");
    c.indicators.push_back(std::move(i));
  } else if (k == Kind::kRisks) {
    c.risks.push_back({take("risk"), take("mitigation")});
  } else {
    c.contracts.push_back({take("contract"), take("duration"), take("annual_value"),
                           take("spend_to_date"), take("performance"), take("comments")});
  }
  return Status::ok_status();
}

size_t list_size(const SchemeReportContent& c, Kind k) {
  if (k == Kind::kIndicators) return c.indicators.size();
  if (k == Kind::kRisks) return c.risks.size();
  return c.contracts.size();
}

std::string words(std::string_view s) {
  std::string out;
  bool space = false;
  auto add = [&](std::string_view w) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += w;
  };
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      add(std::string(1, static_cast<char>(c - 'A' + 'a')));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      add(std::string(1, static_cast<char>(c)));
    } else if (c == '&') {
      space = true;
      add("and");
      space = true;
    } else {
      space = true;
    }
  }
  return out;
}

std::string suggestion(std::string_view key, const std::vector<std::string_view>& allowed) {
  std::string_view best;
  size_t best_d = 3;
  for (auto a : allowed) {
    size_t d = edit_distance(key, a);
    if (d < best_d) best = a, best_d = d;
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

std::string join(const std::vector<std::string_view>& v) {
  std::string out;
  for (auto s : v) out.append(out.empty() ? "" : ", ").append(s);
  return out;
}

}  // namespace report_parse

const std::vector<ReportHeading>& report_headings() {
  static const std::vector<ReportHeading> h = {
      {"summary", "Summary", {"Executive summary", "Narrative"}},
      {"finance.reasons",
       "Reasons for over/underspends",
       {"Reasons for over/under spends", "Reasons for overspends or underspends",
        "What are the reasons for over/underspends?", "Reasons for the variance",
        "Reasons for variance"}},
      {"finance.actions",
       "Actions to address over/underspends",
       {"Actions being taken to address over/underspends",
        "What actions are being taken to address over/underspends?",
        "Actions to address the variance"}},
      {"finance.savings_opportunities",
       "Opportunities for savings",
       {"Are there any opportunities for savings?", "Savings opportunities"}},
      {"finance.cost_pressures", "Predicted cost pressures", {"Cost pressures"}},
      {"contracts", "Associated contracts", {"Contracts"}},
      {"aims",
       "Original aims and outcomes",
       {"Original aims and anticipated outcomes",
        "Original aims and anticipated outcomes for this scheme", "Aims and outcomes", "Aims"}},
      {"evidence",
       "Evidence of key developments",
       {"Evidence of key developments/successes/achievements",
        "Evidence of key developments/successes/achievements this quarter",
        "Evidence of delivery against original aims and outcomes", "Key developments", "Evidence"}},
      {"indicators", "Performance indicators", {"Indicators"}},
      {"risks",
       "Risks and mitigating actions",
       {"Risks and issues", "Risks, issues and mitigating actions",
        "Summary of risks and issues & mitigating actions", "Risks"}},
      {"proposed_changes",
       "Proposed changes for the JCB and HWB",
       {"Proposed changes for the JCB and HWBB", "Proposed changes/recommendations",
        "Proposed changes and recommendations",
        "Proposed changes/recommendations for consideration by the JCB and HWB", "Proposed changes",
        "Recommendations"}},
      {"priorities",
       "Priorities for the next 3-6 months",
       {"Priorities for the next 3 to 6 months", "Priorities for the forthcoming period",
        "Priorities for forthcoming period", "Priorities"}},
  };
  return h;
}

std::string* report_text_field(SchemeReportContent& c, std::string_view name) {
  return report_parse::text_field(c, name);
}

}  // namespace bc
