// The cluster teams' measures as engine metrics (config/metrics.toml:
// careplan_coverage, careplan_reviews_on_time, spa_referrals,
// spa_triaged_within_standard), on the hand-made fixture
// tests/fixtures/care_due with registers saved by hand and referrals made
// here. Every expected figure is worked out in the comments from the
// fixture's rows, not copied from a run.
//
// care_due: J82001 and J82002 are cluster C1, J82003 is C2. Its plans'
// latest record is DR3's review on 2018-06-05, so the plans are known to
// 2018-06-05 and loaded from November 2017 (D05, D08, D09 agreed) to June
// 2018.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "../support/test_backend.h"
#include "engine/care_plan_state.h"
#include "engine/evaluate.h"
#include "engine/snapshot.h"
#include "ingest/importer.h"
#include "ingest/register_months.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";

class CareMeasures : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-care-measures-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "c.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    std::vector<ImportInput> in;
    for (const char* k : {"partners", "practices", "providers"})
      in.push_back(
          {(kFixtures / "small" / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    for (const char* k : {"persons", "care_plans", "care_plan_reviews"}) {
      in.push_back(
          {(kFixtures / "care_due" / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    }
    // Referrals in April 2018 (standards: urgent 2 hours, routine 24):
    //   S1 urgent, triaged after 1 h 59 min: within;
    //   S2 urgent, triaged after exactly 2 h: within (the standard's own minute is in);
    //   S3 urgent, triaged after 2 h 1 min: outside;
    //   S4 routine, triaged after exactly 24 h: within;
    //   S5 routine, 29 April 12:00, not triaged: waited 22 h by the latest
    //      moment the referrals know of (S6, 30 April 10:00): not yet known;
    //   S6 routine, not triaged, waited nothing yet: not yet known;
    //   S7 urgent, 30 April 06:00, not triaged: waited 4 h, over 2: outside.
    // Within 3 of 7 = 42.8571%, provisional with 2 not yet known.
    in.push_back({"spa_referrals.csv", *kind_from_name("spa_referrals"),
                  "referral_id,nhs_number,received,source,urgency,reason,triaged,outcome,"
                  "declined_reason,first_contact\n"
                  "S1,9990001006,2018-04-02T09:00,gp,urgent,Falls,2018-04-02T10:59,advice,,\n"
                  "S2,9990001014,2018-04-02T09:00,gp,urgent,Falls,2018-04-02T11:00,advice,,\n"
                  "S3,9990001022,2018-04-03T09:00,gp,urgent,Falls,2018-04-03T11:01,advice,,\n"
                  "S4,9990001030,2018-04-04T09:00,self,routine,Falls,2018-04-05T09:00,advice,,\n"
                  "S5,9990001049,2018-04-29T12:00,gp,routine,Falls,,,,\n"
                  "S6,9990001073,2018-04-30T10:00,gp,routine,Falls,,,,\n"
                  "S7,9990001081,2018-04-30T06:00,hospital,urgent,Falls,,,,\n"});
    ImportOptions o;
    o.care_plan_types = {{"general", 6}, {"end_of_life", 3}};
    auto r = import_batch(*store_, in, o);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed);

    // The registers, by hand. March 2018: C1 has 006 (D01, agreed:
    // covered), 049 (D05, closed on 1 March: not covered), 057 (D06, only
    // a draft: not covered) and 081 (D09, agreed; its review closes it on
    // 20 April, after the month: covered); C2 has 103 (D10, agreed only on
    // 2 June: not covered). April 2018: 006 has left the register (their
    // plan D01 is still in force); C1 has 049, 081 (closed by then) and
    // 014 (D02, agreed: covered); C2 nobody.
    auto save = [&](const char* month, std::vector<RegisterMember> members) {
      RegisterMonth m{*YearMonth::parse(month), 1, 5, std::move(members)};
      ASSERT_TRUE(save_register_month(*store_, m, "test").ok());
    };
    save("2018-03", {{"C1", 9990001006, 1},
                     {"C1", 9990001049, 2},
                     {"C1", 9990001057, 3},
                     {"C1", 9990001081, 4},
                     {"C2", 9990001103, 1}});
    save("2018-04", {{"C1", 9990001049, 1}, {"C1", 9990001081, 2}, {"C1", 9990001014, 3}});
    auto snap = build_snapshot(*store_);
    ASSERT_TRUE(snap.ok()) << snap.error();
    snap_ = std::move(*snap);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::vector<MetricRow> rows(const std::string& id, const std::string& period,
                              std::vector<DimId> by = {}) {
    const MetricConfig& cfg = builtin_metric_config();
    const MetricDef* m = cfg.find(id);
    EXPECT_NE(m, nullptr) << id;
    if (m == nullptr) return {};
    auto p = Period::parse(period);
    EXPECT_TRUE(p.ok()) << period;
    if (!p.ok()) return {};
    auto r = evaluate_metric(*snap_, cfg, *m, *p, EvaluateOptions{std::move(by), false, true});
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : std::vector<MetricRow>{};
  }
  static std::string cluster_of(const MetricRow& r) {
    return r.group.empty() || !r.group.front().value ? "" : *r.group.front().value;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Snapshot> snap_;
};

// March 2018: 006 and 081 are covered; 049's plan is closed and 057 has
// only a draft, so neither is; 103's plan is not yet agreed. 2 of 5.
TEST_F(CareMeasures, ACoverageOfTheRegisterWhereAClosedPlanIsNotCover) {
  auto r = rows("careplan_coverage", "2017/18:M12");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].numerator, 2);
  EXPECT_EQ(r[0].denominator, 5);
  EXPECT_NEAR(*r[0].value, 40.0, 1e-9);
  EXPECT_TRUE(r[0].complete);
  auto by = rows("careplan_coverage", "2017/18:M12", {DimId::kCluster});
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(cluster_of(by[0]), "C1");
  EXPECT_NEAR(*by[0].value, 50.0, 1e-9);  // 006, 081 of 006, 049, 057, 081
  EXPECT_EQ(cluster_of(by[1]), "C2");
  EXPECT_NEAR(*by[1].value, 0.0, 1e-9);  // 103's plan is agreed in June
}

// April 2018: 006 left the register and leaves the count, though their
// plan stays in force; 081's plan closed at its review on 20 April. Of
// 049, 081 and 014, only 014 is covered: 1 of 3.
TEST_F(CareMeasures, APersonWhoLeftTheRegisterKeepsTheirPlanButLeavesTheDenominator) {
  auto r = rows("careplan_coverage", "2018/19:M1");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].numerator, 1);
  EXPECT_EQ(r[0].denominator, 3);
  auto plans = read_care_plans(*store_, 9990001006, false);
  ASSERT_TRUE(plans.ok());
  ASSERT_EQ(plans->size(), 1u);
  EXPECT_EQ(plan_as_at(plans->front(), *Date::parse("2018-04-30")).state, PlanState::kAgreed);
  // Over both months: person-months with cover over person-months, 3 of 8.
  auto both = rows("careplan_coverage", "2018-03-01..2018-04-30");
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].numerator, 3);
  EXPECT_EQ(both[0].denominator, 8);
  // May has no saved register: no figure, and the month is said missing.
  auto may = rows("careplan_coverage", "2018/19:M2");
  ASSERT_EQ(may.size(), 1u);
  EXPECT_FALSE(may[0].complete);
  EXPECT_EQ(may[0].missing, (std::vector<std::string>{"2018-05 registers"}));
}

