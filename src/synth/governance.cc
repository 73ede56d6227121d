#include "synth/governance.h"

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

namespace bc::embedded {
extern const std::string_view kGovBoardMembers;  // config/seed/governance/board_members.csv
extern const std::string_view kGovMeetings;      // config/seed/governance/meetings.csv
extern const std::string_view kGovAgendaItems;   // config/seed/governance/agenda_items.csv
extern const std::string_view kGovAttendance;    // config/seed/governance/attendance.csv
extern const std::string_view kGovActions;       // config/seed/governance/actions.csv
}  // namespace bc::embedded

namespace bc::synth {
namespace {

// The synthetic declaration: at the scheduled meeting of 11 June 2018, on
// the quality update on social care providers, not prejudicial.
constexpr std::string_view kDeclarations =
    "board,meeting_date,item,member_id,interest,prejudicial\n"
    "JCB,2018-06-11,8,CllrPayne,A family member works for a home care provider in the city "
    "(synthetic: not in the seed),N\n";

// The register of interests for 2018/19, the city's own (the seed prints
// none): the voting members, one with an interest.
constexpr std::string_view kInterests =
    "interest_id,board,member_id,year,category,interest,declared_date\n"
    "JCB-2018-MK,JCB,MK,2018/19,none,Nothing to declare (synthetic),2018-04-16\n"
    "JCB-2018-JB,JCB,JB,2018/19,none,Nothing to declare (synthetic),2018-04-16\n"
    "JCB-2018-JRichards,JCB,JRichards,2018/19,none,Nothing to declare (synthetic),2018-04-16\n"
    "JCB-2018-CllrLetts,JCB,CllrLetts,2018/19,none,Nothing to declare (synthetic),2018-04-16\n"
    "JCB-2018-CllrShields,JCB,CllrShields,2018/19,none,Nothing to declare (synthetic),"
    "2018-04-16\n"
    "JCB-2018-CllrPayne,JCB,CllrPayne,2018/19,non_financial_personal,A family member works for "
    "a home care provider in the city (synthetic),2018-04-16\n";

Status write(const std::string& dir, const char* name, std::string_view text) {
  const std::string path = dir + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::io_error(fmt::format("cannot write {}", path));
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return Status::io_error(fmt::format("cannot write {}", path));
  return Status();
}

}  // namespace

Status write_governance(const std::string& dir) {
  for (const auto& [name, text] :
       {std::pair{"board_members.csv", embedded::kGovBoardMembers},
        std::pair{"meetings.csv", embedded::kGovMeetings},
        std::pair{"agenda_items.csv", embedded::kGovAgendaItems},
        std::pair{"attendance.csv", embedded::kGovAttendance},
        std::pair{"declarations.csv", kDeclarations}, std::pair{"interests.csv", kInterests},
        std::pair{"actions.csv", embedded::kGovActions}}) {
    if (Status s = write(dir, name, text); !s.ok()) return s;
  }
  return Status();
}

}  // namespace bc::synth
