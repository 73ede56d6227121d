// The synthetic city: a realistic, deterministic population with three
// years of health and social care activity (and two years of history
// before them), written as files of the import contract (docs/data-formats.md).
//
// Calibrated to Southampton in the source papers (docs/synthetic-city.md):
// by default about 286,896 registered people on 1 January 2018 in the
// seed's age mix, growing about 1.6% a year, six clusters of five
// practices, and yearly volumes near the seed's (31,000 emergency
// admissions, 100,000 A&E attendances, 1,000 falls injuries and 270
// permanent care home admissions of people 65+, 14,000 delayed days). Each
// person's long-term conditions and frailty raise their risk of admission,
// falls, care home admission and death, so a risk model has signal to find.
//
// Deterministic: the same options give byte-identical files. Streaming:
// people are generated one at a time from (seed, person number), so memory
// does not grow with the population.
//
// Each person also has a lasting latent propensity (frailty, deprivation,
// social circumstances) that drives all their use, so prior use, frailty
// and conditions all predict the next year's admissions, as in life; the
// generator's own probability of an emergency admission is written to
// truth/true_risk.csv to measure risk models against.
//
// Thread safety: one generation per call; no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/fiscal.h"
#include "core/status.h"

namespace bc::synth {

struct CityOptions {
  // Registered population on the census date: 1 January of the second
  // financial year (of the first, when years == 1).
  int64_t persons = 286'896;
  FinancialYear first_year = *FinancialYear::from_start_year(2016);
  int years = 3;
  // Financial years of history before first_year: people, their
  // conditions and activity, delayed days, bed days and mid-year estimates
  // start this many years earlier, so that a risk model trained at the
  // window's start has two years of prior use (its last year and the year
  // before). Plans and finance cover the window only; 0 starts everything
  // at first_year.
  int history_years = 2;
  uint64_t seed = 20180101;
};

struct CitySummary {
  int64_t persons = 0;  // rows of persons.csv (everyone registered at some time in the window)
  int64_t census_population = 0;  // alive and registered on the census date
  int64_t conditions = 0, spells = 0, ae_attendances = 0, care_home_admissions = 0, reablement = 0,
          delayed_day_rows = 0, plans = 0;
  int64_t care_plans = 0, care_plan_reviews = 0, spa_referrals = 0;  // rows (plan versions)
  int64_t placements = 0;      // care home placements and home care packages
  int64_t mdt_log_rows = 0;    // mdt/mdt_log.csv: a row per person discussed, or per empty meeting
  int64_t true_risk_rows = 0;  // rows of truth/true_risk.csv
  int population_years = 0;    // mid-year estimates written to population.csv
  bool beyond_test_range = false;  // NHS numbers ran past the 999 range (very large cities)
};

// Called with the number of people generated so far and the total.
using CityProgress = std::function<void(int64_t done, int64_t total)>;

// Writes every file kind into out_dir (created if missing; existing files
// of those names are replaced), and the generator's own risks into
// out_dir/truth/true_risk.csv, which is not an extract and is never
// imported (import reads only the files directly in a directory).
Result<CitySummary> generate_city(const CityOptions& options, const std::string& out_dir,
                                  const CityProgress& progress = nullptr);

// The census date of a city: 1 January in the second financial year.
Date census_date(const CityOptions& options);

}  // namespace bc::synth
