// Period: the span of days a figure is computed for.
//
// Written as on board papers and the CLI:
//   2017/18          the financial year
//   2017/18:M6       one financial month (M1 = April)
//   2017/18:YTD6     year to date: M1 to M6
//   2017/18:Q3       a quarter (Q1 = April to June)
//   R12:2018-03      the rolling 12 months ending with March 2018
//   2017-04-01..2017-06-30   any range of whole days
// A period knows the same period a year earlier (for "against last year")
// and its mid-point (rates per 100,000 use the population alive and
// registered then).
//
// Thread safety: a plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/fiscal.h"
#include "core/status.h"

namespace bc {

class Period {
 public:
  enum class Kind { kYear, kMonth, kYearToDate, kQuarter, kRolling12, kRange };

  // Parses any of the forms above; the message lists them when it cannot.
  static Result<Period> parse(std::string_view text);
  static Period range(Date first, Date last);

  Kind kind() const { return kind_; }
  Date first() const { return first_; }
  Date last() const { return last_; }  // inclusive
  const std::string& label() const { return label_; }
  bool contains(Date d) const { return !(d < first_) && !(last_ < d); }
  // The middle day (the earlier of two middle days).
  Date mid_point() const {
    return Date::from_days(first_.days() + (last_.days() - first_.days()) / 2);
  }
  // The calendar months the period touches, in order.
  std::vector<YearMonth> months() const;
  // True when the period is a run of whole calendar months.
  bool whole_months() const;
  // The same period one year earlier (29 February becomes the 28th).
  Period previous_year() const;
  // The financial year when the period is exactly one (2017/18, YTD12,
  // R12 to March, or 1 April to 31 March written as a range).
  std::optional<FinancialYear> financial_year() const;

 private:
  Period(Kind kind, Date first, Date last, std::string label)
      : kind_(kind), first_(first), last_(last), label_(std::move(label)) {}
  Kind kind_ = Kind::kRange;
  Date first_, last_;
  std::string label_;
  int fy_ = 0, n_ = 0;  // financial year start and month/quarter number, where they apply
};

}  // namespace bc
