// The risk model, its validation and the registers (care/risk_model.h,
// risk_validation.h, register.h) on a city built in memory whose true risk
// is known: the fit must find the coefficients that made the outcomes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "care/care_json.h"
#include "care/features.h"
#include "care/person_scores.h"
#include "care/register.h"
#include "care/risk_model.h"
#include "care/risk_validation.h"
#include "core/conditions.h"
#include "core/parallel.h"

namespace bc {
namespace {

int32_t day(int y, int m, int d) {
  return Date::from_ymd(y, m, d)->days();
}

// The truth: log-odds of an emergency admission in a year.
constexpr double kIntercept = -2.5, kSevere = 1.5, kFemale = 0.5;

// n people in two clusters (practice i % 2), aged 20 to 89, every fifth
// with 13 eFI deficits recorded in 2010 (severe frailty), alternately
// female. Each year from April 2016, an emergency admission with the true
// probability; spells are loaded from April 2015 to March 2019.
std::unique_ptr<Snapshot> known_city(int n, uint64_t seed) {
  auto s = std::make_unique<Snapshot>();
  s->cluster_codes = {"C1", "C2"};
  s->cluster_names = {"North", "South"};
  s->practice_codes = {"P1", "P2"};
  s->practice_names = {"One", "Two"};
  s->practice_cluster = {0, 1};
  s->provider_codes = {"R1"};
  s->provider_names = {"Trust"};
  s->methods = {"11", "21"};
  s->diagnoses = {"I10"};
  s->diagnosis_group = {0};
  s->secondary_lists = {""};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  auto& p = s->persons;
  auto& c = s->conditions;
  c.offset.push_back(0);
  std::vector<std::pair<int32_t, int32_t>> spells;  // day, person
  for (int i = 0; i < n; ++i) {
    const int age = 20 + i % 70;
    p.nhs.push_back(9000000000 + i);
    p.born.push_back(day(2016, 1, 1) - static_cast<int32_t>(age * 365.25));
    p.registered.push_back(day(2000, 1, 1));
    p.died.push_back(kNoDate);
    p.practice.push_back(static_cast<int16_t>(i % 2));
    p.sex.push_back(i % 2 == 0 ? 'F' : 'M');
    p.rkey.push_back(0);
    const bool severe = i % 5 == 0;
    if (severe) {
      uint8_t code = 0;
      for (int k = 0; k < 13; ++code) {
        if (!all_conditions()[code].efi_deficit) continue;
        c.code.push_back(code);
        c.recorded.push_back(day(2010, 1, 1));
        ++k;
      }
    }
    c.offset.push_back(static_cast<uint32_t>(c.code.size()));
    const double eta = kIntercept + kSevere * severe + kFemale * (p.sex.back() == 'F');
    const double risk = 1 / (1 + std::exp(-eta));
    for (int year = 2016; year <= 2018; ++year) {
      if (u(rng) < risk)
        spells.push_back({day(year, 4, 1) + static_cast<int32_t>(u(rng) * 364), i});
    }
  }
  std::sort(spells.begin(), spells.end());
  for (auto [d, i] : spells) {
    s->spells.admitted.push_back(d);
    s->spells.discharged.push_back(d + 3);
    s->spells.person.push_back(i);
    s->spells.practice.push_back(p.practice[static_cast<size_t>(i)]);
    s->spells.age.push_back(50);
    s->spells.method.push_back(1);
    s->spells.provider.push_back(0);
    s->spells.primary.push_back(0);
    s->spells.secondary.push_back(0);
    s->spells.cost_pence.push_back(0);
    s->spells.rkey.push_back(0);
  }
  auto& months = s->loaded_months[static_cast<size_t>(DataSource::kSpells)];
  for (YearMonth m = *YearMonth::parse("2015-04"); !(*YearMonth::parse("2019-03") < m);
       m = m.add_months(1))
    months.push_back(m.index());
  return s;
}

double coefficient(const RiskModel& m, std::string_view id) {
  const auto f = risk_features();
  for (size_t j = 0; j < f.size(); ++j)
    if (f[j].id == id) return m.coefficients[j];
  ADD_FAILURE() << "no feature " << id;
  return 0;
}

TEST(Features, ADeficitRecordedTwiceCountsOnceAndOneRecordedLaterNotAtAll) {
  auto snap = known_city(10, 8);
  auto& c = snap->conditions;
  // Person 1 (not frail): falls twice, then diabetes after the date.
  const auto code = [](std::string_view name) {
    return static_cast<uint8_t>(find_condition(name) - all_conditions().data());
  };
  std::vector<uint8_t> codes(c.code.begin(), c.code.end());
  std::vector<int32_t> recorded(c.recorded.begin(), c.recorded.end());
  codes.insert(codes.begin() + c.offset[1], {code("falls"), code("falls"), code("diabetes")});
  recorded.insert(recorded.begin() + c.offset[1],
                  {day(2015, 1, 1), day(2016, 1, 1), day(2017, 4, 2)});
  c.code = std::move(codes);
  c.recorded = std::move(recorded);
  for (size_t i = 2; i < c.offset.size(); ++i) c.offset[i] += 3;
  const Features f = compute_features(*snap, *Date::from_ymd(2017, 4, 1));
  EXPECT_EQ(f.efi_deficits[1], 1);
  EXPECT_EQ(f.efi_deficits[0], 13);
  EXPECT_EQ(compute_features(*snap, *Date::from_ymd(2017, 4, 2)).efi_deficits[1], 2);
}

// compute_features and score_risk split the people across the cores: on
// a city large enough to be split, four slices give exactly what one does.
TEST(Features, SplitAcrossCoresTheSameAsOnOne) {
  auto snap = known_city(300'000, 3);
  const Date at = *Date::from_ymd(2017, 4, 1);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok()) << m.status().message();
  auto features_and_scores = [&](size_t slices) {
    ScopedParallelism p(slices);
    EXPECT_EQ(parallel_slices(snap->persons.nhs.size()), slices);
    Features f = compute_features(*snap, at);
    return std::make_pair(f, score_risk(*m, f));
  };
  const auto [one, one_scores] = features_and_scores(1);
  const auto [four, four_scores] = features_and_scores(4);
  EXPECT_EQ(one.in_population, four.in_population);
  EXPECT_EQ(one.age, four.age);
  EXPECT_EQ(one.female, four.female);
  EXPECT_EQ(one.emergency_admissions, four.emergency_admissions);
  EXPECT_EQ(one.emergency_admissions_before, four.emergency_admissions_before);
  EXPECT_EQ(one.ae_attendances, four.ae_attendances);
  EXPECT_EQ(one.ae_attendances_before, four.ae_attendances_before);
  EXPECT_EQ(one.bed_days, four.bed_days);
  EXPECT_EQ(one.reablement, four.reablement);
  EXPECT_EQ(one.care_home, four.care_home);
  EXPECT_EQ(one.long_term_conditions, four.long_term_conditions);
  EXPECT_EQ(one.long_term_condition_mask, four.long_term_condition_mask);
  EXPECT_EQ(one.efi_deficits, four.efi_deficits);
  EXPECT_EQ(one.hfrs_tenths, four.hfrs_tenths);
  EXPECT_EQ(one.last_emergency, four.last_emergency);
  EXPECT_EQ(one_scores, four_scores);
  // Not a comparison of nothing: the city has admissions, nights in
  // hospital, frailty and people aged 75 or over, in every slice.
  auto sum = [](const auto& v) { return std::accumulate(v.begin(), v.end(), int64_t{0}); };
  EXPECT_EQ(one.population(), 300'000);
  EXPECT_GT(sum(one.emergency_admissions), 20'000);
  EXPECT_GT(sum(one.bed_days), 60'000);
  EXPECT_GT(sum(one.efi_deficits), 13 * 50'000);
  EXPECT_GT(std::count_if(one.hfrs_tenths.begin() + 250'000, one.hfrs_tenths.end(),
                          [](int16_t h) { return h >= 0; }),
            5'000);
}

TEST(Auc, IsTheMannWhitneyStatisticWithTiesCountingAHalf) {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs.
  EXPECT_DOUBLE_EQ(auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, std::vector<uint8_t>{0, 0, 1, 1}),
                   0.75);
  // 0.5 (pos) vs 0.5 (neg) ties: (0.5 + 1 + 1 + 1) / 4.
  EXPECT_DOUBLE_EQ(auc(std::vector<double>{0.5, 0.5, 0.2, 0.9}, std::vector<uint8_t>{1, 0, 0, 1}),
                   0.875);
  // Only the included entries count: without the 0.9 positive, 1.5 / 2.
  EXPECT_DOUBLE_EQ(auc(std::vector<double>{0.5, 0.5, 0.2, 0.9}, std::vector<uint8_t>{1, 0, 0, 1},
                       std::vector<uint8_t>{1, 1, 1, 0}),
                   0.75);
  EXPECT_TRUE(std::isnan(auc(std::vector<double>{0.1, 0.2}, std::vector<uint8_t>{0, 0})));
}

TEST(Auc, AgreesWithCountingEveryPair) {
  std::mt19937_64 rng(7);
  std::vector<double> score(1500);
  std::vector<uint8_t> outcome(1500);
  for (size_t i = 0; i < score.size(); ++i) {
    score[i] = static_cast<double>(rng() % 40);  // many ties
    outcome[i] = static_cast<uint8_t>(rng() % 3 == 0);
  }
  double pairs = 0, concordant = 0;
  for (size_t a = 0; a < score.size(); ++a) {
    if (!outcome[a]) continue;
    for (size_t b = 0; b < score.size(); ++b) {
      if (outcome[b]) continue;
      pairs += 1;
      concordant += score[a] > score[b] ? 1 : score[a] == score[b] ? 0.5 : 0;
    }
  }
  EXPECT_NEAR(auc(score, outcome), concordant / pairs, 1e-12);
}

TEST(RiskModel, EachLongTermConditionHasItsCoefficient) {
  const auto features = risk_features();
  const auto codes = long_term_condition_codes();
  ASSERT_EQ(codes.size(), 10u);
  for (size_t k = 0; k < codes.size(); ++k) {
    EXPECT_EQ(features[features.size() - codes.size() + k].id,
              "ltc_" + std::string(codes[k]->code));
  }
}

TEST(RiskModel, FindsTheCoefficientsThatMadeTheOutcomes) {
  auto snap = known_city(40000, 1);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->population, 40000);
  EXPECT_NEAR(m->intercept, kIntercept, 0.15);
  EXPECT_NEAR(coefficient(*m, "efi_severe"), kSevere, 0.15);
  EXPECT_NEAR(coefficient(*m, "female"), kFemale, 0.1);
  EXPECT_NEAR(coefficient(*m, "age_65_69"), 0, 0.15);
  EXPECT_NEAR(coefficient(*m, "age_70_74"), 0, 0.15);
  // Nobody had a previous admission at the first index date: the ridge
  // keeps the level at 0 rather than failing.
  EXPECT_NEAR(coefficient(*m, "emergency_1"), 0, 1e-9);
  EXPECT_LT(m->iterations, 30);
  // The months the features look back over are not loaded before April 2015.
  ASSERT_FALSE(m->months_missing.empty());
  EXPECT_EQ(m->months_missing.front(), "2014-04");
  EXPECT_EQ(m->months_missing.back(), "2015-03");
}

TEST(RiskModel, RefusesAnIndexWhoseOutcomeYearIsNotLoaded) {
  auto snap = known_city(2000, 2);
  auto m = train_risk_model(*snap, *Date::from_ymd(2018, 6, 1));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("2019-04"), std::string::npos) << m.status().message();
  EXPECT_NE(m.status().message().find("2019-05"), std::string::npos);
}

TEST(RiskModel, ExplainsAScoreByItsLargestPositiveCoefficients) {
  auto snap = known_city(20000, 3);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok());
  const Features f = compute_features(*snap, *Date::from_ymd(2017, 4, 1));
  const auto factors = risk_factors(*m, f, 0);  // person 0: severe, female
  ASSERT_FALSE(factors.empty());
  EXPECT_EQ(factors.front(), "severe frailty (eFI 13 or more deficits)");
  const auto risk = score_risk(*m, f);
  EXPECT_GT(risk[0], risk[1]);  // person 1: not frail, male
}

TEST(RiskValidation, ReportsOnALaterYear) {
  auto snap = known_city(40000, 4);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok());
  auto early = validate_risk_model(*m, *snap, *Date::from_ymd(2016, 10, 1));
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.status().message().find("at least 12 months after"), std::string::npos);

