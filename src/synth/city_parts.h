// Internal to synth: the city generator (city.h) and the pieces its files
// share: city.cc (the run: files, people one at a time, the summary),
// city_person.cc (who a person is, and when their events fall),
// city_activity.cc (a person's rows: care homes, admissions, A&E,
// reablement), city_care.cc (their care plans and referrals) and city_aggregates.cc (the reference
// files, delayed days, bed days and the plans). Not part of the synth module's contract.
//
// Thread safety: a CityGenerator is one run, used by one thread.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "synth/city.h"
#include "synth/clinical.h"
#include "synth/mid_year.h"
#include "synth/model.h"
#include "synth/nhs_numbers.h"
#include "synth/rng.h"

namespace bc::synth::city_parts {

namespace fs = std::filesystem;

// A care home of the city (care_providers.cc): its code, name, whether it
// gives nursing care, its beds in a city of the seed's size, owner and
// postcode district.
struct CareHome {
  std::string_view code, name;
  bool nursing;
  int base_beds;
  std::string_view owner, district;
};
extern const std::array<CareHome, 12> kCareHomes;
// A home's registered beds in a city of `persons`: 10 to 2,000, the import
// contract's bound.
int care_home_beds(const CareHome& h, int64_t persons);
// quality_events.csv: each provider's CQC ratings, concerns, complaints and
// visits from before first_day to last_day; one home (Dell View) fails.
Status write_quality_events(const fs::path& dir, Date first_day, Date last_day, uint64_t seed);

// One output file: a header line, then rows written through a 1 MiB buffer.
class Csv {
 public:
  Csv(const fs::path& path, std::string_view header) : path_(path.string()) {
    f_ = std::fopen(path_.c_str(), "wb");
    if (f_ != nullptr) {
      std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
      fmt::print(f_, "{}\n", header);
    }
  }
  ~Csv() {
    if (f_ != nullptr) std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr; }
  const std::string& path() const { return path_; }
  template <typename... Args>
  void row(fmt::format_string<Args...> f, Args&&... args) {
    fmt::print(f_, f, std::forward<Args>(args)...);
    std::fputc('\n', f_);
    ++rows_;
  }
  int64_t rows() const { return rows_; }
  bool close() {
    bool good = std::ferror(f_) == 0;
    good = std::fclose(f_) == 0 && good;
    f_ = nullptr;
    return good;
  }

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
  int64_t rows_ = 0;
};

// Pounds with two decimals, as the files carry money.
inline std::string money(double pounds) {
  return fmt::format("{:.2f}", pounds);
}

// The day a person turns `age`.
Date turns(const model::Person& p, int age);

// Everything one generation run needs and accumulates.
class CityGenerator {
 public:
  CityGenerator(const CityOptions& o, const fs::path& dir, const CityProgress& progress)
      : o_(o), dir_(dir), progress_(progress) {
    first_generated_ = o.first_year.start_year() - o.history_years;
    g0_ = FinancialYear::from_start_year(first_generated_)->first_day();
    w1_ = FinancialYear::from_start_year(o.first_year.start_year() + o.years - 1)
              ->last_day()
              .add_days(1);
    years_ = o.years + o.history_years;
    months_ = 12 * years_;
    for (int m = 0; m <= months_; ++m)
      month_start_.push_back(YearMonth::of(g0_).add_months(m).first_day());
    expected_nel_.assign(static_cast<size_t>(months_), 0);
    expected_ae_.assign(static_cast<size_t>(months_), 0);
    expected_falls_.assign(static_cast<size_t>(months_), 0);
    expected_ch_.assign(static_cast<size_t>(months_), 0);
    spa_referrals_per_month_.assign(static_cast<size_t>(months_), 0);
    for (auto& band : expected_falls_band_) band.assign(static_cast<size_t>(months_), 0);
    mid_year_.emplace(first_generated_, o.first_year.start_year() + o.years - 1);
    // Each financial year of the window that has a generated year before it.
    for (int y = o.first_year.start_year(); y < o.first_year.start_year() + o.years; ++y) {
      if (y - 1 >= first_generated_)
        index_dates_.push_back(FinancialYear::from_start_year(y)->first_day());
    }
  }

  Result<CitySummary> run();

