// Internal to the CLI: the pieces `bettercare incident`'s two files share
// (incident_cmd.cc: open, list, show, affected; incident_steps_cmd.cc: the
// steps, and the printing of an incident and its people).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli/cli.h"
#include "report/incident_people.h"

namespace bc::cli {

// An incident id given on the command line: a whole number from 1.
Result<int64_t> incident_id_of(const std::string& text);

// The steps' subcommands: notify, jisg, checklist, flag, move, risk, close.
void add_incident_steps(CLI::App* incident, Globals& g, Runner* run);

// `incident show`'s table, from its JSON.
void print_incident(const nlohmann::ordered_json& incident);
// `incident affected` in table, csv or json.
void print_affected(const std::vector<AffectedPerson>& people, const std::string& format);

}  // namespace bc::cli
