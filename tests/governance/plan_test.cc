// The commissioning plan: its kinds imported (ingest/kinds_plan.cc, the
// seed's 40 workstreams among them), each malformed row refused with its
// reason and nothing kept, and the RAG rule of governance/plan.h, record
// by record and for a whole plan with a metric reader standing in for the
// engine.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "governance/plan.h"
#include "ingest/importer.h"
#include "ingest/plan_records.h"

namespace bc {
namespace {

namespace fs = std::filesystem;
using namespace governance;  // NOLINT: the module under test

const fs::path kPlanFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";
const fs::path kSeedPlan = fs::path(BC_SOURCE_DIR) / "config" / "seed" / "plan";

Date plan_day(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

class PlanImport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-plan-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "p.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    auto r = import_batch(
        *store_, {{(kPlanFixtures / "small" / "partners.csv").string(), FileKind::kPartners}}, {});
    ASSERT_TRUE(r.ok() && r->committed);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  ImportReport import_files(const std::vector<ImportInput>& inputs) {
    auto r = import_batch(*store_, inputs, ImportOptions{});
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }
  // Imports in-memory files as one batch: {kind name, CSV text}.
  ImportReport import(std::vector<std::pair<std::string, std::string>> files) {
    std::vector<ImportInput> inputs;
    for (auto& [kind, text] : files) inputs.push_back({kind + ".csv", *kind_from_name(kind), text});
    return import_files(inputs);
  }
  ImportReport import_seed_plan() {
    std::vector<ImportInput> inputs;
    for (const char* k : {"workstreams", "milestones", "key_measures"}) {
      inputs.push_back({(kSeedPlan / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    }
    return import_files(inputs);
  }
  static std::string problems(const ImportReport& r) {
    std::string out;
    for (const auto& p : r.errors) out += p.to_string() + "\n";
    return out;
  }
  int64_t count(const std::string& table) {
    return store_->db().query_int("SELECT count(*) FROM " + table)->value_or(-1);
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(PlanImport, TheSeedsFortyWorkstreamsLoadWithTheirMilestonesAndMeasures) {
  const ImportReport r = import_seed_plan();
  ASSERT_TRUE(r.committed) << problems(r);
  auto ws = read_workstreams(*store_);
  ASSERT_TRUE(ws.ok()) << ws.error();
  ASSERT_EQ(ws->size(), 40u);
  EXPECT_EQ(ws->front().workstream_id, "ICP-01");
  EXPECT_EQ(ws->front().number, 1);
  EXPECT_EQ(ws->front().partners, (std::vector<std::string>{"CCG", "SCC"}));
  EXPECT_EQ(ws->front().priority, "integration");
  // Ordered by number: 21 (Carers) sits between 20 and 22.
  EXPECT_EQ((*ws)[20].number, 21);
  EXPECT_EQ((*ws)[20].title, "Carers");
  EXPECT_EQ(ws->back().number, 40);
  EXPECT_EQ(count("plan_milestones"), 315);
  auto measures = read_key_measures(*store_);
  ASSERT_TRUE(measures.ok());
  ASSERT_EQ(measures->size(), 48u);
  int plan_wide = 0, tracked = 0;
  for (const KeyMeasureRecord& m : *measures) {
    plan_wide += m.workstream_id ? 0 : 1;
    tracked += m.metric ? 1 : 0;
  }
  EXPECT_EQ(plan_wide, 21);
  // The DTOC rate (for the plan and for workstream 1), NEL admissions,
  // permanent admissions and falls.
  EXPECT_EQ(tracked, 5);
  // Months given as due dates mean their last day.
  auto milestones = read_milestones(*store_);
  ASSERT_TRUE(milestones.ok());
  EXPECT_EQ(milestones->front().milestone_id, "ICP-01-M01");
  EXPECT_EQ(milestones->front().due, "2018-06-30");
  EXPECT_EQ(milestones->front().start_month, "2018-04");
}

TEST_F(PlanImport, EachMalformedRowIsRefusedWithItsReason) {
  ASSERT_TRUE(import_seed_plan().committed);
  struct Case {
    std::string kind, row, expected;
  };
  const std::string ws = "workstream_id,number,title,priority,lead,partners,description,outcomes\n";
  const std::string ms = "milestone_id,workstream_id,title,start,due,status,completed_date\n";
  const std::string km = "measure_id,workstream_id,title,target,unit,direction,metric\n";
  const std::string mv = "measure_id,month,value\n";
  const std::string sv = "workstream_id,line,partner_code,financial_year,month,planned,delivered\n";
  const std::vector<Case> cases = {
      {"workstreams", ws + "ICP-99,99,New,integration,,CCG;NHSE,,\n",
       "workstreams.csv:2: partners: CCG;NHSE: 'NHSE' is not a partner (partner codes separated "
       "by ';', each in partners.csv, in the store or in this batch)"},
      {"workstreams", ws + "ICP-99,99,New,integration,,CCG;;SCC,,\n",
       "workstreams.csv:2: partners: CCG;;SCC: '' is not a partner"},
      {"workstreams", ws + "ICP-99,1000,New,integration,,,,\n", "workstreams.csv:2: number: 1000:"},
      {"milestones", ms + "M1,ICP-99,Thing,2018-04,2018-06,not_started,\n",
       "milestones.csv:2: workstream_id: ICP-99: no such workstream"},
      {"milestones", ms + "M1,ICP-01,Thing,2018-07,2018-06,not_started,\n",
       "milestones.csv:2: start: 2018-07: after the milestone is due (2018-06-30)"},
      {"milestones", ms + "M1,ICP-01,Thing,2018-04,June 2018,not_started,\n",
       "milestones.csv:2: due: June 2018: a due date is a date (YYYY-MM-DD) or a month (YYYY-MM)"},
      {"milestones", ms + "M1,ICP-01,Thing,2018-04,2018-06,complete,\n",
       "milestones.csv:2: completed_date: (empty): required when the milestone is complete"},
      {"milestones", ms + "M1,ICP-01,Thing,2018-04,2018-06,on_track,2018-06-01\n",
       "milestones.csv:2: completed_date: 2018-06-01: only a complete milestone has a completion "
       "date"},
      {"milestones", ms + "M1,ICP-01,Thing,2018-04,2018-06,done,\n",
       "milestones.csv:2: status: done: must be not_started, on_track, at_risk, late or complete"},
      {"key_measures", km + "K1,,Beds,10,count,lower,no_such_metric\n",
       "key_measures.csv:2: metric: no_such_metric: not a metric of config/metrics.toml"},
      {"key_measures", km + "K1,,DTOC,3.5,count,lower,dtoc_rate\n",
       "key_measures.csv:2: unit: count: the metric dtoc_rate is in percent: a measure tracked "
       "from it is too"},
      {"key_measures", km + "K1,,Share,120,percent,higher,\n",
       "key_measures.csv:2: target: 120: a percentage's target is at most 100"},
      {"key_measures", km + "K1,,Beds,-3,count,lower,\n",
       "key_measures.csv:2: target: -3: a target is not negative"},
      {"key_measures", km + "K1,,Beds,3,beds,lower,\n",
       "key_measures.csv:2: unit: beds: must be percent, count, per_100k or days"},
      {"measure_values", mv + "ICP-K01,2018-06,3.9\n",
       "measure_values.csv:2: measure_id: ICP-K01: tracked from a metric of config/metrics.toml, "
       "so it takes no values by hand"},
      {"measure_values", mv + "ICP-K04,2018-06,101\n",
       "measure_values.csv:2: value: 101: a percentage is at most 100"},
      {"measure_values", mv + "ICP-K99,2018-06,3\n",
       "measure_values.csv:2: measure_id: ICP-K99: no such key measure"},
      {"measure_values", mv + "ICP-K04,2018-06,-1\n",
       "measure_values.csv:2: value: -1: a measure's value is not negative"},
      {"savings", sv + "ICP-01,Beds,CCG,2018/19,13,100,\n",
       "savings.csv:2: month: 13: the month must be 1 to 12 (1 = April), or M1 to M12"},
      {"savings", sv + "ICP-01,Beds,CCG,2018/19,1,-100,\n",
       "savings.csv:2: planned: -100: a saving is not negative: write the amount saved"},
      {"savings", sv + "ICP-01,Beds,NHSE,2018/19,1,100,\n",
       "savings.csv:2: partner_code: NHSE: no such partner"},
      {"savings", sv + "ICP-01,Beds,CCG,2018/19,M1,100,\n" + "ICP-01,Beds,CCG,2018/19,1,50,\n",
       "savings.csv:3: "},
  };
  for (const Case& c : cases) {
    const std::string table(spec_of(*kind_from_name(c.kind)).table);
    const int64_t before = count(table);
    const ImportReport r = import({{c.kind, c.row}});
    EXPECT_FALSE(r.committed) << c.row;
    ASSERT_GE(r.errors.size(), 1u) << c.row;
    EXPECT_EQ(r.errors[0].to_string().substr(0, c.expected.size()), c.expected) << c.row;
    EXPECT_EQ(count(table), before) << c.row;
  }
}

TEST(PlanRules, AMilestoneIsRedOverdueAmberAtRiskOrLateToStartGreenOnTrack) {
  MilestoneRecord m{"M1", "W1", "Thing", "2018-05", "2018-06-30", "on_track", std::nullopt};
  const Date july = plan_day(2018, 7, 1);
  EXPECT_EQ(judge_milestone(m, plan_day(2018, 6, 30)).rag, PlanRag::kGreen);  // due today
  MilestoneStatus s = judge_milestone(m, july);
  EXPECT_TRUE(s.overdue);
  EXPECT_EQ(s.rag, PlanRag::kRed);
  EXPECT_EQ(s.reason, "overdue: due 2018-06-30, on_track");
  m.status = "complete";
  m.completed_date = "2018-07-02";
  s = judge_milestone(m, july);
  EXPECT_FALSE(s.overdue);
  EXPECT_EQ(s.rag, PlanRag::kGreen);
  m.completed_date.reset();
  m.status = "at_risk";
  EXPECT_EQ(judge_milestone(m, plan_day(2018, 6, 1)).rag, PlanRag::kAmber);
  m.status = "late";
  EXPECT_EQ(judge_milestone(m, plan_day(2018, 6, 1)).rag, PlanRag::kRed);
  // Not started: Amber once its start month has passed, else not assessed.
  m.status = "not_started";
  EXPECT_EQ(judge_milestone(m, plan_day(2018, 5, 20)).rag, PlanRag::kNotAssessed);
  s = judge_milestone(m, plan_day(2018, 6, 1));
  EXPECT_EQ(s.rag, PlanRag::kAmber);
  EXPECT_EQ(s.reason, "not started; due to start 2018-05");
}

TEST(PlanRules, AValueAgainstItsTargetTakesTheMetricConfigsBands) {
  const RagBands bands;  // Green at most 0%, Amber below 10%, else Red
  std::optional<double> v;
  EXPECT_EQ(judge_value(3.5, 3.5, true, bands, &v), PlanRag::kGreen);
  EXPECT_DOUBLE_EQ(*v, 0);
  EXPECT_EQ(judge_value(3.8, 3.5, true, bands, &v), PlanRag::kAmber);  // 8.6% worse
  EXPECT_EQ(judge_value(3.85, 3.5, true, bands, &v), PlanRag::kRed);   // 10% worse
  EXPECT_NEAR(*v, 10.0, 1e-9);
  EXPECT_EQ(judge_value(70, 75, false, bands, &v), PlanRag::kAmber);  // 6.7% short
  EXPECT_NEAR(*v, 6.667, 1e-3);
  EXPECT_EQ(judge_value(80, 75, false, bands, &v), PlanRag::kGreen);
  // Zero cases of MRSA: only zero meets it.
  EXPECT_EQ(judge_value(0, 0, true, bands, &v), PlanRag::kGreen);
  EXPECT_FALSE(v.has_value());
  EXPECT_EQ(judge_value(1, 0, true, bands, &v), PlanRag::kRed);
  EXPECT_EQ(judge_value(1, 0, false, bands, &v), PlanRag::kGreen);
  // Other bands from the config.
  EXPECT_EQ(judge_value(3.6, 3.5, true, RagBands{5.0, 20.0}, &v), PlanRag::kGreen);
}

TEST(PlanRules, SavingsAreDeliveredAgainstPlannedToDateInTheYear) {
  const FinancialYear fy = *FinancialYear::parse("2018/19");
  std::vector<SavingsRecord> lines;
  for (int m = 1; m <= 12; ++m) {
    lines.push_back({"W1", "Beds", "CCG", "2018/19", m, 10'000'00,
                     m <= 3 ? std::optional<int64_t>(8'000'00) : std::nullopt});
  }
  lines.push_back({"W1", "Beds", "CCG", "2017/18", 12, 99'000'00, 0});  // another year
  SavingsStatus s = judge_savings(lines, fy, 4, RagBands{});
  EXPECT_EQ(s.lines, 1);
  EXPECT_EQ(s.planned_year_pence, 120'000'00);
  EXPECT_EQ(s.planned_pence, 40'000'00);
  EXPECT_EQ(s.delivered_pence, 24'000'00);  // month 4 not reported: nothing delivered
  EXPECT_DOUBLE_EQ(*s.variance_pct, 40.0);
  EXPECT_EQ(s.rag, PlanRag::kRed);
  s = judge_savings(lines, fy, 3, RagBands{});
  EXPECT_EQ(s.rag, PlanRag::kRed);  // 24k of 30k: 20% short
  EXPECT_EQ(judge_savings({}, fy, 3, RagBands{}).rag, PlanRag::kNotAssessed);
  EXPECT_EQ(worst(PlanRag::kAmber, PlanRag::kNotAssessed), PlanRag::kAmber);
  EXPECT_EQ(worst(PlanRag::kGreen, PlanRag::kRed), PlanRag::kRed);
}

TEST_F(PlanImport, AWorkstreamIsTheWorstOfItsMilestonesMeasuresAndSavings) {
  const ImportReport r = import({
      {"workstreams",
       "workstream_id,number,title,priority,lead,partners,description,outcomes\n"
       "W1,1,Discharge,integration,A Lead,CCG; SCC,,\n"
       "W2,2,Care homes,integration,,,,\n"
       "W3,3,Carers,prevention,,,,\n"},
      {"milestones",
       "milestone_id,workstream_id,title,start,due,status,completed_date\n"
       "W1-M1,W1,Pilot,2018-04,2018-06,complete,2018-06-20\n"
       "W1-M2,W1,Roll out,2018-07,2019-03,on_track,\n"
       "W2-M1,W2,Assess,2018-04,2018-08,on_track,\n"},
      {"key_measures",
       "measure_id,workstream_id,title,target,unit,direction,metric\n"
       "K-NEL,,Emergency admissions,1200,count,lower,nel_admissions\n"
       "K-DTOC,,DTOC rate,3.5,percent,lower,dtoc_rate\n"
       "W1-K1,W1,Out of hospital assessments,85,percent,higher,\n"
       "W2-K1,W2,Residents assessed,100,percent,higher,\n"},
      {"measure_values",
       "measure_id,month,value\n"
       "W1-K1,2018-08,84\n"
       "W1-K1,2018-09,86\n"
       "W1-K1,2018-10,40\n"},  // after the month judged: not used
      {"savings",
       "workstream_id,line,partner_code,financial_year,month,planned,delivered\n"
       "W1,Bed days,CCG,2018/19,1,1000,1000\n"
       "W1,Bed days,CCG,2018/19,M6,1000,900\n"},
  });
  ASSERT_TRUE(r.committed) << problems(r);
  std::vector<std::string> asked;
  MetricReader reader = [&asked](const std::string& metric, FinancialYear fy, int month) {
    asked.push_back(metric + " " + fy.label() + " M" + std::to_string(month));
    if (metric == "nel_admissions") return MetricReading{650.0, ""};
    return MetricReading{std::nullopt, "incomplete: 2018-09 delayed_days not loaded"};
  };
  auto p = plan_status(*store_, plan_day(2018, 10, 15), reader, RagBands{});
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p->month.iso(), "2018-09");
  EXPECT_EQ(p->financial_month, 6);
  EXPECT_EQ(asked, (std::vector<std::string>{"dtoc_rate 2018/19 M6", "nel_admissions 2018/19 M6"}));
  ASSERT_EQ(p->workstreams.size(), 3u);

  // W1: the milestone on track, the measure's latest value to September
  // (86 against 85, Green), and savings 1,900 of 2,000 (5% short: Amber).
  const WorkstreamStatus& w1 = p->workstreams[0];
  EXPECT_EQ(w1.workstream.partners, (std::vector<std::string>{"CCG", "SCC"}));
  ASSERT_EQ(w1.measures.size(), 1u);
  EXPECT_EQ(w1.measures[0].source, "reported");
  EXPECT_EQ(w1.measures[0].period, "2018-09");
  EXPECT_EQ(w1.measures[0].value, 86.0);
  EXPECT_EQ(w1.measures[0].rag, PlanRag::kGreen);
  EXPECT_EQ(w1.savings.planned_pence, 2000'00);
  EXPECT_EQ(w1.savings.delivered_pence, 1900'00);
  EXPECT_EQ(w1.complete, 1);
  EXPECT_EQ(w1.rag, PlanRag::kAmber);
  EXPECT_EQ(w1.reasons,
            (std::vector<std::string>{"savings Amber: £1,900.00 delivered of £2,000.00 planned to "
                                      "date"}));
  // W2: its milestone overdue (Red) outranks a measure with no value.
  const WorkstreamStatus& w2 = p->workstreams[1];
  EXPECT_EQ(w2.overdue, 1);
  EXPECT_EQ(w2.rag, PlanRag::kRed);
  EXPECT_EQ(w2.measures[0].rag, PlanRag::kNotAssessed);
  EXPECT_EQ(w2.measures[0].note, "no value reported for 2018-09 or before");
  EXPECT_EQ(w2.reasons, (std::vector<std::string>{"W2-M1 Red: overdue: due 2018-08-31, on_track"}));
  // W3: nothing to judge.
  EXPECT_EQ(p->workstreams[2].rag, PlanRag::kNotAssessed);
  EXPECT_TRUE(p->workstreams[2].reasons.empty());

  // The whole plan's measures: a count's annual target pro rata (1,200 x
  // 6/12 = 600; 650 is 8.3% over: Amber); no value when incomplete.
  ASSERT_EQ(p->plan_measures.size(), 2u);
  const MeasureStatus& dtoc = p->plan_measures[0];
  EXPECT_EQ(dtoc.measure.measure_id, "K-DTOC");
  EXPECT_EQ(dtoc.rag, PlanRag::kNotAssessed);
  EXPECT_EQ(dtoc.note, "incomplete: 2018-09 delayed_days not loaded");
  const MeasureStatus& nel = p->plan_measures[1];
  EXPECT_EQ(nel.source, "metric");
  EXPECT_EQ(nel.period, "2018/19:YTD6");
  EXPECT_DOUBLE_EQ(*nel.target, 600.0);
  EXPECT_NEAR(*nel.variance_pct, 8.333, 1e-3);
  EXPECT_EQ(nel.rag, PlanRag::kAmber);
}

}  // namespace
}  // namespace bc
