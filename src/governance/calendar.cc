#include "governance/calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "core/csv_reader.h"
#include "core/safe_text.h"
#include "core/utf8.h"

namespace bc::embedded {
extern const std::string_view kBankHolidayChangesCsv;  // config/reference/bank_holiday_changes.csv
}

namespace bc {

// Two sources of one target may be joined in a unity build: the helpers
// live under a name of their own.
namespace {
namespace calendar_rules {

// The rules, in the order rule_days() gives them.
enum class Rule : uint8_t {
  kNewYear,
  kGoodFriday,
  kEasterMonday,
  kEarlyMay,
  kSpring,
  kSummer,
  kChristmas,
  kBoxing,
};
constexpr size_t kRuleCount = 8;

// GOV.UK's titles (https://www.gov.uk/bank-holidays), with a plain
// apostrophe where GOV.UK prints a typographic one.
constexpr std::array<std::string_view, kRuleCount> kRuleNames = {
    "New Year's Day",      "Good Friday",         "Easter Monday", "Early May bank holiday",
    "Spring bank holiday", "Summer bank holiday", "Christmas Day", "Boxing Day",
};

struct RuleDay {
  Date date;
  Rule rule = Rule::kNewYear;
  bool substitute = false;
};

std::string_view name_of(Rule r) {
  return kRuleNames[static_cast<size_t>(r)];
}

BankHoliday holiday_of(const RuleDay& r) {
  return {r.date, std::string(name_of(r.rule)), r.substitute};
}

// Only for years the calendar answers for, all of which a Date holds.
Date ymd(int year, int month, int day) {
  return Date::from_ymd(year, month, day).value();
}

bool in_range(int year) {
  return year >= WorkingCalendar::kFirstYear && year <= WorkingCalendar::kLastYear;
}

bool is_weekend(Date d) {
  return d.weekday() >= 6;
}

Date first_monday(int year, int month) {
  const Date first = ymd(year, month, 1);
  return first.add_days((8 - first.weekday()) % 7);
}

Date last_monday(int year, int month) {
  const Date last = ymd(year, month, days_in_month(year, month));
  return last.add_days(1 - last.weekday());
}

// Christmas Day and Boxing Day. The one that falls on a weekday stays put
// and is placed first, so that the other, moved off a weekend, skips it:
// Christmas on a Sunday is kept on Tuesday 27 because Monday 26 is Boxing
// Day, where a rule of "the next Monday" would put both on the 26th.
std::array<RuleDay, 2> christmas_days(int year) {
  std::array<RuleDay, 2> days = {RuleDay{ymd(year, 12, 25), Rule::kChristmas, false},
                                 RuleDay{ymd(year, 12, 26), Rule::kBoxing, false}};
  for (RuleDay& r : days) {
    if (!is_weekend(r.date)) continue;
    Date d = r.date.add_days(1);
    while (is_weekend(d) || d == days[0].date || d == days[1].date) d = d.add_days(1);
    r.date = d;
    r.substitute = true;
  }
  return days;
}

// The year's rule days, one per rule in the order of Rule; not in date
// order, since a substitute Christmas Day can come after Boxing Day.
std::array<RuleDay, kRuleCount> rule_days(int year) {
  const Date easter = easter_sunday(year);
  const Date new_year = ymd(year, 1, 1);
  const bool moved = is_weekend(new_year);
  const auto [christmas, boxing] = christmas_days(year);
  return {{
      {moved ? new_year.add_days(8 - new_year.weekday()) : new_year, Rule::kNewYear, moved},
      {easter.add_days(-2), Rule::kGoodFriday, false},
      {easter.add_days(1), Rule::kEasterMonday, false},
      {first_monday(year, 5), Rule::kEarlyMay, false},
      {last_monday(year, 5), Rule::kSpring, false},
      {last_monday(year, 8), Rule::kSummer, false},
      christmas,
      boxing,
  }};
}

// The rule day on `d` (ignoring one-off changes), if any.
std::optional<RuleDay> rule_day_on(Date d) {
  if (is_weekend(d)) return std::nullopt;  // no rule puts a holiday on a weekend
  const int year = d.year();
  if (!in_range(year)) return std::nullopt;
  for (const RuleDay& r : rule_days(year)) {
    if (r.date == d) return r;
  }
  return std::nullopt;
}

// The holiday on `d` in `sorted` (sorted by date), or nullptr.
const BankHoliday* find_on(const std::vector<BankHoliday>& sorted, Date d) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), d,
                                   [](const BankHoliday& h, Date x) { return h.date < x; });
  return it != sorted.end() && it->date == d ? &*it : nullptr;
}

