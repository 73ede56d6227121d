#include "care/risk_validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

namespace bc {
namespace {

// Rows of people grouped by a label, in label order.
std::vector<CalibrationRow> grouped(const std::vector<uint32_t>& people,
                                    const std::vector<double>& risk,
                                    const std::vector<uint8_t>& outcome,
                                    const std::function<std::string(uint32_t)>& label) {
  std::map<std::string, CalibrationRow> rows;
  for (uint32_t i : people) {
    CalibrationRow& r = rows[label(i)];
    if (r.people == 0) r.predicted_min = r.predicted_max = risk[i];
    ++r.people;
    r.events += outcome[i];
    r.expected += risk[i];
    r.predicted_min = std::min(r.predicted_min, risk[i]);
    r.predicted_max = std::max(r.predicted_max, risk[i]);
  }
  std::vector<CalibrationRow> out;
  for (auto& [group, row] : rows) {
    row.group = group;
    out.push_back(row);
  }
  return out;
}

std::string age_band(int age) {
  return age < 18 ? "0-17" : age < 65 ? "18-64" : age < 75 ? "65-74" : age < 85 ? "75-84" : "85+";
}

}  // namespace

double auc(std::span<const double> score, std::span<const uint8_t> outcome,
           std::span<const uint8_t> include) {
  std::vector<uint32_t> order;
  for (size_t i = 0; i < score.size(); ++i)
    if (include.empty() || include[i]) order.push_back(static_cast<uint32_t>(i));
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return score[a] < score[b]; });
  // Twice the count of concordant pairs, so that a tie's half stays whole.
  int64_t twice = 0, negatives_below = 0, positives = 0, negatives = 0;
  for (size_t a = 0; a < order.size();) {
    size_t b = a;
    int64_t pos = 0, neg = 0;
    for (; b < order.size() && score[order[b]] == score[order[a]]; ++b)
      (outcome[order[b]] ? pos : neg) += 1;
    twice += pos * (2 * negatives_below + neg);
    negatives_below += neg;
    positives += pos;
    negatives += neg;
    a = b;
  }
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(twice) /
         (2.0 * static_cast<double>(positives) * static_cast<double>(negatives));
}

Result<RiskValidation> validate_risk_model(const RiskModel& model, const Snapshot& snap,
                                           Date index) {
  if (index < add_months(model.index, 12)) {
    return Status::invalid_argument(fmt::format(
        "validate at a date at least 12 months after the model's index date ({}), so that the "
        "outcomes it was trained on are not the ones it is tested on; {} is too early",
        model.index.iso(), index.iso()));
  }
  if (Status st = check_outcome_loaded(snap, index); !st.ok()) return st;
  RiskValidation v;
  v.index = index;
  v.months_missing = months_not_loaded(snap, index, 24, 0);
  const Features f = compute_features(snap, index);
  const std::vector<double> risk = score_risk(model, f);
  const std::vector<uint8_t> outcome = emergency_outcome(snap, index);
  std::vector<uint32_t> people;
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.in_population[i]) continue;
    people.push_back(static_cast<uint32_t>(i));
    v.events += outcome[i];
  }
  v.population = static_cast<int64_t>(people.size());
  if (v.events == 0 || v.events == v.population) {
    return Status::invalid_argument(fmt::format(
        "{} of the {} people had an emergency admission in the 12 months after {}: the ranking "
        "cannot be tested",
        v.events, v.population, index.iso()));
  }
  v.event_rate = static_cast<double>(v.events) / static_cast<double>(v.population);
  v.auc = auc(risk, outcome, f.in_population);
  std::vector<double> prior(f.size()), age(f.size());
  for (size_t i = 0; i < f.size(); ++i) {
    prior[i] = f.emergency_admissions[i];
    age[i] = f.age[i];
  }
  v.baseline_auc = auc(prior, outcome, f.in_population);
  v.age_auc = auc(age, outcome, f.in_population);

  // Highest risk first; equal risks by NHS number.
  std::vector<uint32_t> ranked = people;
  std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    return risk[a] != risk[b] ? risk[a] > risk[b] : snap.persons.nhs[a] < snap.persons.nhs[b];
  });
  for (double percent : {0.5, 1.0, 5.0}) {
    TopShare t;
    t.percent = percent;
    t.people = static_cast<int64_t>(std::ceil(percent / 100 * static_cast<double>(v.population)));
    for (int64_t k = 0; k < t.people; ++k) t.events += outcome[ranked[static_cast<size_t>(k)]];
    t.ppv = static_cast<double>(t.events) / static_cast<double>(t.people);
    t.sensitivity = static_cast<double>(t.events) / static_cast<double>(v.events);
    v.top.push_back(t);
  }
  // Tenths of predicted risk, lowest first.
  std::vector<uint32_t> rising(ranked.rbegin(), ranked.rend());
  v.deciles.resize(10);
  for (size_t k = 0; k < rising.size(); ++k) {
    const uint32_t i = rising[k];
    CalibrationRow& r = v.deciles[k * 10 / rising.size()];
    if (r.people == 0) r.predicted_min = risk[i];
    r.predicted_max = risk[i];
    ++r.people;
    r.events += outcome[i];
    r.expected += risk[i];
  }
  for (size_t d = 0; d < v.deciles.size(); ++d) v.deciles[d].group = std::to_string(d + 1);
  v.by_age_band = grouped(people, risk, outcome, [&](uint32_t i) { return age_band(f.age[i]); });
  v.by_sex = grouped(people, risk, outcome, [&](uint32_t i) {
    const char s = snap.persons.sex[i];
    return std::string(1, s == 'F' || s == 'M' ? s : 'U');
  });
  v.by_cluster = grouped(people, risk, outcome, [&](uint32_t i) {
    const int16_t p = snap.persons.practice[i];
    return p < 0 ? std::string("none")
                 : snap.cluster_codes[static_cast<size_t>(
                       snap.practice_cluster[static_cast<size_t>(p)])];
  });
  return v;
}

}  // namespace bc
