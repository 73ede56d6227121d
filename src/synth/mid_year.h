// The synthetic city's ONS-style mid-year population estimates
// (population.csv): its residents alive and registered on 30 June of each
// year whose 30 June falls in the window, by single year of age (90 = 90
// and over) and sex. The synthetic city has no list inflation, so its
// estimate is its own registered residents at mid-year; the rates of the
// real city would divide by a smaller resident population than its GP list.
//
// Thread safety: one generation at a time.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace bc::synth {

class MidYearPopulation {
 public:
  static constexpr int kMaxAge = 90;
  // The estimates of mid-first_year to mid-last_year.
  MidYearPopulation(int first_year, int last_year);

  void add(Date born, Date registered, std::optional<Date> died, char sex);

  int first_year() const { return first_; }
  int last_year() const { return last_; }
  // People of ages [min_age, max_age] (no maximum: 90 and over too) at
  // mid-`year`; 0 outside the years estimated.
  int64_t count(int year, int min_age, std::optional<int> max_age = std::nullopt) const;

  // population.csv: year, age, sex, population; every age and sex of every year.
  Status write(const std::filesystem::path& file) const;

 private:
  int first_, last_;
  std::vector<std::array<std::array<int64_t, kMaxAge + 1>, 2>> counts_;  // [year][sex][age]
};

}  // namespace bc::synth
