// The synthetic city's run (city.h): the files opened and closed, the
// people generated one at a time from (seed, person number), and the
// summary; the pieces are in city_parts.h.
#include "synth/city.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "synth/city_parts.h"
#include "synth/finance.h"
#include "synth/governance.h"
#include "synth/plan.h"

namespace bc::synth {

Date census_date(const CityOptions& o) {
  int year = o.first_year.start_year() + (o.years >= 2 ? 2 : 1);
  return *Date::from_ymd(year, 1, 1);
}

namespace city_parts {

using namespace model;  // NOLINT: the city's own model (model.h)

Result<CitySummary> CityGenerator::run() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::io_error(fmt::format("cannot create {}: {}", dir_.string(), ec.message()));
  if (Status s = write_reference(); !s.ok()) return s;
  if (Status s = write_finance(dir_.string(), o_.first_year, o_.years, o_.seed); !s.ok()) return s;
  if (Status s = write_governance(dir_.string()); !s.ok()) return s;
  const Date last_day =
      FinancialYear::from_start_year(o_.first_year.start_year() + o_.years - 1)->last_day();
  if (Status s = write_commissioning_plan(dir_.string(), last_day, o_.seed); !s.ok()) return s;
  if (Status s = write_quality_events(dir_, o_.first_year.first_day(), last_day, o_.seed); !s.ok())
    return s;

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
  care_plans_ = std::make_unique<Csv>(
      dir_ / "care_plans.csv",
      "plan_id,nhs_number,version,status,plan_type,accountable_name,accountable_role,"
      "accountable_org,goals,contingency,consent_date,consent_recorded_by,agreed_date,review_due,"
      "closed_date,closed_reason");
  care_plan_actions_ = std::make_unique<Csv>(dir_ / "care_plan_actions.csv",
                                             "plan_id,version,action_no,action,who,by_date,status");
  care_plan_reviews_ =
      std::make_unique<Csv>(dir_ / "care_plan_reviews.csv",
                            "review_id,plan_id,review_date,reviewed_by,outcome,next_review_due");
  spa_referrals_ = std::make_unique<Csv>(dir_ / "spa_referrals.csv",
                                         "referral_id,nhs_number,received,source,urgency,reason,"
                                         "triaged,outcome,declined_reason,first_contact");
  placements_ = std::make_unique<Csv>(dir_ / "placements.csv",
                                      "placement_id,nhs_number,provider_code,start_date,end_date,"
                                      "weekly_cost,weekly_hours,funder,placing_body");
  fs::create_directories(dir_ / "truth", ec);
  if (ec) {
    return Status::io_error(
        fmt::format("cannot create {}: {}", (dir_ / "truth").string(), ec.message()));
  }
  true_risk_ =
      std::make_unique<Csv>(dir_ / "truth" / "true_risk.csv", "nhs_number,index_date,risk");
  for (Csv* c : {persons_.get(), conditions_.get(), spells_.get(), ae_.get(), care_homes_.get(),
                 reablement_.get(), true_risk_.get(), care_plans_.get(), care_plan_actions_.get(),
                 care_plan_reviews_.get(), spa_referrals_.get(), placements_.get()}) {
    if (!c->ok()) return Status::io_error(fmt::format("cannot write {}", c->path()));
  }

  // Initial residents (at the start of the history) plus everyone who
  // arrives after, births and movers, at the growth rate plus replacement
  // of deaths (about 0.8% a year in this age mix).
  const double t_census = (census_date(o_).days() - g0_.days()) / 365.25;
  const double initial = static_cast<double>(o_.persons) / std::pow(1 + kGrowth, t_census);
  const double arrivals =
      initial * (kGrowth + 0.0080) / std::log(1 + kGrowth) * (std::pow(1 + kGrowth, years_) - 1);
  const auto total = static_cast<int64_t>(std::llround(initial + arrivals));
  const Date census = census_date(o_);
  for (int64_t i = 0; i < total; ++i) {
    Rng rng(o_.seed, static_cast<uint64_t>(i) + 1);
    Person p = make_person(i, rng);
    if (!(census < p.registered) && !(census < p.born) && (!p.died || census < *p.died))
      ++summary_.census_population;
    write_person(p, rng);
    write_true_risk(p);
    write_care(p);
    if (progress_ && (i + 1) % 100'000 == 0) progress_(i + 1, total);
  }
  if (progress_) progress_(total, total);
  summary_.persons = persons_->rows();
  summary_.conditions = conditions_->rows();
  summary_.spells = spells_->rows();
  summary_.ae_attendances = ae_->rows();
  summary_.care_home_admissions = care_homes_->rows();
  summary_.reablement = reablement_->rows();
  summary_.true_risk_rows = true_risk_->rows();
  summary_.care_plans = care_plans_->rows();
  summary_.care_plan_reviews = care_plan_reviews_->rows();
  summary_.spa_referrals = spa_referrals_->rows();
  summary_.placements = placements_->rows();
  for (Csv* c : {persons_.get(), conditions_.get(), spells_.get(), ae_.get(), care_homes_.get(),
                 reablement_.get(), true_risk_.get(), care_plans_.get(), care_plan_actions_.get(),
                 care_plan_reviews_.get(), spa_referrals_.get(), placements_.get()}) {
    if (!c->close()) return Status::io_error(fmt::format("writing {} failed", c->path()));
  }
  if (Status s = write_mdt_log(); !s.ok()) return s;
  if (Status s = write_aggregates(); !s.ok()) return s;
  if (Status s = mid_year_->write(dir_ / "population.csv"); !s.ok()) return s;
  summary_.population_years = mid_year_->last_year() - mid_year_->first_year() + 1;
  summary_.beyond_test_range = nhs_numbers_.beyond_test_range();
  return summary_;
}

}  // namespace city_parts

Result<CitySummary> generate_city(const CityOptions& options, const std::string& out_dir,
                                  const CityProgress& progress) {
  if (options.persons < 100) return Status::invalid_argument("a city needs at least 100 people");
  if (options.persons > 20'000'000) return Status::invalid_argument("at most 20,000,000 people");
  if (options.years < 1 || options.years > 10)
    return Status::invalid_argument("--years must be 1 to 10");
  if (options.history_years < 0 || options.history_years > 5)
    return Status::invalid_argument("--history-years must be 0 to 5");
  city_parts::CityGenerator g(options, out_dir, progress);
  return g.run();
}

}  // namespace bc::synth
