#include "core/date.h"

#include <string>

#include <gtest/gtest.h>

#include "test_values.h"

namespace bc {
namespace {

using test_values::ymd;

std::string date_error(std::string_view text) {
  Result<Date> d = Date::parse(text);
  EXPECT_FALSE(d.ok()) << "'" << text << "' parsed as " << (d.ok() ? d->iso() : "");
  if (d.ok()) return {};
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidData);
  return d.error();
}

std::string parsed_iso(std::string_view text) {
  Result<Date> d = Date::parse(text);
  EXPECT_TRUE(d.ok()) << "'" << text << "': " << d.error();
  return d.ok() ? d->iso() : "";
}

TEST(LeapYear, GregorianRules) {
  EXPECT_TRUE(is_leap_year(2000));   // divisible by 400
  EXPECT_FALSE(is_leap_year(1900));  // divisible by 100 only
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_TRUE(is_leap_year(2016));
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2018));
  EXPECT_FALSE(is_leap_year(2019));
}

TEST(DaysInMonth, EveryMonth) {
  const int expected[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(days_in_month(2018, m), expected[m - 1]) << m;
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2016, 2), 29);
  EXPECT_EQ(days_in_month(2018, 0), 0);
  EXPECT_EQ(days_in_month(2018, 13), 0);
}

TEST(Date, DefaultIsTheEpoch) {
  EXPECT_EQ(Date().days(), 0);
  EXPECT_EQ(Date().iso(), "1970-01-01");
}

TEST(Date, FromYmdAnchors) {
  // Expected day counts from Python's datetime, an independent implementation.
  EXPECT_EQ(ymd(1970, 1, 1).days(), 0);
  EXPECT_EQ(ymd(1969, 12, 31).days(), -1);
  EXPECT_EQ(ymd(2000, 3, 1).days(), 11017);
  EXPECT_EQ(ymd(2018, 3, 1).days(), 17591);
  EXPECT_EQ(ymd(1850, 1, 1).days(), -43829);
  EXPECT_EQ(ymd(2199, 12, 31).days(), 84005);
}

TEST(Date, FromYmdRejectsUnrealDays) {
  EXPECT_FALSE(Date::from_ymd(2018, 2, 29));
  EXPECT_TRUE(Date::from_ymd(2016, 2, 29));
  EXPECT_TRUE(Date::from_ymd(2000, 2, 29));
  EXPECT_FALSE(Date::from_ymd(1900, 2, 29));
  EXPECT_FALSE(Date::from_ymd(2100, 2, 29));
  EXPECT_FALSE(Date::from_ymd(2018, 4, 31));
  EXPECT_TRUE(Date::from_ymd(2018, 4, 30));
  EXPECT_FALSE(Date::from_ymd(2018, 1, 32));
  EXPECT_FALSE(Date::from_ymd(2018, 1, 0));
  EXPECT_FALSE(Date::from_ymd(2018, 0, 1));
  EXPECT_FALSE(Date::from_ymd(2018, 13, 1));
  EXPECT_FALSE(Date::from_ymd(2018, -1, 1));
}

TEST(Date, FromYmdYearRange) {
  EXPECT_TRUE(Date::from_ymd(1850, 1, 1));
  EXPECT_FALSE(Date::from_ymd(1849, 12, 31));
  EXPECT_TRUE(Date::from_ymd(2199, 12, 31));
  EXPECT_FALSE(Date::from_ymd(2200, 1, 1));
  EXPECT_FALSE(Date::from_ymd(218, 3, 1));
}

TEST(Date, EveryDayInRangeRoundTrips) {
  // Walks the calendar with days_in_month and checks the day count rises by
  // exactly one each day and that from_days gives the same fields back.
  int32_t expected_days = ymd(1850, 1, 1).days();
  int expected_weekday = ymd(1850, 1, 1).weekday();
  for (int y = 1850; y <= 2199; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d) {
        std::optional<Date> date = Date::from_ymd(y, m, d);
        ASSERT_TRUE(date) << y << "-" << m << "-" << d;
        ASSERT_EQ(date->days(), expected_days) << y << "-" << m << "-" << d;
        const Date back = Date::from_days(expected_days);
        ASSERT_EQ(back.year(), y);
        ASSERT_EQ(back.month(), m);
        ASSERT_EQ(back.day(), d);
        ASSERT_EQ(back.weekday(), expected_weekday);
        ++expected_days;
        expected_weekday = expected_weekday % 7 + 1;
      }
    }
  }
  EXPECT_EQ(expected_days - 1, ymd(2199, 12, 31).days());
}

