// Reading a scheme report file (report_content.h): TOML, or Markdown with
// TOML front matter; the formats are documented in docs/scheme-reports.md.
// Here, the checks every file gets whatever its format (extension, size,
// UTF-8, control characters), then the reader of its format
// (report_toml.cc, report_markdown.cc; report_parse_parts.h).
#include <fmt/format.h>

#include "core/toml_guard.h"
#include "core/utf8.h"
#include "programme/report_content.h"
#include "programme/report_parse_parts.h"

namespace bc {
namespace {

std::string lower_extension(std::string_view file) {
  size_t slash = file.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
  size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string ext(base.substr(dot));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

}  // namespace

Result<ParsedSchemeReport> parse_scheme_report_file(std::string_view text,
                                                    std::string_view file_name) {
  const std::string ext = lower_extension(file_name);
  std::string format;
  if (ext == ".toml") {
    format = "toml";
  } else if (ext == ".md" || ext == ".markdown") {
    format = "markdown";
  } else {
    return Status::invalid_argument(fmt::format(
        "{}: a scheme report is a .toml file, or a .md/.markdown file (Markdown with TOML front "
        "matter); the format comes from the extension, and '{}' is neither",
        file_name, ext.empty() ? "(none)" : ext));
  }
  if (text.size() > kMaxReportFileBytes) {
    return Status::invalid_data(fmt::format(
        "{}: the file is {} bytes; a scheme report file may be at most {} bytes (1 MiB)", file_name,
        text.size(), kMaxReportFileBytes));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto [line, col] = text_position(text, bad);
    return Status::invalid_data(fmt::format(
        "{}:{}:{}: invalid UTF-8 or a NUL byte: save the file as UTF-8", file_name, line, col));
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
      auto [line, col] = text_position(text, i);
      return Status::invalid_data(
          fmt::format("{}:{}:{}: a control character (U+{:04X}); only line breaks and tabs are "
                      "allowed",
                      file_name, line, col, static_cast<unsigned>(c)));
    }
  }
  ParsedSchemeReport out;
  out.format = format;
  Status s;
  if (format == "toml") {
    report_parse::FieldOrigins seen;
    s = report_parse::read_toml_report(text, file_name, 0, &out, &seen);
  } else {
    s = report_parse::read_markdown_report(text, file_name, &out);
  }
  if (!s.ok()) return s;
  // Every field was checked where it was read; this is the last word.
  if (Status n = normalise_content(out.content); !n.ok())
    return Status::invalid_data(fmt::format("{}: {}", file_name, n.message()));
  return out;
}

Result<SchemeReportContent> parse_scheme_report(std::string_view text, std::string_view file_name) {
  auto parsed = parse_scheme_report_file(text, file_name);
  if (!parsed.ok()) return parsed.status();
  return std::move(parsed->content);
}

}  // namespace bc
