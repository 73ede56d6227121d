#include "governance/calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace bc {
namespace {

// A date that must be valid: a failure when it is not (then 1970-01-01).
Date cal_date(int y, int m, int d) {
  std::optional<Date> date = Date::from_ymd(y, m, d);
  EXPECT_TRUE(date.has_value()) << y << "-" << m << "-" << d;
  return date.value_or(Date());
}

Date cal_iso(std::string_view iso) {
  Result<Date> d = Date::parse(iso);
  EXPECT_TRUE(d.ok()) << iso << ": " << d.error();
  return d.ok() ? *d : Date();
}

constexpr const char* kNewYear = "New Year's Day";
constexpr const char* kGoodFriday = "Good Friday";
constexpr const char* kEasterMonday = "Easter Monday";
constexpr const char* kEarlyMay = "Early May bank holiday";
constexpr const char* kSpring = "Spring bank holiday";
constexpr const char* kSummer = "Summer bank holiday";
constexpr const char* kChristmas = "Christmas Day";
constexpr const char* kBoxing = "Boxing Day";

struct PublishedHoliday {
  const char* date;
  const char* name;
  bool substitute;
};

// England and Wales, typed from GOV.UK's lists (https://www.gov.uk/bank-holidays)
// for 2010 to 2027; 2028 to 2030 are the days the rules give, with Easter
// from the table in EasterSunday.KnownDates. `true` marks a substitute day.
const PublishedHoliday kPublished[] = {
    {"2010-01-01", kNewYear, false},
    {"2010-04-02", kGoodFriday, false},
    {"2010-04-05", kEasterMonday, false},
    {"2010-05-03", kEarlyMay, false},
    {"2010-05-31", kSpring, false},
    {"2010-08-30", kSummer, false},
    {"2010-12-27", kChristmas, true},
    {"2010-12-28", kBoxing, true},

    {"2011-01-03", kNewYear, true},
    {"2011-04-22", kGoodFriday, false},
    {"2011-04-25", kEasterMonday, false},
    {"2011-04-29", "Royal wedding", false},
    {"2011-05-02", kEarlyMay, false},
    {"2011-05-30", kSpring, false},
    {"2011-08-29", kSummer, false},
    {"2011-12-26", kBoxing, false},
    {"2011-12-27", kChristmas, true},

    {"2012-01-02", kNewYear, true},
    {"2012-04-06", kGoodFriday, false},
    {"2012-04-09", kEasterMonday, false},
    {"2012-05-07", kEarlyMay, false},
    {"2012-06-04", kSpring, false},
    {"2012-06-05", "Queen's Diamond Jubilee", false},
    {"2012-08-27", kSummer, false},
    {"2012-12-25", kChristmas, false},
    {"2012-12-26", kBoxing, false},

    {"2013-01-01", kNewYear, false},
    {"2013-03-29", kGoodFriday, false},
    {"2013-04-01", kEasterMonday, false},
    {"2013-05-06", kEarlyMay, false},
    {"2013-05-27", kSpring, false},
    {"2013-08-26", kSummer, false},
    {"2013-12-25", kChristmas, false},
    {"2013-12-26", kBoxing, false},

    {"2014-01-01", kNewYear, false},
    {"2014-04-18", kGoodFriday, false},
    {"2014-04-21", kEasterMonday, false},
    {"2014-05-05", kEarlyMay, false},
    {"2014-05-26", kSpring, false},
    {"2014-08-25", kSummer, false},
    {"2014-12-25", kChristmas, false},
    {"2014-12-26", kBoxing, false},

    {"2015-01-01", kNewYear, false},
    {"2015-04-03", kGoodFriday, false},
    {"2015-04-06", kEasterMonday, false},
    {"2015-05-04", kEarlyMay, false},
    {"2015-05-25", kSpring, false},
    {"2015-08-31", kSummer, false},
    {"2015-12-25", kChristmas, false},
    {"2015-12-28", kBoxing, true},

    {"2016-01-01", kNewYear, false},
    {"2016-03-25", kGoodFriday, false},
    {"2016-03-28", kEasterMonday, false},
    {"2016-05-02", kEarlyMay, false},
    {"2016-05-30", kSpring, false},
    {"2016-08-29", kSummer, false},
    {"2016-12-26", kBoxing, false},
    {"2016-12-27", kChristmas, true},

    {"2017-01-02", kNewYear, true},
    {"2017-04-14", kGoodFriday, false},
    {"2017-04-17", kEasterMonday, false},
    {"2017-05-01", kEarlyMay, false},
    {"2017-05-29", kSpring, false},
    {"2017-08-28", kSummer, false},
    {"2017-12-25", kChristmas, false},
    {"2017-12-26", kBoxing, false},

    {"2018-01-01", kNewYear, false},
    {"2018-03-30", kGoodFriday, false},
    {"2018-04-02", kEasterMonday, false},
    {"2018-05-07", kEarlyMay, false},
    {"2018-05-28", kSpring, false},
    {"2018-08-27", kSummer, false},
    {"2018-12-25", kChristmas, false},
    {"2018-12-26", kBoxing, false},

    {"2019-01-01", kNewYear, false},
    {"2019-04-19", kGoodFriday, false},
    {"2019-04-22", kEasterMonday, false},
    {"2019-05-06", kEarlyMay, false},
    {"2019-05-27", kSpring, false},
    {"2019-08-26", kSummer, false},
    {"2019-12-25", kChristmas, false},
    {"2019-12-26", kBoxing, false},

    {"2020-01-01", kNewYear, false},
    {"2020-04-10", kGoodFriday, false},
    {"2020-04-13", kEasterMonday, false},
    {"2020-05-08", "Early May bank holiday (VE day)", false},
    {"2020-05-25", kSpring, false},
    {"2020-08-31", kSummer, false},
    {"2020-12-25", kChristmas, false},
    {"2020-12-28", kBoxing, true},

    {"2021-01-01", kNewYear, false},
    {"2021-04-02", kGoodFriday, false},
    {"2021-04-05", kEasterMonday, false},
    {"2021-05-03", kEarlyMay, false},
    {"2021-05-31", kSpring, false},
    {"2021-08-30", kSummer, false},
    {"2021-12-27", kChristmas, true},
    {"2021-12-28", kBoxing, true},

    {"2022-01-03", kNewYear, true},
    {"2022-04-15", kGoodFriday, false},
    {"2022-04-18", kEasterMonday, false},
    {"2022-05-02", kEarlyMay, false},
    {"2022-06-02", kSpring, false},
    {"2022-06-03", "Platinum Jubilee bank holiday", false},
    {"2022-08-29", kSummer, false},
    {"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", false},
    {"2022-12-26", kBoxing, false},
    {"2022-12-27", kChristmas, true},

    {"2023-01-02", kNewYear, true},
    {"2023-04-07", kGoodFriday, false},
    {"2023-04-10", kEasterMonday, false},
    {"2023-05-01", kEarlyMay, false},
    {"2023-05-08", "Bank holiday for the coronation of King Charles III", false},
    {"2023-05-29", kSpring, false},
    {"2023-08-28", kSummer, false},
    {"2023-12-25", kChristmas, false},
    {"2023-12-26", kBoxing, false},

    {"2024-01-01", kNewYear, false},
    {"2024-03-29", kGoodFriday, false},
    {"2024-04-01", kEasterMonday, false},
    {"2024-05-06", kEarlyMay, false},
    {"2024-05-27", kSpring, false},
    {"2024-08-26", kSummer, false},
    {"2024-12-25", kChristmas, false},
    {"2024-12-26", kBoxing, false},

    {"2025-01-01", kNewYear, false},
    {"2025-04-18", kGoodFriday, false},
    {"2025-04-21", kEasterMonday, false},
    {"2025-05-05", kEarlyMay, false},
    {"2025-05-26", kSpring, false},
    {"2025-08-25", kSummer, false},
    {"2025-12-25", kChristmas, false},
    {"2025-12-26", kBoxing, false},

    {"2026-01-01", kNewYear, false},
    {"2026-04-03", kGoodFriday, false},
    {"2026-04-06", kEasterMonday, false},
    {"2026-05-04", kEarlyMay, false},
    {"2026-05-25", kSpring, false},
    {"2026-08-31", kSummer, false},
    {"2026-12-25", kChristmas, false},
    {"2026-12-28", kBoxing, true},

    {"2027-01-01", kNewYear, false},
    {"2027-03-26", kGoodFriday, false},
    {"2027-03-29", kEasterMonday, false},
    {"2027-05-03", kEarlyMay, false},
    {"2027-05-31", kSpring, false},
    {"2027-08-30", kSummer, false},
    {"2027-12-27", kChristmas, true},
    {"2027-12-28", kBoxing, true},

    {"2028-01-03", kNewYear, true},
    {"2028-04-14", kGoodFriday, false},
    {"2028-04-17", kEasterMonday, false},
    {"2028-05-01", kEarlyMay, false},
    {"2028-05-29", kSpring, false},
    {"2028-08-28", kSummer, false},
    {"2028-12-25", kChristmas, false},
    {"2028-12-26", kBoxing, false},

    {"2029-01-01", kNewYear, false},
    {"2029-03-30", kGoodFriday, false},
    {"2029-04-02", kEasterMonday, false},
    {"2029-05-07", kEarlyMay, false},
    {"2029-05-28", kSpring, false},
    {"2029-08-27", kSummer, false},
    {"2029-12-25", kChristmas, false},
    {"2029-12-26", kBoxing, false},

    {"2030-01-01", kNewYear, false},
    {"2030-04-19", kGoodFriday, false},
    {"2030-04-22", kEasterMonday, false},
    {"2030-05-06", kEarlyMay, false},
    {"2030-05-27", kSpring, false},
    {"2030-08-26", kSummer, false},
    {"2030-12-25", kChristmas, false},
    {"2030-12-26", kBoxing, false},
};

// One line per holiday, so a failure shows the whole year side by side.
std::string cal_line(std::string_view date, std::string_view name, bool substitute) {
  std::string out = std::string(date) + " " + std::string(name);
  if (substitute) out += " (substitute day)";
  return out;
}

std::vector<std::string> cal_published(int year) {
  std::vector<std::string> out;
  const std::string prefix = std::to_string(year) + "-";
  for (const PublishedHoliday& h : kPublished) {
    if (std::string_view(h.date).starts_with(prefix))
      out.push_back(cal_line(h.date, h.name, h.substitute));
  }
  return out;
}

std::vector<std::string> cal_computed(const WorkingCalendar& cal, int year) {
  auto list = cal.bank_holidays(year);
  EXPECT_TRUE(list.ok()) << year << ": " << list.error();
  std::vector<std::string> out;
  if (!list.ok()) return out;
  for (const BankHoliday& h : *list) out.push_back(cal_line(h.date.iso(), h.name, h.substitute));
  return out;
}

TEST(BankHolidays, EnglandAndWales2010To2030) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  for (int year = 2010; year <= 2030; ++year) {
    const std::vector<std::string> expected = cal_published(year);
    EXPECT_GE(expected.size(), 8u) << year;  // the table itself is complete
    EXPECT_EQ(cal_computed(cal, year), expected) << year;
  }
}

