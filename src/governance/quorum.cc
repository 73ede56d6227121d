#include "governance/quorum.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

namespace bc {
namespace {

bool in_term(const BoardMemberRecord& m, const std::string& day) {
  return m.from_date <= day && (!m.to_date || day <= *m.to_date);
}

// The seats filled at the meeting: voting member_id -> who sat in it.
std::map<std::string, std::string> seats_filled(const std::vector<BoardMemberRecord>& members,
                                                const std::string& day,
                                                const std::vector<AttendanceRecord>& attendance) {
  std::map<std::string, const BoardMemberRecord*> by_id;
  for (const auto& m : members) by_id[m.member_id] = &m;
  std::set<std::string> present;
  for (const auto& a : attendance) {
    if (a.attended == "present") present.insert(a.member_id);
  }
  std::map<std::string, std::string> seats;
  // Members first, so that a deputy never takes the seat of a member who came.
  for (const std::string& id : present) {
    auto it = by_id.find(id);
    if (it != by_id.end() && it->second->role == "member" && in_term(*it->second, day)) {
      seats[id] = id;
    }
  }
  for (const std::string& id : present) {
    auto it = by_id.find(id);
    if (it == by_id.end() || it->second->role != "deputy" || !it->second->deputy_for) continue;
    if (!in_term(*it->second, day)) continue;
    const std::string& seat = *it->second->deputy_for;
    auto member = by_id.find(seat);
    if (member == by_id.end() || member->second->role != "member" ||
        !in_term(*member->second, day)) {
      continue;
    }
    seats.emplace(seat, id);  // no effect when the member, or another deputy, sits in it
  }
  return seats;
}

struct Count {
  int members = 0;
  std::map<std::string, int> by_partner;
};

Count count_seats(const BoardDef& board, const std::map<std::string, std::string>& seats,
                  const std::map<std::string, const BoardMemberRecord*>& by_id) {
  Count c;
  for (const std::string& p : board.partners) c.by_partner[p] = 0;
  for (const auto& [seat, who] : seats) {
    ++c.members;
    ++c.by_partner[by_id.at(seat)->partner_code];
  }
  return c;
}

// Why the count fails the rule, or "" when it meets it.
std::string shortfall(const BoardDef& board, const Count& c, bool chair_counted,
                      const std::optional<std::string>& chair) {
  const QuorumRule& rule = board.quorum;
  std::vector<std::string> why;
  if (c.members < rule.members) {
    why.push_back(fmt::format("{} members present, at least {} needed", c.members, rule.members));
  }
  for (const std::string& p : board.partners) {
    const int n = c.by_partner.count(p) ? c.by_partner.at(p) : 0;
    if (n < rule.per_partner) {
      why.push_back(fmt::format("{} from {}, at least {} needed", n, p, rule.per_partner));
    }
  }
  int organisations = 0;
  for (const auto& [p, n] : c.by_partner) organisations += n > 0 ? 1 : 0;
  if (organisations < rule.organisations) {
    why.push_back(fmt::format("{} organisations represented, at least {} needed", organisations,
                              rule.organisations));
  }
  if (rule.chair && !chair) why.push_back("no chair is recorded for the meeting");
  if (rule.chair && chair && !chair_counted) {
    why.push_back(fmt::format("the chair ({}) does not count", *chair));
  }
  return fmt::format("{}", fmt::join(why, "; "));
}

std::string summary(const Count& c) {
  std::vector<std::string> parts;
  for (const auto& [p, n] : c.by_partner) parts.push_back(fmt::format("{} {}", n, p));
  return fmt::format("{} members present ({})", c.members, fmt::join(parts, ", "));
}

}  // namespace

bool is_decision(const std::string& outcome) {
  return outcome == "agreed" || outcome == "agreed_with_changes";
}

MeetingQuorum assess_quorum(const BoardDef& board, const std::vector<BoardMemberRecord>& members,
                            const MeetingRecord& meeting,
                            const std::vector<AttendanceRecord>& attendance,
                            const std::vector<DeclarationRecord>& declarations,
                            const std::vector<AgendaItemRecord>& agenda) {
  std::map<std::string, const BoardMemberRecord*> by_id;
  for (const auto& m : members) by_id[m.member_id] = &m;
  MeetingQuorum out;
  out.seats = seats_filled(members, meeting.meeting_date, attendance);
  // The chair counts when their seat is filled by them (or by their deputy).
  auto chair_in = [&](const std::map<std::string, std::string>& seats) {
    return meeting.chair && seats.count(*meeting.chair) != 0;
  };
  const Count all = count_seats(board, out.seats, by_id);
  out.members_present = all.members;
  out.present = all.by_partner;
  const std::string why = shortfall(board, all, chair_in(out.seats), meeting.chair);
  out.quorate = why.empty();
  out.reason = out.quorate ? summary(all) : why;

  for (const AgendaItemRecord& item : agenda) {
    std::map<std::string, std::string> seats = out.seats;
    std::vector<std::string> withdrawn;
    for (const DeclarationRecord& d : declarations) {
      if (d.item != item.item || !d.prejudicial) continue;
      for (auto it = seats.begin(); it != seats.end(); ++it) {
        if (it->second == d.member_id) {
          withdrawn.push_back(d.member_id);
          seats.erase(it);
          break;
        }
      }
    }
    const Count c = count_seats(board, seats, by_id);
    ItemQuorum q{item.item, false, ""};
    const std::string item_why = shortfall(board, c, chair_in(seats), meeting.chair);
    q.quorate = item_why.empty();
    const std::string declared =
        withdrawn.empty() ? ""
                          : fmt::format(" ({} declared a prejudicial interest and does not count)",
                                        fmt::join(withdrawn, ", "));
    q.reason = (q.quorate ? summary(c) : item_why) + declared;
    out.items.push_back(std::move(q));
  }
  return out;
}

Result<MeetingQuorum> meeting_quorum(Store& store, const BoardDef& board, const std::string& date) {
  auto meeting = find_meeting(store, board.id, date);
  if (!meeting.ok()) return meeting.status();
  if (!*meeting) {
    return Status::not_found(fmt::format("{} has no meeting on {}", board.id, date));
  }
  auto members = read_board_members(store, board.id);
  if (!members.ok()) return members.status();
  auto attendance = read_attendance(store, board.id, date);
  if (!attendance.ok()) return attendance.status();
  auto declarations = read_declarations(store, board.id, date);
  if (!declarations.ok()) return declarations.status();
  auto agenda = read_agenda(store, board.id, date);
  if (!agenda.ok()) return agenda.status();
  return assess_quorum(board, *members, **meeting, *attendance, *declarations, *agenda);
}

Result<std::vector<Problem>> check_decisions(Store& store, int64_t batch_id,
                                             const BoardsConfig& boards) {
  auto meetings = meetings_of_batch(store, batch_id);
  if (!meetings.ok()) return meetings.status();
  std::vector<Problem> out;
  for (const auto& [board_id, date] : *meetings) {
    const BoardDef* board = boards.find(board_id);
    if (board == nullptr) continue;  // the importer refused it already
    auto agenda = read_agenda(store, board_id, date);
    if (!agenda.ok()) return agenda.status();
    bool any = false;
    for (const auto& item : *agenda) any = any || (item.outcome && is_decision(*item.outcome));
    if (!any) continue;
    auto q = meeting_quorum(store, *board, date);
    if (!q.ok()) return q.status();
    auto attendance = read_attendance(store, board_id, date);
    if (!attendance.ok()) return attendance.status();
    for (size_t i = 0; i < agenda->size(); ++i) {
      const AgendaItemRecord& item = (*agenda)[i];
      if (!item.outcome || !is_decision(*item.outcome) || q->items[i].quorate) continue;
      const std::string why =
          attendance->empty()
              ? std::string(
                    "no attendance is recorded for the meeting, so its quorum is not "
                    "known: import its attendance.csv in the same batch or before")
              : fmt::format(
                    "the meeting was inquorate for the item ({}); record it as deferred "
                    "or referred_back",
                    q->items[i].reason);
      out.push_back(
          Problem{"(batch)", 0, "outcome", *item.outcome,
                  fmt::format("{} meeting of {}, item {}: no decision can be recorded, {}",
                              board_id, date, item.item, why)});
    }
  }
  return out;
}

}  // namespace bc
