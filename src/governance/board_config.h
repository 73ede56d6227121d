// The boards and their terms of reference, as configuration
// (config/boards.toml, compiled in): who the partners are, the quorum rule,
// the notice rules and how often each board meets. A board's id is what
// the governance files name in their `board` column.
//
// Thread safety: immutable once parsed; builtin() is safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace bc {

// "At least `members` voting members present, with at least `per_partner`
// from each of the board's partners, from at least `organisations`
// organisations, with the chair present when `chair`." A rule of 0 (or
// false) does not apply.
struct QuorumRule {
  int members = 0;
  int per_partner = 0;
  int organisations = 0;
  bool chair = false;
};

struct NoticeRule {
  int papers_clear_working_days = 5;  // clear working days before the meeting
  int key_decision_days = 28;         // calendar days on the forward plan
  int part2_days = 28;
};

struct BoardDef {
  std::string id, name;
  std::vector<std::string> partners;  // partner codes counted per partner
  std::string chair;                  // how the chair is chosen, as the terms say
  std::string frequency;              // monthly, bimonthly or quarterly
  // Which of a scheme report's sign-off steps the board takes: "jcb" (the
  // JCB's receipt and sign-off), "hwb" (the HWB's), or "" for none.
  std::string reports;
  QuorumRule quorum;
  NoticeRule notice;
};

struct BoardsConfig {
  std::vector<BoardDef> boards;  // at least one

  // A boards.toml; InvalidData naming `src`, the board and the rule broken.
  static Result<BoardsConfig> parse(std::string_view text, std::string_view src);
  // config/boards.toml as compiled in (checked by a test; aborts if invalid).
  static const BoardsConfig& builtin();

  const BoardDef* find(std::string_view id) const;
  std::vector<std::string> ids() const;
};

// "at least 4 members with at least 2 from each of CCG and SCC": the rule
// in words, for pages and messages.
std::string describe(const QuorumRule& rule, const std::vector<std::string>& partners);

}  // namespace bc
