// Internal to programme: what the readers of a scheme report file share,
// in the files that hold them: report_fields.cc (the report's fields, the
// Markdown headings and the columns of its lists, and the words and
// suggestions its error messages use), report_toml.cc (a TOML file, or a
// Markdown file's front matter), report_markdown.cc (the Markdown sections
// and tables) and report_parse.cc (the entry points in report_content.h).
// Not part of the programme module's contract.
//
// Thread safety: pure functions of their arguments; the tables are
// immutable once built.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "programme/report_content.h"

namespace bc::report_parse {

// What a field of the report is, and so how it is read.
enum class Kind {
  kLine,
  kText,
  kDate,
  kScheme,
  kQuarter,
  kFinance,
  kContracts,
  kIndicators,
  kRisks
};

struct TopKey {
  std::string_view key;
  Kind kind;
};

// The top-level keys, in the order the template has them.
const std::vector<TopKey>& top_keys();

// The text a field path ("aims", "finance.reasons") fills; nullptr for a
// path that is not a text field.
std::string* text_field(SchemeReportContent& c, std::string_view path);

// A column of a list's table (and the key of its TOML table).
struct Column {
  std::string_view key;
  std::string_view header;  // as the docs and messages write it
  std::vector<std::string_view> aliases;
  bool required = false;
};

struct ListSpec {
  std::string_view key;   // "indicators"
  std::string_view what;  // "an indicator"
  std::vector<Column> columns;
};

// The columns of a list: indicators, risks or contracts (any other kind is
// taken as contracts).
const ListSpec& list_spec(Kind k);

// A row of a list, whatever the list: column key -> text.
using Row = std::map<std::string, std::string, std::less<>>;

// Appends `row` to the list of kind k; columns it lacks are empty.
Status add_row(SchemeReportContent& c, Kind k, Row row);

// How many items the list of kind k holds.
size_t list_size(const SchemeReportContent& c, Kind k);

// Lower case ASCII words: punctuation (and any non-ASCII byte, such as an en
// dash) separates words; "&" is "and". Headings and column names are matched
// by their words.
std::string words(std::string_view s);

// " (did you mean 'report_author'?)" for a near miss, else "".
std::string suggestion(std::string_view key, const std::vector<std::string_view>& allowed);

// "a, b, c".
std::string join(const std::vector<std::string_view>& v);

// Where a field came from, for "given twice" errors.
struct Origin {
  int line = 0;
  bool heading = false;  // a Markdown section rather than a TOML key
};

// Every field given so far, by path: a field may be given once.
using FieldOrigins = std::map<std::string, Origin, std::less<>>;

// Reads TOML text (a whole file, or a Markdown file's front matter whose
// first line is line_offset + 1 of the file) into *out, recording each field
// in *seen. Errors are InvalidData "FILE:LINE[:COL]: message".
Status read_toml_report(std::string_view text, std::string_view file, int line_offset,
                        ParsedSchemeReport* out, FieldOrigins* seen);

// Reads Markdown with TOML front matter into *out. Errors as above.
Status read_markdown_report(std::string_view text, std::string_view file, ParsedSchemeReport* out);

}  // namespace bc::report_parse
