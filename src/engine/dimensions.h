// The dimensions a metric can be broken down by, by name: the one list the
// config, the CLI, the API and the pages check a breakdown against.
//
// Which values each takes and which events it applies to are the engine's
// business (tally.h); a metric's config names the ones it allows.
//
// Thread safety: immutable data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bc {

enum class DimId {
  kMonth,
  kQuarter,
  kCluster,
  kPractice,
  kAgeBand,
  kSex,
  kProvider,
  kOrg,
  kReason,
  kDiagnosisGroup,
  kStayLength,
  kDepartmentType,
  kSetting,
  kFunder,
  // Internal: five-year age bands 0-4 ... 90+ (the European Standard
  // Population's), for age-standardised rates. Not a breakdown a user names.
  kAgeFiveYear,
  // Internal: each person of the snapshot, then the unlinked, for the
  // people behind a count (engine/cohort.h). Not a breakdown a user names.
  kPerson,
};

// Every dimension a breakdown may name, in the order documentation lists them.
const std::vector<std::string>& all_dimensions();

// The dimension a breakdown names; nullopt for a name not in all_dimensions().
std::optional<DimId> dimension_named(std::string_view name);

// The name of a dimension ("age_5y" for the internal five-year bands).
std::string_view dimension_name(DimId id);

}  // namespace bc
