// The axes of a vertical chart (a line chart or vertical bars): the value
// axis with its ticks, gridlines and title, the category labels thinned or
// rotated so they never overlap, and the zero line (chart_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart.h"
#include "report/chart_parts.h"

namespace bc::report::chart_parts {
namespace {

// How category labels under a vertical chart are placed.
struct XLabels {
  size_t every = 1;     // label every n-th category
  bool rotate = false;  // at -45 degrees
  double max_w = 0;     // labels are shortened to this width
  double height = 18;   // space they take under the plot
};

XLabels layout_x_labels(const std::vector<std::string>& cats, double band, double max_h,
                        double left_room) {
  XLabels l;
  for (const auto& c : cats) l.max_w = std::max(l.max_w, text_width(c, kTickFont));
  band = std::max(band, 0.01);
  if (l.max_w + 6 <= band) return l;
  // Horizontal labels need their width; rotated ones a line's height
  // (16px apart on the axis puts parallel 45-degree baselines 11px apart).
  const auto every_h = static_cast<size_t>(std::ceil((l.max_w + 6) / band));
  const auto every_r = static_cast<size_t>(std::ceil(16 / band));
  if (every_h <= every_r) {
    l.every = every_h;
    return l;
  }
  l.rotate = true;
  l.every = every_r;
  l.max_w = std::max(20.0, std::min({l.max_w, max_h / 0.71, left_room / 0.71}));
  l.height = l.max_w * 0.71 + 16;
  return l;
}

}  // namespace

// Lays out and draws the axes, gridlines, tick labels, category labels and
// the axis title of a vertical chart; the caller draws the marks.
// `headroom`/`footroom`: space inside the plot beyond the extreme ticks.
Plot vertical_axes(std::string& out, int w, int h, double top, const std::vector<std::string>& cats,
                   double lo, double hi, ValueFormat f, const std::string& y_label, double headroom,
                   double footroom) {
  Plot p;
  p.top = top + 12 + headroom;  // clear of the top tick label
  const double label_col = y_label.empty() ? 0 : 16;
  const int target = std::clamp(static_cast<int>((h - 24 - p.top) / 40), 2, 8);
  const std::vector<double> ticks = axis_ticks(lo, hi, target, f);
  const double step = ticks[1] - ticks[0];
  std::vector<std::string> labels;
  double tick_w = 0;
  for (double t : ticks) {
    labels.push_back(format_tick(t, f, step));
    tick_w = std::max(tick_w, text_width(labels.back(), kTickFont));
  }
  p.left = std::min(6 + label_col + tick_w + 8, w * 0.45);
  p.right = w - 12.0;
  p.band = (p.right - p.left) / static_cast<double>(cats.size());
  const XLabels xl = layout_x_labels(cats, p.band, h * 0.35, p.left + p.band / 2);
  p.bottom = std::max(p.top + 20, h - 4 - xl.height - footroom);
  p.y = Scale{ticks.front(), ticks.back(), p.bottom, p.top};

  out += fmt::format("<g class=\"y-axis\" font-size=\"{}\" fill=\"{}\">", num(kTickFont), kInk);
  for (size_t k = 0; k < ticks.size(); ++k) {
    const double y = p.y(ticks[k]);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>"
        "<line x1=\"{4}\" y1=\"{2}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{5}\"/>"
        "<text class=\"tick-label\" x=\"{6}\" y=\"{7}\" text-anchor=\"end\">{8}</text>",
        num(p.left), num(p.right), num(y), kGrid, num(p.left - 4), kAxis, num(p.left - 6),
        num(y + 3.5), xml_escape(labels[k]));
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/></g>",
                     num(p.left), num(p.top - headroom), num(p.bottom + footroom), kAxis);
  if (!y_label.empty()) {
    const double cy = (p.top + p.bottom) / 2;
    out += text_el(fmt::format("class=\"axis-label\" x=\"12\" y=\"{0}\" transform=\"rotate(-90 12 "
                               "{0})\" text-anchor=\"middle\" font-size=\"{1}\" fill=\"{2}\"",
                               num(cy), num(kLabelFont), kInk),
                   y_label, fit_text(y_label, p.bottom - p.top + headroom + footroom, kLabelFont));
  }

  const double axis_y = p.bottom + footroom;
  out += fmt::format("<g class=\"x-axis\" font-size=\"{}\" fill=\"{}\">", num(kTickFont), kInk);
  out += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>",
                     num(p.left), num(p.right), num(axis_y), kAxis);
  for (size_t i = 0; i < cats.size(); ++i) {
    const double cx = p.left + (static_cast<double>(i) + 0.5) * p.band;
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>",
                       num(cx), num(axis_y), num(axis_y + 4), kAxis);
    if (i % xl.every != 0) continue;
    if (xl.rotate) {
      const double ax = cx + 3, ay = axis_y + 10;
      out += text_el(fmt::format("class=\"x-label\" x=\"{0}\" y=\"{1}\" transform=\"rotate(-45 "
                                 "{0} {1})\" text-anchor=\"end\"",
                                 num(ax), num(ay)),
                     cats[i], fit_text(cats[i], xl.max_w, kTickFont));
    } else {
      out += text_el(fmt::format("class=\"x-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\"",
                                 num(cx), num(axis_y + 15)),
                     cats[i], cats[i]);
    }
  }
  out += "</g>";
  return p;
}

// A dark line at zero when the axis spans both signs.
std::string zero_line(const Scale& s, double x1, double y1, double x2, double y2) {
  if (!(s.d0 < 0 && s.d1 > 0)) return "";
  return fmt::format("<line class=\"zero\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
                     num(x1), num(y1), num(x2), num(y2), kZero);
}

}  // namespace bc::report::chart_parts
