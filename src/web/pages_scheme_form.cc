// The scheme report's editors on its page: plain form fields, one per part
// of the boards' template, each refusal shown next to its field; and, for
// importing a report written elsewhere, the TOML or Markdown text form
// (docs/scheme-reports.md). A report saved from the fields keeps, as its
// source, the TOML the fields make (content_to_toml), so either editor can
// carry on from the other.
#include <fmt/format.h>

#include "present/html_escape.h"
#include "programme/report_content.h"
#include "programme/scheme_report.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

// The report's text fields, in the template's order, by their file names.
struct TextField {
  const char* name;
  const char* label;
  const char* hint;
  bool one_line;
  int rows;
};

const std::vector<TextField>& header_fields() {
  static const std::vector<TextField> f = {
      {"report_author", "Report author", "Needed to submit the report.", true, 0},
      {"pooled_budget_manager", "Pooled budget manager",
       "Leave empty for the scheme's, from the list of schemes.", true, 0},
      {"summary", "Summary",
       "A short paragraph; it is the scheme's entry in the NHS England return's Narrative "
       "sheet.",
       false, 4},
  };
  return f;
}

const std::vector<TextField>& finance_fields() {
  static const std::vector<TextField> f = {
      {"finance.reasons", "Reasons for over/underspends", "", false, 3},
      {"finance.actions", "Actions to address over/underspends", "", false, 3},
      {"finance.savings_opportunities", "Opportunities for savings", "", false, 3},
      {"finance.cost_pressures", "Predicted cost pressures", "", false, 3},
  };
  return f;
}

const TextField kAims = {"aims", "Original aims and outcomes", "Needed to submit the report.",
                         false, 6};
const TextField kEvidence = {"evidence", "Evidence of key developments",
                             "Needed to submit the report.", false, 8};
const TextField kChanges = {"proposed_changes", "Proposed changes for the JCB and HWB", "", false,
                            4};
const TextField kPriorities = {"priorities", "Priorities for the next 3-6 months",
                               "Needed to submit the report.", false, 5};

// A list of the report (indicators, risks, contracts): its columns by
// their file names, the first one required in a row that is not blank.
struct ListField {
  const char* name;                                          // "indicators"
  const char* legend;                                        // "Performance indicators"
  const char* row;                                           // "Indicator"
  std::vector<std::pair<const char*, const char*>> columns;  // (name, label)
  const char* needs;  // the refusal of a row without its first column
};

const ListField& indicators_list() {
  static const ListField l = {"indicators",
                              "Performance indicators",
                              "Indicator",
                              {{"name", "Indicator"},
                               {"target", "Target"},
                               {"actual", "Actual"},
                               {"progress", "Progress"},
                               {"metric", "Better Care metric shown beside it"}},
                              "an indicator needs a name"};
  return l;
}
const ListField& risks_list() {
  static const ListField l = {"risks",
                              "Risks and mitigating actions",
                              "Risk",
                              {{"risk", "Risk or issue"}, {"mitigation", "Mitigating action"}},
                              "a risk needs its description"};
  return l;
}
const ListField& contracts_list() {
  static const ListField l = {"contracts",
                              "Associated contracts",
                              "Contract",
                              {{"contract", "Contract"},
                               {"duration", "Duration"},
                               {"annual_value", "Annual value"},
                               {"spend_to_date", "Over/underspend to date"},
                               {"performance", "Performance to date"},
                               {"comments", "Comments"}},
                              "a contract needs its name"};
  return l;
}

// Blank rows offered after a list's own, to add to it.
constexpr size_t kBlankRows = 2;
// The most bytes a posted field may hold (a text field's limit, with room
// for line ends that normalising shortens).
constexpr size_t kFieldBytes = kMaxReportTextBytes + 4096;

std::string cell(const std::string& list, size_t row, const std::string& column) {
  return fmt::format("{}.{}.{}", list, row, column);
}

// How many rows of a list the form holds.
size_t rows_of(const FormState& st, const ListField& l) {
  size_t n = 0;
  while (st.values.count(cell(l.name, n + 1, l.columns.front().first)) > 0) ++n;
  return n;
}

bool blank_row(const FormState& st, const ListField& l, size_t row) {
  for (const auto& column : l.columns)
    if (!st.value(cell(l.name, row, column.first)).empty()) return false;
  return true;
}

