#include "ingest/board_records.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ingest/scan.h"

namespace bc {
namespace {

using ingest_internal::scan_rows;

// Splits "10a.2" into its runs of digits and of other characters, so that
// numbers compare as numbers.
std::vector<std::pair<bool, std::string>> item_parts(const std::string& s) {
  std::vector<std::pair<bool, std::string>> out;
  for (char c : s) {
    const bool digit = std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (out.empty() || out.back().first != digit) out.emplace_back(digit, "");
    out.back().second += c;
  }
  return out;
}

AgendaItemRecord item_of(Stmt& r) {
  AgendaItemRecord a;
  a.board = r.text(0);
  a.meeting_date = r.text(1);
  a.item = r.text(2);
  a.title = r.text(3);
  a.type = r.text(4);
  a.key_decision = r.int64(5) == 1;
  a.part2 = r.int64(6) == 1;
  a.exemption = r.opt_text(7);
  a.published_date = r.opt_text(8);
  a.forward_plan_date = r.opt_text(9);
  a.outcome = r.opt_text(10);
  a.lead = r.opt_text(11);
  a.paper = r.opt_text(12);
  a.author = r.opt_text(13);
  a.minute = r.opt_text(14);
  a.attachment = r.opt_text(15);
  a.scheme_code = r.opt_text(16);
  a.report_quarter = r.opt_text(17);
  return a;
}

MeetingRecord meeting_of(Stmt& r) {
  return MeetingRecord{r.text(0),     r.text(1), r.opt_text(2),
                       r.opt_text(3), r.text(4), r.opt_text(5)};
}

constexpr std::string_view kMeetingColumns =
    "SELECT board, meeting_date, start_time, location, status, chair FROM meetings";

}  // namespace

bool item_number_less(const std::string& a, const std::string& b) {
  const auto pa = item_parts(a), pb = item_parts(b);
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    const auto& [da, ta] = pa[i];
    const auto& [db, tb] = pb[i];
    if (da && db) {
      // Compare as numbers: by length once leading zeros are dropped, then
      // digit by digit.
      const std::string na = ta.substr(std::min(ta.find_first_not_of('0'), ta.size()));
      const std::string nb = tb.substr(std::min(tb.find_first_not_of('0'), tb.size()));
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
    } else if (da != db) {
      return da;  // "4.1" before "4a"
    } else if (ta != tb) {
      return ta < tb;
    }
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size();
  return a < b;
}

Result<std::vector<BoardMemberRecord>> read_board_members(Store& store, const std::string& board) {
  std::vector<BoardMemberRecord> out;
  Status s = scan_rows(store,
                       "SELECT board, member_id, name, partner_code, role, deputy_for, title, "
                       "from_date, to_date FROM board_members WHERE board = ? ORDER BY member_id",
                       {board}, [&](Stmt& r) {
                         out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                                        r.opt_text(5), r.opt_text(6), r.text(7), r.opt_text(8)});
                       });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<MeetingRecord>> read_meetings(Store& store, const std::string& board) {
  std::vector<MeetingRecord> out;
  Status s =
      scan_rows(store, fmt::format("{} WHERE board = ? ORDER BY meeting_date", kMeetingColumns),
                {board}, [&](Stmt& r) { out.push_back(meeting_of(r)); });
  if (!s.ok()) return s;
  return out;
}

Result<std::optional<MeetingRecord>> find_meeting(Store& store, const std::string& board,
                                                  const std::string& date) {
  std::optional<MeetingRecord> out;
  Status s =
      scan_rows(store, fmt::format("{} WHERE board = ? AND meeting_date = ?", kMeetingColumns),
                {board, date}, [&](Stmt& r) { out = meeting_of(r); });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<AgendaItemRecord>> read_agenda(Store& store, const std::string& board,
                                                  const std::string& date) {
  std::vector<AgendaItemRecord> out;
  Status s =
      scan_rows(store,
                "SELECT board, meeting_date, item, title, type, key_decision, part2, "
                "exemption, published_date, forward_plan_date, outcome, lead, paper, author, "
                "minute, attachment, scheme_code, report_quarter FROM agenda_items WHERE board = ? "
                "AND meeting_date = ?",
                {board, date}, [&](Stmt& r) { out.push_back(item_of(r)); });
  if (!s.ok()) return s;
  std::sort(out.begin(), out.end(), [](const AgendaItemRecord& a, const AgendaItemRecord& b) {
    return item_number_less(a.item, b.item);
  });
  return out;
}

Result<std::vector<AttendanceRecord>> read_attendance(Store& store, const std::string& board,
                                                      const std::string& date) {
  std::vector<AttendanceRecord> out;
  Status s = scan_rows(store,
                       "SELECT board, meeting_date, member_id, attended FROM attendance WHERE "
                       "board = ? AND meeting_date = ? ORDER BY member_id",
                       {board, date}, [&](Stmt& r) {
                         out.push_back({r.text(0), r.text(1), r.text(2), r.text(3)});
                       });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<DeclarationRecord>> read_declarations(Store& store, const std::string& board,
                                                         const std::string& date) {
  std::vector<DeclarationRecord> out;
  Status s = scan_rows(
      store,
      "SELECT board, meeting_date, item, member_id, interest, prejudicial FROM "
      "declarations WHERE board = ? AND meeting_date = ?",
      {board, date}, [&](Stmt& r) {
        out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.int64(5) == 1});
      });
  if (!s.ok()) return s;
  std::sort(out.begin(), out.end(), [](const DeclarationRecord& a, const DeclarationRecord& b) {
    if (a.item != b.item) return item_number_less(a.item, b.item);
    return a.member_id < b.member_id;
  });
  return out;
}

