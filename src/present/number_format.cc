#include "present/number_format.h"

#include <fmt/format.h>

#include <cmath>

namespace bc::present {

std::string format_thousands(int64_t n) {
  bool neg = n < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(u);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return neg ? "-" + out : out;
}

std::string format_metric_value(const std::optional<double>& v, MetricUnit unit, bool suppressed) {
  if (suppressed) return "*";
  if (!v || !std::isfinite(*v)) return "-";
  if (unit == MetricUnit::kCount) {
    double r = std::round(*v);
    if (std::abs(*v - r) < 1e-9) return format_thousands(static_cast<int64_t>(r));
    return fmt::format("{:.1f}", *v);
  }
  if (unit == MetricUnit::kPercent) return fmt::format("{:.1f}%", *v);
  if (unit == MetricUnit::kPounds)
    return "£" + format_thousands(static_cast<int64_t>(std::llround(*v)));
  return fmt::format("{:.1f}", *v);
}

std::string format_measure_value(const std::optional<double>& v, std::string_view unit) {
  if (unit == "days") {
    if (!v || !std::isfinite(*v)) return "-";
    return fmt::format("{:.1f} days", *v);
  }
  if (unit == "percent") return format_metric_value(v, MetricUnit::kPercent);
  if (unit == "per_100k") return format_metric_value(v, MetricUnit::kPer100k);
  return format_metric_value(v, MetricUnit::kCount);
}

std::string format_plan(const MetricRow& r) {
  if (!r.plan) return "-";
  if (r.unit == MetricUnit::kCount || r.unit == MetricUnit::kPounds)
    return format_metric_value(std::round(*r.plan), r.unit);
  return format_metric_value(r.plan, r.unit);
}

std::string format_change(const MetricRow& r) {
  if (r.unit == MetricUnit::kPercent)
    return r.change_pp ? fmt::format("{:+.1f} pts", *r.change_pp) : "-";
  return format_signed_percent(r.change_pct);
}

std::string format_signed_percent(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "-";
  return fmt::format("{:+.1f}%", *v);
}

std::string format_k(Money m) {
  return m.format_thousands(true);
}

}  // namespace bc::present
