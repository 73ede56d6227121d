// Line charts and sparklines (chart.h): values over categories as lines
// with point markers, and the word-sized trend line. Bar charts are in
// bar_chart.cc; the pieces both are drawn from in chart_parts.h.
#include "report/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_parts.h"

namespace bc::report {

using namespace chart_parts;  // NOLINT: the charts' own pieces (chart_parts.h)

std::string render_line_chart(const LineChart& c) {
  const int w = chart_dim(c.width, 160, 4000), h = chart_dim(c.height, 100, 4000);
  const std::string id = safe_id(c.id, c.title, c.desc);
  std::string body;
  double top = heading(body, c.title, w);
  const size_t n = c.categories.size();
  const Extent e = value_extent(c.series, n);
  if (!e.any) return finish(id, c.title, c.desc, w, h, body + no_data(w, h, top));
  if (c.series.size() >= 2) top = legend(body, c.series, true, 8, top + 2, w - 16);
  double lo = e.lo, hi = e.hi;
  if (c.y_from_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  const Plot p = vertical_axes(body, w, h, top, c.categories, lo, hi, c.format, c.y_label, 0, 0);
  body += zero_line(p.y, p.left, p.y(0), p.right, p.y(0));
  const double r = std::clamp(p.band * 0.18, 1.5, 3.5);
  for (size_t j = 0; j < c.series.size(); ++j) {
    const Series& s = c.series[j];
    std::string path, marks;
    size_t run = 0;  // points in the current unbroken run
    for (size_t i = 0; i < n; ++i) {
      auto v = value_at(s, i);
      if (!v) {
        run = 0;
        continue;
      }
      const double cx = p.left + (static_cast<double>(i) + 0.5) * p.band, cy = p.y(*v);
      path += (run++ == 0 ? (path.empty() ? "M" : " M") : " L") + num(cx) + "," + num(cy);
      marks += marker(static_cast<int>(j), cx, cy, r, colour(j), "mark",
                      mark_title(c.categories[i], s.name, *v, c.format));
    }
    body += "<g class=\"series\">";
    if (path.find(" L") != std::string::npos)
      body += fmt::format(
          "<path class=\"line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
          "stroke-linejoin=\"round\"{}/>",
          path, colour(j), dash_attrs(s.style));
    body += marks + "</g>";
  }
  return finish(id, c.title, c.desc, w, h, body);
}

std::string render_sparkline(const Sparkline& c) {
  const int w = chart_dim(c.width, 16, 2000), h = chart_dim(c.height, 8, 500);
  const std::string id = safe_id(c.id, c.title, c.desc);
  Extent e;
  std::optional<size_t> last;
  for (size_t i = 0; i < c.values.size(); ++i)
    if (auto v = clean(c.values[i])) e.add(*v), last = i;
  if (!last) {
    return finish(id, c.title, c.desc, w, h,
                  fmt::format("<text class=\"no-data\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                              "font-size=\"{}\" fill=\"{}\">No data</text>",
                              num(w / 2.0), num(h / 2.0 + 3), num(std::min(9.0, h * 0.8)), kMuted));
  }
  const std::optional<double> ref = c.reference ? clean(c.reference) : std::nullopt;
  if (ref) e.add(*ref);
  double lo = e.lo, hi = e.hi;
  if (hi - lo <= std::max(std::abs(lo), std::abs(hi)) * 1e-12) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad, hi += pad;
  }
  const double pad = 3;
  const Scale y{lo, hi, h - pad, pad};
  const size_t n = c.values.size();
  auto x_at = [&](size_t i) {
    if (n < 2) return w / 2.0;
    return pad + static_cast<double>(i) * (w - 2 * pad) / static_cast<double>(n - 1);
  };
  std::string body;
  if (ref)
    body += fmt::format(
        "<line class=\"reference\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#888888\" "
        "stroke-width=\"1\" stroke-dasharray=\"3 2\"/>",
        num(pad), num(w - pad), num(y(*ref)));
  std::string path, dots;
  for (size_t i = 0; i < n; ++i) {
    auto v = clean(c.values[i]);
    if (!v) continue;
    const bool starts = i == 0 || !clean(c.values[i - 1]);
    const bool ends = i + 1 == n || !clean(c.values[i + 1]);
    path += (starts ? (path.empty() ? "M" : " M") : " L") + num(x_at(i)) + "," + num(y(*v));
    if (starts && ends && i != *last)  // an isolated point would otherwise not show
      dots += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"1\" fill=\"{}\"/>", num(x_at(i)),
                          num(y(*v)), colour(0));
  }
  if (path.find(" L") != std::string::npos)
    body += fmt::format(
        "<path class=\"line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" "
        "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
        path, colour(0));
  body += dots;
  const double lv = *clean(c.values[*last]);
  body += fmt::format(
      "<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"><title>{}</title></circle>",
      num(x_at(*last)), num(y(lv)), colour(0), xml_escape("Latest: " + format_value(lv, c.format)));
  return finish(id, c.title, c.desc, w, h, body);
}

}  // namespace bc::report
