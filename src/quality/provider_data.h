// Everything a care provider's standing is judged from
// (quality/provider_rag.h), read from the store at once: the rule as
// shipped, the care providers, every quality event and every placement.
// The CLI's provider commands, the web's providers pages and the
// performance report's provider section all read it here.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "ingest/quality_records.h"
#include "quality/provider_rag.h"
#include "store/store.h"

namespace bc {

struct ProviderData {
  ProviderRule rule;
  std::vector<CareProviderRecord> providers;  // care homes and home care agencies, by code
  std::vector<QualityEventRecord> events;
  std::vector<PlacementRecord> placements;

  // The standing of `provider` (one of `providers`) on `at`.
  ProviderStanding standing(const CareProviderRecord& provider, Date at) const {
    return judge_provider(provider, events, placements, at, rule);
  }
};

Result<ProviderData> read_provider_data(Store& store);

}  // namespace bc
