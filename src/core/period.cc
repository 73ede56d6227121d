#include "core/period.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <optional>

#include "core/utf8.h"

namespace bc {
namespace {

constexpr size_t kMaxText = 40;

constexpr const char* kForms =
    "expected 2017/18, 2017/18:M6, 2017/18:YTD6, 2017/18:Q3, R12:2018-03 or "
    "2017-04-01..2017-06-30";

std::optional<int> small_number(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || s.size() > 2)
    return std::nullopt;
  return v;
}

bool starts_with_letters(std::string_view s, std::string_view upper) {
  if (s.size() < upper.size()) return false;
  for (size_t i = 0; i < upper.size(); ++i) {
    if (s[i] != upper[i] && s[i] != upper[i] - 'A' + 'a') return false;
  }
  return true;
}

Date minus_a_year(Date d) {
  int day = std::min(d.day(), days_in_month(d.year() - 1, d.month()));
  return *Date::from_ymd(d.year() - 1, d.month(), day);
}

// The grammar of the header. On failure the message is only what is wrong
// ("the quarter must be 1 to 4"); each way in puts it in its own words.
Result<Period> read(std::string_view text) {
  auto wrong = [](std::string why) { return Status::invalid_argument(std::move(why)); };
  if (text.empty()) return wrong("it is empty");
  if (text.size() > kMaxText) return wrong("it is too long");
  if (size_t dots = text.find(".."); dots != std::string_view::npos) {
    auto a = Date::parse(text.substr(0, dots));
    auto b = Date::parse(text.substr(dots + 2));
    if (!a.ok()) return wrong("the first date: " + a.error());
    if (!b.ok()) return wrong("the last date: " + b.error());
    if (*b < *a) return wrong("the last date is before the first");
    return Period::range(*a, *b);
  }
  if (text.substr(0, 4) == "R12:") {
    auto m = YearMonth::parse(text.substr(4));
    if (!m.ok()) return wrong("the month: " + m.error());
    return Period::rolling_12(*m);
  }
  size_t colon = text.find(':');
  auto fy = FinancialYear::parse(text.substr(0, colon));
  if (!fy.ok()) return wrong("the financial year: " + fy.error());
  if (colon == std::string_view::npos) return Period::year(*fy);
  std::string_view part = text.substr(colon + 1);
  Period::Kind kind = Period::Kind::kMonth;
  std::string_view digits = part;  // a bare number is the month
  if (starts_with_letters(part, "YTD")) {
    kind = Period::Kind::kYearToDate;
    digits = part.substr(3);
  } else if (starts_with_letters(part, "M")) {
    digits = part.substr(1);
  } else if (starts_with_letters(part, "Q")) {
    kind = Period::Kind::kQuarter;
    digits = part.substr(1);
  } else if (part.empty() || part[0] < '0' || part[0] > '9') {
    return wrong("after the ':' comes M1-M12, YTD1-YTD12 or Q1-Q4");
  }
  auto n = small_number(digits);
  if (kind == Period::Kind::kQuarter) {
    if (!n || *n < 1 || *n > 4) return wrong("the quarter must be 1 to 4");
    return Period::quarter(*fy, *n);
  }
  if (!n || *n < 1 || *n > 12) return wrong("the month must be 1 to 12 (M1 = April)");
  return kind == Period::Kind::kMonth ? Period::month(*fy, *n) : Period::year_to_date(*fy, *n);
}

}  // namespace

// ---- Typed constructors -----------------------------------------------------

Period Period::year(FinancialYear fy) {
  return Period(Kind::kYear, fy.first_day(), fy.last_day(), fy.label());
}

Period Period::month(FinancialYear fy, int financial_month) {
  assert(financial_month >= 1 && financial_month <= 12);
  const YearMonth m = fy.month(financial_month);
  return Period(Kind::kMonth, m.first_day(), m.last_day(),
                fmt::format("{}:M{}", fy.label(), financial_month));
}

Period Period::month(YearMonth m) {
  return month(FinancialYear::containing(m), financial_month_of(m));
}

Period Period::year_to_date(FinancialYear fy, int financial_month) {
  assert(financial_month >= 1 && financial_month <= 12);
  return Period(Kind::kYearToDate, fy.first_day(), fy.month(financial_month).last_day(),
                fmt::format("{}:YTD{}", fy.label(), financial_month));
}

Period Period::quarter(FinancialYear fy, int quarter) {
  assert(quarter >= 1 && quarter <= 4);
  return Period(Kind::kQuarter, fy.month(quarter_first_month(quarter)).first_day(),
                fy.month(quarter_last_month(quarter)).last_day(),
                fmt::format("{}:Q{}", fy.label(), quarter));
}

Period Period::rolling_12(YearMonth last) {
  return Period(Kind::kRolling12, last.add_months(-11).first_day(), last.last_day(),
                "R12:" + last.iso());
}

Period Period::range(Date first, Date last) {
  assert(!(last < first));
  return Period(Kind::kRange, first, last, first.iso() + ".." + last.iso());
}

// ---- Text -------------------------------------------------------------------

Result<Period> Period::parse(std::string_view text) {
  auto p = read(text);
  if (p.ok()) return p;
  return Status::invalid_argument(
      fmt::format("malformed period '{}': {}; {}", text.substr(0, kMaxText), p.error(), kForms));
}

Result<Period> Period::parse_quarter(std::string_view text) {
  auto p = read(text);
  if (p.ok() && p->kind() == Kind::kQuarter) return p;
  return Status::invalid_argument(
      fmt::format("'{}' is not a quarter: write it as YYYY/YY:Qn, e.g. 2017/18:Q4{}",
                  printable(text), p.ok() ? "" : fmt::format(" ({})", p.error())));
}

Result<Period> Period::parse_month_end(std::string_view text) {
  auto p = read(text);
  std::string why;
  if (!p.ok()) {
    why = p.error();
  } else if (p->kind() == Kind::kRolling12 || p->kind() == Kind::kRange) {
    why = "a report is as at a month of a financial year";
  } else {
    return month(p->fiscal_year(), p->fiscal_month());
  }
  return Status::invalid_argument(fmt::format(
      "report period '{}': {}; write the month the report is as at, e.g. 2017/18:M12 (or "
      "2017/18 for the year end, 2017/18:Q3 for a quarter's end)",
      text.substr(0, kMaxText), why));
}

// ---- Accessors --------------------------------------------------------------

std::vector<YearMonth> Period::months() const {
  std::vector<YearMonth> out;
  for (YearMonth m = first_month(); !(last_month() < m); m = m.add_months(1)) out.push_back(m);
  return out;
}

bool Period::whole_months() const {
  return first_.day() == 1 && last_ == last_month().last_day();
}

std::optional<FinancialYear> Period::financial_year() const {
  FinancialYear fy = FinancialYear::containing(first_);
  if (first_ == fy.first_day() && last_ == fy.last_day()) return fy;
  return std::nullopt;
}

Period Period::previous_year() const {
  const FinancialYear before = fiscal_year().previous();
  switch (kind_) {
    case Kind::kYear:
      return year(before);
    case Kind::kMonth:
      return month(before, fiscal_month());
    case Kind::kYearToDate:
      return year_to_date(before, fiscal_month());
    case Kind::kQuarter:
      return quarter(before, fiscal_quarter());
    case Kind::kRolling12:
      return rolling_12(last_month().add_months(-12));
    case Kind::kRange:
      break;
  }
  return range(minus_a_year(first_), minus_a_year(last_));
}

}  // namespace bc
