#include "synth/model.h"

#include <fmt/format.h>

#include <algorithm>

namespace bc::synth::model {

double year_factor(int process, int fy) {
  // process: 0 emergency, 1 falls, 2 A&E, 3 care home permanent, 4 elective
  static constexpr double k2016[] = {1.00, 0.971, 0.98, 1.15, 1.0};
  static constexpr double k2018[] = {1.01, 1.00, 1.02, 0.97, 1.0};
  if (fy == 2017) return 1.0;
  if (fy < 2017) return std::pow(k2016[process], 2017 - fy);
  return std::pow(k2018[process], fy - 2017);
}

double mortality(double age) {
  if (age < 1) return 0.003;
  return std::min(0.6, 0.0001 + 0.000025 * std::exp(0.098 * age));
}

std::string practice_code(int p) {
  return fmt::format("J82{:03}", 901 + p);
}

double ltc_prevalence(int ltc, double age) {
  const bool adult = age >= 18;
  switch (ltc) {
    case 0:
      return 0.08;
    case 1:
      return age < 40 ? 0.002 : age < 65 ? 0.02 : 0.07;
    case 2:
      return age < 65 ? 0.0005 : std::min(0.35, 0.01 * std::exp(0.11 * (age - 65)));
    case 3:
      return age < 40 ? 0.005 : age < 65 ? 0.03 : 0.08;
    case 4:
      return adult ? 0.10 : 0.01;
    case 5:
      return adult ? 0.01 : 0;
    case 6:
      return 0.005;
    case 7:
      return 0.008;
    case 8:
      return adult ? 0.20 : 0.05;
    case 9:
      return adult ? 0.01 : 0;
  }
  return 0;
}

double deficit_mean(double age) {
  if (age < 18) return 0.05;
  if (age < 40) return 0.25;
  if (age < 65) return 0.25 + (age - 40) * 0.07;
  return std::min(15.0, 1.93 + (age - 65) * 0.22);
}

namespace {

double raw_gradient(int process, double age) {
  if (process == kAdmission) {
    if (age < 1) return 3.5;
    if (age < 5) return 1.6;
    if (age < 18) return 0.7;
    if (age < 65) return std::exp(0.03 * (age - 18));
    return std::exp(0.07 * (std::min(age, 95.0) - 65));
  }
  if (process == kFall && age >= 65) return std::exp(0.08 * (std::min(age, 95.0) - 65));
  return 1;
}

// Log relative risk of deficits and of long-term condition j for a process.
double per_deficit(int process) {
  return process < 4 ? kPerDeficit[process] : 0;
}
double ltc_effect(int process, int j) {
  switch (process) {
    case kAdmission:
      return kLtcs[j].admission;
    case kFall:
      return kLtcs[j].fall;
    case kCareHome:
      return kLtcs[j].care_home;
    case kDeath:
      return kLtcs[j].death;
  }
  return 0;
}

}  // namespace

double age_gradient(int process, double age) {
  // The mean of the raw gradient over each band's initial age mix.
  static const std::array<std::array<double, 3>, kProcesses> kBandMean = [] {
    std::array<std::array<double, 3>, kProcesses> out{};
    AgeSampler ages;
    static constexpr int kFirst[3] = {0, 18, 65};
    for (int p = 0; p < kProcesses; ++p) {
      for (int b = 0; b < 3; ++b) {
        double sum = 0, weights = 0;
        for (size_t i = 0; i < ages.weights[static_cast<size_t>(b)].size(); ++i) {
          double w = ages.weights[static_cast<size_t>(b)][i];
          sum += w * raw_gradient(p, kFirst[b] + static_cast<double>(i) + 0.5);
          weights += w;
        }
        out[static_cast<size_t>(p)][static_cast<size_t>(b)] = sum / weights;
      }
    }
    return out;
  }();
  const int band = age < 18 ? 0 : age < 65 ? 1 : 2;
  return raw_gradient(process, age) /
         kBandMean[static_cast<size_t>(process)][static_cast<size_t>(band)];
}

RiskNormaliser::RiskNormaliser() : table_(kAges) {
  // Quadrature over z on a fine grid (the integrands are smooth).
  std::vector<double> zs, ws;
  double total = 0;
  for (int i = -120; i <= 120; ++i) {
    double z = i * 0.05;
    zs.push_back(z);
    ws.push_back(std::exp(-z * z / 2));
    total += ws.back();
  }
  for (double& w : ws) w /= total;
  std::array<std::array<double, kDeficits + 1>, kProcesses> powers{};
  for (int p = 0; p < kProcesses; ++p) {
    for (int k = 0; k <= kDeficits; ++k)
      powers[static_cast<size_t>(p)][static_cast<size_t>(k)] = std::exp(per_deficit(p) * k);
  }
  std::vector<double> pmf;
  for (int a = 0; a < kAges; ++a) {
    const double age = a / 10.0;
    auto& row = table_[static_cast<size_t>(a)];
    row.fill(0);
    for (size_t i = 0; i < zs.size(); ++i) {
      const double z = zs[i];
      std::array<double, kProcesses> e{};
      for (int p = 0; p < kProcesses; ++p)
        e[static_cast<size_t>(p)] = std::exp(kPropensityLoading[p] * z);
      if (age >= 1) {  // babies have no deficits or conditions
        // Deficits: min(kDeficits, Poisson(m)).
        const double m = deficit_mean(age) * propensity_scale(kDeficitLoading, z);
        const int top = static_cast<int>(m + 12 * std::sqrt(m) + 20);
        pmf.assign(static_cast<size_t>(top) + 1, 0);
        double term = std::exp(-m);
        for (int k = 0; k <= top; ++k) {
          if (k > 0) term *= m / k;
          pmf[static_cast<size_t>(k)] = term;
        }
        std::array<double, kLtcCount> q{};
        for (int j = 0; j < kLtcCount; ++j) q[static_cast<size_t>(j)] = ltc_prevalence(j, age, z);
        for (int p = 0; p < kProcesses; ++p) {
          double d = 0;
          for (int k = 0; k <= top; ++k)
            d += pmf[static_cast<size_t>(k)] *
                 powers[static_cast<size_t>(p)][static_cast<size_t>(std::min(k, kDeficits))];
          double l = 1;
          for (int j = 0; j < kLtcCount; ++j) {
            const double qj = q[static_cast<size_t>(j)];
            l *= 1 - qj + qj * std::exp(ltc_effect(p, j));
          }
          e[static_cast<size_t>(p)] *= d * l;
        }
      }
      for (int p = 0; p < kProcesses; ++p)
        row[static_cast<size_t>(p)] += ws[i] * e[static_cast<size_t>(p)];
    }
  }
}

double RiskNormaliser::at(double age, int process) const {
  int a = std::clamp(static_cast<int>(age * 10), 0, kAges - 1);
  return table_[static_cast<size_t>(a)][static_cast<size_t>(process)];
}

}  // namespace bc::synth::model