TEST(BankHolidays, EveryPublishedDayIsAHolidayAndNoWorkingDay) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  for (const PublishedHoliday& h : kPublished) {
    const Date d = cal_iso(h.date);
    std::optional<BankHoliday> on = cal.holiday_on(d);
    ASSERT_TRUE(on.has_value()) << h.date;
    EXPECT_EQ(*on, (BankHoliday{d, h.name, h.substitute}));
    EXPECT_FALSE(cal.is_working_day(d)) << h.date;
  }
}

TEST(BankHolidays, SubstituteDays) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  auto on = [&](int y, int m, int d) { return cal.holiday_on(cal_date(y, m, d)); };
  // Christmas on a Saturday: both days move, Christmas first.
  EXPECT_EQ(on(2021, 12, 27), (BankHoliday{cal_date(2021, 12, 27), kChristmas, true}));
  EXPECT_EQ(on(2021, 12, 28), (BankHoliday{cal_date(2021, 12, 28), kBoxing, true}));
  EXPECT_FALSE(on(2021, 12, 25).has_value());
  EXPECT_FALSE(on(2021, 12, 26).has_value());
  EXPECT_TRUE(cal.is_working_day(cal_date(2021, 12, 29)));
  // Christmas on a Sunday: Boxing Day stays on Monday, Christmas goes to Tuesday.
  EXPECT_EQ(on(2022, 12, 26), (BankHoliday{cal_date(2022, 12, 26), kBoxing, false}));
  EXPECT_EQ(on(2022, 12, 27), (BankHoliday{cal_date(2022, 12, 27), kChristmas, true}));
  EXPECT_FALSE(on(2022, 12, 25).has_value());
  EXPECT_TRUE(cal.is_working_day(cal_date(2022, 12, 28)));
  // Christmas on a Friday: Boxing Day (Saturday) moves to Monday 28.
  for (int year : {2015, 2020, 2026}) {
    EXPECT_EQ(on(year, 12, 25), (BankHoliday{cal_date(year, 12, 25), kChristmas, false})) << year;
    EXPECT_EQ(on(year, 12, 28), (BankHoliday{cal_date(year, 12, 28), kBoxing, true})) << year;
    EXPECT_FALSE(on(year, 12, 26).has_value()) << year;
    EXPECT_TRUE(cal.is_working_day(cal_date(year, 12, 29))) << year;
  }
  // New Year's Day on a Saturday (2022) and on a Sunday (2017, 2023).
  EXPECT_EQ(on(2022, 1, 3), (BankHoliday{cal_date(2022, 1, 3), kNewYear, true}));
  EXPECT_EQ(on(2017, 1, 2), (BankHoliday{cal_date(2017, 1, 2), kNewYear, true}));
  EXPECT_EQ(on(2023, 1, 2), (BankHoliday{cal_date(2023, 1, 2), kNewYear, true}));
  EXPECT_FALSE(on(2022, 1, 1).has_value());
  EXPECT_TRUE(cal.is_working_day(cal_date(2022, 1, 4)));
  EXPECT_TRUE(cal.is_working_day(cal_date(2023, 1, 3)));
}

