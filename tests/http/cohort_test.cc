// The analysts' cohort list (/cohort, web/pages_cohort.cc over
// engine/cohort.h): the people behind a count, pseudonymised, checked
// against the store with SQL and pseudonyms made independently with
// libsodium; the links open the pseudonymised record; every look audited;
// no other role gets it.
#include <gtest/gtest.h>

#include <regex>

#include "server_fixture.h"

namespace bc::test {
namespace {

class Cohorts : public HttpTest {
 protected:
  // 12345 -> "12,345", as the page writes counts.
  static std::string fmt_count(int64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  // Emergency spells of registered people admitted in 2017/18.
  static std::string emergency_2017_18() {
    return "FROM spells s JOIN persons p USING (nhs_number) WHERE s.admission_method IN "
           "('21','22','23','24','25','2A','2B','2C','2D','28') AND s.admission_date BETWEEN "
           "'2017-04-01' AND '2018-03-31'";
  }
};

TEST_F(Cohorts, EveryoneWithAnEmergencyAdmissionPseudonymisedMostFirst) {
  Reply r = get("/cohort?metric=nel_admissions&period=2017/18", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const int64_t people =
      query_int(db(), "SELECT count(DISTINCT nhs_number) " + emergency_2017_18());
  const int64_t events = query_int(db(), "SELECT count(*) " + emergency_2017_18());
  ASSERT_GT(people, 100);
  EXPECT_NE(r.body.find(fmt_count(people) + " people had " + fmt_count(events)), std::string::npos)
      << fmt_count(people) << " " << fmt_count(events);
  HtmlDoc doc(r.body);
  auto rows = doc.all("//table[contains(@class,'cohort')]/tbody/tr");
  ASSERT_EQ(rows.size(), static_cast<size_t>(std::min<int64_t>(people, 1000)));
  // The person with the most, by SQL, is first, under their pseudonym.
  const std::string top =
      query_text(db(), "SELECT nhs_number " + emergency_2017_18() +
                           " GROUP BY nhs_number ORDER BY count(*) DESC LIMIT 1");
  const int64_t top_events =
      query_int(db(), "SELECT count(*) " + emergency_2017_18() + " AND nhs_number = " + top);
  const std::string key = pseudonym_key(db());
  auto first = doc.all("td", rows.front());
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(std::stoll(HtmlDoc::text(first[4])), top_events);
  // Ties in pseudonym order, most events first throughout.
  int64_t previous_events = top_events + 1;
  std::string previous_pseudonym;
  bool top_seen = false;
  static const std::regex kCohortPseudonym("P[0-9a-f]{16}");
  for (xmlNodePtr row : rows) {
    auto cells = doc.all("td", row);
    const std::string pseudonym = HtmlDoc::text(cells[0]);
    ASSERT_TRUE(std::regex_match(pseudonym, kCohortPseudonym)) << pseudonym;
    EXPECT_EQ(HtmlDoc::attr(doc.one("a", cells[0]), "href"), "/person?pseudonym=" + pseudonym);
    const int64_t n = std::stoll(HtmlDoc::text(cells[4]));
    EXPECT_TRUE(n < previous_events || (n == previous_events && pseudonym > previous_pseudonym))
        << pseudonym << " " << n;
    previous_events = n;
    previous_pseudonym = pseudonym;
    top_seen |= pseudonym == pseudonym_of(key, top);
  }
  EXPECT_TRUE(top_seen) << "the person with the most emergency admissions is not listed";
  // No NHS number anywhere on the page.
  EXPECT_EQ(r.body.find(top), std::string::npos);
  // Looked at, audited.
  EXPECT_GE(query_int(db(),
                      "SELECT count(*) FROM audit_log WHERE action = 'view_cohort' AND "
                      "subject LIKE 'nel_admissions 2017/18%'"),
            1);
  // A link opens the pseudonymised record.
  Reply record = get("/person?pseudonym=" + pseudonym_of(key, top), &as("analyst"));
  EXPECT_EQ(record.status, 200) << record.describe();
  EXPECT_NE(record.body.find(pseudonym_of(key, top)), std::string::npos);
}

TEST_F(Cohorts, AClustersOwnPeopleOnly) {
  Reply r = get("/cohort?metric=nel_admissions&period=2017/18&cluster=C2", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  const int64_t people = query_int(
      db(), "SELECT count(DISTINCT nhs_number) " + emergency_2017_18() +
                " AND p.practice_code IN (SELECT practice_code FROM practices WHERE cluster_code "
                "= 'C2')");
  HtmlDoc doc(r.body);
  auto rows = doc.all("//table[contains(@class,'cohort')]/tbody/tr");
  EXPECT_EQ(rows.size(), static_cast<size_t>(std::min<int64_t>(people, 1000)));
  for (xmlNodePtr row : rows) EXPECT_EQ(HtmlDoc::text(doc.all("td", row)[1]), "C2");
}

// A month with nothing loaded (the city ends in March 2019) lists no one
// and says why, never "0 people had 0".
TEST_F(Cohorts, APeriodWithNothingLoadedSaysSoNotZeroPeople) {
  Reply r = get("/cohort?metric=nel_admissions&period=2019/20:M1", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  xmlNodePtr said = doc.one("//p[@class='no-data']");
  ASSERT_NE(said, nullptr) << r.body.substr(0, 2000);
  EXPECT_NE(HtmlDoc::text(said).find("No data is loaded for 2019/20:M1"), std::string::npos);
  EXPECT_EQ(doc.one("//table[contains(@class,'cohort')]"), nullptr);
  EXPECT_EQ(r.body.find("0 people had"), std::string::npos);
  // A period with data still lists its people.
  Reply loaded = get("/cohort?metric=nel_admissions&period=2018/19:M12", &as("analyst"));
  ASSERT_EQ(loaded.status, 200);
  EXPECT_EQ(HtmlDoc(loaded.body).one("//p[@class='no-data']"), nullptr);
}

TEST_F(Cohorts, OnlyAnalystsAndOnlyCounts) {
  for (const char* user : {"board", "clin", "finance", "admin", "lead"}) {
    EXPECT_EQ(get("/cohort?metric=nel_admissions&period=2017/18", &as(user)).status, 403) << user;
  }
  EXPECT_EQ(get("/cohort?metric=nel_cost&period=2017/18", &as("analyst")).status, 400);
  EXPECT_EQ(get("/cohort?metric=no_such&period=2017/18", &as("analyst")).status, 404);
  EXPECT_EQ(get("/cohort?metric=nel_admissions&period=2017/18&cluster=C99", &as("analyst")).status,
            404);
  // The metric page offers the list to analysts only.
  const std::string link = "The people behind this count";
  EXPECT_NE(get("/metrics/nel_admissions?period=2017/18", &as("analyst")).body.find(link),
            std::string::npos);
  EXPECT_EQ(get("/metrics/nel_admissions?period=2017/18", &as("board")).body.find(link),
            std::string::npos);
}

}  // namespace
}  // namespace bc::test
