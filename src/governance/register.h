// The annual register of interests of a board: for each voting member (and
// deputy) in post at any time in a financial year, the interests they
// registered for the year and the declarations they made at the board's
// meetings in it. A member with no entry for the year has not made their
// annual declaration, which the register says: an entry of category
// `none` is a declaration that there is nothing to declare.
//
// Thread safety: pure functions, apart from reading the store.
#pragma once

#include <string>
#include <vector>

#include "core/fiscal.h"
#include "core/status.h"
#include "governance/board_config.h"
#include "ingest/board_records.h"
#include "store/store.h"

namespace bc {

struct MemberInterests {
  BoardMemberRecord member;
  std::vector<InterestRecord> registered;   // the year's register entries
  std::vector<DeclarationRecord> declared;  // at the board's meetings in the year
  bool made_annual_declaration = false;     // at least one register entry
};

// The register for the year, by member_id.
Result<std::vector<MemberInterests>> register_of_interests(Store& store, const BoardDef& board,
                                                           const FinancialYear& year);

}  // namespace bc
