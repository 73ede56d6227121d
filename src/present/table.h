// A table as a person reads it on a page: its title, heading rows and body
// rows of cell texts. The web's downloads (web/table_export.h) read it off
// the page that showed it, so a download holds exactly what was shown,
// suppression included; this file writes it as CSV and report/xlsx_table.h
// as a workbook.
//
// Thread safety: a value type; pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bc::present {

struct Table {
  std::string title;                           // the table's label on its page ("Finance schedule")
  std::string key;                             // its name in a download link: table_key(title)
  std::vector<std::vector<std::string>> head;  // the heading rows (<thead>)
  std::vector<std::vector<std::string>> body;  // the other rows, in order
};

// A title as a download's key and file name: lower case ASCII letters and
// digits, other runs as one "-", trimmed, at most 60 bytes:
// "Emergency admissions by cluster" -> "emergency-admissions-by-cluster".
std::string table_key(std::string_view title);

// The table as CSV (csv.h's quoting): the heading rows, then the body
// rows. A text that a spreadsheet would run as a formula (it starts with
// =, +, -, @, a tab or a carriage return and is not a number, nor a lone
// "-" or "+") is written
// with a leading apostrophe, so that opening a download runs nothing.
std::string table_csv(const Table& t);

}  // namespace bc::present
