// Care plans over HTTP (docs/care-plans.md, docs/security.md "Care
// plans"): a clinician reads and writes the plans of people registered in
// their own cluster and nobody else's (403, audited); the forms and the
// API refuse by field what breaks a plan's rules and write nothing; the
// register shows who has a plan and the coverage changes when one is
// agreed; the reviews due list is the care team's.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

class CarePlans : public HttpTest {
 protected:
  // A C1 person on the at-risk register (the model's top 5% as at the
  // data's date) with no care plan: the one the tests write a plan for.
  static std::string register_person_without_plan() {
    Reply r = get("/api/v1/clusters/C1/register", &as("clin"));
    EXPECT_EQ(r.status, 200) << r.describe();
    const nlohmann::json reg = r.json();  // kept alive: the loop walks inside it
    for (const auto& e : reg["entries"]) {
      const std::string nhs = e["nhs_number"];
      if (query_int(db(), "SELECT count(*) FROM care_plans WHERE nhs_number = " + nhs) == 0)
        return nhs;
    }
    return "";
  }
  static int audits(const std::string& action, const std::string& subject_prefix) {
    return static_cast<int>(
        query_int(db(), "SELECT count(*) FROM audit_log WHERE actor = 'clin' AND action = '" +
                            action + "' AND subject LIKE '" + subject_prefix + "%'"));
  }
  static Reply form(const std::string& path, const std::string& nhs,
                    std::vector<std::pair<std::string, std::string>> fields) {
    const Session& s = as("clin");
    fields.emplace_back("csrf", s.csrf);
    fields.emplace_back("nhs", nhs);
    return post_form(path, &s, fields);
  }
  // The register page's coverage line: "with_plan of register".
  static std::pair<std::string, std::string> coverage() {
    Reply page = get("/clusters/C1/register", &as("clin"));
    EXPECT_EQ(page.status, 200) << page.describe();
    HtmlDoc doc(page.body);
    auto p = doc.one("//p[@data-count='careplan_coverage']");
    return {HtmlDoc::attr(p, "data-with-plan"), HtmlDoc::attr(p, "data-register")};
  }
};

TEST_F(CarePlans, AClinicianCannotWriteAPlanForSomeoneOutsideTheirCluster) {
  const std::string other = who().c2;
  Reply r = form("/care-plans/draft", other,
                 {{"accountable_name", "A"},
                  {"accountable_role", "GP"},
                  {"accountable_org", "CCG"},
                  {"goals", "To stay at home"}});
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(audits("write_care_plan_denied", other), 1);
  r = post(
      "/api/v1/persons/" + other + "/care-plans/draft", &as("clin"),
      R"({"accountable_name":"A","accountable_role":"GP","accountable_org":"CCG","goals":"x"})");
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(r.json()["error"]["code"], "forbidden");
  EXPECT_EQ(audits("write_care_plan_denied", other), 2);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM care_plans WHERE nhs_number = " + other +
                                " AND batch_id > 1"),
            0);
  // Reading is refused alike, and other roles never see a plan.
  EXPECT_EQ(get("/care-plans?nhs=" + other, &as("clin")).status, 403);
  EXPECT_EQ(audits("view_care_plan_denied", other), 1);
  for (const char* role : {"analyst", "board", "admin"}) {
    EXPECT_EQ(get("/api/v1/persons/" + who().c1 + "/care-plans", &as(role)).status, 403) << role;
  }
}

