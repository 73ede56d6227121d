// Who a person of the synthetic city is (age, sex, practice, conditions and
// frailty, risks, death) and when their events fall: per-month rates and
// the dates drawn from them (city_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/conditions.h"
#include "synth/city_parts.h"

namespace bc::synth::city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

void CityGenerator::monthly_lambda(Date from, Date to,
                                   const std::function<double(int fy)>& yearly_rate,
                                   std::vector<double>* lambda) const {
  lambda->assign(static_cast<size_t>(months_), 0.0);
  if (!(from < to)) return;
  // Month m is in financial year first_generated_ + m / 12 and calendar
  // month April + m % 12; the yearly rate is asked once a year.
  int rate_year = 0;
  double rate = 0;
  for (int m = 0; m < months_; ++m) {
    Date a = std::max(from, month_start_[static_cast<size_t>(m)]);
    Date b = std::min(to, month_start_[static_cast<size_t>(m) + 1]);
    if (!(a < b)) continue;
    const int fy = first_generated_ + m / 12, cal = (3 + m) % 12 + 1;
    if (fy != rate_year) {
      rate_year = fy;
      rate = yearly_rate(fy);
    }
    double days = b.days() - a.days();
    (*lambda)[static_cast<size_t>(m)] = rate * kSeason[cal - 1] / kSeasonMean * days / 365.25;
  }
}

std::vector<Date> CityGenerator::draw_events(Rng& rng, Date from, Date to,
                                             const std::vector<double>& lambda) const {
  std::vector<Date> out;
  for (int y = 0; y < years_; ++y) {
    std::span<const double> year(lambda.data() + 12 * y, 12);
    double total = 0;
    for (double l : year) total += l;
    int n = rng.poisson(total);
    for (int k = 0; k < n; ++k) {
      int m = 12 * y + static_cast<int>(rng.pick(year));
      Date a = std::max(from, month_start_[static_cast<size_t>(m)]);
      Date b = std::min(to, month_start_[static_cast<size_t>(m) + 1]);
      out.push_back(a.add_days(static_cast<int32_t>(rng.below(b.days() - a.days()))));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Person CityGenerator::make_person(int64_t index, Rng& rng) {
  Person p;
  p.index = index;
  p.nhs = nhs_numbers_.next();
  // Initial residents are registered at the start of the generated years
  // (the history, then the window); the rest arrive through them (births
  // and people moving in), faster as the city grows.
  const double t_census = (census_date(o_).days() - g0_.days()) / 365.25;
  const double initial = static_cast<double>(o_.persons) / std::pow(1 + kGrowth, t_census);
  int age = 0;
  if (static_cast<double>(index) < initial) {
    double share[3];
    for (int b = 0; b < 3; ++b)
      share[b] = kInitialBandShare[b] * std::pow(kHistoryBandShift[b], o_.history_years);
    int band = static_cast<int>(rng.pick(share));
    age = ages_.sample(rng, band);
    p.born =
        g0_.add_days(-static_cast<int32_t>(age * 365.25 + static_cast<double>(rng.below(365))));
    int32_t years_registered = static_cast<int32_t>(rng.uniform() * std::min(age, 25));
    p.registered = std::max(
        p.born, g0_.add_days(-years_registered * 365 - static_cast<int32_t>(rng.below(365))));
  } else {
    const double years = years_;
    double u = rng.uniform();
    double t = std::log(1 + u * (std::pow(1 + kGrowth, years) - 1)) / std::log(1 + kGrowth);
    p.registered = g0_.add_days(static_cast<int32_t>(t * 365.25));
    if (!(p.registered < w1_)) p.registered = w1_.add_days(-1);
    if (rng.chance(0.40)) {  // a birth
      p.born = p.registered;
    } else {
      age = rng.chance(0.7) ? static_cast<int>(rng.between(18, 35))
                            : ages_.sample(rng, static_cast<int>(rng.pick(kBandShare)));
      p.born = p.registered.add_days(
          -static_cast<int32_t>(age * 365.25 + static_cast<double>(rng.below(365))));
    }
  }
  const double age_at_start = (std::max(p.registered, g0_).days() - p.born.days()) / 365.25;
  p.sex = rng.chance(age_at_start >= 65 ? 0.55 : 0.495) ? 'F' : 'M';
  p.practice = static_cast<int>(rng.pick(kPracticeWeight));
  const Cluster& cl = kClusters[p.practice / 5];
  p.postcode = cl.postcodes[static_cast<size_t>(rng.below(2))];
  p.propensity = rng.normal();
  const double z = p.propensity;

  // Conditions and frailty, recorded before the generated years (or at
  // registration); the higher the propensity, the more of them.
  int d = std::min(kDeficits,
                   rng.poisson(deficit_mean(age_at_start) * propensity_scale(kDeficitLoading, z)));
  std::vector<double> w;
  for (const auto& dw : kDeficitWeights) w.push_back(dw.weight);
  for (int k = 0; k < d; ++k) {
    size_t i = rng.pick(w);
    w[i] = 0;
    p.deficits.push_back(static_cast<int>(i));
    if (kDeficitWeights[i].code == "falls") p.falls_deficit = true;
  }
  for (int j = 0; j < kLtcCount; ++j)
    p.ltc[static_cast<size_t>(j)] = rng.chance(ltc_prevalence(j, age_at_start, z));
  auto recorded = [&] {
    Date earliest = std::max(p.born.add_days(180), g0_.add_days(-3650));
    Date latest = std::max(earliest, std::max(p.registered, g0_));
    return earliest.add_days(static_cast<int32_t>(rng.below(latest.days() - earliest.days() + 1)));
  };
  if (age_at_start >= 1) {
    for (int i : p.deficits) p.conditions.emplace_back(kDeficitWeights[i].code, recorded());
    for (int j = 0; j < kLtcCount; ++j) {
      if (p.ltc[static_cast<size_t>(j)]) p.conditions.emplace_back(kLtcs[j].code, recorded());
    }
    std::sort(p.conditions.begin(), p.conditions.end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first < b.first);
    });
  } else {
    p.deficits.clear();
    p.ltc.fill(false);
    p.falls_deficit = false;
  }
  // Each process's multiplier: the propensity, deficits and conditions,
  // divided by their expectation at this age, so it averages 1 at each age.
  for (int process = 0; process < kProcesses; ++process) {
    double x = kPropensityLoading[process] * z;
    if (process != kAe) {
      x += kPerDeficit[process] * static_cast<double>(p.deficits.size());
      for (int j = 0; j < kLtcCount; ++j) {
        if (!p.ltc[static_cast<size_t>(j)]) continue;
        x += process == kAdmission  ? kLtcs[j].admission
             : process == kFall     ? kLtcs[j].fall
             : process == kCareHome ? kLtcs[j].care_home
                                    : kLtcs[j].death;
      }
    }
    p.risk[process] = std::exp(x) / normaliser_.at(age_at_start, process);
  }
  if (p.falls_deficit) p.risk[1] *= 2.0;
  // Death: a yearly hazard from age and risk, over the generated years.
  Date from = std::max(p.registered, g0_);
  for (int y = 0; y < years_ && !p.died; ++y) {
    Date a = std::max(from, FinancialYear::from_start_year(first_generated_ + y)->first_day());
    Date b = FinancialYear::from_start_year(first_generated_ + y)->last_day().add_days(1);
    if (!(a < b)) continue;
    if (rng.chance(death_probability(p, a, b)))
      p.died = a.add_days(static_cast<int32_t>(rng.below(b.days() - a.days())));
  }
  return p;
}

}  // namespace bc::synth::city_parts
