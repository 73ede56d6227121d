// The NHS and local government financial calendar.
//
// A financial year runs 1 April to 31 March and is written "2017/18".
// Its months are M1 (April) to M12 (March); its quarters Q1 Apr–Jun,
// Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar. Year to date at month m covers M1..m.
//
// Periods built from these (a month, a quarter, a year to date ...) and
// their text are in core/period.h; month names in core/date.h.
//
// Thread safety: plain values.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace bc {

class FinancialYear {
 public:
  constexpr FinancialYear() = default;
  // The year that starts on 1 April of start_year (valid 1850..2198).
  static Result<FinancialYear> from_start_year(int start_year);
  // "2017/18" (the second part must be the next year, so "2017/19" and
  // "2017/2018" are errors).
  static Result<FinancialYear> parse(std::string_view text);
  static FinancialYear containing(Date d);
  static FinancialYear containing(YearMonth m);

  int start_year() const { return start_year_; }
  std::string label() const;  // "2017/18"
  Date first_day() const;     // 1 April
  Date last_day() const;      // 31 March
  // The calendar month of financial month 1..12 of this year.
  YearMonth month(int financial_month) const;
  FinancialYear previous() const { return FinancialYear(start_year_ - 1); }
  FinancialYear next() const { return FinancialYear(start_year_ + 1); }

  constexpr auto operator<=>(const FinancialYear&) const = default;

 private:
  constexpr explicit FinancialYear(int start_year) : start_year_(start_year) {}
  int start_year_ = 2017;
};

// Financial month number 1..12 of a calendar month (April = 1, March = 12),
// and the calendar month 1..12 of a financial month (4 for M1, 3 for M12).
int financial_month_of(YearMonth m);
int calendar_month_of(int financial_month);
// Parses "M1".."M12" (case-insensitive) or a bare "1".."12".
Result<int> parse_financial_month(std::string_view text);
// "M1".."M12".
std::string financial_month_label(int financial_month);

// Quarter 1..4 of a financial month 1..12.
int quarter_of_financial_month(int financial_month);
// Parses "Q1".."Q4" (case-insensitive).
Result<int> parse_quarter(std::string_view text);
// First and last financial month of a quarter: Q2 -> 4, 6.
int quarter_first_month(int quarter);
int quarter_last_month(int quarter);

}  // namespace bc
