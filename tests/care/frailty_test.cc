// The frailty tables and boundaries (care/frailty.h). The end-to-end cases,
// through an import, are the golden file tests/golden/frailty.test.
#include "care/frailty.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/conditions.h"

namespace bc {
namespace {

TEST(Efi, CategoriesChangeAtThePublishedCutOffs) {
  EXPECT_EQ(efi_category(0), EfiCategory::kFit);
  EXPECT_EQ(efi_category(4), EfiCategory::kFit);        // 4/36 = 0.111 <= 0.12
  EXPECT_EQ(efi_category(5), EfiCategory::kMild);       // 0.139
  EXPECT_EQ(efi_category(8), EfiCategory::kMild);       // 0.222 <= 0.24
  EXPECT_EQ(efi_category(9), EfiCategory::kModerate);   // 0.25
  EXPECT_EQ(efi_category(12), EfiCategory::kModerate);  // 0.333 <= 0.36
  EXPECT_EQ(efi_category(13), EfiCategory::kSevere);    // 0.361
  EXPECT_EQ(efi_category(36), EfiCategory::kSevere);
  EXPECT_EQ(efi_category_name(EfiCategory::kModerate), "moderate");
  EXPECT_DOUBLE_EQ(efi_score(9), 0.25);
  int deficits = 0;
  for (const auto& c : all_conditions()) deficits += c.efi_deficit;
  EXPECT_EQ(deficits, kEfiDeficitCount);
}

TEST(Hfrs, BandsAreExactInTenths) {
  EXPECT_EQ(hfrs_band(0), HfrsBand::kLow);
  EXPECT_EQ(hfrs_band(49), HfrsBand::kLow);
  EXPECT_EQ(hfrs_band(50), HfrsBand::kIntermediate);   // exactly 5.0
  EXPECT_EQ(hfrs_band(150), HfrsBand::kIntermediate);  // exactly 15.0
  EXPECT_EQ(hfrs_band(151), HfrsBand::kHigh);
  EXPECT_EQ(hfrs_band_name(HfrsBand::kHigh), "high");
}

TEST(Hfrs, TheTableIsThePapersAndAvoidsTheKnownSlips) {
  const auto& t = HfrsTable::builtin();
  ASSERT_EQ(t.categories().size(), 109u);
  int sum = 0;
  std::set<std::string> codes;
  for (const auto& c : t.categories()) {
    sum += c.tenths;
    codes.insert(std::string(c.code, 3));
  }
  EXPECT_EQ(sum, 1732);  // 173.2
  EXPECT_EQ(codes.size(), 109u);
  auto weight = [&](std::string_view code) {
    int i = t.find(code);
    return i < 0 ? -1 : t.categories()[static_cast<size_t>(i)].tenths;
  };
  EXPECT_EQ(weight("F00"), 71);
  EXPECT_EQ(weight("N39"), 32);
  EXPECT_EQ(weight("R39"), -1);
  EXPECT_EQ(weight("S06"), 24);
  EXPECT_EQ(weight("Z50"), 21);
  EXPECT_EQ(weight("Z51"), -1);
  EXPECT_EQ(weight("G30"), 40);  // "4" in the file: a whole number
  EXPECT_EQ(weight("R50"), 1);
}

TEST(Hfrs, CodesAreFoundWithOrWithoutDotsAndInAnyCase) {
  const auto& t = HfrsTable::builtin();
  const int f00 = t.find("F00");
  ASSERT_GE(f00, 0);
  EXPECT_EQ(t.find("F00.1"), f00);
  EXPECT_EQ(t.find("F001"), f00);
  EXPECT_EQ(t.find("f00.9"), f00);
  EXPECT_EQ(t.find("W19X"), t.find("W19"));
  EXPECT_EQ(t.find("F0"), -1);
  EXPECT_EQ(t.find(""), -1);
  EXPECT_EQ(t.find("I10"), -1);
}

TEST(Hfrs, TheLookBackStartsTwoYearsEarlierOnTheSameDay) {
  EXPECT_EQ(hfrs_window_start(*Date::from_ymd(2018, 4, 1)), *Date::from_ymd(2016, 4, 1));
  EXPECT_EQ(hfrs_window_start(*Date::from_ymd(2018, 2, 28)), *Date::from_ymd(2016, 2, 28));
  EXPECT_EQ(hfrs_window_start(*Date::from_ymd(2020, 2, 29)), *Date::from_ymd(2018, 2, 28));
}

TEST(DateAddMonths, ClampsToTheEndOfAShorterMonth) {
  EXPECT_EQ(add_months(*Date::from_ymd(2017, 4, 1), 12), *Date::from_ymd(2018, 4, 1));
  EXPECT_EQ(add_months(*Date::from_ymd(2018, 3, 31), -1), *Date::from_ymd(2018, 2, 28));
  EXPECT_EQ(add_months(*Date::from_ymd(2016, 2, 29), 12), *Date::from_ymd(2017, 2, 28));
  EXPECT_EQ(add_months(*Date::from_ymd(2018, 1, 15), -13), *Date::from_ymd(2016, 12, 15));
}

}  // namespace
}  // namespace bc
