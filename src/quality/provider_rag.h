// A care provider's standing as at a date: its RAG by the quality rule
// (config/quality.toml, docs/quality.md "A provider's RAG"), the findings
// behind it, its latest CQC rating, whether its contract is suspended, its
// concerns in the window, and its occupancy from placements.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ingest/quality_records.h"

namespace bc {

struct ProviderRule {
  int window_months = 6;
  int red_upheld_concerns = 2;
  int amber_upheld_complaints = 2;
};

// The rule as shipped (config/quality.toml, compiled in); InvalidData for a
// missing or out-of-range threshold in `toml_text` when one is given.
Result<ProviderRule> provider_rule();
Result<ProviderRule> parse_provider_rule(std::string_view toml_text);

struct ProviderStanding {
  std::string rag;                                  // "red", "amber" or "green"
  std::vector<std::string> findings;                // the reasons for Red and Amber, worst first
  std::optional<QualityEventRecord> latest_rating;  // the latest cqc_rating on or before
  bool suspended = false;     // a suspension on or before the date not lifted since
  int concerns = 0;           // safeguarding concerns in the window (any outcome)
  int upheld_concerns = 0;    // of which upheld
  int complaints = 0;         // complaints in the window
  int upheld_complaints = 0;  // of which upheld
  std::optional<std::string> last_visit_outcome;  // the latest visit in the window
  int64_t placed = 0;                             // placements in force on the date
  std::optional<int64_t> beds;                    // registered beds (care homes)
  // placed / beds, as a percentage; nullopt without beds.
  std::optional<double> occupancy() const;
};

// The standing of `provider` on `at`, from its quality events and its
// placements (others' are ignored; events after `at` are not counted).
ProviderStanding judge_provider(const CareProviderRecord& provider,
                                const std::vector<QualityEventRecord>& events,
                                const std::vector<PlacementRecord>& placements, Date at,
                                const ProviderRule& rule);

}  // namespace bc
