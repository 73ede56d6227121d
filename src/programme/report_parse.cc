// Reading a scheme report file: TOML, or Markdown with TOML front matter.
// The formats are documented in docs/scheme-reports.md.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "core/toml_guard.h"
#include "core/utf8.h"
#include "programme/report_content.h"

namespace bc {
namespace {

// ---------------------------------------------------------------------------
// Fields, headings and table columns.

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

const std::vector<std::string_view> kFinanceKeys = {"reasons", "actions", "savings_opportunities",
                                                    "cost_pressures"};

// The text a field path ("aims", "finance.reasons") fills.
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

const ListSpec& list_spec(Kind k) {
  if (k == Kind::kIndicators) return indicators_spec();
  if (k == Kind::kRisks) return risks_spec();
  return contracts_spec();
}

// A row of a list, whatever the list: column key -> text.
using Row = std::map<std::string, std::string, std::less<>>;

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

// Lower case ASCII words: punctuation (and any non-ASCII byte, such as an en
// dash) separates words; "&" is "and".
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

// " (did you mean 'report_author'?)" for a near miss, else "".
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
  for (auto s : v) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

// ---------------------------------------------------------------------------
// TOML (a whole file, or a Markdown file's front matter).

// Where a field came from, for "given twice" errors.
struct Origin {
  int line = 0;
  bool heading = false;  // a Markdown section rather than a TOML key
};

class TomlReader {
 public:
  TomlReader(std::string_view file, int line_offset, ParsedSchemeReport* out,
             std::map<std::string, Origin, std::less<>>* seen)
      : file_(file), offset_(line_offset), out_(out), seen_(seen) {}

  Status read(std::string_view text) {
    // Guarded: toml++ misbehaves on some malformed text (core/toml_guard.h).
    auto parsed = parse_user_toml(text, file_, offset_);
    if (!parsed.ok()) return parsed.status();
    const toml::table& root = *parsed;
    std::vector<std::string_view> allowed;
    for (const auto& k : top_keys()) allowed.push_back(k.key);
    for (const auto& [key, node, line] : in_file_order(root)) {
      auto spec = std::find_if(top_keys().begin(), top_keys().end(),
                               [&, k = key](const TopKey& t) { return t.key == k; });
      if (spec == top_keys().end()) return unknown_key(key, line, "at the top level", allowed);
      if (Status s = read_top(spec->key, spec->kind, *node, line); !s.ok()) return s;
    }
    return Status::ok_status();
  }

 private:
  struct Entry {
    std::string key;
    const toml::node* node;
    int line;
  };

  int line_of(const toml::source_region& r) const {
    return static_cast<int>(r.begin.line) + offset_;
  }

  // A table's entries in the order they appear in the file (toml++ keeps
  // them sorted by key), so that the first error reported is the first one.
  std::vector<Entry> in_file_order(const toml::table& t) const {
    std::vector<Entry> out;
    std::vector<std::pair<uint64_t, size_t>> order;
    for (auto&& [k, v] : t) {
      const auto& b = k.source().begin;
      order.emplace_back((static_cast<uint64_t>(b.line) << 32) | b.column, out.size());
      out.push_back({std::string(k.str()), &v, line_of(k.source())});
    }
    std::stable_sort(order.begin(), order.end());
    std::vector<Entry> sorted;
    for (const auto& [pos, i] : order) sorted.push_back(out[i]);
    return sorted;
  }

  Status error(int line, std::string_view msg) const {
    return Status::invalid_data(fmt::format("{}:{}: {}", file_, line, msg));
  }

  Status unknown_key(std::string_view key, int line, std::string_view where,
                     const std::vector<std::string_view>& allowed) const {
    return error(line, fmt::format("unknown key '{}' {}{}; the keys allowed there are: {}",
                                   printable(key), where, suggestion(key, allowed), join(allowed)));
  }

  static std::string_view type_name(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string:
        return "a string";
      case toml::node_type::integer:
        return "an integer";
      case toml::node_type::floating_point:
        return "a number";
      case toml::node_type::boolean:
        return "true or false";
      case toml::node_type::date:
        return "a date";
      case toml::node_type::time:
        return "a time";
      case toml::node_type::date_time:
        return "a date and time";
      case toml::node_type::array:
        return "an array";
      case toml::node_type::table:
        return "a table";
      case toml::node_type::none:
        break;
    }
    return "nothing";
  }

  Status wrong_type(std::string_view path, const toml::node& n, int line,
                    std::string_view expected) const {
    return error(line, fmt::format("{} must be {}, not {}", path, expected, type_name(n)));
  }

  // Records that a field was given; a field given twice is an error.
  Status note_field(std::string_view path, int line) {
    if (auto it = seen_->find(path); it != seen_->end()) {
      return error(line, fmt::format("{} is given twice: also at line {}", path, it->second.line));
    }
    seen_->emplace(std::string(path), Origin{line, false});
    return Status::ok_status();
  }

  Status text_of(std::string_view path, const toml::node& n, int line, bool one_line,
                 std::string* out) const {
    const auto* s = n.as_string();
    if (s == nullptr) return wrong_type(path, n, line, "a string");
    std::string v = s->get();
    if (Status st = normalise_report_text(v, one_line); !st.ok())
      return error(line, fmt::format("{}: {}", path, st.message()));
    *out = std::move(v);
    return Status::ok_status();
  }

