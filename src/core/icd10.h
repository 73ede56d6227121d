// ICD-10 diagnosis codes as they arrive in hospital extracts.
//
// A code may come as "J18.9" or "J189"; both normalise to "J189". A valid
// code is a letter, two digits, then up to three letters or digits (some
// extracts pad with "X", e.g. "W19X", or end with "-" or a dagger/asterisk
// marker, which are dropped). Range tests compare on the length of the
// bounds, so in_range("S00", "T98") holds for S72.0 and T98.3 but not T99.
//
// Thread safety: a plain value.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc {

class Icd10 {
 public:
  Icd10() = default;
  static Result<Icd10> parse(std::string_view text);

  const std::string& code() const { return code_; }  // normalised, e.g. "J189"
  std::string_view category() const { return std::string_view(code_).substr(0, 3); }  // "J18"
  std::string dotted() const;  // "J18.9" (just "J18" for a three-character code)

  // True when the code's first len(lo) characters are >= lo and its first
  // len(hi) characters are <= hi. Bounds are normalised codes ("S00", "T98",
  // "W19", "J180").
  bool in_range(std::string_view lo, std::string_view hi) const;

  auto operator<=>(const Icd10&) const = default;

 private:
  explicit Icd10(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

}  // namespace bc