TEST(Date, Weekday) {
  EXPECT_EQ(Date().weekday(), 4);             // 1970-01-01, Thursday
  EXPECT_EQ(ymd(2018, 3, 1).weekday(), 4);    // Thursday
  EXPECT_EQ(ymd(2000, 1, 1).weekday(), 6);    // Saturday
  EXPECT_EQ(ymd(1850, 1, 1).weekday(), 2);    // Tuesday
  EXPECT_EQ(ymd(2199, 12, 31).weekday(), 2);  // Tuesday
  EXPECT_EQ(ymd(1969, 12, 29).weekday(), 1);  // Monday, before the epoch
  EXPECT_EQ(ymd(1969, 12, 28).weekday(), 7);  // Sunday
}

TEST(Date, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(ymd(2016, 2, 28).add_days(1).iso(), "2016-02-29");
  EXPECT_EQ(ymd(2018, 2, 28).add_days(1).iso(), "2018-03-01");
  EXPECT_EQ(ymd(2018, 12, 31).add_days(1).iso(), "2019-01-01");
  EXPECT_EQ(ymd(2019, 1, 1).add_days(-1).iso(), "2018-12-31");
  EXPECT_EQ(ymd(2018, 4, 1).add_days(365).iso(), "2019-04-01");
  EXPECT_EQ(ymd(2019, 4, 1).add_days(365).iso(), "2020-03-31");  // spans 29 Feb 2020
  EXPECT_EQ(ymd(2018, 3, 1).add_days(0), ymd(2018, 3, 1));
}

TEST(Date, IsoAndFields) {
  const Date d = ymd(2018, 3, 1);
  EXPECT_EQ(d.iso(), "2018-03-01");
  EXPECT_EQ(d.year(), 2018);
  EXPECT_EQ(d.month(), 3);
  EXPECT_EQ(d.day(), 1);
  EXPECT_EQ(ymd(1850, 1, 1).iso(), "1850-01-01");
  EXPECT_EQ(ymd(2199, 12, 31).iso(), "2199-12-31");
}

TEST(Date, Ordering) {
  EXPECT_LT(ymd(2018, 3, 31), ymd(2018, 4, 1));
  EXPECT_GT(ymd(2019, 1, 1), ymd(2018, 12, 31));
  EXPECT_EQ(ymd(2018, 3, 1), *Date::parse("01/03/2018"));
}

TEST(DateParse, IsoForm) {
  EXPECT_EQ(parsed_iso("2018-03-01"), "2018-03-01");
  EXPECT_EQ(parsed_iso("2016-02-29"), "2016-02-29");
  EXPECT_EQ(parsed_iso("2000-02-29"), "2000-02-29");
  EXPECT_EQ(parsed_iso("1850-01-01"), "1850-01-01");
  EXPECT_EQ(parsed_iso("2199-12-31"), "2199-12-31");
  EXPECT_EQ(parsed_iso(" 2018-03-01 "), "2018-03-01");
  EXPECT_EQ(parsed_iso("\t2018-03-01\r\n"), "2018-03-01");
}

TEST(DateParse, SlashFormIsDayFirst) {
  EXPECT_EQ(parsed_iso("01/03/2018"), "2018-03-01");
  EXPECT_EQ(parsed_iso("31/12/2018"), "2018-12-31");
  EXPECT_EQ(parsed_iso("29/02/2016"), "2016-02-29");
  EXPECT_EQ(parsed_iso(" 01/03/2018 "), "2018-03-01");
}

TEST(DateParse, SlashFormTakesOneDigitDayAndMonth) {
  // Spreadsheets write d/m/yyyy by default; with the year last it is unambiguous.
  EXPECT_EQ(parsed_iso("1/3/2018"), "2018-03-01");
  EXPECT_EQ(parsed_iso("1/03/2018"), "2018-03-01");
  EXPECT_EQ(parsed_iso("01/3/2018"), "2018-03-01");
  EXPECT_EQ(parsed_iso("9/11/2018"), "2018-11-09");
}

