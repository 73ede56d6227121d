#include "core/date.h"
#include "core/ascii.h"

#include <chrono>

#include <algorithm>
#include <array>
#include <cassert>

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::is_digit;
using ascii::trim;

constexpr int kMinYear = 1850;
constexpr int kMaxYear = 2199;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kMonthAbbreviations = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  int year;
  int month;
  int day;
};

// Howard Hinnant's days_from_civil (public domain algorithm,
// http://howardhinnant.github.io/date_algorithms.html): exact for the
// proleptic Gregorian calendar, with no table and no loop over years.
// Arithmetic is 64-bit so that absurd inputs (a YearMonth pushed far out
// by add_months) wrap instead of overflowing.
constexpr int32_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return static_cast<int32_t>(era * 146097 + doe - 719468);
}

// The inverse of days_from_civil, from the same source.
constexpr Civil civil_from_days(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = static_cast<int>(z - era * 146097);                     // [0, 146096]
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const int m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).month == 3);

// The character at i, or NUL past the end, so shape checks need no length tests.
char at(std::string_view s, size_t i) {
  return i < s.size() ? s[i] : '\0';
}

// True when s[pos, pos + n) is all digits.
bool digits_at(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return true;
}

int number_at(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Empty when y-m-d is a real day in range; otherwise the reason it is not.
std::string ymd_problem(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear) {
    return fmt::format("year must be between {} and {}", kMinYear, kMaxYear);
  }
  if (m < 1 || m > 12) return "not a real date: month must be 01 to 12";
  if (d < 1) return "not a real date: days of the month start at 01";
  const int dim = days_in_month(y, m);
  if (d > dim) {
    return fmt::format("not a real date: {} {} has {} days", kMonthNames[m - 1], y, dim);
  }
  return {};
}

// Parses a trimmed date in either accepted form.
//
// The DD/MM/YYYY form also takes a one-digit day or month ("1/4/2018"):
// spreadsheets write dates that way by default, and with the year last the
// reading is unambiguous. The ISO form is exact (4-2-2 digits) because
// anything else there means a generator bug worth hearing about.
Result<Date> parse_date_part(std::string_view s) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (s.find('/') != std::string_view::npos) {
    const size_t slash1 = s.find('/');
    const size_t slash2 = s.find('/', slash1 + 1);
    const bool day_ok = (slash1 == 1 || slash1 == 2) && digits_at(s, 0, slash1);
    const size_t month_len = slash2 == std::string_view::npos ? 0 : slash2 - slash1 - 1;
    const bool month_ok = (month_len == 1 || month_len == 2) && digits_at(s, slash1 + 1, month_len);
    if (!day_ok || !month_ok || !digits_at(s, slash2 + 1, 4)) {
      return Status::invalid_data("expected a date as DD/MM/YYYY (with a four-digit year)");
    }
    if (s.size() > slash2 + 5) return Status::invalid_data("unexpected text after the date");
    d = number_at(s, 0, slash1);
    m = number_at(s, slash1 + 1, month_len);
    y = number_at(s, slash2 + 1, 4);
  } else if (s.find('-') != std::string_view::npos) {
    if (!(digits_at(s, 0, 4) && at(s, 4) == '-' && digits_at(s, 5, 2) && at(s, 7) == '-' &&
          digits_at(s, 8, 2))) {
      return Status::invalid_data(
          "expected a date as YYYY-MM-DD (four-digit year, two-digit month and day)");
    }
    if (s.size() > 10) return Status::invalid_data("unexpected text after the date");
    y = number_at(s, 0, 4);
    m = number_at(s, 5, 2);
    d = number_at(s, 8, 2);
  } else if (s.empty()) {
    return Status::invalid_data("no date given; expected YYYY-MM-DD or DD/MM/YYYY");
  } else {
    return Status::invalid_data("expected a date as YYYY-MM-DD or DD/MM/YYYY");
  }
  if (std::string problem = ymd_problem(y, m, d); !problem.empty()) {
    return Status::invalid_data(std::move(problem));
  }
  return *Date::from_ymd(y, m, d);
}

}  // namespace

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

Date add_months(Date d, int months) {
  const int index = d.year() * 12 + (d.month() - 1) + months;
  const int year = index / 12, month = index % 12 + 1;
  return *Date::from_ymd(year, month, std::min(d.day(), days_in_month(year, month)));
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (!ymd_problem(year, month, day).empty()) return std::nullopt;
  return Date(days_from_civil(year, month, day));
}

Result<Date> Date::parse(std::string_view text) {
  return parse_date_part(trim(text));
}

int Date::year() const {
  return civil_from_days(days_).year;
}
int Date::month() const {
  return civil_from_days(days_).month;
}
int Date::day() const {
  return civil_from_days(days_).day;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4); the double modulo keeps earlier
  // dates, whose day count is negative, in 0..6.
  return ((days_ % 7 + 7) % 7 + 3) % 7 + 1;
}

