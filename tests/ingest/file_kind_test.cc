#include "ingest/file_kind.h"

#include <gtest/gtest.h>

#include <set>

namespace bc {
namespace {

TEST(FileKind, EveryKindOfTheContractIsKnown) {
  std::set<std::string_view> names;
  for (const auto& k : all_kinds()) names.insert(k.name);
  const std::set<std::string_view> contract = {
      "partners", "practices", "providers", "persons", "conditions", "spells", "ae_attendances",
      "delayed_days", "bed_days", "care_home_admissions", "reablement", "plans", "schemes",
      "budgets", "ledger",
      "population",  // bettercare's extension: ONS mid-year estimates
      // version 2, cluster care (care_plan_actions is bettercare's extension)
      "care_plans", "care_plan_actions", "care_plan_reviews", "spa_referrals",
      // version 2, governance
      "board_members", "meetings", "agenda_items", "attendance", "declarations", "actions",
      "interests",  // bettercare's extension: the annual register of interests
      // bettercare's: the commissioning plan
      "workstreams", "milestones", "key_measures", "measure_values", "savings",
      // version 2, care providers
      "quality_events", "placements"};
  EXPECT_EQ(names, contract);
}

TEST(FileKind, ActivityKindsAreTheDatedEventsAndMonthlyCounts) {
  std::set<std::string_view> activity;
  for (const auto& k : all_kinds()) {
    if (k.activity) activity.insert(k.name);
  }
  const std::set<std::string_view> expected = {"spells",   "ae_attendances",       "delayed_days",
                                               "bed_days", "care_home_admissions", "reablement"};
  EXPECT_EQ(activity, expected);
}

TEST(FileKind, KindFromFileName) {
  EXPECT_EQ(kind_from_path("spells.csv"), FileKind::kSpells);
  EXPECT_EQ(kind_from_path("/data/2018-03/SPELLS.CSV"), FileKind::kSpells);
  EXPECT_EQ(kind_from_path("spells_2018-03.csv"), FileKind::kSpells);
  EXPECT_EQ(kind_from_path("delayed_days-march.csv"), FileKind::kDelayedDays);
  EXPECT_EQ(kind_from_path("care_home_admissions.csv"), FileKind::kCareHomeAdmissions);
  EXPECT_EQ(kind_from_path("bed_days.csv"), FileKind::kBedDays);
  EXPECT_EQ(kind_from_path("population.csv"), FileKind::kPopulation);
  EXPECT_EQ(kind_from_path("Population_mid-2017.csv"), FileKind::kPopulation);
  EXPECT_EQ(kind_from_path("spellsX.csv"), std::nullopt);
  EXPECT_EQ(kind_from_path("spells.txt"), std::nullopt);
  EXPECT_EQ(kind_from_path("extract.csv"), std::nullopt);
  EXPECT_EQ(kind_from_path(".csv"), std::nullopt);
}

TEST(FileKind, KindFromName) {
  EXPECT_EQ(kind_from_name("AE_ATTENDANCES"), FileKind::kAeAttendances);
  EXPECT_EQ(kind_from_name("ledger"), FileKind::kLedger);
  EXPECT_EQ(kind_from_name("ledgers"), std::nullopt);
  EXPECT_EQ(kind_from_name("Population"), FileKind::kPopulation);
  EXPECT_EQ(spec_of(FileKind::kPopulation).table, "population");
  EXPECT_FALSE(spec_of(FileKind::kPopulation).about_a_person);
}

TEST(FileKind, ReferenceDataComesBeforeWhatRefersToIt) {
  auto pos = [](FileKind k) {
    auto kinds = all_kinds();
    for (size_t i = 0; i < kinds.size(); ++i) {
      if (kinds[i].kind == k) return i;
    }
    return kinds.size();
  };
  EXPECT_LT(pos(FileKind::kPractices), pos(FileKind::kPersons));
  EXPECT_LT(pos(FileKind::kPersons), pos(FileKind::kSpells));
  EXPECT_LT(pos(FileKind::kPartners), pos(FileKind::kSchemes));
  EXPECT_LT(pos(FileKind::kSchemes), pos(FileKind::kBudgets));
  EXPECT_LT(pos(FileKind::kSchemes), pos(FileKind::kLedger));
  EXPECT_LT(pos(FileKind::kProviders), pos(FileKind::kDelayedDays));
  // Population is reference data, loaded straight after the providers.
  EXPECT_EQ(pos(FileKind::kPopulation), pos(FileKind::kProviders) + 1);
}

}  // namespace
}  // namespace bc
