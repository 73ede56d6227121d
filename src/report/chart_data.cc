// The values behind a chart: cleaning them (NaN, infinities, huge values),
// their extent, stacking, and the ticks of a value axis (chart.h,
// chart_parts.h).
#include <algorithm>
#include <cmath>

#include "report/chart.h"
#include "report/chart_parts.h"

namespace bc::report {
namespace chart_parts {

std::optional<double> clean(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return std::nullopt;
  return std::clamp(*v, -kMaxValue, kMaxValue);
}

// The value of series `s` for category `i`, or nullopt when it has none.
std::optional<double> value_at(const Series& s, size_t i) {
  return i < s.values.size() ? clean(s.values[i]) : std::nullopt;
}

Extent value_extent(const std::vector<Series>& series, size_t n) {
  Extent e;
  for (const Series& s : series)
    for (size_t i = 0; i < n; ++i)
      if (auto v = value_at(s, i)) e.add(*v);
  return e;
}

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

int chart_dim(int v, int lo, int hi) {
  return std::clamp(v, lo, hi);
}

}  // namespace chart_parts

std::vector<double> nice_ticks(double lo, double hi, int target) {
  auto sane = [](double v) {
    if (!std::isfinite(v) || std::abs(v) < 1e-200) return 0.0;
    return std::clamp(v, -chart_parts::kMaxValue, chart_parts::kMaxValue);
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

}  // namespace bc::report
