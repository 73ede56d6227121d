#include "report/funnel_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_parts.h"

namespace bc::report {
namespace {

using namespace chart_parts;

constexpr const char* kFunnelCentre = "#333333";
constexpr const char* kFunnel95 = "#0072b2";   // Okabe-Ito blue
constexpr const char* kFunnel998 = "#a0005a";  // as the SPC target's
constexpr const char* kFunnelPoint = "#333333";
constexpr const char* kFunnelOut = "#d55e00";  // Okabe-Ito vermilion: outside the funnel
constexpr int kCurveSteps = 60;
constexpr size_t kLabelAllUpTo = 12;  // groups; beyond, only those outside are labelled

// A limit curve from x = lo to hi registered people, as an SVG path.
std::string curve(const Funnel& f, double z, double lo, double hi, const Scale& x, const Scale& y,
                  double y_top) {
  std::string d;
  for (int i = 0; i <= kCurveSteps; ++i) {
    // Steps closer together where the curve bends (small populations).
    const double t = static_cast<double>(i) / kCurveSteps;
    const double n = lo + (hi - lo) * t * t;
    if (n <= 0) continue;
    const double py = std::max(y(f.limit(n, z)), y_top);
    d += (d.empty() ? "M" : " L") + num(x(n)) + "," + num(py);
  }
  return d;
}

std::string funnel_legend(double x, double y) {
  std::string out;
  auto item = [&](const char* colour, const char* dash, const char* words) {
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\" stroke-width=\"2\"{4}/>"
        "<text x=\"{5}\" y=\"{6}\" font-size=\"{7}\" fill=\"{8}\">{9}</text>",
        num(x), num(y), num(x + 22), colour,
        *dash ? fmt::format(" stroke-dasharray=\"{}\"", dash) : std::string(), num(x + 27),
        num(y + 4), num(kLabelFont), kInk, words);
    x += 32 + text_width(words, kLabelFont);
  };
  item(kFunnelCentre, "", "area");
  item(kFunnel95, "6 3", "95% limits");
  item(kFunnel998, "2 3", "99.8% limits");
  return out;
}

}  // namespace

std::string render_funnel_chart(const FunnelChartView& v) {
  const int w = chart_dim(v.width, 240, 4000), h = chart_dim(v.height, 180, 4000);
  const std::string id = safe_id(v.id, v.title, v.desc);
  std::string body;
  double top = heading(body, v.title, w);
  Extent xs, ys;
  if (v.funnel != nullptr) {
    for (const FunnelGroup& g : v.funnel->groups) {
      if (!g.per_1000 || !clean(*g.per_1000)) continue;
      xs.add(static_cast<double>(g.registered));
      ys.add(*g.per_1000);
    }
  }
  if (!xs.any || !v.funnel->per_1000)
    return finish(id, v.title, v.desc, w, h, body + no_data(w, h, top));
  const Funnel& f = *v.funnel;
  body += funnel_legend(12, top + 8);
  top += 38;
  // The axes: x from 0 to past the largest group; y from 0 to past the
  // highest point and the 99.8% limit at the smallest group.
  const double x_lo = std::max(1.0, xs.lo * 0.5), x_hi = xs.hi * 1.08;
  ys.add(0);
  ys.add(f.limit(x_lo, kFunnelZ998));
  const std::vector<double> yt = axis_ticks(0, ys.hi * 1.05, 5, ValueFormat::kDecimal);
  const std::vector<double> xt = axis_ticks(0, x_hi, 5, ValueFormat::kCount);
  const double left = 16 + text_width(format_tick(yt.back(), ValueFormat::kDecimal, 1), kTickFont);
  const double right = w - 14, bottom = h - 40;
  const Scale x{0, xt.back(), left, right};
  const Scale y{0, yt.back(), bottom, top};
  for (double t : yt) {
    body += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\"/>"
        "<text x=\"{4}\" y=\"{5}\" font-size=\"{6}\" text-anchor=\"end\" fill=\"{7}\">{8}</text>",
        num(left), num(y(t)), num(right), kGrid, num(left - 4), num(y(t) + 3), num(kTickFont), kInk,
        format_tick(t, ValueFormat::kDecimal, yt.size() > 1 ? yt[1] - yt[0] : 1));
  }
  for (double t : xt) {
    body += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>"
        "<text x=\"{0}\" y=\"{4}\" font-size=\"{5}\" text-anchor=\"middle\" "
        "fill=\"{6}\">{7}</text>",
        num(x(t)), num(bottom), num(bottom + 4), kAxis, num(bottom + 15), num(kTickFont), kInk,
        format_tick(t, ValueFormat::kCount, xt.size() > 1 ? xt[1] - xt[0] : 1));
  }
  body += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{3}\"/>"
      "<text x=\"{4}\" y=\"{5}\" font-size=\"{6}\" text-anchor=\"middle\" fill=\"{7}\">"
      "Registered people</text>"
      "<text x=\"{8}\" y=\"{9}\" font-size=\"{6}\" fill=\"{7}\">per 1,000</text>",
      num(left), num(bottom), num(right), kAxis, num((left + right) / 2), num(bottom + 32),
      num(kLabelFont), kInk, num(4), num(top - 10));
  // The area's rate and the limits.
  const double centre = *f.per_1000;
  body += fmt::format(
      "<line class=\"centre\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
      "stroke-width=\"1.5\"/>",
      num(x(x_lo)), num(right), num(y(centre)), kFunnelCentre);
  for (const auto& [z, colour, dash, cls] :
       {std::tuple{kFunnelZ95, kFunnel95, "6 3", "limit95"},
        std::tuple{kFunnelZ998, kFunnel998, "2 3", "limit998"}}) {
    for (double sign : {1.0, -1.0}) {
      body += fmt::format(
          "<path class=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" "
          "stroke-dasharray=\"{}\"/>",
          cls, curve(f, sign * z, x_lo, xt.back(), x, y, top), colour, dash);
    }
  }
  // The groups; with many, only those outside the 95% limits are labelled
  // (every point has its <title>, and the table beside the chart).
  const bool label_all = f.groups.size() <= kLabelAllUpTo;
  for (size_t i = 0; i < f.groups.size(); ++i) {
    const FunnelGroup& g = f.groups[i];
    if (!g.per_1000 || !clean(*g.per_1000)) continue;
    const std::string label = i < v.labels.size() ? v.labels[i] : g.key.value_or("?");
    const bool out = g.position && *g.position != FunnelPosition::kWithin;
    const std::string words =
        g.position ? std::string(funnel_position_words(*g.position)) : std::string("no limits");
    const double px = x(static_cast<double>(g.registered)), py = y(*g.per_1000);
    body += marker(
        out ? 3 : 0, px, py, out ? 5 : 4, out ? kFunnelOut : kFunnelPoint, "mark",
        fmt::format("<title>{}: {} per 1,000 of {} registered people, {}</title>",
                    xml_escape(label), format_value(*g.per_1000, ValueFormat::kDecimal),
                    format_value(static_cast<double>(g.registered), ValueFormat::kCount), words));
    if (!label_all && !out) continue;
    body +=
        fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>", num(px + 6),
                    num(py - 5), num(kTickFont), kInk, xml_escape(fit_text(label, 90, kTickFont)));
  }
  return finish(id, v.title, v.desc, w, h, body);
}

}  // namespace bc::report
