#include "engine/period.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/fiscal.h"

namespace bc {
namespace {

constexpr const char* kForms =
    "expected 2017/18, 2017/18:M6, 2017/18:YTD6, 2017/18:Q3, R12:2018-03 or "
    "2017-04-01..2017-06-30";

Status malformed(std::string_view text, std::string_view why) {
  return Status::invalid_argument(fmt::format("malformed period '{}': {}; {}", text, why, kForms));
}

std::optional<int> small_number(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || s.size() > 2)
    return std::nullopt;
  return v;
}

Date minus_a_year(Date d) {
  int day = std::min(d.day(), days_in_month(d.year() - 1, d.month()));
  return *Date::from_ymd(d.year() - 1, d.month(), day);
}

}  // namespace

Period Period::range(Date first, Date last) {
  return Period(Kind::kRange, first, last, first.iso() + ".." + last.iso());
}

Result<Period> Period::parse(std::string_view text) {
  if (text.empty()) return malformed(text, "it is empty");
  if (text.size() > 40) return malformed(text.substr(0, 40), "it is too long");
  if (size_t dots = text.find(".."); dots != std::string_view::npos) {
    auto a = Date::parse(text.substr(0, dots));
    auto b = Date::parse(text.substr(dots + 2));
    if (!a.ok()) return malformed(text, "the first date: " + a.error());
    if (!b.ok()) return malformed(text, "the last date: " + b.error());
    if (*b < *a) return malformed(text, "the last date is before the first");
    return range(*a, *b);
  }
  if (text.substr(0, 4) == "R12:") {
    auto m = YearMonth::parse(text.substr(4));
    if (!m.ok()) return malformed(text, "the month: " + m.error());
    Period p(Kind::kRolling12, m->add_months(-11).first_day(), m->last_day(), "R12:" + m->iso());
    return p;
  }
  size_t colon = text.find(':');
  auto fy = FinancialYear::parse(text.substr(0, colon));
  if (!fy.ok()) return malformed(text, "the financial year: " + fy.error());
  if (colon == std::string_view::npos) {
    Period p(Kind::kYear, fy->first_day(), fy->last_day(), fy->label());
    p.fy_ = fy->start_year();
    return p;
  }
  std::string_view part = text.substr(colon + 1);
  Kind kind;
  std::string_view digits;
  if (part.substr(0, 3) == "YTD") {
    kind = Kind::kYearToDate;
    digits = part.substr(3);
  } else if (!part.empty() && part[0] == 'M') {
    kind = Kind::kMonth;
    digits = part.substr(1);
  } else if (!part.empty() && part[0] == 'Q') {
    kind = Kind::kQuarter;
    digits = part.substr(1);
  } else {
    return malformed(text, "after the ':' comes M1-M12, YTD1-YTD12 or Q1-Q4");
  }
  auto n = small_number(digits);
  int max = kind == Kind::kQuarter ? 4 : 12;
  if (!n || *n < 1 || *n > max) {
    return malformed(text, kind == Kind::kQuarter ? "the quarter must be 1 to 4"
                                                  : "the month must be 1 to 12 (M1 = April)");
  }
  Date first, last;
  std::string label;
  switch (kind) {
    case Kind::kMonth:
      first = fy->month(*n).first_day();
      last = fy->month(*n).last_day();
      label = fmt::format("{}:M{}", fy->label(), *n);
      break;
    case Kind::kYearToDate:
      first = fy->first_day();
      last = fy->month(*n).last_day();
      label = fmt::format("{}:YTD{}", fy->label(), *n);
      break;
    default:
      first = fy->month(quarter_first_month(*n)).first_day();
      last = fy->month(quarter_last_month(*n)).last_day();
      label = fmt::format("{}:Q{}", fy->label(), *n);
      break;
  }
  Period p(kind, first, last, label);
  p.fy_ = fy->start_year();
  p.n_ = *n;
  return p;
}

std::vector<YearMonth> Period::months() const {
  std::vector<YearMonth> out;
  for (YearMonth m = YearMonth::of(first_); !(YearMonth::of(last_) < m); m = m.add_months(1)) {
    out.push_back(m);
  }
  return out;
}

bool Period::whole_months() const {
  return first_.day() == 1 && last_ == YearMonth::of(last_).last_day();
}

std::optional<FinancialYear> Period::financial_year() const {
  FinancialYear fy = FinancialYear::containing(first_);
  if (first_ == fy.first_day() && last_ == fy.last_day()) return fy;
  return std::nullopt;
}

Period Period::previous_year() const {
  switch (kind_) {
    case Kind::kYear:
    case Kind::kMonth:
    case Kind::kYearToDate:
    case Kind::kQuarter: {
      std::string text = FinancialYear::from_start_year(fy_ - 1)->label();
      if (kind_ == Kind::kMonth) text += fmt::format(":M{}", n_);
      if (kind_ == Kind::kYearToDate) text += fmt::format(":YTD{}", n_);
      if (kind_ == Kind::kQuarter) text += fmt::format(":Q{}", n_);
      return *parse(text);
    }
    case Kind::kRolling12:
      return *parse("R12:" + YearMonth::of(last_).add_months(-12).iso());
    case Kind::kRange:
      break;
  }
  return range(minus_a_year(first_), minus_a_year(last_));
}

}  // namespace bc
