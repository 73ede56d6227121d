#include "core/icd10.h"
#include "core/ascii.h"

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::is_blank;
using ascii::is_digit;
using ascii::trim;

constexpr size_t kCategoryLength = 3;                 // letter + two digits, e.g. "J18"
constexpr size_t kMaxCodeLength = 6;                  // category + up to three more
constexpr std::string_view kDagger = "\xE2\x80\xA0";  // U+2020 '†'

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}

// Drops trailing "-" (an unspecified fourth character), dagger and asterisk
// markers ('†', '+', '*') and '!' (a supplementary code): none is part of
// the code itself, and extracts add them inconsistently.
std::string_view strip_markers(std::string_view s) {
  for (;;) {
    s = trim(s);
    if (s.ends_with(kDagger)) {
      s.remove_suffix(kDagger.size());
    } else if (!s.empty() &&
               (s.back() == '-' || s.back() == '*' || s.back() == '+' || s.back() == '!')) {
      s.remove_suffix(1);
    } else {
      return s;
    }
  }
}

Status unexpected_in_code(char c) {
  if (is_blank(c)) return Status::invalid_data("spaces are not allowed inside an ICD-10 code");
  if (static_cast<unsigned char>(c) >= 0x21 && static_cast<unsigned char>(c) < 0x7F) {
    return Status::invalid_data(fmt::format(
        "unexpected character '{}': an ICD-10 code holds letters, digits and a point", c));
  }
  return Status::invalid_data(
      "unexpected character: an ICD-10 code holds only ASCII letters, digits and a point");
}

}  // namespace

Result<Icd10> Icd10::parse(std::string_view text) {
  const std::string_view s = strip_markers(text);
  if (s.empty()) return Status::invalid_data("no diagnosis code given");
  std::string code;
  code.reserve(s.size());
  int points = 0;
  bool point_misplaced = false;
  for (char c : s) {
    if (c == '.') {
      // Only "J18.9" style: one point, straight after the category.
      ++points;
      if (points > 1 || code.size() != kCategoryLength) point_misplaced = true;
    } else if (is_lower(c)) {
      code += static_cast<char>(c - 'a' + 'A');
    } else if (is_upper(c) || is_digit(c)) {
      code += c;
    } else {
      return unexpected_in_code(c);
    }
  }
  // The shape is checked before the point so that "18.9" is reported as
  // missing its letter, the more useful of the two complaints.
  if (code.size() < kCategoryLength || !is_upper(code[0]) || !is_digit(code[1]) ||
      !is_digit(code[2])) {
    return Status::invalid_data("an ICD-10 code starts with a letter and two digits, as in J18.9");
  }
  if (point_misplaced) {
    return Status::invalid_data(
        "the point must come straight after the letter and two digits, as in J18.9");
  }
  if (code.size() > kMaxCodeLength) {
    return Status::invalid_data(
        "too long: at most three characters may follow the letter and two digits");
  }
  return Icd10(std::move(code));
}

std::string Icd10::dotted() const {
  if (code_.size() <= kCategoryLength) return code_;
  return fmt::format("{}.{}", category(), std::string_view(code_).substr(kCategoryLength));
}

bool Icd10::in_range(std::string_view lo, std::string_view hi) const {
  const std::string_view c = code_;
  return c.substr(0, lo.size()) >= lo && c.substr(0, hi.size()) <= hi;
}

}  // namespace bc
