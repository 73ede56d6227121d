// A person's record over HTTP (docs/security.md, "Person records"): a
// clinician sees the identified record of people registered in their own
// cluster and nobody else's, an analyst sees the pseudonymised record by
// pseudonym only, and every look and every refusal is in the audit log.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

class PersonRecords : public HttpTest {
 protected:
  // Audit entries of the API's search (as admin), newest first.
  static nlohmann::json audit(const std::string& query) {
    Reply r = get("/api/v1/audit?" + query, &as("admin"));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.json();
  }
  static int count(const nlohmann::json& entries, const std::string& actor,
                   const std::string& action, const std::string& subject) {
    int n = 0;
    for (const auto& e : entries) {
      n += e["actor"] == actor && e["action"] == action && e["subject"] == subject;
    }
    return n;
  }
};

TEST_F(PersonRecords, ClinicianSeesTheirOwnClustersPersonAndTheLookIsAudited) {
  const std::string nhs = who().c1;
  Reply r = get("/api/v1/persons/" + nhs, &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  nlohmann::json j = r.json();
  EXPECT_EQ(j["nhs_number"], nhs);
  EXPECT_EQ(j["person"]["cluster_code"], "C1");
  EXPECT_TRUE(j["person"]["date_of_birth"].is_string());
  EXPECT_FALSE(j["timeline"].empty());  // the chosen person has hospital spells
  EXPECT_EQ(count(audit("actor=clin&action=view_person"), "clin", "view_person", nhs), 1);
  // The same look through the page is audited too.
  Reply page = get("/person?nhs=" + nhs, &as("clin"));
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_NE(page.body.find(nhs.substr(0, 3)), std::string::npos);
  EXPECT_EQ(count(audit("actor=clin&action=view_person"), "clin", "view_person", nhs), 2);
}

TEST_F(PersonRecords, EveryCodeOnTheRecordIsShownWithItsMeaning) {
  const std::string nhs = who().c1;
  nlohmann::json j = get("/api/v1/persons/" + nhs, &as("clin")).json();
  Reply page = get("/person?nhs=" + nhs, &as("clin"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  int spells = 0;
  for (const auto& e : j["timeline"]) {
    if (e["kind"] != "spell") continue;
    ++spells;
    const auto& d = e["details"];
    xmlNodePtr row = doc.one("//table[contains(@class,'timeline')]//tr[td[3]='" +
                             e["id"].get<std::string>() + "']");
    ASSERT_NE(row, nullptr) << e.dump();
    const std::string details = HtmlDoc::text(doc.one("./td[4]", row));
    // "admission method: 21 (emergency: via A&E)", "discharge destination:
    // 19 (usual place of residence)": never a bare code.
    for (const char* key : {"admission method", "discharge destination"}) {
      if (!d.contains(key)) continue;
      const std::string code = d[key];
      EXPECT_NE(details.find(std::string(key) + ": " + code + " ("), std::string::npos)
          << key << " " << code << " in: " << details;
    }
    if (d.contains("provider")) {
      EXPECT_NE(details.find("provider: " + d["provider"].get<std::string>() + " ("),
                std::string::npos)
          << details;
    }
  }
  EXPECT_GE(spells, 1);
}

TEST_F(PersonRecords, ClinicianIsRefusedAlikeForAnotherClusterAnUnregisteredAndANonexistentPerson) {
  std::vector<Reply> replies;
  for (const std::string& nhs : {who().c2, who().unlinked, who().nonexistent}) {
    Reply r = get("/api/v1/persons/" + nhs, &as("clin"));
    EXPECT_EQ(r.status, 403) << nhs << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "forbidden");
    EXPECT_EQ(r.body.find(nhs), std::string::npos) << "the refusal repeats the NHS number";
    replies.push_back(r);
  }
  // The same answer, so that it does not tell whether the person exists.
  EXPECT_EQ(replies[0].body, replies[1].body);
  EXPECT_EQ(replies[0].body, replies[2].body);
  Reply page = get("/person?nhs=" + who().c2, &as("clin"));
  EXPECT_EQ(page.status, 403) << page.describe();
  // Each attempt is in the audit log: through the API ...
  nlohmann::json entries = audit("actor=clin&action=view_person_denied");
  EXPECT_EQ(count(entries, "clin", "view_person_denied", who().c2), 2);  // API and page
  EXPECT_EQ(count(entries, "clin", "view_person_denied", who().unlinked), 1);
  EXPECT_EQ(count(entries, "clin", "view_person_denied", who().nonexistent), 1);
  EXPECT_EQ(count(audit("actor=clin&action=view_person"), "clin", "view_person", who().c2), 0);
  // ... and at the terminal.
  RunResult cli_audit = cli({"audit", "--limit", "1000"});
  ASSERT_EQ(cli_audit.code, 0) << cli_audit.err;
  bool found = false;
  std::istringstream lines(cli_audit.out);
  for (std::string line; std::getline(lines, line);) {
    found |= line.find("clin") != std::string::npos &&
             line.find("view_person_denied") != std::string::npos &&
             line.find(who().c2) != std::string::npos;
  }
  EXPECT_TRUE(found) << cli_audit.out;
}

TEST_F(PersonRecords, ClinicianAsksWithAMalformedNhsNumber) {
  for (const std::string key : {"1234567890", "999000001", "abc", "%27%20OR%201%3D1%20--"}) {
    Reply r = get("/api/v1/persons/" + key, &as("clin"));
    // Not an NHS number at all (a wrong check digit, too short, letters).
    EXPECT_EQ(r.status, 400) << key << ": " << r.describe();
    EXPECT_EQ(r.json()["error"]["code"], "bad_request") << key;
  }
  EXPECT_TRUE(healthy());
}

TEST_F(PersonRecords, AnalystGetsThePseudonymisedRecordByPseudonym) {
  const std::string nhs = who().c1;
  const std::string pseudonym = pseudonym_of(pseudonym_key(db()), nhs);
  ASSERT_EQ(pseudonym.size(), 17u);
  Reply r = get("/api/v1/persons/" + pseudonym, &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  nlohmann::json j = r.json();
  EXPECT_EQ(j["pseudonym"], pseudonym);
  EXPECT_EQ(j["person"]["cluster_code"], "C1");
  EXPECT_TRUE(j["person"]["age_band"].is_string());
  EXPECT_FALSE(j["timeline"].empty());
  std::set<std::string> keys;
  collect_keys(j, &keys);
  for (const char* k : {"nhs_number", "date_of_birth", "postcode_district", "postcode",
                        "registered_date", "date_of_death"}) {
    EXPECT_EQ(keys.count(k), 0u) << "the pseudonymised record has " << k;
  }
  EXPECT_EQ(r.body.find(nhs), std::string::npos);
  EXPECT_FALSE(has_nhs_number(r.body)) << r.body;
  // The identified record, for comparison: the same events, dated by
  // month only, without the providers' ids (docs/security.md, "What an
  // analyst sees"): no day of any event, so no date of death.
  Reply identified = get("/api/v1/persons/" + nhs, &as("clin"));
  ASSERT_EQ(identified.status, 200);
  const nlohmann::json ident = identified.json();
  ASSERT_EQ(ident["timeline"].size(), j["timeline"].size());
  for (size_t i = 0; i < j["timeline"].size(); ++i) {
    const auto& full = ident["timeline"][i];
    EXPECT_TRUE(j["timeline"][i]["id"].is_null());
    EXPECT_FALSE(full["id"].is_null());
    EXPECT_EQ(j["timeline"][i]["date"], full["date"].get<std::string>().substr(0, 7));
  }
  EXPECT_FALSE(std::regex_search(r.body, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}"))) << r.body;
  const nlohmann::json dob = ident["person"]["date_of_birth"];
  ASSERT_TRUE(dob.is_string());
  EXPECT_EQ(r.body.find(dob.get<std::string>()), std::string::npos) << "date of birth shown";

  // The page shows the same and no NHS number either.
  Reply page = get("/person?pseudonym=" + pseudonym, &as("analyst"));
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_NE(page.body.find(pseudonym), std::string::npos);
  EXPECT_EQ(page.body.find(nhs), std::string::npos);
  EXPECT_FALSE(has_nhs_number(HtmlDoc::text(HtmlDoc(page.body).one("//main"))));
  nlohmann::json entries = audit("actor=analyst&action=view_person_pseudonymised");
  EXPECT_EQ(count(entries, "analyst", "view_person_pseudonymised", pseudonym), 2);
}

TEST_F(PersonRecords, AnalystIsRefusedByNhsNumberAndTheAttemptIsAudited) {
  const std::string nhs = who().c1;
  Reply r = get("/api/v1/persons/" + nhs, &as("analyst"));
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(r.json()["error"]["code"], "forbidden");
  EXPECT_FALSE(has_nhs_number(r.body));
  EXPECT_EQ(get("/person?nhs=" + nhs, &as("analyst")).status, 403);
  EXPECT_GE(
      count(audit("actor=analyst&action=view_person_denied"), "analyst", "view_person_denied", nhs),
      1);
  // A pseudonym nobody has.
  Reply unknown = get("/api/v1/persons/P0000000000000000", &as("analyst"));
  EXPECT_EQ(unknown.status, 404) << unknown.describe();
  EXPECT_EQ(unknown.json()["error"]["code"], "not_found");
}

TEST_F(PersonRecords, DataQualityGivesAnalystsUnlinkedPeopleAsPseudonymsOnly) {
  const std::string key = pseudonym_key(db());
  Reply r = get("/api/v1/data-quality", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  nlohmann::json list = r.json()["unlinked_pseudonyms"];
  ASSERT_TRUE(list.is_array()) << r.body.substr(0, 500);
  std::set<std::string> got;
  for (const auto& p : list) got.insert(p.get<std::string>());
  const std::set<std::string> expected = {pseudonym_of(key, who().unlinked),
                                          pseudonym_of(key, who().unlinked2)};
  EXPECT_EQ(got, expected);
  // In pseudonym order, not the NHS numbers' order.
  std::vector<std::string> in_order;
  for (const auto& p : list) in_order.push_back(p.get<std::string>());
  EXPECT_TRUE(std::is_sorted(in_order.begin(), in_order.end())) << list.dump();
  EXPECT_EQ(r.body.find(who().unlinked), std::string::npos);
  EXPECT_FALSE(has_nhs_number(r.body));

  Reply admin = get("/api/v1/data-quality", &as("admin"));
  ASSERT_EQ(admin.status, 200);
  EXPECT_FALSE(admin.json().contains("unlinked_pseudonyms"));
  EXPECT_EQ(admin.json()["sources"], r.json()["sources"]);
  EXPECT_FALSE(has_nhs_number(admin.body));

  // The data page: pseudonyms for the analyst, none for the admin.
  Reply page = get("/data", &as("analyst"));
  ASSERT_EQ(page.status, 200);
  for (const std::string& p : expected) EXPECT_NE(page.body.find(p), std::string::npos) << p;
  EXPECT_EQ(page.body.find(who().unlinked), std::string::npos);
  Reply admin_page = get("/data", &as("admin"));
  ASSERT_EQ(admin_page.status, 200);
  for (const std::string& p : expected) EXPECT_EQ(admin_page.body.find(p), std::string::npos);
}

TEST_F(PersonRecords, AnUnlinkedPersonsPseudonymFindsNoRecord) {
  // The only pseudonyms the server hands out are those of unlinked
  // (unregistered) people: they have no joined record.
  const std::string key = pseudonym_key(db());
  Reply r = get("/api/v1/persons/" + pseudonym_of(key, who().unlinked), &as("analyst"));
  EXPECT_EQ(r.status, 404) << r.describe();
}

// A person registered with no GP practice (FHIR brings them): in no
// practice and no cluster, so no clinician's; an analyst's record of them
// says so, with null practice and cluster, not empty ones.
TEST_F(PersonRecords, APersonWithNoPracticeIsShownAsInNoPracticeOrCluster) {
  const std::string nhs = "9990500037";
  // A FHIR Patient with no general practitioner, imported as FHIR is.
  const std::string bundle = "no_practice.json";
  write_file(fs::path(db()).parent_path() / bundle,
             R"({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {)"
             R"("resourceType": "Patient", "id": "p1", "identifier": [{"system": )"
             R"("https://fhir.nhs.uk/Id/nhs-number", "value": ")" +
                 nhs + R"("}], "gender": "female", "birthDate": "1940-02-01"}}]})");
  RunResult imported = cli({"import", bundle});  // named as in the test's directory
  ASSERT_EQ(imported.code, 0) << imported.err;
  // The data page records the file itself, as read.
  Reply data = get("/data", &as("analyst"));
  ASSERT_EQ(data.status, 200) << data.describe();
  EXPECT_NE(HtmlDoc::text(HtmlDoc(data.body).one("//p[contains(@class,'source')]"))
                .find(bundle + " (FHIR, 1 resource, "),
            std::string::npos)
      << data.body.substr(0, 3000);
  EXPECT_EQ(get("/api/v1/persons/" + nhs, &as("clin")).status, 403);
  const std::string pseudonym = pseudonym_of(pseudonym_key(db()), nhs);
  // The server looks for new imports every 2 seconds.
  Reply r = get("/api/v1/persons/" + pseudonym, &as("analyst"));
  for (int i = 0; i < 60 && r.status == 404; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    r = get("/api/v1/persons/" + pseudonym, &as("analyst"));
  }
  ASSERT_EQ(r.status, 200) << r.describe();
  for (const char* k : {"practice_code", "practice_name", "cluster_code", "cluster_name"}) {
    EXPECT_TRUE(r.json()["person"][k].is_null()) << k << ": " << r.body;
  }
  Reply page = get("/person?pseudonym=" + pseudonym, &as("analyst"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  EXPECT_EQ(HtmlDoc::text(doc.one("//dd[@data-field='practice_code']")),
            "None: not registered with a GP practice (counts city-wide, in no cluster)");
  EXPECT_EQ(doc.one("//dd[@data-field='cluster_code']"), nullptr);
}

}  // namespace
}  // namespace bc::test
