// Tables as an XLSX workbook: what the web's "Download (XLSX)" links give,
// for one table or for every table of a page, one sheet each.
//
// A cell is a number when its text is one as the pages write numbers, and
// keeps the pages' format: "30,946" (#,##0), "5.4" (one decimal), "12.3%"
// (0.1230 formatted 0.0%), "£1,234" (money), "(33)" (a negative in
// brackets, as finance tables write one); anything else ("*" for a
// suppressed count, "-", words) stays text, written as text, never as a
// formula. The heading rows are bold and frozen.
//
// Thread safety: pure functions (each writes its own temporary file).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "present/table.h"

namespace bc::report {

// The workbook, one sheet per table, named from its title (cut to Excel's
// 31 characters, made unique). `title` is the workbook's document title.
// InvalidArgument when there are no tables.
Result<std::string> tables_xlsx(const std::vector<present::Table>& tables, std::string_view title);

// The bytes of a workbook that `write` writes to the path it is given: a
// file in a private temporary directory, removed whatever happens.
Result<std::string> xlsx_bytes(const std::function<Status(const std::string& path)>& write);

// How tables_xlsx reads a cell's text: kind kText, or a number with the
// Excel number format that shows it as the page did.
struct CellValue {
  enum class Kind { kText, kNumber } kind = Kind::kText;
  double number = 0;
  std::string format;  // e.g. "#,##0.0", "0.0%", "£#,##0;(£#,##0)"
};
CellValue read_cell(std::string_view text);

}  // namespace bc::report