// Reviews falling due in May 2018: D02's on 31 May (done late, 5 June),
// D07's on 20 May (reviewed on 15 May: on time), D08's on 1 May (never
// reviewed: late), D09's on 1 May (its review on 20 April closed it: on
// time). D05 closed on 1 March, before its day, so it never fell due.
// 2 of 4. In June: D01's on 1 June (no review by 5 June: late); D03's (29
// June), D04's (30 June) and D07's next (10 June) are after 5 June, not
// yet known: 0 of 4, provisional with 3 unknown.
TEST_F(CareMeasures, ReviewsOnTimeCountEachReviewThatFellDue) {
  auto may = rows("careplan_reviews_on_time", "2018/19:M2");
  ASSERT_EQ(may.size(), 1u);
  EXPECT_EQ(may[0].numerator, 2);
  EXPECT_EQ(may[0].denominator, 4);
  EXPECT_FALSE(may[0].provisional);
  EXPECT_TRUE(may[0].complete);
  auto by = rows("careplan_reviews_on_time", "2018/19:M2", {DimId::kCluster});
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(cluster_of(by[0]), "C1");  // D02 late, D07 and D09 on time
  EXPECT_EQ(by[0].numerator, 2);
  EXPECT_EQ(by[0].denominator, 3);
  EXPECT_EQ(cluster_of(by[1]), "C2");  // D08 late
  EXPECT_EQ(by[1].numerator, 0);
  EXPECT_EQ(by[1].denominator, 1);
  auto june = rows("careplan_reviews_on_time", "2018/19:M3");
  ASSERT_EQ(june.size(), 1u);
  EXPECT_EQ(june[0].numerator, 0);
  EXPECT_EQ(june[0].denominator, 4);
  EXPECT_EQ(june[0].unknown, 3);
  EXPECT_TRUE(june[0].provisional);
}