TEST(BankHolidays, NeverOnAWeekendAndEightRuleDaysAYear) {
  const WorkingCalendar rules;
  for (int year = WorkingCalendar::kFirstYear; year <= WorkingCalendar::kLastYear; ++year) {
    auto list = rules.bank_holidays(year);
    ASSERT_TRUE(list.ok()) << year;
    ASSERT_EQ(list->size(), 8u) << year;
    for (size_t i = 0; i < list->size(); ++i) {
      const BankHoliday& h = (*list)[i];
      EXPECT_LE(h.date.weekday(), 5) << h.date.iso();
      EXPECT_EQ(h.date.year(), year) << h.date.iso();
      if (i > 0) {
        EXPECT_LT((*list)[i - 1].date, h.date) << h.date.iso();
      }
      EXPECT_EQ(rules.holiday_on(h.date), h);
    }
  }
}

TEST(BankHolidays, OneOffChanges) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  const WorkingCalendar rules;
  struct Case {
    const char* date;
    const char* name;        // nullptr: not a holiday in England (the rules' day was moved)
    const char* rules_name;  // the rules alone
  };
  const Case cases[] = {
      {"1981-07-29", "Royal wedding", nullptr},
      {"1995-05-01", nullptr, kEarlyMay},
      {"1995-05-08", "Early May bank holiday (VE Day)", nullptr},
      {"1999-12-31", "Millennium Celebrations", nullptr},
      {"2002-05-27", nullptr, kSpring},
      {"2002-06-03", "Golden Jubilee", nullptr},
      {"2002-06-04", kSpring, nullptr},
      {"2011-04-29", "Royal wedding", nullptr},
      {"2012-05-28", nullptr, kSpring},
      {"2012-06-04", kSpring, nullptr},
      {"2012-06-05", "Queen's Diamond Jubilee", nullptr},
      {"2020-05-04", nullptr, kEarlyMay},
      {"2020-05-08", "Early May bank holiday (VE day)", nullptr},
      {"2022-05-30", nullptr, kSpring},
      {"2022-06-02", kSpring, nullptr},
      {"2022-06-03", "Platinum Jubilee bank holiday", nullptr},
      {"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", nullptr},
      {"2023-05-08", "Bank holiday for the coronation of King Charles III", nullptr},
  };
  for (const Case& c : cases) {
    const Date d = cal_iso(c.date);
    std::optional<BankHoliday> on = cal.holiday_on(d);
    EXPECT_EQ(on.has_value(), c.name != nullptr) << c.date;
    if (on && c.name) {
      EXPECT_EQ(*on, (BankHoliday{d, c.name, false})) << c.date;
    }
    EXPECT_EQ(cal.is_working_day(d), c.name == nullptr) << c.date;
    std::optional<BankHoliday> by_rule = rules.holiday_on(d);
    EXPECT_EQ(by_rule.has_value(), c.rules_name != nullptr) << c.date;
    if (by_rule && c.rules_name) {
      EXPECT_EQ(by_rule->name, c.rules_name) << c.date;
    }
    EXPECT_EQ(rules.is_working_day(d), c.rules_name == nullptr) << c.date;
  }
  // The years around the changes keep the rules' eight days.
  for (int year : {1980, 1982, 1994, 1996, 1998, 2000, 2001, 2003, 2019, 2021, 2024}) {
    auto list = cal.bank_holidays(year);
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(*list, *rules.bank_holidays(year)) << year;
  }
  EXPECT_EQ(cal.bank_holidays(1999)->size(), 9u);
  EXPECT_EQ(cal.bank_holidays(2002)->size(), 9u);  // one moved, one added
  EXPECT_EQ(cal.bank_holidays(1995)->size(), 8u);  // one moved
}

