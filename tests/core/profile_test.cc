#include "core/profile.h"

#include <gtest/gtest.h>

#include <string>

namespace bc {
namespace {

std::string twelve(const std::string& first) {
  std::string p = first;
  for (int i = 0; i < 11; ++i) p += ";1";
  return p;
}

TEST(Profile, PlainDecimalsWithinBoundsAreAccepted) {
  auto p = parse_profile("0;0;0;0;0;0;1;1;1;1;1;1");
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->total, 6 * kProfileScale);
  EXPECT_EQ(p->weights[6], kProfileScale);
  auto q = parse_profile(twelve("8.333333"));
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(q->weights[0], 8'333'333);
  EXPECT_TRUE(parse_profile(twelve("1000000")).ok());
  EXPECT_TRUE(parse_profile(twelve("0.000001")).ok());
  EXPECT_TRUE(parse_profile(twelve("007")).ok());
}

TEST(Profile, AnythingElseIsRefusedSayingWhy) {
  for (const std::string bad :
       {"1e308", "1e-310", "inf", "nan", "-0", "+1", "1000000.000001", "1000001", "0.0000001", ".5",
        "5.", "", " 1", "1,5", "99999999999999999999999"}) {
    auto p = parse_profile(twelve(bad));
    EXPECT_FALSE(p.ok()) << "'" << bad << "'";
    EXPECT_NE(p.error().find("a profile is twelve non-negative weights"), std::string::npos);
  }
  EXPECT_NE(parse_profile("1;1;1").error().find("this one has 3"), std::string::npos);
  EXPECT_NE(parse_profile(twelve("1") + ";1").error().find("this one has 13"), std::string::npos);
  EXPECT_NE(parse_profile("0;0;0;0;0;0;0;0;0;0;0;0").error().find("all zero"), std::string::npos);
}

TEST(Profile, ProfiledAmountIsExactAndRoundsHalfAwayFromZero) {
  auto p = parse_profile("1;2;1;1;1;1;1;1;1;1;1;1");  // 13 in all
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(profiled_amount(Money::from_pence(100000), *p, 2).pence(), 23077);  // 3/13 of £1,000
  EXPECT_EQ(profiled_amount(Money::from_pence(-100000), *p, 2).pence(), -23077);
  EXPECT_EQ(profiled_amount(Money::from_pence(100000), *p, 12).pence(), 100000);
  // The largest amount Money holds, with the largest weights: no overflow.
  auto big = parse_profile(
      "1000000;1000000;1000000;1000000;1000000;1000000;1000000;1000000;"
      "1000000;1000000;1000000;1");
  ASSERT_TRUE(big.ok());
  const int64_t max = INT64_MAX;
  EXPECT_EQ(profiled_amount(Money::from_pence(max), *big, 12).pence(), max);
  EXPECT_GT(profiled_amount(Money::from_pence(max), *big, 11).pence(), 0);
}

}  // namespace
}  // namespace bc
