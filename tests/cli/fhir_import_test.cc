// FHIR R4 in, end to end: Bundles and NDJSON through `bettercare import`
// (ingest/fhir.h), on the small fixture's practices and providers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

using nlohmann::json;

class FhirImport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    for (const char* k : {"partners", "practices", "providers", "persons"}) {
      RunResult r = run_bc(dir_, {"import", fixture(std::string("small/") + k + ".csv").string()});
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }
  fs::path db() const { return dir_ / "bettercare.db"; }
  std::string bundle(const char* name) const { return fixture(std::string("fhir/") + name); }
  TempDir dir_;
};

TEST_F(FhirImport, ABadBundleIsRejectedEntryByEntryAndTheStoreIsUnchanged) {
  const StoreFingerprint before = fingerprint(db());
  RunResult r = run_bc(dir_, {"import", bundle("bad_bundle.json")});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("import rejected, nothing was changed: 3 problems found"), std::string::npos)
      << r.err;
  const std::string file = bundle("bad_bundle.json");
  // A bad NHS number, an encounter before the patient's birth and an
  // unknown code system, each at its entry and field.
  EXPECT_NE(r.err.find(file + ":entry[0]: Patient.identifier[0].value: 9990000019: check digit"),
            std::string::npos)
      << r.err;
  EXPECT_NE(
      r.err.find(file + ":entry[2]: Encounter.period.start: 1999-05-01T10:00:00Z: the encounter "
                        "starts before the patient's birth (2000-01-01)"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":entry[3]: Condition.code.coding[0].system: "
                              "http://example.org/local-codes: not a code system bettercare reads"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(fingerprint(db()), before);
}

TEST_F(FhirImport, AGoodBundleImportsAndPersonShowsTheEncounters) {
  RunResult r = run_bc(dir_, {"import", bundle("good_bundle.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  // What was used and what was read and not used, each counted.
  EXPECT_NE(r.out.find("FHIR: 1 file, 7 resources used, 3 read and not used."), std::string::npos)
      << r.out;
  for (const char* line :
       {"not used          1  Observation", "not used          1  Encounter class AMB",
        "not used          1  Condition (resolved or inactive)",
        "used              1  Encounter class IMP: spells"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  }
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM spells WHERE spell_id = 'enc-imp-1'"), 1);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM ae_attendances"), 1);
  // The history records the Bundle itself, as read, beside what was made
  // from it.
  RunResult h = run_bc(dir_, {"imports", "--format", "json"});
  ASSERT_EQ(h.code, 0) << h.err;
  const json sources = json::parse(h.out).back()["sources"];
  ASSERT_EQ(sources.size(), 1u) << h.out;
  EXPECT_EQ(sources[0]["path"], bundle("good_bundle.json"));
  EXPECT_EQ(sources[0]["format"], "fhir");
  EXPECT_EQ(sources[0]["sha256"], sha256sum(bundle("good_bundle.json")));
  EXPECT_EQ(sources[0]["bytes"], static_cast<int64_t>(fs::file_size(bundle("good_bundle.json"))));
  EXPECT_EQ(sources[0]["resources"], 10);  // 7 used, 3 not
  RunResult ht = run_bc(dir_, {"imports"});
  EXPECT_NE(ht.out.find("made from " + bundle("good_bundle.json") + " (10 resources"),
            std::string::npos)
      << ht.out;

  RunResult a = run_bc(dir_, {"person", "9990001006", "--format", "json"});
  ASSERT_EQ(a.code, 0) << a.err;
  json pa = json::parse(a.out);
  EXPECT_EQ(pa["person"]["practice_code"], "J82001");
  EXPECT_EQ(pa["person"]["postcode_district"], "SO14");
  EXPECT_EQ(pa["person"]["sex"], "M");
  std::map<std::string, json> events;
  for (const json& e : pa["timeline"]) events[e["kind"].get<std::string>()] = e;
  ASSERT_TRUE(events.count("spell")) << a.out;
  EXPECT_EQ(events["spell"]["id"], "enc-imp-1");
  EXPECT_EQ(events["spell"]["date"], "2017-06-01");
  const std::string spell = events["spell"]["details"].dump();
  // Rank 1's Condition is the primary diagnosis; the reason's ICD-10 code
  // a secondary one; the UK Core extensions give method and destination.
  for (const char* v : {"\"J189\"", "\"I509\"", "\"21\"", "\"19\"", "\"RHM\"", "2017-06-05"}) {
    EXPECT_NE(spell.find(v), std::string::npos) << v << " in " << spell;
  }
  ASSERT_TRUE(events.count("condition")) << a.out;
  EXPECT_EQ(events["condition"]["date"], "2016-01-12");
  EXPECT_EQ(events["condition"]["details"]["condition"], "heart_failure");  // SNOMED 84114007

  // The patient with no GP is an unregistered person: kept, with no
  // practice, and the emergency encounter is an A&E attendance.
  RunResult b = run_bc(dir_, {"person", "9990001014"});
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_NE(b.out.find("Practice    none: not registered with a GP practice"), std::string::npos)
      << b.out;
  EXPECT_NE(b.out.find("2017-07-10T14:30:00 ae_attendance        enc-emer-1"), std::string::npos)
      << b.out;
  EXPECT_NE(b.out.find("Died        2018-02-03"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("condition: dementia"), std::string::npos) << b.out;
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM persons WHERE practice_code IS NULL"), 1);
  RunResult bj = run_bc(dir_, {"person", "9990001014", "--format", "json"});
  ASSERT_EQ(bj.code, 0) << bj.err;
  EXPECT_TRUE(json::parse(bj.out)["person"]["practice_code"].is_null()) << bj.out;
  EXPECT_TRUE(json::parse(bj.out)["person"]["cluster_code"].is_null()) << bj.out;

  // Importing it again replaces what it wrote, adding nothing.
  const int64_t rows = query_int(db(), "SELECT count(*) FROM spells") +
                       query_int(db(), "SELECT count(*) FROM persons") +
                       query_int(db(), "SELECT count(*) FROM conditions");
  RunResult again = run_bc(dir_, {"import", bundle("good_bundle.json")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("6 rows (0 new, 6 replaced)"), std::string::npos) << again.out;
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM spells") +
                query_int(db(), "SELECT count(*) FROM persons") +
                query_int(db(), "SELECT count(*) FROM conditions"),
            rows);
}

TEST_F(FhirImport, AnUnregisteredPersonCountsCityWideAndInNoCluster) {
  ASSERT_EQ(run_bc(dir_, {"import", bundle("good_bundle.json")}).code, 0);
  auto values = [&](const std::vector<std::string>& by) {
    std::vector<std::string> args = {"metrics",        "--period", "2017/18", "--metric",
                                     "ae_attendances", "--format", "json"};
    args.insert(args.end(), by.begin(), by.end());
    RunResult r = run_bc(dir_, args);
    EXPECT_EQ(r.code, 0) << r.err;
    std::map<std::string, json> out;
    for (const json& m : json::parse(r.out)) {
      out[m["group"].empty() ? "city" : m["group"]["cluster"].dump()] = m["value"];
    }
    return out;
  };
  // The one attendance, by the person with no GP: city-wide, and in no
  // cluster (the breakdown's null cluster), not in C1 or C2.
  auto city = values({});
  EXPECT_EQ(city["city"], 1);
  auto clusters = values({"--by", "cluster"});
  EXPECT_EQ(clusters["\"C1\""], 0);
  EXPECT_EQ(clusters["\"C2\""], 0);
  EXPECT_EQ(clusters["null"], 1);
}

// A file of NDJSON: problems are located by line.
TEST_F(FhirImport, NdjsonIsReadLineByLineAndProblemsNameTheLine) {
  write_file(
      dir_.path() / "Patient.ndjson",
      R"({"resourceType":"Patient","id":"p1","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990001030"}],"gender":"female","birthDate":"1944-02-02"})"
      "\n\n"
      R"({"resourceType":"Patient","id":"p2","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990001049"}],"gender":"male","birthDate":"1948"})"
      "\n");
  write_file(
      dir_.path() / "Encounter.ndjson",
      R"({"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"EMER"},"subject":{"reference":"Patient/p1"},"serviceProvider":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"RHM"}},"period":{"start":"2017-09-09T09:09:00Z"}})"
      "\n{not json\n");
  const StoreFingerprint before = fingerprint(db());
  RunResult r = run_bc(dir_, {"import", (dir_.path() / "Patient.ndjson").string(),
                              (dir_.path() / "Encounter.ndjson").string()});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("Patient.ndjson:3: Patient.birthDate: 1948: a whole date of birth"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Encounter.ndjson:2: (line): -: not valid JSON"), std::string::npos)
      << r.err;
  EXPECT_EQ(fingerprint(db()), before);

  // Mended, the directory imports: its .ndjson files are read.
  write_file(
      dir_.path() / "Patient.ndjson",
      R"({"resourceType":"Patient","id":"p1","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990001030"}],"gender":"female","birthDate":"1944-02-02"})"
      "\n");
  write_file(
      dir_.path() / "Encounter.ndjson",
      R"({"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"EMER"},"subject":{"reference":"Patient/p1"},"serviceProvider":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"RHM"}},"period":{"start":"2017-09-09T09:09:00Z"}})"
      "\n");
  fs::create_directory(dir_.path() / "bulk");
  fs::rename(dir_.path() / "Patient.ndjson", dir_.path() / "bulk" / "Patient.ndjson");
  fs::rename(dir_.path() / "Encounter.ndjson", dir_.path() / "bulk" / "Encounter.ndjson");
  RunResult ok = run_bc(dir_, {"import", (dir_.path() / "bulk").string()});
  ASSERT_EQ(ok.code, 0) << ok.err;
  // Each NDJSON file is recorded as read, one resource a line.
  const json sources =
      json::parse(run_bc(dir_, {"imports", "--format", "json"}).out).back()["sources"];
  ASSERT_EQ(sources.size(), 2u);
  for (const json& f : sources) {
    EXPECT_EQ(f["sha256"], sha256sum(f["path"].get<std::string>())) << f.dump();
    EXPECT_EQ(f["resources"], 1) << f.dump();
  }
  EXPECT_EQ(query_text(db(), "SELECT arrival FROM ae_attendances WHERE attendance_id = 'e1'"),
            "2017-09-09T09:09:00");
}

