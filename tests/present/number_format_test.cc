// The number formats of present/number_format.h. Every rendering of a whole
// metric row is pinned by tests/golden/present/*.test; these are the pieces.
#include "present/number_format.h"

#include <gtest/gtest.h>

namespace bc::present {
namespace {

TEST(Formats, MetricValuesAsTheBoardPapersPrintThem) {
  EXPECT_EQ(format_metric_value(30946.0, MetricUnit::kCount), "30,946");
  EXPECT_EQ(format_metric_value(12.5, MetricUnit::kCount), "12.5");
  EXPECT_EQ(format_metric_value(5.4321, MetricUnit::kPercent), "5.4%");
  EXPECT_EQ(format_metric_value(741.66, MetricUnit::kPer100k), "741.7");
  EXPECT_EQ(format_metric_value(1234567.4, MetricUnit::kPounds), "£1,234,567");
  EXPECT_EQ(format_metric_value(std::nullopt, MetricUnit::kCount), "-");
  EXPECT_EQ(format_metric_value(15.0, MetricUnit::kCount, true), "*");
  EXPECT_EQ(format_thousands(-1234), "-1,234");
  EXPECT_EQ(format_thousands(0), "0");
  EXPECT_EQ(format_k(Money::from_pence(-3'349'999)), "(33)");
  EXPECT_EQ(format_k(Money::from_pence(116'700'000)), "1,167");
}

TEST(Formats, APlanIsRoundedToWholeForCountsAndMoneyOnly) {
  MetricRow r;
  r.plan = 91.5;
  r.unit = MetricUnit::kCount;
  EXPECT_EQ(format_plan(r), "92");  // the CLI, the web and the report alike
  r.unit = MetricUnit::kPounds;
  EXPECT_EQ(format_plan(r), "£92");
  r.unit = MetricUnit::kPercent;
  EXPECT_EQ(format_plan(r), "91.5%");
  r.unit = MetricUnit::kPer100k;
  EXPECT_EQ(format_plan(r), "91.5");
  r.plan.reset();
  EXPECT_EQ(format_plan(r), "-");
}

TEST(Formats, ChangesArePointsForPercentagesAndPerCentOtherwise) {
  MetricRow r;
  r.change_pct = 1.26;
  r.change_pp = -2.24;
  r.unit = MetricUnit::kCount;
  EXPECT_EQ(format_change(r), "+1.3%");
  r.unit = MetricUnit::kPercent;
  EXPECT_EQ(format_change(r), "-2.2 pts");
  r.change_pp.reset();
  EXPECT_EQ(format_change(r), "-");
  EXPECT_EQ(format_signed_percent(14.2857), "+14.3%");
  EXPECT_EQ(format_signed_percent(std::nullopt), "-");
}

TEST(Money, PoundsIsTheOnePenceToPoundsConversion) {
  EXPECT_EQ(Money::from_pence(-3300).pounds(), -33.0);
  EXPECT_EQ(Money::from_pence(123456).pounds(), 1234.56);
}

}  // namespace
}  // namespace bc::present
