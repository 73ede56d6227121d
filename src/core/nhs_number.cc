#include "core/nhs_number.h"
#include "core/ascii.h"

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::trim;

constexpr int kDigits = 10;
constexpr int64_t kTestPrefix = 999;  // numbers 999 xxx xxxx are for testing only

}  // namespace

int NhsNumber::check_digit(int64_t first_nine) {
  if (first_nine < 0 || first_nine > 999'999'999) return -1;
  int sum = 0;
  // Walk from digit 9 (weight 2) up to digit 1 (weight 10).
  for (int weight = 2; weight <= 10; ++weight) {
    sum += static_cast<int>(first_nine % 10) * weight;
    first_nine /= 10;
  }
  const int check = 11 - sum % 11;
  if (check == 11) return 0;
  if (check == 10) return -1;
  return check;
}

Result<NhsNumber> NhsNumber::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no NHS number given");
  int64_t value = 0;
  int count = 0;
  for (char c : s) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') {
      // Printing a control or non-ASCII byte would only garble the message.
      if (static_cast<unsigned char>(c) >= 0x21 && static_cast<unsigned char>(c) < 0x7F) {
        return Status::invalid_data(fmt::format(
            "unexpected character '{}': an NHS number is 10 digits, optionally spaced 3-3-4", c));
      }
      return Status::invalid_data(
          "unexpected character: an NHS number is 10 digits, optionally spaced 3-3-4");
    }
    // Stop accumulating past ten digits (the count is still reported).
    if (++count <= kDigits) value = value * 10 + (c - '0');
  }
  if (count != kDigits) {
    return Status::invalid_data(
        fmt::format("{} digit{} where an NHS number has 10", count, count == 1 ? "" : "s"));
  }
  const int expected = check_digit(value / 10);
  if (expected < 0) {
    return Status::invalid_data(
        "no number starting with these nine digits passes the modulus-11 check");
  }
  const int actual = static_cast<int>(value % 10);
  if (actual != expected) {
    return Status::invalid_data(
        fmt::format("check digit is {} but should be {}", actual, expected));
  }
  // 0000000000, 1111111111 ... pass the check but are placeholders that
  // extracts use for "unknown"; accepting them would link strangers.
  if (value % 1111111111 == 0) {
    return Status::invalid_data("a placeholder (ten identical digits), not a real NHS number");
  }
  return NhsNumber(value);
}

std::string NhsNumber::digits() const {
  return fmt::format("{:010}", value_);
}

std::string NhsNumber::formatted() const {
  const std::string d = digits();
  return fmt::format("{} {} {}", d.substr(0, 3), d.substr(3, 3), d.substr(6));
}

bool NhsNumber::is_test_number() const {
  return value_ / 10'000'000 == kTestPrefix;
}

}  // namespace bc
