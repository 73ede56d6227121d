// The access rules (web/access.h) against the role table of
// docs/security.md, cell by cell.
#include "web/access.h"

#include <gtest/gtest.h>

#include <map>

namespace bc {
namespace {

User user(Role r, std::optional<std::string> cluster = {}, std::vector<std::string> schemes = {}) {
  User u;
  u.name = std::string(role_name(r));
  u.role = r;
  u.cluster = std::move(cluster);
  u.schemes = std::move(schemes);
  return u;
}

const std::vector<Capability> kCapabilities = {
    Capability::kAggregates, Capability::kFinance,       Capability::kSchemeReports,
    Capability::kBoardSteps, Capability::kDataQuality,   Capability::kPersonRecord,
    Capability::kAdmin,      Capability::kBoardBusiness, Capability::kBoardEdit,
    Capability::kProviders,  Capability::kIncidents,     Capability::kIncidentRun};

// docs/security.md's table, one column per capability (web/access.h).
// clang-format off
const std::map<Role, std::vector<bool>> kTable = {
    //                     aggr   fin    schemes board  data   person admin  boards edit   provs  incid  run
    {Role::kAdmin,        {true,  true,  true,   false, true,  false, true,  false, false, false, false, false}},
    {Role::kAnalyst,      {true,  true,  true,   false, true,  true,  false, false, false, true,  false, false}},
    {Role::kFinance,      {true,  true,  true,   false, false, false, false, false, false, false, false, false}},
    {Role::kSchemeLead,   {true,  true,  true,   false, false, false, false, false, false, false, false, false}},
    {Role::kBoard,        {true,  true,  true,   true,  false, false, false, true,  false, true,  true,  false}},
    {Role::kClinician,    {true,  false, false,  false, false, true,  false, false, false, true,  true,  false}},
    {Role::kBoardOfficer, {true,  true,  true,   false, false, false, false, true,  true,  true,  true,  false}},
    {Role::kQuality,      {true,  false, false,  false, false, false, false, false, false, true,  true,  true}},
};
// clang-format on

TEST(Access, MayFollowsTheRoleTableForEveryRoleAndCapability) {
  ASSERT_EQ(kTable.size(), all_roles().size());
  for (Role r : all_roles()) {
    const User u =
        user(r, r == Role::kClinician ? std::optional<std::string>("C1") : std::nullopt,
             r == Role::kSchemeLead ? std::vector<std::string>{"CAR"} : std::vector<std::string>{});
    const auto& row = kTable.at(r);
    for (size_t c = 0; c < kCapabilities.size(); ++c) {
      EXPECT_EQ(may(u, kCapabilities[c]), row[c])
          << role_name(r) << ", capability " << static_cast<int>(kCapabilities[c]);
    }
  }
}

TEST(Access, OnlyTheAnalystAndTheClinicianInTheirOwnClusterSeeUnsuppressed) {
  const std::optional<std::string> city;
  for (Role r : all_roles()) {
    const User u = user(r, r == Role::kClinician ? std::optional<std::string>("C1") : std::nullopt);
    const bool analyst = r == Role::kAnalyst;
    EXPECT_EQ(suppress_for(u, city), !analyst) << role_name(r);
    EXPECT_EQ(suppress_for(u, std::string("C2")), !analyst) << role_name(r);
    EXPECT_EQ(suppress_for(u, std::string("C1")), !(analyst || r == Role::kClinician))
        << role_name(r);
  }
  // A clinician with no cluster (which add_user refuses) sees nothing unsuppressed.
  EXPECT_TRUE(suppress_for(user(Role::kClinician), std::string("C1")));
}

TEST(Access, AClinicianViewsOnlyTheirOwnClustersDashboard) {
  const User clin = user(Role::kClinician, "C1");
  EXPECT_TRUE(may_view_cluster(clin, "C1"));
  EXPECT_FALSE(may_view_cluster(clin, "C2"));
  EXPECT_FALSE(may_view_cluster(clin, "c1"));
  EXPECT_FALSE(may_view_cluster(clin, ""));
  EXPECT_FALSE(may_view_cluster(user(Role::kClinician), "C1"));
  for (Role r : all_roles()) {
    if (r == Role::kClinician) continue;
    EXPECT_TRUE(may_view_cluster(user(r), "C1")) << role_name(r);
    EXPECT_TRUE(may_view_cluster(user(r), "C2")) << role_name(r);
  }
}

TEST(Access, OnlyASchemesLeadEditsItsReports) {
  const User lead = user(Role::kSchemeLead, {}, {"CAR", "LD"});
  EXPECT_TRUE(may_edit_scheme_report(lead, "CAR"));
  EXPECT_TRUE(may_edit_scheme_report(lead, "LD"));
  EXPECT_FALSE(may_edit_scheme_report(lead, "CLU"));
  EXPECT_FALSE(may_edit_scheme_report(lead, "car"));
  EXPECT_FALSE(may_edit_scheme_report(lead, ""));
  for (Role r : all_roles()) {
    if (r == Role::kSchemeLead) continue;
    // Even with a scheme list (which add_user refuses for other roles).
    EXPECT_FALSE(may_edit_scheme_report(user(r, {}, {"CAR"}), "CAR")) << role_name(r);
  }
}

TEST(Access, OnlyTheAnalystSeesPseudonyms) {
  for (Role r : all_roles()) {
    EXPECT_EQ(sees_pseudonyms(user(r)), r == Role::kAnalyst) << role_name(r);
  }
}

}  // namespace
}  // namespace bc
