// Internal to report: the parts of the board pack (report/board_pack.h),
// each an HTML fragment, in board_pack_parts.cc.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "governance/board_config.h"
#include "governance/notice.h"
#include "governance/tracker.h"
#include "ingest/board_records.h"

namespace bc::report {

// What the pack knows of one meeting, read once.
struct PackMeeting {
  const BoardDef* board = nullptr;
  MeetingRecord meeting;
  std::vector<AgendaItemRecord> agenda;
  std::vector<BoardMemberRecord> members;
  MeetingNotice notice;
};

// The cover: the board, the meeting's date, time and place, its voting
// members, and the agenda. `pages` gives each item's pages (empty: links);
// `placeholder` writes "Pages 000 - 000" for every item with a part, so a
// first printing lays the agenda out as the last will.
std::string pack_cover_html(const PackMeeting& m, const std::vector<std::string>& items_with_parts,
                            const std::map<std::string, std::pair<int, int>>& pages,
                            bool placeholder, const std::vector<std::string>& appendices);

// A paper's front sheet, headed by its marker line.
std::string pack_front_sheet_html(const PackMeeting& m, const AgendaItemRecord& item);

// The previous meeting's minutes: who was present, in attendance and sent
// apologies, the declarations, and each item's minute and outcome.
// "No earlier meeting" when there is none.
std::string pack_minutes_html(const BoardDef& board, const std::vector<BoardMemberRecord>& members,
                              const std::optional<MeetingRecord>& previous,
                              const std::vector<AgendaItemRecord>& agenda,
                              const std::vector<AttendanceRecord>& attendance,
                              const std::vector<DeclarationRecord>& declarations);

// The action tracker as at the meeting, overdue actions marked.
std::string pack_tracker_html(const BoardDef& board, Date at,
                              const std::vector<TrackedAction>& actions);

// "Monday 11 June 2018".
std::string pack_long_date(Date d);

}  // namespace bc::report
