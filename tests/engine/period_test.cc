#include "engine/period.h"

#include <gtest/gtest.h>

namespace bc {
namespace {

Period p(const char* text) {
  auto r = Period::parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.error();
  return r.ok() ? *r : Period::range(Date(), Date());
}

TEST(Period, FinancialYear) {
  Period y = p("2017/18");
  EXPECT_EQ(y.first().iso(), "2017-04-01");
  EXPECT_EQ(y.last().iso(), "2018-03-31");
  EXPECT_EQ(y.label(), "2017/18");
  EXPECT_EQ(y.months().size(), 12u);
  EXPECT_TRUE(y.contains(*Date::from_ymd(2018, 3, 31)));
  EXPECT_FALSE(y.contains(*Date::from_ymd(2018, 4, 1)));
  EXPECT_FALSE(y.contains(*Date::from_ymd(2017, 3, 31)));
  EXPECT_EQ(y.previous_year().label(), "2016/17");
  EXPECT_EQ(y.mid_point().iso(), "2017-09-30");
}

TEST(Period, MonthQuarterYearToDate) {
  Period m6 = p("2017/18:M6");
  EXPECT_EQ(m6.first().iso(), "2017-09-01");
  EXPECT_EQ(m6.last().iso(), "2017-09-30");
  Period m12 = p("2017/18:M12");
  EXPECT_EQ(m12.first().iso(), "2018-03-01");
  EXPECT_EQ(m12.previous_year().first().iso(), "2017-03-01");
  Period q3 = p("2017/18:Q3");
  EXPECT_EQ(q3.first().iso(), "2017-10-01");
  EXPECT_EQ(q3.last().iso(), "2017-12-31");
  EXPECT_EQ(q3.previous_year().label(), "2016/17:Q3");
  Period ytd = p("2017/18:YTD6");
  EXPECT_EQ(ytd.first().iso(), "2017-04-01");
  EXPECT_EQ(ytd.last().iso(), "2017-09-30");
  EXPECT_EQ(ytd.months().size(), 6u);
  EXPECT_EQ(ytd.previous_year().label(), "2016/17:YTD6");
}

TEST(Period, RollingTwelveMonthsAndRanges) {
  Period r = p("R12:2018-03");
  EXPECT_EQ(r.first().iso(), "2017-04-01");
  EXPECT_EQ(r.last().iso(), "2018-03-31");
  EXPECT_EQ(r.previous_year().label(), "R12:2017-03");
  Period range = p("2017-04-01..2017-06-30");
  EXPECT_TRUE(range.whole_months());
  EXPECT_EQ(range.months().size(), 3u);
  EXPECT_EQ(range.previous_year().first().iso(), "2016-04-01");
  Period leap = p("2016-02-29..2016-03-01");
  EXPECT_FALSE(leap.whole_months());
  EXPECT_EQ(leap.previous_year().first().iso(), "2015-02-28");
}

TEST(Period, MalformedPeriodsSayWhatIsExpected) {
  for (const char* bad :
       {"", "2017/19", "2017/18:M13", "2017/18:M0", "2017/18:Q5", "2017/18:YTD", "2017/18:X1",
        "R12:2018-13", "2017-06-30..2017-04-01", "2018-02-30..2018-03-01", "next year",
        "2017/18:M6; DROP TABLE spells", "../../etc/passwd"}) {
    auto r = Period::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.error().find("malformed period"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("2017/18:YTD6"), std::string::npos);
  }
}

}  // namespace
}  // namespace bc
