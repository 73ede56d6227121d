// Money: an exact amount in integer pence.
//
// Finance figures must add up to the penny, so money is never a floating
// point number anywhere in bettercare. Parsing accepts what finance
// extracts contain: "1234.56", "-33", "£1,234.56", "-£33.00", at most two
// decimals. Formatting covers the ways board papers show money: pounds
// ("£1,234.56"), thousands ("1,167" in a £'000 column, negatives in
// brackets as "(33)") and millions ("£1.2m").
//
// Thread safety: a plain value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_pence(int64_t pence) { return Money(pence); }

  // Parses pounds. Accepts an optional sign (before or after "£"), an
  // optional "£", digits with optional correctly grouped thousands commas,
  // and an optional point with one or two decimals. Rejects anything else
  // (empty, "1.234", "1,23", "12abc", out of range) with a message naming
  // the problem.
  static Result<Money> parse(std::string_view text);

  constexpr int64_t pence() const { return pence_; }
  // The amount in pounds as a double (-3300 pence -> -33.0): the one
  // pence-to-pounds conversion, for chart values, spreadsheet cells and JSON
  // numbers. Never add these up: sums stay in pence.
  constexpr double pounds() const { return static_cast<double>(pence_) / 100.0; }

  // "1234.56", "-33.00": plain pounds with two decimals, for CSV and JSON.
  std::string to_plain() const;
  // "£1,234.56", "-£33.00".
  std::string format_pounds() const;
  // Whole thousands of pounds, rounded half away from zero, with thousands
  // separators: "1,167". Negatives as "(33)" when brackets is true, else "-33".
  std::string format_thousands(bool brackets = true) const;
  // Millions with one decimal: "£109.3m", "-£1.2m".
  std::string format_millions() const;
  // Whole thousands rounded half away from zero (used by £'000 tables).
  int64_t round_thousands() const;

  constexpr Money operator-() const { return Money(-pence_); }
  constexpr Money operator+(Money o) const { return Money(pence_ + o.pence_); }
  constexpr Money operator-(Money o) const { return Money(pence_ - o.pence_); }
  constexpr Money& operator+=(Money o) {
    pence_ += o.pence_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    pence_ -= o.pence_;
    return *this;
  }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t pence) : pence_(pence) {}
  int64_t pence_ = 0;
};

}  // namespace bc