TEST(BankHolidays, YearRange) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  for (int year : {1850, 1977, 2200, -1, 0}) {
    auto list = cal.bank_holidays(year);
    ASSERT_FALSE(list.ok()) << year;
    EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(list.error().find("1978 to 2199"), std::string::npos) << list.error();
    EXPECT_NE(list.error().find(std::to_string(year)), std::string::npos) << list.error();
  }
  ASSERT_TRUE(cal.bank_holidays(1978).ok());
  ASSERT_TRUE(cal.bank_holidays(2199).ok());
  EXPECT_EQ(cal.bank_holidays(1978)->front().date, cal_date(1978, 1, 2));  // a Sunday New Year
  EXPECT_EQ(cal.bank_holidays(1978)->at(3).date, cal_date(1978, 5, 1));    // the first early May
  EXPECT_EQ(cal.bank_holidays(2199)->back().date, cal_date(2199, 12, 26));
  // Outside the range only weekends are not working days (documented).
  EXPECT_TRUE(cal.is_working_day(cal_date(1977, 12, 26)));   // Boxing Day, Monday
  EXPECT_FALSE(cal.is_working_day(cal_date(1977, 12, 25)));  // Sunday
  EXPECT_FALSE(cal.holiday_on(cal_date(1977, 12, 26)).has_value());
  const Date after = cal_date(2199, 12, 31).add_days(1);  // 2200-01-01, a Wednesday
  EXPECT_TRUE(cal.is_working_day(after));
  EXPECT_FALSE(cal.holiday_on(after).has_value());
  EXPECT_EQ(cal.working_days_after(cal_date(2199, 12, 24), 4), after);  // past the 25th and 26th
}