TEST(DateParse, ImpossibleDaysSayWhy) {
  EXPECT_EQ(date_error("2018-02-30"), "not a real date: February 2018 has 28 days");
  EXPECT_EQ(date_error("2018-02-29"), "not a real date: February 2018 has 28 days");
  EXPECT_EQ(date_error("2016-02-30"), "not a real date: February 2016 has 29 days");
  EXPECT_EQ(date_error("1900-02-29"), "not a real date: February 1900 has 28 days");
  EXPECT_EQ(date_error("2100-02-29"), "not a real date: February 2100 has 28 days");
  EXPECT_EQ(date_error("2018-04-31"), "not a real date: April 2018 has 30 days");
  EXPECT_EQ(date_error("2018-01-32"), "not a real date: January 2018 has 31 days");
  EXPECT_EQ(date_error("29/02/2018"), "not a real date: February 2018 has 28 days");
  EXPECT_EQ(date_error("31/09/2018"), "not a real date: September 2018 has 30 days");
  EXPECT_EQ(date_error("2018-01-00"), "not a real date: days of the month start at 01");
  EXPECT_EQ(date_error("2018-13-01"), "not a real date: month must be 01 to 12");
  EXPECT_EQ(date_error("2018-00-10"), "not a real date: month must be 01 to 12");
  // A US-style month-first date is caught when the "month" exceeds 12.
  EXPECT_EQ(date_error("03/31/2018"), "not a real date: month must be 01 to 12");
}

TEST(DateParse, YearOutOfRangeCatchesTypos) {
  EXPECT_EQ(date_error("0218-03-01"), "year must be between 1850 and 2199");
  EXPECT_EQ(date_error("1849-12-31"), "year must be between 1850 and 2199");
  EXPECT_EQ(date_error("2200-01-01"), "year must be between 1850 and 2199");
  EXPECT_EQ(date_error("01/03/0218"), "year must be between 1850 and 2199");
}

TEST(DateParse, WrongShapes) {
  const std::string iso_shape =
      "expected a date as YYYY-MM-DD (four-digit year, two-digit month and day)";
  EXPECT_EQ(date_error("2018-3-1"), iso_shape);
  EXPECT_EQ(date_error("2018-03-1"), iso_shape);
  EXPECT_EQ(date_error("18-03-01"), iso_shape);
  EXPECT_EQ(date_error("2018-03"), iso_shape);
  EXPECT_EQ(date_error("2018-03-0a"), iso_shape);
  EXPECT_EQ(date_error("+2018-03-01"), iso_shape);
  const std::string slash_shape = "expected a date as DD/MM/YYYY (with a four-digit year)";
  EXPECT_EQ(date_error("01/03/18"), slash_shape);
  EXPECT_EQ(date_error("001/03/2018"), slash_shape);
  EXPECT_EQ(date_error("01/003/2018"), slash_shape);
  EXPECT_EQ(date_error("1//2018"), slash_shape);
  EXPECT_EQ(date_error("/03/2018"), slash_shape);
  EXPECT_EQ(date_error("2018/03/01"), slash_shape);
  EXPECT_EQ(date_error("01/03"), slash_shape);
  EXPECT_EQ(date_error("20180301"), "expected a date as YYYY-MM-DD or DD/MM/YYYY");
  EXPECT_EQ(date_error("1 March 2018"), "expected a date as YYYY-MM-DD or DD/MM/YYYY");
  EXPECT_EQ(date_error("01.03.2018"), "expected a date as YYYY-MM-DD or DD/MM/YYYY");
}

TEST(DateParse, RejectsTrailingText) {
  EXPECT_EQ(date_error("2018-03-01x"), "unexpected text after the date");
  EXPECT_EQ(date_error("2018-03-01T10:00"), "unexpected text after the date");
  EXPECT_EQ(date_error("2018-03-01 10:00"), "unexpected text after the date");
  EXPECT_EQ(date_error("01/03/20189"), "unexpected text after the date");
  EXPECT_EQ(date_error("01/03/2018/"), "unexpected text after the date");
  EXPECT_EQ(date_error("2018-03-01-"), "unexpected text after the date");
}

