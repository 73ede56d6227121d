// The steps of an evaluation one at a time (engine/evaluate_parts.h), and
// the one binder every caller goes through (engine/metric_query.h), on a
// snapshot small enough to count by hand.
#include <gtest/gtest.h>

#include "engine/evaluate.h"
#include "engine/evaluate_parts.h"
#include "engine/metric_json.h"
#include "engine/metric_query.h"

namespace bc {
namespace {

using engine::Exact;

int32_t day(int y, int m, int d) {
  return Date::from_ymd(y, m, d)->days();
}

// Clusters C1 (practice P1) and C2 (practice P2); provider R1; spells,
// A&E, care home admissions and reablement in April and May 2017; every
// source loaded from April 2016 to March 2018.
std::unique_ptr<Snapshot> tiny_snapshot() {
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
  // One registered person, whose events these are (person 0).
  s->persons.nhs = {9434765919};
  s->persons.born = {day(1937, 1, 1)};
  s->persons.registered = {day(2000, 1, 1)};
  s->persons.died = {kNoDate};
  s->persons.practice = {0};
  s->persons.sex = {'F'};
  // Spells: emergency (21) at P1 x3 in April, P2 x2 in May, one unlinked in
  // May, and one elective (11) at P1 in April.
  struct Spell {
    int32_t admitted;
    int16_t practice;
    uint8_t method;
  };
  const std::vector<Spell> spells = {
      {day(2017, 4, 3), 0, 1},  {day(2017, 4, 5), 0, 1}, {day(2017, 4, 9), 0, 0},
      {day(2017, 4, 20), 0, 1}, {day(2017, 5, 2), 1, 1}, {day(2017, 5, 7), -1, 1},
      {day(2017, 5, 30), 1, 1},
  };
  for (const Spell& sp : spells) {
    s->spells.admitted.push_back(sp.admitted);
    s->spells.discharged.push_back(sp.admitted + 2);
    s->spells.person.push_back(sp.practice < 0 ? -1 : 0);
    s->spells.practice.push_back(sp.practice);
    s->spells.age.push_back(80);
    s->spells.method.push_back(sp.method);
    s->spells.provider.push_back(0);
    s->spells.primary.push_back(0);
    s->spells.secondary.push_back(0);
    s->spells.cost_pence.push_back(150'00);
    s->spells.rkey.push_back(7);
  }
  // A&E: type 1 at P1 twice, type 3 at P2 once, in April.
  for (auto [d, practice, dept] :
       {std::tuple{day(2017, 4, 1), 0, 1}, std::tuple{day(2017, 4, 2), 0, 1},
        std::tuple{day(2017, 4, 3), 1, 3}}) {
    s->ae.arrived.push_back(d);
    s->ae.person.push_back(0);
    s->ae.practice.push_back(static_cast<int16_t>(practice));
    s->ae.age.push_back(40);
    s->ae.department.push_back(static_cast<uint8_t>(dept));
    s->ae.provider.push_back(0);
    s->ae.rkey.push_back(1);
  }
  // Care homes: council permanent at P1, self-funded at P2, in May.
  for (auto [practice, funder] : {std::pair{0, 0}, std::pair{1, 2}}) {
    s->care_homes.admitted.push_back(day(2017, 5, 10));
    s->care_homes.person.push_back(0);
    s->care_homes.practice.push_back(static_cast<int16_t>(practice));
    s->care_homes.age.push_back(85);
    s->care_homes.permanent.push_back(1);
    s->care_homes.nursing.push_back(0);
    s->care_homes.funder.push_back(static_cast<uint8_t>(funder));
    s->care_homes.rkey.push_back(3);
  }
  // Reablement: at home, not at home, unknown, at P1 in April.
  for (uint8_t outcome : {0, 1, 3}) {
    s->reablement.discharged.push_back(day(2017, 4, 15));
    s->reablement.person.push_back(0);
    s->reablement.practice.push_back(0);
    s->reablement.age.push_back(70);
    s->reablement.outcome.push_back(outcome);
    s->reablement.rkey.push_back(5);
  }
  for (auto& months : s->loaded_months) {
    for (int32_t m = YearMonth::from_parts(2016, 4)->index();
         m <= YearMonth::from_parts(2018, 3)->index(); ++m)
      months.push_back(m);
  }
  return s;
}

const char* const kConfig = R"(
[[metric]]
id = "emergency"
unit = "count"
better = "lower"
source = "spells"
filter = { admission_methods = ["21"] }
breakdowns = ["month", "quarter", "cluster", "practice", "provider", "sex"]

[[metric]]
id = "type1"
unit = "count"
better = "lower"
source = "ae_attendances"
filter = { department_types = ["01"] }
breakdowns = ["month", "cluster"]

[[metric]]
id = "council_homes"
unit = "count"
better = "lower"
source = "care_home_admissions"
filter = { funders = ["council"], permanent = true }
breakdowns = ["month", "funder"]

[[metric]]
id = "at_home"
unit = "percent"
better = "higher"
kind = "proportion"
source = "reablement"
numerator_outcomes = ["at_home"]
breakdowns = ["month"]
)";

class EvaluateParts : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cfg = parse_metric_config(kConfig, "test.toml");
    ASSERT_TRUE(cfg.ok()) << cfg.error();
    cfg_ = std::move(*cfg);
    snap_ = tiny_snapshot();
  }
  const MetricDef& metric(const char* id) { return *cfg_.find(id); }
  std::vector<Exact> rows(const char* id, const char* period, std::vector<DimId> by) {
    auto r = engine::compute_rows(*snap_, metric(id), *Period::parse(period), by, nullptr);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? std::move(*r) : std::vector<Exact>{};
  }
  MetricConfig cfg_;
  std::unique_ptr<Snapshot> snap_;
};

