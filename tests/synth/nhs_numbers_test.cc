#include "synth/nhs_numbers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace bc::synth {
namespace {

// The first ~909,000 numbers fill the 999 test range; the next continue,
// still valid and unique, from 900 000 000 (the bug this pins: wrapping back
// into 999 and repeating numbers in a 10-million-person city).
TEST(NhsNumberSequence, UniqueValidNumbersWithinAndBeyondTheTestRange) {
  NhsNumberSequence seq;
  std::vector<int64_t> seen;
  seen.reserve(1'200'000);
  int64_t in_test_range = 0;
  for (int i = 0; i < 1'200'000; ++i) {
    NhsNumber n = seq.next();
    auto parsed = NhsNumber::parse(n.digits());
    ASSERT_TRUE(parsed.ok()) << n.digits() << ": " << parsed.error();
    if (n.is_test_number()) {
      ++in_test_range;
      ASSERT_FALSE(seq.beyond_test_range()) << "a 999 number after leaving the range";
    } else {
      ASSERT_GE(n.value(), 9'000'000'000);
    }
    seen.push_back(n.value());
  }
  EXPECT_TRUE(seq.beyond_test_range());
  EXPECT_GT(in_test_range, 900'000);
  EXPECT_LT(in_test_range, 910'000);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end())
      << "a number was handed out twice";
}

TEST(NhsNumberSequence, StartsAtTheBottomOfTheTestRange) {
  NhsNumberSequence seq;
  EXPECT_EQ(seq.next().digits(), "9990000018");
  EXPECT_EQ(seq.next().digits(), "9990000026");
  EXPECT_FALSE(seq.beyond_test_range());
}

}  // namespace
}  // namespace bc::synth