// Each list's rows as text values of the form.
std::vector<std::vector<std::string>> rows_of_content(const SchemeReportContent& c,
                                                      const ListField& l) {
  std::vector<std::vector<std::string>> rows;
  if (&l == &indicators_list()) {
    for (const auto& i : c.indicators)
      rows.push_back({i.name, i.target, i.actual, i.progress, i.metric.value_or("")});
  } else if (&l == &risks_list()) {
    for (const auto& r : c.risks) rows.push_back({r.risk, r.mitigation});
  } else {
    for (const auto& k : c.contracts)
      rows.push_back(
          {k.contract, k.duration, k.annual_value, k.spend_to_date, k.performance, k.comments});
  }
  return rows;
}

const std::vector<const ListField*>& lists() {
  static const std::vector<const ListField*> l = {&contracts_list(), &indicators_list(),
                                                  &risks_list()};
  return l;
}

std::vector<const TextField*> text_fields() {
  std::vector<const TextField*> out;
  for (const auto& f : header_fields()) out.push_back(&f);
  for (const auto& f : finance_fields()) out.push_back(&f);
  for (const TextField* f : {&kAims, &kEvidence, &kChanges, &kPriorities}) out.push_back(f);
  return out;
}

std::string text_field_html(const FormState& st, const TextField& f) {
  return form_field(st, kSchemeForm, f.name, f.label, f.one_line ? "text" : "textarea", f.hint, {},
                    f.rows);
}

std::string list_html(const FormState& st, const ListField& l, const MetricConfig& cfg) {
  std::string out = fmt::format("<fieldset class=\"report-list\" id=\"{}-{}\"><legend>{}</legend>",
                                kSchemeForm, l.name, html_escape(l.legend));
  const size_t rows = rows_of(st, l);
  for (size_t r = 1; r <= rows; ++r) {
    out += fmt::format("<div class=\"action-row\" role=\"group\" aria-label=\"{} {}\">",
                       html_escape(l.row), r);
    for (const auto& [col, label] : l.columns) {
      const std::string name = cell(l.name, r, col);
      const std::string words = fmt::format("{} {}: {}", l.row, r, label);
      if (std::string_view(col) == "metric") {
        std::vector<std::pair<std::string, std::string>> options = {{"", "None"}};
        const std::string chosen = st.value(name);
        if (!chosen.empty() && cfg.find(chosen) == nullptr)
          options.emplace_back(chosen, chosen + " (not a metric of this area)");
        for (const MetricDef& m : cfg.metrics) options.emplace_back(m.id, m.name);
        out += form_field(st, kSchemeForm, name, words, "select", "", options);
      } else {
        // Every text of a row may have line breaks (a file's may), which an
        // <input> would drop.
        out += form_field(st, kSchemeForm, name, words, "textarea", "", {}, 2);
      }
    }
    out += "</div>";
  }
  return out + "</fieldset>\n";
}

// A blank report to start from: the fields docs/scheme-reports.md lists.
std::string starter_toml(const std::string& scheme, const std::string& quarter) {
  return fmt::format(
      "# The {} report for {} (docs/scheme-reports.md describes every field).\n"
      "# Text fields are light Markdown: blank lines between paragraphs, \"- \" for bullets.\n"
      "scheme = \"{}\"\n"
      "quarter = \"{}\"\n"
      "report_author = \"\"\n"
      "report_date = \"\"\n"
      "summary = \"\"\"\n\"\"\"\n\n"
      "aims = \"\"\"\n\"\"\"\n\n"
      "evidence = \"\"\"\n\"\"\"\n\n"
      "proposed_changes = \"\"\"\n\"\"\"\n\n"
      "priorities = \"\"\"\n\"\"\"\n\n"
      "[finance]\n"
      "reasons = \"\"\"\n\"\"\"\n"
      "actions = \"\"\"\n\"\"\"\n"
      "savings_opportunities = \"\"\"\n\"\"\"\n"
      "cost_pressures = \"\"\"\n\"\"\"\n\n"
      "# [[indicators]]\n# name = \"\"\n# target = \"\"\n# actual = \"\"\n# progress = \"\"\n\n"
      "# [[risks]]\n# risk = \"\"\n# mitigation = \"\"\n",
      scheme, quarter, scheme, quarter);
}

}  // namespace

const char* const kSchemeForm = "report";