  auto v = validate_risk_model(*m, *snap, *Date::from_ymd(2017, 4, 1));
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->population, 40000);
  // The true risk has two factors; the fitted model ranks by them, and its
  // AUC is what the true probabilities give (computed here independently).
  const Features f = compute_features(*snap, *Date::from_ymd(2017, 4, 1));
  const auto outcome = emergency_outcome(*snap, *Date::from_ymd(2017, 4, 1));
  std::vector<double> truth(f.size());
  for (size_t i = 0; i < f.size(); ++i)
    truth[i] = kSevere * (i % 5 == 0) + kFemale * (snap->persons.sex[i] == 'F');
  EXPECT_NEAR(v->auc, auc(truth, outcome), 0.01);
  EXPECT_GT(v->auc, v->baseline_auc);
  // Every person is in one decile; the expected admissions sum to the risks.
  int64_t people = 0, events = 0;
  double expected = 0;
  for (const auto& d : v->deciles) {
    people += d.people;
    events += d.events;
    expected += d.expected;
    EXPECT_LE(d.predicted_min, d.predicted_max);
  }
  EXPECT_EQ(people, v->population);
  EXPECT_EQ(events, v->events);
  ASSERT_EQ(v->deciles.size(), 10u);
  EXPECT_LT(v->deciles.front().expected, v->deciles.back().expected);
  EXPECT_NEAR(expected / static_cast<double>(v->events), 1.0, 0.1);  // calibrated
  ASSERT_EQ(v->top.size(), 3u);
  EXPECT_EQ(v->top[2].people, 2000);  // 5% of 40,000
  EXPECT_EQ(v->top[0].people, 200);   // 0.5%
  EXPECT_DOUBLE_EQ(v->top[2].ppv, static_cast<double>(v->top[2].events) / 2000);
  ASSERT_EQ(v->by_sex.size(), 2u);
  EXPECT_EQ(v->by_sex[0].group, "F");
  ASSERT_EQ(v->by_cluster.size(), 2u);
  EXPECT_EQ(v->by_cluster[0].people + v->by_cluster[1].people, 40000);
}

