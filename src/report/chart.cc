#include "report/chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "present/html_escape.h"

namespace bc::report {

ValueFormat value_format_of_unit(std::string_view unit) {
  if (unit == "percent") return ValueFormat::kPercent;
  if (unit == "pounds") return ValueFormat::kPounds;
  if (unit == "count") return ValueFormat::kCount;
  return ValueFormat::kDecimal;
}
namespace {

constexpr const char* kPound = "\xC2\xA3";         // £
constexpr const char* kEllipsis = "\xE2\x80\xA6";  // …
constexpr const char* kInk = "#333333";
constexpr const char* kMuted = "#666666";
constexpr const char* kAxis = "#777777";
constexpr const char* kGrid = "#e3e3e3";
constexpr const char* kZero = "#555555";
constexpr double kTitleFont = 13;
constexpr double kLabelFont = 11;  // axis titles, legend
constexpr double kTickFont = 10;   // tick and category labels, value labels
// Values beyond this are clamped so that sums and spans stay finite.
constexpr double kMaxValue = 1e300;

// ---------------------------------------------------------------------------
// Text and numbers.

// A coordinate or length for an attribute: at most two decimals, never an
// exponent, never "nan" or "-0".
std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  v = std::clamp(v, -1e7, 1e7);
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();  // "{:.2f}" always has a '.'
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Width in ems of one character in a typical sans-serif (DejaVu Sans and
// Liberation Sans, which Chromium uses on Debian); erring wide, so that
// labels placed by these estimates do not collide.
double char_em(unsigned char c) {
  if (c >= 0x80) return 0.7;
  if (c == ' ') return 0.32;
  if (std::string_view("ijl.,;:'|!").find(static_cast<char>(c)) != std::string_view::npos)
    return 0.3;
  if (std::string_view("frtI()[]-/\"").find(static_cast<char>(c)) != std::string_view::npos)
    return 0.42;
  if (std::string_view("mwMW@%").find(static_cast<char>(c)) != std::string_view::npos) return 0.95;
  if (c >= 'A' && c <= 'Z') return 0.72;
  if (c >= '0' && c <= '9') return 0.64;
  return 0.6;
}

double text_width(std::string_view s, double font) {
  double em = 0;
  for (size_t i = 0; i < s.size(); i += utf8_length(static_cast<unsigned char>(s[i])))
    em += char_em(static_cast<unsigned char>(s[i]));
  return em * font;
}

// `s`, or as much of it as fits in `max_px` followed by an ellipsis.
std::string fit_text(std::string_view s, double max_px, double font) {
  if (text_width(s, font) <= max_px) return std::string(s);
  const double ellipsis = 1.0 * font;
  std::string out;
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = std::min(utf8_length(static_cast<unsigned char>(s[i])), s.size() - i);
    double cw = char_em(static_cast<unsigned char>(s[i])) * font;
    if (w + cw + ellipsis > max_px) break;
    out.append(s.substr(i, len));
    w += cw;
    i += len;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + kEllipsis;
}

// Inserts thousands separators into the integer part of a plain decimal.
std::string group_thousands(const std::string& s) {
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  std::string out;
  for (size_t i = 0; i < end; ++i) {
    if (i > 0 && (end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out + s.substr(end);
}

// A non-negative finite value with `decimals` decimals and separators.
std::string fixed(double a, int decimals) {
  return group_thousands(fmt::format("{:.{}f}", a, decimals));
}

std::string strip_zeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Prefixes a minus when v is negative and the written magnitude is not zero.
std::string with_sign(double v, std::string magnitude) {
  bool nonzero = std::any_of(magnitude.begin(), magnitude.end(),
                             [](char ch) { return ch >= '1' && ch <= '9'; });
  return v < 0 && nonzero ? "-" + magnitude : magnitude;
}

std::string pounds(double a) {
  if (std::round(a) < 1000) return kPound + fixed(a, 0);
  double k = a / 1e3;
  if (std::round(k * 10) / 10 < 10) return kPound + fixed(k, 1) + "k";
  if (std::round(k) < 1000) return kPound + fixed(k, 0) + "k";
  double m = a / 1e6;
  if (std::round(m * 10) / 10 < 1000) return kPound + fixed(m, 1) + "m";
  return kPound + fixed(a / 1e9, 1) + "bn";
}

// The decimals needed to write multiples of `step` exactly (0 to 6).
int decimals_for(double step) {
  step = std::abs(step);
  double x = step;
  for (int k = 0; k <= 6; ++k, x *= 10)
    if (std::abs(x - std::round(x)) < 1e-6 * std::max(1.0, x)) return k;
  return 6;
}

// A tick label: like format_value, but with as many decimals as the tick
// step needs (so 0.25 steps do not print as 0.3) and no trailing zeros.
std::string format_tick(double v, ValueFormat f, double step) {
  if (!std::isfinite(v)) return "-";
  const double a = std::abs(v);
  switch (f) {
    case ValueFormat::kPercent:
      return with_sign(v, strip_zeros(fixed(a, decimals_for(step)))) + "%";
    case ValueFormat::kPounds: {
      double unit = 1;
      const char* suffix = "";
      if (a >= 1e9) {
        unit = 1e9, suffix = "bn";
      } else if (a >= 1e6) {
        unit = 1e6, suffix = "m";
      } else if (a >= 1e3) {
        unit = 1e3, suffix = "k";
      }
      return with_sign(v,
                       kPound + strip_zeros(fixed(a / unit, decimals_for(step / unit))) + suffix);
    }
    case ValueFormat::kCount:
    case ValueFormat::kDecimal:
      break;
  }
  return with_sign(v, strip_zeros(fixed(a, decimals_for(step))));
}

// An id usable in id="" and in the space-separated aria-labelledby: the
// caller's id with anything else replaced by '-', or, when empty, one derived
// from the title and description (deterministic, so output stays stable).
std::string safe_id(std::string_view id, std::string_view title, std::string_view desc) {
  std::string out;
  for (char ch : id) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.' || ch == ':';
    out += ok ? ch : '-';
  }
  if (!out.empty()) return out;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  auto mix = [&h](std::string_view s) {
    for (char ch : s) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  };
  mix(title);
  mix("\x1f");
  mix(desc);
  return fmt::format("chart-{:08x}", static_cast<uint32_t>(h ^ (h >> 32)));
}

// ---------------------------------------------------------------------------
// Data.

std::optional<double> clean(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return std::clamp(*v, -kMaxValue, kMaxValue);
}

// The value of series `s` for category `i`, or nullopt when it has none.
std::optional<double> value_at(const Series& s, size_t i) {
  return i < s.values.size() ? clean(s.values[i]) : std::nullopt;
}

struct Extent {
  bool any = false;
  double lo = 0, hi = 0;
  void add(double v) {
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
};

Extent value_extent(const std::vector<Series>& series, size_t n) {
  Extent e;
  for (const Series& s : series)
    for (size_t i = 0; i < n; ++i)
      if (auto v = value_at(s, i)) e.add(*v);
  return e;
}

// Per category: the sum of the positive and of the negative values.
struct Stack {
  double pos = 0, neg = 0;
  bool any = false;
};

std::vector<Stack> stacks(const std::vector<Series>& series, size_t n) {
  std::vector<Stack> out(n);
  for (const Series& s : series)
    for (size_t i = 0; i < n; ++i)
      if (auto v = value_at(s, i)) {
        (*v < 0 ? out[i].neg : out[i].pos) += *v;
        out[i].any = true;
      }
  return out;
}

// Ticks for a value axis; counts never get fractional steps unless the
// whole range is below one.
std::vector<double> axis_ticks(double lo, double hi, int target, ValueFormat f) {
  std::vector<double> t = nice_ticks(lo, hi, target);
  if (f == ValueFormat::kCount)
    while (t[1] - t[0] < 1 && target > 1) t = nice_ticks(lo, hi, --target);
  return t;
}

// Linear map from the data domain [d0, d1] to pixels [p0, p1].
struct Scale {
  double d0 = 0, d1 = 1, p0 = 0, p1 = 1;
  double operator()(double v) const {
    if (!(d1 > d0)) return p0;
    return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
  }
};

// ---------------------------------------------------------------------------
// SVG pieces.

std::string open_svg(const std::string& id, std::string_view title, std::string_view desc, int w,
                     int h) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{0}-title "
      "{0}-desc\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" class=\"chart\" "
      "style=\"max-width:100%;height:auto\" font-family=\"sans-serif\">"
      "<title id=\"{0}-title\">{3}</title><desc id=\"{0}-desc\">{4}</desc>",
      id, w, h, xml_escape(title), xml_escape(desc));
}

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

constexpr int kMarkerShapes = 6;

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
  if (!series.empty()) t += (t.empty() ? "" : " ") + std::string(series);
  return "<title>" + xml_escape(t + ": " + format_value(v, f)) + "</title>";
}

const std::string& colour(size_t series) {
  return palette()[series % palette().size()];
}

std::string series_name(const Series& s, size_t j) {
  return s.name.empty() ? fmt::format("Series {}", j + 1) : s.name;
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

std::string finish(const std::string& id, std::string_view title, std::string_view desc, int w,
                   int h, const std::string& body) {
  return open_svg(id, title, desc, w, h) + body + "</svg>";
}

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

std::string render_vertical_bars(const BarChart& c, int w, int h, const std::string& id) {
  std::string body;
  double top = heading(body, c.title, w);
  const size_t n = c.categories.size();
  const size_t ns = c.series.size();
  const std::vector<Stack> st = stacks(c.series, n);
  Extent e = value_extent(c.series, n);
  if (!e.any) return finish(id, c.title, c.desc, w, h, body + no_data(w, h, top));
  if (c.stacked) {
    e = Extent{};
    for (const Stack& s : st) e.add(s.pos), e.add(s.neg);
  }
  if (ns >= 2) top = legend(body, c.series, false, 8, top + 2, w - 16);
  const double lo = std::min(0.0, e.lo), hi = std::max(0.0, e.hi);
  const double room = c.show_values ? 14 : 0;
  Plot p = vertical_axes(body, w, h, top, c.categories, lo, hi, c.format, c.y_label, room,
                         lo < 0 ? room : 0);
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

std::string render_horizontal_bars(const BarChart& c, int w, int h, const std::string& id) {
  std::string body;
  double top = heading(body, c.title, w);
  const size_t n = c.categories.size();
  const size_t ns = c.series.size();
  const std::vector<Stack> st = stacks(c.series, n);
  Extent e = value_extent(c.series, n);
  if (!e.any) return finish(id, c.title, c.desc, w, h, body + no_data(w, h, top));
  if (c.stacked) {
    e = Extent{};
    for (const Stack& s : st) e.add(s.pos), e.add(s.neg);
  }
  if (ns >= 2) top = legend(body, c.series, false, 8, top + 2, w - 16);
  const double lo = std::min(0.0, e.lo), hi = std::max(0.0, e.hi);

  // Rows: the chart grows taller rather than squeeze them.
  const double min_band = c.stacked || ns == 1 ? 16 : 4 + 9 * static_cast<double>(ns);
  const double foot = 20 + (c.y_label.empty() ? 0 : 16);
  const double plot_top = top + 8;
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
    ticks = axis_ticks(lo, hi, target, c.format);
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

int chart_dim(int v, int lo, int hi) {
  return std::clamp(v, lo, hi);
}

}  // namespace

// ---------------------------------------------------------------------------
// Public functions.

const std::vector<std::string>& palette() {
  // Okabe & Ito (2008), ordered so the first few are the most distinct on
  // white; yellow, the faintest, comes late.
  static const std::vector<std::string> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                    "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return kPalette;
}

std::string xml_escape(std::string_view s) {
  return present::html_escape(s);  // the same five characters; control characters dropped
}

std::string format_value(double v, ValueFormat f) {
  if (!std::isfinite(v)) return "-";
  const double a = std::abs(v);
  switch (f) {
    case ValueFormat::kCount: {
      const bool whole = std::abs(a - std::round(a)) < 1e-9 * std::max(1.0, a);
      return with_sign(v, fixed(a, whole ? 0 : 1));
    }
    case ValueFormat::kPercent:
      return with_sign(v, fixed(a, 1)) + "%";
    case ValueFormat::kPounds:
      return with_sign(v, pounds(a));
    case ValueFormat::kDecimal:
      break;
  }
  return with_sign(v, fixed(a, 1));
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  auto sane = [](double v) {
    if (!std::isfinite(v) || std::abs(v) < 1e-200) return 0.0;
    return std::clamp(v, -kMaxValue, kMaxValue);
  };
  lo = sane(lo);
  hi = sane(hi);
  if (lo > hi) std::swap(lo, hi);
  target = std::clamp(target, 1, 100);
  const double mag_ref = std::max(std::abs(lo), std::abs(hi));
  if (hi - lo <= mag_ref * 1e-12) {  // one value: widen around it
    if (mag_ref == 0) {
      lo = 0, hi = 1;
    } else {
      const double pad = mag_ref * 0.1;
      lo -= pad, hi += pad;
    }
  }
  const double raw = (hi - lo) / target;
  const int e = static_cast<int>(std::floor(std::log10(raw)));
  // Steps are m x 10^(e-1) with m in {10, 20, 25, 50, 100}; ticks are whole
  // multiples of 10^(e-1), computed so that 0.6 prints as 0.6.
  const double quantum = std::pow(10.0, e - 1), inv = std::pow(10.0, 1 - e);
  int m = 10;  // the candidate nearest the raw step, on a log scale
  for (int s : {20, 25, 50, 100})
    if (std::abs(std::log(s * quantum / raw)) < std::abs(std::log(m * quantum / raw)) - 1e-9) m = s;
  const double step = m * quantum;
  const double k0 = std::floor(lo / step + 1e-9), k1 = std::ceil(hi / step - 1e-9);
  std::vector<double> ticks;
  for (double k = k0; k <= k1 && ticks.size() < 1000; k += 1) {
    const double units = k * m;
    double t = e >= 1 ? units * quantum : units / inv;
    ticks.push_back(t == 0 ? 0.0 : t);
  }
  bool ok = ticks.size() >= 2 && std::isfinite(ticks.front()) && std::isfinite(ticks.back());
  for (size_t i = 1; ok && i < ticks.size(); ++i) ok = ticks[i] > ticks[i - 1];
  if (!ok) return {lo, hi > lo ? hi : lo + 1};
  return ticks;
}

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

std::string render_bar_chart(const BarChart& c) {
  const int w = chart_dim(c.width, 160, 4000), h = chart_dim(c.height, 100, 4000);
  const std::string id = safe_id(c.id, c.title, c.desc);
  return c.horizontal ? render_horizontal_bars(c, w, h, id) : render_vertical_bars(c, w, h, id);
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
