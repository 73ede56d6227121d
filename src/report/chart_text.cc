// Numbers and text as the charts write and measure them: coordinates,
// value and tick labels, estimated text widths and shortening, element ids,
// XML escaping (chart.h, chart_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "present/html_escape.h"
#include "report/chart.h"
#include "report/chart_parts.h"

namespace bc::report {
namespace {

constexpr const char* kPound = "\xC2\xA3";         // £
constexpr const char* kEllipsis = "\xE2\x80\xA6";  // …

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

}  // namespace

namespace chart_parts {

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

}  // namespace chart_parts

ValueFormat value_format_of_unit(std::string_view unit) {
  if (unit == "percent") return ValueFormat::kPercent;
  if (unit == "pounds") return ValueFormat::kPounds;
  if (unit == "count") return ValueFormat::kCount;
  return ValueFormat::kDecimal;
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

}  // namespace bc::report
