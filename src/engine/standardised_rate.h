// Directly age-standardised rates (DSRs) and their confidence intervals.
//
// A DSR is the rate a population would have if it had the standard
// population's age structure: the sum over age bands of the band's rate
// times the band's standard weight, over the sum of the weights, times
// `per`. bettercare's standard is the 2013 European Standard Population
// (config/reference/esp2013.csv), as PHE/OHID use for the Public Health
// Outcomes Framework.
//
// The 95% confidence interval is Dobson's method (Dobson et al., Stat Med
// 1991;10:457-62) around Byar's approximation to the Poisson interval of
// the total count (Breslow & Day 1987), the method PHE/OHID publish DSRs
// with. Like PHE, no DSR is given for fewer than 10 events: too few to
// standardise reliably.
//
// Thread safety: pure functions and immutable data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bc {

// One age band of a standardisation.
struct DsrBand {
  double events = 0;      // observed in the band
  double population = 0;  // the band's population
  double weight = 0;      // its standard population weight
};

struct Dsr {
  std::optional<double> value, lower, upper;  // none: fewer than kDsrMinEvents, or no population
  double events = 0;                          // the total count
  std::string note;                           // why there is no value
};

inline constexpr double kDsrMinEvents = 10;

// The DSR of `bands` per `per` people, with its 95% confidence interval.
// A band with events but no population gives no value (the rate is unknown).
Dsr directly_standardised_rate(std::span<const DsrBand> bands, double per);

// Byar's approximation to the 95% Poisson confidence limits of a count.
double byar_lower(double count);
double byar_upper(double count);

// The 2013 European Standard Population's weight of the five-year band
// starting at `age` (0, 5, ..., 85; 90 = 90 and over).
double esp2013_weight(int age);

}  // namespace bc
