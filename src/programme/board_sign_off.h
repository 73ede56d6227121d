// A scheme report's board steps, recorded from the boards' business rather
// than separately: when an agenda item names a scheme's report (its
// scheme_code and report_quarter), the board received the report at that
// meeting; when the item's outcome is a decision (agreed, agreed with
// changes), the board signed it off there. The JCB takes the JCB's steps,
// the HWB the HWB's (config/boards.toml's `reports`).
//
// Run inside an import's transaction (ImportOptions::check_batch), after
// the quorum check: a step the report's workflow refuses (a draft not yet
// submitted, a report the JCB has not signed off put to the HWB, a sign-off
// already recorded on another day) is a problem that rejects the batch, and
// the steps are kept only when the batch commits. Re-importing the same
// decision changes nothing.
//
// Thread safety: one thread at a time per store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {

// Which sign-off steps a board takes.
enum class ReportBoard { kJcb, kHwb };

// Records the steps of every report named by an agenda item of a meeting
// the batch touched. `boards` maps a board's id to the steps it takes;
// an item naming a report at a board with none is a problem.
Result<std::vector<Problem>> record_board_report_steps(
    Store& store, int64_t batch_id, const std::map<std::string, ReportBoard>& boards);

}  // namespace bc
