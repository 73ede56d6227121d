#include "core/fiscal.h"
#include "core/ascii.h"

#include <cassert>

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::is_digit;
using ascii::trim;

constexpr int kMinStartYear = 1850;
constexpr int kMaxStartYear = 2198;  // so that the year ends inside Date's range

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// April of start_year, built by month arithmetic rather than from_parts so
// that containing() works even for the year that began in 1849.
YearMonth april_of(int start_year) {
  return YearMonth().add_months((start_year - YearMonth().year()) * 12 + (4 - YearMonth().month()));
}

}  // namespace

Result<FinancialYear> FinancialYear::from_start_year(int start_year) {
  if (start_year < kMinStartYear || start_year > kMaxStartYear) {
    return Status::invalid_argument(
        fmt::format("financial years must start between {} and {}", kMinStartYear, kMaxStartYear));
  }
  return FinancialYear(start_year);
}

Result<FinancialYear> FinancialYear::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no financial year given; expected YYYY/YY");
  const size_t slash = s.find('/');
  if (slash != 4 || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5))) {
    return Status::invalid_data("expected a financial year as YYYY/YY, as in 2017/18");
  }
  const int start = to_int(s.substr(0, 4));
  const std::string_view second = s.substr(5);
  const std::string expected_label = fmt::format("{}/{:02}", start, (start + 1) % 100);
  if (second.size() == 4) {
    // "2017/2018" is unambiguous but outside the contract; name the fix.
    return Status::invalid_data(
        fmt::format("write the second year as two digits ({})", expected_label));
  }
  if (second.size() != 2) {
    return Status::invalid_data("expected a financial year as YYYY/YY, as in 2017/18");
  }
  if (to_int(second) != (start + 1) % 100) {
    return Status::invalid_data(
        fmt::format("the second year must follow the first ({})", expected_label));
  }
  Result<FinancialYear> fy = from_start_year(start);
  if (!fy.ok()) return Status::invalid_data(fy.error());
  return fy;
}

FinancialYear FinancialYear::containing(Date d) {
  return containing(YearMonth::of(d));
}

FinancialYear FinancialYear::containing(YearMonth m) {
  return FinancialYear(m.month() >= 4 ? m.year() : m.year() - 1);
}

std::string FinancialYear::label() const {
  return fmt::format("{}/{:02}", start_year_, (start_year_ + 1) % 100);
}

Date FinancialYear::first_day() const {
  return april_of(start_year_).first_day();
}

Date FinancialYear::last_day() const {
  return april_of(start_year_).add_months(11).last_day();
}

YearMonth FinancialYear::month(int financial_month) const {
  assert(financial_month >= 1 && financial_month <= 12);
  return april_of(start_year_).add_months(financial_month - 1);
}

int financial_month_of(YearMonth m) {
  return (m.month() + 8) % 12 + 1;
}

int calendar_month_of(int financial_month) {
  assert(financial_month >= 1 && financial_month <= 12);
  return (financial_month + 2) % 12 + 1;
}

Result<int> parse_financial_month(std::string_view text) {
  std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no financial month given; expected M1 to M12");
  if (s.front() == 'M' || s.front() == 'm') s.remove_prefix(1);
  if (s.size() > 2 || !all_digits(s)) {
    return Status::invalid_data("expected a financial month M1 to M12 (M1 = April)");
  }
  const int month = to_int(s);
  if (month < 1 || month > 12) {
    return Status::invalid_data("financial months run M1 (April) to M12 (March)");
  }
  return month;
}

std::string financial_month_label(int financial_month) {
  return fmt::format("M{}", financial_month);
}

int quarter_of_financial_month(int financial_month) {
  return (financial_month - 1) / 3 + 1;
}

Result<int> parse_quarter(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no quarter given; expected Q1 to Q4");
  if (s.size() != 2 || (s[0] != 'Q' && s[0] != 'q') || !is_digit(s[1])) {
    return Status::invalid_data("expected a quarter Q1 to Q4 (Q1 = April to June)");
  }
  const int q = s[1] - '0';
  if (q < 1 || q > 4) return Status::invalid_data("quarters run Q1 to Q4");
  return q;
}

int quarter_first_month(int quarter) {
  return (quarter - 1) * 3 + 1;
}

int quarter_last_month(int quarter) {
  return quarter * 3;
}

}  // namespace bc