FormState scheme_form_of(const SchemeReportContent& c) {
  FormState st;
  st.which = kSchemeForm;
  SchemeReportContent copy = c;
  for (const TextField* f : text_fields()) st.values[f->name] = *report_text_field(copy, f->name);
  st.values["report_date"] = c.report_date ? c.report_date->iso() : "";
  for (const ListField* l : lists()) {
    auto rows = rows_of_content(c, *l);
    rows.resize(rows.size() + kBlankRows, std::vector<std::string>(l->columns.size()));
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t k = 0; k < l->columns.size(); ++k)
        st.values[cell(l->name, r + 1, l->columns[k].first)] = rows[r][k];
  }
  return st;
}

Result<FormState> read_scheme_form(const Ctx& ctx) {
  std::vector<std::string> names = {"report_date"};
  for (const TextField* f : text_fields()) names.emplace_back(f->name);
  auto st = read_form_fields(ctx, kSchemeForm, names, kFieldBytes);
  if (!st.ok()) return st.status();
  for (const ListField* l : lists()) {
    // Rows are numbered from 1 with no gaps; a form cannot hold more than
    // a report may, with its blank rows.
    for (size_t r = 1; ctx.req.has_param(cell(l->name, r, l->columns.front().first)); ++r) {
      if (r > kMaxReportListItems + kBlankRows) {
        return Status::invalid_argument(
            fmt::format("the form has more than {} {}", kMaxReportListItems, l->name));
      }
      for (const auto& column : l->columns) {
        const std::string name = cell(l->name, r, column.first);
        auto v = long_field(ctx, name, kFieldBytes);
        if (!v.ok()) return v.status();
        st->values[name] = v->value_or("");
      }
    }
  }
  return st;
}

std::optional<SchemeReportContent> scheme_content_of(FormState& st, const MetricConfig& cfg) {
  SchemeReportContent c;
  auto text = [&](const std::string& name, bool one_line) {
    std::string v = st.value(name);
    if (Status s = normalise_report_text(v, one_line); !s.ok()) st.errors[name] = s.message();
    return v;
  };
  for (const TextField* f : text_fields())
    *report_text_field(c, f->name) = text(f->name, f->one_line);
  c.report_date = form_date(st, "report_date", false);
  for (const ListField* l : lists()) {
    const size_t rows = rows_of(st, *l);
    for (size_t r = 1; r <= rows; ++r) {
      if (blank_row(st, *l, r)) continue;
      std::vector<std::string> v;
      for (const auto& column : l->columns)
        v.push_back(
            text(cell(l->name, r, column.first), std::string_view(column.first) == "metric"));
      const std::string first = cell(l->name, r, l->columns.front().first);
      if (v.front().empty() && st.errors.count(first) == 0) st.errors[first] = l->needs;
      if (l == &indicators_list()) {
        std::optional<std::string> metric;
        if (!v[4].empty()) {
          if (cfg.find(v[4]) == nullptr && st.errors.count(cell(l->name, r, "metric")) == 0)
            st.errors[cell(l->name, r, "metric")] = "choose a metric from the list, or none";
          metric = v[4];
        }
        c.indicators.push_back({v[0], v[1], v[2], v[3], metric});
      } else if (l == &risks_list()) {
        c.risks.push_back({v[0], v[1]});
      } else {
        c.contracts.push_back({v[0], v[1], v[2], v[3], v[4], v[5]});
      }
    }
  }
  for (const ListField* l : lists()) {
    const size_t n = l == &indicators_list() ? c.indicators.size()
                     : l == &risks_list()    ? c.risks.size()
                                             : c.contracts.size();
    if (n > kMaxReportListItems)
      st.errors[cell(l->name, 1, l->columns.front().first)] =
          fmt::format("{} rows; a report may have at most {}", n, kMaxReportListItems);
  }
  if (!st.errors.empty()) return std::nullopt;
  // Each field was checked above to the rules a file's are held to; this
  // normalises the content as every other way of setting it does.
  if (Status s = normalise_content(c); !s.ok()) {
    st.errors["form"] = s.message();
    return std::nullopt;
  }
  return c;
}

void mark_missing_for_submission(FormState& st, const SchemeReportContent& c) {
  for (const std::string& f : missing_for_submission(c))
    st.errors[f] = "needed before the report can be submitted";
}

