// Internal to report: the pieces the charts (chart.h) are drawn from, shared
// by their files: chart_text.cc (numbers and text as the charts write and
// measure them), chart_data.cc (cleaning values, extents, stacks, ticks and
// scales), chart_svg.cc (SVG elements: the frame, heading, markers,
// legend), chart_axes.cc (the axes of a vertical chart), chart.cc (line
// charts and sparklines) and bar_chart.cc (bar charts). Not part of the report module's contract.
//
// Thread safety: as chart.h (pure functions; constants only).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/chart.h"

namespace bc::report::chart_parts {

inline constexpr const char* kInk = "#333333";
inline constexpr const char* kMuted = "#666666";
inline constexpr const char* kAxis = "#777777";
inline constexpr const char* kGrid = "#e3e3e3";
inline constexpr const char* kZero = "#555555";
inline constexpr double kTitleFont = 13;
inline constexpr double kLabelFont = 11;  // axis titles, legend
inline constexpr double kTickFont = 10;   // tick and category labels, value labels
// Values beyond this are clamped so that sums and spans stay finite.
inline constexpr double kMaxValue = 1e300;

// ---------------------------------------------------------------------------
// Text and numbers (chart_text.cc).

// A coordinate or length for an attribute: at most two decimals, never an
// exponent, never "nan" or "-0".
std::string num(double v);

// The estimated width in pixels of `s` in a sans-serif at `font` pixels;
// erring wide, so that labels placed by it do not collide.
double text_width(std::string_view s, double font);

// `s`, or as much of it as fits in `max_px` followed by an ellipsis.
std::string fit_text(std::string_view s, double max_px, double font);

// A tick label: like format_value, but with as many decimals as the tick
// step needs (so 0.25 steps do not print as 0.3) and no trailing zeros.
std::string format_tick(double v, ValueFormat f, double step);

// An id usable in id="" and in the space-separated aria-labelledby: the
// caller's id with anything else replaced by '-', or, when empty, one derived
// from the title and description (deterministic, so output stays stable).
std::string safe_id(std::string_view id, std::string_view title, std::string_view desc);

// ---------------------------------------------------------------------------
// Data (chart_data.cc).

// A finite value clamped to +-kMaxValue, or nullopt for none, NaN or infinity.
std::optional<double> clean(const std::optional<double>& v);

// The value of series `s` for category `i`, or nullopt when it has none.
std::optional<double> value_at(const Series& s, size_t i);

// The least and greatest of the values added, if any.
struct Extent {
  bool any = false;
  double lo = 0, hi = 0;
  void add(double v) {
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
};

// The extent of every series' values over the first n categories.
Extent value_extent(const std::vector<Series>& series, size_t n);

// Per category: the sum of the positive and of the negative values.
struct Stack {
  double pos = 0, neg = 0;
  bool any = false;
};

std::vector<Stack> stacks(const std::vector<Series>& series, size_t n);

// Ticks for a value axis; counts never get fractional steps unless the
// whole range is below one.
std::vector<double> axis_ticks(double lo, double hi, int target, ValueFormat f);

// Linear map from the data domain [d0, d1] to pixels [p0, p1].
struct Scale {
  double d0 = 0, d1 = 1, p0 = 0, p1 = 1;
  double operator()(double v) const {
    if (!(d1 > d0)) return p0;
    return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
  }
};

// A chart's width or height, kept within [lo, hi] (chart_data.cc).
int chart_dim(int v, int lo, int hi);

// ---------------------------------------------------------------------------
// SVG pieces (chart_svg.cc; the axes in chart_axes.cc).

// Text that may have been shortened: the full text goes in a <title>.
std::string text_el(std::string_view attrs, std::string_view full, std::string_view shown);

// The visible heading; returns the y below it.
double heading(std::string& out, std::string_view title, int w);

// A framed "No data" under `top`.
std::string no_data(int w, int h, double top);

// The stroke attributes of a line style (nothing for solid).
std::string dash_attrs(Series::Style style);

// A point marker; shape by series: circle, square, triangle, diamond,
// inverted triangle, ring. `inner` goes inside the element (a <title>).
std::string marker(int shape, double cx, double cy, double r, const std::string& color,
                   std::string_view cls, std::string_view inner);

// "<title>Jun 2017/18: 2,612</title>" for a data mark.
std::string mark_title(std::string_view category, std::string_view series, double v, ValueFormat f);

// The colour of series number `series` (the palette, repeating).
const std::string& colour(size_t series);

// A legend row (wrapping) from (x0, y0); returns the y below it.
double legend(std::string& out, const std::vector<Series>& series, bool lines, double x0, double y0,
              double max_w);

// The frame of a vertical chart (line chart, vertical bars).
struct Plot {
  double left = 0, right = 0, top = 0, bottom = 0, band = 1;
  Scale y;
};

// Lays out and draws the axes, gridlines, tick labels, category labels and
// the axis title of a vertical chart; the caller draws the marks.
// `headroom`/`footroom`: space inside the plot beyond the extreme ticks.
Plot vertical_axes(std::string& out, int w, int h, double top, const std::vector<std::string>& cats,
                   double lo, double hi, ValueFormat f, const std::string& y_label, double headroom,
                   double footroom);

// A dark line at zero when the axis spans both signs.
std::string zero_line(const Scale& s, double x1, double y1, double x2, double y2);

// The whole <svg> element: its opening with <title> and <desc>, then `body`.
std::string finish(const std::string& id, std::string_view title, std::string_view desc, int w,
                   int h, const std::string& body);

}  // namespace bc::report::chart_parts
