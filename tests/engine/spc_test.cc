// The SPC engine's edges (engine/spc.h) that the golden cases
// (tests/golden/spc.test) do not reach through the command line: refused
// input, the flat line, a one-point segment, falling trends, rule lengths,
// and the parser of a typed series. Expected values are worked out in the
// comments.
#include "engine/spc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace bc {
namespace {

std::vector<PointType> types(const SpcChart& c) {
  std::vector<PointType> out;
  for (const SpcPoint& p : c.points) out.push_back(p.type);
  return out;
}

TEST(Spc, RefusesWhatIsNotASeries) {
  SpcOptions o;
  EXPECT_NE(spc_chart({}, o).error().find("at least one value"), std::string::npos);
  EXPECT_NE(spc_chart({1, std::nan(""), 3}, o).error().find("value 2 is not a finite number"),
            std::string::npos);
  EXPECT_FALSE(spc_chart({1, std::numeric_limits<double>::infinity()}, o).ok());
  SpcOptions change = o;
  change.process_changes = {0};
  EXPECT_NE(spc_chart({1, 2, 3}, change).error().find("outside points 2 to 3"), std::string::npos);
  change.process_changes = {3};
  EXPECT_FALSE(spc_chart({1, 2, 3}, change).ok());
  change.process_changes = {2, 1};
  EXPECT_NE(spc_chart({1, 2, 3}, change).error().find("ascending"), std::string::npos);
  SpcOptions base = o;
  base.baseline = 11;
  EXPECT_NE(spc_chart({1, 2, 3}, base).error().find("at least 12 points"), std::string::npos);
  SpcOptions rule = o;
  rule.trend_length = 1;
  EXPECT_FALSE(spc_chart({1, 2, 3}, rule).ok());
}

// Every moving range is 0: the average stays 0 (R would screen them all
// out and have no limits), the limits sit on the mean, every point is on
// it, and nothing signals.
TEST(Spc, AFlatLineHasItsLimitsOnTheMean) {
  auto c = spc_chart(std::vector<double>(14, 5.0), SpcOptions{});
  ASSERT_TRUE(c.ok()) << c.error();
  const SpcSegment& s = c->last_segment();
  EXPECT_EQ(s.mean, 5);
  ASSERT_TRUE(s.amr.has_value());
  EXPECT_EQ(*s.amr, 0);
  EXPECT_EQ(*s.lpl, 5);
  EXPECT_EQ(*s.upl, 5);
  EXPECT_EQ(s.screened, 0u);
  EXPECT_EQ(types(*c), std::vector<PointType>(14, PointType::kCommonCause));
}

// A process change at the last point leaves it a segment of its own: a
// mean (the point) but no moving range, so no limits, common cause, no
// assurance (nothing to compare the target with) and a short warning.
TEST(Spc, AOnePointSegmentHasNoLimits) {
  SpcOptions o;
  o.process_changes = {3};
  o.target = 100;
  auto c = spc_chart({1, 2, 1, 50}, o);
  ASSERT_TRUE(c.ok()) << c.error();
  ASSERT_EQ(c->segments.size(), 2u);
  EXPECT_EQ(c->segments[1].mean, 50);
  EXPECT_FALSE(c->segments[1].amr.has_value());
  EXPECT_FALSE(c->segments[1].upl.has_value());
  EXPECT_EQ(c->points[3].type, PointType::kCommonCause);
  EXPECT_EQ(c->points[3].segment, 1u);
  EXPECT_FALSE(c->assurance.has_value());
  EXPECT_EQ(c->warnings.size(), 2u);
}

// 14, 6, 10, 14, 6, 10, then 13 down to 7: the mirror of the golden rising
// trend (mean 10, same moving ranges, limits 1.7983 to 18.2017). Points 7-13
// fall: a falling trend, an improvement when lower is better and a concern
// when higher is.
TEST(Spc, AFallingTrendReadsByTheMeasuresDirection) {
  const std::vector<double> y = {14, 6, 10, 14, 6, 10, 13, 12, 11, 10, 9, 8, 7};
  SpcOptions down;
  down.improvement = Improvement::kDecrease;
  auto c = spc_chart(y, down);
  ASSERT_TRUE(c.ok()) << c.error();
  for (size_t i = 0; i < y.size(); ++i) {
    EXPECT_EQ(c->points[i].cause, i >= 6 ? SpecialCause::kTrendDown : SpecialCause::kNone) << i;
    EXPECT_EQ(c->points[i].type, i >= 6 ? PointType::kImprovement : PointType::kCommonCause) << i;
  }
  auto up = spc_chart(y, SpcOptions{});
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->variation, PointType::kConcern);
}

