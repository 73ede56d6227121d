// A person's rows in the synthetic city's files: the person and their
// conditions, care home admissions, emergency admissions and falls
// injuries, A&E attendances, elective and maternity spells, and the
// reablement that follows a discharge (city_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/age.h"
#include "core/conditions.h"
#include "synth/city_parts.h"

namespace bc::synth::city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

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
      static constexpr double kOutcomeW[] = {92, 8};
      outcome = kOutcome[rng.pick(kOutcomeW)];
    }
    reablement_->row("RE{:08},{},{},{}", ++re_seq_, p.nhs.digits(), discharged.iso(), outcome);
    if (outcome == "at_home") write_home_care(p, discharged);
  }
}

void CityGenerator::write_person(const Person& p, Rng& rng) {
  persons_->row("{},{},{},{},{},{},{}", p.nhs.digits(), p.born.iso(), p.sex,
                practice_code(p.practice), p.postcode, p.died ? p.died->iso() : "",
                p.registered.iso());
  for (const auto& [code, when] : p.conditions)
    conditions_->row("{},{},{}", p.nhs.digits(), code, when.iso());

  const Date from = std::max(p.registered, g0_);
  const Date to = p.died ? std::min(*p.died, w1_) : w1_;
  const Date from65 = std::max(from, turns(p, 65));
  auto rate_of = [&](int process) {
    return [&, process](int fy) { return yearly_rate(p, process, fy); };
  };
  std::vector<double> lambda;

  // The mid-year estimates (population.csv) count the city's own residents.
  mid_year_->add(p.born, p.registered, p.died, p.sex);

  // Care homes first: reablement outcomes and discharge destinations refer to them.
  current_permanent_ch_.reset();
  monthly_lambda(from65, to, rate_of(kCareHome), &lambda);
  // A person moves permanently once: the plan's base is the chance that
  // their first permanent admission falls in each month.
  double no_move_yet = 1;
  for (size_t m = 0; m < lambda.size(); ++m) {
    expected_ch_[m] += no_move_yet * (1 - std::exp(-lambda[m]));
    no_move_yet *= std::exp(-lambda[m]);
  }
  auto permanent = draw_events(rng, from65, to, lambda);
  monthly_lambda(
      from65, to, [&](int) { return kCareHomeTemporaryRate65 * p.risk[2]; }, &lambda);
  auto temporary = draw_events(rng, from65, to, lambda);
  auto care_home = [&](Date when, bool perm) {
    bool dementia = p.ltc[2];
    static constexpr std::string_view kFunder[] = {"council", "self", "nhs", "other_la"};
    static constexpr double kFunderW[] = {kCouncilFundedShare * 100, 28, 7, 3};
    // The funder is drawn before the setting: the order GCC evaluated them
    // in when they were arguments of one call, so the files stay as they were.
    const std::string_view funder = kFunder[rng.pick(kFunderW)];
    const std::string_view setting = rng.chance(dementia ? 0.6 : 0.3) ? "nursing" : "residential";
    care_homes_->row("CH{:07},{},{},{},{},{}", ++ch_seq_, p.nhs.digits(), when.iso(), setting,
                     perm ? "Y" : "N", funder);
    write_placement(p, when, perm, setting, funder);
  };
  if (!permanent.empty()) {
    current_permanent_ch_ = permanent.front();  // one permanent move
    care_home(permanent.front(), true);
  }
  for (Date d : temporary) {
    if (!current_permanent_ch_ || d < *current_permanent_ch_) care_home(d, false);
  }

  // Emergency admissions (all ages), falls injuries (65+), A&E, electives, maternity.
  monthly_lambda(from, to, rate_of(kAdmission), &lambda);
  for (size_t m = 0; m < lambda.size(); ++m) expected_nel_[m] += lambda[m];
  for (Date d : draw_events(rng, from, to, lambda)) {
    int band = static_cast<int>(age_band_of(age_at(p.born, d)));
    write_spell(rng, p, d,
                band == 0   ? SpellMix::kEmergency0To17
                : band == 1 ? SpellMix::kEmergency18To64
                            : SpellMix::kEmergency65Plus,
                false, std::nullopt);
  }
  monthly_lambda(from65, to, rate_of(kFall), &lambda);
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

  // A death of an adult often ends an emergency admission. Its
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

  monthly_lambda(from, to, rate_of(kAe), &lambda);
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

  monthly_lambda(
      from, to, [&](int fy) { return kElectiveRate[band_at_mid_year(p, fy)] * year_factor(4, fy); },
      &lambda);
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

}  // namespace bc::synth::city_parts