Date Date::today_utc() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::string Date::iso() const {
  // Hand-formatted: imports format millions of dates, and this is several
  // times faster than a general formatter. Years are 1850..2199 here, but a
  // date moved out of range by add_days still prints its four digits.
  const Civil c = civil_from_days(days_);
  if (c.year < 0 || c.year > 9999) return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
  std::string out = "0000-00-00";
  out[0] = static_cast<char>('0' + c.year / 1000);
  out[1] = static_cast<char>('0' + c.year / 100 % 10);
  out[2] = static_cast<char>('0' + c.year / 10 % 10);
  out[3] = static_cast<char>('0' + c.year % 10);
  out[5] = static_cast<char>('0' + c.month / 10);
  out[6] = static_cast<char>('0' + c.month % 10);
  out[8] = static_cast<char>('0' + c.day / 10);
  out[9] = static_cast<char>('0' + c.day % 10);
  return out;
}

std::optional<DateTime> DateTime::from_parts(Date date, int hour, int minute, int second) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  DateTime dt;
  dt.date_ = date;
  dt.seconds_ = hour * 3600 + minute * 60 + second;
  return dt;
}

Result<DateTime> DateTime::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no date-time given; expected YYYY-MM-DDTHH:MM[:SS]");
  const size_t sep = s.find_first_of("T ");
  if (sep == std::string_view::npos) {
    // Say whether the date itself was fine, so the fix is obvious.
    Result<Date> date_only = parse_date_part(s);
    if (!date_only.ok()) return date_only.status();
    return Status::invalid_data("a time is needed after the date, as YYYY-MM-DDTHH:MM[:SS]");
  }
  Result<Date> date = parse_date_part(s.substr(0, sep));
  if (!date.ok()) return date.status();

  const std::string_view t = s.substr(sep + 1);
  const bool hm = digits_at(t, 0, 2) && at(t, 2) == ':' && digits_at(t, 3, 2);
  if (!hm) return Status::invalid_data("expected a time as HH:MM or HH:MM:SS after the date");
  int second = 0;
  if (t.size() > 5) {
    if (at(t, 5) == ':' && !digits_at(t, 6, 2)) {
      return Status::invalid_data("expected a time as HH:MM or HH:MM:SS after the date");
    }
    if (at(t, 5) != ':' || t.size() > 8) {
      return Status::invalid_data("unexpected text after the time (expected HH:MM or HH:MM:SS)");
    }
    second = number_at(t, 6, 2);
  }
  const int hour = number_at(t, 0, 2);
  const int minute = number_at(t, 3, 2);
  if (hour > 23) return Status::invalid_data("not a real time: hours run 00 to 23");
  if (minute > 59) return Status::invalid_data("not a real time: minutes run 00 to 59");
  if (second > 59) return Status::invalid_data("not a real time: seconds run 00 to 59");
  return *from_parts(*date, hour, minute, second);
}

std::string DateTime::iso() const {
  return fmt::format("{}T{:02}:{:02}:{:02}", date_.iso(), hour(), minute(), second());
}

std::optional<YearMonth> YearMonth::from_parts(int year, int month) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return std::nullopt;
  return YearMonth(year * 12 + month - 1);
}

YearMonth YearMonth::of(Date d) {
  const Civil c = civil_from_days(d.days());
  return YearMonth(c.year * 12 + c.month - 1);
}

Result<YearMonth> YearMonth::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no month given; expected YYYY-MM");
  if (!(digits_at(s, 0, 4) && at(s, 4) == '-' && digits_at(s, 5, 2))) {
    return Status::invalid_data("expected a month as YYYY-MM");
  }
  if (s.size() > 7) {
    return Status::invalid_data("unexpected text after the month (expected YYYY-MM only)");
  }
  const int y = number_at(s, 0, 4);
  const int m = number_at(s, 5, 2);
  if (y < kMinYear || y > kMaxYear) {
    return Status::invalid_data(fmt::format("year must be between {} and {}", kMinYear, kMaxYear));
  }
  if (m < 1 || m > 12) return Status::invalid_data("not a real month: months run 01 to 12");
  return *from_parts(y, m);
}

// Both ends are computed without range checks so that months reached by
// add_months beyond 1850..2199 still give consistent (if unparseable) dates.
Date YearMonth::first_day() const {
  return Date::from_days(days_from_civil(year(), month(), 1));
}

Date YearMonth::last_day() const {
  return Date::from_days(days_from_civil(year(), month(), days_in_month(year(), month())));
}

std::string YearMonth::iso() const {
  return fmt::format("{:04}-{:02}", year(), month());
}

std::string YearMonth::name() const {
  return fmt::format("{} {}", month_name(month()), year());
}

std::string YearMonth::short_name() const {
  return fmt::format("{} {}", month_abbreviation(month()), year());
}

std::string_view month_name(int month) {
  assert(month >= 1 && month <= 12);
  return kMonthNames[static_cast<size_t>(month - 1)];
}

std::string_view month_abbreviation(int month) {
  assert(month >= 1 && month <= 12);
  return kMonthAbbreviations[static_cast<size_t>(month - 1)];
}

DateTime DateTime::plus_seconds(int64_t seconds) const {
  const int64_t total = int64_t{seconds_} + seconds;
  // Floor division, so that a time before midnight falls on the day before.
  int64_t days = total / 86400;
  int64_t rest = total % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  DateTime out;
  out.date_ = date_.add_days(static_cast<int>(days));
  out.seconds_ = static_cast<int32_t>(rest);
  return out;
}

int64_t DateTime::seconds_since(const DateTime& earlier) const {
  return (int64_t{date_.days()} - earlier.date_.days()) * 86400 + seconds_ - earlier.seconds_;
}

}  // namespace bc
