#include "ingest/file_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/kinds.h"

namespace bc {
namespace {

// The kinds in import order. Columns: kind, name, table, columns (the
// column table in the kind's group file, ingest/kinds_*.cc),
// about_a_person, activity.
const std::array<KindSpec, 34>& kinds() {
  using ingest::columns_of;
  static const std::array<KindSpec, 34> k = {
      KindSpec{FileKind::kPartners, "partners", "partners", columns_of(FileKind::kPartners), false,
               false},
      KindSpec{FileKind::kPractices, "practices", "practices", columns_of(FileKind::kPractices),
               false, false},
      KindSpec{FileKind::kProviders, "providers", "providers", columns_of(FileKind::kProviders),
               false, false},
      KindSpec{FileKind::kPopulation, "population", "population", columns_of(FileKind::kPopulation),
               false, false},
      KindSpec{FileKind::kPersons, "persons", "persons", columns_of(FileKind::kPersons), false,
               false},
      KindSpec{FileKind::kConditions, "conditions", "conditions", columns_of(FileKind::kConditions),
               true, false},
      KindSpec{FileKind::kSchemes, "schemes", "schemes", columns_of(FileKind::kSchemes), false,
               false},
      KindSpec{FileKind::kBudgets, "budgets", "budgets", columns_of(FileKind::kBudgets), false,
               false},
      KindSpec{FileKind::kLedger, "ledger", "ledger", columns_of(FileKind::kLedger), false, false},
      KindSpec{FileKind::kPlans, "plans", "plans", columns_of(FileKind::kPlans), false, false},
      KindSpec{FileKind::kSpells, "spells", "spells", columns_of(FileKind::kSpells), true, true},
      KindSpec{FileKind::kAeAttendances, "ae_attendances", "ae_attendances",
               columns_of(FileKind::kAeAttendances), true, true},
      KindSpec{FileKind::kDelayedDays, "delayed_days", "delayed_days",
               columns_of(FileKind::kDelayedDays), false, true},
      KindSpec{FileKind::kBedDays, "bed_days", "bed_days", columns_of(FileKind::kBedDays), false,
               true},
      KindSpec{FileKind::kCareHomeAdmissions, "care_home_admissions", "care_home_admissions",
               columns_of(FileKind::kCareHomeAdmissions), true, true},
      KindSpec{FileKind::kReablement, "reablement", "reablement", columns_of(FileKind::kReablement),
               true, true},
      KindSpec{FileKind::kCarePlans, "care_plans", "care_plans", columns_of(FileKind::kCarePlans),
               true, false},
      KindSpec{FileKind::kCarePlanActions, "care_plan_actions", "care_plan_actions",
               columns_of(FileKind::kCarePlanActions), false, false},
      KindSpec{FileKind::kCarePlanReviews, "care_plan_reviews", "care_plan_reviews",
               columns_of(FileKind::kCarePlanReviews), false, false},
      KindSpec{FileKind::kSpaReferrals, "spa_referrals", "spa_referrals",
               columns_of(FileKind::kSpaReferrals), true, false},
      KindSpec{FileKind::kBoardMembers, "board_members", "board_members",
               columns_of(FileKind::kBoardMembers), false, false},
      KindSpec{FileKind::kMeetings, "meetings", "meetings", columns_of(FileKind::kMeetings), false,
               false},
      KindSpec{FileKind::kAgendaItems, "agenda_items", "agenda_items",
               columns_of(FileKind::kAgendaItems), false, false},
      KindSpec{FileKind::kAttendance, "attendance", "attendance", columns_of(FileKind::kAttendance),
               false, false},
      KindSpec{FileKind::kDeclarations, "declarations", "declarations",
               columns_of(FileKind::kDeclarations), false, false},
      KindSpec{FileKind::kInterests, "interests", "board_interests",
               columns_of(FileKind::kInterests), false, false},
      KindSpec{FileKind::kActions, "actions", "board_actions", columns_of(FileKind::kActions),
               false, false},
      KindSpec{FileKind::kWorkstreams, "workstreams", "plan_workstreams",
               columns_of(FileKind::kWorkstreams), false, false},
      KindSpec{FileKind::kMilestones, "milestones", "plan_milestones",
               columns_of(FileKind::kMilestones), false, false},
      KindSpec{FileKind::kKeyMeasures, "key_measures", "plan_measures",
               columns_of(FileKind::kKeyMeasures), false, false},
      KindSpec{FileKind::kMeasureValues, "measure_values", "plan_measure_values",
               columns_of(FileKind::kMeasureValues), false, false},
      KindSpec{FileKind::kSavings, "savings", "plan_savings", columns_of(FileKind::kSavings), false,
               false},
      KindSpec{FileKind::kQualityEvents, "quality_events", "quality_events",
               columns_of(FileKind::kQualityEvents), false, false},
      KindSpec{FileKind::kPlacements, "placements", "placements", columns_of(FileKind::kPlacements),
               true, false},
  };
  return k;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::span<const KindSpec> all_kinds() {
  return kinds();
}

std::string key_description(const KindSpec& spec) {
  std::vector<std::string_view> keys;
  for (const ColumnSpec& c : spec.columns) {
    if (c.key) keys.push_back(c.name);
  }
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    out += i == 0 ? "" : (i + 1 == keys.size() ? " and " : ", ");
    out += keys[i];
  }
  return out;
}

const KindSpec& spec_of(FileKind kind) {
  for (const auto& k : kinds()) {
    if (k.kind == kind) return k;
  }
  return kinds()[0];  // unreachable: every enumerator has an entry
}

std::optional<FileKind> kind_from_name(std::string_view name) {
  std::string n = lower(name);
  for (const auto& k : kinds()) {
    if (n == k.name) return k.kind;
  }
  return std::nullopt;
}

std::optional<FileKind> kind_from_path(std::string_view path) {
  std::string file = lower(std::filesystem::path(std::string(path)).filename().string());
  if (file.size() < 5 || file.substr(file.size() - 4) != ".csv") return std::nullopt;
  std::string stem = file.substr(0, file.size() - 4);
  // The longest kind name that fits wins, so no name can shadow another.
  const KindSpec* best = nullptr;
  for (const auto& k : kinds()) {
    bool exact = stem == k.name;
    bool prefixed =
        stem.size() > k.name.size() && stem.compare(0, k.name.size(), k.name) == 0 &&
        (stem[k.name.size()] == '_' || stem[k.name.size()] == '-' || stem[k.name.size()] == '.');
    if ((exact || prefixed) && (best == nullptr || k.name.size() > best->name.size())) best = &k;
  }
  if (best == nullptr) return std::nullopt;
  return best->kind;
}

}  // namespace bc
