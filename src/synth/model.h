// Internal to synth: the model of the synthetic city, its calibration to
// the seed papers (docs/synthetic-city.md) and its reference data: rates by
// age band, the season, growth, mortality, the clusters and practices, the
// frailty deficits and long-term conditions with their effects on risk,
// and a person as the generator makes them.
//
// Thread safety: immutable data and pure functions.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/nhs_number.h"
#include "synth/rng.h"

namespace bc::synth::model {

// --- calibration (docs/synthetic-city.md) ------------------------------------

inline constexpr double kGrowth = 0.016;            // registered population growth a year
inline constexpr double kSeedPopulation = 286'896;  // 1 January 2018
// The seed's January 2018 age mix: 0-17, 18-64, 65+.
inline constexpr double kBandShare[3] = {54'011 / kSeedPopulation, 195'784 / kSeedPopulation,
                                         37'101 / kSeedPopulation};
// The age mix of the people registered at the start of the window, set so
// that after births, deaths, arrivals and ageing the census date shows the
// seed's mix; each year of history before the window starts the mix a
// little younger again (kHistoryBandShift per year).
inline constexpr double kInitialBandShare[3] = {kBandShare[0] * 1.02, kBandShare[1],
                                                kBandShare[2] * 0.966};
inline constexpr double kHistoryBandShift[3] = {1.02, 1.0, 0.968};
// Relative activity by calendar month (January first): winter peaks.
inline constexpr double kSeason[12] = {1.15, 1.08, 1.05, 0.97, 0.95, 0.92,
                                       0.93, 0.90, 0.94, 1.00, 1.03, 1.10};
inline constexpr double kSeasonMean = 1.001666666666667;

// Yearly rates per person in 2017/18, by age band (0-17, 18-64, 65+),
// before each person's risk multiplier. Emergency admissions total about
// 31,000 a year for the default city, A&E about 100,000 (of which 70% of
// emergency admissions arrive through A&E), falls injuries of people 65+
// about 1,000, permanent care home admissions of people 65+ about 270.
inline constexpr double kEmergencyRate[3] = {0.0842, 0.0700, 0.3096};
inline constexpr double kFallRate65 = 0.028;
inline constexpr double kAeRate[3] = {0.356, 0.2795, 0.1816};
inline constexpr double kElectiveRate[3] = {0.04, 0.09, 0.25};
inline constexpr double kCareHomePermanentRate65 = 0.0080;
inline constexpr double kCareHomeTemporaryRate65 = 0.005;
inline constexpr double kViaAe = 0.70;              // emergency admissions that come through A&E
inline constexpr double kTerminalAdmission = 0.45;  // deaths (18+) that end an emergency admission
inline constexpr double kReablementAfterDischarge = 0.09;
// Of permanent care home admissions of people 65+, the share the council
// supports (ASCOF 2A(2) counts only these); the rest are self-funders (28%),
// NHS-funded (7%) and other councils' placements (3%).
inline constexpr double kCouncilFundedShare = 0.62;

// Year-on-year change relative to 2017/18: the seed's year end reads
// permanent admissions 12% better than 2016/17, falls 3% worse, NEL flat.
double year_factor(int process, int fy);

// Annual mortality at an age (Gompertz-like, England-like levels).
double mortality(double age);

// --- reference data ------------------------------------------------------

struct Cluster {
  std::string_view code, name;
  std::array<std::string_view, 2> postcodes;
  std::array<std::string_view, 5> practices;
};

inline constexpr Cluster kClusters[] = {
    {"C1",
     "City Centre and St Mary's",
     {"SO14", "SO15"},
     {"Bargate Surgery", "St Mary's Health Centre", "Bedford Place Practice",
      "Ocean Village Surgery", "Northam Medical Centre"}},
    {"C2",
     "Bitterne and Thornhill",
     {"SO18", "SO19"},
     {"Bitterne Surgery", "Thornhill Health Centre", "Harefield Practice", "Midanbury Surgery",
      "Merry Oak Medical Centre"}},
    {"C3",
     "Shirley and Freemantle",
     {"SO15", "SO16"},
     {"Shirley Health Centre", "Freemantle Surgery", "Banister Practice", "Regents Park Surgery",
      "Hill Lane Medical Centre"}},
    {"C4",
     "Portswood and Swaythling",
     {"SO17", "SO16"},
     {"Portswood Practice", "Swaythling Surgery", "Highfield Health", "Bassett Medical Centre",
      "University Health Service"}},
    {"C5",
     "Woolston and Sholing",
     {"SO19", "SO19"},
     {"Woolston Surgery", "Sholing Practice", "Peartree Health Centre", "Weston Lane Surgery",
      "Itchen Medical Centre"}},
    {"C6",
     "Millbrook and Redbridge",
     {"SO16", "SO15"},
     {"Millbrook Surgery", "Redbridge Health Centre", "Lordshill Practice",
      "Coxford Medical Centre", "Maybush Surgery"}},
};
inline constexpr int kPractices = 30;
// Relative list sizes, practice by practice.
inline constexpr double kPracticeWeight[kPractices] = {
    1.2, 0.9, 0.8, 0.7, 1.0, 1.3, 1.1, 0.9, 0.8, 0.9, 1.2, 1.0, 0.8, 0.9, 0.7,
    1.1, 0.9, 1.0, 0.8, 1.6, 1.2, 1.0, 0.9, 0.8, 0.8, 1.0, 1.1, 0.9, 0.8, 0.7};

std::string practice_code(int p);

// --- people ----------------------------------------------------------------

// The eFI deficits with how common each is among people who have deficits.
struct Weighted {
  std::string_view code;
  double weight;
};
inline constexpr Weighted kDeficitWeights[] = {
    {"hypertension", 10},
    {"polypharmacy", 8},
    {"arthritis", 7},
    {"hearing_impairment", 6},
    {"diabetes", 6},
    {"visual_impairment", 5},
    {"falls", 4},
    {"urinary_incontinence", 4},
    {"ischaemic_heart_disease", 4},
    {"osteoporosis", 4},
    {"chronic_kidney_disease", 4},
    {"respiratory_disease", 4},
    {"atrial_fibrillation", 3},
    {"dizziness", 3},
    {"dyspnoea", 3},
    {"foot_problems", 3},
    {"thyroid_disease", 3},
    {"memory_cognitive_problems", 3},
    {"mobility_transfer_problems", 3},
    {"activity_limitation", 3},
    {"anaemia", 3},
    {"sleep_disturbance", 3},
    {"heart_failure", 2},
    {"requirement_for_care", 2},
    {"cerebrovascular_disease", 2},
    {"fragility_fracture", 2},
    {"hypotension_syncope", 2},
    {"peptic_ulcer", 2},
    {"social_vulnerability", 2},
    {"urinary_system_disease", 2},
    {"housebound", 1.5},
    {"peripheral_vascular_disease", 1.5},
    {"heart_valve_disease", 1.5},
    {"parkinsonism_tremor", 1},
    {"skin_ulcer", 1},
    {"weight_loss_anorexia", 1},
};
inline constexpr int kDeficits = static_cast<int>(std::size(kDeficitWeights));

// Long-term conditions that are not eFI deficits, and their effect (log
// relative risk) on emergency admission, falls, care home admission, death.
struct Ltc {
  std::string_view code;
  double admission, fall, care_home, death;
};
inline constexpr Ltc kLtcs[] = {
    {"asthma", 0.2, 0, 0, 0},
    {"copd", 0.6, 0.1, 0.2, 0.5},
    {"dementia", 0.4, 0.6, 1.4, 0.7},
    {"cancer", 0.5, 0, 0.2, 1.0},
    {"depression", 0.15, 0.1, 0, 0},
    {"serious_mental_illness", 0.3, 0, 0.2, 0.3},
    {"learning_disability", 0.3, 0.2, 0.5, 0.3},
    {"epilepsy", 0.3, 0.3, 0, 0.2},
    {"obesity", 0.1, 0, 0, 0.1},
    {"chronic_liver_disease", 0.5, 0.2, 0, 0.6},
};
inline constexpr int kLtcCount = static_cast<int>(std::size(kLtcs));
// Log relative risk per eFI deficit: admission, falls, care home, death
// (A&E attendances depend on the propensity alone).
inline constexpr double kPerDeficit[4] = {0.12, 0.10, 0.15, 0.10};

// The processes a person's multipliers (Person::risk) drive.
enum Process { kAdmission = 0, kFall = 1, kCareHome = 2, kDeath = 3, kAe = 4 };
inline constexpr int kProcesses = 5;

// The latent propensity: each person's lasting, unobserved liability to use
// services (frailty, deprivation, social circumstances), a standard normal
// drawn once. Each process's multiplier carries exp(loading * z); deficits
// and long-term conditions are more common the higher z is (their Poisson
// mean and prevalence times exp(c * z - c^2 / 2), which keeps their means).
// Order as Process: admission, falls, care home, death, A&E.
inline constexpr double kPropensityLoading[kProcesses] = {0.7, 0.6, 0.6, 0.3, 1.5};
inline constexpr double kDeficitLoading = 0.3;
inline constexpr double kLtcLoading = 0.6;

// The propensity's effect on a Poisson mean or a prevalence.
inline double propensity_scale(double loading, double z) {
  return std::exp(loading * z - loading * loading / 2);
}

double ltc_prevalence(int ltc, double age);
// A prevalence raised or lowered by the propensity z (at most 0.95).
inline double ltc_prevalence(int ltc, double age, double z) {
  return std::min(0.95, ltc_prevalence(ltc, age) * propensity_scale(kLtcLoading, z));
}

double deficit_mean(double age);

struct Person {
  int64_t index = 0;
  NhsNumber nhs;
  Date born, registered;
  std::optional<Date> died;
  char sex = 'U';
  int practice = 0;
  std::string_view postcode;
  std::vector<int> deficits;  // indices into kDeficitWeights
  std::array<bool, kLtcCount> ltc{};
  std::vector<std::pair<std::string_view, Date>> conditions;  // code, recorded
  double propensity = 0;                                      // z, standard normal
  double risk[kProcesses] = {1, 1, 1, 1, 1};                  // by Process
  bool falls_deficit = false;
};

// Ages sampled per year of age, shaped like a university city.
struct AgeSampler {
  std::array<std::vector<double>, 3> weights;  // per band, per year of age within it
  AgeSampler() {
    for (int a = 0; a <= 17; ++a) weights[0].push_back(1.0);
    for (int a = 18; a <= 64; ++a) {
      weights[1].push_back(a < 25 ? 1.6 : a < 35 ? 1.25 : a < 55 ? 1.0 : 0.85);
    }
    for (int a = 65; a <= 104; ++a) weights[2].push_back(std::exp(-(a - 65) / 11.0));
  }
  int sample(Rng& rng, int band) const {
    static constexpr int kFirst[3] = {0, 18, 65};
    return kFirst[band] + static_cast<int>(rng.pick(weights[band]));
  }
};

// A person's relative rate within their age band, by age: emergency
// admissions and falls rise with age inside the band (infants, older
// working age, the oldest old), other processes are flat. Normalised over
// the initial age mix of the band (AgeSampler), so the band's volume stays.
double age_gradient(int process, double age);

// The frailest die first, so among the living the mean multiplier of a
// process falls below 1 after about 70 (the multipliers are set when a
// person enters the city and last), mostly in the first generated year.
// This raises the rates of older people to make up for it, so the volumes
// of the living stay calibrated and age keeps its signal: exp(rate *
// (min(age, 95) - 70)) after 70, reached over the first generated year
// (`years_in`, 0 to 1); the rates measured on the default city. Order as
// Process.
inline constexpr double kSurvivorCorrection[kProcesses] = {0.035, 0, 0.035, 0, 0.012};
inline double survivor_correction(int process, double age, double years_in) {
  return std::exp(kSurvivorCorrection[process] * std::max(0.0, std::min(age, 95.0) - 70) *
                  std::clamp(years_in, 0.0, 1.0));
}

// The expected value, over the propensity z, the deficits and the long-term
// conditions of people of an age, of exp(loading * z + beta * deficits +
// sum gamma_j * ltc_j): each person's multiplier is divided by it, so the
// multipliers average 1 at every age and the calibrated volumes stay. A
// table by tenth of a year of age, computed once by quadrature over z.
class RiskNormaliser {
 public:
  RiskNormaliser();
  double at(double age, int process) const;

 private:
  static constexpr int kAges = 1101;  // 0.0 to 110.0 years
  std::vector<std::array<double, kProcesses>> table_;
};

}  // namespace bc::synth::model
