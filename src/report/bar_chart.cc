// Bar charts (chart.h): vertical or horizontal; simple, grouped or
// stacked; with value labels where they fit.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "report/chart.h"
#include "report/chart_parts.h"

namespace bc::report {

using namespace chart_parts;  // NOLINT: the charts' own pieces (chart_parts.h)

namespace {

std::string bar_value_label(double x, double y, std::string_view anchor, const std::string& text) {
  return fmt::format("<text class=\"value-label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
                     num(x), num(y), anchor, xml_escape(text));
}

std::string bar_rect(double x, double y, double bw, double bh, const std::string& color,
                     const std::string& title) {
  return fmt::format(
      "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
      "stroke=\"#ffffff\" stroke-width=\"0.5\">{}</rect>",
      num(x), num(y), num(std::max(0.0, bw)), num(std::max(0.0, bh)), color, title);
}

// What bars of either orientation start from: the heading and, with two
// series or more, the legend in `body`, and `top` below them; each
// category's stack; the value range from zero (over the stack totals when
// stacked). `any` is false when no value is finite, and `body` then holds
// the heading alone.
struct BarFrame {
  std::string body;
  double top = 0;
  std::vector<Stack> by_category;
  bool any = false;
  double lo = 0, hi = 0;
};

BarFrame frame_bars(const BarChart& c, int w) {
  BarFrame f;
  f.top = heading(f.body, c.title, w);
  const size_t n = c.categories.size();
  f.by_category = stacks(c.series, n);
  Extent e = value_extent(c.series, n);
  if (!e.any) return f;
  if (c.stacked) {
    e = Extent{};
    for (const Stack& s : f.by_category) e.add(s.pos), e.add(s.neg);
  }
  if (c.series.size() >= 2) f.top = legend(f.body, c.series, false, 8, f.top + 2, w - 16);
  f.any = true;
  f.lo = std::min(0.0, e.lo);
  f.hi = std::max(0.0, e.hi);
  return f;
}

// Bars up from the zero line (down for negative values), categories along the
// bottom. `f` has values (frame_bars).
std::string render_vertical_bars(const BarChart& c, int w, int h, const std::string& id,
                                 BarFrame f) {
  std::string& body = f.body;
  const std::vector<Stack>& st = f.by_category;
  const size_t n = c.categories.size();
  const size_t ns = c.series.size();
  const double room = c.show_values ? 14 : 0;
  Plot p = vertical_axes(body, w, h, f.top, c.categories, f.lo, f.hi, c.format, c.y_label, room,
                         f.lo < 0 ? room : 0);
  const Scale& y = p.y;
  const double zero = y(0);

  std::string labels;
  for (size_t i = 0; i < n; ++i) {
    const double band_x = p.left + static_cast<double>(i) * p.band;
    if (c.stacked) {
      const double bw = p.band * 0.7, x = band_x + (p.band - bw) / 2;
      double up = 0, down = 0;
      for (size_t j = 0; j < ns; ++j) {
        auto v = value_at(c.series[j], i);
        if (!v) continue;
        double& base = *v < 0 ? down : up;
        const double y0 = y(base), y1 = y(base + *v);
        base += *v;
        body += bar_rect(x, std::min(y0, y1), bw, std::abs(y1 - y0), colour(j),
                         mark_title(c.categories[i], c.series[j].name, *v, c.format));
      }
      if (c.show_values && st[i].any) {
        const std::string t = format_value(st[i].pos + st[i].neg, c.format);
        if (text_width(t, kTickFont) <= p.band)
          labels += st[i].pos + st[i].neg >= 0
                        ? bar_value_label(x + bw / 2, y(up) - 3, "middle", t)
                        : bar_value_label(x + bw / 2, y(down) + 11, "middle", t);
      }
      continue;
    }
    const double group = p.band * (ns > 1 ? 0.8 : 0.7);
    const double bw = group / static_cast<double>(ns);
    for (size_t j = 0; j < ns; ++j) {
      auto v = value_at(c.series[j], i);
      if (!v) continue;
      const double x = band_x + (p.band - group) / 2 + static_cast<double>(j) * bw;
      const double yv = y(*v);
      body += bar_rect(x, std::min(zero, yv), bw, std::abs(zero - yv), colour(j),
                       mark_title(c.categories[i], c.series[j].name, *v, c.format));
      if (c.show_values) {
        const std::string t = format_value(*v, c.format);
        if (text_width(t, kTickFont) <= (ns > 1 ? bw + 2 : p.band))
          labels += bar_value_label(x + bw / 2, *v >= 0 ? yv - 3 : yv + 11, "middle", t);
      }
    }
  }
  body += zero_line(y, p.left, zero, p.right, zero);
  if (!labels.empty())
    body += fmt::format("<g class=\"values\" font-size=\"{}\" fill=\"{}\">{}</g>", num(kTickFont),
                        kInk, labels);
  return finish(id, c.title, c.desc, w, h, body);
}

// Bars to the right of the zero line (left for negative values), one row
// per category. `f` has values (frame_bars).
std::string render_horizontal_bars(const BarChart& c, int w, int h, const std::string& id,
                                   BarFrame f) {
  std::string& body = f.body;
  const std::vector<Stack>& st = f.by_category;
  const size_t n = c.categories.size();
  const size_t ns = c.series.size();

  // Rows: the chart grows taller rather than squeeze them.
  const double min_band = c.stacked || ns == 1 ? 16 : 4 + 9 * static_cast<double>(ns);
  const double foot = 20 + (c.y_label.empty() ? 0 : 16);
  const double plot_top = f.top + 8;
  const double needed = plot_top + min_band * static_cast<double>(n) + foot;
  if (needed > h) h = static_cast<int>(std::min(std::ceil(needed), 20000.0));
  const double bottom = h - foot;
  const double band = (bottom - plot_top) / static_cast<double>(n);

  double label_w = 0;
  for (const auto& cat : c.categories) label_w = std::max(label_w, text_width(cat, kTickFont));
  label_w = std::min(label_w, w * 0.35);
  const double left = 8 + label_w + 8, right = w - 12.0;

  // Value labels sit beyond the bar ends: keep room for them.
  double pad_lo = 0, pad_hi = 0;
  if (c.show_values) {
    for (size_t i = 0; i < n; ++i) {
      auto room = [&](double v) {
        (v < 0 ? pad_lo : pad_hi) =
            std::max(v < 0 ? pad_lo : pad_hi, text_width(format_value(v, c.format), kTickFont) + 6);
      };
      if (c.stacked) {
        if (st[i].any) room(st[i].pos + st[i].neg);
      } else {
        for (const Series& s : c.series)
          if (auto v = value_at(s, i)) room(*v);
      }
    }
    if (right - left - pad_lo - pad_hi < 40) pad_lo = pad_hi = 0;
  }
  const double x0 = left + pad_lo, x1 = right - pad_hi;

  // Fewer ticks until their labels fit side by side.
  std::vector<double> ticks;
  std::vector<std::string> tick_labels;
  for (int target = std::clamp(static_cast<int>((x1 - x0) / 90), 2, 8);; --target) {
    ticks = axis_ticks(f.lo, f.hi, target, c.format);
    tick_labels.clear();
    double widest = 0;
    for (double t : ticks) {
      tick_labels.push_back(format_tick(t, c.format, ticks[1] - ticks[0]));
      widest = std::max(widest, text_width(tick_labels.back(), kTickFont));
    }
    const double spacing = (x1 - x0) / static_cast<double>(ticks.size() - 1);
    if (widest + 8 <= spacing || target <= 1) break;
  }
  const Scale x{ticks.front(), ticks.back(), x0, x1};
  const double zero = x(0);

  body += fmt::format("<g class=\"x-axis\" font-size=\"{}\" fill=\"{}\">", num(kTickFont), kInk);
  for (size_t k = 0; k < ticks.size(); ++k) {
    const double tx = x(ticks[k]);
    body += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>"
        "<line x1=\"{0}\" y1=\"{2}\" x2=\"{0}\" y2=\"{4}\" stroke=\"{5}\"/>"
        "<text class=\"tick-label\" x=\"{0}\" y=\"{6}\" text-anchor=\"middle\">{7}</text>",
        num(tx), num(plot_top), num(bottom), kGrid, num(bottom + 4), kAxis, num(bottom + 15),
        xml_escape(tick_labels[k]));
  }
  body += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/></g>",
                      num(left), num(right), num(bottom), kAxis);
  if (!c.y_label.empty())
    body += text_el(fmt::format("class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
                                "font-size=\"{}\" fill=\"{}\"",
                                num((x0 + x1) / 2), num(bottom + 32), num(kLabelFont), kInk),
                    c.y_label, fit_text(c.y_label, right - left, kLabelFont));

