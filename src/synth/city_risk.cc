// A person's yearly rates in the synthetic city (their age band's, the
// gradient within it, the year's trend and their own multiplier), and the
// generator's own probability of an emergency admission in the year after
// each index date, written to truth/true_risk.csv (city_parts.h,
// docs/synthetic-city.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/age.h"
#include "synth/city_parts.h"

namespace bc::synth::city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

Date turns(const Person& p, int age) {
  const int year = std::min(2199, p.born.year() + age);
  return *Date::from_ymd(year, p.born.month(),
                         std::min(p.born.day(), days_in_month(year, p.born.month())));
}

Date CityGenerator::rate_date(const Person& p, int fy) const {
  return std::max(FinancialYear::from_start_year(fy)->first_day().add_days(182),
                  std::max(p.registered, g0_));
}

int CityGenerator::band_at_mid_year(const Person& p, int fy) const {
  return static_cast<int>(age_band_of(age_at(p.born, rate_date(p, fy))));
}

double CityGenerator::yearly_rate(const Person& p, int process, int fy) const {
  const Date when = rate_date(p, fy);
  const int band = static_cast<int>(age_band_of(age_at(p.born, when)));
  const double age = (when.days() - p.born.days()) / 365.25;
  const double survivors = survivor_correction(process, age, (when.days() - g0_.days()) / 365.25);
  // year_factor's processes: 0 emergency, 1 falls, 2 A&E, 3 care home permanent.
  switch (process) {
    case kAdmission:
      return kEmergencyRate[band] * year_factor(0, fy) * age_gradient(kAdmission, age) * survivors *
             p.risk[kAdmission];
    case kFall:  // from 65 (the gradient of someone turning 65 this year: at 65)
      return kFallRate65 * year_factor(1, fy) * age_gradient(kFall, std::max(age, 65.0)) *
             p.risk[kFall];
    case kCareHome:
      return kCareHomePermanentRate65 * year_factor(3, fy) * survivors * p.risk[kCareHome];
    case kAe:
      return kAeRate[band] * year_factor(2, fy) * survivors * p.risk[kAe];
  }
  return 0;
}

// P(one or more emergency admissions in [d, d + 1 year)) for a person alive
// and registered on d: ordinary emergency admissions and falls injuries at
// their daily rates (season included) while alive; death in the year at
// the generator's own probability, on a uniform day, ending exposure, and
// for an adult ending an emergency admission (admitted in the year) with
// probability kTerminalAdmission.
void CityGenerator::write_true_risk(const Person& p) {
  const Date from = std::max(p.registered, g0_);
  const Date t65 = turns(p, 65), t18 = turns(p, 18);
  for (const Date d : index_dates_) {
    if (d < p.registered || (p.died && !(d < *p.died))) continue;
    const int fy = FinancialYear::containing(d).start_year();
    const Date end = FinancialYear::containing(d).last_day().add_days(1);
    const double nel = yearly_rate(p, kAdmission, fy) / 365.25 / kSeasonMean;
    const double fall = yearly_rate(p, kFall, fy) / 365.25 / kSeasonMean;
    const int n = end.days() - d.days();
    // Walk the year in stretches of days with one rate (cut at each month,
    // at 18 and 65, and after day 14): survival (no admission yet) at the
    // start of each day, and its sum over the days of death.
    std::vector<int> cuts = {0, n, std::min(n, 14), std::clamp(t65.days() - d.days(), 0, n),
                             std::clamp(t18.days() - d.days(), 0, n)};
    for (YearMonth m = YearMonth::of(d).add_months(1); m.first_day() < end; m = m.add_months(1))
      cuts.push_back(m.first_day().days() - d.days());
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    double survival = 1, sum_dead = 0;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      const int a = cuts[i], b = cuts[i + 1];
      const Date day = d.add_days(a);
      const double rate = kSeason[day.month() - 1] * (nel + (day < t65 ? 0.0 : fall));
      // Died on day t: no admission before it, and then perhaps one that
      // ends in the death, admitted in the year unless t < 14 (it may
      // start up to 14 days before).
      const double terminal = day < t18 ? 0.0 : kTerminalAdmission;
      if (a < 14 && from < d) {
        for (int t = a; t < b; ++t) {
          sum_dead += survival * (1 - terminal * t / 14.0);
          survival *= std::exp(-rate);
        }
      } else {
        const int k = b - a;
        const double days = rate > 0 ? std::expm1(-rate * k) / std::expm1(-rate) : k;
        sum_dead += survival * (1 - terminal) * days;
        survival *= std::exp(-rate * k);
      }
    }
    const double dies = death_probability(p, d, end);
    const double none = (1 - dies) * survival + dies * sum_dead / n;
    true_risk_->row("{},{},{:.6f}", p.nhs.digits(), d.iso(), 1 - none);
  }
}

}  // namespace bc::synth::city_parts
