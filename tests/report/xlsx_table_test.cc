// report/xlsx_table.h: how a page's cell text becomes a workbook cell
// (numbers with the page's format, everything else text), and the
// workbook itself.
#include "report/xlsx_table.h"

#include <gtest/gtest.h>

namespace bc::report {
namespace {

void expect_number(std::string_view text, double value, const std::string& format) {
  CellValue v = read_cell(text);
  ASSERT_EQ(v.kind, CellValue::Kind::kNumber) << text;
  EXPECT_DOUBLE_EQ(v.number, value) << text;
  EXPECT_EQ(v.format, format) << text;
}

TEST(ReadCell, NumbersAsThePagesWriteThem) {
  expect_number("30,946", 30946, "#,##0");
  expect_number("7", 7, "#,##0");
  expect_number("5.4", 5.4, "#,##0.0");
  expect_number("-1,234.56", -1234.56, "#,##0.00");
  expect_number("12.3%", 0.123, "0.0%");
  expect_number("+2%", 0.02, "0%");
  expect_number("(33)", -33, "#,##0;(#,##0)");
  expect_number(
      "\xC2\xA3"
      "1,234",
      1234, "\xC2\xA3#,##0");
  expect_number(
      "(\xC2\xA3"
      "5.50)",
      -5.5, "\xC2\xA3#,##0.00;(\xC2\xA3#,##0.00)");
}

TEST(ReadCell, AnythingElseStaysText) {
  for (std::string_view text : {"*", "", "-", "1,23", "12,3456", ",123", "1.", ".5", "1e3", "Q1",
                                "2017/18", "1 234", "(33", "£%5", "--1", "Red"}) {
    EXPECT_EQ(read_cell(text).kind, CellValue::Kind::kText) << text;
  }
}

TEST(TablesXlsx, NoTablesIsAnErrorAndTablesMakeAZipWorkbook) {
  EXPECT_EQ(tables_xlsx({}, "x").status().code(), StatusCode::kInvalidArgument);
  present::Table t{"Finance: schedule [M12] / with a title much longer than Excel allows",
                   "k",
                   {{"A", "B"}},
                   {{"x", "1,000"}}};
  auto bytes = tables_xlsx({t, t}, "Two tables");
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_GE(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");  // a zip container
}

}  // namespace
}  // namespace bc::report
