// bettercare plan, run as a user runs it: the seed's Integrated
// Commissioning Plan (config/seed/plan) and a small plan of the test's own
// over the small area, whose key measure is tracked from a metric.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.h"
#include "made_once.h"

namespace bc::test {
namespace {

const fs::path kSeedPlanDir = fs::path(BC_SOURCE_DIR) / "config" / "seed" / "plan";

std::string plan_store(const fs::path& dir) {
  RunResult r = run_bc(dir, {"init"});
  if (r.code != 0) return "init: " + r.err;
  r = run_bc(dir, {"import", fixture("small").string(), (kSeedPlanDir / "workstreams.csv").string(),
                   (kSeedPlanDir / "milestones.csv").string(),
                   (kSeedPlanDir / "key_measures.csv").string()});
  return r.code == 0 ? "" : "import: " + r.err;
}

class PlanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    const fs::path made = made_once("plan-cli", plan_store, &error);
    ASSERT_EQ(error, "");
    copy_made(made, dir_.path());
  }
  RunResult bc(const std::vector<std::string>& args) { return run_bc(dir_, args); }
  TempDir dir_;
};

TEST_F(PlanCli, TheSeedsPlanAsJson) {
  RunResult r = bc({"plan", "--at", "2018-09-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("at"), "2018-09-01");
  EXPECT_EQ(j.at("month"), "2018-08");
  EXPECT_EQ(j.at("financial_year"), "2018/19");
  ASSERT_EQ(j.at("workstreams").size(), 40u);
  ASSERT_EQ(j.at("plan_measures").size(), 21u);
  const auto& ws1 = j.at("workstreams")[0];
  EXPECT_EQ(ws1.at("workstream_id"), "ICP-01");
  EXPECT_EQ(ws1.at("partners"), (nlohmann::json{"CCG", "SCC"}));
  EXPECT_EQ(ws1.at("milestones_total"), 22);
  // Every milestone is not_started in the seed; those due by August are
  // overdue on 1 September, so the workstream is Red.
  EXPECT_EQ(ws1.at("milestones_overdue"), 7);
  EXPECT_EQ(ws1.at("rag"), "red");
  EXPECT_EQ(ws1.at("reasons")[0], "ICP-01-M01 Red: overdue: due 2018-06-30, not_started");
  // The metric-tracked measures have no 2018/19 activity in the small area.
  const auto& k01 = j.at("plan_measures")[0];
  EXPECT_EQ(k01.at("measure_id"), "ICP-K01");
  EXPECT_EQ(k01.at("source"), "metric");
  EXPECT_EQ(k01.at("period"), "2018/19:YTD5");
  EXPECT_TRUE(k01.at("value").is_null());
  EXPECT_TRUE(k01.at("rag").is_null());
  EXPECT_NE(k01.at("note").get<std::string>().find("incomplete"), std::string::npos) << k01;
  // A manual measure with nothing reported.
  const auto& k04 = j.at("plan_measures")[3];
  EXPECT_EQ(k04.at("source"), "none");
  EXPECT_EQ(k04.at("note"), "no value reported for 2018-08 or before");
}

TEST_F(PlanCli, AMeasureTrackedFromAMetricIsSuppressedUnlessAskedAndProRata) {
  write_file(dir_ / "workstreams.csv",
             "workstream_id,number,title,priority,lead,partners,description,outcomes\n"
             "T-01,,Test workstream,integration,Test lead,CCG,,\n");
  write_file(dir_ / "key_measures.csv",
             "measure_id,workstream_id,title,target,unit,direction,metric\n"
             "T-01-K1,T-01,Emergency admissions,12,count,lower,nel_admissions\n");
  write_file(dir_ / "savings.csv",
             "workstream_id,line,partner_code,financial_year,month,planned,delivered\n"
             "T-01,Bed days,CCG,2017/18,1,100,50\n");
  RunResult imported = bc({"import", "workstreams.csv", "key_measures.csv", "savings.csv"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  // The small area's spells cover 2017/18 (months without one had none).
  imported = bc({"import", "--covers", "2017-04..2018-03", fixture("small/spells.csv").string()});
  ASSERT_EQ(imported.code, 0) << imported.err;

  RunResult r = bc({"plan", "--at", "2018-04-01", "--workstream", "T-01", "--format", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("plan_measures"));
  ASSERT_EQ(j.at("workstreams").size(), 1u);
  auto m = j.at("workstreams")[0].at("measures")[0];
  EXPECT_EQ(m.at("period"), "2017/18:YTD12");
  EXPECT_TRUE(m.at("value").is_null()) << m;
  EXPECT_EQ(m.at("note"), "suppressed (small numbers)");

  r = bc(
      {"plan", "--at", "2018-04-01", "--workstream", "T-01", "--format", "json", "--unsuppressed"});
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  const auto& w = j.at("workstreams")[0];
  m = w.at("measures")[0];
  ASSERT_TRUE(m.at("value").is_number()) << m;
  EXPECT_EQ(m.at("target"), 12.0);
  EXPECT_EQ(m.at("target_compared"), 12.0);  // twelve months of twelve
  EXPECT_TRUE(m.at("rag").is_string());
  // Savings: £50 of £100 planned, 50% short: Red.
  EXPECT_EQ(w.at("savings").at("planned_to_date"), 100.0);
  EXPECT_EQ(w.at("savings").at("delivered_to_date"), 50.0);
  EXPECT_EQ(w.at("savings").at("rag"), "red");
  EXPECT_EQ(w.at("rag"), "red");

  // Six months in, the annual target is compared at half.
  r = bc(
      {"plan", "--at", "2017-10-01", "--workstream", "T-01", "--format", "json", "--unsuppressed"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      nlohmann::json::parse(r.out).at("workstreams")[0].at("measures")[0].at("target_compared"),
      6.0);
}

TEST_F(PlanCli, CsvTableAndMistakes) {
  RunResult r = bc({"plan", "--at", "2018-09-01", "--format", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "workstream_id,number,title,priority,lead,partners,rag,milestones,complete,overdue,"
            "savings_planned_to_date,savings_delivered_to_date,reasons");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 41);

  r = bc({"plan", "--at", "2018-09-01", "--workstream", "ICP-21"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ICP-21"), std::string::npos);
  EXPECT_NE(r.out.find("Carers"), std::string::npos);
  EXPECT_NE(r.out.find("Milestones"), std::string::npos);

  r = bc({"plan", "--workstream", "ICP-99"});
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("--workstream ICP-99: no such workstream"), std::string::npos) << r.err;
  r = bc({"plan", "--at", "2018-13-01"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--at"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bc::test
