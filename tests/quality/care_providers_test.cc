// Care providers: the kinds imported (ingest/kinds_quality.cc and the
// providers' care-provider columns) from the hand-made fixture
// tests/fixtures/quality, each malformed row refused with its reason and
// nothing kept, the provider quality rule (quality/provider_rag.h) and the
// affected-users list of the failure procedure (quality/failure.h).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>

#include "../support/test_backend.h"
#include "ingest/importer.h"
#include "ingest/quality_records.h"
#include "quality/failure.h"
#include "quality/provider_rag.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtureDir = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

class CareProviders : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-quality-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "q.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    std::vector<ImportInput> in;
    for (const char* k :
         {"small/partners", "small/practices", "small/providers", "quality/providers",
          "quality/persons", "quality/quality_events", "quality/placements"}) {
      const fs::path file = kFixtureDir / (std::string(k) + ".csv");
      in.push_back({file.string(), *kind_from_path(file.string())});
    }
    auto r = import_batch(*store_, in, ImportOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed) << (r->errors.empty() ? "" : r->errors[0].to_string());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  ImportReport import(const std::string& kind, const std::string& text) {
    auto r = import_batch(*store_, {{kind + ".csv", *kind_from_name(kind), text}}, ImportOptions{});
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : ImportReport{};
  }
  CareProviderRecord provider(const std::string& code) {
    auto p = find_care_provider(*store_, code);
    EXPECT_TRUE(p.ok() && p->has_value()) << code;
    return p.ok() && p->has_value() ? **p : CareProviderRecord{};
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CareProviders, TheFixtureLoadsWithItsCareProviderColumns) {
  auto homes = read_care_providers(*store_);
  ASSERT_TRUE(homes.ok()) << homes.error();
  ASSERT_EQ(homes->size(), 3u);  // the hospital trusts are not care providers
  const CareProviderRecord b = provider("VNB02");
  EXPECT_EQ(b.type, "care_home");
  EXPECT_EQ(b.cqc_location_id, "1-100000002");
  EXPECT_EQ(b.registered_beds, 45);
  EXPECT_EQ(b.owner, "Bassett Healthcare Ltd");
  EXPECT_EQ(b.postcode_district, "SO16");  // given as so16
  EXPECT_EQ(b.care_home_type, "nursing");
  EXPECT_EQ(b.contract_status, "contracted");
  EXPECT_FALSE(provider("VH001").registered_beds.has_value());
  auto events = read_quality_events(*store_, std::string("VNA01"));
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 5u);
  EXPECT_EQ((*events)[1].rating, "inadequate");
  EXPECT_EQ((*events)[1].well_led, "inadequate");
  EXPECT_EQ((*events)[1].details, "Warning notice: staffing, medicines");
  auto placements = read_placements(*store_, std::string("VH001"));
  ASSERT_TRUE(placements.ok());
  ASSERT_EQ(placements->size(), 1u);
  EXPECT_EQ((*placements)[0].weekly_hours, 10.5);
  EXPECT_EQ((*placements)[0].weekly_cost_pence, 17850);
}

