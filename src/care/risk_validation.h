// How well a risk model ranks and predicts a year it never saw.
//
// A model trained at one index date is validated at a later one: the
// features of everyone in the population on the new date, the outcomes of
// the 12 months after it (features.h). Reported:
// - the c-statistic (area under the ROC curve), computed exactly as the
//   Mann-Whitney statistic: of every pair of one person with an admission
//   and one without, the share where the first has the higher risk, ties
//   counting a half (auc());
// - the same for a baseline that ranks by emergency admissions in the
//   previous 12 months alone, and for age alone;
// - for the top 0.5%, 1% and 5% by risk (the number of people rounded up;
//   equal risks ordered by NHS number): the positive predictive value
//   (how many of them had an admission) and the sensitivity (how many of
//   all admissions they had);
// - calibration: the population in tenths of predicted risk (the first
//   tenth the lowest), with the admissions expected (the sum of the
//   predicted risks) and observed; and the same by age band, sex and
//   cluster.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "care/risk_model.h"
#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"

namespace bc {

// The exact Mann-Whitney AUC of `score` against `outcome` (1 = event),
// over the entries where `include` is 1 (every entry when it is empty).
// NaN when there are no events or no non-events.
double auc(std::span<const double> score, std::span<const uint8_t> outcome,
           std::span<const uint8_t> include = {});

struct TopShare {
  double percent = 0;      // 0.5, 1, 5
  int64_t people = 0;      // ceil(percent% of the population)
  int64_t events = 0;      // of them, with an admission
  double ppv = 0;          // events / people
  double sensitivity = 0;  // events / all events
};

struct CalibrationRow {
  std::string group;  // "1".."10" for deciles; "85+", "F", "C1" for subgroups
  int64_t people = 0, events = 0;
  double expected = 0;  // sum of the predicted risks
  double predicted_min = 0, predicted_max = 0;
};

struct RiskValidation {
  Date index;
  int64_t population = 0, events = 0;
  double event_rate = 0;
  double auc = 0, baseline_auc = 0, age_auc = 0;
  std::vector<TopShare> top;            // 0.5%, 1%, 5%
  std::vector<CalibrationRow> deciles;  // by tenth of predicted risk
  std::vector<CalibrationRow> by_age_band, by_sex, by_cluster;
  std::vector<std::string> months_missing;  // spells the features read but not loaded
};

// Validates `model` at `index`. InvalidArgument when the index is not at
// least 12 months after the model's own (the outcomes would overlap the
// training's), or when the 12 months after it are not loaded.
Result<RiskValidation> validate_risk_model(const RiskModel& model, const Snapshot& snap,
                                           Date index);

}  // namespace bc
