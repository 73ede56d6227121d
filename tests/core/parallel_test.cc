// core/parallel.h: the slices cover the range exactly once, small ranges
// stay on the calling thread, and an exception comes back to the caller.
#include "core/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace bc {
namespace {

std::vector<std::pair<size_t, size_t>> slices_of(size_t n, size_t min_per_slice) {
  std::mutex m;
  std::vector<std::pair<size_t, size_t>> out;
  for_ranges(
      n,
      [&](size_t lo, size_t hi) {
        std::lock_guard<std::mutex> lock(m);
        out.emplace_back(lo, hi);
      },
      min_per_slice);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Parallel, SlicesCoverTheRangeOnceInOrder) {
  ScopedParallelism four(4);
  auto s = slices_of(1003, 100);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.front().first, 0u);
  EXPECT_EQ(s.back().second, 1003u);
  for (size_t k = 1; k < s.size(); ++k) EXPECT_EQ(s[k].first, s[k - 1].second);
  for (const auto& [lo, hi] : s) EXPECT_GE(hi - lo, 250u);
}

TEST(Parallel, EveryIndexIsVisitedExactlyOnce) {
  ScopedParallelism eight(8);
  std::vector<std::atomic<int>> seen(100'000);
  for_ranges(
      seen.size(),
      [&](size_t lo, size_t hi) {
        for (size_t i = lo; i < hi; ++i) seen[i].fetch_add(1);
      },
      1000);
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i].load(), 1) << i;
}

TEST(Parallel, SmallRangesAndOneSliceStayOnTheCallingThread) {
  const auto caller = std::this_thread::get_id();
  std::thread::id ran;
  for_ranges(10, [&](size_t lo, size_t hi) {
    EXPECT_EQ(lo, 0u);
    EXPECT_EQ(hi, 10u);
    ran = std::this_thread::get_id();
  });
  EXPECT_EQ(ran, caller);
  ScopedParallelism one(1);
  EXPECT_EQ(parallel_slices(10'000'000), 1u);
  EXPECT_EQ(slices_of(10'000'000, 1).size(), 1u);
  EXPECT_EQ(slices_of(0, 1).size(), 1u);  // an empty range: one call with lo == hi
}

TEST(Parallel, TheLimitIsRestoredWhenTheScopeEnds) {
  {
    ScopedParallelism three(3);
    EXPECT_EQ(parallel_slices(1'000'000, 1), 3u);
    {
      ScopedParallelism one(1);
      EXPECT_EQ(parallel_slices(1'000'000, 1), 1u);
    }
    EXPECT_EQ(parallel_slices(1'000'000, 1), 3u);
  }
  EXPECT_GE(parallel_slices(1'000'000, 1), 1u);
  EXPECT_LE(parallel_slices(1'000'000, 1), 8u);
}

TEST(Parallel, AnExceptionInASliceReachesTheCallerAfterAllFinish) {
  ScopedParallelism four(4);
  std::atomic<int> finished{0};
  EXPECT_THROW(for_ranges(
                   4000,
                   [&](size_t lo, size_t) {
                     if (lo != 0) {
                       ++finished;
                       return;
                     }
                     throw std::runtime_error("slice 0");
                   },
                   1000),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 3);
}

}  // namespace
}  // namespace bc
