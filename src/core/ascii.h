// Character tests and trimming for the core's field parsers (dates, money,
// NHS numbers, codes): ASCII only, whatever the locale. Internal to core.
#pragma once

#include <string_view>

namespace bc::ascii {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The blanks a field may carry around its value: space, tab, CR, LF.
inline bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// s without its leading and trailing blanks.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace bc::ascii