// --- Easter ------------------------------------------------------------------

// Gauss's Easter algorithm with the Gregorian corrections and its two
// exceptions: an independent check of the Meeus/Jones/Butcher one.
Date gauss_easter(int year) {
  const int a = year % 19, b = year % 4, c = year % 7;
  const int k = year / 100;
  const int p = (13 + 8 * k) / 25;
  const int q = k / 4;
  const int m = (15 - p + k - q) % 30;
  const int n = (4 + k - q) % 7;
  const int d = (19 * a + m) % 30;
  const int e = (2 * b + 4 * c + 6 * d + n) % 7;
  if (d == 29 && e == 6) return cal_date(year, 4, 19);
  if (d == 28 && e == 6 && (11 * m + 11) % 30 < 19) return cal_date(year, 4, 18);
  const int march = 22 + d + e;
  return march <= 31 ? cal_date(year, 3, march) : cal_date(year, 4, march - 31);
}

TEST(EasterSunday, KnownDates) {
  const char* known[] = {"2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31", "2014-04-20",
                         "2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21",
                         "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31",
                         "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
                         "2030-04-21"};
  int year = 2010;
  for (const char* iso : known) {
    EXPECT_EQ(easter_sunday(year).iso(), iso) << year;
    ++year;
  }
}

TEST(EasterSunday, EarliestAndLatestInRange) {
  std::vector<int> earliest, latest;
  for (int year = 1850; year <= 2199; ++year) {
    const Date e = easter_sunday(year);
    if (e == cal_date(year, 3, 23)) earliest.push_back(year);
    if (e == cal_date(year, 4, 25)) latest.push_back(year);
    EXPECT_NE(e, cal_date(year, 3, 22)) << year;  // 1818 and 2285 only
  }
  // As dateutil.easter (an independent implementation) lists them.
  EXPECT_EQ(earliest, (std::vector<int>{1856, 1913, 2008, 2160}));
  EXPECT_EQ(latest, (std::vector<int>{1886, 1943, 2038, 2190}));
}

TEST(EasterSunday, EveryYearMatchesGaussAndIsASundayInTheWindow) {
  for (int year = 1850; year <= 2199; ++year) {
    const Date e = easter_sunday(year);
    EXPECT_EQ(e, gauss_easter(year)) << year << ": " << e.iso();
    EXPECT_EQ(e.weekday(), 7) << e.iso();
    EXPECT_GE(e, cal_date(year, 3, 22)) << e.iso();
    EXPECT_LE(e, cal_date(year, 4, 25)) << e.iso();
  }
}

// --- Counting working days ---------------------------------------------------

TEST(WorkingCalendar, LatestPublication) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  // Five clear days before Monday 11 June 2018: 4 to 8 June.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 6, 11), 5), cal_date(2018, 6, 1));
  // Across the spring bank holiday (Monday 28 May 2018): 21 to 25 May.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 5, 29), 5), cal_date(2018, 5, 18));
  // Across Easter 2018 (30 March, 2 April): 23 and 26 to 29 March.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 4, 3), 5), cal_date(2018, 3, 22));
  // Across Christmas and New Year: 22, 27, 28, 29 December and 2 January.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 1, 3), 5), cal_date(2017, 12, 21));
  // Across the 2012 jubilee (4 and 5 June); the spring bank holiday moved
  // from 28 May, which is a working day that year.
  EXPECT_EQ(cal.latest_publication(cal_date(2012, 6, 7), 5), cal_date(2012, 5, 28));
  EXPECT_EQ(WorkingCalendar().latest_publication(cal_date(2012, 6, 7), 5), cal_date(2012, 5, 30));
  // No clear days: the last working day before the meeting.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 6, 11), 0), cal_date(2018, 6, 8));
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 4, 3), 0), cal_date(2018, 3, 29));
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 6, 11), -3), cal_date(2018, 6, 8));
  // A meeting on a Saturday counts the same way.
  EXPECT_EQ(cal.latest_publication(cal_date(2018, 6, 9), 1), cal_date(2018, 6, 7));
}

