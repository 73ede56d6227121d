// SPC charts and icons (spc_chart.h), from the chart pieces of chart_parts.h.
#include "report/spc_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "present/html_escape.h"
#include "report/chart_parts.h"

namespace bc::report {

using namespace chart_parts;  // NOLINT: this folder's own chart pieces

namespace {

// Colours with 3:1 or better on white (the darker counterparts of Making
// Data Count's grey, blue, orange and purple).
constexpr const char* kCommon = "#6b6b6b";
constexpr const char* kImprovement = "#005eb8";
constexpr const char* kConcern = "#b85c00";
constexpr const char* kNeutral = "#5b2c8f";
constexpr const char* kMeanInk = "#333333";
constexpr const char* kLimitInk = "#555555";
constexpr const char* kTargetInk = "#a0005a";

const char* type_colour(PointType t) {
  switch (t) {
    case PointType::kImprovement:
      return kImprovement;
    case PointType::kConcern:
      return kConcern;
    case PointType::kNeutralHigh:
    case PointType::kNeutralLow:
      return kNeutral;
    case PointType::kCommonCause:
      break;
  }
  return kCommon;
}

// chart_parts::marker's shapes: 0 circle, 2 triangle, 3 diamond.
int type_shape(PointType t) {
  switch (t) {
    case PointType::kConcern:
      return 2;
    case PointType::kNeutralHigh:
    case PointType::kNeutralLow:
      return 3;
    default:
      return 0;
  }
}

std::string hline(double x1, double x2, double y, const char* colour, std::string_view dash,
                  std::string_view cls) {
  return fmt::format(
      "<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
      "stroke-width=\"1.5\"{}/>",
      cls, num(x1), num(y), num(x2), num(y), colour,
      dash.empty() ? std::string() : fmt::format(" stroke-dasharray=\"{}\"", dash));
}

// One legend entry from x; returns the x after it.
double legend_item(std::string& out, double x, double y, std::string_view sample,
                   std::string_view label) {
  out += fmt::format("<g transform=\"translate({},{})\">{}</g>", num(x), num(y), sample);
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>", num(x + 20),
                     num(y + 4), num(kLabelFont), kInk, xml_escape(label));
  return x + 28 + text_width(label, kLabelFont);
}

std::string line_sample(const char* colour, std::string_view dash) {
  return fmt::format(
      "<line x1=\"0\" y1=\"0\" x2=\"16\" y2=\"0\" stroke=\"{}\" stroke-width=\"2\"{}/>", colour,
      dash.empty() ? std::string() : fmt::format(" stroke-dasharray=\"{}\"", dash));
}

// The legend rows under the heading; returns the y below them.
double spc_legend(std::string& out, const SpcChart& c, bool target, int w, double top) {
  std::vector<std::pair<std::string, std::string>> items;
  bool seen[5] = {};
  for (const SpcPoint& p : c.points) seen[static_cast<int>(p.type)] = true;
  const PointType order[] = {PointType::kCommonCause, PointType::kImprovement, PointType::kConcern,
                             PointType::kNeutralHigh, PointType::kNeutralLow};
  for (PointType t : order) {
    if (!seen[static_cast<int>(t)]) continue;
    std::string label = t == PointType::kCommonCause   ? "Common cause"
                        : t == PointType::kImprovement ? "Improvement"
                        : t == PointType::kConcern     ? "Concern"
                        : t == PointType::kNeutralHigh ? "Special cause: higher"
                                                       : "Special cause: lower";
    items.emplace_back(marker(type_shape(t), 8, 0, 4, type_colour(t), "legend-mark", ""), label);
  }
  items.emplace_back(line_sample(kMeanInk, ""), "Mean");
  items.emplace_back(line_sample(kLimitInk, "6 3"), "Process limits");
  if (target) items.emplace_back(line_sample(kTargetInk, "2 3"), "Target");
  double x = 8, y = top + 10;
  for (const auto& [sample, label] : items) {
    const double need = 28 + text_width(label, kLabelFont);
    if (x > 8 && x + need > w - 8) x = 8, y += 18;
    x = legend_item(out, x, y, sample, label);
  }
  return y + 10;
}

}  // namespace

SpcChartView spc_view_of(const MetricSpc& c, const MetricDef& m, std::string id,
                         std::string title) {
  SpcChartView v;
  v.id = std::move(id);
  v.title = std::move(title);
  for (const YearMonth& month : c.months) v.categories.push_back(month.short_name());
  v.chart = c.chart ? &*c.chart : nullptr;
  v.target = c.target;
  v.format = value_format_of_unit(m.unit_name());
  v.desc = c.chart
               ? fmt::format("XmR chart of {} by month, {} points: {}; {}.", m.name,
                             c.chart->points.size(), point_type_words(c.chart->variation),
                             c.chart->assurance ? std::string(assurance_words(*c.chart->assurance))
                                                : std::string("no target to assure"))
               : fmt::format("XmR chart of {}: no monthly figures.", m.name);
  return v;
}

