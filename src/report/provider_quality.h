// The performance report's provider quality section (docs/reports.md,
// "Care provider quality"): how many care homes and home care agencies are
// Red, Amber and Green by the quality rule (quality/provider_rag.h) at the
// report's month end and three months before; each Red and Amber provider
// with its RAG then and now, latest CQC rating, the findings behind it and
// its occupancy; and the provider failure incidents of the year to date
// with the people each affects, the JISG's first meeting and their state
// at the month end.
//
// Counts of people (occupancy, people affected) follow the small-number
// rule when `suppress`: board papers are published.
//
// Thread safety: reads the store through its connection; one thread at a
// time per store.
#pragma once

#include <string>

#include "core/date.h"
#include "core/status.h"
#include "engine/metric_def.h"
#include "quality/provider_rag.h"
#include "store/store.h"

namespace bc::report {

struct ProviderQualityOptions {
  Date from;    // the year to date's first day: incidents open on or after it
  Date at;      // the report's month end
  Date before;  // three months before: the end of the month three months earlier
  bool suppress = true;
  SuppressionRule rule;
  std::string id = "pr";  // prefixes the section's element ids
};

// A provider's occupancy as shown: "7 of 30 beds (23%)", "* of 30 beds"
// when `suppress` hides the count (1 to 7), "10" (people) for a home care
// agency, which has no beds.
std::string occupancy_text(const ProviderStanding& s, bool suppress, const SuppressionRule& rule);

// The section, `<section class="page" id="<id>-providers">`; a notice in
// it when no care providers are loaded.
Result<std::string> provider_quality_html(Store& store, const ProviderQualityOptions& options);

}  // namespace bc::report