TEST_F(CareProviders, EachMalformedRowIsRefusedWithItsReason) {
  struct Case {
    std::string kind, row, expected;
  };
  const std::string pr =
      "provider_code,provider_name,provider_type,cqc_location_id,registered_beds,owner,"
      "postcode_district,care_home_type,contract_status\n";
  const std::string qe =
      "event_id,provider_code,event_date,kind,rating,safe,effective,caring,responsive,well_led,"
      "outcome,details\n";
  const std::string pl =
      "placement_id,nhs_number,provider_code,start_date,end_date,weekly_cost,weekly_hours,funder,"
      "placing_body\n";
  const std::vector<Case> cases = {
      {"providers", pr + "VNC03,Chessel Court,care_home,CQC-1,20,,,residential,\n",
       "providers.csv:2: cqc_location_id: CQC-1: a CQC location id is 1- and digits"},
      {"providers", pr + "VH002,Citywide,home_care,,20,,,,\n",
       "providers.csv:2: registered_beds: 20: only a care home has registered beds"},
      {"providers", pr + "VH002,Citywide,home_care,,,,,nursing,\n",
       "providers.csv:2: care_home_type: nursing: only a care home is residential or nursing"},
      {"providers", pr + "VNC03,Chessel Court,care_home,,0,,,residential,\n",
       "providers.csv:2: registered_beds: 0:"},
      {"providers", pr + "VNC03,Chessel Court,care_home,,20,,S-1,residential,\n",
       "providers.csv:2: postcode_district: S-1: a postcode district is"},
      {"providers", pr + "VNC03,Chessel Court,care_home,,20,,,residential,block\n",
       "providers.csv:2: contract_status: block: must be contracted, spot, not_contracted or "
       "ended"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,cqc_rating,,,,,,,,\n",
       "quality_events.csv:2: rating: (empty): required for a CQC rating: the overall one"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,complaint,good,,,,,,,\n",
       "quality_events.csv:2: rating: good: only a CQC rating has a rating"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,complaint,,good,,,,,,\n",
       "quality_events.csv:2: safe: good: only a CQC rating rates the key questions"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,quality_visit,,,,,,,upheld,\n",
       "quality_events.csv:2: outcome: upheld: a visit's outcome is good, improvement_needed or "
       "serious_concerns"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,complaint,,,,,,,serious_concerns,\n",
       "quality_events.csv:2: outcome: serious_concerns: a complaint's outcome is open, upheld or "
       "not_upheld"},
      {"quality_events", qe + "E1,VNA01,2018-01-01,suspension,,,,,,,open,\n",
       "quality_events.csv:2: outcome: open: only a quality visit, a safeguarding concern or a "
       "complaint has one"},
      {"quality_events", qe + "E1,VNZ99,2018-01-01,complaint,,,,,,,,\n",
       "quality_events.csv:2: provider_code: VNZ99: no such provider"},
      {"quality_events", qe + "E1,VNA01,2099-01-01,complaint,,,,,,,,\n",
       "quality_events.csv:2: event_date: 2099-01-01: the event is in the future"},
      {"placements", pl + "X1,9990002002,RHM,2018-01-01,,,,council,\n",
       "placements.csv:2: provider_code: RHM: not a care home or a home care agency"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,2017-12-31,,,council,\n",
       "placements.csv:2: end_date: 2017-12-31: before the placement starts"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,,,,other_la,\n",
       "placements.csv:2: placing_body: (empty): required when the funder is other_la: the placing "
       "council's code"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,,,,council,E10000014\n",
       "placements.csv:2: placing_body: E10000014: only another CCG's or council's placement"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,,-5.00,,council,\n",
       "placements.csv:2: weekly_cost: -5.00: a cost is not negative"},
      {"placements", pl + "X1,9990002002,VH001,2018-01-01,,,200,council,\n",
       "placements.csv:2: weekly_hours: 200: hours a week are more than 0 and at most 168"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,,,12,council,\n",
       "placements.csv:2: weekly_hours: 12: hours are home care's: a care home has none"},
      {"placements", pl + "X1,9990002002,VNA01,2018-01-01,,,,nhs,\n",
       "placements.csv:2: funder: nhs: must be ccg, council, joint, self, other_ccg or other_la"},
  };
  for (const Case& c : cases) {
    const std::string table(spec_of(*kind_from_name(c.kind)).table);
    auto before = store_->db().query_int("SELECT count(*) FROM " + table);
    const ImportReport r = import(c.kind, c.row);
    EXPECT_FALSE(r.committed) << c.row;
    ASSERT_GE(r.errors.size(), 1u) << c.row;
    EXPECT_EQ(r.errors[0].to_string().substr(0, c.expected.size()), c.expected) << c.row;
    auto after = store_->db().query_int("SELECT count(*) FROM " + table);
    EXPECT_EQ(*after, *before) << c.row;
  }
}

// The acceptance fixture (tests/fixtures/quality/README.md): Abbey Lodge
// as at 23 March 2018.
TEST_F(CareProviders, TheAffectedUsersOfACareHomeAsAtADateWithTheirResponsibleAgency) {
  auto placements = read_placements(*store_, std::string("VNA01"));
  ASSERT_TRUE(placements.ok()) << placements.error();
  std::map<std::string, std::string> responsible;
  for (const PlacementRecord& p : placements_in_force(*placements, ymd(2018, 3, 23)))
    responsible[p.placement_id] = std::string(responsible_for(p.funder));
  const std::map<std::string, std::string> expected = {
      {"PL1", "council"},                   // council-funded
      {"PL2", "ccg"},                       // CCG-funded (continuing healthcare)
      {"PL3", "council_for_self_funder"},   // a self-funder, placed that very day
      {"PL4", "council_for_placing_body"},  // placed by another council
      {"PL6", "ccg_for_placing_body"},      // placed by another CCG
      {"PL7", "council"},                   // jointly funded
  };
  // PL5 ended the day before, PL9 starts the day after; PL8 and PL10 are elsewhere.
  EXPECT_EQ(responsible, expected);
}

