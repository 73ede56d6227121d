// web/care_cache.h: everyone's scores by snapshot, model and date, bounded.
#include "web/care_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace bc {
namespace {

Date day(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

TEST(CareCache, ComputesEachSnapshotModelAndDateOnce) {
  CareCache cache;
  auto snap = std::make_shared<const Snapshot>();
  auto a = cache.scores(snap, nullptr, day(2018, 4, 1));
  auto b = cache.scores(snap, nullptr, day(2018, 4, 1));
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(a->features.at, day(2018, 4, 1));
  EXPECT_TRUE(a->risk.empty());  // no model: the facts only
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);
  // Another date, another model: each its own entry.
  EXPECT_NE(cache.scores(snap, nullptr, day(2018, 3, 1)).get(), a.get());
  RiskModel m;
  m.id = 7;
  m.coefficients.assign(risk_features().size(), 0.0);
  auto scored = cache.scores(snap, &m, day(2018, 4, 1));
  EXPECT_NE(scored.get(), a.get());
  EXPECT_EQ(scored->risk.size(), scored->features.size());
  EXPECT_EQ(cache.stats().entries, 3u);
  // A new snapshot (an import landed) drops everything of the old one.
  auto snap2 = std::make_shared<const Snapshot>();
  auto c = cache.scores(snap2, nullptr, day(2018, 4, 1));
  EXPECT_NE(c.get(), a.get());
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().misses, 4u);
}

TEST(CareCache, KeepsAtMostItsEntriesTheLeastRecentlyUsedGoingFirst) {
  CareCache cache(2);
  auto snap = std::make_shared<const Snapshot>();
  auto first = cache.scores(snap, nullptr, day(2018, 1, 1));
  cache.scores(snap, nullptr, day(2018, 2, 1));
  cache.scores(snap, nullptr, day(2018, 1, 1));  // now the most recently used
  cache.scores(snap, nullptr, day(2018, 3, 1));  // evicts 2018-02-01
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_EQ(cache.scores(snap, nullptr, day(2018, 1, 1)).get(), first.get());
  const uint64_t misses = cache.stats().misses;
  cache.scores(snap, nullptr, day(2018, 2, 1));
  EXPECT_EQ(cache.stats().misses, misses + 1);
}

TEST(CareCache, ManyThreadsAskingTheSameDateShareOneAnswer) {
  CareCache cache;
  auto snap = std::make_shared<const Snapshot>();
  std::vector<std::shared_ptr<const ScoredDate>> got(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] { got[t] = cache.scores(snap, nullptr, day(2019, 4, 1)); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g.get(), got[0].get());
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.stats().hits, got.size() - 1);
}

}  // namespace
}  // namespace bc
