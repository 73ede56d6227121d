#include "engine/standardised_rate.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string_view>

namespace bc::embedded {
extern const std::string_view kEsp2013Csv;  // config/reference/esp2013.csv
}

namespace bc {
namespace {

// The two-sided 95% point of the standard normal distribution.
constexpr double kZ95 = 1.959963984540054;

// The 19 weights of config/reference/esp2013.csv, in band order.
std::array<double, 19> load_esp2013() {
  std::array<double, 19> w{};
  std::istringstream in{std::string(embedded::kEsp2013Csv)};
  std::string line;
  std::getline(in, line);  // ageband,weight
  size_t k = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    const std::string_view band = std::string_view(line).substr(0, comma);
    const std::string_view weight = std::string_view(line).substr(comma + 1);
    const std::string expected = k == 18 ? "90+" : fmt::format("{}-{}", k * 5, k * 5 + 4);
    double v = 0;
    auto [p, ec] = std::from_chars(weight.data(), weight.data() + weight.size(), v);
    if (comma == std::string::npos || k >= w.size() || band != expected || ec != std::errc() ||
        p != weight.data() + weight.size()) {
      fmt::print(stderr, "bettercare: config/reference/esp2013.csv is malformed at '{}'\n", line);
      std::abort();  // a build with a broken reference table must never ship; tests catch it
    }
    w[k++] = v;
  }
  if (k != w.size()) {
    fmt::print(stderr, "bettercare: config/reference/esp2013.csv has {} bands, not 19\n", k);
    std::abort();
  }
  return w;
}

}  // namespace

double esp2013_weight(int age) {
  static const std::array<double, 19> kWeights = load_esp2013();
  const int band = age >= 90 ? 18 : age / 5;
  return band < 0 ? 0 : kWeights[static_cast<size_t>(band)];
}

double byar_lower(double o) {
  if (o <= 0) return 0;
  return o * std::pow(1 - 1 / (9 * o) - kZ95 / (3 * std::sqrt(o)), 3);
}

double byar_upper(double o) {
  const double n = o + 1;
  return n * std::pow(1 - 1 / (9 * n) + kZ95 / (3 * std::sqrt(n)), 3);
}

Dsr directly_standardised_rate(std::span<const DsrBand> bands, double per) {
  Dsr d;
  double weights = 0, weighted = 0, variance = 0;
  for (const DsrBand& b : bands) {
    d.events += b.events;
    weights += b.weight;
    if (b.population <= 0) {
      if (b.events > 0) d.note = "no population for an age band with events";
      continue;
    }
    const double rate = b.events / b.population;
    weighted += b.weight * rate;
    variance += b.events * (b.weight / b.population) * (b.weight / b.population);
  }
  if (!d.note.empty()) return d;
  if (weights <= 0) {
    d.note = "no standard population weights";
    return d;
  }
  if (d.events < kDsrMinEvents) {
    d.note = fmt::format("fewer than {:g} events: too few to standardise", kDsrMinEvents);
    return d;
  }
  const double dsr = weighted / weights;
  variance /= weights * weights;
  // Dobson: the DSR's interval scales the count's interval by sqrt(var / O).
  const double scale = std::sqrt(variance / d.events);
  d.value = dsr * per;
  d.lower = (dsr + scale * (byar_lower(d.events) - d.events)) * per;
  d.upper = (dsr + scale * (byar_upper(d.events) - d.events)) * per;
  return d;
}

}  // namespace bc
