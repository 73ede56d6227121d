// config/care.toml: the plan types, and the rules a changed file must keep;
// the single point of access's response standards come from
// config/metrics.toml (their rules: tests/engine/care_metrics_test.cc).
#include "care/care_config.h"

#include <gtest/gtest.h>

namespace bc {
namespace {

TEST(CareConfig, TheBuiltInSettings) {
  const CareConfig& c = CareConfig::builtin();
  ASSERT_FALSE(c.plan_types.empty());
  EXPECT_EQ(c.plan_types.front().id, "general");
  EXPECT_EQ(c.plan_type("general")->review_months, 6);
  EXPECT_EQ(c.plan_type("end_of_life")->review_months, 3);
  EXPECT_EQ(c.plan_type("respite"), nullptr);
  EXPECT_EQ(c.standard("urgent")->triage_hours, 2);
  EXPECT_EQ(c.standard("urgent")->first_contact_hours, 24);
  EXPECT_EQ(c.standard("routine")->triage_hours, 24);
  EXPECT_EQ(c.standard("routine")->first_contact_hours, 168);
}

TEST(CareConfig, RefusedWithTheRuleBroken) {
  const std::string ok = "[[plan_type]]\nid = \"general\"\nreview_months = 6\n";
  EXPECT_TRUE(CareConfig::parse(ok, "care.toml").ok());
  auto r = CareConfig::parse("[[plan_type]]\nid = \"general\"\nreview_months = 7\n", "care.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "care.toml: plan_type general: review_months must be 1 to 6 (a review at least every "
            "six months)");
  r = CareConfig::parse(ok + ok, "care.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "care.toml: plan_type general is given twice");
  r = CareConfig::parse("", "care.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "care.toml: no [[plan_type]] entries");
  r = CareConfig::parse("[[plan_type\n", "care.toml");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace bc
