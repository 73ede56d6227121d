// The JSON forms of a person's record (care/person_json.h), on the
// hand-written fixture (tests/fixtures/small) imported in-process: the full
// form for direct care, and the pseudonymised form for analysts, which must
// carry nothing that identifies the person.
#include "care/person_json.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include "../support/fixture_store.h"
#include "core/age.h"
#include "core/date.h"
#include "ingest/importer.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

// Whether the text holds ten digits in a row: an NHS number, whatever key
// it might hide under.
bool has_ten_digits(const std::string& text) {
  return std::regex_search(text, std::regex("[0-9]{10}"));
}

// Whether the text holds a date to the day (2018-01-10).
bool has_a_day(const std::string& text) {
  return std::regex_search(text, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
}

class PersonJson : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto made = test::FixtureStore::make({"small"});
    ASSERT_TRUE(made.ok()) << made.error();
    fixture_ = made->release();
    store_ = &fixture_->store();
  }
  static void TearDownTestSuite() {
    delete fixture_;
    fixture_ = nullptr;
    store_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(store_, nullptr) << "the fixture did not load"; }

  static PersonRecord load(const char* nhs) {
    auto r = load_person_record(*store_, *NhsNumber::parse(nhs));
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? *r : PersonRecord{};
  }

  static test::FixtureStore* fixture_;
  static Store* store_;
};

test::FixtureStore* PersonJson::fixture_ = nullptr;
Store* PersonJson::store_ = nullptr;

TEST_F(PersonJson, FullRecordIsTheCliShape) {
  nlohmann::json j = person_record_json(load("9990000018"));
  EXPECT_EQ(j["nhs_number"], "9990000018");
  EXPECT_EQ(j["registered"], true);
  const nlohmann::json& p = j["person"];
  EXPECT_EQ(p.size(), 9u);
  EXPECT_EQ(p["date_of_birth"], "1950-03-15");
  EXPECT_EQ(p["sex"], "F");
  EXPECT_EQ(p["practice_code"], "J82001");
  EXPECT_EQ(p["cluster_code"], "C1");
  EXPECT_EQ(p["postcode_district"], "SO14");
  EXPECT_TRUE(p["date_of_death"].is_null());
  EXPECT_EQ(p["registered_date"], "2001-09-01");
  // Conditions (2), spells S1 and S2, attendance A1, reablement R1, care
  // home admission C2.
  ASSERT_EQ(j["timeline"].size(), 7u);
  EXPECT_EQ(j["timeline"][0]["kind"], "condition");
  EXPECT_EQ(j["timeline"][0]["details"]["condition"], "heart_failure");
  EXPECT_EQ(j["timeline"][2]["kind"], "spell");
  EXPECT_EQ(j["timeline"][2]["id"], "S1");
  EXPECT_EQ(j["timeline"][2]["details"]["provider"], "RHM");
  EXPECT_EQ(j["timeline"][2]["details"]["discharged"], "2017-04-10");
}

