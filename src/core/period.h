// Period: the span of days a figure is computed for, and the one
// vocabulary of periods every module uses (the engine's metrics, the
// reports' "as at" month, the schemes' quarters, the web's period picker).
//
// Written as on board papers and the CLI:
//   2017/18          the financial year
//   2017/18:M6       one financial month (M1 = April)
//   2017/18:YTD6     year to date: M1 to M6
//   2017/18:Q3       a quarter (Q1 = April to June)
//   R12:2018-03      the rolling 12 months ending with March 2018
//   2017-04-01..2017-06-30   any range of whole days
// The letters after the ':' may be lower case, and a bare month number
// means the month ("2017/18:6" is 2017/18:M6); label() is always written
// as above. Code builds periods with the typed constructors, never by
// formatting text to parse it: text is for what people type (the CLI, the
// API, query strings, a scheme report's quarter key).
//
// A period knows the same period a year earlier (for "against last year"),
// its mid-point (rates per 100,000 use the population alive and registered
// then), and the financial year and month it ends in (a report "as at"
// 2017/18:Q3 is as at M9).
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

  // ---- Typed constructors. Arguments out of range are programming errors
  // (asserted); text from people goes through parse().

  // 2017/18: 1 April to 31 March.
  static Period year(FinancialYear fy);
  // 2017/18:M6: financial month 1..12 (M1 = April).
  static Period month(FinancialYear fy, int financial_month);
  // The financial month that is this calendar month (2017-09 is 2017/18:M6).
  static Period month(YearMonth m);
  // 2017/18:YTD6: M1 to financial month 1..12.
  static Period year_to_date(FinancialYear fy, int financial_month);
  // 2017/18:Q3: quarter 1..4 (Q1 = April to June).
  static Period quarter(FinancialYear fy, int quarter);
  // R12:2018-03: the 12 calendar months ending with `last`.
  static Period rolling_12(YearMonth last);
  // 2017-04-01..2017-06-30: whole days, first <= last.
  static Period range(Date first, Date last);

  // ---- Text: one grammar (above), three ways in, each with its own words
  // when the text is not what it wants. All errors are InvalidArgument.

  // Any period. The message names the text, says what is wrong and lists
  // the forms: "malformed period '2017/18:M13': the month must be 1 to 12
  // (M1 = April); expected 2017/18, 2017/18:M6, ...".
  static Result<Period> parse(std::string_view text);
  // A financial quarter, as a scheme's report names it ("2017/18:Q4", the q
  // may be lower case): "'2017/18' is not a quarter: write it as
  // YYYY/YY:Qn, e.g. 2017/18:Q4".
  static Result<Period> parse_quarter(std::string_view text);
  // The financial month a report is as at: a month, or the month a year, a
  // year to date or a quarter ends with ("2017/18" is M12, "2017/18:YTD7"
  // M7, "2017/18:Q3" M9). Always of kind kMonth. The message says to write
  // e.g. 2017/18:M12.
  static Result<Period> parse_month_end(std::string_view text);

  // ---- Accessors.
  Kind kind() const { return kind_; }
  Date first() const { return first_; }
  Date last() const { return last_; }  // inclusive
  // As written above: "2017/18:M6", "R12:2018-03", "2017-04-01..2017-06-30".
  const std::string& label() const { return label_; }
  bool contains(Date d) const { return !(d < first_) && !(last_ < d); }
  // The middle day (the earlier of two middle days).
  Date mid_point() const {
    return Date::from_days(first_.days() + (last_.days() - first_.days()) / 2);
  }
  // The calendar months the period touches, in order; the first and last.
  std::vector<YearMonth> months() const;
  YearMonth first_month() const { return YearMonth::of(first_); }
  YearMonth last_month() const { return YearMonth::of(last_); }
  // True when the period is a run of whole calendar months.
  bool whole_months() const;
  // The same period one year earlier (29 February becomes the 28th).
  Period previous_year() const;
  // The financial year when the period is exactly one (2017/18, YTD12,
  // R12 to March, or 1 April to 31 March written as a range).
  std::optional<FinancialYear> financial_year() const;

  // Where the period ends in the financial calendar: its last day's
  // financial year, financial month (1..12, M1 = April) and quarter (1..4).
  // 2017/18, 9 and 3 for 2017/18:M9, 2017/18:YTD9 and 2017/18:Q3.
  FinancialYear fiscal_year() const { return FinancialYear::containing(last_); }
  int fiscal_month() const { return financial_month_of(last_month()); }
  int fiscal_quarter() const { return quarter_of_financial_month(fiscal_month()); }
  // The year to date at the month the period ends in (2017/18:YTD9 for
  // 2017/18:Q3), and the whole financial year it ends in.
  Period year_to_date() const { return year_to_date(fiscal_year(), fiscal_month()); }
  Period whole_year() const { return year(fiscal_year()); }

  bool operator==(const Period&) const = default;

 private:
  Period(Kind kind, Date first, Date last, std::string label)
      : kind_(kind), first_(first), last_(last), label_(std::move(label)) {}
  Kind kind_ = Kind::kRange;
  Date first_, last_;
  std::string label_;
};

}  // namespace bc