TEST(WorkingCalendar, ClearWorkingDaysBetween) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 6, 1), cal_date(2018, 6, 11)), 5);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 3, 29), cal_date(2018, 4, 3)), 0);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2017, 12, 22), cal_date(2018, 1, 2)), 3);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 6, 4), cal_date(2018, 6, 5)), 0);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 6, 4), cal_date(2018, 6, 4)), 0);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 6, 11), cal_date(2018, 6, 1)), 0);
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2018, 6, 4), cal_date(2018, 6, 6)), 1);
  // 2018 had 365 - 104 weekend days - 8 bank holidays = 253 working days.
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2017, 12, 31), cal_date(2019, 1, 1)), 253);
  // 2022: 365 - 105 - 10 = 250.
  EXPECT_EQ(cal.clear_working_days_between(cal_date(2021, 12, 31), cal_date(2023, 1, 1)), 250);
}

TEST(WorkingCalendar, WorkingDaysAfter) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  // Good Friday, the weekend and Easter Monday skipped.
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 3, 29), 3), cal_date(2018, 4, 5));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 3, 29), 1), cal_date(2018, 4, 3));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 6, 1), 1), cal_date(2018, 6, 4));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 6, 2), 1), cal_date(2018, 6, 4));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 6, 1), 5), cal_date(2018, 6, 8));
  EXPECT_EQ(cal.working_days_after(cal_date(2020, 12, 24), 1), cal_date(2020, 12, 29));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 6, 2), 0), cal_date(2018, 6, 2));
  EXPECT_EQ(cal.working_days_after(cal_date(2018, 4, 5), -3), cal_date(2018, 3, 29));
}

TEST(WorkingCalendar, PublicationAgreesWithClearDays) {
  const WorkingCalendar& cal = WorkingCalendar::england();
  // Every meeting day from November 2017 to February 2019 (Christmas twice,
  // Easter, three May holidays) against a search by clear_working_days_between.
  int checked = 0;
  for (Date meeting = cal_date(2017, 11, 1); meeting <= cal_date(2019, 2, 28);
       meeting = meeting.add_days(1)) {
    for (int clear : {0, 1, 3, 5, 10}) {
      const Date p = cal.latest_publication(meeting, clear);
      Date search = meeting.add_days(-1);
      while (!cal.is_working_day(search) ||
             cal.clear_working_days_between(search, meeting) < clear) {
        search = search.add_days(-1);
      }
      ASSERT_EQ(p, search) << meeting.iso() << " " << clear;
      ASSERT_EQ(cal.clear_working_days_between(p, meeting), clear) << meeting.iso();
      // Counting forward from publication lands on the last clear day.
      if (clear > 0) {
        const Date last = cal.working_days_after(p, clear);
        ASSERT_LT(last, meeting) << meeting.iso();
        ASSERT_GE(cal.working_days_after(last, 1), meeting) << meeting.iso();
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 2000);
}

// --- The changes file --------------------------------------------------------

constexpr const char* kChangesHeader = "date,change,name,note\n";

std::string changes_error(const std::string& csv) {
  auto r = WorkingCalendar::with_changes(csv, "test.csv");
  EXPECT_FALSE(r.ok()) << csv;
  if (r.ok()) return {};
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidData);
  return r.error();
}

testing::AssertionResult cal_has(const std::string& haystack, std::string_view needle) {
  if (haystack.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "'" << needle << "' not in:\n" << haystack;
}

TEST(BankHolidayChanges, ShippedFileIsValid) {
  const WorkingCalendar& a = WorkingCalendar::england();
  EXPECT_EQ(&a, &WorkingCalendar::england());
  // From several threads at once: the same calendar, parsed once.
  std::vector<const WorkingCalendar*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&seen, i] { seen[i] = &WorkingCalendar::england(); });
  for (auto& t : threads) t.join();
  for (const WorkingCalendar* p : seen) EXPECT_EQ(p, &a);
}

