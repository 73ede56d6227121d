// The boards' business as imported (governance kinds, DATA_FORMATS.md
// version 2): the one way any module reads board_members, meetings,
// agenda_items, attendance, declarations, board_actions and
// board_action_history.
//
// ingest owns those tables (src/store/README.md, "Who owns which table");
// governance computes quorum, notice and the tracker from these records.
// Dates come back as ISO text, as stored; Y/N flags as bools; NULL as
// nullopt.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

struct BoardMemberRecord {
  std::string board, member_id, name, partner_code;
  std::string role;  // member, deputy, in_attendance, officer
  std::optional<std::string> deputy_for, title;
  std::string from_date;
  std::optional<std::string> to_date;
};
struct MeetingRecord {
  std::string board, meeting_date;
  std::optional<std::string> start_time, location;
  std::string status;  // scheduled, held, cancelled
  std::optional<std::string> chair;
};
struct AgendaItemRecord {
  std::string board, meeting_date, item, title;
  std::string type;  // decision, discussion, information
  bool key_decision = false, part2 = false;
  std::optional<std::string> exemption, published_date, forward_plan_date, outcome;
  std::optional<std::string> lead, paper, author, minute;
  // What the board pack attaches: minutes, performance_report,
  // finance_schedule or scheme_reports.
  std::optional<std::string> attachment;
  // The scheme report the item is about: scheme code and quarter label.
  std::optional<std::string> scheme_code, report_quarter;
};
struct AttendanceRecord {
  std::string board, meeting_date, member_id;
  std::string attended;  // present, apologies, absent
};
struct DeclarationRecord {
  std::string board, meeting_date, item, member_id, interest;
  bool prejudicial = false;
};
// An entry of the annual register of interests.
struct InterestRecord {
  std::string interest_id, board, member_id, year, category, interest, declared_date;
};

struct ActionRecord {
  std::string action_id, board, meeting_date;
  std::optional<std::string> item;
  std::string subject, action, lead;
  std::string deadline;  // YYYY-MM-DD
  std::optional<std::string> progress;
  std::string status;  // open, complete, forward_plan, unconfirmed
};
// One import of an action: the batch that stored it, when and by whom.
struct ActionHistoryRecord {
  int64_t batch_id = 0;
  std::string imported_at, imported_by;
  std::string deadline;
  std::optional<std::string> progress;
  std::string status;
};

// A board's members, by member_id.
Result<std::vector<BoardMemberRecord>> read_board_members(Store& store, const std::string& board);
// A board's meetings, by date.
Result<std::vector<MeetingRecord>> read_meetings(Store& store, const std::string& board);
// The board's meeting on that date (YYYY-MM-DD), or nullopt.
Result<std::optional<MeetingRecord>> find_meeting(Store& store, const std::string& board,
                                                  const std::string& date);
// A meeting's agenda, its items in their numbers' order (4 before 4.1
// before 10).
Result<std::vector<AgendaItemRecord>> read_agenda(Store& store, const std::string& board,
                                                  const std::string& date);
// A meeting's attendance and declarations, by member_id (declarations by
// item, then member).
Result<std::vector<AttendanceRecord>> read_attendance(Store& store, const std::string& board,
                                                      const std::string& date);
Result<std::vector<DeclarationRecord>> read_declarations(Store& store, const std::string& board,
                                                         const std::string& date);
// A board's register of interests for a financial year ('2018/19'), by
// member_id then declared_date.
Result<std::vector<InterestRecord>> read_interests(Store& store, const std::string& board,
                                                   const std::string& year);
// Every declaration made at the board's meetings from `from` to `to`
// (ISO dates, both included), by meeting date, item and member.
Result<std::vector<DeclarationRecord>> read_declarations_between(Store& store,
                                                                 const std::string& board,
                                                                 const std::string& from,
                                                                 const std::string& to);
// Every action of a board, by the date of the meeting that set it, then
// action_id.
Result<std::vector<ActionRecord>> read_actions(Store& store, const std::string& board);
// An action's imports, oldest first.
Result<std::vector<ActionHistoryRecord>> read_action_history(Store& store,
                                                             const std::string& action_id);
// The meetings (board, date) of which the batch stored a meeting, an item,
// an attendance or a declaration.
Result<std::vector<std::pair<std::string, std::string>>> meetings_of_batch(Store& store,
                                                                           int64_t batch_id);

// "4" < "4.1" < "4.2" < "10" < "10a": agenda item numbers in order.
bool item_number_less(const std::string& a, const std::string& b);

}  // namespace bc
