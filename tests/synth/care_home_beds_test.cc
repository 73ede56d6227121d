// The synthetic city's care home beds scale with its size but stay within
// the import contract's 1 to 2,000 (docs/data-formats.md), so that a city
// of any size imports: a 10,000,000-person city once wrote homes of up to
// 7,200 beds, and its own import refused providers.csv.
#include <gtest/gtest.h>

#include "synth/city_parts.h"
#include "synth/model.h"

namespace bc::synth {
namespace care_home_beds_test {

using city_parts::care_home_beds;
using city_parts::kCareHomes;

TEST(CareHomeBeds, ScaledWithTheCityWithinTheContract) {
  const auto seed = static_cast<int64_t>(model::kSeedPopulation);
  for (const auto& home : kCareHomes) {
    EXPECT_EQ(care_home_beds(home, seed), home.base_beds) << home.code;
    EXPECT_EQ(care_home_beds(home, 2 * seed), 2 * home.base_beds) << home.code;
    EXPECT_EQ(care_home_beds(home, 10'000'000), 2000) << home.code;
    EXPECT_EQ(care_home_beds(home, 1000), 10) << home.code;
  }
}

}  // namespace care_home_beds_test
}  // namespace bc::synth
