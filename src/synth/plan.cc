#include "synth/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csv_reader.h"
#include "core/fiscal.h"
#include "core/money.h"
#include "synth/rng.h"

namespace bc::embedded {
extern const std::string_view kPlanWorkstreams;  // config/seed/plan/workstreams.csv
extern const std::string_view kPlanMilestones;   // config/seed/plan/milestones.csv
extern const std::string_view kPlanMeasures;     // config/seed/plan/key_measures.csv
}  // namespace bc::embedded

namespace bc::synth {
namespace {

// The plan's first year, which the synthetic savings and values cover.
constexpr int kPlanStartYear = 2018;

// A CSV field, quoted when it needs to be.
std::string field(std::string_view v) {
  if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class File {
 public:
  explicit File(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {}
  ~File() {
    if (f_ != nullptr) std::fclose(f_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  void write(std::string_view text) {
    if (f_ != nullptr && std::fwrite(text.data(), 1, text.size(), f_) != text.size())
      failed_ = true;
  }
  Status close() {
    const bool opened = f_ != nullptr;
    const bool closed = opened && std::fclose(f_) == 0;
    f_ = nullptr;
    if (!opened || !closed || failed_)
      return Status::io_error(fmt::format("cannot write {}", path_));
    return Status();
  }

 private:
  std::string path_;
  std::FILE* f_;
  bool failed_ = false;
};

// milestones.csv with each milestone's progress as at `as_at`: those due
// by then mostly complete (a few late), those under way mostly on track
// (some at risk), those not yet begun not started.
std::string milestones_as_at(Date as_at, uint64_t seed) {
  auto reader = CsvReader::from_string(std::string(embedded::kPlanMilestones));
  CsvRecord rec;
  reader->next(&rec);  // milestone_id,workstream_id,title,start,due,status
  std::string out = "milestone_id,workstream_id,title,start,due,status,completed_date\n";
  const std::string now = as_at.iso(), this_month = YearMonth::of(as_at).iso();
  uint64_t n = 0;
  while (reader->next(&rec)) {
    Rng rng(seed, 0x504C414E0000ull + n++);
    const std::string due(rec[4]), start(rec[3]);
    const YearMonth due_month = *YearMonth::parse(due);
    std::string status = "not_started", completed;
    if (due_month.last_day() <= as_at) {
      if (rng.chance(0.88)) {
        status = "complete";
        const Date done = due_month.last_day().add_days(-static_cast<int32_t>(rng.between(0, 40)));
        completed = std::min(done, as_at).iso();
      } else {
        status = "late";
      }
    } else if (start <= this_month) {
      const double u = rng.uniform();
      status = u < 0.75 ? "on_track" : u < 0.93 ? "at_risk" : "late";
    }
    out += fmt::format("{},{},{},{},{},{},{}\n", rec[0], rec[1], field(rec[2]), start, due, status,
                       completed);
  }
  return out;
}

// Monthly values for the measures no metric tracks (those with a target):
// the plan's first year up to the city's last month, near the target and
// drifting towards it.
std::string measure_values(Date as_at, uint64_t seed) {
  auto reader = CsvReader::from_string(std::string(embedded::kPlanMeasures));
  CsvRecord rec;
  reader->next(&rec);  // measure_id,workstream_id,title,target,unit,direction,metric
  const YearMonth first = *YearMonth::from_parts(kPlanStartYear, 4);
  const YearMonth last = std::max(first, std::min(YearMonth::of(as_at), first.add_months(14)));
  std::string out = "measure_id,month,value\n";
  uint64_t n = 0;
  while (reader->next(&rec)) {
    Rng rng(seed, 0x4D4541530000ull + n++);
    if (!rec[6].empty() || rec[3].empty()) continue;
    const double target = std::stod(std::string(rec[3]));
    const bool percent = rec[4] == "percent", lower = rec[5] == "lower";
    // Where the measure starts against its target: most near it, some well short.
    const double start = rng.chance(0.25) ? 0.75 : 0.92 + 0.1 * rng.uniform();
    const int months = last.index() - first.index() + 1;
    for (int i = 0; i < months; ++i) {
      const double progress = start + (1.0 - start) * 0.9 * i / std::max(1, months - 1);
      double ratio = progress + 0.03 * rng.normal();
      if (lower) ratio = 2.0 - ratio;  // short of a "lower" target means above it
      double v = target == 0 ? (rng.chance(0.2) ? 1.0 : 0.0) : target * ratio;
      if (percent) v = std::clamp(v, 0.0, 100.0);
      v = std::max(0.0, std::round(v * 10) / 10);
      out += fmt::format("{},{},{}\n", rec[0], first.add_months(i).iso(), v);
    }
  }
  return out;
}

// Savings lines of the plan's first year (the seed's plan names none; the
// lines are shaped like seed 002's QIPP and council savings), planned
// evenly by month, with what was delivered in the months to the city's
// last day.
std::string savings(Date as_at, uint64_t seed) {
  struct SavingsLine {
    std::string_view workstream, line, partner;
    int64_t annual_pounds;
    double delivery;  // delivered as a share of planned, on average
  };
  static constexpr SavingsLine kLines[] = {
      {"ICP-01", "Discharge to assess: reduced excess bed days", "CCG", 310'000, 0.97},
      {"ICP-01", "Home IV: reduced length of stay", "CCG", 120'000, 1.04},
      {"ICP-02", "Ambulatory care sensitive admissions (ACS)", "CCG", 280'000, 0.92},
      {"ICP-03", "Care homes: non-elective admissions and conveyances", "CCG", 150'000, 0.78},
      {"ICP-09", "Day services remodelling (Living Well)", "SCC", 370'000, 1.0},
      {"ICP-10", "High intensity users: ED attendances and admissions", "CCG", 90'000, 0.95},
      {"ICP-12", "Short breaks eligibility", "SCC", 200'000, 1.0},
      {"ICP-32", "Continuing healthcare packages review", "CCG", 600'000, 0.88},
  };
  const FinancialYear fy = *FinancialYear::from_start_year(kPlanStartYear);
  std::string out = "workstream_id,line,partner_code,financial_year,month,planned,delivered\n";
  uint64_t n = 0;
  for (const SavingsLine& l : kLines) {
    Rng rng(seed, 0x534156450000ull + n++);
    for (int m = 1; m <= 12; ++m) {
      const int64_t planned =
          (l.annual_pounds * 100 * m / 12 - l.annual_pounds * 100 * (m - 1) / 12);
      std::string delivered;
      if (fy.month(m).last_day() <= as_at) {
        const double share = std::max(0.0, l.delivery + 0.08 * rng.normal());
        delivered =
            Money::from_pence(std::llround(static_cast<double>(planned) * share / 100) * 100)
                .to_plain();
      }
      out += fmt::format("{},{},{},{},{},{},{}\n", l.workstream, field(l.line), l.partner,
                         fy.label(), m, Money::from_pence(planned).to_plain(), delivered);
    }
  }
  return out;
}

}  // namespace

Status write_commissioning_plan(const std::string& dir, Date as_at, uint64_t seed) {
  const std::pair<const char*, std::string> files[] = {
      {"workstreams.csv", std::string(embedded::kPlanWorkstreams)},
      {"milestones.csv", milestones_as_at(as_at, seed)},
      {"key_measures.csv", std::string(embedded::kPlanMeasures)},
      {"measure_values.csv", measure_values(as_at, seed)},
      {"savings.csv", savings(as_at, seed)},
  };
  for (const auto& [name, text] : files) {
    File f(dir + "/" + name);
    f.write(text);
    if (Status s = f.close(); !s.ok()) return s;
  }
  return Status();
}

}  // namespace bc::synth
