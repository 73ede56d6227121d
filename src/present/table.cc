#include "present/table.h"

#include <cctype>

#include "present/csv.h"

namespace bc::present {

std::string table_key(std::string_view title) {
  constexpr size_t kMaxKey = 60;
  std::string out;
  bool gap = false;
  for (unsigned char c : title) {
    if (std::isalnum(c) && c < 0x80) {
      const bool hyphen = gap && !out.empty();
      if (out.size() + (hyphen ? 2 : 1) > kMaxKey) break;  // never over 60 bytes
      if (hyphen) out += '-';
      gap = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      gap = true;
    }
  }
  return out;
}

namespace {

// "-1,234.5": a number as the pages write one (a sign, digits with
// thousands commas, a decimal part).
bool is_number(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool digit = false;
  bool point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == ',' && !point) {
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digit;
}

std::string safe_cell(const std::string& s) {
  if (s.empty()) return s;
  char c = s[0];
  // A lone "-" or "+" (the pages' "no figure") runs nothing.
  bool risky =
      c == '=' || c == '@' || c == '\t' || c == '\r' || ((c == '+' || c == '-') && s.size() > 1);
  return risky && !is_number(s) ? "'" + s : s;
}

void add_rows(std::string& out, const std::vector<std::vector<std::string>>& rows) {
  for (const auto& row : rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const auto& c : row) cells.push_back(safe_cell(c));
    out += csv_line(cells);
  }
}

}  // namespace

std::string table_csv(const Table& t) {
  std::string out;
  add_rows(out, t.head);
  add_rows(out, t.body);
  return out;
}

}  // namespace bc::present
