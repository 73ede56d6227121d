#include "quality/failure.h"

#include "governance/calendar.h"

namespace bc {

std::string_view responsible_for(std::string_view funder) {
  if (funder == "ccg") return "ccg";
  if (funder == "other_ccg") return "ccg_for_placing_body";
  if (funder == "council" || funder == "joint") return "council";
  if (funder == "self") return "council_for_self_funder";
  if (funder == "other_la") return "council_for_placing_body";
  return "";
}

Date jisg_due(Date notified) {
  return WorkingCalendar::england().working_days_after(notified, kJisgWorkingDays);
}

std::string_view jisg_state(Date due, std::optional<Date> met, Date today) {
  if (met) return *met > due ? "met_late" : "met";
  return today > due ? "overdue" : "due";
}

bool placement_in_force(const PlacementRecord& p, Date day) {
  auto start = Date::parse(p.start_date);
  if (!start.ok() || day < *start) return false;
  if (!p.end_date) return true;
  auto end = Date::parse(*p.end_date);
  return end.ok() && !(*end < day);
}

std::vector<PlacementRecord> placements_in_force(const std::vector<PlacementRecord>& placements,
                                                 Date day) {
  std::vector<PlacementRecord> out;
  for (const PlacementRecord& p : placements)
    if (placement_in_force(p, day)) out.push_back(p);
  return out;
}

}  // namespace bc
