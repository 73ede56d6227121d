// SPC charts and Making Data Count's icons, drawn from an engine/spc.h
// chart: for the performance report, the metric pages and the cluster
// dashboards alike.
//
// The chart keeps every promise of chart.h (one standalone <svg>, a
// <title> and <desc> first, a <title> on every point, legible text that
// scales with its container, the same bytes for the same input). Points
// are coloured by their type and also differ by marker, so colour is never
// the only cue: common cause a small grey circle, improvement a blue
// circle, concern an orange triangle, neutral a purple diamond; the mean
// is a solid line, the process limits dashed, the target dotted. Every
// colour has 3:1 contrast or better on white.
//
// The icons: the variation icon (common cause, or special cause high or
// low, improvement or concern) and the assurance icon (P pass, F fail,
// ? inconsistent), each a small <svg role="img"> whose <title> is the
// words (spc.h's point_type_words, assurance_words).
//
// spc_figure_html puts the icons, the chart, a caption (months left out,
// trial limits) and the chart's values as a table (a <details>, so a
// screen reader or a keyboard user can read every point) in one <figure>.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/metric_def.h"
#include "engine/metric_spc.h"
#include "engine/spc.h"
#include "report/chart.h"

namespace bc::report {

struct SpcChartView {
  std::string id;                       // unique within the page
  std::string title;                    // visible heading and <title>
  std::string desc;                     // <desc>
  std::vector<std::string> categories;  // one label per point ("Apr 2017")
  const SpcChart* chart = nullptr;      // null or no points: a "No data" chart
  std::optional<double> target;
  ValueFormat format = ValueFormat::kCount;
  int width = 640, height = 300;
};

std::string render_spc_chart(const SpcChartView& v);

// The view of a metric's monthly chart (engine/metric_spc.h): its months as
// categories, its chart, target and format, and a description in words of
// its points, variation and assurance. Borrows c's chart.
SpcChartView spc_view_of(const MetricSpc& c, const MetricDef& m, std::string id, std::string title);

// The icons; `id` makes their <title> ids unique on the page. The
// variation icon of special cause shows H or L by the side of its cause.
std::string variation_icon_svg(PointType type, SpecialCause cause, std::string_view id);
std::string assurance_icon_svg(const std::optional<Assurance>& assurance, std::string_view id);
// Both icons with their words under them, for a table cell or a tile;
// "No SPC" text when there is no chart.
std::string spc_icons_html(const SpcChart* chart, std::string_view id);

// The figure: icons, chart, caption and values table. `left_out` are the
// months not charted and why ("2018-03: not loaded (spells)").
std::string spc_figure_html(const SpcChartView& v, const std::vector<std::string>& left_out);

}  // namespace bc::report