TEST(DateParse, RejectsEmpty) {
  EXPECT_EQ(date_error(""), "no date given; expected YYYY-MM-DD or DD/MM/YYYY");
  EXPECT_EQ(date_error("   "), "no date given; expected YYYY-MM-DD or DD/MM/YYYY");
}

TEST(DateParse, InternalSpacesAreNotTrimmed) {
  EXPECT_FALSE(Date::parse("2018 -03-01").ok());
  EXPECT_FALSE(Date::parse("01/ 03/2018").ok());
}

TEST(DateTime, FromPartsValidatesTheClock) {
  const Date d = ymd(2018, 3, 1);
  std::optional<DateTime> dt = DateTime::from_parts(d, 23, 59, 59);
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->date(), d);
  EXPECT_EQ(dt->hour(), 23);
  EXPECT_EQ(dt->minute(), 59);
  EXPECT_EQ(dt->second(), 59);
  EXPECT_TRUE(DateTime::from_parts(d, 0, 0, 0));
  EXPECT_FALSE(DateTime::from_parts(d, 24, 0, 0));
  EXPECT_FALSE(DateTime::from_parts(d, -1, 0, 0));
  EXPECT_FALSE(DateTime::from_parts(d, 0, 60, 0));
  EXPECT_FALSE(DateTime::from_parts(d, 0, -1, 0));
  EXPECT_FALSE(DateTime::from_parts(d, 0, 0, 60));
  EXPECT_FALSE(DateTime::from_parts(d, 0, 0, -1));
}

TEST(DateTime, PlusSecondsCrossesDaysBothWays) {
  const DateTime t = *DateTime::from_parts(*Date::from_ymd(2018, 2, 28), 23, 30, 0);
  EXPECT_EQ(t.plus_seconds(1800).iso(), "2018-03-01T00:00:00");
  EXPECT_EQ(t.plus_seconds(-23 * 3600 - 31 * 60).iso(), "2018-02-27T23:59:00");
  EXPECT_EQ(t.plus_seconds(0), t);
  EXPECT_EQ(t.plus_seconds(86400 * 366).iso(), "2019-03-01T23:30:00");
}

TEST(DateTime, SecondsSinceIsTheDifference) {
  const DateTime a = *DateTime::from_parts(*Date::from_ymd(2017, 12, 31), 22, 0, 0);
  const DateTime b = *DateTime::from_parts(*Date::from_ymd(2018, 1, 1), 1, 15, 30);
  EXPECT_EQ(b.seconds_since(a), 3 * 3600 + 15 * 60 + 30);
  EXPECT_EQ(a.seconds_since(b), -(3 * 3600 + 15 * 60 + 30));
  EXPECT_EQ(a.plus_seconds(b.seconds_since(a)), b);
}

TEST(DateTimeParse, AcceptedForms) {
  struct Case {
    const char* text;
    const char* iso;
  };
  for (const Case& c : {Case{"2018-03-01T14:30", "2018-03-01T14:30:00"},
                        Case{"2018-03-01T14:30:15", "2018-03-01T14:30:15"},
                        Case{"2018-03-01 14:30", "2018-03-01T14:30:00"},
                        Case{"2018-03-01 14:30:15", "2018-03-01T14:30:15"},
                        Case{"01/03/2018 14:30", "2018-03-01T14:30:00"},
                        Case{"1/3/2018T09:05:07", "2018-03-01T09:05:07"},
                        Case{"2018-03-01T00:00", "2018-03-01T00:00:00"},
                        Case{"2018-03-01T23:59:59", "2018-03-01T23:59:59"},
                        Case{"  2016-02-29T12:00  ", "2016-02-29T12:00:00"}}) {
    Result<DateTime> dt = DateTime::parse(c.text);
    ASSERT_TRUE(dt.ok()) << c.text << ": " << dt.error();
    EXPECT_EQ(dt->iso(), c.iso) << c.text;
  }
}

TEST(DateTimeParse, FieldsOfAParsedValue) {
  Result<DateTime> dt = DateTime::parse("2018-03-01T14:30:15");
  ASSERT_TRUE(dt.ok());
  EXPECT_EQ(dt->date(), ymd(2018, 3, 1));
  EXPECT_EQ(dt->hour(), 14);
  EXPECT_EQ(dt->minute(), 30);
  EXPECT_EQ(dt->second(), 15);
}

