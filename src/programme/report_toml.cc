// Reading a scheme report written in TOML: a .toml file, or the front
// matter of a Markdown one (docs/scheme-reports.md). Keys are read in the
// order the file gives them, so the first error reported is the first in
// the file (report_parse_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/toml_guard.h"
#include "core/utf8.h"
#include "programme/report_content.h"
#include "programme/report_parse_parts.h"

namespace bc::report_parse {
namespace {

const std::vector<std::string_view> kFinanceKeys = {"reasons", "actions", "savings_opportunities",
                                                    "cost_pressures"};

class TomlReader {
 public:
  TomlReader(std::string_view file, int line_offset, ParsedSchemeReport* out, FieldOrigins* seen)
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
  FieldOrigins* seen_;
};

}  // namespace

Status read_toml_report(std::string_view text, std::string_view file, int line_offset,
                        ParsedSchemeReport* out, FieldOrigins* seen) {
  return TomlReader(file, line_offset, out, seen).read(text);
}

}  // namespace bc::report_parse
