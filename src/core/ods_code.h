// OdsCode: an Organisation Data Service code for a provider, practice,
// commissioner or partner (RHM, R1C, J82001, 5QG ...).
//
// Codes are 3 to 10 ASCII letters and digits; parsing trims blanks and
// upper-cases, so "rhm" and "RHM" are the same organisation.
//
// Thread safety: a plain value.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc {

class OdsCode {
 public:
  OdsCode() = default;
  static Result<OdsCode> parse(std::string_view text);

  const std::string& str() const { return code_; }

  auto operator<=>(const OdsCode&) const = default;

 private:
  explicit OdsCode(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

}  // namespace bc
