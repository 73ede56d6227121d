// Values the core tests write often, in one place (the test binaries are
// unity builds, tests/CMakeLists.txt: two files of one binary may share a
// translation unit, so a helper is defined once, here).
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "core/date.h"
#include "core/fiscal.h"

namespace bc::test_values {

// A date that must be valid: a failure when it is not (then 1970-01-01).
inline Date ymd(int y, int m, int d) {
  std::optional<Date> date = Date::from_ymd(y, m, d);
  EXPECT_TRUE(date.has_value()) << y << "-" << m << "-" << d;
  return date.value_or(Date());
}
inline YearMonth ym(int y, int m) {
  return YearMonth::from_parts(y, m).value();
}
inline FinancialYear fy(int start) {
  return FinancialYear::from_start_year(start).value();
}
inline constexpr auto npos = std::string_view::npos;

}  // namespace bc::test_values