// Synthea's shape: no NHS numbers, no ODS codes, no ICD-10 diagnoses.
std::string synthea_bundle(const std::string& patient_id, const std::string& birth) {
  return R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"fullUrl":"urn:uuid:org-1","resource":{"resourceType":"Organization","id":"org-1",
      "identifier":[{"system":"https://github.com/synthetichealth/synthea","value":"org-1"}],
      "name":"Synthetic General Hospital"}},
    {"fullUrl":"urn:uuid:)" +
         patient_id + R"(","resource":{"resourceType":"Patient","id":")" + patient_id +
         R"(",
      "identifier":[{"system":"https://github.com/synthetichealth/synthea","value":")" +
         patient_id + R"("}],
      "gender":"female","birthDate":")" +
         birth + R"(","address":[{"postalCode":"01060"}]}},
    {"fullUrl":"urn:uuid:enc-)" +
         patient_id + R"(","resource":{"resourceType":"Encounter","id":"enc-)" + patient_id +
         R"(","status":"finished",
      "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
      "subject":{"reference":"urn:uuid:)" +
         patient_id + R"("},
      "serviceProvider":{"reference":"Organization?identifier=https://github.com/synthetichealth/synthea|org-1"},
      "period":{"start":"2017-10-01T10:00:00-04:00","end":"2017-10-03T10:00:00-04:00"}}}]})";
}