// --- The changes file ------------------------------------------------------

constexpr std::array<std::string_view, 4> kColumns = {"date", "change", "name", "note"};
enum Column : size_t { kDate, kChange, kName, kNote };
constexpr size_t kMaxRows = 1000;
constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxNoteChars = 300;
constexpr size_t kMaxProblems = 20;

struct Change {
  int64_t line = 0;
  Date date;
  bool add = false;
  std::string name;
};

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Every problem as source:line: column: value: reason, in line order, so
// one run of a check shows all that is wrong with the file.
class Problems {
 public:
  explicit Problems(std::string_view source) : source_(source) {}

  void add(int64_t line, std::string_view column, std::string_view value, std::string_view why) {
    list_.emplace_back(line, fmt::format("{}:{}: {}: {}: {}", source_, line, column,
                                         value.empty() ? "(empty)" : printable(value, 60), why));
  }
  void add_record(int64_t line, std::string_view why) {
    list_.emplace_back(line, fmt::format("{}:{}: {}", source_, line, why));
  }
  bool empty() const { return list_.empty(); }
  Status status() {
    std::stable_sort(list_.begin(), list_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string msg;
    for (size_t i = 0; i < list_.size() && i < kMaxProblems; ++i) {
      if (i > 0) msg += '\n';
      msg += list_[i].second;
    }
    if (list_.size() > kMaxProblems)
      msg += fmt::format("\n{}: and {} more problems", source_, list_.size() - kMaxProblems);
    return Status::invalid_data(std::move(msg));
  }

 private:
  std::string_view source_;
  std::vector<std::pair<int64_t, std::string>> list_;
};

// A name or note: printable text of a bounded length.
bool text_ok(Problems& p, int64_t line, Column column, std::string_view value, size_t max_chars) {
  if (value.empty()) {
    p.add(line, kColumns[column], value, "must be given");
  } else if (find_unsafe_char(value) != std::string_view::npos) {
    p.add(line, kColumns[column], value, "holds a control character or invalid UTF-8");
  } else if (count_chars(value) > max_chars) {
    p.add(line, kColumns[column], value, fmt::format("longer than {} characters", max_chars));
  } else {
    return true;
  }
  return false;
}

// One row's fields, each checked on its own; the checks against the rules
// and the other rows come after every row is read.
std::optional<Change> parse_row(const CsvRecord& r, Problems& p) {
  if (r.size() < kColumns.size()) {
    p.add(r.line, kColumns[r.size()], "(missing)",
          fmt::format("the row has {} fields; each has date,change,name,note", r.size()));
    return std::nullopt;
  }
  if (r.size() > kColumns.size()) {
    p.add_record(r.line, fmt::format("{} fields where the header has {} (date,change,name,note)",
                                     r.size(), kColumns.size()));
    return std::nullopt;
  }
  Change c;
  c.line = r.line;
  bool ok = true;
  const std::string_view date_text = trim_blanks(r[kDate]);
  auto date = Date::parse(date_text);
  if (date_text.size() != 10 || date_text[4] != '-') {
    p.add(r.line, "date", date_text, "expected a date as YYYY-MM-DD");
    ok = false;
  } else if (!date.ok()) {
    p.add(r.line, "date", date_text, date.error());
    ok = false;
  } else if (!in_range(date->year())) {
    p.add(r.line, "date", date_text,
          fmt::format("outside the calendar's years, {} to {}", WorkingCalendar::kFirstYear,
                      WorkingCalendar::kLastYear));
    ok = false;
  } else {
    c.date = *date;
  }
  const std::string_view change = trim_blanks(r[kChange]);
  if (change == "add" || change == "remove") {
    c.add = change == "add";
  } else {
    p.add(r.line, "change", change, "must be add or remove");
    ok = false;
  }
  const std::string_view name = trim_blanks(r[kName]);
  ok = text_ok(p, r.line, kName, name, kMaxNameChars) && ok;
  ok = text_ok(p, r.line, kNote, trim_blanks(r[kNote]), kMaxNoteChars) && ok;
  if (!ok) return std::nullopt;
  c.name = std::string(name);
  return c;
}

bool header_ok(const CsvRecord& r) {
  if (r.size() != kColumns.size()) return false;
  for (size_t i = 0; i < kColumns.size(); ++i) {
    if (trim_blanks(r[i]) != kColumns[i]) return false;
  }
  return true;
}

// Every well-formed row, the problems of the others noted. A bad header or
// too many rows stops the reading: what follows would be guesswork.
std::vector<Change> read_rows(std::string_view csv, Problems& p) {
  auto reader = CsvReader::from_string(std::string(csv));
  CsvRecord r;
  std::vector<Change> rows;
  bool header = true;
  size_t count = 0;
  for (;;) {
    if (!reader->next(&r)) {
      const CsvError* e = reader->error();
      if (e == nullptr) break;
      if (e->field_index < kColumns.size())
        p.add_record(e->line, fmt::format("{}: {}", kColumns[e->field_index], e->reason));
      else
        p.add_record(e->line, e->reason);
      if (e->final || header) return rows;
      continue;  // the reader goes on from the next line
    }
    if (header) {
      header = false;
      if (!header_ok(r)) {
        p.add_record(r.line, "the header must be date,change,name,note");
        return rows;
      }
      continue;
    }
    if (++count > kMaxRows) {
      p.add_record(r.line, fmt::format("more than {} rows", kMaxRows));
      return rows;
    }
    if (auto c = parse_row(r, p)) rows.push_back(std::move(*c));
  }
  if (header) p.add_record(1, "the file is empty: it needs the header date,change,name,note");
  return rows;
}

// The checks of each row against the rules and the other rows: a date given
// once, a removal of a rule's day by its name, an addition on a weekday
// that is not a holiday already.
void check_rows(const std::vector<Change>& rows, Problems& p) {
  std::map<Date, int64_t> first_line;
  for (const Change& c : rows) {
    auto [it, added] = first_line.try_emplace(c.date, c.line);
    if (!added) p.add(c.line, "date", c.date.iso(), fmt::format("also on line {}", it->second));
  }
  for (const Change& c : rows) {
    const std::optional<RuleDay> rule = rule_day_on(c.date);
    if (!c.add) {
      if (!rule) {
        p.add(c.line, "date", c.date.iso(),
              "no rule makes this day a bank holiday: nothing to remove");
      } else if (c.name != name_of(rule->rule)) {
        p.add(c.line, "name", c.name,
              fmt::format("the rule's holiday on {} is {}", c.date.iso(), name_of(rule->rule)));
      }
      continue;
    }
    const auto removed = std::find_if(rows.begin(), rows.end(),
                                      [&](const Change& o) { return !o.add && o.date == c.date; });
    if (rule && removed == rows.end()) {
      p.add(c.line, "date", c.date.iso(),
            fmt::format("already a bank holiday ({})", name_of(rule->rule)));
    } else if (is_weekend(c.date)) {
      p.add(c.line, "date", c.date.iso(), "a Saturday or Sunday: a bank holiday is a weekday");
    }
  }
}

}  // namespace calendar_rules
}  // namespace

