#include "report/xlsx_table.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "report/xlsx_parts.h"

namespace bc::report {
namespace {

namespace fs = std::filesystem;

// "1,234.56" -> 1234.56 with 2 decimals. The integer part is digits, or
// 1 to 3 digits then groups of ",ddd"; then an optional "." and digits.
// False for anything else ("1,23", "1.", ".5", "1e3", "").
bool read_plain(std::string_view s, double& value, int& decimals) {
  size_t point = s.find('.');
  std::string_view whole = s.substr(0, point);
  std::string_view frac = point == std::string_view::npos ? "" : s.substr(point + 1);
  auto all_digits = [](std::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (point != std::string_view::npos && !all_digits(frac)) return false;
  std::string digits;
  if (whole.find(',') == std::string_view::npos) {
    if (!all_digits(whole)) return false;
    digits = whole;
  } else {
    size_t first = whole.find(',');
    if (first == 0 || first > 3 || (whole.size() - first) % 4 != 0) return false;
    for (size_t i = 0; i < whole.size(); ++i) {
      bool comma_here = i >= first && (i - first) % 4 == 0;
      if (comma_here ? whole[i] != ',' : !(whole[i] >= '0' && whole[i] <= '9')) return false;
      if (!comma_here) digits += whole[i];
    }
  }
  decimals = static_cast<int>(frac.size());
  if (!frac.empty()) digits += "." + std::string(frac);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && end == digits.data() + digits.size();
}

std::string decimals_format(int decimals) {
  return decimals == 0 ? "#,##0" : "#,##0." + std::string(static_cast<size_t>(decimals), '0');
}

// An Excel sheet name: at most 31 characters, none of []:*?/\ , unique
// within the workbook.
std::string sheet_name(const std::string& title, std::set<std::string>& used) {
  std::string base;
  for (char c : title)
    base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : ' ';
  if (base.empty()) base = "Table";
  auto cut = [](std::string s, size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
  };
  std::string name = cut(base, 31);
  for (int i = 2; used.count(name) > 0; ++i) {
    std::string suffix = fmt::format(" ({})", i);
    name = cut(base, 31 - suffix.size()) + suffix;
  }
  used.insert(name);
  return name;
}

// Column widths in characters: the longest cell text per column, within 8..60.
std::vector<double> column_widths(const present::Table& t) {
  std::vector<double> w;
  auto add = [&](const std::vector<std::vector<std::string>>& rows) {
    for (const auto& row : rows) {
      if (row.size() > w.size()) w.resize(row.size(), 8);
      for (size_t c = 0; c < row.size(); ++c)
        w[c] = std::clamp(static_cast<double>(row[c].size()) + 2, w[c], 60.0);
    }
  };
  add(t.head);
  add(t.body);
  return w;
}

}  // namespace

CellValue read_cell(std::string_view text) {
  CellValue v;
  std::string_view s = text;
  bool negative = false;
  bool brackets = false;
  bool percent = false;
  bool pounds = false;
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    brackets = negative = true;
    s = s.substr(1, s.size() - 2);
  }
  if (!brackets && !s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.substr(0, 2) == "\xC2\xA3") {  // £
    pounds = true;
    s.remove_prefix(2);
  }
  if (!s.empty() && s.back() == '%') {
    percent = true;
    s.remove_suffix(1);
  }
  double value = 0;
  int decimals = 0;
  if (!read_plain(s, value, decimals) || (percent && pounds)) return v;
  v.kind = CellValue::Kind::kNumber;
  v.number = negative ? -value : value;
  std::string f = decimals_format(decimals);
  if (percent) {
    v.number /= 100;
    v.format = decimals == 0 ? "0%" : "0." + std::string(static_cast<size_t>(decimals), '0') + "%";
  } else if (pounds) {
    v.format = brackets ? fmt::format("£{0};(£{0})", f) : fmt::format("£{0}", f);
  } else {
    v.format = brackets ? fmt::format("{0};({0})", f) : f;
  }
  return v;
}

Result<std::string> xlsx_bytes(const std::function<Status(const std::string& path)>& write) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) return Status::io_error("no temporary directory to write the workbook in");
  std::string templ = (base / "bettercare-xlsx-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr)
    return Status::io_error("cannot make a temporary directory for the workbook");
  const fs::path dir(templ);
  const std::string path = (dir / "out.xlsx").string();
  Status s = write(path);
  std::string bytes;
  if (s.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (!in) s = Status::io_error("cannot read back the workbook just written");
    bytes = buf.str();
  }
  fs::remove_all(dir, ec);
  if (!s.ok()) return s;
  return bytes;
}

Result<std::string> tables_xlsx(const std::vector<present::Table>& tables, std::string_view title) {
  if (tables.empty()) return Status::invalid_argument("there is no table to write");
  return xlsx_bytes([&](const std::string& path) -> Status {
    auto opened = open_workbook(path);
    if (!opened.ok()) return opened.status();
    Workbook wb = std::move(*opened);
    std::string doc_title(title);
    std::string author = "bettercare";
    lxw_doc_properties props = {};
    props.title = doc_title.data();
    props.author = author.data();
    workbook_set_properties(wb.get(), &props);
    lxw_format* bold = workbook_add_format(wb.get());
    format_set_bold(bold);
    std::map<std::string, lxw_format*> formats;  // by number format, made once each
    auto number_format = [&](const std::string& f) {
      auto [it, added] = formats.try_emplace(f, nullptr);
      if (added) {
        it->second = workbook_add_format(wb.get());
        format_set_num_format(it->second, f.c_str());
      }
      return it->second;
    };
    std::set<std::string> used;
    for (const present::Table& t : tables) {
      Sheet sheet(workbook_add_worksheet(wb.get(), sheet_name(t.title, used).c_str()));
      int r = 0;
      for (const auto& row : t.head) {
        for (size_t c = 0; c < row.size(); ++c) sheet.text(r, static_cast<int>(c), row[c], bold);
        ++r;
      }
      if (r > 0) worksheet_freeze_panes(sheet.get(), static_cast<lxw_row_t>(r), 0);
      for (const auto& row : t.body) {
        for (size_t c = 0; c < row.size(); ++c) {
          CellValue v = read_cell(row[c]);
          if (v.kind == CellValue::Kind::kNumber) {
            sheet.number(r, static_cast<int>(c), v.number, number_format(v.format));
          } else if (!row[c].empty()) {
            sheet.text(r, static_cast<int>(c), row[c]);
          }
        }
        ++r;
      }
      std::vector<double> widths = column_widths(t);
      for (size_t c = 0; c < widths.size(); ++c)
        sheet.width(static_cast<int>(c), static_cast<int>(c), widths[c]);
    }
    return close_workbook(std::move(wb), path);
  });
}

}  // namespace bc::report
