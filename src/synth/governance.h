// The synthetic city's board business: the Joint Commissioning Board's
// members, meetings, agendas, attendance and action tracker of 2018 as
// seed 001 records them (config/seed/governance/*.csv, compiled in,
// written as they are), and one declaration of interest and a register of
// interests of its own (the seed records neither, and the import contract
// has no empty files).
//
// Thread safety: writes files; one call at a time per directory.
#pragma once

#include <string>

#include "core/status.h"

namespace bc::synth {

// Writes board_members.csv, meetings.csv, agenda_items.csv,
// attendance.csv, declarations.csv, interests.csv and actions.csv into dir.
Status write_governance(const std::string& dir);

}  // namespace bc::synth