TEST_F(CareMeasures, ReferralsAndTriageWithinTheirStandard) {
  auto n = rows("spa_referrals", "2018/19:M1");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(*n[0].value, 7);
  auto r = rows("spa_triaged_within_standard", "2018/19:M1");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].numerator, 3);
  EXPECT_EQ(r[0].denominator, 7);
  EXPECT_NEAR(*r[0].value, 300.0 / 7, 1e-9);
  EXPECT_EQ(r[0].unknown, 2);
  EXPECT_TRUE(r[0].provisional);
}

// The snapshot reads every plan a plan at a time and keeps only the days
// each is in force: the same plans as read whole, and the spans agree with
// plan_as_at on every day from before the first plan to after the last.
TEST_F(CareMeasures, PlansReadOneAtATimeAreThePlansReadWholeInForceOnTheSameDays) {
  auto whole = read_care_plans(*store_, std::nullopt, false);
  ASSERT_TRUE(whole.ok()) << whole.error();
  ASSERT_GE(whole->size(), 9u);
  size_t i = 0, days_in_force = 0;
  Status st = for_each_plan_with_reviews(*store_, [&](const CarePlan& p) {
    ASSERT_LT(i, whole->size());
    const CarePlan& w = (*whole)[i++];
    EXPECT_EQ(p.plan_id, w.plan_id);
    EXPECT_EQ(p.nhs_number, w.nhs_number);
    ASSERT_EQ(p.versions.size(), w.versions.size()) << p.plan_id;
    for (size_t v = 0; v < p.versions.size(); ++v) {
      EXPECT_EQ(p.versions[v].version, w.versions[v].version);
      EXPECT_EQ(p.versions[v].goals, w.versions[v].goals);
      EXPECT_EQ(p.versions[v].agreed_date, w.versions[v].agreed_date);
      EXPECT_EQ(p.versions[v].closed_date, w.versions[v].closed_date);
    }
    ASSERT_EQ(p.reviews.size(), w.reviews.size()) << p.plan_id;
    for (size_t r = 0; r < p.reviews.size(); ++r) {
      EXPECT_EQ(p.reviews[r].review_id, w.reviews[r].review_id);
      EXPECT_EQ(p.reviews[r].outcome, w.reviews[r].outcome);
      EXPECT_EQ(p.reviews[r].next_review_due, w.reviews[r].next_review_due);
    }
    const auto spans = in_force_spans(p);
    for (Date d = *Date::parse("2017-01-01"); d <= *Date::parse("2019-12-31");
         d = Date::from_days(d.days() + 1)) {
      const bool in_force = plan_in_force(plan_as_at(p, d).state);
      const bool in_span = std::any_of(spans.begin(), spans.end(), [&](const auto& s) {
        return s.first <= d.days() && d.days() < s.second;
      });
      EXPECT_EQ(in_span, in_force) << p.plan_id << " on " << d.iso();
      days_in_force += in_force ? 1 : 0;
    }
  });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(i, whole->size());
  EXPECT_GT(days_in_force, 0u) << "some plan is in force on some day";
}