TEST(BankHolidayChanges, WellFormedVariants) {
  // Header only: the rules alone.
  auto plain = WorkingCalendar::with_changes(kChangesHeader, "test.csv");
  ASSERT_TRUE(plain.ok()) << plain.error();
  EXPECT_EQ(*plain->bank_holidays(2012), *WorkingCalendar().bank_holidays(2012));
  // CRLF, quoted fields holding commas and quotes, blanks around values.
  auto quoted = WorkingCalendar::with_changes(
      "date,change,name,note\r\n"
      " 2018-06-13 , add ,\"Board day, \"\"special\"\"\",\"why, because\"\r\n"
      "2018-05-28,remove,Spring bank holiday,moved\r\n",
      "test.csv");
  ASSERT_TRUE(quoted.ok()) << quoted.error();
  EXPECT_EQ(quoted->holiday_on(cal_date(2018, 6, 13)),
            (BankHoliday{cal_date(2018, 6, 13), "Board day, \"special\"", false}));
  EXPECT_TRUE(quoted->is_working_day(cal_date(2018, 5, 28)));
  EXPECT_EQ(quoted->bank_holidays(2018)->size(), 8u);
  // A name of exactly 100 characters (counted as characters, not bytes).
  std::string name;
  for (int i = 0; i < 50; ++i) name += "é";
  name += std::string(50, 'x');
  auto long_name = WorkingCalendar::with_changes(
      std::string(kChangesHeader) + "2018-06-13,add," + name + ",why\n", "test.csv");
  ASSERT_TRUE(long_name.ok()) << long_name.error();
  EXPECT_EQ(long_name->holiday_on(cal_date(2018, 6, 13))->name, name);
}

TEST(BankHolidayChanges, UnknownChangeWord) {
  const std::string e = changes_error(std::string(kChangesHeader) +
                                      "2011-04-29,add,Royal wedding,why\n"
                                      "2011-05-31,move,Royal wedding,why\n");
  EXPECT_EQ(e, "test.csv:3: change: move: must be add or remove");
}

TEST(BankHolidayChanges, BadDates) {
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "29/04/2011,add,Royal wedding,why\n"),
            "test.csv:2: date: 29/04/2011: expected a date as YYYY-MM-DD");
  EXPECT_TRUE(
      cal_has(changes_error(std::string(kChangesHeader) + "2011-02-29,add,Royal wedding,why\n"),
              "test.csv:2: date: 2011-02-29: not a real date"));
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + ",add,Royal wedding,why\n"),
                      "test.csv:2: date: (empty): expected a date as YYYY-MM-DD"));
  EXPECT_TRUE(
      cal_has(changes_error(std::string(kChangesHeader) + "1977-06-07,add,Silver Jubilee,why\n"),
              "test.csv:2: date: 1977-06-07: outside the calendar's years, 1978 to 2199"));
}

TEST(BankHolidayChanges, RemoveOfADayNoRuleMakesAHoliday) {
  EXPECT_EQ(
      changes_error(std::string(kChangesHeader) + "2012-05-29,remove,Spring bank holiday,x\n"),
      "test.csv:2: date: 2012-05-29: no rule makes this day a bank holiday: nothing to "
      "remove");
  // Christmas 2021 fell on a Saturday: the holiday is its substitute, the 27th.
  EXPECT_TRUE(
      cal_has(changes_error(std::string(kChangesHeader) + "2021-12-25,remove,Christmas Day,x\n"),
              "test.csv:2: date: 2021-12-25: no rule makes"));
  // A day added in the file is not a rule's day to remove.
  EXPECT_TRUE(
      cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal wedding,x\n"
                                                          "2011-04-29,remove,Royal wedding,x\n"),
              "test.csv:3: date: 2011-04-29"));
  // The name says which holiday is removed, and must be right.
  EXPECT_EQ(
      changes_error(std::string(kChangesHeader) + "2012-05-28,remove,Summer bank holiday,x\n"),
      "test.csv:2: name: Summer bank holiday: the rule's holiday on 2012-05-28 is Spring "
      "bank holiday");
}

TEST(BankHolidayChanges, AddOnADayAlreadyAHoliday) {
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2012-05-28,add,Extra day,x\n"),
            "test.csv:2: date: 2012-05-28: already a bank holiday (Spring bank holiday)");
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + "2021-12-28,add,Extra day,x\n"),
                      "test.csv:2: date: 2021-12-28: already a bank holiday (Boxing Day)"));
  // Removing the rule's day first frees it (the file's order does not matter).
  auto freed = WorkingCalendar::with_changes(std::string(kChangesHeader) +
                                                 "2012-06-04,add,Spring bank holiday,x\n"
                                                 "2012-05-28,remove,Spring bank holiday,x\n",
                                             "test.csv");
  EXPECT_TRUE(freed.ok()) << freed.error();
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2018-06-09,add,Saturday fair,x\n"),
            "test.csv:2: date: 2018-06-09: a Saturday or Sunday: a bank holiday is a weekday");
}

