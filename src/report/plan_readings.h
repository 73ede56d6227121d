// The commissioning plan's figures from the engine: how a key measure
// tracked from a metric of config/metrics.toml reads its value for
// governance::plan_status (governance/plan.h), and the RAG bands it uses,
// the metric config's. The CLI's `bettercare plan` and the web's plan page
// both judge the plan through these, so they cannot disagree.
//
// Thread safety: the reader evaluates an immutable snapshot; it may be
// called from any thread while the config and snapshot live.
#pragma once

#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "governance/plan.h"

namespace bc::report {

// Reads a metric over the financial year to date, for the whole area, with
// small-number suppression when `suppress`. No value, with the reason,
// when the metric is unknown, a month it needs is not loaded, the figure
// is suppressed or the engine has none.
governance::MetricReader plan_metric_reader(const MetricConfig& config, const Snapshot& snap,
                                            bool suppress);

// The metric config's RAG bands ([rag] green_max and amber_below).
governance::RagBands plan_rag_bands(const MetricConfig& config);

}  // namespace bc::report
