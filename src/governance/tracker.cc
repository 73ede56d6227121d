#include "governance/tracker.h"

#include <fmt/format.h>

namespace bc {
bool is_overdue(const ActionRecord& a, Date at) {
  if (a.status != "open" && a.status != "unconfirmed") return false;
  return a.deadline < at.iso();  // ISO dates order as text
}

Result<std::vector<TrackedAction>> actions_as_at(Store& store, const std::string& board, Date at,
                                                 bool overdue_only) {
  auto all = read_actions(store, board);
  if (!all.ok()) return all.status();
  std::vector<TrackedAction> out;
  const std::string day = at.iso();
  for (ActionRecord& a : *all) {
    if (a.meeting_date > day) continue;
    const bool overdue = is_overdue(a, at);
    if (overdue_only && !overdue) continue;
    out.push_back({std::move(a), overdue});
  }
  return out;
}

}  // namespace bc
