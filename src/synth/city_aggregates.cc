// The synthetic city's files that are not about one person: the reference
// files (practices, providers), the DToC return's delayed days, occupied
// bed days, and the plans set from the activity expected of this very
// population (city_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/dtoc_codes.h"
#include "synth/city_parts.h"

namespace bc::synth::city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

Status CityGenerator::write_reference() {
  Csv practices(dir_ / "practices.csv", "practice_code,practice_name,cluster_code,cluster_name");
  Csv providers(dir_ / "providers.csv",
                "provider_code,provider_name,provider_type,cqc_location_id,registered_beds,owner,"
                "postcode_district,care_home_type,contract_status");
  if (!practices.ok() || !providers.ok())
    return Status::io_error(fmt::format("cannot write into {}", dir_.string()));
  for (int i = 0; i < kPractices; ++i) {
    const Cluster& c = kClusters[i / 5];
    practices.row("{},{},{},{}", practice_code(i), c.practices[static_cast<size_t>(i % 5)], c.code,
                  c.name);
  }
  providers.row("RHM,University Hospital Southampton NHS Foundation Trust,acute,,,,,,");
  providers.row("R1C,Solent NHS Trust,community,,,,,,");
  providers.row("RW1,Southern Health NHS Foundation Trust,mental_health,,,,,,");
  for (size_t i = 0; i < kCareHomes.size(); ++i) {
    const CareHome& h = kCareHomes[i];
    providers.row("{},{} Care Home,care_home,1-10{:07},{},{},{},{},contracted", h.code, h.name,
                  4000 + i, care_home_beds(h, o_.persons), h.owner, h.district,
                  h.nursing ? "nursing" : "residential");
  }
  providers.row(
      "VH001,Southampton Home Care Services,home_care,1-1000005001,,City Care Group,SO14,,"
      "contracted");
  providers.row("VH002,Citywide Care at Home,home_care,1-1000005002,,Citywide Care Ltd,SO15,,spot");
  if (!practices.close() || !providers.close())
    return Status::io_error("writing the reference files failed");
  return Status();
}