TEST(Register, IsTheTopShareOfTheClusterWithWhatChanged) {
  auto snap = known_city(10001, 5);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok());
  const Date at = *Date::from_ymd(2017, 4, 1);
  // Who heads the register a month earlier dies in between.
  auto before = build_register(*snap, *m, {RegisterKind::kRisk, "C1", *Date::from_ymd(2017, 3, 1)});
  ASSERT_TRUE(before.ok());
  ASSERT_FALSE(before->entries.empty());
  const size_t first = before->entries.front().person;
  snap->persons.died[first] = day(2017, 3, 20);

  auto reg = build_register(*snap, *m, {RegisterKind::kRisk, "C1", at});
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  EXPECT_EQ(reg->population, 5000);      // C1 is the even people: 5,001, less the one who died
  EXPECT_EQ(reg->entries.size(), 250u);  // 5% of 5,000
  for (size_t k = 0; k < reg->entries.size(); ++k) {
    const RegisterEntry& e = reg->entries[k];
    EXPECT_EQ(snap->persons.practice[e.person], 0);
    EXPECT_EQ(e.rank, static_cast<int64_t>(k) + 1);
    if (k > 0) {
      EXPECT_LE(e.risk, reg->entries[k - 1].risk);
    }
  }
  const auto died = std::find_if(reg->left.begin(), reg->left.end(),
                                 [&](const RegisterLeaver& l) { return l.person == first; });
  ASSERT_NE(died, reg->left.end());
  EXPECT_EQ(died->reason, "died");
  // Every reason is one of the register's own (the share's words too).
  for (const RegisterLeaver& l : reg->left) {
    EXPECT_TRUE(l.reason == "died" || l.reason == "no longer registered in the cluster" ||
                l.reason == "no longer in the top 5%")
        << l.reason;
  }
  // Nobody is lost: last month's entries are this month's stayers and leavers.
  const auto stayed = static_cast<int64_t>(reg->entries.size()) - reg->joined;
  EXPECT_EQ(stayed + static_cast<int64_t>(reg->left.size()),
            static_cast<int64_t>(before->entries.size()));

  auto big = build_register(*snap, *m, {RegisterKind::kRisk, "C1", at, 10});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->entries.size(), 500u);
  // All clusters at once give the same registers.
  auto all = build_registers(*snap, *m, {RegisterKind::kRisk, "", at});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].cluster_code, "C1");
  ASSERT_EQ((*all)[0].entries.size(), reg->entries.size());
  for (size_t k = 0; k < reg->entries.size(); ++k)
    EXPECT_EQ((*all)[0].entries[k].person, reg->entries[k].person);
  EXPECT_EQ((*all)[0].left.size(), reg->left.size());
  EXPECT_EQ((*all)[1].population + reg->population, 10000);  // everyone alive
  EXPECT_FALSE(build_register(*snap, *m, {RegisterKind::kRisk, "C9", at}).ok());
  EXPECT_FALSE(build_register(*snap, *m, {RegisterKind::kRisk, "C1", at, 0}).ok());
  EXPECT_FALSE(build_register(*snap, *m, {RegisterKind::kRisk, "C1", at, 101}).ok());
}