// Each source's scan counts its events, under the metric's filter, in the
// cell of their values; unlinked events count in the whole and in a null
// group of their own.
TEST_F(EvaluateParts, EachScanCountsItsFilteredEventsInTheirCells) {
  auto total = rows("emergency", "2017/18", {});
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(total[0].row.value, 6);  // the elective spell is filtered out

  auto by_cluster = rows("emergency", "2017/18", {DimId::kCluster});
  ASSERT_EQ(by_cluster.size(), 3u);
  EXPECT_EQ(by_cluster[0].row.group[0].value, "C1");
  EXPECT_EQ(by_cluster[0].row.value, 3);
  EXPECT_EQ(by_cluster[1].row.value, 2);
  EXPECT_FALSE(by_cluster[2].row.group[0].value.has_value());  // unlinked
  EXPECT_EQ(by_cluster[2].row.value, 1);

  auto by_month = rows("emergency", "2017/18:Q1", {DimId::kMonth});
  ASSERT_EQ(by_month.size(), 3u);
  EXPECT_EQ(by_month[0].row.value, 3);
  EXPECT_EQ(by_month[1].row.value, 3);
  EXPECT_EQ(by_month[2].row.value, 0);

  EXPECT_EQ(rows("type1", "2017/18", {})[0].row.value, 2);
  EXPECT_EQ(rows("council_homes", "2017/18", {})[0].row.value, 1);
  auto reablement = rows("at_home", "2017/18:M1", {});
  ASSERT_EQ(reablement.size(), 1u);
  EXPECT_EQ(reablement[0].row.numerator, 1);
  EXPECT_EQ(reablement[0].row.denominator, 3);
  EXPECT_EQ(reablement[0].row.unknown, 1);
  EXPECT_TRUE(reablement[0].row.provisional);
}

// A practice belongs to one cluster: no rows for it under another.
TEST_F(EvaluateParts, APracticeAppearsOnlyUnderItsOwnCluster) {
  auto r = rows("emergency", "2017/18", {DimId::kCluster, DimId::kPractice});
  for (const Exact& x : r) {
    const auto& c = x.row.group[0].value;
    const auto& p = x.row.group[1].value;
    if (c && p) {
      EXPECT_TRUE((*c == "C1") == (*p == "P1")) << *c << " " << *p;
    }
  }
}