  Status read_top(std::string_view key, Kind kind, const toml::node& n, int line) {
    SchemeReportContent& c = out_->content;
    switch (kind) {
      case Kind::kLine:
      case Kind::kText:
        if (Status s = note_field(key, line); !s.ok()) return s;
        return text_of(key, n, line, kind == Kind::kLine, text_field(c, key));
      case Kind::kScheme:
      case Kind::kQuarter: {
        std::string v;
        if (Status s = text_of(key, n, line, true, &v); !s.ok()) return s;
        if (v.empty()) return error(line, fmt::format("{} is empty", key));
        if (kind == Kind::kScheme) {
          out_->scheme = v;
          out_->scheme_line = line;
        } else {
          out_->quarter = v;
          out_->quarter_line = line;
        }
        return Status::ok_status();
      }
      case Kind::kDate:
        if (Status s = note_field(key, line); !s.ok()) return s;
        return read_date(n, line);
      case Kind::kFinance: {
        const auto* t = n.as_table();
        if (t == nullptr) return wrong_type(key, n, line, "a table ([finance])");
        for (const auto& [k, v, l] : in_file_order(*t)) {
          if (std::find(kFinanceKeys.begin(), kFinanceKeys.end(), k) == kFinanceKeys.end())
            return unknown_key(k, l, "in [finance]", kFinanceKeys);
          const std::string path = "finance." + k;
          if (Status s = note_field(path, l); !s.ok()) return s;
          if (Status s = text_of(path, *v, l, false, text_field(c, path)); !s.ok()) return s;
        }
        return Status::ok_status();
      }
      case Kind::kContracts:
      case Kind::kIndicators:
      case Kind::kRisks:
        return read_list(kind, n, line);
    }
    return Status::internal("unhandled report key");
  }

  Status read_date(const toml::node& n, int line) {
    if (const auto* d = n.as_date()) {
      const toml::date v = d->get();
      auto date = Date::from_ymd(v.year, v.month, v.day);
      if (!date)
        return error(line, fmt::format("report_date {:04}-{:02}-{:02} is outside 1850..2199",
                                       v.year, v.month, v.day));
      out_->content.report_date = *date;
      return Status::ok_status();
    }
    if (const auto* s = n.as_string()) {
      if (s->get().empty()) return Status::ok_status();  // a template not yet filled in
      auto date = Date::parse(s->get());
      if (!date.ok())
        return error(line,
                     fmt::format("report_date '{}' is not a date (write it as 2018-05-22): {}",
                                 printable(s->get()), date.error()));
      out_->content.report_date = *date;
      return Status::ok_status();
    }
    return wrong_type("report_date", n, line, "a date (report_date = 2018-05-22)");
  }

  Status read_list(Kind kind, const toml::node& n, int line) {
    const ListSpec& spec = list_spec(kind);
    if (Status s = note_field(spec.key, line); !s.ok()) return s;
    const auto* arr = n.as_array();
    if (arr == nullptr)
      return wrong_type(spec.key, n, line, fmt::format("an array of tables ([[{}]])", spec.key));
    std::vector<std::string_view> allowed;
    for (const auto& col : spec.columns) allowed.push_back(col.key);
    const std::string where = fmt::format("in [[{}]]", spec.key);
    for (const auto& item : *arr) {
      const int item_line = line_of(item.source());
      const auto* t = item.as_table();
      if (t == nullptr)
        return wrong_type(spec.key, item, item_line,
                          fmt::format("an array of tables ([[{}]])", spec.key));
      Row row;
      for (const auto& [k, v, l] : in_file_order(*t)) {
        auto col = std::find_if(spec.columns.begin(), spec.columns.end(),
                                [&, key = k](const Column& cl) { return cl.key == key; });
        if (col == spec.columns.end()) return unknown_key(k, l, where, allowed);
        const std::string path = fmt::format("{}.{}", spec.key, k);
        std::string value;
        if ((k == "target" || k == "actual") && (v->is_integer() || v->is_floating_point())) {
          // A bare number is a fine target; it is kept as written text.
          value = v->is_integer() ? std::to_string(v->as_integer()->get())
                                  : fmt::format("{}", v->as_floating_point()->get());
        } else if (Status s = text_of(path, *v, l, k == "metric", &value); !s.ok()) {
          return s;
        }
        row[k] = std::move(value);
      }
      for (const auto& col : spec.columns) {
        if (col.required && row[std::string(col.key)].empty()) {
          return error(item_line,
                       fmt::format("{} needs a {} (in [[{}]])", spec.what, col.key, spec.key));
        }
      }
      if (row.count("metric") > 0 && row["metric"].empty()) row.erase("metric");
      if (list_size(out_->content, kind) >= kMaxReportListItems)
        return error(item_line, fmt::format("more than {} {}", kMaxReportListItems, spec.key));
      if (Status s = add_row(out_->content, kind, std::move(row)); !s.ok()) return s;
    }
    return Status::ok_status();
  }

  std::string_view file_;
  int offset_;
  ParsedSchemeReport* out_;
  std::map<std::string, Origin, std::less<>>* seen_;
};

// ---------------------------------------------------------------------------
// Markdown with TOML front matter.

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
    TomlReader toml(file_, 1, out_, &seen_);
    if (Status s = toml.read(front); !s.ok()) return s;

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
  std::map<std::string, Origin, std::less<>> seen_;
};

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
    std::map<std::string, Origin, std::less<>> seen;
    s = TomlReader(file_name, 0, &out, &seen).read(text);
  } else {
    s = MarkdownReader(file_name, &out).read(text);
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