// The rule lengths are options: with trend_length 5 the five rises of the
// 6-point golden case (8..13 after 9) signal; with the default 7 they do not.
TEST(Spc, RuleLengthsAreConfigurable) {
  const std::vector<double> y = {6, 14, 10, 6, 14, 8, 9, 8, 9, 10, 11, 12, 13};
  auto seven = spc_chart(y, SpcOptions{});
  ASSERT_TRUE(seven.ok());
  EXPECT_EQ(seven->variation, PointType::kCommonCause);
  SpcOptions five;
  five.trend_length = 5;
  auto c = spc_chart(y, five);
  ASSERT_TRUE(c.ok());
  for (size_t i = 0; i < y.size(); ++i)
    EXPECT_EQ(c->points[i].cause, i >= 7 ? SpecialCause::kTrendUp : SpecialCause::kNone) << i;
}

// Two near the upper limit with a point below the mean between them is no
// signal: the rule wants all three on one side. 9, 11 eight times, then 15,
// 10, 15: mean 200/19 = 10.5263; ranges fifteen of 2, 4, 5, 5 = 44/18 =
// 2.4444 (threshold 7.99: none out); near line 10.5263 + 1.7733 x 2.4444 =
// 14.8611, limit 17.0286: each 15 is near, 10 is below the mean.
TEST(Spc, TwoOfThreeWantsAllThreeOnOneSide) {
  std::vector<double> y;
  for (int i = 0; i < 8; ++i) y.insert(y.end(), {9, 11});
  y.insert(y.end(), {15, 10, 15});
  auto c = spc_chart(y, SpcOptions{});
  ASSERT_TRUE(c.ok());
  EXPECT_NEAR(*c->last_segment().near_upl, 14.8611, 1e-4);
  EXPECT_EQ(types(*c), std::vector<PointType>(y.size(), PointType::kCommonCause));
}

TEST(SpcValues, ParsesNumbersAndSaysWhereTheyAreNot) {
  auto v = parse_spc_values(" 12, 10.5 ,-3,1e3");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(*v, (std::vector<double>{12, 10.5, -3, 1000}));
  EXPECT_NE(parse_spc_values("1,,2").error().find("value 2 is empty"), std::string::npos);
  EXPECT_NE(parse_spc_values("1,2,").error().find("value 3 is empty"), std::string::npos);
  EXPECT_NE(parse_spc_values("").error().find("value 1 is empty"), std::string::npos);
  EXPECT_NE(parse_spc_values("1,two").error().find("value 2 ('two') is not a number"),
            std::string::npos);
  EXPECT_FALSE(parse_spc_values("nan").ok());
  EXPECT_FALSE(parse_spc_values("inf").ok());
  EXPECT_FALSE(parse_spc_values("1e999").ok());
  EXPECT_NE(parse_spc_values("1\x01").error().find("'1?'"), std::string::npos);
}

TEST(SpcValues, StopsAtTheLimit) {
  std::string many = "1";
  for (size_t i = 1; i < kMaxSpcValues; ++i) many += ",1";
  auto ok = parse_spc_values(many);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), kMaxSpcValues);
  EXPECT_NE(parse_spc_values(many + ",1").error().find("more than 10000 values"),
            std::string::npos);
}

}  // namespace
}  // namespace bc
