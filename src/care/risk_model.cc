#include "care/risk_model.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "core/parallel.h"

namespace bc {
namespace {

// Every coefficient, group by group: each group's levels after its
// reference (kGroups), then one per long-term condition (in
// long_term_condition_codes() order).
constexpr std::array<RiskFeature, 53> kFeatures = {{
    {"age_0", "aged under 1"},
    {"age_1_4", "aged 1 to 4"},
    {"age_5_17", "aged 5 to 17"},
    {"age_30_44", "aged 30 to 44"},
    {"age_45_54", "aged 45 to 54"},
    {"age_55_64", "aged 55 to 64"},
    {"age_65_69", "aged 65 to 69"},
    {"age_70_74", "aged 70 to 74"},
    {"age_75_79", "aged 75 to 79"},
    {"age_80_84", "aged 80 to 84"},
    {"age_85_89", "aged 85 to 89"},
    {"age_90_plus", "aged 90 or over"},
    {"female", "female"},
    {"emergency_1", "1 emergency admission in the last 12 months"},
    {"emergency_2", "2 emergency admissions in the last 12 months"},
    {"emergency_3", "3 emergency admissions in the last 12 months"},
    {"emergency_4_plus", "4 or more emergency admissions in the last 12 months"},
    {"emergency_before_1", "1 emergency admission in the year before last"},
    {"emergency_before_2_plus", "2 or more emergency admissions in the year before last"},
    {"ae_1", "1 A&E attendance in the last 12 months"},
    {"ae_2", "2 A&E attendances in the last 12 months"},
    {"ae_3", "3 A&E attendances in the last 12 months"},
    {"ae_4_5", "4 or 5 A&E attendances in the last 12 months"},
    {"ae_6_plus", "6 or more A&E attendances in the last 12 months"},
    {"ae_before_1", "1 A&E attendance in the year before last"},
    {"ae_before_2", "2 A&E attendances in the year before last"},
    {"ae_before_3_plus", "3 or more A&E attendances in the year before last"},
    {"bed_days_1_7", "1 to 7 days in hospital in the last 12 months"},
    {"bed_days_8_21", "8 to 21 days in hospital in the last 12 months"},
    {"bed_days_22_plus", "22 or more days in hospital in the last 12 months"},
    {"efi_fit_1", "1 frailty deficit (eFI fit)"},
    {"efi_fit_2", "2 frailty deficits (eFI fit)"},
    {"efi_fit_3", "3 frailty deficits (eFI fit)"},
    {"efi_fit_4", "4 frailty deficits (eFI fit)"},
    {"efi_mild_5_6", "mild frailty (eFI 5 or 6 deficits)"},
    {"efi_mild_7_8", "mild frailty (eFI 7 or 8 deficits)"},
    {"efi_moderate", "moderate frailty (eFI 9 to 12 deficits)"},
    {"efi_severe", "severe frailty (eFI 13 or more deficits)"},
    {"hfrs_intermediate", "intermediate hospital frailty risk (HFRS 5 to 15)"},
    {"hfrs_high", "high hospital frailty risk (HFRS over 15)"},
    {"care_home", "permanent care home resident"},
    {"reablement", "reablement in the last 12 months"},
    {"ltc_multiple", "3 or more long-term conditions"},
    {"ltc_asthma", "asthma"},
    {"ltc_cancer", "cancer"},
    {"ltc_copd", "COPD"},
    {"ltc_dementia", "dementia"},
    {"ltc_depression", "depression"},
    {"ltc_epilepsy", "epilepsy"},
    {"ltc_learning_disability", "a learning disability"},
    {"ltc_serious_mental_illness", "serious mental illness"},
    {"ltc_chronic_liver_disease", "chronic liver disease"},
    {"ltc_obesity", "obesity"},
}};

// The facts with levels, in kFeatures' order: how many levels each has (the
// first the reference, with no coefficient).
constexpr std::array<int, 12> kLevels = {13, 2, 5, 3, 6, 4, 4, 9, 3, 2, 2, 2};
struct Group {
  int levels, first;  // first: the position in kFeatures of its level 1
};
constexpr std::array<Group, 12> kGroups = [] {
  std::array<Group, 12> g{};
  int first = 0;
  for (size_t i = 0; i < kLevels.size(); ++i) {
    g[i] = {kLevels[i], first};
    first += kLevels[i] - 1;
  }
  return g;
}();
// The first condition's coefficient.
constexpr size_t kFirstCondition =
    static_cast<size_t>(kGroups.back().first + kGroups.back().levels - 1);
constexpr size_t kFeatureCount = kFirstCondition + 10;
static_assert(kFeatureCount == kFeatures.size() && kFeatureCount <= 64,
              "a coefficient per level and condition, as a 64-bit mask");

int capped(int v, int top) {
  return std::min(v, top);
}

// The level (0 = reference) of each fact with levels for a person.
std::array<int, 12> levels_of(const Features& f, size_t i) {
  // Age: 18-29 the reference; the first year, 1-4 and 5-17; ten-year
  // bands to 64 (15 years for 30-44); five-year bands from 65.
  static constexpr int kAgeStarts[] = {1, 5, 18, 30, 45, 55, 65, 70, 75, 80, 85, 90};
  static constexpr int kAgeLevel[] = {1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const int age = f.age[i];
  const auto band =
      std::upper_bound(std::begin(kAgeStarts), std::end(kAgeStarts), age) - std::begin(kAgeStarts);
  const int age_level = kAgeLevel[band];
  const int ae = f.ae_attendances[i];
  const int ae_level = ae <= 3 ? ae : ae <= 5 ? 4 : 5;
  const int beds = f.bed_days[i];
  const int bed_level = beds == 0 ? 0 : beds <= 7 ? 1 : beds <= 21 ? 2 : 3;
  const int deficits = f.efi_deficits[i];
  // 0 to 4 one by one, mild in two halves, then moderate and severe.
  const int efi_level = deficits <= 4   ? deficits
                        : deficits <= 6 ? 5
                        : deficits <= 8 ? 6
                                        : 5 + static_cast<int>(efi_category(deficits));
  const int hfrs = f.hfrs_tenths[i];
  const int hfrs_level = hfrs < 0 ? 0 : static_cast<int>(hfrs_band(hfrs));
  return {age_level,
          f.female[i] != 0 ? 1 : 0,
          capped(f.emergency_admissions[i], 4),
          capped(f.emergency_admissions_before[i], 2),
          ae_level,
          capped(f.ae_attendances_before[i], 3),
          bed_level,
          efi_level,
          hfrs_level,
          f.care_home[i] != 0 ? 1 : 0,
          f.reablement[i] != 0 ? 1 : 0,
          f.long_term_conditions[i] >= 3 ? 1 : 0};
}

// A person's features as a mask: bit j set when they are at kFeatures[j].
uint64_t mask_of(const Features& f, size_t i) {
  const auto levels = levels_of(f, i);
  uint64_t mask = 0;
  for (size_t g = 0; g < kGroups.size(); ++g)
    if (levels[g] > 0) mask |= uint64_t{1} << (kGroups[g].first + levels[g] - 1);
  return mask | (uint64_t{f.long_term_condition_mask[i]} << kFirstCondition);
}

double log_odds(const RiskModel& m, uint64_t mask) {
  double eta = m.intercept;
  for (; mask != 0; mask &= mask - 1)
    eta += m.coefficients[static_cast<size_t>(std::countr_zero(mask))];
  return eta;
}

}  // namespace

std::span<const RiskFeature> risk_features() {
  return kFeatures;
}

std::vector<size_t> active_features(const Features& f, size_t person) {
  std::vector<size_t> out;
  for (uint64_t mask = mask_of(f, person); mask != 0; mask &= mask - 1)
    out.push_back(static_cast<size_t>(std::countr_zero(mask)));
  return out;
}

Result<RiskModel> train_risk_model(const Snapshot& snap, Date index) {
  if (Status st = check_outcome_loaded(snap, index); !st.ok()) return st;
  RiskModel m;
  m.index = index;
  m.months_missing = months_not_loaded(snap, index, 24, 0);
  const Features f = compute_features(snap, index);
  const std::vector<uint8_t> outcome = emergency_outcome(snap, index);
  // People who share every feature: one row each, with their number and
  // their admissions (the fit on them is exactly the fit on the people).
  std::unordered_map<uint64_t, std::pair<int64_t, int64_t>> cells;
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.in_population[i]) continue;
    auto& [people, events] = cells[mask_of(f, i)];
    ++people;
    events += outcome[i];
    ++m.population;
    m.events += outcome[i];
  }
  if (m.population == 0)
    return Status::invalid_argument(
        fmt::format("nobody is registered and alive on {}", index.iso()));
  if (m.events == 0 || m.events == m.population) {
    return Status::invalid_argument(fmt::format(
        "{} of the {} people had an emergency admission in the 12 months after {}: there is "
        "nothing to learn from",
        m.events, m.population, index.iso()));
  }
  // The cells as a design matrix (intercept first), in mask order so that
  // the fit does not depend on the hash table's.
  std::vector<std::pair<uint64_t, std::pair<int64_t, int64_t>>> rows(cells.begin(), cells.end());
  std::sort(rows.begin(), rows.end());
  const auto k = static_cast<Eigen::Index>(kFeatureCount) + 1;
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()), k);
  Eigen::VectorXd n(x.rows()), y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const auto& [mask, counts] = rows[static_cast<size_t>(r)];
    x(r, 0) = 1;
    for (uint64_t b = mask; b != 0; b &= b - 1) x(r, std::countr_zero(b) + 1) = 1;
    n(r) = static_cast<double>(counts.first);
    y(r) = static_cast<double>(counts.second);
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(k);
  const double rate = static_cast<double>(m.events) / static_cast<double>(m.population);
  beta(0) = std::log(rate / (1 - rate));
  Eigen::MatrixXd ridge = Eigen::MatrixXd::Identity(k, k);
  ridge(0, 0) = 0;
  // The penalised log-likelihood, which each step must raise: a Newton
  // step that overshoots (possible far from the optimum) is halved until
  // it does, so the fit always converges.
  auto objective = [&](const Eigen::VectorXd& b) {
    const Eigen::ArrayXd eta = (x * b).array();
    // log(1 + e^eta), without overflow for large eta.
    const Eigen::ArrayXd softplus = eta.max(0) + (-eta.abs()).exp().log1p();
    return (y.array() * eta - n.array() * softplus).sum() - 0.5 * (b.tail(k - 1).squaredNorm());
  };
  double current = objective(beta);
  for (m.iterations = 1; m.iterations <= 100; ++m.iterations) {
    const Eigen::VectorXd eta = x * beta;
    const Eigen::VectorXd p = (1.0 + (-eta.array()).exp()).inverse().matrix();
    const Eigen::VectorXd w = (n.array() * p.array() * (1 - p.array())).matrix();
    const Eigen::VectorXd grad = x.transpose() * (y - n.cwiseProduct(p)) - ridge * beta;
    const Eigen::MatrixXd h = x.transpose() * w.asDiagonal() * x + ridge;
    Eigen::VectorXd step = h.ldlt().solve(grad);
    if (!step.allFinite()) return Status::internal("the risk model's fit did not converge");
    double next = objective(beta + step);
    for (int halvings = 0; !(next >= current) && halvings < 40; ++halvings) {
      step /= 2;
      next = objective(beta + step);
    }
    beta += step;
    current = next;
    if (step.cwiseAbs().maxCoeff() < 1e-9) break;
  }
  if (m.iterations > 100)
    return Status::internal("the risk model's fit did not converge in 100 steps");
  m.intercept = beta(0);
  for (Eigen::Index j = 1; j < k; ++j) m.coefficients.push_back(beta(j));
  return m;
}

std::vector<double> score_risk(const RiskModel& model, const Features& f) {
  std::vector<double> out(f.size(), -1);
  for_ranges(f.size(), [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i)
      if (f.in_population[i]) out[i] = 1 / (1 + std::exp(-log_odds(model, mask_of(f, i))));
  });
  return out;
}

std::vector<std::string_view> risk_factors(const RiskModel& model, const Features& f, size_t person,
                                           size_t most) {
  std::vector<size_t> act = active_features(f, person);
  std::sort(act.begin(), act.end(),
            [&](size_t a, size_t b) { return model.coefficients[a] > model.coefficients[b]; });
  std::vector<std::string_view> out;
  for (size_t a : act) {
    if (out.size() >= most || model.coefficients[a] <= 0) break;
    out.push_back(kFeatures[a].words);
  }
  return out;
}

}  // namespace bc
