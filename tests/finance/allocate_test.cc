#include <gtest/gtest.h>

#include <random>

#include "finance/position.h"

namespace bc {
namespace {

int64_t sum(const std::vector<Money>& v) {
  int64_t s = 0;
  for (Money m : v) s += m.pence();
  return s;
}

TEST(Allocate, LeftoverPenceGoToTheLargestRemainders) {
  // £100.02 at 33.33% / 33.33% / 33.34%: 3333.67p, 3333.67p, 3334.67p.
  auto parts = allocate(Money::from_pence(10002), {3333, 3333, 3334});
  EXPECT_EQ(parts[0].pence(), 3334);  // remainder 6666, before SCC's equal one
  EXPECT_EQ(parts[1].pence(), 3333);
  EXPECT_EQ(parts[2].pence(), 3335);  // remainder 6668: the largest
  EXPECT_EQ(sum(parts), 10002);
}

TEST(Allocate, HalvesAndNegativesAndZero) {
  auto half = allocate(Money::from_pence(-13000001), {5000, 5000});
  EXPECT_EQ(sum(half), -13000001);
  EXPECT_EQ(half[0].pence(), -6500001);  // the odd penny to the first of equal remainders
  EXPECT_EQ(half[1].pence(), -6500000);
  auto zero = allocate(Money(), {2500, 7500});
  EXPECT_EQ(zero[0].pence(), 0);
  EXPECT_EQ(zero[1].pence(), 0);
}

// Whatever the amount and the split, no penny is lost or created, and each
// part is within a penny of its exact share.
TEST(Allocate, NeverLosesOrCreatesAPenny) {
  std::mt19937_64 rng(1167);
  for (int round = 0; round < 20000; ++round) {
    int n = 2 + static_cast<int>(rng() % 5);
    std::vector<int64_t> bp(static_cast<size_t>(n));
    int64_t left = 10000;
    for (int i = 0; i < n - 1; ++i) {
      bp[static_cast<size_t>(i)] = static_cast<int64_t>(rng() % static_cast<uint64_t>(left + 1));
      left -= bp[static_cast<size_t>(i)];
    }
    bp.back() = left;
    int64_t total = static_cast<int64_t>(rng() % 20'000'000'000ull) - 10'000'000'000;
    auto parts = allocate(Money::from_pence(total), bp);
    ASSERT_EQ(sum(parts), total) << "round " << round;
    for (size_t i = 0; i < bp.size(); ++i) {
      double exact = static_cast<double>(total) * static_cast<double>(bp[i]) / 10000.0;
      ASSERT_LE(std::abs(static_cast<double>(parts[i].pence()) - exact), 1.0) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace bc