TEST_F(EvaluateParts, AMonthNotLoadedMakesTheRowIncomplete) {
  snap_->loaded_months[static_cast<size_t>(DataSource::kSpells)].pop_back();  // 2018-03
  auto r = rows("emergency", "2017/18", {});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].row.complete);
  EXPECT_EQ(r[0].row.missing, std::vector<std::string>{"2018-03 spells"});
}

// The finishing step: the plan, the variance signed so that positive is
// worse, and the RAG of the config's rule.
TEST_F(EvaluateParts, PlansGiveVarianceAndRag) {
  const int32_t april = YearMonth::from_parts(2017, 4)->index();
  snap_->plans["emergency"] = {{april, 2.0}};
  auto r = rows("emergency", "2017/18:M1", {});
  engine::attach_plans(*snap_, cfg_, metric("emergency"), *Period::parse("2017/18:M1"), r);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].row.plan, 2.0);
  EXPECT_DOUBLE_EQ(*r[0].row.variance_pct, 50.0);  // 3 against 2: 50% worse
  EXPECT_EQ(r[0].row.rag, Rag::kRed);

  // A month without a plan: no plan at all, never a partial one.
  auto q = rows("emergency", "2017/18:Q1", {});
  engine::attach_plans(*snap_, cfg_, metric("emergency"), *Period::parse("2017/18:Q1"), q);
  EXPECT_FALSE(q[0].row.plan.has_value());
  EXPECT_FALSE(q[0].row.rag.has_value());
}

TEST_F(EvaluateParts, LastYearIsMatchedByTimeShiftedKeyAndCompared) {
  MetricRow a;
  a.group = {GroupValue{DimId::kMonth, "2016-04"}, GroupValue{DimId::kCluster, "C1"}};
  MetricRow b;
  b.group = {GroupValue{DimId::kMonth, "2017-04"}, GroupValue{DimId::kCluster, "C1"}};
  EXPECT_EQ(engine::time_shifted_key(a, 1), engine::time_shifted_key(b, 0));
  MetricRow q;
  q.group = {GroupValue{DimId::kQuarter, "2016/17:Q2"}};
  EXPECT_EQ(engine::time_shifted_key(q, 1), "quarter=2017/18:Q2\x02");

  std::vector<Exact> now(1), before(1);
  now[0].row = b;
  now[0].row.value = 90;
  before[0].row = a;
  before[0].row.value = 100;
  engine::attach_previous(cfg_, metric("emergency"), now, before);
  EXPECT_EQ(now[0].row.previous_value, 100);
  EXPECT_DOUBLE_EQ(*now[0].row.change_pct, -10.0);
  EXPECT_EQ(now[0].row.comparison, Comparison::kBetter);  // lower is better

  before[0].row.complete = false;  // last year's months not loaded: no comparison
  now[0].row.previous_value.reset();
  now[0].row.comparison.reset();
  engine::attach_previous(cfg_, metric("emergency"), now, before);
  EXPECT_FALSE(now[0].row.previous_value.has_value());
  EXPECT_FALSE(now[0].row.comparison.has_value());
}

TEST_F(EvaluateParts, SuppressionHidesSmallCountsAndRoundsTheRest) {
  std::vector<Exact> r(2);
  r[0].row.value = 5;
  r[0].row.numerator = 5;
  r[0].counts = r[0].shown = {5};
  r[1].row.value = 12;
  r[1].row.numerator = 12;
  r[1].counts = r[1].shown = {12};
  engine::suppress_rows(cfg_, metric("emergency"), r, {});
  EXPECT_TRUE(r[0].row.suppressed);
  EXPECT_FALSE(r[0].row.value.has_value());
  EXPECT_FALSE(r[1].row.suppressed);
  EXPECT_EQ(r[1].row.value, 10);  // to the nearest 5
}

