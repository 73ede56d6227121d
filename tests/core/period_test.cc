#include "core/period.h"

#include <gtest/gtest.h>

#include "test_values.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace bc {
namespace {

using test_values::fy;
using test_values::ym;
using test_values::ymd;

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

// ---- Typed constructors ---------------------------------------------------------

TEST(Period, YearRunsAprilToMarch) {
  const Period y = Period::year(fy(2017));
  EXPECT_EQ(y.kind(), Period::Kind::kYear);
  EXPECT_EQ(y.label(), "2017/18");
  EXPECT_EQ(y.first(), ymd(2017, 4, 1));
  EXPECT_EQ(y.last(), ymd(2018, 3, 31));
  EXPECT_EQ(y.financial_year(), fy(2017));
  EXPECT_EQ(y.fiscal_year(), fy(2017));
  EXPECT_EQ(y.fiscal_month(), 12);
  EXPECT_EQ(y.fiscal_quarter(), 4);
  EXPECT_EQ(y.whole_year(), y);
  EXPECT_EQ(y.year_to_date().label(), "2017/18:YTD12");
  // The year 1999/00 and the leap day in its March... 2000 is a leap year.
  EXPECT_EQ(Period::year(fy(1999)).label(), "1999/00");
  EXPECT_EQ(Period::year(fy(1999)).last(), ymd(2000, 3, 31));
  EXPECT_EQ(Period::year(fy(2015)).last().days() - Period::year(fy(2015)).first().days() + 1, 366);
  EXPECT_EQ(Period::year(fy(2017)).last().days() - Period::year(fy(2017)).first().days() + 1, 365);
}

TEST(Period, MonthIsAFinancialMonth) {
  const Period m1 = Period::month(fy(2017), 1);
  EXPECT_EQ(m1.kind(), Period::Kind::kMonth);
  EXPECT_EQ(m1.label(), "2017/18:M1");
  EXPECT_EQ(m1.first(), ymd(2017, 4, 1));
  EXPECT_EQ(m1.last(), ymd(2017, 4, 30));
  const Period m9 = Period::month(fy(2017), 9);  // December: still 2017
  EXPECT_EQ(m9.first(), ymd(2017, 12, 1));
  EXPECT_EQ(m9.last(), ymd(2017, 12, 31));
  const Period m10 = Period::month(fy(2017), 10);  // January: the calendar year turns
  EXPECT_EQ(m10.first(), ymd(2018, 1, 1));
  EXPECT_EQ(Period::month(fy(2015), 11).last(), ymd(2016, 2, 29));  // leap February
  EXPECT_EQ(Period::month(fy(2017), 11).last(), ymd(2018, 2, 28));
  EXPECT_EQ(m10.fiscal_year(), fy(2017));
  EXPECT_EQ(m10.fiscal_month(), 10);
  EXPECT_EQ(m10.fiscal_quarter(), 4);
  EXPECT_EQ(m10.first_month(), ym(2018, 1));
  EXPECT_EQ(m10.last_month(), ym(2018, 1));
  EXPECT_FALSE(m10.financial_year().has_value());
}

TEST(Period, MonthOfACalendarMonth) {
  EXPECT_EQ(Period::month(ym(2017, 9)), Period::month(fy(2017), 6));
  EXPECT_EQ(Period::month(ym(2018, 3)).label(), "2017/18:M12");
  EXPECT_EQ(Period::month(ym(2018, 4)).label(), "2018/19:M1");
  for (int k = 0; k < 36; ++k) {
    const YearMonth m = ym(2016, 1).add_months(k);
    const Period p = Period::month(m);
    EXPECT_EQ(p.first(), m.first_day()) << m.iso();
    EXPECT_EQ(p.last(), m.last_day()) << m.iso();
  }
}

TEST(Period, YearToDate) {
  const Period ytd = Period::year_to_date(fy(2017), 9);
  EXPECT_EQ(ytd.kind(), Period::Kind::kYearToDate);
  EXPECT_EQ(ytd.label(), "2017/18:YTD9");
  EXPECT_EQ(ytd.first(), ymd(2017, 4, 1));
  EXPECT_EQ(ytd.last(), ymd(2017, 12, 31));
  EXPECT_EQ(ytd.months().size(), 9u);
  EXPECT_EQ(Period::year_to_date(fy(2017), 1).last(), ymd(2017, 4, 30));
  // YTD12 is the whole year, by its days though not by its label.
  const Period all = Period::year_to_date(fy(2017), 12);
  EXPECT_EQ(all.first(), Period::year(fy(2017)).first());
  EXPECT_EQ(all.last(), Period::year(fy(2017)).last());
  EXPECT_EQ(all.financial_year(), fy(2017));
  EXPECT_NE(all, Period::year(fy(2017)));
}

TEST(Period, QuartersOfTheFinancialYear) {
  const char* firsts[] = {"2017-04-01", "2017-07-01", "2017-10-01", "2018-01-01"};
  const char* lasts[] = {"2017-06-30", "2017-09-30", "2017-12-31", "2018-03-31"};
  for (int q = 1; q <= 4; ++q) {
    const Period p = Period::quarter(fy(2017), q);
    EXPECT_EQ(p.kind(), Period::Kind::kQuarter);
    EXPECT_EQ(p.label(), "2017/18:Q" + std::to_string(q));
    EXPECT_EQ(p.first().iso(), firsts[q - 1]);
    EXPECT_EQ(p.last().iso(), lasts[q - 1]);
    EXPECT_EQ(p.months().size(), 3u);
    EXPECT_EQ(p.fiscal_quarter(), q);
    EXPECT_EQ(p.fiscal_month(), q * 3);
    EXPECT_EQ(p.year_to_date(), Period::year_to_date(fy(2017), q * 3));
  }
  // Q4 ends a leap February's quarter in 2016.
  EXPECT_EQ(Period::quarter(fy(2015), 4).months()[1].last_day(), ymd(2016, 2, 29));
}

TEST(Period, RollingTwelveMonths) {
  const Period r = Period::rolling_12(ym(2018, 3));
  EXPECT_EQ(r.kind(), Period::Kind::kRolling12);
  EXPECT_EQ(r.label(), "R12:2018-03");
  EXPECT_EQ(r.first(), ymd(2017, 4, 1));
  EXPECT_EQ(r.last(), ymd(2018, 3, 31));
  EXPECT_EQ(r.financial_year(), fy(2017));  // R12 to March is a financial year
  const Period dec = Period::rolling_12(ym(2017, 12));
  EXPECT_EQ(dec.first(), ymd(2017, 1, 1));
  EXPECT_EQ(dec.months().size(), 12u);
  EXPECT_FALSE(dec.financial_year().has_value());
  EXPECT_EQ(dec.fiscal_year(), fy(2017));  // where it ends
  EXPECT_EQ(dec.fiscal_month(), 9);
  EXPECT_EQ(Period::rolling_12(ym(2016, 2)).last(), ymd(2016, 2, 29));
}

TEST(Period, Range) {
  const Period r = Period::range(ymd(2017, 4, 1), ymd(2018, 3, 31));
  EXPECT_EQ(r.kind(), Period::Kind::kRange);
  EXPECT_EQ(r.label(), "2017-04-01..2018-03-31");
  EXPECT_EQ(r.financial_year(), fy(2017));
  const Period day = Period::range(ymd(2016, 2, 29), ymd(2016, 2, 29));
  EXPECT_EQ(day.mid_point(), ymd(2016, 2, 29));
  EXPECT_FALSE(day.whole_months());
  EXPECT_EQ(day.months().size(), 1u);
  EXPECT_EQ(day.previous_year().label(), "2015-02-28..2015-02-28");
  // Two middle days: the earlier.
  EXPECT_EQ(Period::range(ymd(2017, 4, 1), ymd(2017, 4, 30)).mid_point(), ymd(2017, 4, 15));
}

TEST(Period, PreviousYearOfEveryKind) {
  EXPECT_EQ(Period::year(fy(2017)).previous_year(), Period::year(fy(2016)));
  EXPECT_EQ(Period::month(fy(2017), 11).previous_year(), Period::month(fy(2016), 11));
  EXPECT_EQ(Period::month(fy(2016), 11).previous_year().last(), ymd(2016, 2, 29));
  EXPECT_EQ(Period::year_to_date(fy(2017), 7).previous_year(), Period::year_to_date(fy(2016), 7));
  EXPECT_EQ(Period::quarter(fy(2017), 4).previous_year(), Period::quarter(fy(2016), 4));
  EXPECT_EQ(Period::rolling_12(ym(2018, 1)).previous_year(), Period::rolling_12(ym(2017, 1)));
  // The first year a FinancialYear can name still has a year before it.
  EXPECT_EQ(Period::year(fy(1850)).previous_year().label(), "1849/50");
  EXPECT_EQ(Period::year(fy(1850)).previous_year().first().iso(), "1849-04-01");
}

// ---- Text -------------------------------------------------------------------

TEST(PeriodParse, EveryConstructorRoundTripsThroughItsLabel) {
  std::vector<Period> all = {Period::year(fy(2017)), Period::year(fy(1999)),
                             Period::rolling_12(ym(2018, 3)),
                             Period::range(ymd(2016, 2, 29), ymd(2017, 3, 1))};
  for (int m = 1; m <= 12; ++m) {
    all.push_back(Period::month(fy(2017), m));
    all.push_back(Period::year_to_date(fy(2017), m));
  }
  for (int q = 1; q <= 4; ++q) all.push_back(Period::quarter(fy(2017), q));
  for (const Period& p : all) {
    auto again = Period::parse(p.label());
    ASSERT_TRUE(again.ok()) << p.label() << ": " << again.error();
    EXPECT_EQ(*again, p) << p.label();
  }
}

TEST(PeriodParse, LowerCaseLettersAndBareMonthNumbers) {
  EXPECT_EQ(Period::parse("2017/18:m6")->label(), "2017/18:M6");
  EXPECT_EQ(Period::parse("2017/18:ytd6")->label(), "2017/18:YTD6");
  EXPECT_EQ(Period::parse("2017/18:q3")->label(), "2017/18:Q3");
  EXPECT_EQ(Period::parse("2017/18:6")->label(), "2017/18:M6");
  EXPECT_EQ(Period::parse("2017/18:M06")->label(), "2017/18:M6");
  EXPECT_EQ(Period::parse(" 2017/18")->label(), "2017/18");  // as FinancialYear::parse
  EXPECT_EQ(Period::parse("01/04/2017..30/06/2017")->label(), "2017-04-01..2017-06-30");
}

TEST(PeriodParse, MessagesSayWhatIsWrong) {
  auto why = [](const char* text) { return Period::parse(text).error(); };
  EXPECT_EQ(why("2017/18:M13"),
            "malformed period '2017/18:M13': the month must be 1 to 12 (M1 = April); expected "
            "2017/18, 2017/18:M6, 2017/18:YTD6, 2017/18:Q3, R12:2018-03 or "
            "2017-04-01..2017-06-30");
  EXPECT_NE(why("2017/18:Q0").find("the quarter must be 1 to 4"), std::string::npos);
  EXPECT_NE(why("2017/18:W1").find("after the ':' comes M1-M12, YTD1-YTD12 or Q1-Q4"),
            std::string::npos);
  EXPECT_NE(why("2017/19").find("the financial year: the second year must follow the first"),
            std::string::npos);
  EXPECT_NE(why("R12:2018-3").find("the month: expected a month as YYYY-MM"), std::string::npos);
  EXPECT_NE(why("2018-02-29..2018-03-01").find("the first date: not a real date"),
            std::string::npos);
  EXPECT_NE(why("2017-04-01..2017-04-31").find("the last date: "), std::string::npos);
  EXPECT_NE(why("").find("it is empty"), std::string::npos);
  const std::string long_text(100, '9');
  const std::string e = why(long_text.c_str());
  EXPECT_NE(e.find("it is too long"), std::string::npos);
  EXPECT_NE(e.find("'" + long_text.substr(0, 40) + "'"), std::string::npos) << e;
}

TEST(PeriodParse, QuarterForm) {
  auto q = Period::parse_quarter("2017/18:q4");
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(*q, Period::quarter(fy(2017), 4));
  for (const char* other : {"2017/18", "2017/18:M3", "2017/18:YTD3", "2017/18:4", "R12:2018-03",
                            "2017-04-01..2017-06-30"}) {
    auto r = Period::parse_quarter(other);
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.error(),
              fmt::format("'{}' is not a quarter: write it as YYYY/YY:Qn, e.g. 2017/18:Q4", other));
  }
  EXPECT_EQ(Period::parse_quarter("2017/18:Q5").error(),
            "'2017/18:Q5' is not a quarter: write it as YYYY/YY:Qn, e.g. 2017/18:Q4 (the quarter "
            "must be 1 to 4)");
}