Date easter_sunday(int year) {
  // Meeus/Jones/Butcher ("anonymous Gregorian") algorithm: the Gregorian
  // ecclesiastical full moon and the Sunday after it, with no table.
  assert(year >= 1850 && year <= 2199);
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return calendar_rules::ymd(year, month, day);
}

Result<WorkingCalendar> WorkingCalendar::with_changes(std::string_view csv,
                                                      std::string_view source) {
  calendar_rules::Problems problems(source);
  std::vector<calendar_rules::Change> rows = calendar_rules::read_rows(csv, problems);
  calendar_rules::check_rows(rows, problems);
  if (!problems.empty()) return problems.status();
  WorkingCalendar cal;
  for (calendar_rules::Change& c : rows) {
    if (c.add)
      cal.added_.push_back({c.date, std::move(c.name), false});
    else
      cal.removed_.push_back(c.date);
  }
  std::sort(cal.added_.begin(), cal.added_.end(),
            [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
  std::sort(cal.removed_.begin(), cal.removed_.end());
  return cal;
}

const WorkingCalendar& WorkingCalendar::england() {
  static const WorkingCalendar kEngland = [] {
    auto r =
        with_changes(embedded::kBankHolidayChangesCsv, "config/reference/bank_holiday_changes.csv");
    if (!r.ok()) {
      fmt::print(stderr, "bettercare: the built-in bank holiday changes are invalid:\n{}\n",
                 r.error());
      std::abort();
    }
    return std::move(*r);
  }();
  return kEngland;
}

Result<std::vector<BankHoliday>> WorkingCalendar::bank_holidays(int year) const {
  if (!calendar_rules::in_range(year)) {
    return Status::invalid_argument(
        fmt::format("bank holidays are known for {} to {}, not {}", kFirstYear, kLastYear, year));
  }
  std::vector<BankHoliday> out;
  for (const calendar_rules::RuleDay& r : calendar_rules::rule_days(year)) {
    if (!std::binary_search(removed_.begin(), removed_.end(), r.date))
      out.push_back(calendar_rules::holiday_of(r));
  }
  for (const BankHoliday& h : added_) {
    if (h.date.year() == year) out.push_back(h);
  }
  std::sort(out.begin(), out.end(),
            [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
  return out;
}

std::optional<BankHoliday> WorkingCalendar::holiday_on(Date d) const {
  if (const BankHoliday* added = calendar_rules::find_on(added_, d)) return *added;
  if (std::binary_search(removed_.begin(), removed_.end(), d)) return std::nullopt;
  if (auto r = calendar_rules::rule_day_on(d)) return calendar_rules::holiday_of(*r);
  return std::nullopt;
}

bool WorkingCalendar::is_working_day(Date d) const {
  if (calendar_rules::is_weekend(d)) return false;
  if (calendar_rules::find_on(added_, d) != nullptr) return false;
  if (std::binary_search(removed_.begin(), removed_.end(), d)) return true;
  return !calendar_rules::rule_day_on(d).has_value();
}

int WorkingCalendar::clear_working_days_between(Date from, Date to) const {
  int n = 0;
  for (Date d = from.add_days(1); d < to; d = d.add_days(1)) {
    if (is_working_day(d)) ++n;
  }
  return n;
}

Date WorkingCalendar::latest_publication(Date meeting, int clear_days) const {
  // Back from the meeting over `clear_days` working days; the working day
  // before the last of them is the last day to publish.
  Date d = meeting;
  for (int counted = 0; counted < clear_days;) {
    d = d.add_days(-1);
    if (is_working_day(d)) ++counted;
  }
  do {
    d = d.add_days(-1);
  } while (!is_working_day(d));
  return d;
}

Date WorkingCalendar::working_days_after(Date d, int n) const {
  const int step = n < 0 ? -1 : 1;
  for (int64_t left = n < 0 ? -int64_t{n} : n; left > 0;) {
    d = d.add_days(step);
    if (is_working_day(d)) --left;
  }
  return d;
}

}  // namespace bc