TEST_F(FhirImport, TestDataWithoutNhsNumbersGetsTheSameTestNumbersEveryRun) {
  write_file(dir_.path() / "a.json", synthea_bundle("aaaa-1111", "1950-05-05"));
  write_file(dir_.path() / "b.json", synthea_bundle("bbbb-2222", "1960-06-06"));
  const std::string a = (dir_.path() / "a.json").string(), b = (dir_.path() / "b.json").string();

  // Without the test-data mode, a patient must have an NHS number.
  RunResult refused = run_bc(dir_, {"import", a});
  EXPECT_EQ(refused.code, 3);
  EXPECT_NE(refused.err.find("a.json:entry[1]: Patient.identifier: (missing): no NHS number"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(run_bc(dir_, {"import", "--assign-test-nhs-numbers", a}).code, 2);

  RunResult r = run_bc(dir_, {"import", "--assign-test-nhs-numbers", "--mapping", "map.csv", a, b});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Test NHS numbers: 2 mapped, in map.csv"), std::string::npos) << r.out;
  // The US postcode is left out, and the missing diagnosis said, as warnings.
  EXPECT_NE(r.err.find("not a UK postcode"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("recorded as R69"), std::string::npos) << r.err;
  const std::string map = read_file(dir_.path() / "map.csv");
  EXPECT_EQ(map.rfind("source_system,source_id,nhs_number\n", 0), 0u) << map;
  EXPECT_EQ(std::count(map.begin(), map.end(), '\n'), 3) << map;
  EXPECT_EQ(query_int(db(),
                      "SELECT count(*) FROM persons WHERE practice_code IS NULL AND "
                      "nhs_number BETWEEN 9990000000 AND 9999999999"),
            2);
  // The organisation is a provider with a test code, and the spells name it.
  EXPECT_EQ(query_int(db(),
                      "SELECT count(*) FROM spells s JOIN providers p ON "
                      "p.provider_code = s.provider_code WHERE p.provider_code LIKE 'T%' "
                      "AND p.provider_name = 'Synthetic General Hospital'"),
            2);

  // Another store, the files named the other way round and no mapping:
  // the same numbers.
  TempDir other;
  ASSERT_EQ(run_bc(other, {"init"}).code, 0);
  ASSERT_EQ(run_bc(other, {"import", fixture("small/practices.csv").string()}).code, 0);
  RunResult again =
      run_bc(other, {"import", "--assign-test-nhs-numbers", "--mapping", "map.csv", b, a});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(read_file(other.path() / "map.csv"), map);

  // Imported again with its mapping, a patient keeps its number.
  RunResult kept = run_bc(dir_, {"import", "--assign-test-nhs-numbers", "--mapping", "map.csv", a});
  ASSERT_EQ(kept.code, 0) << kept.err;
  EXPECT_EQ(read_file(dir_.path() / "map.csv"), map);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM persons WHERE practice_code IS NULL"), 2);
}

TEST_F(FhirImport, HostileFilesAreRefusedWithTheReason) {
  const StoreFingerprint before = fingerprint(db());
  std::string deep = R"({"resourceType":"Bundle","type":"collection","entry":[)";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  deep += "]}";
  write_file(dir_.path() / "deep.json", deep);
  write_file(dir_.path() / "notfhir.json", R"({"hello":"world"})");
  write_file(dir_.path() / "search.json",
             R"({"resourceType":"Bundle","type":"document","entry":[]})");
  RunResult r = run_bc(
      dir_, {"import", (dir_.path() / "deep.json").string(),
             (dir_.path() / "notfhir.json").string(), (dir_.path() / "search.json").string()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("deep.json:0: (file): -: nested more than 64 levels deep"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("notfhir.json:0: resourceType: (missing): not a FHIR resource"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("search.json:0: Bundle.type: document: a Bundle bettercare imports is"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(fingerprint(db()), before);
}

}  // namespace
}  // namespace bc::test