TEST(DateTimeParse, RejectsImpossibleTimes) {
  EXPECT_EQ(DateTime::parse("2018-03-01T24:00").error(), "not a real time: hours run 00 to 23");
  EXPECT_EQ(DateTime::parse("2018-03-01T12:60").error(), "not a real time: minutes run 00 to 59");
  EXPECT_EQ(DateTime::parse("2018-03-01T12:30:60").error(),
            "not a real time: seconds run 00 to 59");
}

TEST(DateTimeParse, RejectsABadDatePartWithTheDateReason) {
  EXPECT_EQ(DateTime::parse("2018-02-30T10:00").error(),
            "not a real date: February 2018 has 28 days");
  EXPECT_EQ(DateTime::parse("1849-12-31 10:00").error(), "year must be between 1850 and 2199");
}

TEST(DateTimeParse, RejectsMissingOrMalformedTimes) {
  EXPECT_EQ(DateTime::parse("2018-03-01").error(),
            "a time is needed after the date, as YYYY-MM-DDTHH:MM[:SS]");
  EXPECT_EQ(DateTime::parse("").error(), "no date-time given; expected YYYY-MM-DDTHH:MM[:SS]");
  const std::string shape = "expected a time as HH:MM or HH:MM:SS after the date";
  EXPECT_EQ(DateTime::parse("2018-03-01T1:30").error(), shape);
  EXPECT_EQ(DateTime::parse("2018-03-01T14").error(), shape);
  EXPECT_EQ(DateTime::parse("2018-03-01T14:3").error(), shape);
  EXPECT_EQ(DateTime::parse("2018-03-01T").error(), shape);
  EXPECT_EQ(DateTime::parse("2018-03-01T14:30:0").error(), shape);
  EXPECT_EQ(DateTime::parse("2018-03-01  14:30").error(), shape);  // two spaces
  EXPECT_EQ(DateTime::parse("2018-03-01T14.30").error(), shape);
  const std::string trailing = "unexpected text after the time (expected HH:MM or HH:MM:SS)";
  EXPECT_EQ(DateTime::parse("2018-03-01T14:30:00.000").error(), trailing);
  EXPECT_EQ(DateTime::parse("2018-03-01T14:30Z").error(), trailing);
  EXPECT_EQ(DateTime::parse("2018-03-01T14:30:00+01:00").error(), trailing);
}

TEST(DateTime, Ordering) {
  const DateTime a = *DateTime::parse("2018-03-01T23:59:59");
  const DateTime b = *DateTime::parse("2018-03-02T00:00:00");
  const DateTime c = *DateTime::parse("2018-03-02 00:00");
  EXPECT_LT(a, b);
  EXPECT_EQ(b, c);
}

TEST(YearMonth, FromPartsAndAccessors) {
  std::optional<YearMonth> m = YearMonth::from_parts(2018, 3);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->year(), 2018);
  EXPECT_EQ(m->month(), 3);
  EXPECT_EQ(m->iso(), "2018-03");
  EXPECT_FALSE(YearMonth::from_parts(2018, 0));
  EXPECT_FALSE(YearMonth::from_parts(2018, 13));
  EXPECT_FALSE(YearMonth::from_parts(1849, 12));
  EXPECT_FALSE(YearMonth::from_parts(2200, 1));
  EXPECT_TRUE(YearMonth::from_parts(1850, 1));
  EXPECT_TRUE(YearMonth::from_parts(2199, 12));
  EXPECT_EQ(YearMonth().iso(), "1970-01");
}

TEST(YearMonth, OfDate) {
  EXPECT_EQ(YearMonth::of(ymd(2018, 3, 15)), *YearMonth::from_parts(2018, 3));
  EXPECT_EQ(YearMonth::of(ymd(2018, 12, 31)), *YearMonth::from_parts(2018, 12));
  EXPECT_EQ(YearMonth::of(ymd(2019, 1, 1)), *YearMonth::from_parts(2019, 1));
}