 private:
  // Per-month expected events for a process over [from, to), at a yearly
  // rate (already including the person's multiplier).
  void monthly_lambda(Date from, Date to, const std::function<double(int fy)>& yearly_rate,
                      std::vector<double>* lambda) const;
  // Draws event dates from per-month lambdas, a Poisson count per year.
  std::vector<Date> draw_events(Rng& rng, Date from, Date to,
                                const std::vector<double>& lambda) const;
  model::Person make_person(int64_t index, Rng& rng);
  void write_person(const model::Person& p, Rng& rng);
  // The placement that follows a care home admission (ch_seq_ its number),
  // and the home care package that may follow reablement (re_seq_):
  // care_providers.cc.
  void write_placement(const model::Person& p, Date start, bool permanent, std::string_view setting,
                       std::string_view funder);
  void write_home_care(const model::Person& p, Date discharged);
  // The person's yearly rate of a process in financial year fy: the age
  // band's rate, its gradient within the band, the year's trend and the
  // person's multiplier (age at mid-year, or on registration if later).
  double yearly_rate(const model::Person& p, int process, int fy) const;
  // The day a person's age is taken for fy's rates: mid-year, or their
  // registration if later.
  Date rate_date(const model::Person& p, int fy) const;
  int band_at_mid_year(const model::Person& p, int fy) const;
  // truth/true_risk.csv: the person's probability of one or more emergency
  // admissions in the year from each index date they are alive and
  // registered on (docs/synthetic-city.md).
  void write_true_risk(const model::Person& p);
  // The probability that a person alive on `a` dies in [a, b), b no later
  // than the end of a's financial year; the day is then uniform in it.
  static double death_probability(const model::Person& p, Date a, Date b) {
    double mid_age = ((a.days() + b.days()) / 2.0 - p.born.days()) / 365.25;
    double len = (b.days() - a.days()) / 365.25;
    return 1 - std::exp(-model::mortality(mid_age) * p.risk[model::kDeath] * len);
  }
  void write_spell(Rng& rng, const model::Person& p, Date admitted, SpellMix mix,
                   bool emergency_fall, std::optional<Date> forced_discharge);
  // The person's care plans and referrals to the single point of access
  // (city_care.cc), from a random stream of their own.
  void write_care(const model::Person& p);
  void write_plan(const model::Person& p, Rng& rng, Date agreed, Date to);
  void write_referrals(const model::Person& p, Rng& rng, Date from, Date to);
  void write_referral(const model::Person& p, Rng& rng, Date day);
  // The clusters' MDT log (mdt/mdt_log.csv, for `bettercare mdt import`):
  // a meeting every other Tuesday per cluster, discussing the people whose
  // plan was agreed in the fortnight after it.
  Status write_mdt_log();
  Status write_reference();
  Status write_aggregates();

  CityOptions o_;
  fs::path dir_;
  CityProgress progress_;
  // The reporting window runs from o_.first_year to w1_ (o_.years years);
  // person-level activity, delayed days, bed days and the mid-year
  // estimates also cover the history years before it: [g0_, w1_).
  Date g0_, w1_;
  int first_generated_ = 0;        // start year of the first generated financial year
  int years_ = 0;                  // financial years generated: history and window
  int months_ = 0;                 // months generated, from g0_
  std::vector<Date> index_dates_;  // of truth/true_risk.csv
  model::RiskNormaliser normaliser_;
  std::vector<Date> month_start_;
  model::AgeSampler ages_;
  NhsNumberSequence nhs_numbers_;
  CitySummary summary_;

  std::unique_ptr<Csv> persons_, conditions_, spells_, ae_, care_homes_, reablement_, true_risk_;
  std::unique_ptr<Csv> care_plans_, care_plan_actions_, care_plan_reviews_, spa_referrals_;
  std::unique_ptr<Csv> placements_;
  int64_t spell_seq_ = 0, ae_seq_ = 0, ch_seq_ = 0, re_seq_ = 0;
  int64_t plan_seq_ = 0, review_seq_ = 0, referral_seq_ = 0;
  std::vector<double> expected_nel_, expected_ae_, expected_falls_, expected_ch_;
  std::vector<double> spa_referrals_per_month_;  // as written, for the plans
  // Everyone given a plan, for the MDT log: their cluster (index), NHS
  // number, the day the plan was agreed, when they registered and died, and
  // their accountable professional.
  struct MdtCandidate {
    int cluster = 0;
    std::string nhs;
    Date agreed, registered;
    std::optional<Date> died;
    std::string accountable;
  };
  std::vector<MdtCandidate> mdt_candidates_;
  // Expected falls injuries per month by five-year band 65-69 ... 90+, for
  // the age-standardised plans.
  std::array<std::vector<double>, 6> expected_falls_band_;
  std::optional<MidYearPopulation> mid_year_;
  // The current person's permanent care home admission (for reablement outcomes).
  std::optional<Date> current_permanent_ch_;
};

}  // namespace bc::synth::city_parts
