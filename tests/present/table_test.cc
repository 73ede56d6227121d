// present/table.h: a page's table as CSV, formula-like texts made inert,
// and the key that names a table in a download link.
#include "present/table.h"

#include <gtest/gtest.h>

namespace bc::present {
namespace {

TEST(TableKey, LowerCaseWordsJoinedByHyphens) {
  EXPECT_EQ(table_key("Emergency admissions by cluster"), "emergency-admissions-by-cluster");
  EXPECT_EQ(table_key("  Budget, actual and outturn "), "budget-actual-and-outturn");
  EXPECT_EQ(table_key("A&E (type 01)"), "a-e-type-01");
  EXPECT_EQ(table_key("£ — é"), "");
  EXPECT_EQ(table_key(std::string(100, 'x')).size(), 60u);
  // A word that would cross 60 bytes after its hyphen stops the key short
  // (found by the page_tables fuzz target: 59 letters, a gap, a letter).
  EXPECT_EQ(table_key(std::string(59, 'x') + " y"), std::string(59, 'x'));
  EXPECT_EQ(table_key(std::string(58, 'x') + " y"), std::string(58, 'x') + "-y");
  EXPECT_EQ(table_key(std::string(58, 'x') + " yz"), std::string(58, 'x') + "-y");
}

TEST(TableCsv, HeadThenBodyQuotedAsRfc4180) {
  Table t{
      "T", "t", {{"Scheme", "Budget"}}, {{"Rehab, reablement", "1,234"}, {"Say \"hi\"", "(33)"}}};
  EXPECT_EQ(table_csv(t),
            "Scheme,Budget\n\"Rehab, reablement\",\"1,234\"\n\"Say \"\"hi\"\"\",(33)\n");
}

TEST(TableCsv, FormulaLikeTextIsMadeInertButNumbersStayNumbers) {
  Table t{"T", "t", {}, {{"=HYPERLINK(\"x\")", "+1+1", "-2.5", "-1,234", "@SUM(A1)", "-x", "-"}}};
  EXPECT_EQ(table_csv(t), "\"'=HYPERLINK(\"\"x\"\")\",'+1+1,-2.5,\"-1,234\",'@SUM(A1),'-x,-\n");
}

}  // namespace
}  // namespace bc::present