TEST(YearMonth, FirstAndLastDay) {
  const YearMonth feb16 = *YearMonth::from_parts(2016, 2);
  EXPECT_EQ(feb16.first_day().iso(), "2016-02-01");
  EXPECT_EQ(feb16.last_day().iso(), "2016-02-29");
  EXPECT_EQ(YearMonth::from_parts(2018, 2)->last_day().iso(), "2018-02-28");
  EXPECT_EQ(YearMonth::from_parts(2000, 2)->last_day().iso(), "2000-02-29");
  EXPECT_EQ(YearMonth::from_parts(2100, 2)->last_day().iso(), "2100-02-28");
  EXPECT_EQ(YearMonth::from_parts(2018, 12)->last_day().iso(), "2018-12-31");
  EXPECT_EQ(YearMonth::from_parts(2018, 4)->last_day().iso(), "2018-04-30");
}

TEST(YearMonth, AddMonthsAcrossYears) {
  const YearMonth dec = *YearMonth::from_parts(2018, 12);
  EXPECT_EQ(dec.add_months(1).iso(), "2019-01");
  EXPECT_EQ(dec.add_months(-11).iso(), "2018-01");
  EXPECT_EQ(dec.add_months(-12).iso(), "2017-12");
  EXPECT_EQ(YearMonth::from_parts(2019, 1)->add_months(-1).iso(), "2018-12");
  EXPECT_EQ(YearMonth::from_parts(2018, 3)->add_months(-13).iso(), "2017-02");
  EXPECT_EQ(YearMonth::from_parts(2018, 3)->add_months(24).iso(), "2020-03");
  EXPECT_EQ(dec.add_months(1).index() - dec.index(), 1);
  EXPECT_LT(dec, dec.add_months(1));
}

TEST(YearMonth, ConsecutiveMonthsTile) {
  // Each month starts the day after the previous one ends.
  YearMonth m = *YearMonth::from_parts(1999, 1);
  for (int i = 0; i < 36; ++i) {
    const YearMonth next = m.add_months(1);
    EXPECT_EQ(m.last_day().add_days(1), next.first_day()) << m.iso();
    EXPECT_EQ(YearMonth::of(m.last_day()), m);
    m = next;
  }
}

TEST(YearMonthParse, AcceptsOnlyYyyyMm) {
  Result<YearMonth> m = YearMonth::parse("2018-03");
  ASSERT_TRUE(m.ok()) << m.error();
  EXPECT_EQ(m->iso(), "2018-03");
  EXPECT_TRUE(YearMonth::parse(" 2018-03 ").ok());
  EXPECT_EQ(YearMonth::parse("2018-3").error(), "expected a month as YYYY-MM");
  EXPECT_EQ(YearMonth::parse("201803").error(), "expected a month as YYYY-MM");
  EXPECT_EQ(YearMonth::parse("03/2018").error(), "expected a month as YYYY-MM");
  EXPECT_EQ(YearMonth::parse("18-03").error(), "expected a month as YYYY-MM");
  EXPECT_EQ(YearMonth::parse("2018-03-01").error(),
            "unexpected text after the month (expected YYYY-MM only)");
  EXPECT_EQ(YearMonth::parse("2018-13").error(), "not a real month: months run 01 to 12");
  EXPECT_EQ(YearMonth::parse("2018-00").error(), "not a real month: months run 01 to 12");
  EXPECT_EQ(YearMonth::parse("1849-12").error(), "year must be between 1850 and 2199");
  EXPECT_EQ(YearMonth::parse("").error(), "no month given; expected YYYY-MM");
  EXPECT_EQ(YearMonth::parse("2018-03").status().code(), StatusCode::kOk);
  EXPECT_EQ(YearMonth::parse("2018-13").status().code(), StatusCode::kInvalidData);
}

TEST(MonthNames, LongAndShort) {
  EXPECT_EQ(month_name(1), "January");
  EXPECT_EQ(month_name(9), "September");
  EXPECT_EQ(month_abbreviation(9), "Sep");
  EXPECT_EQ(month_abbreviation(12), "Dec");
  for (int m = 1; m <= 12; ++m) EXPECT_EQ(month_name(m).substr(0, 3), month_abbreviation(m));
  EXPECT_EQ(YearMonth::from_parts(2018, 3)->name(), "March 2018");
  EXPECT_EQ(YearMonth::from_parts(2018, 3)->short_name(), "Mar 2018");
}

}  // namespace
}  // namespace bc
