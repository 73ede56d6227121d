#include "governance/register.h"

namespace bc {

Result<std::vector<MemberInterests>> register_of_interests(Store& store, const BoardDef& board,
                                                           const FinancialYear& year) {
  const std::string from = year.first_day().iso(), to = year.last_day().iso();
  auto members = read_board_members(store, board.id);
  if (!members.ok()) return members.status();
  auto entries = read_interests(store, board.id, year.label());
  if (!entries.ok()) return entries.status();
  auto declarations = read_declarations_between(store, board.id, from, to);
  if (!declarations.ok()) return declarations.status();
  std::vector<MemberInterests> out;
  for (const BoardMemberRecord& m : *members) {
    // Voting members and their deputies, in post at some time in the year.
    if (m.role != "member" && m.role != "deputy") continue;
    if (m.from_date > to || (m.to_date && *m.to_date < from)) continue;
    MemberInterests mi;
    mi.member = m;
    for (const InterestRecord& e : *entries) {
      if (e.member_id == m.member_id) mi.registered.push_back(e);
    }
    for (const DeclarationRecord& d : *declarations) {
      if (d.member_id == m.member_id) mi.declared.push_back(d);
    }
    mi.made_annual_declaration = !mi.registered.empty();
    out.push_back(std::move(mi));
  }
  return out;
}

}  // namespace bc