  body += fmt::format("<g class=\"y-axis\" font-size=\"{}\" fill=\"{}\">", num(kTickFont), kInk);
  body += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>",
                      num(left), num(plot_top), num(bottom), kAxis);
  for (size_t i = 0; i < n; ++i) {
    const double cy = plot_top + (static_cast<double>(i) + 0.5) * band;
    body += text_el(fmt::format("class=\"y-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\"",
                                num(left - 6), num(cy + 3.5)),
                    c.categories[i], fit_text(c.categories[i], label_w, kTickFont));
  }
  body += "</g>";

  std::string labels;
  for (size_t i = 0; i < n; ++i) {
    const double band_y = plot_top + static_cast<double>(i) * band;
    auto label_at = [&](double end, double cy, double v) {
      const std::string t = format_value(v, c.format);
      labels += v < 0 ? bar_value_label(end - 3, cy + 3.5, "end", t)
                      : bar_value_label(end + 3, cy + 3.5, "start", t);
    };
    if (c.stacked) {
      const double bh = band * 0.7, y = band_y + (band - bh) / 2;
      double right_sum = 0, left_sum = 0;
      for (size_t j = 0; j < ns; ++j) {
        auto v = value_at(c.series[j], i);
        if (!v) continue;
        double& base = *v < 0 ? left_sum : right_sum;
        const double a = x(base), b = x(base + *v);
        base += *v;
        body += bar_rect(std::min(a, b), y, std::abs(b - a), bh, colour(j),
                         mark_title(c.categories[i], c.series[j].name, *v, c.format));
      }
      if (c.show_values && st[i].any) {
        const double total = st[i].pos + st[i].neg;
        label_at(total < 0 ? x(left_sum) : x(right_sum), y + bh / 2, total);
      }
      continue;
    }
    const double group = band * (ns > 1 ? 0.8 : 0.7);
    const double bh = group / static_cast<double>(ns);
    for (size_t j = 0; j < ns; ++j) {
      auto v = value_at(c.series[j], i);
      if (!v) continue;
      const double y = band_y + (band - group) / 2 + static_cast<double>(j) * bh;
      const double xv = x(*v);
      body += bar_rect(std::min(zero, xv), y, std::abs(xv - zero), bh, colour(j),
                       mark_title(c.categories[i], c.series[j].name, *v, c.format));
      if (c.show_values && bh >= kTickFont * 0.8) label_at(xv, y + bh / 2, *v);
    }
  }
  body += zero_line(x, zero, plot_top, zero, bottom);
  if (!labels.empty())
    body += fmt::format("<g class=\"values\" font-size=\"{}\" fill=\"{}\">{}</g>", num(kTickFont),
                        kInk, labels);
  return finish(id, c.title, c.desc, w, h, body);
}

}  // namespace

std::string render_bar_chart(const BarChart& c) {
  const int w = chart_dim(c.width, 160, 4000), h = chart_dim(c.height, 100, 4000);
  const std::string id = safe_id(c.id, c.title, c.desc);
  BarFrame f = frame_bars(c, w);
  if (!f.any) return finish(id, c.title, c.desc, w, h, f.body + no_data(w, h, f.top));
  return c.horizontal ? render_horizontal_bars(c, w, h, id, std::move(f))
                      : render_vertical_bars(c, w, h, id, std::move(f));
}

}  // namespace bc::report
