// The one CSV writer, the one HTML escaper and the code-list labels.
#include <gtest/gtest.h>

#include "core/dtoc_codes.h"
#include "present/csv.h"
#include "present/html_escape.h"
#include "present/labels.h"

namespace bc::present {
namespace {

TEST(Csv, QuotesOnlyWhatRfc4180Needs) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_field("carriage\rreturn"), "\"carriage\rreturn\"");  // CR is quoted too
  EXPECT_EQ(csv_line({"a", "b,c", ""}), "a,\"b,c\",\n");
}

TEST(HtmlEscape, EscapesTheFiveAndDropsControlCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape(std::string("a\x01"
                                    "b\tc\n",
                                    6)),
            "ab\tc\n");
}

TEST(Labels, EveryCodeOfTheDtocListsHasALabel) {
  for (std::string_view code : kDtocReasons) EXPECT_NE(dtoc_reason_label(code), code);
  EXPECT_EQ(dtoc_reason_label("D(i)"), "Residential home placement");
  EXPECT_EQ(dtoc_reason_label("Z"), "Z");
  EXPECT_EQ(dtoc_agency_label("Social Care"), "Social care");
  EXPECT_EQ(dtoc_agency_label("NHS"), "NHS");
}

TEST(Labels, DimensionsReadAsColumnHeadings) {
  EXPECT_EQ(dimension_label("age_band"), "Age band");
  EXPECT_EQ(dimension_label("department_type"), "A&E department type");
  EXPECT_EQ(dimension_label("nonsense"), "Group");
}

}  // namespace
}  // namespace bc::present