// The review dates of one plan, walked by hand (engine/care_plan_state.h).
TEST(ReviewDues, AReviewMeetsTheDateANewVersionReplacesItAndClosingEndsIt) {
  CarePlan p;
  p.plan_id = "P";
  CarePlanRecord v1;
  v1.version = 1, v1.status = "agreed", v1.agreed_date = "2018-01-01", v1.review_due = "2018-06-01";
  CarePlanRecord v2 = v1;
  v2.version = 2, v2.agreed_date = "2018-08-01", v2.review_due = "2019-01-01";
  p.versions = {v1, v2};
  // Reviewed late on 10 June (next due 1 September); version 2 agreed on 1
  // August replaces 1 September with its own 1 January, which passes with
  // nothing by 1 March: late.
  p.reviews = {{"R1", "P", "2018-06-10", "A", "changed", "2018-09-01"}};
  auto d = review_dues(p, *Date::parse("2019-03-01"));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].due.iso(), "2018-06-01");
  EXPECT_EQ(d[0].timeliness, ReviewTimeliness::kLate);
  EXPECT_EQ(d[1].due.iso(), "2019-01-01");
  EXPECT_EQ(d[1].timeliness, ReviewTimeliness::kLate);
  // Known only to 1 December, 1 January is not yet known.
  d = review_dues(p, *Date::parse("2018-12-01"));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].timeliness, ReviewTimeliness::kNotYetKnown);
  // A review on the day itself is on time; closing at it ends the plan.
  p.versions = {v1};
  p.reviews = {{"R1", "P", "2018-06-01", "A", "closed", std::nullopt}};
  d = review_dues(p, *Date::parse("2019-03-01"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].timeliness, ReviewTimeliness::kOnTime);
  // A draft never falls due.
  CarePlanRecord draft;
  draft.status = "draft";
  p.versions = {draft};
  p.reviews.clear();
  EXPECT_TRUE(review_dues(p, *Date::parse("2019-03-01")).empty());
}

// The response standards are read with the rules a changed file must keep.
TEST(SpaStandards, RefusedWithTheRuleBroken) {
  const std::string metric =
      "[[metric]]\nid = \"r\"\nunit = \"count\"\nbetter = \"higher\"\nkind = \"count\"\n"
      "source = \"spa_referrals\"\n";
  const std::string urgent =
      "[[spa_standard]]\nurgency = \"urgent\"\ntriage_hours = 2\nfirst_contact_hours = 24\n";
  const std::string routine =
      "[[spa_standard]]\nurgency = \"routine\"\ntriage_hours = 24\nfirst_contact_hours = 168\n";
  auto ok = parse_metric_config(urgent + routine + metric, "m.toml");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->metrics[0].triage_hours, (std::array<int, 2>{2, 24}));
  auto r = parse_metric_config(urgent + metric, "m.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "m.toml: metric r: referrals need a [[spa_standard]] for urgent and for routine");
  r = parse_metric_config(urgent + urgent + routine + metric, "m.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "m.toml: spa_standard urgent is given twice");
  r = parse_metric_config(
      "[[spa_standard]]\nurgency = \"soon\"\ntriage_hours = 2\nfirst_contact_hours = 24\n" + metric,
      "m.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "m.toml: spa_standard urgency 'soon': must be urgent or routine");
  r = parse_metric_config(
      "[[spa_standard]]\nurgency = \"urgent\"\ntriage_hours = 0\nfirst_contact_hours = 24\n" +
          routine + metric,
      "m.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "m.toml: spa_standard urgent: triage_hours and first_contact_hours must be 1 to 672");
  // A proportion names only its source's outcomes.
  r = parse_metric_config(urgent + routine +
                              "[[metric]]\nid = \"c\"\nunit = \"percent\"\nbetter = \"higher\"\n"
                              "kind = \"proportion\"\nsource = \"registers\"\n"
                              "numerator_outcomes = [\"at_home\"]\n",
                          "m.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "m.toml: metric c: 'at_home' is not an outcome of source registers");
}

}  // namespace
}  // namespace bc
