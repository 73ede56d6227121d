// The provider failure procedure's management checklist (seed 001,
// Appendix A), shipped as data: config/provider_failure_checklist.csv,
// compiled in. Each numbered item has its text and its scope: care homes
// (CH), home care (HC) or both (All). The appendix leaves who is
// responsible for each item to the incident (its SCC, CCG and Provider
// columns take the initials of the officer the steering group names), so
// an incident records each item's party and owner (quality/incidents.h).
//
// The file: header item,text,scope; a section's row has a number without a
// dot ("2") and no scope; an item's row "2.1", its text and its scope.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace bc {

struct ChecklistSection {
  std::string number;  // "2"
  std::string title;   // "Initial work/clarification"
};

struct ChecklistItem {
  std::string number;   // "2.1"
  std::string section;  // "2"
  std::string text;
  std::string scope;  // "All", "CH" or "HC"
};

struct Checklist {
  std::vector<ChecklistSection> sections;
  std::vector<ChecklistItem> items;  // in the appendix's order

  const ChecklistItem* find(std::string_view number) const;
};

// Whether an item of `scope` applies to a provider of `provider_type`
// (care_home or home_care): All to both, CH to care homes, HC to home care.
bool checklist_applies(std::string_view scope, std::string_view provider_type);

// Parses a checklist file; InvalidData naming the line for a malformed one
// (a wrong header, an item outside its section or out of order, a scope
// other than All, CH or HC, a number twice). At most 1,000 rows.
Result<Checklist> parse_checklist(std::string_view csv);

// The shipped checklist (config/provider_failure_checklist.csv).
Result<Checklist> failure_checklist();

}  // namespace bc