Result<std::vector<InterestRecord>> read_interests(Store& store, const std::string& board,
                                                   const std::string& year) {
  std::vector<InterestRecord> out;
  Status s = scan_rows(store,
                       "SELECT interest_id, board, member_id, year, category, interest, "
                       "declared_date FROM board_interests WHERE board = ? AND year = ? ORDER BY "
                       "member_id, declared_date, interest_id",
                       {board, year}, [&](Stmt& r) {
                         out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                                        r.text(5), r.text(6)});
                       });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<DeclarationRecord>> read_declarations_between(Store& store,
                                                                 const std::string& board,
                                                                 const std::string& from,
                                                                 const std::string& to) {
  std::vector<DeclarationRecord> out;
  Status s = scan_rows(
      store,
      "SELECT board, meeting_date, item, member_id, interest, prejudicial FROM "
      "declarations WHERE board = ? AND meeting_date BETWEEN ? AND ? ORDER BY "
      "meeting_date, member_id",
      {board, from, to}, [&](Stmt& r) {
        out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.int64(5) == 1});
      });
  if (!s.ok()) return s;
  std::stable_sort(out.begin(), out.end(),
                   [](const DeclarationRecord& a, const DeclarationRecord& b) {
                     if (a.meeting_date != b.meeting_date) return a.meeting_date < b.meeting_date;
                     return item_number_less(a.item, b.item);
                   });
  return out;
}

Result<std::vector<ActionRecord>> read_actions(Store& store, const std::string& board) {
  std::vector<ActionRecord> out;
  Status s = scan_rows(store,
                       "SELECT action_id, board, meeting_date, item, subject, action, lead, "
                       "deadline, progress, status FROM board_actions WHERE board = ? ORDER BY "
                       "meeting_date, action_id",
                       {board}, [&](Stmt& r) {
                         out.push_back({r.text(0), r.text(1), r.text(2), r.opt_text(3), r.text(4),
                                        r.text(5), r.text(6), r.text(7), r.opt_text(8), r.text(9)});
                       });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<ActionHistoryRecord>> read_action_history(Store& store,
                                                             const std::string& action_id) {
  std::vector<ActionHistoryRecord> out;
  Status s = scan_rows(
      store,
      "SELECT h.batch_id, b.imported_at, b.imported_by, h.deadline, h.progress, "
      "h.status FROM board_action_history h JOIN import_batches b ON b.batch_id = "
      "h.batch_id WHERE h.action_id = ? ORDER BY h.batch_id",
      {action_id}, [&](Stmt& r) {
        out.push_back({r.int64(0), r.text(1), r.text(2), r.text(3), r.opt_text(4), r.text(5)});
      });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> meetings_of_batch(Store& store,
                                                                           int64_t batch_id) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string id = std::to_string(batch_id);
  Status s = scan_rows(
      store,
      "SELECT board, meeting_date FROM meetings WHERE batch_id = ?1 UNION SELECT board, "
      "meeting_date FROM agenda_items WHERE batch_id = ?1 UNION SELECT board, meeting_date FROM "
      "attendance WHERE batch_id = ?1 UNION SELECT board, meeting_date FROM declarations WHERE "
      "batch_id = ?1 ORDER BY 1, 2",
      {id}, [&](Stmt& r) { out.emplace_back(r.text(0), r.text(1)); });
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
