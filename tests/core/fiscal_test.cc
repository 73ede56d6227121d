#include "core/fiscal.h"

#include <string>

#include <gtest/gtest.h>

#include "test_values.h"

namespace bc {
namespace {

using test_values::fy;
using test_values::ym;
using test_values::ymd;

TEST(FinancialYear, FromStartYearAndLabel) {
  EXPECT_EQ(fy(2017).start_year(), 2017);
  EXPECT_EQ(fy(2017).label(), "2017/18");
  EXPECT_EQ(fy(2009).label(), "2009/10");
  EXPECT_EQ(fy(1999).label(), "1999/00");
  EXPECT_EQ(fy(1850).label(), "1850/51");
  EXPECT_EQ(fy(2198).label(), "2198/99");
  EXPECT_EQ(FinancialYear().label(), "2017/18");
}

TEST(FinancialYear, FromStartYearRange) {
  Result<FinancialYear> early = FinancialYear::from_start_year(1849);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(early.error(), "financial years must start between 1850 and 2198");
  EXPECT_FALSE(FinancialYear::from_start_year(2199).ok());
  EXPECT_FALSE(FinancialYear::from_start_year(0).ok());
  EXPECT_FALSE(FinancialYear::from_start_year(-2017).ok());
}

TEST(FinancialYearParse, Accepts) {
  Result<FinancialYear> y = FinancialYear::parse("2017/18");
  ASSERT_TRUE(y.ok()) << y.error();
  EXPECT_EQ(*y, fy(2017));
  EXPECT_EQ(FinancialYear::parse(" 2017/18 ").value(), fy(2017));
  EXPECT_EQ(FinancialYear::parse("1999/00").value(), fy(1999));
  EXPECT_EQ(FinancialYear::parse("2009/10").value(), fy(2009));
  EXPECT_EQ(FinancialYear::parse("2198/99").value(), fy(2198));
}

TEST(FinancialYearParse, LabelRoundTrips) {
  for (int start = 1850; start <= 2198; ++start) {
    Result<FinancialYear> y = FinancialYear::parse(fy(start).label());
    ASSERT_TRUE(y.ok()) << start << ": " << y.error();
    EXPECT_EQ(y->start_year(), start);
  }
}

TEST(FinancialYearParse, SecondYearMustFollowTheFirst) {
  EXPECT_EQ(FinancialYear::parse("2017/19").error(),
            "the second year must follow the first (2017/18)");
  EXPECT_EQ(FinancialYear::parse("2017/17").error(),
            "the second year must follow the first (2017/18)");
  EXPECT_EQ(FinancialYear::parse("1999/99").error(),
            "the second year must follow the first (1999/00)");
  EXPECT_EQ(FinancialYear::parse("2017/19").status().code(), StatusCode::kInvalidData);
}

TEST(FinancialYearParse, FourDigitSecondYearNamesTheFix) {
  EXPECT_EQ(FinancialYear::parse("2017/2018").error(),
            "write the second year as two digits (2017/18)");
}

TEST(FinancialYearParse, RejectsOtherShapes) {
  const std::string shape = "expected a financial year as YYYY/YY, as in 2017/18";
  for (const char* bad : {"2017-18", "17/18", "2017/8", "2017/", "2017", "2017/18x", "2017/180",
                          "FY2017/18", "2017 / 18", "20a7/18", "/18"}) {
    EXPECT_EQ(FinancialYear::parse(bad).error(), shape) << bad;
  }
  EXPECT_EQ(FinancialYear::parse("").error(), "no financial year given; expected YYYY/YY");
}

TEST(FinancialYearParse, RejectsYearsOutOfRange) {
  Result<FinancialYear> late = FinancialYear::parse("2199/00");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(late.error(), "financial years must start between 1850 and 2198");
  EXPECT_FALSE(FinancialYear::parse("1849/50").ok());
}

TEST(FinancialYear, FirstAndLastDay) {
  EXPECT_EQ(fy(2017).first_day(), ymd(2017, 4, 1));
  EXPECT_EQ(fy(2017).last_day(), ymd(2018, 3, 31));
  EXPECT_EQ(fy(2198).last_day(), ymd(2199, 3, 31));
  // A year containing 29 February has 366 days.
  EXPECT_EQ(fy(2019).last_day().days() - fy(2019).first_day().days() + 1, 366);
  EXPECT_EQ(fy(2017).last_day().days() - fy(2017).first_day().days() + 1, 365);
  EXPECT_EQ(fy(2017).last_day().add_days(1), fy(2018).first_day());
}

TEST(FinancialYear, ContainingDateAtTheBoundary) {
  EXPECT_EQ(FinancialYear::containing(ymd(2018, 3, 31)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ymd(2018, 4, 1)), fy(2018));
  EXPECT_EQ(FinancialYear::containing(ymd(2017, 4, 1)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ymd(2017, 3, 31)), fy(2016));
  EXPECT_EQ(FinancialYear::containing(ymd(2018, 1, 1)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ymd(2017, 12, 31)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ymd(2020, 2, 29)), fy(2019));
}

TEST(FinancialYear, ContainingEveryDayOfAYear) {
  const FinancialYear year = fy(2019);
  for (Date d = year.first_day(); d <= year.last_day(); d = d.add_days(1)) {
    ASSERT_EQ(FinancialYear::containing(d), year) << d.iso();
  }
  EXPECT_EQ(FinancialYear::containing(year.first_day().add_days(-1)), year.previous());
  EXPECT_EQ(FinancialYear::containing(year.last_day().add_days(1)), year.next());
}

TEST(FinancialYear, ContainingMonth) {
  EXPECT_EQ(FinancialYear::containing(ym(2018, 3)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ym(2018, 4)), fy(2018));
  EXPECT_EQ(FinancialYear::containing(ym(2018, 1)), fy(2017));
  EXPECT_EQ(FinancialYear::containing(ym(2018, 12)), fy(2018));
}

TEST(FinancialYear, ContainingWorksAtTheEdgeOfTheDateRange) {
  // 1 January 1850 falls in 1849/50, which from_start_year would refuse;
  // containing must still give a consistent answer.
  const FinancialYear y = FinancialYear::containing(ymd(1850, 1, 1));
  EXPECT_EQ(y.start_year(), 1849);
  EXPECT_EQ(y.label(), "1849/50");
  EXPECT_EQ(y.last_day(), ymd(1850, 3, 31));
  EXPECT_EQ(y.first_day().add_days(365).iso(), "1850-04-01");
}

TEST(FinancialYear, MonthsOfTheYear) {
  const FinancialYear y = fy(2017);
  EXPECT_EQ(y.month(1), ym(2017, 4));
  EXPECT_EQ(y.month(9), ym(2017, 12));
  EXPECT_EQ(y.month(10), ym(2018, 1));
  EXPECT_EQ(y.month(12), ym(2018, 3));
}

TEST(FinancialMonth, OfCalendarMonth) {
  EXPECT_EQ(financial_month_of(ym(2017, 4)), 1);
  EXPECT_EQ(financial_month_of(ym(2017, 12)), 9);
  EXPECT_EQ(financial_month_of(ym(2018, 1)), 10);
  EXPECT_EQ(financial_month_of(ym(2018, 3)), 12);
}

TEST(FinancialMonth, ConversionsAgreeBothWays) {
  for (int start : {1999, 2017, 2019}) {
    const FinancialYear y = fy(start);
    for (int m = 1; m <= 12; ++m) {
      const YearMonth cal = y.month(m);
      EXPECT_EQ(financial_month_of(cal), m) << y.label() << " M" << m;
      EXPECT_EQ(FinancialYear::containing(cal), y) << y.label() << " M" << m;
      EXPECT_EQ(FinancialYear::containing(cal.first_day()), y);
      EXPECT_EQ(FinancialYear::containing(cal.last_day()), y);
    }
  }
  // And from the calendar side: every month of two calendar years.
  for (YearMonth m = ym(2017, 1); m <= ym(2018, 12); m = m.add_months(1)) {
    EXPECT_EQ(FinancialYear::containing(m).month(financial_month_of(m)), m) << m.iso();
  }
}

TEST(FinancialMonth, Parse) {
  EXPECT_EQ(parse_financial_month("M1").value(), 1);
  EXPECT_EQ(parse_financial_month("m12").value(), 12);
  EXPECT_EQ(parse_financial_month("M7").value(), 7);
  EXPECT_EQ(parse_financial_month("7").value(), 7);
  EXPECT_EQ(parse_financial_month("12").value(), 12);
  EXPECT_EQ(parse_financial_month(" M3 ").value(), 3);
  EXPECT_EQ(parse_financial_month("M01").value(), 1);  // a zero-padded month is unambiguous
}

TEST(FinancialMonth, ParseRejects) {
  const std::string range = "financial months run M1 (April) to M12 (March)";
  EXPECT_EQ(parse_financial_month("M0").error(), range);
  EXPECT_EQ(parse_financial_month("M13").error(), range);
  EXPECT_EQ(parse_financial_month("13").error(), range);
  EXPECT_EQ(parse_financial_month("0").error(), range);
  const std::string shape = "expected a financial month M1 to M12 (M1 = April)";
  for (const char* bad : {"M", "Month 1", "M1a", "-1", "M 1", "M-1", "MM1", "M001", "Q1", "1.0"}) {
    EXPECT_EQ(parse_financial_month(bad).error(), shape) << bad;
  }
  EXPECT_EQ(parse_financial_month("").error(), "no financial month given; expected M1 to M12");
}

TEST(FinancialMonth, Label) {
  EXPECT_EQ(financial_month_label(1), "M1");
  EXPECT_EQ(financial_month_label(12), "M12");
  for (int m = 1; m <= 12; ++m)
    EXPECT_EQ(parse_financial_month(financial_month_label(m)).value(), m);
}

TEST(Quarter, OfFinancialMonth) {
  const int expected[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(quarter_of_financial_month(m), expected[m - 1]) << m;
}

TEST(Quarter, FirstAndLastMonths) {
  EXPECT_EQ(quarter_first_month(1), 1);
  EXPECT_EQ(quarter_last_month(1), 3);
  EXPECT_EQ(quarter_first_month(2), 4);
  EXPECT_EQ(quarter_last_month(2), 6);
  EXPECT_EQ(quarter_first_month(3), 7);
  EXPECT_EQ(quarter_last_month(3), 9);
  EXPECT_EQ(quarter_first_month(4), 10);
  EXPECT_EQ(quarter_last_month(4), 12);
  for (int q = 1; q <= 4; ++q) {
    EXPECT_EQ(quarter_of_financial_month(quarter_first_month(q)), q);
    EXPECT_EQ(quarter_of_financial_month(quarter_last_month(q)), q);
  }
}

TEST(Quarter, CalendarMonthsMatchTheDomain) {
  // Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
  const FinancialYear y = fy(2017);
  EXPECT_EQ(y.month(quarter_first_month(1)), ym(2017, 4));
  EXPECT_EQ(y.month(quarter_last_month(1)), ym(2017, 6));
  EXPECT_EQ(y.month(quarter_first_month(2)), ym(2017, 7));
  EXPECT_EQ(y.month(quarter_last_month(2)), ym(2017, 9));
  EXPECT_EQ(y.month(quarter_first_month(3)), ym(2017, 10));
  EXPECT_EQ(y.month(quarter_last_month(3)), ym(2017, 12));
  EXPECT_EQ(y.month(quarter_first_month(4)), ym(2018, 1));
  EXPECT_EQ(y.month(quarter_last_month(4)), ym(2018, 3));
  EXPECT_EQ(quarter_of_financial_month(financial_month_of(ym(2018, 2))), 4);
  EXPECT_EQ(quarter_of_financial_month(financial_month_of(ym(2017, 11))), 3);
}

TEST(Quarter, Parse) {
  EXPECT_EQ(parse_quarter("Q1").value(), 1);
  EXPECT_EQ(parse_quarter("q4").value(), 4);
  EXPECT_EQ(parse_quarter(" Q2 ").value(), 2);
  EXPECT_EQ(parse_quarter("Q0").error(), "quarters run Q1 to Q4");
  EXPECT_EQ(parse_quarter("Q5").error(), "quarters run Q1 to Q4");
  const std::string shape = "expected a quarter Q1 to Q4 (Q1 = April to June)";
  for (const char* bad : {"1", "Q", "Q12", "Q01", "QQ", "M1", "Q-1", "Quarter 1"}) {
    EXPECT_EQ(parse_quarter(bad).error(), shape) << bad;
  }
  EXPECT_EQ(parse_quarter("").error(), "no quarter given; expected Q1 to Q4");
}

TEST(FinancialYear, PreviousNextAndOrdering) {
  EXPECT_EQ(fy(2017).previous(), fy(2016));
  EXPECT_EQ(fy(2017).next(), fy(2018));
  EXPECT_EQ(fy(2017).next().previous(), fy(2017));
  EXPECT_LT(fy(2016), fy(2017));
  EXPECT_EQ(fy(1999).next().label(), "2000/01");
}

TEST(FinancialMonth, CalendarMonthOf) {
  EXPECT_EQ(calendar_month_of(1), 4);
  EXPECT_EQ(calendar_month_of(9), 12);
  EXPECT_EQ(calendar_month_of(10), 1);
  EXPECT_EQ(calendar_month_of(12), 3);
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(financial_month_of(*YearMonth::from_parts(2017, calendar_month_of(m))), m);
  }
}

}  // namespace
}  // namespace bc
