// Directly standardised rates and their confidence intervals (PHOF 2.24's
// method). The expected figures were computed independently from the
// formulas of Dobson et al. (1991) and Byar's approximation (Breslow & Day
// 1987), written out in the comments.
#include "engine/standardised_rate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace bc {
namespace {

// Six bands 65-69 ... 90+, weights 5,500 5,000 4,000 2,500 1,500 1,000
// (sum 19,500). Events 20 25 30 35 30 15 (155); populations 10,000 8,000
// 6,000 4,000 2,000 800. Band rates x weights: 11 + 15.625 + 20 + 21.875 +
// 22.5 + 18.75 = 109.75; / 19,500 x 100,000 = 562.8205.
// Variance: sum O (w/n)^2 = 6.05 + 9.765625 + 13.3333 + 13.671875 + 16.875
// + 23.4375 = 83.1333, / 19,500^2. Byar: O_lower = 155 (1 - 1/1395 -
// 1.96/(3 sqrt 155))^3 = 131.5577; O_upper = 156 (1 - 1/1404 + 1.96/(3
// sqrt 156))^3 = 181.4139. Limits: DSR + sqrt(var / 155) (O_x - 155) x
// 100,000 = 474.779 and 662.022.
std::vector<DsrBand> worked_example() {
  return {{20, 10000, 5500}, {25, 8000, 5000}, {30, 6000, 4000},
          {35, 4000, 2500},  {30, 2000, 1500}, {15, 800, 1000}};
}

TEST(StandardisedRate, WorkedExampleOverSixBands) {
  auto bands = worked_example();
  Dsr d = directly_standardised_rate(bands, 100000);
  ASSERT_TRUE(d.value.has_value()) << d.note;
  EXPECT_NEAR(*d.value, 562.8205, 1e-4);
  EXPECT_NEAR(*d.lower, 474.7790, 1e-3);
  EXPECT_NEAR(*d.upper, 662.0223, 1e-3);
  EXPECT_EQ(d.events, 155);
}

TEST(StandardisedRate, ByarLimitsOfACount) {
  EXPECT_NEAR(byar_lower(155), 131.5577, 1e-3);
  EXPECT_NEAR(byar_upper(155), 181.4139, 1e-3);
  // The limits bracket the count, and narrow relative to it as it grows.
  EXPECT_LT(byar_lower(10), 10);
  EXPECT_GT(byar_upper(10), 10);
  EXPECT_LT(byar_upper(10000) / 10000, byar_upper(100) / 100);
  EXPECT_EQ(byar_lower(0), 0);
}

TEST(StandardisedRate, TheSameRateInEveryBandIsThatRate) {
  // Standardising cannot change a rate that is the same at every age.
  std::vector<DsrBand> bands = {{10, 1000, 5500}, {20, 2000, 5000}, {5, 500, 1000}};
  Dsr d = directly_standardised_rate(bands, 100000);
  ASSERT_TRUE(d.value);
  EXPECT_NEAR(*d.value, 1000.0, 1e-9);
  EXPECT_LT(*d.lower, 1000.0);
  EXPECT_GT(*d.upper, 1000.0);
}

TEST(StandardisedRate, FewerThanTenEventsGiveNoValue) {
  std::vector<DsrBand> bands = {{4, 1000, 5500}, {5, 2000, 5000}};  // 9 events
  Dsr d = directly_standardised_rate(bands, 100000);
  EXPECT_FALSE(d.value);
  EXPECT_FALSE(d.lower);
  EXPECT_NE(d.note.find("fewer than 10"), std::string::npos) << d.note;
  bands[0].events = 5;  // 10 events: standardised
  EXPECT_TRUE(directly_standardised_rate(bands, 100000).value);
}

TEST(StandardisedRate, EventsWithoutAPopulationGiveNoValue) {
  auto bands = worked_example();
  bands[5].population = 0;
  Dsr d = directly_standardised_rate(bands, 100000);
  EXPECT_FALSE(d.value);
  EXPECT_NE(d.note.find("no population"), std::string::npos) << d.note;
}

TEST(StandardisedRate, TheEuropeanStandardPopulation2013) {
  // config/reference/esp2013.csv: 19 bands summing to 100,000.
  double total = 0;
  for (int age = 0; age <= 90; age += 5) total += esp2013_weight(age);
  EXPECT_EQ(total, 100000);
  EXPECT_EQ(esp2013_weight(0), 5000);
  EXPECT_EQ(esp2013_weight(65), 5500);
  EXPECT_EQ(esp2013_weight(67), 5500);  // within the 65-69 band
  EXPECT_EQ(esp2013_weight(85), 1500);
  EXPECT_EQ(esp2013_weight(90), 1000);
  EXPECT_EQ(esp2013_weight(104), 1000);  // 90 and over
}

}  // namespace
}  // namespace bc