Status CityGenerator::write_aggregates() {
  Rng rng(o_.seed, 0xA66E6A7Eull);
  const double scale = static_cast<double>(o_.persons) / kSeedPopulation;
  Csv delayed(dir_ / "delayed_days.csv", "month,provider_code,responsible_org,reason,delayed_days");
  Csv beds(dir_ / "bed_days.csv", "month,provider_code,occupied_bed_days");
  Csv plans(dir_ / "plans.csv", "metric,month,value");
  if (!delayed.ok() || !beds.ok() || !plans.ok())
    return Status::io_error(fmt::format("cannot write into {}", dir_.string()));

  // Delayed transfers: about 14,000 days in 2017/18, 29% fewer than 2016/17,
  // improving after; winter peaks. Occupied bed days put the 2017/18 DToC
  // rate near the seed's 5.4%.
  auto yearly_delays = [](int fy) {
    if (fy == 2016) return 19'700.0;
    if (fy == 2017) return 14'282.0;  // the seed's 2017/18 actual
    if (fy == 2018) return 12'300.0;
    return fy < 2016 ? 19'700.0 * std::pow(1.05, 2016 - fy) : 12'300.0 * std::pow(0.97, fy - 2018);
  };
  static constexpr std::string_view kProviders[] = {"RHM", "R1C", "RW1"};
  static constexpr double kProviderShare[] = {0.78, 0.16, 0.06};
  static constexpr double kBedShare[] = {0.80, 0.14, 0.06};
  // Shares by kDtocAgencies and kDtocReasons (core/dtoc_codes.h), in their order.
  static constexpr double kOrgShare[] = {0.50, 0.38, 0.12};
  static constexpr double kReasonByOrg[3][10] = {
      {0.20, 0.00, 0.40, 0.02, 0.03, 0.05, 0.04, 0.22, 0.02, 0.02},   // NHS
      {0.12, 0.08, 0.00, 0.18, 0.25, 0.30, 0.03, 0.02, 0.01, 0.01},   // Social Care
      {0.15, 0.02, 0.25, 0.08, 0.12, 0.25, 0.05, 0.04, 0.02, 0.02}};  // Both
  std::vector<double> actual_delays(static_cast<size_t>(months_), 0);
  std::vector<double> bed_days(static_cast<size_t>(months_), 0);
  for (int m = 0; m < months_; ++m) {
    YearMonth ym = YearMonth::of(month_start_[static_cast<size_t>(m)]);
    int fy = FinancialYear::containing(ym).start_year();
    double season = kSeason[ym.month() - 1] / kSeasonMean;
    // Delays peak more than admissions: the season squared, over its mean
    // (1.00586), so that the year adds up to yearly_delays.
    double month_total = yearly_delays(fy) / 12 * season * season / 1.00586 * scale;
    for (int pv = 0; pv < 3; ++pv) {
      for (int org = 0; org < 3; ++org) {
        for (int r = 0; r < 10; ++r) {
          double expect = month_total * kProviderShare[pv] * kOrgShare[org] * kReasonByOrg[org][r];
          int days = rng.poisson(expect);
          if (days == 0) continue;
          delayed.row("{},{},{},{},{}", ym.iso(), kProviders[pv], kDtocAgencies[org],
                      kDtocReasons[r], days);
          actual_delays[static_cast<size_t>(m)] += days;
        }
      }
      double occupied = 14'000.0 / 0.054 / 12 * std::sqrt(season) * scale * kBedShare[pv] *
                        (0.98 + 0.04 * rng.uniform());
      int occupied_days = static_cast<int>(std::round(occupied));
      beds.row("{},{},{}", ym.iso(), kProviders[pv], occupied_days);
      bed_days[static_cast<size_t>(m)] += occupied_days;
    }
  }
  summary_.delayed_day_rows = delayed.rows();

  // Plans: the expected activity of this very population (accumulated while
  // it was generated), set so that 2017/18 ends as the seed's did: emergency
  // admissions on plan, delayed days about 14% over, permanent admissions
  // about 6% under, falls about 7% over; DToC rate plan 3.9%, reablement 90%.
  auto factor = [](int fy, double seed_year, double before, double after) {
    return fy == 2017 ? seed_year : fy < 2017 ? before : after;
  };
  // Rates divide by the mid-year estimate of the year the financial year
  // starts in, as the engine's do.
  const MidYearPopulation& pop = *mid_year_;
  static constexpr int kBandStart[] = {65, 70, 75, 80, 85, 90};
  static constexpr double kEsp2013[] = {5500, 5000, 4000, 2500, 1500, 1000};
  auto dsr_plan = [&](size_t month, int fy, size_t first_band, size_t last_band, double over) {
    double weighted = 0, weights = 0;
    for (size_t b = first_band; b <= last_band; ++b) {
      int lo = kBandStart[b];
      double n = static_cast<double>(
          pop.count(fy, lo, lo == 90 ? std::nullopt : std::optional<int>(lo + 4)));
      weighted += kEsp2013[b] * (n > 0 ? expected_falls_band_[b][month] / over / n : 0);
      weights += kEsp2013[b];
    }
    return weighted / weights * 100'000;
  };
  // Plans are for the reporting window only, not its history.
  for (int m = 12 * o_.history_years; m < months_; ++m) {
    YearMonth ym = YearMonth::of(month_start_[static_cast<size_t>(m)]);
    int fy = FinancialYear::containing(ym).start_year();
    size_t i = static_cast<size_t>(m);
    double pop65 = std::max<double>(1, static_cast<double>(pop.count(fy, 65)));
    double pop18 = std::max<double>(1, static_cast<double>(pop.count(fy, 18)));
    double nel = expected_nel_[i] * factor(fy, 1.006, 0.985, 0.99);
    double dd = actual_delays[i] / factor(fy, 1.14, 1.25, 1.05);
    double ch = expected_ch_[i] * kCouncilFundedShare / factor(fy, 0.95, 1.02, 0.98);
    const double falls_factor = factor(fy, 1.07, 1.0, 1.03);
    double falls = expected_falls_[i] / falls_factor;
    plans.row("nel_admissions,{},{:.1f}", ym.iso(), nel);
    // A&E plans cover department types 01-03: 90% of attendances that do not
    // lead to admission, and every one that does (type 01).
    plans.row("ae_attendances,{},{:.1f}", ym.iso(),
              0.90 * expected_ae_[i] + kViaAe * expected_nel_[i]);
    plans.row("delayed_days,{},{:.1f}", ym.iso(), dd);
    plans.row("dtoc_rate,{},{:.2f}", ym.iso(), factor(fy, 3.9, 4.5, 3.5));
    plans.row("dtoc_days_per_100k_18,{},{:.3f}", ym.iso(),
              dd / days_in_month(ym.year(), ym.month()) / pop18 * 100'000);
    plans.row("permanent_admissions_65,{},{:.2f}", ym.iso(), ch);
    plans.row("permanent_admissions_65_rate,{},{:.3f}", ym.iso(), ch / pop65 * 100'000);
    plans.row("reablement_91,{},{:.1f}", ym.iso(), factor(fy, 90.0, 88.0, 90.0));
    plans.row("falls_injuries_65,{},{:.2f}", ym.iso(), falls);
    plans.row("falls_injuries_65_rate,{},{:.3f}", ym.iso(), falls / pop65 * 100'000);
    plans.row("falls_injuries_65_dsr,{},{:.3f}", ym.iso(), dsr_plan(i, fy, 0, 5, falls_factor));
    plans.row("falls_injuries_65_79_dsr,{},{:.3f}", ym.iso(), dsr_plan(i, fy, 0, 2, falls_factor));
    plans.row("falls_injuries_80_dsr,{},{:.3f}", ym.iso(), dsr_plan(i, fy, 3, 5, falls_factor));
    // The cluster teams' measures: cover of the registers rising by two
    // points a month from 20% (2017/18) and 42% (2018/19); reviews on time and
    // triage within standard as a service would aim for; referrals a little
    // under those the city made (more through the single point is better).
    const int fm = financial_month_of(ym);
    plans.row("careplan_coverage,{},{:.1f}", ym.iso(),
              factor(fy, 20.0, 0.0, 42.0) + 2.0 * (fm - 1));
    plans.row("careplan_reviews_on_time,{},{:.1f}", ym.iso(), 85.0);
    plans.row("spa_referrals,{},{:.1f}", ym.iso(), spa_referrals_per_month_[i] * 0.97);
    plans.row("spa_triaged_within_standard,{},{:.1f}", ym.iso(), 90.0);
  }
  summary_.plans = plans.rows();
  if (!delayed.close() || !beds.close() || !plans.close())
    return Status::io_error("writing the aggregate files failed");
  return Status();
}

}  // namespace bc::synth::city_parts
