// Charts: line charts, bar charts and sparklines as inline SVG strings.
//
// Board reports are single HTML files printed on A4 (and turned into PDF by
// headless Chromium); web pages reuse the same charts. Each chart is one
// <svg> element that stands alone: no scripts, images, fonts, stylesheets or
// links, only inline attributes and font-family="sans-serif". It scales with
// its container (style="max-width:100%;height:auto").
//
// Promises to every reader:
//   - Accessible: role="img" and aria-labelledby pointing at a <title> and a
//     <desc> that come first; every data mark (point, bar, the sparkline's
//     last dot) carries a <title> "category series: value", which is also
//     the hover tooltip. Marks have class="mark".
//   - Colour is never the only cue: the palette is Okabe-Ito (safe for the
//     common colour-vision deficiencies); lines also differ by dash pattern
//     (Series::Style) and by point marker (circle, square, triangle,
//     diamond, ...), and the legend shows colour, dash and marker together.
//   - Legible: x labels are thinned or rotated so they never overlap; long
//     category names on horizontal bars are shortened with an ellipsis and
//     the full name kept in a <title>; all text is escaped.
//   - Robust: empty input or no finite value gives a framed "No data"
//     chart; NaN and infinities count as missing; series longer than the
//     categories are cut, shorter ones padded with missing values; negative
//     values draw below a zero line. Nothing throws. The same input always
//     gives the same bytes, and numbers in the SVG never use exponents.
//
// Thread safety: pure functions of their arguments; palette() returns an
// immutable table. Safe to call from any number of threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bc::report {

// One line or bar series: one value per category; nullopt = no value (a gap
// in a line, no bar).
struct Series {
  std::string name;  // shown in the legend and in each mark's <title>
  std::vector<std::optional<double>> values;
  enum class Style { kSolid, kDashed, kDotted } style = Style::kSolid;  // lines only
};

// How ticks and value labels are written (see format_value).
enum class ValueFormat { kCount, kPercent, kPounds, kDecimal };

// The format of a metric's unit ("count", "percent", "pounds", "per_100k").
ValueFormat value_format_of_unit(std::string_view unit);

struct LineChart {
  std::string id;     // unique within the page; prefixes the ids of <title>/<desc>
  std::string title;  // visible heading inside the SVG, and its <title>
  std::string desc;   // <desc>: a sentence a screen reader can use
  std::vector<std::string> categories;  // x axis labels, e.g. Apr..Mar
  std::vector<Series> series;
  std::string y_label;
  ValueFormat format = ValueFormat::kCount;
  int width = 640, height = 280;
  bool y_from_zero = true;  // false: the axis fits the data (nice bounds)
};

struct BarChart {
  std::string id, title, desc;  // as for LineChart
  std::vector<std::string> categories;
  // One series = simple bars; several = grouped, or stacked when `stacked`
  // (positive values stack up from zero, negative ones down from it).
  std::vector<Series> series;
  bool stacked = false;
  bool horizontal = false;   // bars run left to right; category names on the left
  bool show_values = false;  // value labels on the bars (on the totals when stacked);
                             // left off a bar too narrow to hold its label
  std::string y_label;       // the value axis (under it when horizontal)
  ValueFormat format = ValueFormat::kCount;
  int width = 640, height = 280;  // horizontal: the height grows to fit the categories
};

// A word-sized trend line: no axes or legend; the last point is marked.
struct Sparkline {
  std::string id, title, desc;  // title/desc are still required for accessibility
  std::vector<std::optional<double>> values;
  std::optional<double> reference;  // e.g. the plan: a thin dashed horizontal line
  int width = 120, height = 32;
  ValueFormat format = ValueFormat::kCount;  // for the last point's <title>
};

// Each returns one complete <svg> element.
std::string render_line_chart(const LineChart& c);
std::string render_bar_chart(const BarChart& c);
std::string render_sparkline(const Sparkline& c);

// A "nice" axis: ascending ticks at multiples of 1, 2, 2.5 or 5 x 10^k whose
// first is <= lo and last >= hi, about `target` intervals. Always at least
// two ticks: when lo == hi the range is widened around the value. lo and hi
// may come in either order; non-finite bounds are treated as 0.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

// Formats a value as chart labels do:
//   kCount    12,345 when whole, else one decimal (2.5)
//   kPercent  5.4% (the value is already a percentage)
//   kPounds   £1.2m from a million, £120k from ten thousand, £1.5k from a
//             thousand, £950 below; £1.2bn from a billion; "-£1.2m"
//   kDecimal  12.3 (thousands separated: 1,234.5)
// NaN and infinities are written "-".
std::string format_value(double v, ValueFormat f);

// Escapes &, <, >, " and ' for XML/HTML text and attribute values, and drops
// the control characters XML does not allow (all below U+0020 except tab,
// line feed and carriage return).
std::string xml_escape(std::string_view s);

// The series colours, in order (Okabe-Ito, "#RRGGBB"); series beyond the
// end reuse them from the start, with a different marker.
const std::vector<std::string>& palette();

}  // namespace bc::report
