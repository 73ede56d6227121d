// Reading a scheme report written in Markdown: TOML front matter between
// '+++' lines, then one '## ' section per field, the lists as pipe tables
// (docs/scheme-reports.md; report_parse_parts.h).
#include <fmt/format.h>

#include <algorithm>

#include "core/utf8.h"
#include "programme/report_content.h"
#include "programme/report_parse_parts.h"

namespace bc::report_parse {
namespace {

struct Line {
  int number;
  std::string text;  // without its line end, trailing whitespace kept
};

std::string rtrim(std::string_view s) {
  size_t end = s.find_last_not_of(" \t");
  return std::string(end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1));
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return rtrim(s.substr(b));
}

// A heading's text: "## Priorities ##" -> "Priorities".
std::string heading_text(std::string_view line, size_t level) {
  std::string t = trim(line.substr(level));
  size_t end = t.find_last_not_of('#');
  if (end != std::string::npos && end + 1 < t.size() && (t[end] == ' ' || t[end] == '\t'))
    t = rtrim(t.substr(0, end + 1));
  else if (end == std::string::npos)
    t.clear();
  return t;
}

// The heading level of a line: 1 for "# x", 2 for "## x", 0 otherwise.
size_t heading_level(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == '#') ++n;
  if (n == 0 || n > 2) return 0;
  if (n < line.size() && line[n] != ' ' && line[n] != '\t') return 0;
  return n;
}

const ReportHeading* find_heading(std::string_view text) {
  const std::string w = words(text);
  for (const auto& h : report_headings()) {
    if (words(h.canonical) == w) return &h;
    for (auto a : h.aliases) {
      if (words(a) == w) return &h;
    }
  }
  return nullptr;
}

Kind kind_of_field(std::string_view field) {
  if (field == "indicators") return Kind::kIndicators;
  if (field == "risks") return Kind::kRisks;
  if (field == "contracts") return Kind::kContracts;
  return Kind::kText;
}

// Splits a pipe-table row into its cells: "| a | b \| c |" -> {"a", "b | c"}.
std::vector<std::string> split_row(std::string_view row) {
  std::string t = trim(row);
  std::vector<std::string> cells;
  std::string cell;
  size_t i = t.empty() || t[0] != '|' ? 0 : 1;
  bool closed = false;
  for (; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (t[i] == '|') {
      cells.push_back(trim(cell));
      cell.clear();
      closed = i + 1 == t.size();
    } else {
      cell += t[i];
    }
  }
  if (!closed) cells.push_back(trim(cell));
  return cells;
}

bool is_delimiter_cell(std::string_view c) {
  if (!c.empty() && c.front() == ':') c.remove_prefix(1);
  if (!c.empty() && c.back() == ':') c.remove_suffix(1);
  return !c.empty() && c.find_first_not_of('-') == std::string_view::npos;
}

// A cell's text: "<br>" is a line break (a table cannot hold one otherwise).
std::string cell_text(std::string_view cell) {
  std::string out;
  for (size_t i = 0; i < cell.size();) {
    bool br = false;
    for (std::string_view tag : {"<br>", "<br/>", "<br />", "<BR>", "<BR/>", "<BR />"}) {
      if (cell.substr(i, tag.size()) == tag) {
        out += '\n';
        i += tag.size();
        br = true;
        break;
      }
    }
    if (!br) out += cell[i++];
  }
  return out;
}

class MarkdownReader {
 public:
  MarkdownReader(std::string_view file, ParsedSchemeReport* out) : file_(file), out_(out) {}