TEST(PeriodParse, MonthEndForm) {
  EXPECT_EQ(*Period::parse_month_end("2017/18:M12"), Period::month(fy(2017), 12));
  EXPECT_EQ(*Period::parse_month_end("2017/18"), Period::month(fy(2017), 12));
  EXPECT_EQ(*Period::parse_month_end("2017/18:YTD7"), Period::month(fy(2017), 7));
  EXPECT_EQ(*Period::parse_month_end("2017/18:ytd7"), Period::month(fy(2017), 7));
  EXPECT_EQ(*Period::parse_month_end("2017/18:Q3"), Period::month(fy(2017), 9));
  EXPECT_EQ(*Period::parse_month_end("2017/18:q1"), Period::month(fy(2017), 3));
  EXPECT_EQ(*Period::parse_month_end("2017/18:m4"), Period::month(fy(2017), 4));
  EXPECT_EQ(*Period::parse_month_end("2017/18:4"), Period::month(fy(2017), 4));
  for (const char* other : {"R12:2018-03", "2017-04-01..2018-03-31"}) {
    auto r = Period::parse_month_end(other);
    ASSERT_FALSE(r.ok()) << other;
    EXPECT_NE(r.error().find("a report is as at a month of a financial year"), std::string::npos);
  }
  EXPECT_EQ(Period::parse_month_end("2017/18:M0").error(),
            "report period '2017/18:M0': the month must be 1 to 12 (M1 = April); write the month "
            "the report is as at, e.g. 2017/18:M12 (or 2017/18 for the year end, 2017/18:Q3 for "
            "a quarter's end)");
}

}  // namespace
}  // namespace bc
