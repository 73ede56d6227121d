// Internal to synth: the city generator (city.h) and the pieces its files
// share: city.cc (the run: files, people one at a time, the summary),
// city_person.cc (who a person is, and when their events fall),
// city_activity.cc (a person's rows: care homes, admissions, A&E,
// reablement) and city_aggregates.cc (the reference files, delayed days,
// bed days and the plans). Not part of the synth module's contract.
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

// Everything one generation run needs and accumulates.
class CityGenerator {
 public:
  CityGenerator(const CityOptions& o, const fs::path& dir, const CityProgress& progress)
      : o_(o), dir_(dir), progress_(progress) {
    w0_ = o.first_year.first_day();
    w1_ = o.first_year.first_day();
    for (int y = 0; y < o.years; ++y)
      w1_ = FinancialYear::from_start_year(o.first_year.start_year() + y)->last_day().add_days(1);
    months_ = 12 * o.years;
    for (int m = 0; m <= months_; ++m)
      month_start_.push_back(YearMonth::of(w0_).add_months(m).first_day());
    expected_nel_.assign(static_cast<size_t>(months_), 0);
    expected_ae_.assign(static_cast<size_t>(months_), 0);
    expected_falls_.assign(static_cast<size_t>(months_), 0);
    expected_ch_.assign(static_cast<size_t>(months_), 0);
    for (auto& band : expected_falls_band_) band.assign(static_cast<size_t>(months_), 0);
    mid_year_.emplace(o.first_year.start_year(), o.first_year.start_year() + o.years - 1);
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
  void write_spell(Rng& rng, const model::Person& p, Date admitted, SpellMix mix,
                   bool emergency_fall, std::optional<Date> forced_discharge);
  Status write_reference();
  Status write_aggregates();
  int fy_of(Date d) const { return FinancialYear::containing(d).start_year(); }
  int month_index(Date d) const { return YearMonth::of(d).index() - YearMonth::of(w0_).index(); }

  CityOptions o_;
  fs::path dir_;
  CityProgress progress_;
  Date w0_, w1_;
  int months_ = 0;
  std::vector<Date> month_start_;
  model::AgeSampler ages_;
  NhsNumberSequence nhs_numbers_;
  CitySummary summary_;

  std::unique_ptr<Csv> persons_, conditions_, spells_, ae_, care_homes_, reablement_;
  int64_t spell_seq_ = 0, ae_seq_ = 0, ch_seq_ = 0, re_seq_ = 0;
  std::vector<double> expected_nel_, expected_ae_, expected_falls_, expected_ch_;
  // Expected falls injuries per month by five-year band 65-69 ... 90+, for
  // the age-standardised plans.
  std::array<std::vector<double>, 6> expected_falls_band_;
  std::optional<MidYearPopulation> mid_year_;
  // The current person's permanent care home admission (for reablement outcomes).
  std::optional<Date> current_permanent_ch_;
};

}  // namespace bc::synth::city_parts
