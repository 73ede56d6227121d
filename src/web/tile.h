// A metric tile, as the overview, the metric pages and the cluster
// dashboards show it: one metric's value for the period, against plan
// (when show_rag) and last year, with a sparkline of its last twelve
// months. Public so that the golden tests of every rendering of a metric
// row (tests/golden/present/tile.test) call the pages' own code.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/metric_def.h"
#include "engine/metric_row.h"

namespace bc::web {

// A metric's monthly figures over a span: actual, plan and last year.
struct Trend {
  std::vector<std::string> months;  // "2017-04"
  std::vector<std::optional<double>> values, plans, last_year;
};

// The tile carries data-metric, and its value data-value (json_value_text).
struct Tile {
  const MetricDef* metric = nullptr;
  MetricRow row;
  Trend trend;
  bool show_rag = true;
  std::string href;  // the metric page, unescaped
  std::string id;    // unique in the page
};
std::string render_tile(const Tile& t);

}  // namespace bc::web
