#include "synth/city.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/age.h"
#include "core/conditions.h"
#include "core/date.h"
#include "core/dtoc_codes.h"
#include "core/nhs_number.h"
#include "synth/clinical.h"
#include "synth/finance.h"
#include "synth/mid_year.h"
#include "synth/model.h"
#include "synth/nhs_numbers.h"
#include "synth/rng.h"

namespace bc::synth {
namespace {

namespace fs = std::filesystem;
using namespace model;  // NOLINT: the city's own model (model.h)

// --- output ----------------------------------------------------------------

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

std::string money(double pounds) {
  return fmt::format("{:.2f}", pounds);
}

}  // namespace

Date census_date(const CityOptions& o) {
  int year = o.first_year.start_year() + (o.years >= 2 ? 2 : 1);
  return *Date::from_ymd(year, 1, 1);
}

namespace {

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
  Person make_person(int64_t index, Rng& rng);
  void write_person(const Person& p, Rng& rng);
  void write_spell(Rng& rng, const Person& p, Date admitted, SpellMix mix, bool emergency_fall,
                   std::optional<Date> forced_discharge);
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
  AgeSampler ages_;
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

void CityGenerator::monthly_lambda(Date from, Date to,
                                   const std::function<double(int fy)>& yearly_rate,
                                   std::vector<double>* lambda) const {
  lambda->assign(static_cast<size_t>(months_), 0.0);
  if (!(from < to)) return;
  for (int m = 0; m < months_; ++m) {
    Date a = std::max(from, month_start_[static_cast<size_t>(m)]);
    Date b = std::min(to, month_start_[static_cast<size_t>(m) + 1]);
    if (!(a < b)) continue;
    int cal = YearMonth::of(a).month();
    double days = b.days() - a.days();
    (*lambda)[static_cast<size_t>(m)] =
        yearly_rate(fy_of(a)) * kSeason[cal - 1] / kSeasonMean * days / 365.25;
  }
}

std::vector<Date> CityGenerator::draw_events(Rng& rng, Date from, Date to,
                                             const std::vector<double>& lambda) const {
  std::vector<Date> out;
  for (int y = 0; y < o_.years; ++y) {
    std::span<const double> year(lambda.data() + 12 * y, 12);
    double total = 0;
    for (double l : year) total += l;
    int n = rng.poisson(total);
    for (int k = 0; k < n; ++k) {
      int m = 12 * y + static_cast<int>(rng.pick(year));
      Date a = std::max(from, month_start_[static_cast<size_t>(m)]);
      Date b = std::min(to, month_start_[static_cast<size_t>(m) + 1]);
      out.push_back(a.add_days(static_cast<int32_t>(rng.below(b.days() - a.days()))));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Person CityGenerator::make_person(int64_t index, Rng& rng) {
  Person p;
  p.index = index;
  p.nhs = nhs_numbers_.next();
  // Initial residents are registered at the start of the window; the rest
  // arrive through it (births and people moving in), faster as it grows.
  const double t_census = (census_date(o_).days() - w0_.days()) / 365.25;
  const double initial = static_cast<double>(o_.persons) / std::pow(1 + kGrowth, t_census);
  int age = 0;
  if (static_cast<double>(index) < initial) {
    int band = static_cast<int>(rng.pick(kInitialBandShare));
    age = ages_.sample(rng, band);
    p.born =
        w0_.add_days(-static_cast<int32_t>(age * 365.25 + static_cast<double>(rng.below(365))));
    int32_t years_registered = static_cast<int32_t>(rng.uniform() * std::min(age, 25));
    p.registered = std::max(
        p.born, w0_.add_days(-years_registered * 365 - static_cast<int32_t>(rng.below(365))));
  } else {
    const double years = o_.years;
    double u = rng.uniform();
    double t = std::log(1 + u * (std::pow(1 + kGrowth, years) - 1)) / std::log(1 + kGrowth);
    p.registered = w0_.add_days(static_cast<int32_t>(t * 365.25));
    if (!(p.registered < w1_)) p.registered = w1_.add_days(-1);
    if (rng.chance(0.40)) {  // a birth
      p.born = p.registered;
    } else {
      age = rng.chance(0.7) ? static_cast<int>(rng.between(18, 35))
                            : ages_.sample(rng, static_cast<int>(rng.pick(kBandShare)));
      p.born = p.registered.add_days(
          -static_cast<int32_t>(age * 365.25 + static_cast<double>(rng.below(365))));
    }
  }
  const double age_at_start = (std::max(p.registered, w0_).days() - p.born.days()) / 365.25;
  p.sex = rng.chance(age_at_start >= 65 ? 0.55 : 0.495) ? 'F' : 'M';
  p.practice = static_cast<int>(rng.pick(kPracticeWeight));
  const Cluster& cl = kClusters[p.practice / 5];
  p.postcode = cl.postcodes[static_cast<size_t>(rng.below(2))];

  // Conditions and frailty, recorded before the window (or at registration).
  int d = std::min(kDeficits, rng.poisson(deficit_mean(age_at_start)));
  std::vector<double> w;
  for (const auto& dw : kDeficitWeights) w.push_back(dw.weight);
  for (int k = 0; k < d; ++k) {
    size_t i = rng.pick(w);
    w[i] = 0;
    p.deficits.push_back(static_cast<int>(i));
    if (kDeficitWeights[i].code == "falls") p.falls_deficit = true;
  }
  for (int j = 0; j < kLtcCount; ++j)
    p.ltc[static_cast<size_t>(j)] = rng.chance(ltc_prevalence(j, age_at_start));
  auto recorded = [&] {
    Date earliest = std::max(p.born.add_days(180), w0_.add_days(-3650));
    Date latest = std::max(earliest, std::max(p.registered, w0_));
    return earliest.add_days(static_cast<int32_t>(rng.below(latest.days() - earliest.days() + 1)));
  };
  if (age_at_start >= 1) {
    for (int i : p.deficits) p.conditions.emplace_back(kDeficitWeights[i].code, recorded());
    for (int j = 0; j < kLtcCount; ++j) {
      if (p.ltc[static_cast<size_t>(j)]) p.conditions.emplace_back(kLtcs[j].code, recorded());
    }
    std::sort(p.conditions.begin(), p.conditions.end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first < b.first);
    });
  } else {
    p.deficits.clear();
    p.ltc.fill(false);
    p.falls_deficit = false;
  }
  for (int process = 0; process < 4; ++process) {
    double x = kPerDeficit[process] * static_cast<double>(p.deficits.size());
    for (int j = 0; j < kLtcCount; ++j) {
      if (!p.ltc[static_cast<size_t>(j)]) continue;
      x += process == 0   ? kLtcs[j].admission
           : process == 1 ? kLtcs[j].fall
           : process == 2 ? kLtcs[j].care_home
                          : kLtcs[j].death;
    }
    p.risk[process] = std::exp(x) / expected_multiplier(age_at_start, process);
  }
  if (p.falls_deficit) p.risk[1] *= 2.0;

  // Death: a yearly hazard from age and risk, over the window.
  Date from = std::max(p.registered, w0_);
  for (int y = 0; y < o_.years && !p.died; ++y) {
    Date a =
        std::max(from, FinancialYear::from_start_year(o_.first_year.start_year() + y)->first_day());
    Date b = FinancialYear::from_start_year(o_.first_year.start_year() + y)->last_day().add_days(1);
    if (!(a < b)) continue;
    double mid_age = ((a.days() + b.days()) / 2.0 - p.born.days()) / 365.25;
    double len = (b.days() - a.days()) / 365.25;
    double prob = 1 - std::exp(-mortality(mid_age) * p.risk[3] * len);
    if (rng.chance(prob)) p.died = a.add_days(static_cast<int32_t>(rng.below(b.days() - a.days())));
  }
  return p;
}

void CityGenerator::write_spell(Rng& rng, const Person& p, Date admitted, SpellMix mix, bool fall,
                                std::optional<Date> forced_discharge) {
  auto table = diagnoses(mix);
  std::vector<double> w;
  for (const auto& d : table) w.push_back(d.weight);
  const Diagnosis& dx = table[rng.pick(w)];
  const int band = static_cast<int>(age_band_of(age_at(p.born, admitted)));
  const bool emergency = mix != SpellMix::kElective && mix != SpellMix::kMaternity;

  // Length of stay: same-day discharges are common for children and rare
  // for older people; otherwise about the diagnosis's mean.
  int los = 0;
  if (forced_discharge) {
    los = forced_discharge->days() - admitted.days();
  } else if (dx.stay_days > 0) {
    static constexpr double kSameDay[3] = {0.40, 0.35, 0.15};
    if (!(emergency && rng.chance(kSameDay[band]))) {
      los = std::max(1, static_cast<int>(std::round(-std::log(1 - rng.uniform()) * dx.stay_days)));
    }
  }
  Date discharged = admitted.add_days(los);
  std::string_view destination = "19";
  if (forced_discharge) {
    destination = "79";
  } else if (p.died && !(discharged < *p.died)) {
    discharged = *p.died;
    destination = "79";
  } else if (emergency && band == 2) {
    static constexpr std::string_view kDest[] = {"19", "29", "54", "85", "65", "48"};
    static constexpr double kDestW[] = {80, 5, 2, 5, 2, 6};
    destination = kDest[rng.pick(kDestW)];
    if (current_permanent_ch_ && *current_permanent_ch_ < admitted)
      destination = rng.chance(0.5) ? "85" : "54";
  } else if (rng.chance(0.04)) {
    destination = "29";
  }

  std::string_view method;
  if (mix == SpellMix::kMaternity) {
    method = "31";
  } else if (!emergency) {
    static constexpr std::string_view kElective[] = {"11", "12", "13"};
    static constexpr double kElectiveW[] = {60, 30, 10};
    method = kElective[rng.pick(kElectiveW)];
  } else {
    static constexpr std::string_view kEmergency[] = {"21", "22", "23", "24",
                                                      "28", "2A", "2B", "2D"};
    static constexpr double kEmergencyW[] = {70, 15, 3, 4, 4, 2, 1, 1};
    method = kEmergency[rng.pick(kEmergencyW)];
    if (fall && rng.chance(0.8)) method = "21";
  }
  const std::string_view provider =
      emergency ? (rng.chance(0.95) ? "RHM" : "R1C") : (rng.chance(0.9) ? "RHM" : "R1C");

  // Secondary diagnoses: some of the person's conditions, and after a fall
  // an external cause in a random position.
  std::vector<std::string_view> secondary;
  for (const auto& [code, when] : p.conditions) {
    std::string_view icd = condition_icd10(code);
    if (!icd.empty() && when < admitted && secondary.size() < 4 && rng.chance(0.6))
      secondary.push_back(icd);
  }
  if (fall) {
    auto causes = fall_causes();
    secondary.insert(secondary.begin() + rng.below(static_cast<int64_t>(secondary.size()) + 1),
                     causes[static_cast<size_t>(rng.below(static_cast<int64_t>(causes.size())))]);
  } else if (dx.icd10 == "R55" && rng.chance(0.3)) {
    secondary.push_back("W19");  // fainted and fell: a W-code, but not an injury
  }
  std::string sec;
  for (auto s : secondary) sec += fmt::format("{}{}", sec.empty() ? "" : ";", s);

  double cost =
      dx.cost_pounds * (0.8 + 0.4 * rng.uniform()) + 250.0 * std::max(0.0, los - dx.stay_days);
  std::string discharge_text =
      discharged < w1_ ? discharged.iso() : "";  // still in hospital at the extract
  if (discharge_text.empty()) destination = "";
  std::string id = fmt::format("SP{:09}", ++spell_seq_);
  spells_->row("{},{},{},{},{},{},{},{},{},{}", id, p.nhs.digits(), provider, admitted.iso(),
               discharge_text, method, dx.icd10, sec, destination, money(cost));

  if (emergency && (method == "21" || fall)) {
    int hour = static_cast<int>(rng.between(0, 23));
    ae_->row("AE{:09},{},RHM,{}T{:02}:{:02},01,admitted", ++ae_seq_, p.nhs.digits(), admitted.iso(),
             hour, rng.below(60));
  }

  // Reablement after an emergency admission of someone 65+ who went home.
  if (emergency && band == 2 && !discharge_text.empty() &&
      (destination == "19" || destination == "29") &&
      rng.chance(fall ? 2 * kReablementAfterDischarge : kReablementAfterDischarge)) {
    Date day91 = discharged.add_days(91);
    std::string_view outcome;
    if (p.died && !(day91 < *p.died)) {
      outcome = "died";
    } else if (current_permanent_ch_ && discharged < *current_permanent_ch_ &&
               !(day91 < *current_permanent_ch_)) {
      outcome = "not_at_home";
    } else if (!(day91 < w1_)) {
      outcome = "unknown";  // day 91 is after the extract: not known yet
    } else {
      static constexpr std::string_view kOutcome[] = {"at_home", "not_at_home"};
      static constexpr double kOutcomeW[] = {88, 12};
      outcome = kOutcome[rng.pick(kOutcomeW)];
    }
    reablement_->row("RE{:08},{},{},{}", ++re_seq_, p.nhs.digits(), discharged.iso(), outcome);
  }
}

void CityGenerator::write_person(const Person& p, Rng& rng) {
  persons_->row("{},{},{},{},{},{},{}", p.nhs.digits(), p.born.iso(), p.sex,
                practice_code(p.practice), p.postcode, p.died ? p.died->iso() : "",
                p.registered.iso());
  for (const auto& [code, when] : p.conditions)
    conditions_->row("{},{},{}", p.nhs.digits(), code, when.iso());

  const Date from = std::max(p.registered, w0_);
  const Date to = p.died ? std::min(*p.died, w1_) : w1_;
  const Date turns65 = *Date::from_ymd(
      std::min(2199, p.born.year() + 65), p.born.month(),
      std::min(p.born.day(), days_in_month(std::min(2199, p.born.year() + 65), p.born.month())));
  const Date from65 = std::max(from, turns65);
  auto band_rate = [&](const double(&rates)[3], int process, double multiplier) {
    return [&, process, multiplier](int fy) {
      Date mid = FinancialYear::from_start_year(fy)->first_day().add_days(182);
      int band = static_cast<int>(age_band_of(age_at(p.born, std::clamp(mid, from, to))));
      return rates[band] * year_factor(process, fy) * multiplier;
    };
  };
  std::vector<double> lambda;

  // The mid-year estimates (population.csv) count the city's own residents.
  mid_year_->add(p.born, p.registered, p.died, p.sex);

  // Care homes first: reablement outcomes and discharge destinations refer to them.
  current_permanent_ch_.reset();
  monthly_lambda(
      from65, to, [&](int fy) { return kCareHomePermanentRate65 * year_factor(3, fy) * p.risk[2]; },
      &lambda);
  for (size_t m = 0; m < lambda.size(); ++m) expected_ch_[m] += lambda[m];
  auto permanent = draw_events(rng, from65, to, lambda);
  monthly_lambda(
      from65, to, [&](int) { return kCareHomeTemporaryRate65 * p.risk[2]; }, &lambda);
  auto temporary = draw_events(rng, from65, to, lambda);
  auto care_home = [&](Date when, bool perm) {
    bool dementia = p.ltc[2];
    static constexpr std::string_view kFunder[] = {"council", "self", "nhs", "other_la"};
    static constexpr double kFunderW[] = {kCouncilFundedShare * 100, 28, 7, 3};
    care_homes_->row("CH{:07},{},{},{},{},{}", ++ch_seq_, p.nhs.digits(), when.iso(),
                     rng.chance(dementia ? 0.6 : 0.3) ? "nursing" : "residential", perm ? "Y" : "N",
                     kFunder[rng.pick(kFunderW)]);
  };
  if (!permanent.empty()) {
    current_permanent_ch_ = permanent.front();  // one permanent move
    care_home(permanent.front(), true);
  }
  for (Date d : temporary) {
    if (!current_permanent_ch_ || d < *current_permanent_ch_) care_home(d, false);
  }

  // Emergency admissions (all ages), falls injuries (65+), A&E, electives, maternity.
  monthly_lambda(from, to, band_rate(kEmergencyRate, 0, p.risk[0]), &lambda);
  for (size_t m = 0; m < lambda.size(); ++m) expected_nel_[m] += lambda[m];
  for (Date d : draw_events(rng, from, to, lambda)) {
    int band = static_cast<int>(age_band_of(age_at(p.born, d)));
    write_spell(rng, p, d,
                band == 0   ? SpellMix::kEmergency0To17
                : band == 1 ? SpellMix::kEmergency18To64
                            : SpellMix::kEmergency65Plus,
                false, std::nullopt);
  }
  monthly_lambda(
      from65, to, [&](int fy) { return kFallRate65 * year_factor(1, fy) * p.risk[1]; }, &lambda);
  for (size_t m = 0; m < lambda.size(); ++m) {
    expected_falls_[m] += lambda[m];
    expected_nel_[m] += lambda[m];
    if (lambda[m] > 0) {  // by five-year band at the month's middle, for the DSR plans
      int age = age_at(p.born, month_start_[m].add_days(14));
      expected_falls_band_[static_cast<size_t>(std::clamp((age - 65) / 5, 0, 5))][m] += lambda[m];
    }
  }
  for (Date d : draw_events(rng, from65, to, lambda))
    write_spell(rng, p, d, SpellMix::kFallInjury, true, std::nullopt);

  // A death of an adult in the window often ends an emergency admission. Its
  // expected count (the death hazard while alive) goes into the plan's base.
  for (int m = 0; m < months_; ++m) {
    Date a = std::max(from, month_start_[static_cast<size_t>(m)]);
    Date b = std::min(to, month_start_[static_cast<size_t>(m) + 1]);
    if (!(a < b)) continue;
    double age = (a.days() - p.born.days()) / 365.25;
    if (age < 18) continue;
    expected_nel_[static_cast<size_t>(m)] +=
        kTerminalAdmission * mortality(age) * p.risk[3] * (b.days() - a.days()) / 365.25;
  }
  if (p.died && *p.died < w1_ && !(*p.died < from) && age_at(p.born, *p.died) >= 18 &&
      rng.chance(kTerminalAdmission)) {
    int los = std::min(p.died->days() - from.days(), 1 + static_cast<int>(rng.below(14)));
    Date admitted = p.died->add_days(-los);
    int band = static_cast<int>(age_band_of(age_at(p.born, admitted)));
    write_spell(rng, p, admitted,
                band == 2 ? SpellMix::kEmergency65Plus : SpellMix::kEmergency18To64, false,
                *p.died);
  }

  monthly_lambda(from, to, band_rate(kAeRate, 2, 1.0), &lambda);
  for (size_t m = 0; m < lambda.size(); ++m) expected_ae_[m] += lambda[m];
  for (Date d : draw_events(rng, from, to, lambda)) {
    static constexpr std::string_view kType[] = {"01", "03", "04"};
    static constexpr double kTypeW[] = {78, 12, 10};
    static constexpr std::string_view kDisposal[] = {
        "discharged", "referred_to_gp", "referred_to_clinic", "left_before_seen", "other"};
    static constexpr double kDisposalW[] = {55, 17, 15, 5, 8};
    static constexpr double kHourW[] = {2,   1.5, 1, 1,   1,   1,   1.5, 3,   5, 7, 8,   8,
                                        7.5, 7,   7, 6.5, 6.5, 6.5, 6,   5.5, 5, 4, 3.5, 2.5};
    std::string_view type = kType[rng.pick(kTypeW)];
    ae_->row("AE{:09},{},{},{}T{:02}:{:02},{},{}", ++ae_seq_, p.nhs.digits(),
             type == "04" ? "R1C" : "RHM", d.iso(), rng.pick(kHourW), rng.below(60), type,
             kDisposal[rng.pick(kDisposalW)]);
  }

  monthly_lambda(from, to, band_rate(kElectiveRate, 4, 1.0), &lambda);
  for (Date d : draw_events(rng, from, to, lambda))
    write_spell(rng, p, d, SpellMix::kElective, false, std::nullopt);
  if (p.sex == 'F') {
    monthly_lambda(
        from, to,
        [&](int fy) {
          double a =
              (FinancialYear::from_start_year(fy)->first_day().days() + 182 - p.born.days()) /
              365.25;
          return a < 18 || a >= 45 ? 0.0 : a >= 25 && a < 35 ? 0.065 : 0.04;
        },
        &lambda);
    for (Date d : draw_events(rng, from, to, lambda))
      write_spell(rng, p, d, SpellMix::kMaternity, false, std::nullopt);
  }
}

Status CityGenerator::write_reference() {
  Csv practices(dir_ / "practices.csv", "practice_code,practice_name,cluster_code,cluster_name");
  Csv providers(dir_ / "providers.csv", "provider_code,provider_name,provider_type");
  if (!practices.ok() || !providers.ok())
    return Status::io_error(fmt::format("cannot write into {}", dir_.string()));
  for (int i = 0; i < kPractices; ++i) {
    const Cluster& c = kClusters[i / 5];
    practices.row("{},{},{},{}", practice_code(i), c.practices[static_cast<size_t>(i % 5)], c.code,
                  c.name);
  }
  providers.row("RHM,University Hospital Southampton NHS Foundation Trust,acute");
  providers.row("R1C,Solent NHS Trust,community");
  providers.row("RW1,Southern Health NHS Foundation Trust,mental_health");
  static constexpr std::string_view kHomes[] = {
      "Abbey Lodge", "Bassett House",   "Chessel Court",   "Dell View",
      "Elm Grange",  "Fairfield House", "Greenbank",       "Hollybrook Lodge",
      "Itchen View", "Jasmine Court",   "Kingsland House", "Lordswood"};
  for (size_t i = 0; i < std::size(kHomes); ++i) {
    providers.row("VN{}{:02},{} Care Home,care_home", static_cast<char>('A' + i % 6), i + 1,
                  kHomes[i]);
  }
  providers.row("VH001,Southampton Home Care Services,home_care");
  providers.row("VH002,Citywide Care at Home,home_care");
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
    double month_total = yearly_delays(fy) / 12 * season * season * scale;
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
  for (int m = 0; m < months_; ++m) {
    YearMonth ym = YearMonth::of(month_start_[static_cast<size_t>(m)]);
    int fy = FinancialYear::containing(ym).start_year();
    size_t i = static_cast<size_t>(m);
    double pop65 = std::max<double>(1, static_cast<double>(pop.count(fy, 65)));
    double pop18 = std::max<double>(1, static_cast<double>(pop.count(fy, 18)));
    double nel = expected_nel_[i] * factor(fy, 1.003, 0.985, 0.99);
    double dd = actual_delays[i] / factor(fy, 1.14, 1.25, 1.05);
    double ch = expected_ch_[i] * kCouncilFundedShare / factor(fy, 0.94, 1.02, 0.98);
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
  }
  summary_.plans = plans.rows();
  if (!delayed.close() || !beds.close() || !plans.close())
    return Status::io_error("writing the aggregate files failed");
  return Status();
}

Result<CitySummary> CityGenerator::run() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::io_error(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  if (Status s = write_reference(); !s.ok()) return s;
  if (Status s = write_finance(dir_.string(), o_.first_year, o_.years, o_.seed); !s.ok()) return s;

  persons_ = std::make_unique<Csv>(
      dir_ / "persons.csv",
      "nhs_number,date_of_birth,sex,practice_code,postcode_district,date_of_death,registered_date");
  conditions_ =
      std::make_unique<Csv>(dir_ / "conditions.csv", "nhs_number,condition,recorded_date");
  spells_ = std::make_unique<Csv>(
      dir_ / "spells.csv",
      "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,primary_"
      "diagnosis,secondary_diagnoses,discharge_destination,cost");
  ae_ = std::make_unique<Csv>(
      dir_ / "ae_attendances.csv",
      "attendance_id,nhs_number,provider_code,arrival,department_type,disposal");
  care_homes_ =
      std::make_unique<Csv>(dir_ / "care_home_admissions.csv",
                            "admission_id,nhs_number,admission_date,setting,permanent,funder");
  reablement_ = std::make_unique<Csv>(dir_ / "reablement.csv",
                                      "episode_id,nhs_number,discharge_date,outcome_91_days");
  for (Csv* c : {persons_.get(), conditions_.get(), spells_.get(), ae_.get(), care_homes_.get(),
                 reablement_.get()}) {
    if (!c->ok()) return Status::io_error(fmt::format("cannot write {}", c->path()));
  }

  // Initial residents plus everyone who arrives during the window, births
  // and movers, at the growth rate plus replacement of deaths (about 0.8% a
  // year in this age mix).
  const double t_census = (census_date(o_).days() - w0_.days()) / 365.25;
  const double initial = static_cast<double>(o_.persons) / std::pow(1 + kGrowth, t_census);
  const double arrivals =
      initial * (kGrowth + 0.0080) / std::log(1 + kGrowth) * (std::pow(1 + kGrowth, o_.years) - 1);
  const auto total = static_cast<int64_t>(std::llround(initial + arrivals));
  const Date census = census_date(o_);
  for (int64_t i = 0; i < total; ++i) {
    Rng rng(o_.seed, static_cast<uint64_t>(i) + 1);
    Person p = make_person(i, rng);
    if (!(census < p.registered) && !(census < p.born) && (!p.died || census < *p.died))
      ++summary_.census_population;
    write_person(p, rng);
    if (progress_ && (i + 1) % 100'000 == 0) progress_(i + 1, total);
  }
  if (progress_) progress_(total, total);
  summary_.persons = persons_->rows();
  summary_.conditions = conditions_->rows();
  summary_.spells = spells_->rows();
  summary_.ae_attendances = ae_->rows();
  summary_.care_home_admissions = care_homes_->rows();
  summary_.reablement = reablement_->rows();
  for (Csv* c : {persons_.get(), conditions_.get(), spells_.get(), ae_.get(), care_homes_.get(),
                 reablement_.get()}) {
    if (!c->close()) return Status::io_error(fmt::format("writing {} failed", c->path()));
  }
  if (Status s = write_aggregates(); !s.ok()) return s;
  if (Status s = mid_year_->write(dir_ / "population.csv"); !s.ok()) return s;
  summary_.population_years = mid_year_->last_year() - mid_year_->first_year() + 1;
  summary_.beyond_test_range = nhs_numbers_.beyond_test_range();
  return summary_;
}

}  // namespace

Result<CitySummary> generate_city(const CityOptions& options, const std::string& out_dir,
                                  const CityProgress& progress) {
  if (options.persons < 100) return Status::invalid_argument("a city needs at least 100 people");
  if (options.persons > 20'000'000) return Status::invalid_argument("at most 20,000,000 people");
  if (options.years < 1 || options.years > 10)
    return Status::invalid_argument("--years must be 1 to 10");
  CityGenerator g(options, out_dir, progress);
  return g.run();
}

}  // namespace bc::synth
