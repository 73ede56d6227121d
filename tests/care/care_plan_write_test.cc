// Writing care plans from a form (care/care_plan_write.h) on the small
// fixture: a draft, agreement with consent, the next version when an
// agreed one changes (the agreed one stays as it was), reviews, closing;
// and each refusal reported against its field, with nothing written.
#include "care/care_plan_write.h"

#include <gtest/gtest.h>

#include <set>

#include "../support/fixture_store.h"
#include "care/care_plan.h"

namespace bc {
namespace {

constexpr int64_t kAnn = 9990000034;  // C2, no plan in the fixture

class CarePlanWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fs = test::FixtureStore::make({"small"});
    ASSERT_TRUE(fs.ok()) << fs.error();
    fs_ = std::move(*fs);
  }
  Store& store() { return fs_->store(); }
  static PlanForm form(const std::string& goals) {
    PlanForm f;
    f.accountable_name = "Ade Okafor";
    f.accountable_role = "Community matron";
    f.accountable_org = "R1C";
    f.goals = goals;
    f.consent_date = "2018-01-20";
    f.consent_recorded_by = "Ade Okafor";
    f.actions = {{"Falls assessment", "Falls team", "2018-03-01", ""}, {"", "", "", ""}};
    return f;
  }
  std::vector<CarePlan> plans() {
    auto p = care_plans_of(store(), kAnn);
    EXPECT_TRUE(p.ok()) << p.error();
    return p.ok() ? *p : std::vector<CarePlan>{};
  }
  const WriteContext w_{"clinician1", nullptr};
  std::unique_ptr<test::FixtureStore> fs_;
};

TEST_F(CarePlanWrite, DraftAgreeThenChangeMakesTheNextVersion) {
  auto r = save_draft(store(), w_, kAnn, form("To get back to the lunch club, with a comma"));
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_TRUE(r->ok()) << r->errors[0].message;
  EXPECT_EQ(r->plan_id, "P9990000034-1");
  EXPECT_EQ(r->version, 1);
  // Editing the draft replaces it.
  r = save_draft(store(), w_, kAnn, form("To get back to the lunch club"));
  ASSERT_TRUE(r.ok() && r->ok());
  EXPECT_EQ(r->version, 1);
  r = agree_draft(store(), w_, kAnn, *Date::from_ymd(2018, 1, 31), std::nullopt);
  ASSERT_TRUE(r.ok() && r->ok()) << (r.ok() ? r->errors[0].message : r.error());
  auto p = plans();
  ASSERT_EQ(p.size(), 1u);
  ASSERT_EQ(p[0].versions.size(), 1u);
  EXPECT_EQ(p[0].versions[0].status, "agreed");
  EXPECT_EQ(p[0].versions[0].review_due, "2018-07-31");  // six months by default
  EXPECT_EQ(p[0].actions.size(), 1u);  // the empty row was dropped, the action kept on agreeing

  // A change to the agreed plan is version 2; version 1 stays readable.
  r = save_draft(store(), w_, kAnn, form("To walk to the shops"));
  ASSERT_TRUE(r.ok() && r->ok());
  EXPECT_EQ(r->version, 2);
  p = plans();
  ASSERT_EQ(p[0].versions.size(), 2u);
  EXPECT_EQ(p[0].versions[0].goals, "To get back to the lunch club");
  EXPECT_EQ(p[0].versions[0].status, "agreed");
  EXPECT_EQ(p[0].versions[1].status, "draft");
  EXPECT_EQ(plan_as_at(p[0], *Date::from_ymd(2018, 2, 10)).state, PlanState::kUnderReview);
}