std::string render_spc_chart(const SpcChartView& v) {
  const int w = chart_dim(v.width, 200, 4000), h = chart_dim(v.height, 140, 4000);
  const std::string id = safe_id(v.id, v.title, v.desc);
  std::string body;
  double top = heading(body, v.title, w);
  if (v.chart == nullptr || v.chart->points.empty())
    return finish(id, v.title, v.desc, w, h, body + no_data(w, h, top));
  const SpcChart& c = *v.chart;
  const size_t n = c.points.size();
  Extent e;
  for (const SpcPoint& p : c.points)
    if (auto x = clean(p.value)) e.add(*x);
  for (const SpcSegment& s : c.segments) {
    for (const auto& l : {s.lpl, s.upl})
      if (l && clean(*l)) e.add(*clean(*l));
  }
  // A double and a flag, not an optional: GCC 12 warns (wrongly) of an
  // uninitialised optional<double> read through Scale.
  const bool has_target = v.target && clean(*v.target);
  const double target = has_target ? *clean(*v.target) : 0.0;
  if (has_target) e.add(target);
  if (!e.any) return finish(id, v.title, v.desc, w, h, body + no_data(w, h, top));
  top = spc_legend(body, c, has_target, w, top);
  std::vector<std::string> cats = v.categories;
  cats.resize(n);
  const Plot p = vertical_axes(body, w, h, top, cats, e.lo, e.hi, v.format, "", 0, 0);
  auto x_at = [&](size_t i) { return p.left + (static_cast<double>(i) + 0.5) * p.band; };
  // Each segment's centre line and limits, over its own points.
  for (const SpcSegment& s : c.segments) {
    const double x1 = x_at(s.first) - p.band / 2, x2 = x_at(s.first + s.count - 1) + p.band / 2;
    body += "<g class=\"limits\">";
    if (auto m = clean(s.mean)) body += hline(x1, x2, p.y(*m), kMeanInk, "", "mean");
    if (s.lpl && clean(*s.lpl)) body += hline(x1, x2, p.y(*s.lpl), kLimitInk, "6 3", "lpl");
    if (s.upl && clean(*s.upl)) body += hline(x1, x2, p.y(*s.upl), kLimitInk, "6 3", "upl");
    body += "</g>";
  }
  if (has_target) body += hline(p.left, p.right, p.y(target), kTargetInk, "2 3", "target");
  // The data line, broken at a process change, then the points.
  std::string path;
  for (size_t i = 0; i < n; ++i) {
    auto y = clean(c.points[i].value);
    if (!y) continue;
    const bool start = i == 0 || c.points[i].segment != c.points[i - 1].segment;
    path += (start ? (path.empty() ? "M" : " M") : " L") + num(x_at(i)) + "," + num(p.y(*y));
  }
  body += fmt::format(
      "<path class=\"line\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" "
      "stroke-linejoin=\"round\"/>",
      path, kCommon);
  const double r = std::clamp(p.band * 0.22, 2.0, 4.5);
  for (size_t i = 0; i < n; ++i) {
    const SpcPoint& pt = c.points[i];
    auto y = clean(pt.value);
    if (!y) continue;
    std::string words(point_type_words(pt.type));
    if (pt.cause != SpecialCause::kNone)
      words += " (" + std::string(special_cause_words(pt.cause)) + ")";
    std::string title = fmt::format("<title>{}: {}, {}</title>", xml_escape(cats[i]),
                                    xml_escape(format_value(*y, v.format)), xml_escape(words));
    const double size = pt.type == PointType::kCommonCause ? r * 0.75 : r;
    body += marker(type_shape(pt.type), x_at(i), p.y(*y), size, type_colour(pt.type),
                   "mark " + std::string(point_type_name(pt.type)), title);
  }
  return finish(id, v.title, v.desc, w, h, body);
}

std::string variation_icon_svg(PointType type, SpecialCause cause, std::string_view id) {
  const std::string tid = safe_id(std::string(id) + "-variation", "", "");
  const char* colour = type_colour(type);
  std::string inner;
  if (type == PointType::kCommonCause) {
    // A wavy line: values moving within their limits.
    inner = fmt::format(
        "<path d=\"M9,20 L13,15 L17,22 L21,14 L25,19 L29,17\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2\" stroke-linejoin=\"round\"/>",
        colour);
  } else {
    // H or L: the special cause is high (above, rising) or low.
    const bool high = cause == SpecialCause::kAboveLimit || cause == SpecialCause::kTrendUp ||
                      cause == SpecialCause::kTwoOfThreeAbove || cause == SpecialCause::kShiftAbove;
    inner = fmt::format(
        "<text x=\"19\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" "
        "fill=\"{}\">{}</text>",
        colour, high ? "H" : "L");
  }
  return fmt::format(
      "<svg class=\"spc-icon variation\" role=\"img\" aria-labelledby=\"{0}\" width=\"38\" "
      "height=\"38\" viewBox=\"0 0 38 38\" font-family=\"sans-serif\"><title id=\"{0}\">{1}</title>"
      "<desc>Making Data Count variation icon: the latest month's reading</desc>"
      "<circle cx=\"19\" cy=\"19\" r=\"16\" fill=\"#ffffff\" stroke=\"{2}\" stroke-width=\"3\"/>{3}"
      "</svg>",
      tid, xml_escape(point_type_words(type)), colour, inner);
}

