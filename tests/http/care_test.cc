// Cluster care over HTTP (issue 16; docs/security.md, "Registers"): a
// clinician sees their own cluster's registers identified and no other
// cluster's, an analyst sees any cluster's pseudonymised, every other role
// sees counts only with small numbers suppressed, and every view is in the
// audit log before anything is shown.
#include <gtest/gtest.h>

#include <regex>

#include "server_fixture.h"

namespace bc::test {
namespace {

const std::regex kPseudonym(R"(P[0-9a-f]{16})");
const std::regex kFullDate(R"([0-9]{4}-[0-9]{2}-[0-9]{2})");
// The test store's data's own "today": the day after its last month of
// spells (2019-03), the registers' default date.
constexpr const char* kAt = "2019-04-01";

class Care : public HttpTest {
 protected:
  static nlohmann::json audit(const std::string& query) {
    Reply r = get("/api/v1/audit?limit=1000&" + query, &as("admin"));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.json();
  }
  static int count(const nlohmann::json& entries, const std::string& action,
                   const std::string& subject) {
    int n = 0;
    for (const auto& e : entries) n += e["action"] == action && e["subject"] == subject;
    return n;
  }
  // Every count a counts-only answer holds: 0, null (suppressed) or at
  // least 8, never 1 to 7.
  static void expect_no_small_count(const nlohmann::json& j, const std::string& where) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (v.is_number_integer() && k != "top_percent") {
          const int64_t n = v.get<int64_t>();
          EXPECT_TRUE(n == 0 || n >= 8) << where << ": " << k << " = " << n;
        }
        expect_no_small_count(v, where);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) expect_no_small_count(v, where);
    }
  }
  // The numbers of the page's cells and spans marked data-count.
  static std::vector<std::string> page_counts(const std::string& body) {
    static const std::regex kCell(R"re(data-count="[a-z_0-9]+">([^<]*)<)re");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), kCell);
         it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1].str());
    return out;
  }
  static void expect_page_counts_suppressed(const std::string& body, const std::string& where) {
    const auto counts = page_counts(body);
    EXPECT_FALSE(counts.empty()) << where;
    for (std::string c : counts) {
      c.erase(std::remove(c.begin(), c.end(), ','), c.end());
      if (c == "*") continue;
      const int64_t n = std::stoll(c);
      EXPECT_TRUE(n == 0 || n >= 8) << where << ": " << n;
    }
  }
};

TEST_F(Care, ClinicianSeesTheirOwnClustersRegisterIdentifiedAndEveryViewIsAudited) {
  Reply r = get("/api/v1/clusters/C1/register", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const nlohmann::json j = r.json();
  EXPECT_EQ(j["kind"], "risk");
  EXPECT_EQ(j["cluster"], "C1");
  EXPECT_EQ(j["at"], kAt);
  ASSERT_FALSE(j["entries"].empty());
  // The top 5% of the cluster's population, rounded up.
  const int64_t pop = j["population"].get<int64_t>();
  EXPECT_NEAR(static_cast<double>(j["size"].get<int64_t>()), static_cast<double>(pop) * 0.05, 1.0);
  int64_t rank = 0;
  for (const auto& e : j["entries"]) {
    EXPECT_EQ(e["rank"].get<int64_t>(), ++rank);
    ASSERT_TRUE(e["nhs_number"].is_string());
    EXPECT_EQ(e["nhs_number"].get<std::string>().size(), 10u);
    EXPECT_FALSE(e.contains("pseudonym"));
  }
  // Each leaver with a reason in words (the share's own among them).
  for (const auto& l : j["left"]) {
    const std::string why = l["reason"];
    EXPECT_TRUE(why == "died" || why == "no longer registered in the cluster" ||
                why == "no longer in the top 5%")
        << why;
  }
  EXPECT_EQ(count(audit("actor=clin&action=view_register"), "view_register",
                  std::string("risk register C1 at ") + kAt + " top 5% (api)"),
            1);

  // The page: the same people, linked to their records, audited too.
  Reply page = get("/clusters/C1/register", &as("clin"));
  ASSERT_EQ(page.status, 200) << page.describe();
  const std::string first = j["entries"][0]["nhs_number"];
  EXPECT_NE(page.body.find("/person?nhs=" + first), std::string::npos);
  EXPECT_EQ(count(audit("actor=clin&action=view_register"), "view_register",
                  std::string("risk register C1 at ") + kAt + " top 5% (page)"),
            1);
  // The dashboard links it and shows its size unsuppressed.
  Reply dash = get("/clusters/C1", &as("clin"));
  ASSERT_EQ(dash.status, 200) << dash.describe();
  EXPECT_NE(dash.body.find("/clusters/C1/register"), std::string::npos);
  EXPECT_NE(dash.body.find("data-count=\"size\">" + std::to_string(j["size"].get<int64_t>())),
            std::string::npos);

  // The CSV of the shown rows, audited before it leaves.
  Reply csv = get("/clusters/C1/register.csv?list=risk&top=5&at=" + std::string(kAt), &as("clin"));
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_EQ(csv.body.rfind("rank,nhs_number,", 0), 0u) << csv.body.substr(0, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), j["size"].get<int64_t>() + 1);
  EXPECT_EQ(count(audit("actor=clin&action=view_register"), "view_register",
                  std::string("risk register C1 at ") + kAt + " top 5% (csv)"),
            1);
}