TEST_F(PersonJson, PseudonymisedRecordHasNoIdentifiers) {
  const PersonRecord r = load("9990000018");
  nlohmann::json j = person_record_json_pseudonymised(r, "p-7f3a2c");
  EXPECT_FALSE(j.contains("nhs_number"));
  EXPECT_EQ(j["pseudonym"], "p-7f3a2c");
  EXPECT_EQ(j["registered"], true);
  const nlohmann::json& p = j["person"];
  for (const char* key :
       {"date_of_birth", "postcode_district", "registered_date", "date_of_death"}) {
    EXPECT_FALSE(p.contains(key)) << key;
  }
  EXPECT_EQ(p["age_band"], "65+");  // born 1950
  EXPECT_EQ(p["registered_year"], 2001);
  EXPECT_EQ(p["died"], false);
  EXPECT_EQ(p["sex"], "F");
  EXPECT_EQ(p["practice_code"], "J82001");
  EXPECT_EQ(p["practice_name"], "Bitterne Surgery");
  EXPECT_EQ(p["cluster_code"], "C1");
  EXPECT_EQ(p.size(), 8u);

  const std::string dump = j.dump();
  EXPECT_FALSE(has_ten_digits(dump)) << dump;
  EXPECT_EQ(dump.find("1950-03-15"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("SO14"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("2001-09-01"), std::string::npos) << dump;
  // The events are all there, as in the full record, but dated by month
  // and without the provider's ids; their details carry nothing about who
  // the person is, and their dates are months too.
  const nlohmann::json full = person_record_json(r)["timeline"];
  ASSERT_EQ(j["timeline"].size(), full.size());
  ASSERT_GE(full.size(), 3u);
  for (size_t i = 0; i < full.size(); ++i) {
    const auto& e = j["timeline"][i];
    EXPECT_EQ(e["kind"], full[i]["kind"]);
    EXPECT_EQ(e["date"], full[i]["date"].get<std::string>().substr(0, 7));
    EXPECT_TRUE(e["id"].is_null()) << e.dump();
    EXPECT_EQ(e["details"].size(), full[i]["details"].size());
  }
  EXPECT_EQ(full[2]["id"], "S1");
  EXPECT_FALSE(has_a_day(dump)) << dump;
}

TEST_F(PersonJson, PseudonymisedRecordOfSomeoneWhoDied) {
  nlohmann::json j = person_record_json_pseudonymised(load("9990000050"), "p-1");
  EXPECT_EQ(j["person"]["died"], true);
  EXPECT_EQ(j["person"]["age_band"], "65+");  // born 1930
  EXPECT_TRUE(j["person"]["registered_year"].is_null());
  const std::string dump = j.dump();
  EXPECT_EQ(dump.find("2018-01-10"), std::string::npos) << dump;  // the date of death
  EXPECT_FALSE(has_a_day(dump)) << dump;
  EXPECT_EQ(dump.find("1930-02-28"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("SO16"), std::string::npos) << dump;
  EXPECT_FALSE(has_ten_digits(dump)) << dump;
}

TEST_F(PersonJson, AgeBandIsTakenToday) {
  // Born 2010-01-05: a child until 2028.
  nlohmann::json j = person_record_json_pseudonymised(load("9990000042"), "p-2");
  const int age = age_at(*Date::parse("2010-01-05"), Date::today_utc());
  EXPECT_EQ(j["person"]["age_band"], std::string(age_band_label(age_band_of(age))));
  EXPECT_EQ(j["person"]["age_band"], age < 18 ? "0-17" : "18-64");
  EXPECT_EQ(j["person"]["registered_year"], 2010);
}

TEST_F(PersonJson, PseudonymisedUnlinkedRecordHasOnlyItsActivity) {
  nlohmann::json j = person_record_json_pseudonymised(load("9990000069"), "p-3");
  EXPECT_EQ(j["registered"], false);
  EXPECT_FALSE(j.contains("person"));
  EXPECT_FALSE(j.contains("nhs_number"));
  ASSERT_EQ(j["timeline"].size(), 1u);
  EXPECT_TRUE(j["timeline"][0]["id"].is_null());
  EXPECT_EQ(j["timeline"][0]["date"].get<std::string>().size(), 7u);
  EXPECT_FALSE(has_ten_digits(j.dump())) << j.dump();
}

TEST(PersonJsonDetails, IdentifyingDetailsAreDroppedFromThePseudonymisedForm) {
  PersonRecord r;
  r.nhs_number = *NhsNumber::parse("9990000018");
  r.timeline.push_back(PersonEvent{"2017-04-03",
                                   "spell",
                                   "S1",
                                   {{"provider", "RHM"},
                                    {"date of birth", "1950-03-15"},
                                    {"Postcode district", "SO14"},
                                    {"patient_nhs_number", "9990000018"},
                                    {"discharged", "2017-04-10"}}});
  nlohmann::json full = person_record_json(r);
  EXPECT_EQ(full["timeline"][0]["details"].size(), 5u);
  nlohmann::json j = person_record_json_pseudonymised(r, "p-4");
  EXPECT_EQ(j["timeline"][0]["details"],
            (nlohmann::json{{"provider", "RHM"}, {"discharged", "2017-04"}}));
  EXPECT_EQ(j["timeline"][0]["date"], "2017-04");
  EXPECT_FALSE(has_ten_digits(j.dump()));
}

// A person registered with no GP practice (from FHIR) has no practice and
// no cluster: null in both forms, not an empty code.
TEST(PersonJsonDetails, APersonWithNoPracticeHasNullPracticeAndCluster) {
  PersonRecord r;
  r.nhs_number = *NhsNumber::parse("9990000018");
  r.details =
      PersonDetails{"1950-03-15", "F", "", "", "", "", std::nullopt, std::nullopt, std::nullopt};
  for (const nlohmann::json& j :
       {person_record_json(r), person_record_json_pseudonymised(r, "P0123456789abcdef")}) {
    for (const char* k : {"practice_code", "practice_name", "cluster_code", "cluster_name"}) {
      ASSERT_TRUE(j["person"].contains(k)) << k;
      EXPECT_TRUE(j["person"][k].is_null()) << k << " " << j.dump();
    }
    EXPECT_EQ(j["person"]["sex"], "F");
  }
  r.details->practice_code = "J82001";
  r.details->cluster_code = "C1";
  EXPECT_EQ(person_record_json(r)["person"]["practice_code"], "J82001");
  EXPECT_EQ(person_record_json(r)["person"]["cluster_code"], "C1");
}

}  // namespace
}  // namespace bc