TEST_F(CarePlanWrite, RefusalsNameTheirFieldAndWriteNothing) {
  PlanForm no_consent = form("To stay at home");
  no_consent.consent_date.clear();
  no_consent.consent_recorded_by.clear();
  ASSERT_TRUE(save_draft(store(), w_, kAnn, no_consent)->ok());
  auto r = agree_draft(store(), w_, kAnn, *Date::from_ymd(2018, 1, 31), std::nullopt);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].field, "consent_date");

  ASSERT_TRUE(save_draft(store(), w_, kAnn, form("To stay at home"))->ok());
  r = agree_draft(store(), w_, kAnn, *Date::from_ymd(2018, 1, 31), *Date::from_ymd(2018, 8, 1));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].field, "review_due");
  EXPECT_EQ(r->errors[0].message,
            "more than 6 months after the agreement (2018-01-31): the review is due by "
            "2018-07-31 at the latest");
  EXPECT_EQ(plans()[0].versions[0].status, "draft");  // nothing was written

  PlanForm bad = form("");
  bad.accountable_org = "NOPE";
  r = save_draft(store(), w_, kAnn, bad);
  ASSERT_TRUE(r.ok());
  std::set<std::string> fields;
  for (const auto& e : r->errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"goals", "accountable_org"}));
}

TEST_F(CarePlanWrite, ReviewsAndClosing) {
  ASSERT_TRUE(save_draft(store(), w_, kAnn, form("To stay at home"))->ok());
  ASSERT_TRUE(agree_draft(store(), w_, kAnn, *Date::from_ymd(2018, 1, 31), std::nullopt)->ok());
  auto r = record_review(store(), w_, kAnn, *Date::from_ymd(2018, 6, 1), "Ade Okafor", "continue",
                         *Date::from_ymd(2018, 12, 1), "");
  ASSERT_TRUE(r.ok() && r->ok());
  auto p = plans();
  EXPECT_EQ(plan_as_at(p[0], *Date::from_ymd(2018, 6, 2)).review_due, Date::from_ymd(2018, 12, 1));

  // Closing needs a reason.
  r = close_plan(store(), w_, kAnn, *Date::from_ymd(2018, 7, 1), "");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->errors[0].field, "closed_reason");
  EXPECT_EQ(r->errors[0].message, "required when the plan is closed");
  r = close_plan(store(), w_, kAnn, *Date::from_ymd(2018, 7, 1), "Moved to Winchester");
  ASSERT_TRUE(r.ok() && r->ok());
  p = plans();
  EXPECT_EQ(p[0].versions[0].status, "closed");
  EXPECT_EQ(plan_as_at(p[0], *Date::from_ymd(2018, 7, 1)).state, PlanState::kClosed);
  EXPECT_EQ(plan_as_at(p[0], *Date::from_ymd(2018, 6, 30)).state, PlanState::kAgreed);
  // A closed plan is not reviewed; a new draft starts a new plan.
  r = record_review(store(), w_, kAnn, *Date::from_ymd(2018, 8, 1), "Ade Okafor", "continue",
                    *Date::from_ymd(2018, 12, 1), "");
  ASSERT_FALSE(r->ok());
  r = save_draft(store(), w_, kAnn, form("To settle in"));
  ASSERT_TRUE(r->ok());
  EXPECT_EQ(r->plan_id, "P9990000034-2");
}

TEST_F(CarePlanWrite, AChangedReviewDraftsTheNextVersion) {
  ASSERT_TRUE(save_draft(store(), w_, kAnn, form("To stay at home"))->ok());
  ASSERT_TRUE(agree_draft(store(), w_, kAnn, *Date::from_ymd(2018, 1, 31), std::nullopt)->ok());
  auto r = record_review(store(), w_, kAnn, *Date::from_ymd(2018, 5, 1), "Ade Okafor", "changed",
                         *Date::from_ymd(2018, 11, 1), "");
  ASSERT_TRUE(r.ok() && r->ok());
  auto p = plans();
  ASSERT_EQ(p[0].versions.size(), 2u);
  EXPECT_EQ(p[0].versions[1].status, "draft");
  EXPECT_EQ(p[0].versions[1].goals, "To stay at home");
  EXPECT_EQ(p[0].actions_of(2).size(), 1u);
  // While the change is a draft, the plan cannot be closed.
  r = close_plan(store(), w_, kAnn, *Date::from_ymd(2018, 6, 1), "Moved away");
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->errors[0].field, "status");
}

}  // namespace
}  // namespace bc
