// Whether a board's meeting was quorate, as a whole and for each item.
//
// Who counts: a voting member (role `member`, in their term on the day)
// who was present; a deputy who was present counts for the member they
// stand in for, with that member's partner, when the member was not there
// themselves (one seat, one count). For an item, a member (or the deputy
// in their seat) who declared a prejudicial interest in it does not count.
// The board's QuorumRule (governance/board_config.h) is then applied to
// the seats counted. Officers and those in attendance never count.
//
// A meeting inquorate for an item cannot record a decision on it:
// check_decisions() is the import's batch check that enforces it.
//
// Thread safety: pure functions, apart from reading the store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "governance/board_config.h"
#include "ingest/board_records.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {

struct ItemQuorum {
  std::string item;
  bool quorate = false;
  std::string reason;  // why not, or who made it quorate
};

struct MeetingQuorum {
  bool quorate = false;
  std::string reason;
  // Seats counted by partner code (deputies counted for whom they stand in).
  std::map<std::string, int> present;
  int members_present = 0;
  // member_id of each seat counted -> who filled it (the member or a deputy).
  std::map<std::string, std::string> seats;
  std::vector<ItemQuorum> items;  // in agenda order
};

// The quorum of one meeting from its records.
MeetingQuorum assess_quorum(const BoardDef& board, const std::vector<BoardMemberRecord>& members,
                            const MeetingRecord& meeting,
                            const std::vector<AttendanceRecord>& attendance,
                            const std::vector<DeclarationRecord>& declarations,
                            const std::vector<AgendaItemRecord>& agenda);

// The same, reading the board's meeting on `date` (YYYY-MM-DD) from the
// store; NotFound when there is no such meeting.
Result<MeetingQuorum> meeting_quorum(Store& store, const BoardDef& board, const std::string& date);

// True for the outcomes that are decisions of the board (agreed, agreed
// with changes); deferring, referring back and noting are not.
bool is_decision(const std::string& outcome);

// The import's batch check (ImportOptions::check_batch): every decision
// recorded at a meeting the batch touched was taken while the meeting was
// quorate for its item. One problem per decision that was not.
Result<std::vector<Problem>> check_decisions(Store& store, int64_t batch_id,
                                             const BoardsConfig& boards);

}  // namespace bc
