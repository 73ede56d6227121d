// Internal to ingest: what the governance kinds share (kinds_governance.cc,
// kinds_board_register.cc, and the plan's kinds_plan.cc): the Y/N choice stored as 1 or 0, an
// agenda item's number, the keys by which a later kind finds a meeting, a member or an item among
// the codes loaded, and the importer base that checks a board is one of config's and looks up a
// meeting or a member.
#pragma once

#include <fmt/format.h>

#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/period.h"
#include "ingest/kinds.h"

namespace bc::ingest::governance {

using G = FieldType;

inline constexpr std::string_view kYN[] = {"Y", "N"};

// An agenda item's number: "4", "4.1", "10a": 1 to 16 letters, digits and
// dots, starting with a digit.
inline bool is_item_number(std::string_view s) {
  if (s.empty() || s.size() > 16 || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return true;
}

// The key by which a later kind finds a board's meeting or member among
// the codes loaded (FileContext::codes takes an SQL expression).
inline constexpr std::string_view kMeetingKey = "board || ' ' || meeting_date";
inline constexpr std::string_view kMemberKey = "board || ' ' || member_id";
inline constexpr std::string_view kItemKey = "board || ' ' || meeting_date || ' ' || item";

inline std::string join_key(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += ' ';
    out.append(p);
  }
  return out;
}

// Reads a day (YYYY-MM-DD), or a month (YYYY-MM) meaning its last day,
// into column `col` (a kCustom column present in the row): an action's
// deadline, a milestone's due date. `what` starts the message: "a deadline".
inline void read_day_or_month(Row& r, int col, std::string_view what) {
  const std::string_view v = r.get(col);
  if (v.size() == 7) {
    auto m = YearMonth::parse(v);
    if (m.ok()) return r.set(col, m->last_day());
    return r.error(
        col, fmt::format("{} is a date (YYYY-MM-DD) or a month (YYYY-MM): {}", what, m.error()));
  }
  auto d = Date::parse(v);
  if (d.ok()) return r.set(col, *d);
  r.error(col, fmt::format("{} is a date (YYYY-MM-DD) or a month (YYYY-MM): {}", what, d.error()));
}

// What every governance kind shares: the board is one of config's, Y/N
// columns are stored as 1 or 0, an item number's form, and lookups of the
// meeting and the member named.
class GovernanceImporter : public KindImporter {
 public:
  explicit GovernanceImporter(std::vector<std::string> boards) : boards_(std::move(boards)) {}

 protected:
  void check(Row& r, int col) override {
    const ColumnSpec& c = r.file().spec().columns[static_cast<size_t>(col)];
    if (c.name == "board" && !boards_.empty()) {
      for (const std::string& b : boards_) {
        if (b == r.text_of(col)) return;
      }
      std::string ids;
      for (const std::string& b : boards_) ids.append(ids.empty() ? "" : ", ").append(b);
      r.error(col, fmt::format("no such board; the boards are {} (config/boards.toml)", ids));
      r.set(col, std::monostate{});
    } else if (c.type == G::kChoice && c.choices.data() == std::data(kYN)) {
      r.set(col, int64_t{r.text_of(col) == "Y" ? 1 : 0});
    }
  }

  void read_custom(Row& r, int col) override {
    const ColumnSpec& c = r.file().spec().columns[static_cast<size_t>(col)];
    if (r.absent(col)) return;
    const std::string_view v = r.get(col);
    if (c.name == "item") {
      if (is_item_number(v)) {
        r.set(col, v);
      } else {
        r.error(col,
                "an agenda item's number is 1 to 16 letters, digits and dots, starting with "
                "a digit (4, 4.1, 10a)");
      }
    } else if (c.name == "start_time") {
      auto digit = [&v](size_t i) { return std::isdigit(static_cast<unsigned char>(v[i])) != 0; };
      const bool form =
          v.size() == 5 && v[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4);
      if (form && (v[0] - '0') * 10 + (v[1] - '0') < 24 && v[3] < '6') {
        r.set(col, v);
      } else {
        r.error(col, "a time is HH:MM, 00:00 to 23:59");
      }
    } else if (c.name == "report_quarter") {
      auto q = Period::parse_quarter(v);
      if (q.ok()) {
        r.set(col, q->label());
      } else {
        r.error(col, "a scheme report's quarter, such as 2017/18:Q4");
      }
    } else if (c.name == "deadline") {
      // The seed's tracker writes "Apr-18"; the contract's form is 2018-04.
      read_day_or_month(r, col, "a deadline");
    }
  }

  // True when the board's meeting on that date is loaded; records why not.
  bool meeting_exists(Row& r, int board, int date) {
    if (!r.has(board) || !r.has(date)) return false;
    const std::string key = join_key({r.text_of(board), r.as<Date>(date).iso()});
    if (r.file().codes("meetings", kMeetingKey).count(key) != 0) return true;
    r.error(date, fmt::format("no {} meeting on this date (it must be in meetings.csv, in the "
                              "store or in this batch)",
                              r.text_of(board)));
    return false;
  }

  // True when member_id is a member of the board; records why not.
  bool member_exists(Row& r, int board, int member) {
    if (!r.has(board) || !r.has(member)) return false;
    const std::string key = join_key({r.text_of(board), r.text_of(member)});
    if (r.file().codes("board_members", kMemberKey).count(key) != 0) return true;
    r.error(member, fmt::format("not a member of {} (board_members.csv, in the store or in this "
                                "batch)",
                                r.text_of(board)));
    return false;
  }

 private:
  std::vector<std::string> boards_;
};

}  // namespace bc::ingest::governance
