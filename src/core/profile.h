// A budget's monthly profile: how an annual budget is spread over the
// financial year's twelve months, for the year-to-date budget.
//
// Written as twelve weights for M1 (April) to M12 separated by ';', each a
// plain decimal number from 0 to 1,000,000 with at most six decimals
// ("0;0;0;0;0;0;1;1;1;1;1;1", "8.5;8.5;..."), not all zero. No sign, no
// exponent, no "inf" or "nan": a weight is held exactly as an integer
// number of millionths, so the year-to-date budget is computed in integer
// arithmetic, exact to the penny and free of overflow for any amount Money
// can hold (docs/finance.md).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/money.h"
#include "core/status.h"

namespace bc {

// The largest weight, in whole units.
inline constexpr int64_t kMaxProfileWeight = 1'000'000;
// Weights are held in millionths.
inline constexpr int64_t kProfileScale = 1'000'000;

struct Profile {
  std::array<int64_t, 12> weights{};  // millionths, M1..M12
  int64_t total = 0;                  // their sum: > 0
};

// Parses a profile. InvalidData saying what is wrong otherwise.
Result<Profile> parse_profile(std::string_view text);

// annual x (weights of M1..m) / (all twelve), rounded half away from zero
// to the penny; month m from 1 to 12.
Money profiled_amount(Money annual, const Profile& profile, int m);

}  // namespace bc
