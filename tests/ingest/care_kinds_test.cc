// The cluster care kinds (ingest/kinds_care.cc): the rules of a care plan
// that every way of writing one goes through (an imported file, or a form
// in the web application or the CLI, imported as a CSV made in memory):
// an agreed version is never edited, only closed or followed by the next
// version; a review is due at most the plan type's months after agreement;
// a closed plan needs its date and reason; and the rules of reviews,
// actions and referrals to the single point of access.
#include <gtest/gtest.h>

#include <stdlib.h>
#include "fixtures.h"

#include <filesystem>

#include "../support/test_backend.h"
#include "ingest/importer.h"
#include "store/db.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

using ingest_fixtures::kSmall;

const char* kPlanHeader =
    "plan_id,nhs_number,version,status,accountable_name,accountable_role,accountable_org,goals,"
    "agreed_date,review_due,closed_date,closed_reason,plan_type\n";

class CareKinds : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-care-kinds-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "c.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    std::vector<ImportInput> ref;
    for (const char* k : {"partners", "practices", "providers", "persons"}) {
      ref.push_back({(kSmall / (std::string(k) + ".csv")).string(), *kind_from_name(k)});
    }
    auto r = import_batch(*store_, ref, options());
    ASSERT_TRUE(r.ok() && r->committed);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  static ImportOptions options() {
    ImportOptions o;
    o.care_plan_types = {{"general", 6}, {"end_of_life", 3}};
    return o;
  }

  // Imports in-memory files as one batch: {kind name, CSV text}.
  ImportReport import(std::vector<std::pair<std::string, std::string>> files) {
    std::vector<ImportInput> inputs;
    for (auto& [kind, text] : files) {
      inputs.push_back({kind + ".csv", *kind_from_name(kind), text});
    }
    auto r = import_batch(*store_, inputs, options());
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }
  // The problems, one per line.
  static std::string problems(const ImportReport& r) {
    std::string out;
    for (const auto& p : r.errors) out += p.to_string() + "\n";
    return out;
  }
  std::string text(const std::string& sql) {
    auto st = store_->db().prepare(sql);
    EXPECT_TRUE(st.ok()) << st.error();
    Status s;
    return st.ok() && st->step(&s) ? st->text(0) : "(none)";
  }
  int64_t count(const std::string& table) {
    auto n = store_->db().query_int("SELECT count(*) FROM " + table);
    return n.ok() && *n ? **n : -1;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

const std::string kV1 =
    "CP9,9990000018,1,agreed,Sam Patel,Community matron,R1C,To stay at home,2018-01-31,"
    "2018-07-31,,,\n";

TEST_F(CareKinds, AnAgreedVersionIsNeverEditedOnlyVersioned) {
  ASSERT_TRUE(import({{"care_plans", kPlanHeader + kV1}}).committed);
  // The same version with other goals: refused, and nothing changes.
  const std::string edited =
      "CP9,9990000018,1,agreed,Sam Patel,Community matron,R1C,To walk to the shops,2018-01-31,"
      "2018-07-31,,,\n";
  ImportReport r = import({{"care_plans", kPlanHeader + edited}});
  EXPECT_FALSE(r.committed);
  EXPECT_NE(problems(r).find("care_plans.csv:2: version: 1: version 1 of plan CP9 is agreed and "
                             "cannot change (goals differs): a change to an agreed plan is its "
                             "next version, 2"),
            std::string::npos)
      << problems(r);
  EXPECT_EQ(text("SELECT goals FROM care_plans WHERE plan_id = 'CP9'"), "To stay at home");
  // The change as version 2: both versions stay readable.
  const std::string v2 =
      "CP9,9990000018,2,agreed,Sam Patel,Community matron,R1C,To walk to the shops,2018-02-10,"
      "2018-08-10,,,\n";
  r = import({{"care_plans", kPlanHeader + v2}});
  EXPECT_TRUE(r.committed) << problems(r);
  EXPECT_EQ(count("care_plans"), 2);
  EXPECT_EQ(text("SELECT goals FROM care_plans WHERE plan_id = 'CP9' AND version = 1"),
            "To stay at home");
  // The same agreed version again is a re-import, not an edit.
  r = import({{"care_plans", kPlanHeader + kV1}});
  EXPECT_TRUE(r.committed) << problems(r);
  EXPECT_EQ(r.files.at(0).replaced, 1);
}

TEST_F(CareKinds, AnAgreedVersionMayBeClosedButNotReopened) {
  ASSERT_TRUE(import({{"care_plans", kPlanHeader + kV1}}).committed);
  const std::string closed =
      "CP9,9990000018,1,closed,Sam Patel,Community matron,R1C,To stay at home,2018-01-31,"
      "2018-07-31,2018-03-01,Moved away,\n";
  ImportReport r = import({{"care_plans", kPlanHeader + closed}});
  EXPECT_TRUE(r.committed) << problems(r);
  EXPECT_EQ(text("SELECT status FROM care_plans WHERE plan_id = 'CP9'"), "closed");
  r = import({{"care_plans", kPlanHeader + kV1}});
  EXPECT_FALSE(r.committed);
  EXPECT_NE(problems(r).find("version 1 of plan CP9 is closed and cannot change (status differs)"),
            std::string::npos)
      << problems(r);
}

TEST_F(CareKinds, AReviewDueMoreThanSixMonthsAfterAgreementIsRefused) {
  const std::string late =
      "CP9,9990000018,1,agreed,Sam Patel,Community matron,R1C,To stay at home,2018-01-31,"
      "2018-08-01,,,\n";
  ImportReport r = import({{"care_plans", kPlanHeader + late}});
  EXPECT_FALSE(r.committed);
  EXPECT_NE(problems(r).find("care_plans.csv:2: review_due: 2018-08-01: more than 6 months after "
                             "the agreement (2018-01-31): the review is due by 2018-07-31 at the "
                             "latest"),
            std::string::npos)
      << problems(r);
  EXPECT_EQ(count("care_plans"), 0);
  // Six months to the day (the end of a shorter month) is allowed.
  EXPECT_TRUE(import({{"care_plans", kPlanHeader + kV1}}).committed);
  // A type with a shorter interval: three months for end of life care.
  const std::string eol =
      "CP8,9990000026,1,agreed,Jo Smith,Social worker,SCC,To be at home,2018-01-31,2018-05-01,,,"
      "end_of_life\n";
  r = import({{"care_plans", kPlanHeader + eol}});
  EXPECT_NE(problems(r).find("more than 3 months after the agreement (2018-01-31): the review is "
                             "due by 2018-04-30"),
            std::string::npos)
      << problems(r);
}

TEST_F(CareKinds, ClosingAPlanRequiresAReasonAndADate) {
  const std::string closed =
      "CP9,9990000018,1,closed,Sam Patel,Community matron,R1C,To stay at home,2018-01-31,"
      "2018-07-31,,,\n";
  ImportReport r = import({{"care_plans", kPlanHeader + closed}});
  EXPECT_FALSE(r.committed);
  EXPECT_NE(problems(r).find(
                "care_plans.csv:2: closed_reason: (empty): required when the plan is closed"),
            std::string::npos)
      << problems(r);
  EXPECT_NE(problems(r).find("care_plans.csv:2: closed_date: (empty): required when the plan is "
                             "closed"),
            std::string::npos);
}

TEST_F(CareKinds, PlanRulesOfTheRowAndOfTheFile) {
  const std::string rows =
      // a draft needs no dates; an unknown type and organisation are refused
      "CP1,9990000018,1,draft,A,GP,CCG,Goal,,,,,\n"
      "CP2,9990000026,1,agreed,A,GP,XYZ,Goal,,,,,general\n"
      "CP3,9990000034,1,agreed,A,GP,CCG,Goal,2018-01-01,2018-02-01,,,respite\n"
      // version 3 without a version 2
      "CP4,9990000042,1,agreed,A,GP,CCG,Goal,2018-01-01,2018-02-01,,,\n"
      "CP4,9990000042,3,agreed,A,GP,CCG,Goal,2018-01-05,2018-02-01,,,\n";
  ImportReport r = import({{"care_plans", kPlanHeader + rows}});
  const std::string p = problems(r);
  EXPECT_EQ(p.find("care_plans.csv:2:"), std::string::npos) << p;
  EXPECT_NE(p.find("care_plans.csv:3: agreed_date: (empty): required unless the plan is a draft"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plans.csv:3: accountable_org: XYZ: no such partner or provider"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plans.csv:4: plan_type: respite: not a plan type; the types are "
                   "general, end_of_life"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plans.csv:5: plan_id: CP4: plan CP4 has version 3 but no version 2"),
            std::string::npos)
      << p;
  EXPECT_EQ(count("care_plans"), 0);

  // Two open plans for one person.
  r = import({{"care_plans", kPlanHeader + kV1 + "CP7,9990000018,1,draft,A,GP,CCG,Goal,,,,,\n"}});
  EXPECT_NE(problems(r).find("nhs_number: 9990000018: the person has 2 open care plans (CP7 and "
                             "CP9)"),
            std::string::npos)
      << problems(r);
}

TEST_F(CareKinds, AnAgreedVersionsActionsAreFixedOnceStored) {
  const std::string actions = "plan_id,version,action_no,action,who,by_date,status\n";
  ASSERT_TRUE(
      import({{"care_plans", kPlanHeader + kV1},
              {"care_plan_actions", actions + "CP9,1,1,Falls assessment,Falls team,,planned\n"}})
          .committed);
  ImportReport r =
      import({{"care_plan_actions", actions + "CP9,1,1,Falls assessment,Falls team,,done\n"}});
  EXPECT_NE(problems(r).find("care_plan_actions.csv:2: action_no: 1: version 1 of plan CP9 is "
                             "agreed: its actions cannot change"),
            std::string::npos)
      << problems(r);
  r = import({{"care_plan_actions", actions + "CP9,2,1,Falls assessment,Falls team,,done\n"}});
  EXPECT_NE(problems(r).find("no version 2 of plan CP9"), std::string::npos) << problems(r);
  // The same action again is allowed.
  EXPECT_TRUE(
      import({{"care_plan_actions", actions + "CP9,1,1,Falls assessment,Falls team,,planned\n"}})
          .committed);
}

TEST_F(CareKinds, ReviewRules) {
  ASSERT_TRUE(import({{"care_plans", kPlanHeader + kV1}}).committed);
  const std::string h = "review_id,plan_id,review_date,reviewed_by,outcome,next_review_due\n";
  ImportReport r =
      import({{"care_plan_reviews", h + "R1,CP9,2018-01-30,Sam Patel,continue,2018-07-30\n"
                                        "R2,CP9,2018-03-01,Sam Patel,continue,2018-09-02\n"
                                        "R3,CP9,2018-03-01,Sam Patel,changed,\n"
                                        "R4,CPX,2018-03-01,Sam Patel,continue,2018-06-01\n"}});
  const std::string p = problems(r);
  EXPECT_NE(p.find("care_plan_reviews.csv:2: review_date: 2018-01-30: the review is before the "
                   "plan was agreed (2018-01-31)"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plan_reviews.csv:3: next_review_due: 2018-09-02: more than 6 months "
                   "after the review"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plan_reviews.csv:4: next_review_due: (empty): required unless the "
                   "review closes the plan"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("care_plan_reviews.csv:5: plan_id: CPX: no such care plan"), std::string::npos)
      << p;
  // A review that closes the plan needs no next date.
  EXPECT_TRUE(
      import({{"care_plan_reviews", h + "R5,CP9,2018-03-01,Sam Patel,closed,\n"}}).committed);
}

TEST_F(CareKinds, ReferralRules) {
  const std::string h =
      "referral_id,nhs_number,received,source,urgency,reason,triaged,outcome,declined_reason,"
      "first_contact\n";
  ImportReport r = import(
      {{"spa_referrals",
        h + "S1,9990000018,2018-01-08T09:15,gp,urgent,Falls,2018-01-08T09:00,advice,,\n"
            "S2,9990000018,2018-01-08T09:15,gp,urgent,Falls,,advice,,\n"
            "S3,9990000018,2018-01-08T09:15,gp,urgent,Falls,2018-01-08T10:00,advice,Too far,\n"
            "S4,9990000018,2018-01-08T09:15,gp,soon,Falls,,,,\n"}});
  const std::string p = problems(r);
  EXPECT_NE(p.find("spa_referrals.csv:2: triaged: 2018-01-08T09:00: the triage is before the "
                   "referral was received (2018-01-08T09:15:00)"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("spa_referrals.csv:3: triaged: (empty): required with an outcome"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("spa_referrals.csv:4: declined_reason: Too far: only a declined referral"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("spa_referrals.csv:5: urgency: soon: "), std::string::npos) << p;
  EXPECT_EQ(count("spa_referrals"), 0);
}

}  // namespace
}  // namespace bc
