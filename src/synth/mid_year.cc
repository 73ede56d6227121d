#include "synth/mid_year.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "core/age.h"

namespace bc::synth {

MidYearPopulation::MidYearPopulation(int first_year, int last_year)
    : first_(first_year),
      last_(std::max(first_year, last_year)),
      counts_(static_cast<size_t>(last_ - first_ + 1)) {
  for (auto& year : counts_) {
    for (auto& sex : year) sex.fill(0);
  }
}

void MidYearPopulation::add(Date born, Date registered, std::optional<Date> died, char sex) {
  for (int y = first_; y <= last_; ++y) {
    const Date mid = *Date::from_ymd(y, 6, 30);
    if (mid < born || mid < registered || (died && !(mid < *died))) continue;
    const int age = std::min(kMaxAge, age_at(born, mid));
    counts_[static_cast<size_t>(y - first_)][sex == 'F' ? 1 : 0][static_cast<size_t>(age)] += 1;
  }
}

int64_t MidYearPopulation::count(int year, int min_age, std::optional<int> max_age) const {
  if (year < first_ || year > last_) return 0;
  const int hi = max_age ? std::min(*max_age, kMaxAge) : kMaxAge;
  int64_t total = 0;
  for (const auto& sex : counts_[static_cast<size_t>(year - first_)]) {
    for (int a = std::max(0, min_age); a <= hi; ++a) total += sex[static_cast<size_t>(a)];
  }
  return total;
}

Status MidYearPopulation::write(const std::filesystem::path& file) const {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return Status::io_error(fmt::format("cannot write {}", file.string()));
  out << "year,age,sex,population\n";
  for (int y = first_; y <= last_; ++y) {
    for (int age = 0; age <= kMaxAge; ++age) {
      for (int sex = 0; sex < 2; ++sex) {
        out << fmt::format("{},{},{},{}\n", y, age, sex == 0 ? 'M' : 'F',
                           counts_[static_cast<size_t>(y - first_)][static_cast<size_t>(sex)]
                                  [static_cast<size_t>(age)]);
      }
    }
  }
  out.close();
  if (!out) return Status::io_error(fmt::format("writing {} failed", file.string()));
  return Status();
}

}  // namespace bc::synth
