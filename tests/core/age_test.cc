#include "core/age.h"

#include <gtest/gtest.h>

#include "test_values.h"

namespace bc {
namespace {

using test_values::ymd;

TEST(AgeAt, CompletedYears) {
  const Date born = ymd(1950, 6, 15);
  EXPECT_EQ(age_at(born, ymd(2018, 6, 14)), 67);
  EXPECT_EQ(age_at(born, ymd(2018, 6, 15)), 68);
  EXPECT_EQ(age_at(born, ymd(2018, 6, 16)), 68);
  EXPECT_EQ(age_at(born, ymd(2018, 5, 31)), 67);
  EXPECT_EQ(age_at(born, ymd(2018, 12, 31)), 68);
}

TEST(AgeAt, DayOfBirthIsZero) {
  EXPECT_EQ(age_at(ymd(2018, 3, 1), ymd(2018, 3, 1)), 0);
  EXPECT_EQ(age_at(ymd(2018, 3, 1), ymd(2019, 2, 28)), 0);
  EXPECT_EQ(age_at(ymd(2018, 3, 1), ymd(2019, 3, 1)), 1);
}

TEST(AgeAt, YearEndBoundary) {
  EXPECT_EQ(age_at(ymd(2000, 12, 31), ymd(2017, 12, 30)), 16);
  EXPECT_EQ(age_at(ymd(2000, 12, 31), ymd(2017, 12, 31)), 17);
  EXPECT_EQ(age_at(ymd(2001, 1, 1), ymd(2018, 12, 31)), 17);
  EXPECT_EQ(age_at(ymd(2001, 1, 1), ymd(2019, 1, 1)), 18);
}

TEST(AgeAt, SixtyFifthBirthdayToday) {
  const Date born = ymd(1953, 3, 1);
  const Date today = ymd(2018, 3, 1);
  EXPECT_EQ(age_at(born, today), 65);
  EXPECT_EQ(age_band_of(age_at(born, today)), AgeBand::k65Plus);
  EXPECT_EQ(age_at(born, today.add_days(-1)), 64);
  EXPECT_EQ(age_band_of(age_at(born, today.add_days(-1))), AgeBand::k18To64);
}

TEST(AgeAt, EighteenthBirthdayToday) {
  const Date born = ymd(2000, 4, 1);
  EXPECT_EQ(age_at(born, ymd(2018, 4, 1)), 18);
  EXPECT_EQ(age_band_of(age_at(born, ymd(2018, 4, 1))), AgeBand::k18To64);
  EXPECT_EQ(age_at(born, ymd(2018, 3, 31)), 17);
  EXPECT_EQ(age_band_of(age_at(born, ymd(2018, 3, 31))), AgeBand::k0To17);
}

TEST(AgeAt, LeapDayBirthdayFallsOnFirstMarchInOtherYears) {
  const Date born = ymd(2000, 2, 29);
  EXPECT_EQ(age_at(born, ymd(2001, 2, 28)), 0);
  EXPECT_EQ(age_at(born, ymd(2001, 3, 1)), 1);
  EXPECT_EQ(age_at(born, ymd(2004, 2, 28)), 3);
  EXPECT_EQ(age_at(born, ymd(2004, 2, 29)), 4);  // a leap year: the real birthday
  EXPECT_EQ(age_at(born, ymd(2004, 3, 1)), 4);
  EXPECT_EQ(age_at(born, ymd(2018, 2, 28)), 17);
  EXPECT_EQ(age_at(born, ymd(2018, 3, 1)), 18);
  // 2100 is not a leap year either.
  EXPECT_EQ(age_at(born, ymd(2100, 2, 28)), 99);
  EXPECT_EQ(age_at(born, ymd(2100, 3, 1)), 100);
}

TEST(AgeAt, LeapDayBirthdayTurningSixtyFive) {
  const Date born = ymd(1952, 2, 29);
  EXPECT_EQ(age_at(born, ymd(2017, 2, 28)), 64);
  EXPECT_EQ(age_band_of(age_at(born, ymd(2017, 2, 28))), AgeBand::k18To64);
  EXPECT_EQ(age_at(born, ymd(2017, 3, 1)), 65);
  EXPECT_EQ(age_band_of(age_at(born, ymd(2017, 3, 1))), AgeBand::k65Plus);
}

TEST(AgeAt, BirthdaysNearLeapDay) {
  // Born 1 March: on 29 February of a leap year the birthday has not come.
  EXPECT_EQ(age_at(ymd(2001, 3, 1), ymd(2004, 2, 29)), 2);
  EXPECT_EQ(age_at(ymd(2001, 3, 1), ymd(2004, 3, 1)), 3);
  // Born 28 February: the birthday is 28 February, leap year or not.
  EXPECT_EQ(age_at(ymd(2000, 2, 28), ymd(2001, 2, 27)), 0);
  EXPECT_EQ(age_at(ymd(2000, 2, 28), ymd(2001, 2, 28)), 1);
}

TEST(AgeAt, NegativeBeforeBirth) {
  const Date born = ymd(2000, 6, 1);
  EXPECT_LT(age_at(born, ymd(2000, 5, 31)), 0);
  EXPECT_EQ(age_at(born, ymd(2000, 5, 31)), -1);
  EXPECT_LT(age_at(born, ymd(1999, 6, 2)), 0);
  EXPECT_LT(age_at(born, ymd(1990, 1, 1)), 0);
  EXPECT_EQ(age_band_of(age_at(born, ymd(2000, 5, 31))), AgeBand::k0To17);
}

TEST(AgeAt, WholeLifespans) {
  EXPECT_EQ(age_at(ymd(1850, 1, 1), ymd(2199, 12, 31)), 349);
  EXPECT_EQ(age_at(ymd(1900, 2, 28), ymd(2018, 2, 28)), 118);
}

TEST(AgeBand, Boundaries) {
  EXPECT_EQ(age_band_of(-5), AgeBand::k0To17);
  EXPECT_EQ(age_band_of(0), AgeBand::k0To17);
  EXPECT_EQ(age_band_of(17), AgeBand::k0To17);
  EXPECT_EQ(age_band_of(18), AgeBand::k18To64);
  EXPECT_EQ(age_band_of(64), AgeBand::k18To64);
  EXPECT_EQ(age_band_of(65), AgeBand::k65Plus);
  EXPECT_EQ(age_band_of(120), AgeBand::k65Plus);
}

TEST(AgeBand, LabelsAndIndexes) {
  EXPECT_EQ(age_band_label(AgeBand::k0To17), "0-17");
  EXPECT_EQ(age_band_label(AgeBand::k18To64), "18-64");
  EXPECT_EQ(age_band_label(AgeBand::k65Plus), "65+");
  // Bands index arrays of kAgeBandCount.
  EXPECT_EQ(kAgeBandCount, 3);
  EXPECT_EQ(static_cast<int>(AgeBand::k0To17), 0);
  EXPECT_EQ(static_cast<int>(AgeBand::k65Plus), kAgeBandCount - 1);
}

TEST(AgeBand, ParseRoundTripsLabels) {
  for (int i = 0; i < kAgeBandCount; ++i) {
    const auto band = static_cast<AgeBand>(i);
    EXPECT_EQ(parse_age_band(age_band_label(band)), band) << i;
  }
}

TEST(AgeBand, ParseAcceptsEnDashAndBlanks) {
  EXPECT_EQ(parse_age_band("0\xE2\x80\x93"
                           "17"),
            AgeBand::k0To17);  // "0–17"
  EXPECT_EQ(parse_age_band("18\xE2\x80\x93"
                           "64"),
            AgeBand::k18To64);
  EXPECT_EQ(parse_age_band(" 65+ "), AgeBand::k65Plus);
}

TEST(AgeBand, ParseRejectsOtherText) {
  for (const char* bad : {"", "65", "65 +", "18-65", "0-18", "65-", "18 - 64",
                          "0\xE2\x80\x94"
                          "17",
                          "017", "65plus", "18-64x", "-"}) {
    EXPECT_EQ(parse_age_band(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace bc
