// Calendar values: Date, DateTime and YearMonth.
//
// Dates are strict: 2018-02-30 is an error, never silently 2018-03-02.
// Accepted forms follow the import contract: dates as YYYY-MM-DD or
// DD/MM/YYYY; date-times as YYYY-MM-DDTHH:MM[:SS] or with a space for the
// T (the date part may also be DD/MM/YYYY); months as YYYY-MM. Years are
// limited to 1850..2199, which covers every date of birth and event the
// system will see and catches typos such as 0218.
//
// Thread safety: plain values.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace bc {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01

  // The date, or nullopt when y-m-d is not a real day in 1850..2199.
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Days since 1970-01-01 (negative before).
  static constexpr Date from_days(int32_t days) { return Date(days); }
  // Parses YYYY-MM-DD or DD/MM/YYYY; the message says why not.
  static Result<Date> parse(std::string_view text);
  // Today's date in UTC, from the system clock.
  static Date today_utc();

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  constexpr int32_t days() const { return days_; }
  int weekday() const;  // ISO: Monday = 1 .. Sunday = 7

  Date add_days(int32_t n) const { return Date(days_ + n); }
  std::string iso() const;  // YYYY-MM-DD

  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// English month names, month 1..12 (January = 1): "March" and "Mar". The
// one table of them: documents, pages and messages all use these.
std::string_view month_name(int month);
std::string_view month_abbreviation(int month);

// True for leap years in the Gregorian calendar.
bool is_leap_year(int year);
// Days in a month of a year (February depends on the year).
int days_in_month(int year, int month);
// The same day `months` months later (earlier when negative), or the last
// day of that month when it is shorter: 2016-02-29 plus 12 months is
// 2017-02-28. Within Date's range of years.
Date add_months(Date d, int months);

class DateTime {
 public:
  constexpr DateTime() = default;
  static std::optional<DateTime> from_parts(Date date, int hour, int minute, int second);
  // YYYY-MM-DDTHH:MM[:SS], or with a space for T; DD/MM/YYYY date part allowed.
  static Result<DateTime> parse(std::string_view text);

  Date date() const { return date_; }
  int hour() const { return seconds_ / 3600; }
  int minute() const { return seconds_ / 60 % 60; }
  int second() const { return seconds_ % 60; }
  std::string iso() const;  // YYYY-MM-DDTHH:MM:SS

  // `seconds` later (earlier when negative), across days as needed; within
  // Date's range of years.
  DateTime plus_seconds(int64_t seconds) const;
  // Seconds from `earlier` to this (negative when earlier is later).
  int64_t seconds_since(const DateTime& earlier) const;

  constexpr auto operator<=>(const DateTime&) const = default;

 private:
  Date date_;
  int32_t seconds_ = 0;  // since midnight, 0..86399
};

// A calendar month, e.g. 2018-03.
class YearMonth {
 public:
  constexpr YearMonth() = default;
  static std::optional<YearMonth> from_parts(int year, int month);
  static YearMonth of(Date d);
  // YYYY-MM.
  static Result<YearMonth> parse(std::string_view text);

  int year() const { return index_ / 12; }
  int month() const { return index_ % 12 + 1; }
  Date first_day() const;
  Date last_day() const;
  YearMonth add_months(int n) const { return YearMonth(index_ + n); }
  std::string iso() const;         // YYYY-MM
  std::string name() const;        // "March 2018"
  std::string short_name() const;  // "Mar 2018"
  // Months since year 0; consecutive months differ by one.
  constexpr int32_t index() const { return index_; }

  constexpr auto operator<=>(const YearMonth&) const = default;

 private:
  constexpr explicit YearMonth(int32_t index) : index_(index) {}
  int32_t index_ = 1970 * 12;
};

}  // namespace bc