TEST(Failure, TheResponsibleAgencyOfEachFunder) {
  EXPECT_EQ(responsible_for("ccg"), "ccg");
  EXPECT_EQ(responsible_for("other_ccg"), "ccg_for_placing_body");
  EXPECT_EQ(responsible_for("council"), "council");
  EXPECT_EQ(responsible_for("joint"), "council");
  EXPECT_EQ(responsible_for("self"), "council_for_self_funder");
  EXPECT_EQ(responsible_for("other_la"), "council_for_placing_body");
  EXPECT_EQ(responsible_for("nhs"), "");
}

TEST(Failure, TheJisgMeetsWithinThreeWorkingDaysOfTheNotification) {
  // Friday 23 March 2018: Monday 26, Tuesday 27, Wednesday 28 March.
  EXPECT_EQ(jisg_due(ymd(2018, 3, 23)), ymd(2018, 3, 28));
  // Thursday 29 March 2018: Good Friday (30 March) and Easter Monday
  // (2 April) are not working days: Tuesday 3, Wednesday 4, Thursday 5 April.
  EXPECT_EQ(jisg_due(ymd(2018, 3, 29)), ymd(2018, 4, 5));
  // Notified on a Saturday: the three working days after it.
  EXPECT_EQ(jisg_due(ymd(2018, 3, 24)), ymd(2018, 3, 28));
}

TEST(Failure, APlacementIsInForceFromItsStartToItsLastDay) {
  PlacementRecord p;
  p.start_date = "2018-03-01";
  p.end_date = "2018-03-22";
  EXPECT_FALSE(placement_in_force(p, ymd(2018, 2, 28)));
  EXPECT_TRUE(placement_in_force(p, ymd(2018, 3, 1)));
  EXPECT_TRUE(placement_in_force(p, ymd(2018, 3, 22)));
  EXPECT_FALSE(placement_in_force(p, ymd(2018, 3, 23)));
  p.end_date.reset();
  EXPECT_TRUE(placement_in_force(p, ymd(2030, 1, 1)));
}

TEST_F(CareProviders, EachProviderIsJudgedByTheQualityRule) {
  auto rule = provider_rule();
  ASSERT_TRUE(rule.ok()) << rule.error();
  auto events = read_quality_events(*store_, std::nullopt);
  auto placements = read_placements(*store_, std::nullopt);
  ASSERT_TRUE(events.ok() && placements.ok());
  const Date at = ymd(2018, 3, 23);
  ProviderStanding a = judge_provider(provider("VNA01"), *events, *placements, at, *rule);
  EXPECT_EQ(a.rag, "red");
  const std::vector<std::string> red = {
      "the contract is suspended", "rated inadequate by the CQC on 2018-01-15",
      "a quality visit found serious concerns in the last 6 months",
      "a safeguarding concern open or upheld in the last 6 months"};
  EXPECT_EQ(a.findings, red);
  EXPECT_EQ(a.placed, 6);  // PL1-4, PL6, PL7
  ASSERT_TRUE(a.occupancy().has_value());
  EXPECT_DOUBLE_EQ(*a.occupancy(), 20.0);  // 6 of 30 beds
  // Before the inadequate rating, the suspension and the concerns: Green.
  EXPECT_EQ(judge_provider(provider("VNA01"), *events, *placements, ymd(2018, 1, 1), *rule).rag,
            "green");

  ProviderStanding b = judge_provider(provider("VNB02"), *events, *placements, at, *rule);
  EXPECT_EQ(b.rag, "amber");
  EXPECT_EQ(b.findings,
            std::vector<std::string>{"rated requires improvement by the CQC on 2017-11-01"});
  EXPECT_EQ(b.complaints, 1);
  EXPECT_EQ(b.upheld_complaints, 0);
  EXPECT_EQ(b.last_visit_outcome, "good");

  ProviderStanding h = judge_provider(provider("VH001"), *events, *placements, at, *rule);
  EXPECT_EQ(h.rag, "green");
  EXPECT_TRUE(h.findings.empty());
  EXPECT_FALSE(h.occupancy().has_value());  // home care has no beds
  EXPECT_EQ(h.placed, 1);
}

TEST(ProviderRuleConfig, ThresholdsOutOfRangeAreRefused) {
  EXPECT_TRUE(parse_provider_rule("[provider_rag]\nwindow_months = 6\nred_upheld_concerns = 2\n"
                                  "amber_upheld_complaints = 2\n")
                  .ok());
  auto bad = parse_provider_rule(
      "[provider_rag]\nwindow_months = 0\nred_upheld_concerns = 2\namber_upheld_complaints = 2\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(),
            "quality.toml: [provider_rag] window_months must be a whole number from 1 to 60");
  EXPECT_FALSE(parse_provider_rule("window_months = 6\n").ok());
}

}  // namespace
}  // namespace bc
