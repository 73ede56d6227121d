// The cluster teams' settings: the kinds of care plan with the longest each
// may go unreviewed (config/care.toml, compiled in), and the single point
// of access's response standards per urgency (config/metrics.toml's
// [[spa_standard]], where the engine's measure of triage within standard
// reads them too: one place for the standard).
//
// Thread safety: immutable once parsed; builtin() is safe to call from any
// thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/metric_def.h"

namespace bc {

struct CarePlanTypeDef {
  std::string id, name;
  int review_months = 6;  // 1 to 6
};

struct CareConfig {
  std::vector<CarePlanTypeDef> plan_types;  // at least one; the first is the default
  std::vector<SpaStandard> spa_standards;   // one per urgency, both present

  // The plan types of a care.toml; spa_standards is left empty. InvalidData
  // naming `src`, the entry and the rule it breaks.
  static Result<CareConfig> parse(std::string_view text, std::string_view src);
  // config/care.toml as compiled in, with the built-in metric config's
  // SPA standards (checked by a test; aborts if invalid).
  static const CareConfig& builtin();

  const CarePlanTypeDef* plan_type(std::string_view id) const;
  const SpaStandard* standard(std::string_view urgency) const;
};

}  // namespace bc
