#include "core/money.h"
#include "core/ascii.h"

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::is_blank;
using ascii::is_digit;
using ascii::trim;

// £90 trillion either way. Far beyond any real budget, yet a thousand such
// amounts still sum inside int64, so totals over many rows cannot overflow.
constexpr int64_t kMaxAbsPence = 9'000'000'000'000'000;
constexpr std::string_view kPound = "\xC2\xA3";  // "£" in UTF-8

Status too_large() {
  return Status::invalid_data("amount is too large: the limit is £90 trillion either way");
}

Status bad_grouping() {
  return Status::invalid_data(
      "thousands separators must separate groups of three digits, as in 1,000,000.00");
}

// Why the character starting at `rest` cannot appear where it does.
Status unexpected_in_amount(std::string_view rest) {
  const char c = rest.front();
  if (is_blank(c)) return Status::invalid_data("spaces are not allowed inside an amount");
  if (c == '-' || c == '+') return Status::invalid_data("the sign must come before the amount");
  if (rest.starts_with(kPound))
    return Status::invalid_data("the £ sign must come before the amount");
  if (static_cast<unsigned char>(c) == 0xA3) {
    // A lone 0xA3 is "£" in Latin-1/Windows-1252: the file is not UTF-8.
    return Status::invalid_data("a £ sign that is not UTF-8 encoded; save the file as UTF-8");
  }
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
    return Status::invalid_data(
        "unexpected character: an amount holds only digits, '£', a sign, ',' and '.'");
  }
  return Status::invalid_data(fmt::format(
      "unexpected character '{}': an amount holds only digits, '£', a sign, ',' and '.'", c));
}

uint64_t magnitude(int64_t v) {
  // Negating in unsigned arithmetic is defined even for INT64_MIN.
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

// 1234567 -> "1,234,567".
std::string group_thousands(uint64_t v) {
  std::string digits = fmt::format("{}", v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// |v| / unit rounded half away from zero (on the magnitude).
uint64_t rounded_units(int64_t v, uint64_t unit) {
  return (magnitude(v) + unit / 2) / unit;
}

}  // namespace

Result<Money> Money::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no amount given");

  // Sign and "£" in either order: finance systems write both "-£33" and "£-33".
  size_t i = 0;
  bool negative = false;
  bool have_sign = false;
  bool have_pound = false;
  while (i < s.size()) {
    if (s[i] == '-' || s[i] == '+') {
      if (have_sign) return Status::invalid_data("more than one sign");
      have_sign = true;
      negative = s[i] == '-';
      ++i;
    } else if (s.substr(i).starts_with(kPound)) {
      if (have_pound) return Status::invalid_data("more than one £ sign");
      have_pound = true;
      i += kPound.size();
    } else {
      break;
    }
  }

  // Whole pounds, with commas allowed only between correct groups of three.
  uint64_t pounds = 0;
  int digit_count = 0;
  int group_len = 0;  // digits since the last comma (or the start)
  bool grouped = false;
  for (; i < s.size() && (is_digit(s[i]) || s[i] == ','); ++i) {
    if (s[i] == ',') {
      if (digit_count == 0 || (grouped ? group_len != 3 : group_len > 3)) return bad_grouping();
      grouped = true;
      group_len = 0;
      continue;
    }
    pounds = pounds * 10 + static_cast<uint64_t>(s[i] - '0');
    if (pounds > static_cast<uint64_t>(kMaxAbsPence / 100)) return too_large();
    ++digit_count;
    ++group_len;
  }
  if (grouped && group_len != 3) return bad_grouping();
  if (digit_count == 0) {
    if (i == s.size()) return Status::invalid_data("no digits in the amount");
    if (s[i] == '.') {
      return Status::invalid_data("a digit is needed before the decimal point, as in 0.50");
    }
    return unexpected_in_amount(s.substr(i));
  }

  // Pence: one or two decimals ("1.5" is £1.50).
  uint64_t pence = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int decimals = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      ++decimals;
      if (decimals <= 2) pence = pence * 10 + static_cast<uint64_t>(s[i] - '0');
    }
    if (decimals == 0) {
      return Status::invalid_data("expected one or two digits after the decimal point");
    }
    if (decimals > 2) {
      return Status::invalid_data("more than two decimal places: amounts are held to the penny");
    }
    if (decimals == 1) pence *= 10;
  }
  if (i < s.size()) return unexpected_in_amount(s.substr(i));

  const uint64_t total = pounds * 100 + pence;
  if (total > static_cast<uint64_t>(kMaxAbsPence)) return too_large();
  const auto value = static_cast<int64_t>(total);
  return Money(negative ? -value : value);
}

std::string Money::to_plain() const {
  const uint64_t m = magnitude(pence_);
  return fmt::format("{}{}.{:02}", pence_ < 0 ? "-" : "", m / 100, m % 100);
}

std::string Money::format_pounds() const {
  const uint64_t m = magnitude(pence_);
  return fmt::format("{}£{}.{:02}", pence_ < 0 ? "-" : "", group_thousands(m / 100), m % 100);
}

int64_t Money::round_thousands() const {
  const auto k = static_cast<int64_t>(rounded_units(pence_, 100'000));
  return pence_ < 0 ? -k : k;
}

std::string Money::format_thousands(bool brackets) const {
  const uint64_t k = rounded_units(pence_, 100'000);
  // Amounts that round to zero print as "0", never "(0)" or "-0".
  if (pence_ >= 0 || k == 0) return group_thousands(k);
  return brackets ? fmt::format("({})", group_thousands(k))
                  : fmt::format("-{}", group_thousands(k));
}

std::string Money::format_millions() const {
  const uint64_t tenths = rounded_units(pence_, 10'000'000);  // £0.1m = 10^7 pence
  const char* sign = pence_ < 0 && tenths != 0 ? "-" : "";
  return fmt::format("{}£{}.{}m", sign, group_thousands(tenths / 10), tenths % 10);
}

}  // namespace bc
