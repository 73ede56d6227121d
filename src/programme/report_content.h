// The content of a scheme's quarterly report, and the two files a scheme
// lead may write it in.
//
// The content follows the boards' template (DOMAIN.md, "The scheme's
// quarterly report"): header, financial performance, original aims,
// evidence of developments, performance indicators, risks, proposed changes
// and priorities. The numbers of the financial block are deliberately not
// part of it: the renderer takes them from the ledger at render time, so a
// report can never disagree with the pooled fund. The lead writes only the
// narrative.
//
// Text fields hold light Markdown: paragraphs separated by blank lines;
// lines beginning "- " or "* " are bullets, indented by two or more spaces
// for a nested bullet. Every text is normalised the same way wherever it
// comes from (a file, JSON, a caller): line ends become \n, trailing
// whitespace goes from every line, blank lines at either end go; control
// characters other than \n and \t, invalid UTF-8 and absurd sizes are
// refused with a message naming the field.
//
// The file formats, every field and every heading alias are documented in
// docs/scheme-reports.md.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace bc {

// A performance indicator with its target and actual as written
// ("69", "Data still unavailable from SCC").
struct ReportIndicator {
  std::string name, target, actual, progress;
  // A Better Care metric id (e.g. "nel_admissions") whose value the
  // renderer may show beside the indicator. Checked only for its shape
  // here: the programme box does not know the metric definitions.
  std::optional<std::string> metric;
  bool operator==(const ReportIndicator&) const = default;
};

struct ReportRisk {
  std::string risk, mitigation;
  bool operator==(const ReportRisk&) const = default;
};

// A row of the 2015 template's "Associated contracts".
struct ReportContract {
  std::string contract, duration, annual_value, spend_to_date, performance, comments;
  bool operator==(const ReportContract&) const = default;
};

struct SchemeReportContent {
  std::string report_author;
  std::string pooled_budget_manager;  // empty: the scheme's, from schemes.csv
  std::optional<Date> report_date;
  std::string summary;  // a short paragraph, for the NHS England return's Narrative sheet
  std::string finance_reasons, finance_actions, savings_opportunities, cost_pressures;
  std::vector<ReportContract> contracts;
  std::string aims, evidence;
  std::vector<ReportIndicator> indicators;
  std::vector<ReportRisk> risks;
  std::string proposed_changes, priorities;
  bool operator==(const SchemeReportContent&) const = default;
};

// Limits that catch a wrong file rather than constrain a real report.
inline constexpr size_t kMaxReportFileBytes = 1 << 20;   // 1 MiB
inline constexpr size_t kMaxReportTextBytes = 64 << 10;  // 64 KiB per text field
inline constexpr size_t kMaxReportListItems = 500;       // indicators, risks, contracts

// Normalises one text value in place (see above). `one_line` refuses line
// breaks (names, dates). The message does not name the field: callers add
// where it came from.
Status normalise_report_text(std::string& text, bool one_line);

// Normalises every field of c in place; the message names the field, e.g.
// "indicators[2].progress: contains a control character (\x07)".
Status normalise_content(SchemeReportContent& c);

// The text field of c a file names `name` ("aims", "finance.reasons", ...),
// or nullptr for a name that is not a text field.
std::string* report_text_field(SchemeReportContent& c, std::string_view name);

// The fields `submit` insists on, by their file names (report_author,
// report_date, aims, evidence, priorities), that are empty in c.
std::vector<std::string> missing_for_submission(const SchemeReportContent& c);

// Canonical JSON: every field present, keys sorted, no insignificant
// whitespace; equal contents give equal strings.
std::string content_to_json(const SchemeReportContent& c);
// The inverse; strict about keys and types, and normalises like
// normalise_content. InvalidData on anything else.
Result<SchemeReportContent> content_from_json(std::string_view json);

// The content as a TOML report file (the TOML form of
// docs/scheme-reports.md), naming the scheme and quarter when given (not
// empty). Normalised content reads back, through
// parse_scheme_report_file, to content equal to c.
std::string content_to_toml(const SchemeReportContent& c, std::string_view scheme,
                            std::string_view quarter);

// A report file as read: the content, the format it was written in, and the
// scheme and quarter the file names for itself, if it does.
struct ParsedSchemeReport {
  SchemeReportContent content;
  std::string format;                  // "toml" or "markdown"
  std::optional<std::string> scheme;   // the file's `scheme` key
  std::optional<std::string> quarter;  // its `quarter` key, as written
  int scheme_line = 0, quarter_line = 0;
};

// Parses a report file; the format comes from file_name's extension: .toml
// for TOML, .md or .markdown for Markdown with TOML front matter. Errors are
// InvalidData located as "FILE:LINE[:COL]: message"; an unknown extension is
// InvalidArgument.
Result<ParsedSchemeReport> parse_scheme_report_file(std::string_view text,
                                                    std::string_view file_name);
// The content alone, for callers that do not check the file's own scheme
// and quarter keys.
Result<SchemeReportContent> parse_scheme_report(std::string_view text, std::string_view file_name);

// The Markdown section headings (canonical spellings, then aliases) and the
// field each fills, as documented. For docs and error messages.
struct ReportHeading {
  std::string_view field;      // e.g. "finance_reasons"
  std::string_view canonical;  // e.g. "Reasons for over/underspends"
  std::vector<std::string_view> aliases;
};
const std::vector<ReportHeading>& report_headings();

}  // namespace bc
