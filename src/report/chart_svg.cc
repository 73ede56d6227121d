// The SVG elements every chart is built from: the <svg> element with its
// <title> and <desc>, the heading, "No data", line styles, point markers,
// the <title> of a data mark, colours and the legend (chart.h,
// chart_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "report/chart.h"
#include "report/chart_parts.h"

namespace bc::report {
namespace chart_parts {
namespace {

std::string open_svg(const std::string& id, std::string_view title, std::string_view desc, int w,
                     int h) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{0}-title "
      "{0}-desc\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" class=\"chart\" "
      "style=\"max-width:100%;height:auto\" font-family=\"sans-serif\">"
      "<title id=\"{0}-title\">{3}</title><desc id=\"{0}-desc\">{4}</desc>",
      id, w, h, xml_escape(title), xml_escape(desc));
}

constexpr int kMarkerShapes = 6;

std::string series_name(const Series& s, size_t j) {
  return s.name.empty() ? fmt::format("Series {}", j + 1) : s.name;
}

}  // namespace

// Text that may have been shortened: the full text goes in a <title>.
std::string text_el(std::string_view attrs, std::string_view full, std::string_view shown) {
  if (full == shown) return fmt::format("<text {}>{}</text>", attrs, xml_escape(shown));
  return fmt::format("<g><title>{}</title><text {}>{}</text></g>", xml_escape(full), attrs,
                     xml_escape(shown));
}

// The visible heading; returns the y below it.
double heading(std::string& out, std::string_view title, int w) {
  if (title.empty()) return 6;
  out += text_el(fmt::format("class=\"chart-title\" x=\"8\" y=\"17\" font-size=\"{}\" "
                             "font-weight=\"bold\" fill=\"{}\"",
                             num(kTitleFont), kInk),
                 title, fit_text(title, w - 16, kTitleFont));
  return 24;
}

std::string no_data(int w, int h, double top) {
  return fmt::format(
      "<rect class=\"frame\" x=\"0.5\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
      "stroke=\"#cccccc\"/><text class=\"no-data\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
      "font-size=\"{}\" fill=\"{}\">No data</text>",
      num(top + 0.5), w - 1, num(std::max(1.0, h - top - 1)), num(w / 2.0), num((top + h) / 2 + 4),
      num(kLabelFont), kMuted);
}

std::string dash_attrs(Series::Style style) {
  switch (style) {
    case Series::Style::kDashed:
      return " stroke-dasharray=\"7 4\"";
    case Series::Style::kDotted:
      return " stroke-dasharray=\"1 4\" stroke-linecap=\"round\"";
    case Series::Style::kSolid:
      break;
  }
  return "";
}

// A point marker; shape by series: circle, square, triangle, diamond,
// inverted triangle, ring. `inner` goes inside the element (a <title>).
std::string marker(int shape, double cx, double cy, double r, const std::string& color,
                   std::string_view cls, std::string_view inner) {
  std::string head = cls.empty() ? "" : fmt::format(" class=\"{}\"", cls);
  std::string paint = fmt::format(" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"0.75\"", color);
  std::string body;
  auto close = [&](const std::string& open, std::string_view tag) {
    return inner.empty() ? open + "/>"
                         : open + ">" + std::string(inner) + "</" + std::string(tag) + ">";
  };
  auto poly = [&](std::initializer_list<std::pair<double, double>> pts) {
    std::string d;
    for (auto [px, py] : pts)
      d += (d.empty() ? "M" : " L") + num(cx + px * r) + "," + num(cy + py * r);
    return close(fmt::format("<path{} d=\"{} Z\"{}", head, d, paint), "path");
  };
  switch (shape % kMarkerShapes) {
    case 1:
      return close(
          fmt::format("<rect{} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}", head,
                      num(cx - 0.9 * r), num(cy - 0.9 * r), num(1.8 * r), num(1.8 * r), paint),
          "rect");
    case 2:
      return poly({{0, -1.25}, {1.15, 0.85}, {-1.15, 0.85}});
    case 3:
      return poly({{0, -1.3}, {1.3, 0}, {0, 1.3}, {-1.3, 0}});
    case 4:
      return poly({{0, 1.25}, {1.15, -0.85}, {-1.15, -0.85}});
    case 5:
      return close(fmt::format("<circle{} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#ffffff\" "
                               "stroke=\"{}\" stroke-width=\"1.5\"",
                               head, num(cx), num(cy), num(r * 0.9), color),
                   "circle");
    default:
      return close(fmt::format("<circle{} cx=\"{}\" cy=\"{}\" r=\"{}\"{}", head, num(cx), num(cy),
                               num(r), paint),
                   "circle");
  }
}

// "<title>Jun 2017/18: 2,612</title>" for a data mark.
std::string mark_title(std::string_view category, std::string_view series, double v,
                       ValueFormat f) {
  std::string t(category);
  if (!series.empty()) t.append(t.empty() ? "" : " ").append(series);
  return fmt::format("<title>{}</title>", xml_escape(t + ": " + format_value(v, f)));
}

const std::string& colour(size_t series) {
  return palette()[series % palette().size()];
}

// A legend row (wrapping) from (x0, y0); returns the y below it.
double legend(std::string& out, const std::vector<Series>& series, bool lines, double x0, double y0,
              double max_w) {
  out += fmt::format("<g class=\"legend\" font-size=\"{}\" fill=\"{}\">", num(kLabelFont), kInk);
  double x = x0, y = y0;
  constexpr double kRow = 16, kSwatch = 26, kGap = 14;
  for (size_t j = 0; j < series.size(); ++j) {
    const std::string name = series_name(series[j], j);
    const std::string shown = fit_text(name, max_w - kSwatch, kLabelFont);
    const double item = kSwatch + text_width(shown, kLabelFont) + kGap;
    if (x > x0 && x + item - kGap > x0 + max_w) x = x0, y += kRow;
    const double cy = y + kRow / 2;
    if (lines) {
      out += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>",
          num(x), num(cy), num(x + 22), num(cy), colour(j), dash_attrs(series[j].style));
      out += marker(static_cast<int>(j), x + 11, cy, 3.5, colour(j), "", "");
    } else {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"{}\"/>",
                         num(x + 4), num(cy - 5), colour(j));
    }
    out += text_el(fmt::format("x=\"{}\" y=\"{}\"", num(x + kSwatch), num(cy + 4)), name, shown);
    x += item;
  }
  out += "</g>";
  return y + kRow;
}

std::string finish(const std::string& id, std::string_view title, std::string_view desc, int w,
                   int h, const std::string& body) {
  return open_svg(id, title, desc, w, h) + body + "</svg>";
}

}  // namespace chart_parts

const std::vector<std::string>& palette() {
  // Okabe & Ito (2008), ordered so the first few are the most distinct on
  // white; the three light ones (orange, sky blue, yellow) darkened to keep
  // their hue with 3:1 or more against white (WCAG 1.4.11): #E69F00 (2.3:1)
  // is #A86400 (4.7:1), #56B4E9 (2.3:1) #2F8FC9 (3.6:1), #F0E442 (1.3:1)
  // #8A7F00 (4.1:1); the others are 3.1:1 or more as they are.
  static const std::vector<std::string> kPalette = {"#0072B2", "#A86400", "#009E73", "#CC79A7",
                                                    "#2F8FC9", "#D55E00", "#8A7F00", "#000000"};
  return kPalette;
}

}  // namespace bc::report