std::string assurance_icon_svg(const std::optional<Assurance>& assurance, std::string_view id) {
  const std::string tid = safe_id(std::string(id) + "-assurance", "", "");
  const char* colour = !assurance                                 ? kCommon
                       : *assurance == Assurance::kConsistentPass ? kImprovement
                       : *assurance == Assurance::kConsistentFail ? kConcern
                                                                  : kCommon;
  const char* letter = !assurance                                 ? "-"
                       : *assurance == Assurance::kConsistentPass ? "P"
                       : *assurance == Assurance::kConsistentFail ? "F"
                                                                  : "?";
  const std::string words =
      assurance ? std::string(assurance_words(*assurance)) : std::string("No target to assure");
  return fmt::format(
      "<svg class=\"spc-icon assurance\" role=\"img\" aria-labelledby=\"{0}\" width=\"38\" "
      "height=\"38\" viewBox=\"0 0 38 38\" font-family=\"sans-serif\"><title id=\"{0}\">{1}</title>"
      "<desc>Making Data Count assurance icon: the target against the process limits</desc>"
      "<circle cx=\"19\" cy=\"19\" r=\"16\" fill=\"#ffffff\" stroke=\"{2}\" stroke-width=\"3\"/>"
      "<text x=\"19\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" "
      "fill=\"{2}\">{3}</text></svg>",
      tid, xml_escape(words), colour, letter);
}

std::string spc_icons_html(const SpcChart* chart, std::string_view id) {
  if (chart == nullptr || chart->points.empty())
    return "<span class=\"spc-icons none\">No SPC: no monthly figures</span>";
  const std::string words = std::string(point_type_words(chart->variation)) + "; " +
                            (chart->assurance ? std::string(assurance_words(*chart->assurance))
                                              : std::string("no target to assure"));
  return fmt::format(
      "<span class=\"spc-icons\">{}{}</span><span class=\"note spc-words\">{}</span>",
      variation_icon_svg(chart->variation, chart->points.back().cause, id),
      assurance_icon_svg(chart->assurance, id), present::html_escape(words));
}

std::string spc_figure_html(const SpcChartView& v, const std::vector<std::string>& left_out) {
  using present::html_escape;
  std::string out = "<figure class=\"spc\">";
  out += spc_icons_html(v.chart, v.id);
  out += render_spc_chart(v);
  std::string caption;
  if (v.chart != nullptr) {
    for (const std::string& w : v.chart->warnings) caption += " Trial limits: " + w + ".";
  }
  if (!left_out.empty()) {
    caption += " Not charted: ";
    for (size_t i = 0; i < left_out.size(); ++i) caption += (i ? "; " : "") + left_out[i];
    caption += ".";
  }
  out +=
      "<figcaption>Statistical process control (XmR): common cause variation lies within "
      "the process limits; special cause points are flagged by the Making Data Count "
      "rules." +
      html_escape(caption) + "</figcaption>";
  if (v.chart != nullptr && !v.chart->points.empty()) {
    // A wide table scrolls in its own focusable region, never the page.
    out +=
        "<details class=\"spc-values\"><summary>The chart's values</summary><div "
        "class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"" +
        html_escape(v.title) + ": values\"><table><caption>" + html_escape(v.title) +
        "</caption><tr><th scope=\"col\">Month</th><th class=\"num\" scope=\"col\">Value</th>"
        "<th class=\"num\" scope=\"col\">Mean</th><th class=\"num\" scope=\"col\">Lower "
        "limit</th><th class=\"num\" scope=\"col\">Upper limit</th><th "
        "scope=\"col\">Reading</th></tr>";
    const auto& c = *v.chart;
    for (size_t i = 0; i < c.points.size(); ++i) {
      const SpcPoint& p = c.points[i];
      const SpcSegment& s = c.segments[p.segment];
      auto f = [&](const std::optional<double>& x) {
        return x ? html_escape(format_value(*x, v.format)) : std::string("-");
      };
      std::string words(point_type_words(p.type));
      if (p.cause != SpecialCause::kNone)
        words += " (" + std::string(special_cause_words(p.cause)) + ")";
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
          "class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
          html_escape(i < v.categories.size() ? v.categories[i] : std::to_string(i + 1)),
          f(p.value), f(s.mean), f(s.lpl), f(s.upl), html_escape(words));
    }
    out += "</table></div></details>";
  }
  return out + "</figure>\n";
}

}  // namespace bc::report
