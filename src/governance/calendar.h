// The working-day calendar for England: which days are bank holidays, and
// how many working days lie between two dates.
//
// A working day is a Monday to Friday that is not a bank holiday in England
// and Wales. The bank holidays are the rules that have stood since 1978 (New
// Year's Day, Good Friday, Easter Monday, the early May, spring and summer
// bank holidays, Christmas Day and Boxing Day; a fixed day that falls on a
// weekend is replaced by the next weekday not already a holiday, its
// "substitute day") plus one-off changes made by royal proclamation: days
// added (a royal wedding, a jubilee, a state funeral) and rule days moved or
// cancelled. The one-off changes are data, not code: they live in
// config/reference/bank_holiday_changes.csv, compiled in, so a new
// proclamation is a new row there (and a test of the year it changes).
//
// "Clear working days" before a meeting are the working days strictly
// between the day a paper is published and the day of the meeting, neither
// of those counted: papers published on Friday 1 June 2018 give five clear
// working days (4 to 8 June) before a meeting on Monday 11 June 2018.
// Publication is always on a working day, since nobody publishes a board
// paper on a Sunday.
//
// The calendar answers for 1978 to 2199: from the first year of the early
// May bank holiday to the last year a Date holds. bank_holidays() refuses
// any other year; outside the range the day-counting functions know
// weekends only, so arithmetic that strays past an end stays defined
// rather than failing halfway through a count.
//
// Thread safety: a WorkingCalendar is immutable once made and may be shared
// between threads; england() is safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace bc {

struct BankHoliday {
  Date date;
  std::string name;         // as GOV.UK publishes it, e.g. "Spring bank holiday"
  bool substitute = false;  // a weekday standing in for a fixed day on a weekend

  bool operator==(const BankHoliday&) const = default;
};

// Gregorian Easter Sunday of `year` (1850..2199, the years a Date holds).
Date easter_sunday(int year);

class WorkingCalendar {
 public:
  // The rules alone, with no one-off changes.
  WorkingCalendar() = default;
  // The rules plus the one-off changes in `csv` (the format of
  // config/reference/bank_holiday_changes.csv: date,change,name,note with
  // change `add` or `remove`); InvalidData naming `source` and the line of
  // every problem (source:line: column: value: reason) when it is malformed.
  static Result<WorkingCalendar> with_changes(std::string_view csv, std::string_view source);
  // England and Wales with the shipped changes (compiled in from
  // config/reference/bank_holiday_changes.csv); parsed once, and the
  // process aborts if they are invalid, which a test rules out.
  static const WorkingCalendar& england();

  // The first and last year the calendar answers for.
  static constexpr int kFirstYear = 1978;
  static constexpr int kLastYear = 2199;

  // The year's bank holidays in date order; InvalidArgument outside
  // kFirstYear..kLastYear.
  Result<std::vector<BankHoliday>> bank_holidays(int year) const;
  // The bank holiday on `d`, or nullopt (always outside the calendar's years).
  std::optional<BankHoliday> holiday_on(Date d) const;
  // Not a Saturday, Sunday or bank holiday.
  bool is_working_day(Date d) const;
  // Working days strictly between `from` and `to` (neither counted); 0 when
  // to <= from + 1.
  int clear_working_days_between(Date from, Date to) const;
  // The latest working day on which papers can be published and still give
  // `clear_days` clear working days before `meeting`:
  // latest_publication(2018-06-11, 5) == 2018-06-01. A negative clear_days
  // counts as 0 (the last working day before the meeting).
  Date latest_publication(Date meeting, int clear_days) const;
  // The nth working day after `d` (n == 0 returns d; a negative n counts
  // back, the -nth working day before d).
  Date working_days_after(Date d, int n) const;

 private:
  // Both sorted by date, with no date in both: the changes file gives each
  // date at most once.
  std::vector<BankHoliday> added_;
  std::vector<Date> removed_;
};

}  // namespace bc