TEST_F(CarePlans, WriteAgreeReviewAndSeeTheCoverageChange) {
  const std::string nhs = register_person_without_plan();
  ASSERT_EQ(nhs.size(), 10u) << "every C1 register person has a plan";
  const auto before = coverage();
  Reply r = form("/care-plans/draft", nhs,
                 {{"accountable_name", "Ade Okafor"},
                  {"accountable_role", "Community matron"},
                  {"accountable_org", "R1C"},
                  {"goals", "To stay at home, with \"my\" cat"},
                  {"consent_date", "2019-03-15"},
                  {"consent_recorded_by", "Ade Okafor"},
                  {"action_1", "Falls assessment"},
                  {"who_1", "Falls team"},
                  {"status_1", "planned"}});
  ASSERT_EQ(r.status, 303) << r.describe();
  EXPECT_EQ(coverage(), before);  // a draft is not a plan in force
  // A review more than six months after agreement: refused next to its field.
  r = form("/care-plans/agree", nhs, {{"agreed_date", "2019-03-20"}, {"review_due", "2019-12-01"}});
  ASSERT_EQ(r.status, 422) << r.describe();
  HtmlDoc doc(r.body);
  EXPECT_NE(HtmlDoc::text(doc.one("//p[@id='agree-review_due-error']"))
                .find("more than 6 months after the agreement"),
            std::string::npos);
  EXPECT_EQ(HtmlDoc::attr(doc.one("//input[@id='agree-review_due']"), "aria-invalid"), "true");
  r = form("/care-plans/agree", nhs, {{"agreed_date", "2019-03-20"}, {"review_due", ""}});
  ASSERT_EQ(r.status, 303) << r.describe();
  const auto after = coverage();
  EXPECT_EQ(std::stoi(after.first), std::stoi(before.first) + 1);
  EXPECT_EQ(after.second, before.second);

  // The agreed version is never edited: a change drafts version 2.
  r = post("/api/v1/persons/" + nhs + "/care-plans/draft", &as("clin"),
           R"({"accountable_name":"Ade Okafor","accountable_role":"Community matron",)"
           R"("accountable_org":"R1C","goals":"To walk to the shops"})");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.json()["version"], 2);
  Reply plans = get("/api/v1/persons/" + nhs + "/care-plans?at=2019-03-25", &as("clin"));
  ASSERT_EQ(plans.status, 200) << plans.describe();
  const nlohmann::json all = plans.json();
  const auto& p = all["plans"][0];
  EXPECT_EQ(p["state"], "under_review");
  EXPECT_EQ(p["versions"][0]["goals"], "To stay at home, with \"my\" cat");
  EXPECT_EQ(p["versions"][1]["status"], "draft");

  // A review; closing needs a reason (the draft is agreed first).
  r = form("/care-plans/review", nhs,
           {{"review_date", "2019-03-28"},
            {"reviewed_by", "Ade Okafor"},
            {"outcome", "continue"},
            {"next_review_due", "2019-09-28"}});
  EXPECT_EQ(r.status, 303) << r.describe();
  r = post("/api/v1/persons/" + nhs + "/care-plans/agree", &as("clin"),
           R"({"agreed_date":"2019-03-29"})");
  EXPECT_EQ(r.status, 422) << r.describe();  // version 2 has no consent recorded
  EXPECT_TRUE(r.json()["error"]["fields"].contains("consent_date")) << r.body;
  r = post("/api/v1/persons/" + nhs + "/care-plans/close", &as("clin"),
           R"({"closed_date":"2019-03-30","closed_reason":""})");
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_GE(audits("write_care_plan", nhs), 6);
  EXPECT_GE(audits("view_care_plan", nhs), 1);

  // The FHIR CarePlan of the version in force.
  Reply fhir = get("/api/v1/persons/" + nhs + "/care-plans/fhir?at=2019-03-25", &as("clin"));
  ASSERT_EQ(fhir.status, 200) << fhir.describe();
  EXPECT_EQ(fhir.json()["subject"]["identifier"]["value"], nhs);
  EXPECT_EQ(fhir.json()["activity"][0]["detail"]["description"], "Falls assessment");
}

