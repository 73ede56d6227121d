// The cluster teams' MDT log as a CSV file: the spreadsheet a team keeps
// today, brought in whole with `bettercare mdt import FILE`
// (docs/care-plans.md, "MDT meetings"). One row per person discussed:
//
//   cluster_code,meeting_date,attendees,nhs_number,outcome,actions
//   C1,2018-04-10,"Ann Lee (GP); Sam Patel (community matron)",9990001006,new_plan,Agree a plan
//
// The header is required, with exactly these columns in this order. The
// rows of one meeting share cluster_code and meeting_date and give the
// same attendees ("Name (profession)", separated by "; "); a meeting that
// discussed nobody is one row with nhs_number, outcome and actions empty.
// Meetings are in the order they first appear. What a meeting may hold
// (professions, outcomes, people of the cluster) is checked when it is
// recorded (mdt.h record_mdt_meetings), not here.
//
// Limits: 20,000 rows and 2,000 meetings a file, on top of the CSV
// reader's (1 MiB a record). A refusal lists up to 20 problems, each with
// its line.
//
// Thread safety: a pure function.
#pragma once

#include <string_view>
#include <vector>

#include "care/mdt.h"
#include "core/status.h"

namespace bc {

inline constexpr size_t kMaxMdtLogRows = 20'000;
inline constexpr size_t kMaxMdtLogMeetings = 2'000;

Result<std::vector<MdtMeeting>> read_mdt_log(std::string_view csv);

}  // namespace bc