// The binder: every check once, with the messages the CLI, the API and the
// pages show.
TEST_F(EvaluateParts, TheBinderChecksEveryPartOfARequestOnce) {
  auto bind = [&](MetricRequest r) { return MetricQuery::bind(cfg_, *snap_, r); };
  const Period year = *Period::parse("2017/18");
  auto ok = bind({{"emergency"}, {"cluster", "month"}, {}, year});
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->by_names(), (std::vector<std::string>{"cluster", "month"}));

  auto unknown = bind({{"happiness"}, {}, {}, year});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.error(),
            "unknown metric 'happiness'; the metrics are emergency, type1, council_homes, at_home");
  EXPECT_EQ(bind({{"type1"}, {"provider"}, {}, year}).error(),
            "type1 cannot be broken down by provider (it allows: month, cluster)");
  EXPECT_EQ(bind({{"type1"}, {"shoe_size"}, {}, year}).error(),
            "type1 cannot be broken down by shoe_size (it allows: month, cluster)");
  EXPECT_EQ(bind({{"emergency"}, {"month", "month"}, {}, year}).error(),
            "breakdown 'month' named twice");
  EXPECT_EQ(bind({{"emergency"}, {"month", "quarter", "practice", "provider"}, "C1", year}).error(),
            "at most 4 breakdowns at once (a cluster restriction counts as one)");
  auto no_cluster = bind({{"emergency"}, {}, "C9", year});
  EXPECT_EQ(no_cluster.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(no_cluster.error(), "there is no cluster 'C9'");
  EXPECT_EQ(bind({{"council_homes"}, {}, "C1", year}).error(),
            "council_homes cannot be restricted to a cluster (it is not about registered people)");
  EXPECT_FALSE(bind({{"emergency"}, {}, {}, *Period::parse("2017-04-03..2017-04-09"), true}).ok())
      << "suppressed figures are for whole periods only";
}

// A cluster's rows are the whole area's broken down by cluster, kept for
// that cluster.
TEST_F(EvaluateParts, AClusterRestrictionKeepsThatClustersRows) {
  auto q = MetricQuery::bind(cfg_, *snap_,
                             {{"emergency"}, {"month"}, "C2", *Period::parse("2017/18:Q1")});
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(q->options().by, (std::vector<DimId>{DimId::kCluster, DimId::kMonth}));
  auto r = q->run(*snap_);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->size(), 3u);
  for (const MetricRow& row : *r) EXPECT_EQ(row.on(DimId::kCluster)->value, "C2");
  EXPECT_EQ((*r)[1].value, 2);  // May
}

// A breakdown by sex looks up each event's person's sex (only then: the
// scans skip the look-up otherwise); an unlinked event's is not known.
TEST_F(EvaluateParts, ABreakdownBySexTakesEachPersonsSex) {
  auto by_sex = rows("emergency", "2017/18", {DimId::kSex});
  double female = -1, unknown = -1;
  for (const Exact& x : by_sex) {
    if (x.row.group[0].value == "F") female = x.row.value.value_or(-2);
    if (!x.row.group[0].value) unknown = x.row.value.value_or(-2);
  }
  EXPECT_EQ(female, 5);   // person 0's emergency spells
  EXPECT_EQ(unknown, 1);  // the unlinked one
}

// Every metric evaluated on several threads: the same rows in the same
// order as on one.
TEST_F(EvaluateParts, ManyThreadsGiveTheSameRowsInTheSameOrder) {
  auto q = MetricQuery::bind(cfg_, *snap_, {{}, {"month"}, {}, *Period::parse("2017/18")});
  ASSERT_TRUE(q.ok()) << q.error();
  ASSERT_EQ(q->metrics().size(), 4u);
  auto as_json = [&](unsigned threads) {
    auto r = q->run(*snap_, threads);
    EXPECT_TRUE(r.ok()) << r.error();
    nlohmann::json out = nlohmann::json::array();
    if (r.ok()) {
      for (const MetricRow& row : *r) out.push_back(metric_row_json(row));
    }
    return out.dump();
  };
  const std::string one = as_json(1);
  EXPECT_EQ(one.find("\"metric\":\"emergency\""), one.find("\"metric\""));  // in order
  EXPECT_EQ(as_json(2), one);
  EXPECT_EQ(as_json(16), one);
}

}  // namespace
}  // namespace bc
