// Whether a meeting's business was given the notice its board's rules ask
// (governance/board_config.h's NoticeRule), item by item.
//
// A paper is late when it was published after the latest compliant date:
// `papers_clear_working_days` clear working days before the meeting, the
// day of publication and the day of the meeting both excluded
// (governance/calendar.h). A key decision or a Part 2 item gives late
// notice when it was not on the forward plan at least `key_decision_days`
// (or `part2_days`) calendar days before, or not on it at all. Before the
// meeting the same check is a warning with the dates still to meet.
//
// Thread safety: pure functions, apart from reading the store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "governance/board_config.h"
#include "governance/calendar.h"
#include "ingest/board_records.h"
#include "store/store.h"

namespace bc {

struct ItemNotice {
  std::string item, title;
  bool key_decision = false, part2 = false;
  std::optional<Date> published;      // when its paper went out
  Date latest_publication;            // the last compliant day for the paper
  bool late_paper = false;            // published after latest_publication
  bool paper_due = false;             // not published yet and the last day is past `today`
  std::optional<Date> forward_plan;   // when it first went on the forward plan
  std::optional<Date> latest_notice;  // for key decisions and Part 2 items
  bool late_notice = false;           // on the forward plan too late, or not at all
  std::vector<std::string> warnings;  // in words, for the agenda
};

struct MeetingNotice {
  Date meeting;
  bool compliant = true;  // no late paper and no late notice
  std::vector<ItemNotice> items;
};

// The notice checks of one meeting's agenda, as they stand on `today`.
MeetingNotice assess_notice(const BoardDef& board, const WorkingCalendar& calendar, Date meeting,
                            const std::vector<AgendaItemRecord>& agenda, Date today);

// The same, reading the meeting's agenda from the store; NotFound when the
// board has no meeting on that date.
Result<MeetingNotice> meeting_notice(Store& store, const BoardDef& board,
                                     const WorkingCalendar& calendar, Date meeting, Date today);

}  // namespace bc
