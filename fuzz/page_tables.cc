// A page's tables read back for a download (web/page_tables.h) from any
// bytes, then written as a download is: every table has a key made of
// lower-case letters, digits and hyphens; its CSV (present/table.h) has no
// line that starts a formula; and each cell's reading as a workbook number
// (report/xlsx_table.h) is finite with a format. Never a crash.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "report/xlsx_table.h"
#include "web/page_tables.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  for (const bc::present::Table& t : bc::web::page_tables(html)) {
    for (char c : t.key) FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    FUZZ_CHECK(t.key.size() <= 60);
    const std::string csv = bc::present::table_csv(t);
    for (size_t at = 0; at < csv.size(); at = csv.find('\n', at) + 1) {
      FUZZ_CHECK(csv[at] != '=' && csv[at] != '@');
      if (csv.find('\n', at) == std::string::npos) break;
    }
    for (const auto& row : t.body) {
      for (const auto& cell : row) {
        bc::report::CellValue v = bc::report::read_cell(cell);
        if (v.kind == bc::report::CellValue::Kind::kNumber) {
          FUZZ_CHECK(std::isfinite(v.number));
          FUZZ_CHECK(!v.format.empty());
        }
      }
    }
  }
  return 0;
}
