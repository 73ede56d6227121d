// The funnel plot (engine/funnel.h) as an inline SVG: each cluster or
// practice a point at (registered people, rate per 1,000), the area's rate
// as a line across, and the 95% and 99.8% limits as curves that narrow as
// groups grow. A point outside the funnel differs from the area by more
// than chance would make it.
//
// The same promises as chart.h: role="img" with <title> and <desc>; every
// point has a <title> with its group, rate, people and position, and a
// label (with more than 12 groups, only those outside the 95% limits); a
// point outside is a diamond as well as another colour; the limits differ
// by dash as well as colour; "No data" when no
// group has a rate. The page shows the same figures as a table beside it.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/funnel.h"

namespace bc::report {

struct FunnelChartView {
  std::string id, title, desc;  // as chart.h's
  const Funnel* funnel = nullptr;
  std::vector<std::string> labels;  // one per group of the funnel: its short label ("C1")
  int width = 640, height = 360;
};

std::string render_funnel_chart(const FunnelChartView& v);

}  // namespace bc::report