FieldLabels scheme_form_labels(const FormState& st) {
  // Every field of the form, in the order the form shows them.
  FieldLabels all;
  auto text = [&](const TextField& f) { all.emplace_back(f.name, f.label); };
  auto list = [&](const ListField& l) {
    for (size_t r = 1; r <= rows_of(st, l); ++r)
      for (const auto& [col, label] : l.columns)
        all.emplace_back(cell(l.name, r, col), fmt::format("{} {}: {}", l.row, r, label));
  };
  text(header_fields()[0]);
  all.emplace_back("report_date", "Report date");
  text(header_fields()[1]);
  text(header_fields()[2]);
  for (const auto& f : finance_fields()) text(f);
  list(contracts_list());
  text(kAims);
  text(kEvidence);
  list(indicators_list());
  list(risks_list());
  text(kChanges);
  text(kPriorities);
  all.emplace_back("form", "The report");
  FieldLabels refused;
  for (auto& field : all)
    if (st.errors.count(field.first) > 0) refused.push_back(std::move(field));
  return refused;
}

std::string scheme_form_html(const Ctx& ctx, const std::string& action, const std::string& pt,
                             const FormState& st, const MetricConfig& cfg) {
  std::string out = fmt::format(
      "<form id=\"{}-form\" method=\"post\" action=\"{}\" novalidate>{}<input type=\"hidden\" "
      "name=\"period\" "
      "value=\"{}\">"
      "<p class=\"note\">Text fields take light Markdown: a blank line between paragraphs, "
      "\"- \" at the start of a line for a bullet. Empty rows of a list are left out.</p>",
      kSchemeForm, html_escape(action), csrf_input(ctx), html_escape(pt));
  out += "<fieldset><legend>The report</legend>";
  out += text_field_html(st, header_fields()[0]);
  out += form_field(st, kSchemeForm, "report_date", "Report date", "date",
                    "Needed to submit the report.");
  out += text_field_html(st, header_fields()[1]);
  out += text_field_html(st, header_fields()[2]);
  out += "</fieldset>";
  out +=
      "<fieldset><legend>Financial performance</legend><p class=\"note\">The figures come from "
      "the ledger; write only what explains them.</p>";
  for (const auto& f : finance_fields()) out += text_field_html(st, f);
  out += "</fieldset>";
  out += list_html(st, contracts_list(), cfg);
  out += text_field_html(st, kAims);
  out += text_field_html(st, kEvidence);
  out += list_html(st, indicators_list(), cfg);
  out += list_html(st, risks_list(), cfg);
  out += text_field_html(st, kChanges);
  out += text_field_html(st, kPriorities);
  out +=
      "<p class=\"note\">Need more rows? Save, and two more empty rows appear under each "
      "list.</p><div class=\"form-row\"><button type=\"submit\">Save the draft</button></div>"
      "</form>\n";
  return out;
}

std::string scheme_import_form(const Ctx& ctx, const std::string& action, const std::string& pt,
                               const SchemeReportVersion* rep, const std::string& scheme,
                               const std::string& quarter) {
  // Every way of setting a report keeps the text it came from; a version
  // without one offers the blank file to start from.
  const bool has_source = rep && !rep->source.empty();
  const std::string format = has_source && rep->source_format == "markdown" ? "markdown" : "toml";
  const std::string source = has_source ? rep->source : starter_toml(scheme, quarter);
  // The form is url-encoded (the server takes bodies up to 1 MiB whatever
  // their type), with the period also in the URL; the router reads the CSRF
  // token from the body's field (never from the URL).
  return fmt::format(
      "<details class=\"import\"><summary>Import a report written as a file (TOML or "
      "Markdown)</summary>"
      "<form method=\"post\" action=\"{}\">{}<input "
      "type=\"hidden\" name=\"period\" value=\"{}\">"
      "<p class=\"note\">Paste a report written in TOML or in Markdown with TOML front matter, "
      "as docs/scheme-reports.md describes; it replaces what the fields above hold.</p>"
      "<div class=\"form-row\"><label for=\"format\">Format</label> <select id=\"format\" "
      "name=\"format\"><option value=\"toml\"{}>TOML</option><option "
      "value=\"markdown\"{}>Markdown with TOML front matter</option></select></div>"
      "<label for=\"source\">Report text</label>"
      "<textarea id=\"source\" name=\"source\" spellcheck=\"true\" rows=\"20\">{}</textarea>"
      "<div class=\"form-row\"><button type=\"submit\">Import as the draft</button></div></form>"
      "</details>\n",
      html_escape(action), csrf_input(ctx), html_escape(pt), format == "toml" ? " selected" : "",
      format == "markdown" ? " selected" : "", html_escape(source));
}

}  // namespace bc::web