TEST(BankHolidayChanges, DuplicateRows) {
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal wedding,x\n"
                                                        "2012-06-05,add,Queen's Diamond Jubilee,x\n"
                                                        "2011-04-29,add,Royal wedding,x\n"),
            "test.csv:4: date: 2011-04-29: also on line 2");
  EXPECT_TRUE(cal_has(
      changes_error(std::string(kChangesHeader) + "2012-05-28,remove,Spring bank holiday,x\n"
                                                  "2012-05-28,remove,Spring bank holiday,x\n"),
      "test.csv:3: date: 2012-05-28: also on line 2"));
}

TEST(BankHolidayChanges, MissingOrExtraColumns) {
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal wedding\n"),
            "test.csv:2: note: (missing): the row has 3 fields; each has date,change,name,note");
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29\n"),
                      "test.csv:2: change: (missing)"));
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal wedding,x,y\n"),
            "test.csv:2: 5 fields where the header has 4 (date,change,name,note)");
  EXPECT_EQ(changes_error("date,change,name\n2011-04-29,add,Royal wedding\n"),
            "test.csv:1: the header must be date,change,name,note");
  EXPECT_EQ(changes_error("date,name,change,note\n"),
            "test.csv:1: the header must be date,change,name,note");
  EXPECT_EQ(changes_error(""),
            "test.csv:1: the file is empty: it needs the header "
            "date,change,name,note");
}

TEST(BankHolidayChanges, Names) {
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2011-04-29,add,,x\n"),
            "test.csv:2: name: (empty): must be given");
  EXPECT_EQ(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal wedding,\n"),
            "test.csv:2: note: (empty): must be given");
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29,add," +
                                    std::string(101, 'x') + ",x\n"),
                      "test.csv:2: name: "));
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29,add," +
                                    std::string(101, 'x') + ",x\n"),
                      ": longer than 100 characters"));
  EXPECT_TRUE(cal_has(
      changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal\x1b[2Jwedding,x\n"),
      "test.csv:2: name: Royal\\x1B[2Jwedding: holds a control character or invalid UTF-8"));
  EXPECT_TRUE(cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal \xff,x\n"),
                      "holds a control character or invalid UTF-8"));
}

TEST(BankHolidayChanges, MalformedCsv) {
  EXPECT_TRUE(cal_has(
      changes_error(std::string(kChangesHeader) + "2011-04-29,add,Royal \"wedding\",x\n"
                                                  "2012-06-05,add,Queen's Diamond Jubilee,x\n"),
      "test.csv:2: name: "));
  EXPECT_TRUE(
      cal_has(changes_error(std::string(kChangesHeader) + "2011-04-29,add,\"Royal wedding,x\n"),
              "test.csv:2: name: "));
}

TEST(BankHolidayChanges, EveryProblemInLineOrder) {
  const std::string e = changes_error(std::string(kChangesHeader) +
                                      "2011-04-29,add,Royal wedding,x\n"
                                      "2012-05-29,remove,Spring bank holiday,x\n"
                                      "2013-13-01,add,Nothing,x\n"
                                      "2014-05-05,add,Twice,x\n");
  EXPECT_EQ(e,
            "test.csv:3: date: 2012-05-29: no rule makes this day a bank holiday: nothing to "
            "remove\n"
            "test.csv:4: date: 2013-13-01: not a real date: month must be 01 to 12\n"
            "test.csv:5: date: 2014-05-05: already a bank holiday (Early May bank holiday)");
}

// `rows` additions on distinct weekdays that no rule makes holidays.
std::string cal_many_rows(int rows) {
  const WorkingCalendar rules;
  std::string csv = kChangesHeader;
  Date d = cal_date(1980, 1, 1);
  for (int n = 0; n < rows; d = d.add_days(1)) {
    if (!rules.is_working_day(d)) continue;
    csv += d.iso() + ",add,Extra day,x\n";
    ++n;
  }
  return csv;
}

TEST(BankHolidayChanges, AtMostAThousandRows) {
  auto ok = WorkingCalendar::with_changes(cal_many_rows(1000), "test.csv");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->holiday_on(cal_date(1980, 1, 2))->name, "Extra day");
  EXPECT_EQ(changes_error(cal_many_rows(1001)), "test.csv:1002: more than 1000 rows");
}

}  // namespace
}  // namespace bc