// The printable plan (/care-plans/print): the goals of the plan's version
// in force, as its FHIR form has them, for the care team only, and
// audited as a look at the plan.
TEST_F(CarePlans, ThePrintablePlanIsThePlanInForceForTheCareTeamOnly) {
  std::string nhs;
  Reply r = get("/api/v1/clusters/C1/register", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const nlohmann::json reg = r.json();
  for (const auto& e : reg["entries"]) {
    const std::string n = e["nhs_number"];
    if (query_int(db(), "SELECT count(*) FROM care_plans WHERE nhs_number = " + n) > 0) {
      nhs = n;
      break;
    }
  }
  ASSERT_EQ(nhs.size(), 10u) << "no C1 register person has a plan";
  Reply fhir = get("/api/v1/persons/" + nhs + "/care-plans/fhir", &as("clin"));
  ASSERT_EQ(fhir.status, 200) << fhir.describe();
  const nlohmann::json plan = fhir.json();
  std::vector<std::string> goals;
  for (const auto& g : plan["contained"]) goals.push_back(g["description"]["text"]);
  ASSERT_FALSE(goals.empty()) << fhir.body;

  const int views = audits("view_care_plan", nhs + " print");
  Reply page = get("/care-plans/print?nhs=" + nhs, &as("clin"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  std::vector<std::string> shown;
  for (xmlNodePtr li :
       doc.all("//article[@class='printable-plan']/h2[1]/following-sibling::ul[1]/li"))
    shown.push_back(HtmlDoc::text(li));
  EXPECT_EQ(shown, goals);
  EXPECT_EQ(HtmlDoc::text(doc.one("//article[@class='printable-plan']/h2[1]")),
            "What matters to you");
  EXPECT_EQ(audits("view_care_plan", nhs + " print"), views + 1);

  // Outside the clinician's cluster: refused and audited; other roles: refused.
  const std::string other = who().c2;
  EXPECT_EQ(get("/care-plans/print?nhs=" + other, &as("clin")).status, 403);
  EXPECT_EQ(audits("view_care_plan_denied", other + " print"), 1);
  for (const char* role : {"analyst", "board", "admin"}) {
    EXPECT_EQ(get("/care-plans/print?nhs=" + nhs, &as(role)).status, 403) << role;
  }
  // A person of the cluster with no plan: nothing to print.
  const std::string none = register_person_without_plan();
  ASSERT_EQ(none.size(), 10u) << "every C1 register person has a plan";
  EXPECT_EQ(get("/care-plans/print?nhs=" + none, &as("clin")).status, 404);
}

TEST_F(CarePlans, TheReviewsDueListIsTheCareTeams) {
  Reply r = get("/clusters/C1/care-plans?at=2019-03-01", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  EXPECT_FALSE(doc.all("//table[contains(@class,'due')]//tbody/tr").empty());
  Reply api = get("/api/v1/clusters/C1/care-plans/due?at=2019-03-01&within=28", &as("clin"));
  ASSERT_EQ(api.status, 200) << api.describe();
  EXPECT_EQ(api.json()["rows"].size(), doc.all("//table[contains(@class,'due')]//tbody/tr").size());
  EXPECT_EQ(get("/clusters/C2/care-plans", &as("clin")).status, 403);
  EXPECT_EQ(get("/clusters/C1/care-plans", &as("analyst")).status, 403);
  EXPECT_EQ(get("/api/v1/clusters/C1/care-plans/due?within=9999", &as("clin")).status, 400);
}

TEST_F(CarePlans, TheMdtCaseListAndMeetingsAreTheCareTeams) {
  Reply r = get("/clusters/C1/mdt?at=2019-03-01", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  auto rows = doc.all("//table[contains(@class,'cases')]//tbody/tr");
  ASSERT_FALSE(rows.empty());
  const std::string nhs = HtmlDoc::attr(rows[0], "data-nhs");
  // Recorded whole: an unknown profession refuses it all.
  const Session& s = as("clin");
  Reply bad = post_form("/clusters/C1/mdt", &s,
                        {{"csrf", s.csrf},
                         {"at", "2019-03-01"},
                         {"date", "2019-02-28"},
                         {"name_1", "Sam Patel"},
                         {"profession_1", "surgeon"},
                         {"outcome_" + nhs, "refer"}});
  EXPECT_EQ(bad.status, 422) << bad.describe();
  EXPECT_NE(bad.body.find("profession"), std::string::npos);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM mdt_meetings"), 0);
  Reply ok = post_form("/clusters/C1/mdt", &s,
                       {{"csrf", s.csrf},
                        {"at", "2019-03-01"},
                        {"date", "2019-02-28"},
                        {"name_1", "Sam Patel"},
                        {"profession_1", "community matron"},
                        {"outcome_" + nhs, "refer"},
                        {"actions_" + nhs, "Refer to the falls clinic"}});
  EXPECT_EQ(ok.status, 303) << ok.describe();
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM mdt_discussions WHERE nhs_number = " + nhs), 1);
  EXPECT_EQ(query_int(db(), "SELECT count(*) FROM audit_log WHERE action = 'record_mdt'"), 2);
  // Nobody else sees a cluster's case list.
  EXPECT_EQ(get("/clusters/C2/mdt", &as("clin")).status, 403);
  EXPECT_EQ(get("/clusters/C1/mdt", &as("analyst")).status, 403);
  EXPECT_EQ(get("/clusters/C1/mdt", &as("board")).status, 403);
}

TEST_F(CarePlans, TheSinglePointOfAccessPageIsTheCareTeams) {
  Reply r = get("/clusters/C1/spa?at=2019-03-31", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.all("//table[contains(@class,'spa-times')]//tbody/tr").size(), 2u);
  // A new referral of a C1 person, triaged, then contacted.
  const Session& s = as("clin");
  Reply made = post_form("/clusters/C1/spa/refer", &s,
                         {{"csrf", s.csrf},
                          {"at", "2019-03-31"},
                          {"nhs", who().c1},
                          {"received", "2019-03-31T09:00"},
                          {"source", "gp"},
                          {"urgency", "urgent"},
                          {"reason", "Fell twice this week"}});
  ASSERT_EQ(made.status, 303) << made.describe();
  const std::string id = "S" + who().c1 + "-20190331090000";
  Reply bad = post_form("/clusters/C1/spa/triage", &s,
                        {{"csrf", s.csrf},
                         {"at", "2019-03-31"},
                         {"referral", id},
                         {"triaged", "2019-03-31T10:00"},
                         {"outcome", "declined"}});
  EXPECT_EQ(bad.status, 422) << bad.describe();
  EXPECT_NE(bad.body.find("declined_reason"), std::string::npos);
  Reply ok = post_form("/clusters/C1/spa/triage", &s,
                       {{"csrf", s.csrf},
                        {"at", "2019-03-31"},
                        {"referral", id},
                        {"triaged", "2019-03-31T10:00"},
                        {"outcome", "rapid_response"}});
  EXPECT_EQ(ok.status, 303) << ok.describe();
  Reply met = post_form("/clusters/C1/spa/contact", &s,
                        {{"csrf", s.csrf},
                         {"at", "2019-03-31"},
                         {"referral", id},
                         {"first_contact", "2019-03-31T13:00"}});
  EXPECT_EQ(met.status, 303) << met.describe();
  EXPECT_EQ(
      query_text(db(), "SELECT first_contact FROM spa_referrals WHERE referral_id = '" + id + "'"),
      "2019-03-31T13:00:00");
  // Another cluster's person, another cluster's page, another role: refused.
  Reply other = post_form("/clusters/C1/spa/refer", &s,
                          {{"csrf", s.csrf},
                           {"nhs", who().c2},
                           {"received", "2019-03-31T09:00"},
                           {"source", "gp"},
                           {"urgency", "urgent"},
                           {"reason", "x"}});
  EXPECT_EQ(other.status, 403) << other.describe();
  EXPECT_EQ(get("/clusters/C2/spa", &as("clin")).status, 403);
  EXPECT_EQ(get("/clusters/C1/spa", &as("board")).status, 403);
}

}  // namespace
}  // namespace bc::test
