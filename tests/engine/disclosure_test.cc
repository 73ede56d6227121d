// The disclosure-control primitives (engine/disclosure.h): the
// perturbation table, record keys and the periods allowed.
#include "engine/disclosure.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace bc {
namespace {

TEST(Disclosure, ThePerturbationTableIsSymmetricWithRareTails) {
  std::map<int, int> keys;
  for (uint32_t k = 0; k < 65536; ++k) keys[noise_of_cell_key(k)] += 1;
  EXPECT_EQ(keys.size(), 2u * kMaxNoise + 1);
  for (int d = 1; d <= kMaxNoise; ++d) EXPECT_EQ(keys[d], keys[-d]) << d;
  EXPECT_EQ(keys[0], 26304);
  EXPECT_EQ(keys[1], 13000);
  EXPECT_EQ(keys[2], 6000);
  EXPECT_EQ(keys[3], 600);
  EXPECT_EQ(keys[kMaxNoise], 1);
  // Only the low 16 bits of a sum of keys count.
  EXPECT_EQ(noise_of_cell_key(12345), noise_of_cell_key(12345 + 65536 * 7));
}

TEST(Disclosure, ACountMovesByItsCellKeyButZeroStaysZeroAndNothingBecomesZero) {
  SuppressionRule rule;
  EXPECT_EQ(perturbed_count(0, 999, rule), 0);
  for (uint32_t k = 0; k < 65536; ++k) {
    const int64_t p = perturbed_count(1, k, rule);
    ASSERT_GE(p, 1);
    ASSERT_LE(p, 1 + kMaxNoise);
    const int64_t q = perturbed_count(100, k, rule);
    ASSERT_EQ(q, 100 + noise_of_cell_key(k));
  }
  rule.cell_key = false;
  EXPECT_EQ(perturbed_count(100, 3, rule), 100);
}

TEST(Disclosure, RecordKeysDependOnTheSecretAndTheRecord) {
  const std::string a(16, 'a'), b(16, 'b');
  // Over many records, two keys disagree on most and the keys spread.
  int differ = 0;
  std::map<uint16_t, int> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string rec = "S2017-09-" + std::to_string(i);
    differ += record_key(a, rec) != record_key(b, rec);
    seen[record_key(a, rec)] += 1;
    EXPECT_EQ(record_key(a, rec), record_key(a, rec));  // the same record, the same key
  }
  EXPECT_GT(differ, 990);
  EXPECT_GT(seen.size(), 980u);
}

TEST(Disclosure, OnlyWholePeriodsMayBeShownSuppressed) {
  for (const char* ok : {"2017/18", "2017/18:M6", "2017/18:Q2", "2017/18:YTD6", "R12:2018-03"}) {
    EXPECT_TRUE(check_disclosure_period(*Period::parse(ok)).ok()) << ok;
  }
  for (const char* days : {"2017-09-07..2017-09-07", "2017-04-01..2018-03-31"}) {
    Status s = check_disclosure_period(*Period::parse(days));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << days;
    EXPECT_NE(s.message().find("whole periods only"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(days), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace bc
