// The risk of an emergency admission in the next 12 months: a logistic
// regression on the linked record, every coefficient readable.
//
// The model reads these facts about a person as at an index date
// (features.h), each cut into a few levels; every level but the first of
// each (the reference) is a yes/no indicator with its own coefficient:
//
//   age             18-29 (reference), under 1, 1-4, 5-17, 30-44, 45-54,
//                   55-64, 65-69, 70-74, 75-79, 80-84, 85-89, 90+
//   sex             male or not stated (reference), female
//   emergency admissions in the previous 12 months   none, 1, 2, 3, 4+
//   ... in the 12 months before those                 none, 1, 2+
//   A&E attendances in the previous 12 months        none, 1, 2, 3, 4-5, 6+
//   ... in the 12 months before those                 none, 1, 2, 3+
//   days in hospital in the previous 12 months       none, 1-7, 8-21, 22+
//   eFI deficits    none, 1, 2, 3, 4 (fit), 5-6, 7-8 (mild), moderate, severe
//   HFRS band       low or not scored (under 75), intermediate, high
//   permanent care home resident                      no, yes
//   reablement in the previous 12 months             no, yes
//   three or more long-term conditions               no, yes
//
// and each long-term condition that is not an eFI deficit (asthma, cancer,
// COPD, ...: features.h long_term_condition_codes()), recorded or not.
//
// risk = 1 / (1 + exp(-(intercept + sum of the coefficients of the levels
// the person is at))). The outcome it is fitted to is one or more
// emergency admissions in the 12 months from the index date, among the
// registered living population on that date (features.h).
//
// Fitting is Newton-Raphson (iteratively reweighted least squares, each
// step halved until it raises the penalised likelihood) in Eigen, on the
// cells of people who share every feature (a person's features are a
// 64-bit mask; a city has far fewer distinct masks than people), which
// gives exactly the fit on the people themselves. A weak ridge penalty
// (lambda = 1 on each coefficient, not the intercept) keeps a level that
// nobody is at, or everyone at it with the same outcome, at a finite value
// near 0 instead of failing; on a city's hundreds of thousands of people it
// moves no other coefficient in the third decimal.
//
// Thread safety: a RiskModel is a value; the functions are pure
// (score_risk splits the people across the cores, core/parallel.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "care/features.h"
#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"

namespace bc {

// One coefficient: a level of one of the facts above, or a condition.
struct RiskFeature {
  std::string_view id;     // "emergency_2", as stored in a model's card
  std::string_view words;  // "2 emergency admissions in the last 12 months"
};
// Every coefficient of the model, in order (the intercept apart).
std::span<const RiskFeature> risk_features();

// The model's version of its features: a stored model with another is
// refused rather than scored with the wrong meaning.
inline constexpr std::string_view kRiskFeatureSet = "bettercare-risk-2";

struct RiskModel {
  int64_t id = 0;          // in the store; 0 until saved
  std::string created_at;  // UTC, ISO 8601
  std::string created_by;
  Date index;  // the training index date
  int64_t population = 0, events = 0;
  int iterations = 0;  // Newton steps to converge
  double intercept = 0;
  std::vector<double> coefficients;  // one per risk_features(), in order
  // Months of spells the training read but the store has not loaded: the
  // previous 12 (features) and the 24 of the HFRS look-back.
  std::vector<std::string> months_missing;
};

// Fits the model at an index date. The 12 months after it must be loaded
// (the outcome): InvalidArgument naming the missing months otherwise;
// InvalidArgument too when nobody is in the population or nobody (or
// everybody) has an admission.
Result<RiskModel> train_risk_model(const Snapshot& snap, Date index);

// Per snapshot person: the probability of an emergency admission in the
// next 12 months, as at features.at; -1 for people outside the population.
std::vector<double> score_risk(const RiskModel& model, const Features& f);

// Why a person's risk is what it is: the levels that raise it most (their
// coefficients, largest first, only those above zero), in words, at most
// `most` of them.
std::vector<std::string_view> risk_factors(const RiskModel& model, const Features& f, size_t person,
                                           size_t most = 3);

// The coefficients' positions a person is at (one per fact not at its
// reference level), for explaining and for tests.
std::vector<size_t> active_features(const Features& f, size_t person);

}  // namespace bc
