#include "core/profile.h"

#include <fmt/format.h>

#include <algorithm>

namespace bc {
namespace {

constexpr int kMaxDecimals = 6;

// GCC's 128-bit integer (__extension__: -Wpedantic would warn).
__extension__ typedef __int128 Int128;

// One weight in millionths, or the reason it is not one.
Result<int64_t> parse_weight(std::string_view w, int month) {
  auto bad = [&](std::string_view why) {
    return Status::invalid_data(fmt::format(
        "the weight for M{} is not a plain number from 0 to {} with at most {} decimals ({})",
        month, kMaxProfileWeight, kMaxDecimals, why));
  };
  if (w.empty()) return bad("it is empty");
  const size_t point = w.find('.');
  std::string_view whole = w.substr(0, point);
  std::string_view frac =
      point == std::string_view::npos ? std::string_view() : w.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && frac.empty())) {
    return bad("digits are needed on both sides of a decimal point");
  }
  for (std::string_view part : {whole, frac}) {
    for (char c : part) {
      if (c < '0' || c > '9') return bad("only digits and one decimal point are allowed");
    }
  }
  if (frac.size() > static_cast<size_t>(kMaxDecimals)) return bad("too many decimals");
  // Leading zeros are harmless; the value is bounded before it can overflow.
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (whole.size() > 7) return bad("too large");
  int64_t units = 0;
  for (char c : whole) units = units * 10 + (c - '0');
  int64_t millionths = 0;
  for (int i = 0; i < kMaxDecimals; ++i) {
    millionths = millionths * 10 +
                 (static_cast<size_t>(i) < frac.size() ? frac[static_cast<size_t>(i)] - '0' : 0);
  }
  int64_t value = units * kProfileScale + millionths;
  if (value > kMaxProfileWeight * kProfileScale) return bad("too large");
  return value;
}

}  // namespace

Result<Profile> parse_profile(std::string_view text) {
  constexpr std::string_view kRule =
      "a profile is twelve non-negative weights for M1 to M12 separated by ';', not all zero";
  const auto parts = static_cast<size_t>(std::count(text.begin(), text.end(), ';')) + 1;
  if (parts != 12) return Status::invalid_data(fmt::format("{} (this one has {})", kRule, parts));
  Profile p;
  size_t start = 0;
  for (size_t i = 0; i < 12; ++i) {
    const size_t semi = text.find(';', start);
    auto w = parse_weight(text.substr(start, semi == std::string_view::npos ? semi : semi - start),
                          static_cast<int>(i) + 1);
    if (!w.ok()) return Status::invalid_data(fmt::format("{}: {}", kRule, w.error()));
    p.weights[i] = *w;
    p.total += *w;
    start = semi + 1;
  }
  if (p.total <= 0) return Status::invalid_data(fmt::format("{} (these are all zero)", kRule));
  return p;
}

Money profiled_amount(Money annual, const Profile& profile, int m) {
  Int128 upto = 0;
  for (int i = 0; i < m && i < 12; ++i) upto += profile.weights[static_cast<size_t>(i)];
  // |annual| < 2^63 and upto <= 12 x 10^12 < 2^44: the product fits in 128 bits.
  const Int128 num = static_cast<Int128>(annual.pence()) * upto;
  const Int128 den = profile.total;
  Int128 q = num / den;
  const Int128 r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
  // |q| <= |annual|: upto never exceeds the total.
  return Money::from_pence(static_cast<int64_t>(q));
}

}  // namespace bc
