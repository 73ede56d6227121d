// Funnel plots (engine/funnel.h) on a hand-made snapshot: who is counted
// as registered, the rates per 1,000, the limits and each group's position,
// every expected figure worked out by hand in the comments.
#include "engine/funnel.h"

#include <gtest/gtest.h>

#include <cmath>

namespace bc {
namespace {

Date funnel_day(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

// Two clusters: C1 with practice P1, C2 with practices P2 and P3.
// `people` registered on 2000-01-01, born 1950-01-01 (aged 67 in 2017)
// unless `young`, born 2000-01-01.
struct FunnelCity {
  Snapshot snap;
  FunnelCity() {
    snap.practice_codes = {"P1", "P2", "P3"};
    snap.practice_names = {"One", "Two", "Three"};
    snap.practice_cluster = {0, 1, 1};
    snap.cluster_codes = {"C1", "C2"};
    snap.cluster_names = {"North", "South"};
  }
  void add(int16_t practice, int n, bool young = false, int32_t died = kNoDate) {
    auto& p = snap.persons;
    for (int i = 0; i < n; ++i) {
      p.nhs.push_back(static_cast<int64_t>(p.nhs.size()) + 1);
      p.born.push_back(funnel_day(young ? 2000 : 1950, 1, 1).days());
      p.registered.push_back(funnel_day(2000, 1, 1).days());
      p.died.push_back(died);
      p.practice.push_back(practice);
      p.sex.push_back('F');
      p.rkey.push_back(0);
    }
  }
};

MetricRow row(DimId by, const std::string& key, std::optional<double> count,
              bool suppressed = false) {
  MetricRow r;
  r.group.push_back({by, key});
  r.value = count;
  r.numerator = count.value_or(0);
  r.suppressed = suppressed;
  return r;
}

MetricRow headline(double count) {
  MetricRow r;
  r.value = count;
  r.numerator = count;
  return r;
}

MetricDef count_metric() {
  MetricDef m;
  m.id = "nel_admissions";
  m.kind = MetricKind::kCount;
  m.unit = MetricUnit::kCount;
  return m;
}

const Period kYear = *Period::parse("2017/18");  // mid-point 2017-09-30

TEST(Funnel, AppliesToCountsByClusterOrPracticeOnly) {
  MetricDef m = count_metric();
  EXPECT_TRUE(funnel_applies(m, DimId::kCluster));
  EXPECT_TRUE(funnel_applies(m, DimId::kPractice));
  EXPECT_FALSE(funnel_applies(m, DimId::kAgeBand));
  m.sum_cost = true;
  EXPECT_FALSE(funnel_applies(m, DimId::kCluster));
  m = count_metric();
  m.kind = MetricKind::kRate;
  m.unit = MetricUnit::kPer100k;
  EXPECT_FALSE(funnel_applies(m, DimId::kCluster));
}

TEST(Funnel, RatesPerThousandRegisteredAndTheAreaAsCentre) {
  FunnelCity city;
  city.add(0, 1000);  // C1: 1,000 people
  city.add(1, 3000);  // C2: 3,000 + 1,000 = 4,000
  city.add(2, 1000);
  city.add(2, 5, false, funnel_day(2017, 6, 1).days());  // died before the mid-point
  city.add(-1, 20);  // registered with no known practice: the area only
  // Area: 5,020 registered; 502 events -> 100 per 1,000.
  Funnel f =
      funnel_of(city.snap, count_metric(), DimId::kCluster, kYear,
                {row(DimId::kCluster, "C1", 100), row(DimId::kCluster, "C2", 400)}, headline(502));
  EXPECT_EQ(f.on, funnel_day(2017, 9, 30));
  EXPECT_EQ(f.registered, 5020);
  ASSERT_TRUE(f.per_1000.has_value());
  EXPECT_DOUBLE_EQ(*f.per_1000, 100.0);
  ASSERT_EQ(f.groups.size(), 2u);
  EXPECT_EQ(f.groups[0].registered, 1000);
  EXPECT_EQ(f.groups[1].registered, 4000);
  EXPECT_DOUBLE_EQ(*f.groups[0].per_1000, 100.0);
  EXPECT_DOUBLE_EQ(*f.groups[1].per_1000, 100.0);
  EXPECT_EQ(f.groups[0].position, FunnelPosition::kWithin);
  EXPECT_EQ(f.population_label(), "registered people on 2017-09-30");
}

// theta = 0.1 per person. At n = 1,000: sqrt(0.1 / 1000) = 0.01, so the
// 95% limits are (0.1 +- 1.959964 * 0.01) * 1000 = 80.40 and 119.60 per
// 1,000, the 99.8% limits 69.10 and 130.90.
TEST(Funnel, LimitsAndPositionsByHand) {
  FunnelCity city;
  city.add(0, 1000);  // P1
  city.add(1, 1000);  // P2
  city.add(2, 1000);  // P3
  Funnel f = funnel_of(city.snap, count_metric(), DimId::kPractice, kYear,
                       {row(DimId::kPractice, "P1", 125), row(DimId::kPractice, "P2", 135),
                        row(DimId::kPractice, "P3", 40)},
                       headline(300));
  ASSERT_TRUE(f.per_1000.has_value());
  EXPECT_DOUBLE_EQ(*f.per_1000, 100.0);
  EXPECT_NEAR(f.limit(1000, kFunnelZ95), 119.59964, 1e-5);
  EXPECT_NEAR(f.limit(1000, -kFunnelZ95), 80.40036, 1e-5);
  EXPECT_NEAR(f.limit(1000, kFunnelZ998), 130.90232, 1e-5);
  EXPECT_NEAR(f.limit(1000, -kFunnelZ998), 69.09768, 1e-5);
  // Wider for fewer people: at n = 250, sqrt(0.1 / 250) = 0.02.
  EXPECT_NEAR(f.limit(250, kFunnelZ95), 139.19928, 1e-5);
  // Never below zero: at n = 10, 0.1 - 3.090232 * 0.1 < 0.
  EXPECT_EQ(f.limit(10, -kFunnelZ998), 0.0);
  EXPECT_EQ(f.groups[0].position, FunnelPosition::kHigh95);   // 125: between 119.6 and 130.9
  EXPECT_EQ(f.groups[1].position, FunnelPosition::kHigh998);  // 135 > 130.9
  EXPECT_EQ(f.groups[2].position, FunnelPosition::kLow998);   // 40 < 69.1
}

TEST(Funnel, TheMetricsAgesAreItsDenominator) {
  FunnelCity city;
  city.add(0, 200);        // aged 67
  city.add(0, 800, true);  // aged 17
  MetricDef m = count_metric();
  m.filter.min_age = 65;
  Funnel f = funnel_of(city.snap, m, DimId::kCluster, kYear, {row(DimId::kCluster, "C1", 20)},
                       headline(20));
  EXPECT_EQ(f.registered, 200);
  EXPECT_EQ(f.groups[0].registered, 200);
  EXPECT_DOUBLE_EQ(*f.groups[0].per_1000, 100.0);
  EXPECT_EQ(f.population_label(), "registered people aged 65 and over on 2017-09-30");
  m.filter.max_age = 17;
  m.filter.min_age = 0;
  EXPECT_EQ(funnel_of(city.snap, m, DimId::kCluster, kYear, {}, headline(20)).registered, 800);
}

TEST(Funnel, HiddenCountsAndTinyGroupsHaveNoRate) {
  FunnelCity city;
  city.add(0, 1000);
  city.add(1, 7);  // P2: 7 people
  city.add(2, 1000);
  Funnel f = funnel_of(city.snap, count_metric(), DimId::kPractice, kYear,
                       {row(DimId::kPractice, "P1", std::nullopt, true),
                        row(DimId::kPractice, "P2", 30), row(DimId::kPractice, "P3", 90)},
                       headline(200));
  EXPECT_FALSE(f.groups[0].count.has_value());
  EXPECT_FALSE(f.groups[0].per_1000.has_value());
  EXPECT_FALSE(f.groups[0].position.has_value());
  EXPECT_EQ(f.groups[1].registered, 7);
  EXPECT_FALSE(f.groups[1].per_1000.has_value());
  ASSERT_TRUE(f.groups[2].per_1000.has_value());
  EXPECT_DOUBLE_EQ(*f.groups[2].per_1000, 90.0);
  // A hidden headline: no centre, no positions.
  Funnel hidden = funnel_of(city.snap, count_metric(), DimId::kPractice, kYear,
                            {row(DimId::kPractice, "P3", 90)}, MetricRow{});
  EXPECT_FALSE(hidden.per_1000.has_value());
  EXPECT_TRUE(hidden.groups[0].per_1000.has_value());
  EXPECT_FALSE(hidden.groups[0].position.has_value());
  EXPECT_EQ(hidden.limit(1000, kFunnelZ95), 0.0);
}

}  // namespace
}  // namespace bc