  Status read(std::string_view text) {
    std::vector<Line> lines = split_lines(text);
    if (lines.empty() || rtrim(lines[0].text) != "+++") {
      return error(1,
                   "a Markdown scheme report starts with its TOML front matter: a line '+++', "
                   "the keys (report_author, report_date, ...), and a closing '+++'");
    }
    size_t close = 1;
    while (close < lines.size() && rtrim(lines[close].text) != "+++") ++close;
    if (close == lines.size()) {
      return error(1,
                   "the front matter opened here is never closed: add a line '+++' after its "
                   "last key");
    }
    std::string front;
    for (size_t i = 1; i < close; ++i) front += lines[i].text + "\n";
    if (Status s = read_toml_report(front, file_, 1, out_, &seen_); !s.ok()) return s;

    const ReportHeading* current = nullptr;
    int current_line = 0;
    std::vector<Line> body;
    for (size_t i = close + 1; i < lines.size(); ++i) {
      const Line& l = lines[i];
      const size_t level = heading_level(l.text);
      if (level == 2) {
        if (current != nullptr) {
          if (Status s = finish(*current, current_line, body); !s.ok()) return s;
        }
        const std::string h = heading_text(l.text, 2);
        current = find_heading(h);
        if (current == nullptr) return unknown_heading(h, l.number);
        current_line = l.number;
        body.clear();
      } else if (level == 1) {
        if (current != nullptr) {
          return error(l.number,
                       "a '# ' heading is only allowed as the title, before the first '## ' "
                       "section; use '## ' for a section");
        }
      } else if (current == nullptr) {
        if (!trim(l.text).empty()) {
          return error(l.number,
                       "text before the first section: every part of the report goes under a "
                       "'## ' heading (e.g. '## Summary'); only a '# ' title may come first");
        }
      } else {
        body.push_back(l);
      }
    }
    if (current != nullptr) return finish(*current, current_line, body);
    return Status::ok_status();
  }

 private:
  Status error(int line, std::string_view msg) const {
    return Status::invalid_data(fmt::format("{}:{}: {}", file_, line, msg));
  }