TEST(Register, TheFrailtyRegisterIsModerateOrSevereFrailty) {
  auto snap = known_city(1000, 6);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok());
  auto reg = build_register(*snap, *m, {RegisterKind::kFrailty, "C2", *Date::from_ymd(2017, 4, 1)});
  ASSERT_TRUE(reg.ok());
  // C2 is the odd people; every fifth person is severe: odd multiples of 5.
  EXPECT_EQ(reg->entries.size(), 100u);
  for (const auto& e : reg->entries) {
    EXPECT_EQ(e.person % 5, 0u);
    EXPECT_EQ(e.efi_deficits, 13);
  }
  EXPECT_EQ(reg->joined, 0);
  EXPECT_TRUE(reg->left.empty());
}

TEST(Register, FromScoresKeptIsTheSameRegisterAndTheRecordAgrees) {
  auto snap = known_city(2001, 7);
  auto m = train_risk_model(*snap, *Date::from_ymd(2016, 4, 1));
  ASSERT_TRUE(m.ok());
  const Date at = *Date::from_ymd(2017, 4, 1);
  const RegisterRequest req{RegisterKind::kRisk, "C1", at};
  const ScoredDate now = score_date(*snap, &*m, at);
  const ScoredDate before = score_date(*snap, &*m, add_months(at, -1));
  auto kept = build_register(*snap, *m, req, now, before);
  auto fresh = build_register(*snap, *m, req);
  ASSERT_TRUE(kept.ok() && fresh.ok());
  EXPECT_EQ(register_json(*snap, *kept, {}), register_json(*snap, *fresh, {}));
  // Scores of another date, or without a model, are refused.
  EXPECT_FALSE(build_register(*snap, *m, req, before, before).ok());
  EXPECT_FALSE(build_register(*snap, *m, req, score_date(*snap, nullptr, at), before).ok());
  const int64_t nhs = snap->persons.nhs[kept->entries.front().person];
  EXPECT_EQ(person_scores_json(*snap, &*m, nhs, now), person_scores_json(*snap, &*m, nhs, at));
  EXPECT_TRUE(
      person_scores_json(*snap, &*m, nhs, score_date(*snap, nullptr, at))["risk"].is_null());
}

}  // namespace
}  // namespace bc
