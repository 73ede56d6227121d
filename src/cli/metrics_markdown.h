// docs/metrics.md, generated from the metric config so the two cannot
// disagree (a test compares them): the rules every metric follows, then
// each metric's definition, its national source and bettercare's local
// deviations from it.
#pragma once

#include <string>

#include "engine/metric_def.h"

namespace bc::cli {

std::string metrics_markdown(const MetricConfig& cfg);

}  // namespace bc::cli