  // The file's lines, numbered from 1, without their line ends.
  std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    int number = 1;
    size_t start = 0;
    while (start <= text.size()) {
      size_t nl = text.find('\n', start);
      std::string_view l =
          text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      lines.push_back({number, std::string(l)});
      if (nl == std::string_view::npos) break;
      start = nl + 1;
      ++number;
    }
    if (!lines.empty() && lines.back().text.empty()) lines.pop_back();
    return lines;
  }

  Status unknown_heading(std::string_view h, int line) const {
    std::string known;
    for (const auto& rh : report_headings())
      known += fmt::format("{}'{}'", known.empty() ? "" : ", ", rh.canonical);
    return error(line, fmt::format("unknown heading '## {}'; the sections are: {} (and the "
                                   "aliases in docs/scheme-reports.md)",
                                   printable(h), known));
  }

  Status finish(const ReportHeading& h, int line, const std::vector<Line>& body) {
    if (auto it = seen_.find(h.field); it != seen_.end()) {
      return error(
          line, fmt::format("'## {}' fills {}, which is already given {} at line {}", h.canonical,
                            h.field, it->second.heading ? "by a heading" : "in the front matter",
                            it->second.line));
    }
    seen_.emplace(std::string(h.field), Origin{line, true});
    const Kind kind = kind_of_field(h.field);
    if (kind == Kind::kText) {
      std::string text;
      for (const auto& l : body) text += l.text + "\n";
      if (Status s = normalise_report_text(text, false); !s.ok())
        return error(line, fmt::format("'## {}': {}", h.canonical, s.message()));
      *text_field(out_->content, h.field) = std::move(text);
      return Status::ok_status();
    }
    return read_table(h, kind, body);
  }

  Status read_table(const ReportHeading& h, Kind kind, const std::vector<Line>& body) {
    const ListSpec& spec = list_spec(kind);
    std::string example = "|";
    for (const auto& c : spec.columns) example += fmt::format(" {} |", c.header);
    size_t i = 0;
    while (i < body.size() && trim(body[i].text).empty()) ++i;
    if (i == body.size()) return Status::ok_status();  // an empty section: an empty list
    auto is_row = [](const Line& l) {
      std::string t = trim(l.text);
      return !t.empty() && t[0] == '|';
    };
    if (!is_row(body[i])) {
      return error(body[i].number,
                   fmt::format("the '## {}' section holds only a table, like {}; this line is "
                               "not part of one (table rows start with '|')",
                               h.canonical, example));
    }
    // Header.
    const int header_line = body[i].number;
    std::vector<std::string> header = split_row(body[i].text);
    std::vector<const Column*> columns;
    for (const auto& cell : header) {
      const std::string w = words(cell);
      const Column* found = nullptr;
      for (const auto& c : spec.columns) {
        for (auto a : c.aliases) {
          if (words(a) == w) found = &c;
        }
      }
      if (found == nullptr) {
        std::vector<std::string_view> names;
        for (const auto& c : spec.columns) names.push_back(c.header);
        return error(header_line,
                     fmt::format("unknown column '{}' in the '## {}' table; the columns are: {}",
                                 printable(cell), h.canonical, join(names)));
      }
      if (std::find(columns.begin(), columns.end(), found) != columns.end()) {
        return error(header_line, fmt::format("the column '{}' appears twice", found->header));
      }
      columns.push_back(found);
    }
    for (const auto& c : spec.columns) {
      if (c.required && std::find(columns.begin(), columns.end(), &c) == columns.end()) {
        return error(header_line, fmt::format("the '## {}' table has no '{}' column, like {}",
                                              h.canonical, c.header, example));
      }
    }
    // Delimiter row.
    ++i;
    if (i == body.size() || !is_row(body[i])) {
      return error(header_line,
                   "a table's header row must be followed by its delimiter row, "
                   "like |---|---|");
    }
    std::vector<std::string> delim = split_row(body[i].text);
    if (delim.size() != header.size() ||
        !std::all_of(delim.begin(), delim.end(),
                     [](const std::string& c) { return is_delimiter_cell(c); })) {
      return error(body[i].number,
                   fmt::format("the second row of a table must be its delimiter row, with one "
                               "'---' cell per column ({} columns)",
                               header.size()));
    }
    // Rows, then nothing but blank lines.
    for (++i; i < body.size() && is_row(body[i]); ++i) {
      const Line& l = body[i];
      std::vector<std::string> cells = split_row(l.text);
      if (cells.size() != header.size()) {
        return error(l.number,
                     fmt::format("this row has {} cells but the table has {} columns (write a "
                                 "'|' inside a cell as '\\|')",
                                 cells.size(), header.size()));
      }
      Row row;
      for (size_t c = 0; c < cells.size(); ++c) {
        const Column& col = *columns[c];
        std::string value = cell_text(cells[c]);
        if (Status s = normalise_report_text(value, col.key == "metric"); !s.ok())
          return error(l.number, fmt::format("column '{}': {}", col.header, s.message()));
        row[std::string(col.key)] = std::move(value);
      }
      for (const Column* col : columns) {
        if (col->required && row[std::string(col->key)].empty())
          return error(l.number, fmt::format("{} needs a {}: this row's '{}' cell is empty",
                                             spec.what, col->key, col->header));
      }
      if (row.count("metric") > 0 && row["metric"].empty()) row.erase("metric");
      if (list_size(out_->content, kind) >= kMaxReportListItems)
        return error(l.number, fmt::format("more than {} {}", kMaxReportListItems, spec.key));
      if (Status s = add_row(out_->content, kind, std::move(row)); !s.ok()) return s;
    }
    for (; i < body.size(); ++i) {
      if (!trim(body[i].text).empty()) {
        return error(body[i].number,
                     fmt::format("the '## {}' section holds only its table; this line after it "
                                 "is not part of it",
                                 h.canonical));
      }
    }
    return Status::ok_status();
  }

  std::string_view file_;
  ParsedSchemeReport* out_;
  FieldOrigins seen_;
};

}  // namespace

Status read_markdown_report(std::string_view text, std::string_view file, ParsedSchemeReport* out) {
  return MarkdownReader(file, out).read(text);
}

}  // namespace bc::report_parse