TEST_F(Care, TheFrailtyRegisterAndTheFiltersKeepOnlyWhatTheyName) {
  Reply r = get("/api/v1/clusters/C1/register?list=frailty&at=2018-04-01", &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const nlohmann::json j = r.json();
  EXPECT_EQ(j["kind"], "frailty");
  EXPECT_TRUE(j["top_percent"].is_null());
  ASSERT_FALSE(j["entries"].empty());
  for (const auto& e : j["entries"]) {
    EXPECT_TRUE(e["efi_category"] == "moderate" || e["efi_category"] == "severe" ||
                e["hfrs_band"] == "high")
        << e.dump();
  }
  Reply csv = get("/clusters/C1/register.csv?list=frailty&at=2018-04-01&efi=severe", &as("clin"));
  ASSERT_EQ(csv.status, 200) << csv.describe();
  std::istringstream lines(csv.body);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  int severe = 0;
  for (const auto& e : j["entries"]) severe += e["efi_category"] == "severe";
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_NE(line.find(",severe,"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, severe);
  EXPECT_EQ(get("/clusters/C1/register?top=0", &as("clin")).status, 400);
  EXPECT_EQ(get("/clusters/C1/register?at=2018-13-01", &as("clin")).status, 400);
  EXPECT_EQ(get("/api/v1/clusters/C1/register?list=other", &as("clin")).status, 400);
  EXPECT_EQ(get("/api/v1/clusters/C9/register", &as("analyst")).status, 404);
}

TEST_F(Care, ClinicianIsRefusedAnotherClustersPeopleAsTheDashboardIs) {
  Reply dash = get("/clusters/C2", &as("clin"));
  EXPECT_EQ(dash.status, 403);
  for (const std::string path :
       {"/api/v1/clusters/C2/register", "/clusters/C2/register", "/clusters/C2/register.csv",
        "/api/v1/risk/scores?cluster=C2", "/api/v1/frailty?cluster=C2",
        "/api/v1/frailty?cluster=C2&summary=true"}) {
    Reply r = get(path, &as("clin"));
    EXPECT_EQ(r.status, 403) << path << ": " << r.describe();
    EXPECT_FALSE(has_nhs_number(r.body)) << path;
  }
  EXPECT_EQ(count(audit("actor=clin&action=view_register"), "view_register",
                  std::string("risk register C2 at ") + kAt + " top 5% (api)"),
            0);
  // Their own cluster's scores and frailty rows: identified, audited.
  Reply scores = get("/api/v1/risk/scores", &as("clin"));
  ASSERT_EQ(scores.status, 200) << scores.describe();
  ASSERT_FALSE(scores.json().empty());
  for (const auto& s : scores.json()) EXPECT_EQ(s["cluster"], "C1");
  Reply frailty = get("/api/v1/frailty?cluster=C1", &as("clin"));
  ASSERT_EQ(frailty.status, 200) << frailty.describe();
  ASSERT_FALSE(frailty.json().empty());
  EXPECT_TRUE(frailty.json()[0]["nhs_number"].is_string());
  EXPECT_EQ(audit("actor=clin&action=view_risk_scores").size(), 1u);
  EXPECT_EQ(audit("actor=clin&action=view_frailty").size(), 1u);
}

TEST_F(Care, AnalystSeesAnyClusterPseudonymisedWithNoNhsNumberNorFullDate) {
  Reply r = get("/api/v1/clusters/C2/register", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const nlohmann::json j = r.json();
  ASSERT_FALSE(j["entries"].empty());
  std::set<std::string> keys;
  collect_keys(j, &keys);
  EXPECT_FALSE(keys.contains("nhs_number"));
  EXPECT_FALSE(has_nhs_number(r.body));
  for (const auto& e : j["entries"])
    EXPECT_TRUE(std::regex_match(e["pseudonym"].get<std::string>(), kPseudonym));
  // No date more precise than the month anywhere, the register's own too.
  EXPECT_FALSE(std::regex_search(r.body, kFullDate)) << r.body.substr(0, 400);
  EXPECT_EQ(j["at"], "2019-04");
  EXPECT_EQ(count(audit("actor=analyst&action=view_register_pseudonymised"),
                  "view_register_pseudonymised",
                  std::string("risk register C2 at ") + kAt + " top 5% (api)"),
            1);
  // The page: pseudonyms linking to the pseudonymised record; its only
  // full date is the date the analyst asked for (the date field, the
  // CSV link).
  Reply page = get("/clusters/C2/register", &as("analyst"));
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_FALSE(has_nhs_number(page.body));
  const std::string p = j["entries"][0]["pseudonym"];
  EXPECT_NE(page.body.find("/person?pseudonym=" + p), std::string::npos);
  std::string rest = page.body;
  for (size_t at; (at = rest.find(kAt)) != std::string::npos;) rest.erase(at, 10);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(rest, m, kFullDate))
      << rest.substr(static_cast<size_t>(std::max<std::ptrdiff_t>(0, m.position(0) - 200)), 300);
  // Scores and frailty rows city-wide, pseudonymised.
  Reply scores = get("/api/v1/risk/scores", &as("analyst"));
  ASSERT_EQ(scores.status, 200) << scores.describe();
  EXPECT_FALSE(has_nhs_number(scores.body));
  EXPECT_TRUE(scores.json()[0].contains("pseudonym"));
  Reply frailty = get("/api/v1/frailty", &as("analyst"));
  ASSERT_EQ(frailty.status, 200) << frailty.describe();
  EXPECT_FALSE(has_nhs_number(frailty.body));
  // The models' cards.
  Reply models = get("/api/v1/risk/models", &as("analyst"));
  ASSERT_EQ(models.status, 200) << models.describe();
  ASSERT_EQ(models.json().size(), 1u);
  EXPECT_EQ(models.json()[0]["index_date"], "2017-04-01");
}

TEST_F(Care, TheBoardNeverSeesAPersonNorASmallCount) {
  for (const std::string c : {"C1", "C2", "C3", "C4", "C5", "C6"}) {
    for (const std::string list : {"risk", "frailty"}) {
      Reply r = get("/api/v1/clusters/" + c + "/register?list=" + list, &as("board"));
      ASSERT_EQ(r.status, 200) << c << ": " << r.describe();
      const nlohmann::json j = r.json();
      EXPECT_EQ(j["counts_only"], true);
      EXPECT_FALSE(j.contains("entries"));
      EXPECT_FALSE(j.contains("left"));
      EXPECT_FALSE(has_nhs_number(r.body));
      EXPECT_FALSE(std::regex_search(r.body, kPseudonym));
      expect_no_small_count(j, c + " " + list);
      Reply page = get("/clusters/" + c + "/register?list=" + list, &as("board"));
      ASSERT_EQ(page.status, 200) << page.describe();
      EXPECT_FALSE(has_nhs_number(page.body)) << c;
      EXPECT_FALSE(std::regex_search(page.body, kPseudonym)) << c;
      EXPECT_EQ(page.body.find("/person?"), std::string::npos);
    }
    Reply dash = get("/clusters/" + c, &as("board"));
    ASSERT_EQ(dash.status, 200) << dash.describe();
    expect_page_counts_suppressed(dash.body, "dashboard " + c);
  }
  EXPECT_EQ(get("/clusters/C1/register.csv", &as("board")).status, 403);
  EXPECT_EQ(count(audit("actor=board&action=view_register_counts"), "view_register_counts",
                  std::string("risk register C3 at ") + kAt + " top 5% (api)"),
            1);
  Reply overview = get("/", &as("board"));
  ASSERT_EQ(overview.status, 200) << overview.describe();
  EXPECT_NE(overview.body.find("frailty-distribution"), std::string::npos);
  EXPECT_NE(overview.body.find("risk-distribution"), std::string::npos);
  expect_page_counts_suppressed(overview.body, "overview");
  Reply summary = get("/api/v1/frailty?summary=true", &as("board"));
  ASSERT_EQ(summary.status, 200) << summary.describe();
  EXPECT_EQ(summary.json().size(), 7u);  // six clusters and the total
  expect_no_small_count(summary.json(), "frailty summary");
  for (const std::string path : {"/api/v1/frailty", "/api/v1/risk/scores", "/api/v1/risk/models"}) {
    Reply r = get(path, &as("board"));
    EXPECT_EQ(r.status, 403) << path << ": " << r.describe();
  }
}

TEST_F(Care, ThePersonRecordHasTheScoresOfTheRegister) {
  Reply reg = get("/api/v1/clusters/C1/register", &as("clin"));
  ASSERT_EQ(reg.status, 200) << reg.describe();
  const nlohmann::json top = reg.json()["entries"][0];
  Reply r = get("/api/v1/persons/" + top["nhs_number"].get<std::string>(), &as("clin"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const nlohmann::json s = r.json()["scores"];
  EXPECT_EQ(s["at"], kAt);
  EXPECT_EQ(s["efi_deficits"], top["efi_deficits"]);
  ASSERT_TRUE(s["risk"].is_object()) << s.dump();
  EXPECT_EQ(s["risk"]["risk"], top["risk"]);
  EXPECT_EQ(s["risk"]["factors"], top["factors"]);
  Reply page = get("/person?nhs=" + top["nhs_number"].get<std::string>(), &as("clin"));
  ASSERT_EQ(page.status, 200) << page.describe();
  EXPECT_NE(page.body.find("Frailty and risk as at"), std::string::npos);
  // The analyst's pseudonymised record carries the same scores.
  const std::string p = pseudonym_of(pseudonym_key(db()), top["nhs_number"].get<std::string>());
  Reply pr = get("/api/v1/persons/" + p, &as("analyst"));
  ASSERT_EQ(pr.status, 200) << pr.describe();
  EXPECT_EQ(pr.json()["scores"]["risk"]["risk"], top["risk"]);
  EXPECT_FALSE(has_nhs_number(pr.body));
}

// A store with no model yet: the pages say what to run, not an error.
class CareWithoutModel : public HttpTest {
 protected:
  static void SetUpTestSuite() {
    HttpTest::SetUpTestSuite();
    ASSERT_EQ(exec_sql(db(), "DELETE FROM risk_validations; DELETE FROM risk_models;"), "");
  }
};

TEST_F(CareWithoutModel, PagesSayAnAnalystMustTrainOne) {
  for (const std::string path : {"/clusters/C1/register", "/clusters/C1", "/"}) {
    Reply r = get(path, &as("clin"));
    ASSERT_EQ(r.status, 200) << path << ": " << r.describe();
    EXPECT_NE(r.body.find("bettercare risk train --index DATE"), std::string::npos) << path;
  }
  Reply api = get("/api/v1/clusters/C1/register", &as("clin"));
  EXPECT_EQ(api.status, 404);
  EXPECT_NE(api.json()["error"]["message"].get<std::string>().find("risk train"),
            std::string::npos);
  // The record still has its frailty, and no risk.
  Reply person = get("/api/v1/persons/" + who().c1, &as("clin"));
  ASSERT_EQ(person.status, 200) << person.describe();
  EXPECT_TRUE(person.json()["scores"]["efi_category"].is_string());
  EXPECT_TRUE(person.json()["scores"]["risk"].is_null());
}

}  // namespace
}  // namespace bc::test
