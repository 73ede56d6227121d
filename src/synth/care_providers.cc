// The synthetic city's care providers (docs/synthetic-city.md, "Care
// providers"): its twelve care homes and two home care agencies with their
// care-provider columns, the placements that follow its care home
// admissions and reablement, and each provider's quality history. Each
// placement draws from a generator of its own (seeded by the admission or
// episode it follows), so the people's streams, and every other file, are
// as they were before placements were written.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "synth/city_parts.h"

namespace bc::synth::city_parts {

const std::array<CareHome, 12> kCareHomes = {{
    {"VNA01", "Abbey Lodge", false, 175, "Abbey Care Ltd", "SO16"},
    {"VNB02", "Bassett House", true, 92, "Bassett Healthcare Ltd", "SO16"},
    {"VNC03", "Chessel Court", false, 170, "Solent Care Homes Ltd", "SO19"},
    {"VND04", "Dell View", true, 88, "Premier Residential Care plc", "SO15"},
    {"VNE05", "Elm Grange", false, 180, "Elm Grange Ltd", "SO17"},
    {"VNF06", "Fairfield House", true, 86, "Premier Residential Care plc", "SO18"},
    {"VNA07", "Greenbank", false, 165, "Greenbank Care LLP", "SO14"},
    {"VNB08", "Hollybrook Lodge", true, 90, "Hollybrook Homes Ltd", "SO16"},
    {"VNC09", "Itchen View", false, 172, "Solent Care Homes Ltd", "SO19"},
    {"VND10", "Jasmine Court", true, 94, "Jasmine Healthcare Ltd", "SO15"},
    {"VNE11", "Kingsland House", false, 168, "Kingsland Care Ltd", "SO14"},
    {"VNF12", "Lordswood", true, 90, "Premier Residential Care plc", "SO16"},
}};

int care_home_beds(const CareHome& h, int64_t persons) {
  // Scaled with the city, within the import contract's 1 to 2,000
  // (docs/data-formats.md): a city of more than about 3.2 million people
  // keeps its twelve homes at 2,000 beds each, fuller than registered,
  // rather than writing a providers.csv its own import refuses.
  constexpr int kMaxRegisteredBeds = 2000;
  const double scale = static_cast<double>(persons) / model::kSeedPopulation;
  return std::clamp(static_cast<int>(std::lround(h.base_beds * scale)), 10, kMaxRegisteredBeds);
}

namespace {

constexpr uint64_t kPlacementStream = 0x9ACE3E47ull;
constexpr uint64_t kHomeCareStream = 0x40E3CA4Eull;

std::string pounds(double v) {
  return fmt::format("{:.2f}", v);
}

}  // namespace

void CityGenerator::write_placement(const model::Person& p, Date start, bool permanent,
                                    std::string_view setting, std::string_view funder) {
  Rng rng(o_.seed ^ kPlacementStream, static_cast<uint64_t>(ch_seq_));
  const bool nursing = setting == "nursing";
  std::vector<size_t> fitting;
  for (size_t i = 0; i < kCareHomes.size(); ++i)
    if (kCareHomes[i].nursing == nursing) fitting.push_back(i);
  const CareHome& home =
      kCareHomes[fitting[static_cast<size_t>(rng.below(static_cast<int64_t>(fitting.size())))]];
  std::optional<Date> end;
  if (!permanent) end = start.add_days(static_cast<int32_t>(rng.between(7, 42)) - 1);
  if (p.died && (!end || *p.died < *end)) end = *p.died;
  // The funders of care home admissions (council, self, nhs, other_la) as
  // placements: some council placements are jointly funded; NHS-funded
  // ones are the CCG's continuing healthcare.
  std::string_view f = funder == "nhs" ? "ccg" : funder;
  if (f == "council" && rng.chance(0.08)) f = "joint";
  double cost = nursing ? 780 + rng.between(0, 170) : 600 + rng.between(0, 150);
  if (f == "self") cost *= 1.15;
  placements_->row("PL{:07},{},{},{},{},{},,{},{}", ch_seq_, p.nhs.digits(), home.code, start.iso(),
                   end ? end->iso() : "", pounds(cost), f, f == "other_la" ? "E10000014" : "");
}

void CityGenerator::write_home_care(const model::Person& p, Date discharged) {
  Rng rng(o_.seed ^ kHomeCareStream, static_cast<uint64_t>(re_seq_));
  if (!rng.chance(0.3)) return;
  const Date start = discharged.add_days(42);  // after six weeks of reablement
  if (p.died && *p.died < start) return;
  std::optional<Date> end;
  if (!rng.chance(0.4)) end = start.add_days(static_cast<int32_t>(rng.between(60, 720)));
  if (p.died && (!end || *p.died < *end)) end = *p.died;
  const double hours = 4 + 0.5 * static_cast<double>(rng.between(0, 34));
  const bool self = rng.chance(0.15);
  placements_->row("PH{:07},{},{},{},{},{},{},{},", re_seq_, p.nhs.digits(),
                   rng.chance(0.55) ? "VH001" : "VH002", start.iso(), end ? end->iso() : "",
                   pounds(hours * 18.5), hours, self ? "self" : "council");
}

Status write_quality_events(const fs::path& dir, Date first_day, Date last_day, uint64_t seed) {
  Csv out(dir / "quality_events.csv",
          "event_id,provider_code,event_date,kind,rating,safe,effective,caring,responsive,"
          "well_led,outcome,details");
  if (!out.ok()) return Status::io_error(fmt::format("cannot write into {}", dir.string()));
  static constexpr std::string_view kRatings[] = {"outstanding", "good", "requires_improvement",
                                                  "inadequate"};
  static constexpr double kRatingW[] = {5, 70, 20, 5};
  int seq = 0;
  auto event = [&](std::string_view code, Date d, std::string_view kind, std::string_view rating,
                   std::string_view questions, std::string_view outcome, std::string_view details) {
    if (last_day < d) return;
    out.row("QE{:05},{},{},{},{},{},{},{}", ++seq, code, d.iso(), kind, rating,
            questions.empty() ? ",,,," : questions, outcome, details);
  };
  std::vector<std::string_view> codes;
  for (const CareHome& h : kCareHomes) codes.push_back(h.code);
  codes.push_back("VH001");
  codes.push_back("VH002");
  const int32_t span = last_day.days() - first_day.days();
  for (size_t i = 0; i < codes.size(); ++i) {
    Rng rng(seed ^ 0x0A11E7E5ull, i + 1);
    const std::string_view code = codes[i];
    // Dell View (VND04) is the city's failing home: rated inadequate four
    // months before the last day, then placements suspended.
    const bool failing = code == "VND04";
    // CQC inspections every 12 to 30 months, the first before the window.
    const Date ratings_end = failing ? last_day.add_days(-120) : last_day;
    for (Date d = first_day.add_days(-static_cast<int32_t>(rng.between(30, 400))); d < ratings_end;
         d = d.add_days(static_cast<int32_t>(rng.between(365, 900)))) {
      const std::string_view r = failing && last_day.days() - d.days() < 400
                                     ? "requires_improvement"
                                     : kRatings[rng.pick(kRatingW)];
      const std::string q = fmt::format("{0},{0},{1},{0},{0}", r, r == "inadequate" ? "good" : r);
      event(code, d, "cqc_rating", r, q, "", "");
    }
    // Safeguarding concerns, complaints and visits through the window.
    for (int32_t day = 0; day < span; day += static_cast<int32_t>(rng.between(60, 300))) {
      static constexpr std::string_view kConcern[] = {"upheld", "not_upheld", "open"};
      static constexpr double kConcernW[] = {35, 60, 5};
      event(code, first_day.add_days(day), "safeguarding", "", "", kConcern[rng.pick(kConcernW)],
            "");
    }
    for (int32_t day = 0; day < span; day += static_cast<int32_t>(rng.between(45, 240))) {
      event(code, first_day.add_days(day), "complaint", "", "",
            rng.chance(0.4) ? "upheld" : "not_upheld", "");
    }
    for (int32_t day = static_cast<int32_t>(rng.between(0, 200)); day < span; day += 365) {
      static constexpr std::string_view kVisit[] = {"good", "improvement_needed"};
      event(code, first_day.add_days(day), "quality_visit", "", "", kVisit[rng.below(2)], "");
    }
    if (failing) {
      const Date rated = last_day.add_days(-120), visited = last_day.add_days(-90),
                 suspended = last_day.add_days(-60);
      event(code, rated, "cqc_rating", "inadequate",
            "inadequate,requires_improvement,good,requires_improvement,inadequate", "",
            "\"Warning notice: staffing levels, medicines management\"");
      event(code, visited, "quality_visit", "", "", "serious_concerns",
            "Night staffing below the agreed level");
      event(code, suspended, "suspension", "", "", "", "No new placements");
    }
  }
  if (!out.close()) return Status::io_error("writing quality_events.csv failed");
  return Status();
}

}  // namespace bc::synth::city_parts
