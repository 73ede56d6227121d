// The engine answer cache's memory bound (web/metric_cache.h): answers are
// counted in estimated bytes, the least recently used go first when the
// budget is passed, and an answer larger than the budget is not kept.
#include "web/metric_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bc {
namespace {

// An answer of n rows, each with a breakdown group and a note long enough
// to live on the heap.
std::vector<MetricRow> rows(size_t n, const std::string& tag) {
  std::vector<MetricRow> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i].metric = "nel_admissions";
    out[i].period = "2017/18";
    out[i].group = {
        {DimId::kPractice, std::string("P").append(std::to_string(i)).append("-").append(tag)},
        {DimId::kAgeBand, std::string("65 and over, a long label")}};
    out[i].note = "a note that is longer than the small-string buffer " + tag;
    out[i].value = static_cast<double>(i);
  }
  return out;
}

TEST(MetricCacheBytes, EstimateGrowsWithRowsAndTheirText) {
  const size_t one = MetricCache::approx_bytes(rows(1, "a"));
  const size_t hundred = MetricCache::approx_bytes(rows(100, "a"));
  EXPECT_GE(one, sizeof(MetricRow) + 50) << "the row and its heap strings";
  EXPECT_GE(hundred, 100 * one * 9 / 10);
  EXPECT_LE(hundred, 100 * one * 11 / 10);
  std::vector<MetricRow> plain(100);
  EXPECT_LT(MetricCache::approx_bytes(plain), hundred);
  EXPECT_EQ(MetricCache::approx_bytes({}), 0u);
}

TEST(MetricCacheBytes, KeepsWithinTheBudgetDroppingTheLeastRecentlyUsed) {
  const size_t entry = MetricCache::approx_bytes(rows(50, "x")) + 1000;
  MetricCache cache(entry * 3);  // room for three answers, not four
  cache.put("a", rows(50, "a"));
  cache.put("b", rows(50, "b"));
  cache.put("c", rows(50, "c"));
  EXPECT_EQ(cache.stats().entries, 3u);
  // "a" is used, so "b" is now the least recently used.
  ASSERT_TRUE(cache.get("a").has_value());
  cache.put("d", rows(50, "d"));
  MetricCache::Stats st = cache.stats();
  EXPECT_EQ(st.entries, 3u);
  EXPECT_LE(st.bytes, st.max_bytes);
  EXPECT_EQ(st.evictions, 1u);
  EXPECT_FALSE(cache.get("b").has_value());
  for (const char* k : {"a", "c", "d"}) {
    auto got = cache.get(k);
    ASSERT_TRUE(got.has_value()) << k;
    EXPECT_EQ(got->size(), 50u);
    EXPECT_EQ(got->front().note.back(), k[0]) << "the answer kept under its own key";
  }
  // Many more: never over budget, the newest always kept.
  for (int i = 0; i < 100; ++i) {
    const std::string k = "k" + std::to_string(i);
    cache.put(k, rows(10 + static_cast<size_t>(i % 40), k));
    st = cache.stats();
    ASSERT_LE(st.bytes, st.max_bytes) << i;
    ASSERT_TRUE(cache.get(k).has_value()) << i;
  }
  EXPECT_GT(st.evictions, 50u);
}

TEST(MetricCacheBytes, AnAnswerLargerThanTheBudgetIsNotKept) {
  MetricCache cache(MetricCache::approx_bytes(rows(10, "s")) * 2);
  cache.put("small", rows(10, "s"));
  cache.put("huge", rows(1000, "h"));
  EXPECT_FALSE(cache.get("huge").has_value());
  EXPECT_TRUE(cache.get("small").has_value()) << "a refused answer evicts nothing";
  MetricCache none(0);
  none.put("any", rows(1, "n"));
  EXPECT_EQ(none.stats().entries, 0u);
  EXPECT_EQ(none.stats().bytes, 0u);
}

TEST(MetricCacheBytes, ReplacingAKeyCountsItOnceAndShrinkingTheBudgetEvicts) {
  MetricCache cache(size_t{1} << 20);
  cache.put("a", rows(20, "1"));
  const size_t once = cache.stats().bytes;
  cache.put("a", rows(20, "2"));
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, once);
  EXPECT_EQ(cache.get("a")->front().note.back(), '2');
  cache.put("b", rows(20, "b"));
  cache.set_max_bytes(once + 10);
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_TRUE(cache.get("b").has_value());
  EXPECT_FALSE(cache.get("a").has_value());
}

}  // namespace
}  // namespace bc
