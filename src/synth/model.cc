#include "synth/model.h"

#include <fmt/format.h>

#include <algorithm>

namespace bc::synth::model {

double year_factor(int process, int fy) {
  // process: 0 emergency, 1 falls, 2 A&E, 3 care home permanent, 4 elective
  static constexpr double k2016[] = {1.00, 0.971, 0.98, 1.136, 1.0};
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

double expected_multiplier(double age, int process) {
  double e = std::exp(deficit_mean(age) * (std::exp(kPerDeficit[process]) - 1));
  for (int j = 0; j < kLtcCount; ++j) {
    double g = process == 0   ? kLtcs[j].admission
               : process == 1 ? kLtcs[j].fall
               : process == 2 ? kLtcs[j].care_home
                              : kLtcs[j].death;
    double p = ltc_prevalence(j, age);
    e *= 1 - p + p * std::exp(g);
  }
  return e;
}

}  // namespace bc::synth::model
