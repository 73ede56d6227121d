// The action tracker: a board's actions as at a date, with those overdue.
//
// An action is on the tracker as at a date when the meeting that set it
// was on or before that date. It is overdue when it is open or
// unconfirmed and its deadline (a month's deadline is the month's last
// day) is before the date: "as at 1 May 2018, an open action due in April
// is overdue".
//
// Thread safety: pure functions, apart from reading the store.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ingest/board_records.h"
#include "store/store.h"

namespace bc {

struct TrackedAction {
  ActionRecord action;
  bool overdue = false;
};

// True when the action is open or unconfirmed and its deadline is before `at`.
bool is_overdue(const ActionRecord& a, Date at);

// The board's actions as at `at`, in the tracker's order (meeting date,
// then action_id); only the overdue ones when `overdue_only`.
Result<std::vector<TrackedAction>> actions_as_at(Store& store, const std::string& board, Date at,
                                                 bool overdue_only);

}  // namespace bc
