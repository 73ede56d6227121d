// The people behind a count (engine/cohort.h), on the small fixture's
// people and spells written here by hand: who is in the cohort, with how
// many events, in which order; the cluster's own; and that the list adds up
// to the metric's own count.
#include "engine/cohort.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "ingest/importer.h"
#include "store/store.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kCohortFixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";

// Emergency spells (method 21/22) in 2017/18: 018 three (S1, S2, S5), 026
// one (S3), 034 one (S4, practice J82003 in C2), 9990000999 (not in the
// persons register) one (S6). Not counted: S7 elective (11) and S8 before
// the year.
constexpr const char* kCohortSpells =
    "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
    "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n"
    "S1,9990000018,RHM,2017-04-03,2017-04-10,21,J18.9,,19,100.00\n"
    "S2,9990000018,RHM,2017-11-20,2017-11-28,21,S72.0,,19,100.00\n"
    "S3,9990000026,RHM,2017-06-01,2017-06-02,22,R07.4,,19,100.00\n"
    "S4,9990000034,RHM,2017-07-01,2017-07-02,21,R07.4,,19,100.00\n"
    "S5,9990000018,RHM,2018-03-30,2018-03-31,21,J18.9,,19,100.00\n"
    "S6,9990000999,RHM,2017-05-05,2017-05-06,21,J18.9,,19,100.00\n"
    "S7,9990000026,RHM,2017-08-01,2017-08-02,11,K80.2,,19,100.00\n"
    "S8,9990000026,RHM,2017-03-31,2017-04-01,21,J18.9,,19,100.00\n";

class CohortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-cohort-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "c.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    std::vector<ImportInput> in;
    for (const char* k : {"partners", "practices", "providers", "persons"})
      in.push_back(
          {(kCohortFixtures / "small" / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    in.push_back({"spells.csv", *kind_from_name("spells"), kCohortSpells});
    auto r = import_batch(*store_, in, ImportOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed);
    auto snap = build_snapshot(*store_);
    ASSERT_TRUE(snap.ok()) << snap.error();
    snap_ = std::move(*snap);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  const MetricDef& metric(const std::string& id) { return *builtin_metric_config().find(id); }
  int64_t nhs(const CohortMember& m) { return snap_->persons.nhs[static_cast<size_t>(m.person)]; }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Snapshot> snap_;
};

TEST_F(CohortTest, EveryoneWithAnEventMostEventsFirst) {
  const Cohort c = cohort_of(*snap_, metric("nel_admissions"), *Period::parse("2017/18"));
  ASSERT_EQ(c.members.size(), 3u);
  EXPECT_EQ(nhs(c.members[0]), 9990000018);
  EXPECT_EQ(c.members[0].events, 3);
  // One each, in person (NHS number) order.
  EXPECT_EQ(nhs(c.members[1]), 9990000026);
  EXPECT_EQ(c.members[1].events, 1);
  EXPECT_EQ(nhs(c.members[2]), 9990000034);
  EXPECT_EQ(c.members[2].events, 1);
  EXPECT_EQ(c.events, 5);
  EXPECT_EQ(c.unlinked, 1);
  // The metric's own count: the members' events and the unlinked one.
  auto rows = evaluate_metric(*snap_, builtin_metric_config(), metric("nel_admissions"),
                              *Period::parse("2017/18"), EvaluateOptions{{}, false, true});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().numerator, static_cast<double>(c.events + c.unlinked));
}

TEST_F(CohortTest, APeriodAndAClusterNarrowIt) {
  const Cohort month = cohort_of(*snap_, metric("nel_admissions"), *Period::parse("2017/18:M12"));
  ASSERT_EQ(month.members.size(), 1u);  // S5 only
  EXPECT_EQ(nhs(month.members[0]), 9990000018);
  EXPECT_EQ(month.members[0].events, 1);
  const Cohort c2 =
      cohort_of(*snap_, metric("nel_admissions"), *Period::parse("2017/18"), std::string("C2"));
  ASSERT_EQ(c2.members.size(), 1u);
  EXPECT_EQ(nhs(c2.members[0]), 9990000034);
  EXPECT_EQ(c2.unlinked, 0);
  EXPECT_TRUE(
      cohort_of(*snap_, metric("nel_admissions"), *Period::parse("2017/18"), std::string("C9"))
          .members.empty());
}

TEST_F(CohortTest, OnlyCountsOfPeoplesEventsHaveOne) {
  EXPECT_TRUE(cohort_applies(metric("nel_admissions")));
  EXPECT_TRUE(cohort_applies(metric("permanent_admissions_65")));
  EXPECT_FALSE(cohort_applies(metric("nel_cost")));
  EXPECT_FALSE(cohort_applies(metric("delayed_days")));
  EXPECT_FALSE(cohort_applies(metric("permanent_admissions_65_rate")));
  EXPECT_FALSE(cohort_applies(metric("reablement_91")));
  EXPECT_TRUE(cohort_of(*snap_, metric("nel_cost"), *Period::parse("2017/18")).members.empty());
}

}  // namespace
}  // namespace bc
