// NhsNumber: the identifier that links a person across health and social care.
//
// Ten digits, the tenth a modulus-11 check: multiply digits 1..9 by
// 10, 9, ..., 2, sum, check = 11 - (sum mod 11); 11 becomes 0; 10 means no
// valid number has those first nine digits. Numbers beginning 999 are
// reserved for testing; every synthetic person has one.
//
// Thread safety: a plain value.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc {

class NhsNumber {
 public:
  constexpr NhsNumber() = default;

  // Accepts ten digits with optional spaces anywhere ("943 476 5919",
  // "9434765919") and surrounding blanks. Rejects other characters, a wrong
  // count of digits, a failed check digit and placeholders of ten identical
  // digits (0000000000 passes the check but means "unknown"), saying which.
  static Result<NhsNumber> parse(std::string_view text);
  // The check digit for nine leading digits (0..999,999,999), or -1 when
  // the check would be 10 (no valid number starts with those digits).
  static int check_digit(int64_t first_nine);
  // For values already validated (e.g. read back from the store).
  static constexpr NhsNumber from_value_unchecked(int64_t v) { return NhsNumber(v); }

  constexpr int64_t value() const { return value_; }
  std::string digits() const;     // "9434765919"
  std::string formatted() const;  // "943 476 5919"
  bool is_test_number() const;    // starts with 999

  constexpr auto operator<=>(const NhsNumber&) const = default;

 private:
  constexpr explicit NhsNumber(int64_t v) : value_(v) {}
  int64_t value_ = 0;
};

}  // namespace bc
