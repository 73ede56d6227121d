// The metric page's comparison of clusters and practices per 1,000
// registered people (engine/funnel.h), over HTTP on the test city: the
// registered people counted independently with SQL, every rate from its
// count, the area's rate from the headline, suppression carried through,
// and the funnel plot drawn for the points the table lists.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "server_fixture.h"

namespace bc::test {
namespace {

class FunnelPage : public HttpTest {
 protected:
  // Registered people on 2017-09-30 (the middle of 2017/18) by cluster, aged
  // at least min_age, counted from the store.
  static std::map<std::string, int64_t> registered(int min_age) {
    std::map<std::string, int64_t> out;
    for (const char* c : {"C1", "C2", "C3", "C4", "C5", "C6"}) {
      out[c] = query_int(
          db(),
          fmt::format("SELECT count(*) FROM persons p JOIN practices pr USING (practice_code) "
                      "WHERE pr.cluster_code = '{}' AND p.date_of_birth <= '{}-09-30' "
                      "AND coalesce(p.registered_date, p.date_of_birth) <= "
                      "'2017-09-30' AND (p.date_of_death IS NULL OR p.date_of_death > "
                      "'2017-09-30')",
                      c, 2017 - min_age));
    }
    return out;
  }
  static double number(std::string s) {
    std::string digits;
    for (char c : s)
      if ((c >= '0' && c <= '9') || c == '.') digits += c;
    return std::stod(digits);
  }
};

TEST_F(FunnelPage, RatesPerThousandRegisteredFromIndependentCounts) {
  Reply r = get("/metrics/nel_admissions?period=2017/18&by=cluster", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  auto rows = doc.all("//table[contains(@class,'funnel')]/tbody/tr");
  ASSERT_EQ(rows.size(), 6u) << r.body.substr(0, 500);
  const auto expected = registered(0);
  double count_sum = 0;
  for (xmlNodePtr row : rows) {
    const std::string code = HtmlDoc::attr(doc.one("th", row), "data-code");
    auto cells = doc.all("td", row);
    ASSERT_EQ(cells.size(), 4u);
    const double count = number(HtmlDoc::text(cells[0]));
    const double people = number(HtmlDoc::text(cells[1]));
    const double rate = number(HtmlDoc::text(cells[2]));
    EXPECT_EQ(people, static_cast<double>(expected.at(code))) << code;
    EXPECT_NEAR(rate, count / people * 1000, 0.051) << code;
    EXPECT_FALSE(HtmlDoc::text(cells[3]).empty());
    count_sum += count;
  }
  // The area: the headline count (every cluster's here: the two unlinked
  // spells are in June 2018, after 2017/18) over everyone registered.
  auto foot = doc.all("//table[contains(@class,'funnel')]/tfoot/tr/td");
  ASSERT_EQ(foot.size(), 4u);
  EXPECT_EQ(number(HtmlDoc::text(foot[0])), count_sum);
  const double area_people = number(HtmlDoc::text(foot[1]));
  EXPECT_NEAR(number(HtmlDoc::text(foot[2])), count_sum / area_people * 1000, 0.051);
  // The plot: one point per cluster with a rate, and both limits.
  auto svg = doc.one("//svg[@aria-labelledby='funnel-title funnel-desc']");
  ASSERT_NE(svg, nullptr);
  EXPECT_EQ(doc.all(".//*[contains(@class,'mark')]", svg).size(), 6u);
  EXPECT_EQ(doc.all(".//*[@class='limit95']", svg).size(), 2u);
  EXPECT_EQ(doc.all(".//*[@class='limit998']", svg).size(), 2u);
}

TEST_F(FunnelPage, TheMetricsAgesAreTheDenominator) {
  Reply r = get("/metrics/permanent_admissions_65?period=2017/18&by=cluster", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_NE(r.body.find("registered people aged 65 and over on 2017-09-30"), std::string::npos);
  HtmlDoc doc(r.body);
  const auto expected = registered(65);
  auto rows = doc.all("//table[contains(@class,'funnel')]/tbody/tr");
  ASSERT_EQ(rows.size(), 6u);
  for (xmlNodePtr row : rows) {
    const std::string code = HtmlDoc::attr(doc.one("th", row), "data-code");
    EXPECT_EQ(number(HtmlDoc::text(doc.all("td", row)[1])), static_cast<double>(expected.at(code)))
        << code;
  }
}

TEST_F(FunnelPage, AHiddenCountHasNoRateForTheBoard) {
  Reply r = get("/metrics/nel_admissions?period=2017/18:M6&by=practice", &as("board"));
  ASSERT_EQ(r.status, 200) << r.describe();
  HtmlDoc doc(r.body);
  auto rows = doc.all("//table[contains(@class,'funnel')]/tbody/tr");
  ASSERT_FALSE(rows.empty());
  int hidden = 0;
  for (xmlNodePtr row : rows) {
    auto cells = doc.all("td", row);
    ASSERT_EQ(cells.size(), 4u);
    if (HtmlDoc::text(cells[0]) != "*") continue;
    ++hidden;
    EXPECT_EQ(HtmlDoc::text(cells[2]), "*");
    EXPECT_EQ(HtmlDoc::text(cells[3]), "-");
  }
  // A month of emergency admissions by practice in so small a city has
  // small counts, so the check above ran.
  EXPECT_GT(hidden, 0);
}

// A month with nothing loaded (the city ends in March 2019): the breakdown
// and the overview's measures say "no data", never 0, and there is nothing
// to compare per 1,000.
TEST_F(FunnelPage, APeriodWithNothingLoadedSaysNoDataNotZero) {
  for (const char* user : {"analyst", "board"}) {
    Reply r = get("/metrics/nel_admissions?period=2019/20:M1&by=cluster", &as(user));
    ASSERT_EQ(r.status, 200) << r.describe();
    HtmlDoc doc(r.body);
    auto values = doc.all("//table[contains(@class,'breakdown')]/tbody/tr/td[@data-value][1]");
    ASSERT_EQ(values.size(), 6u) << user;
    for (xmlNodePtr v : values) EXPECT_EQ(HtmlDoc::text(v), "no data") << user;
    EXPECT_EQ(r.body.find("Compared fairly"), std::string::npos) << user;
    Reply overview = get("/?period=2019/20:M1", &as(user));
    ASSERT_EQ(overview.status, 200);
    HtmlDoc o(overview.body);
    auto cells = o.all("//td[@data-value]");
    ASSERT_FALSE(cells.empty());
    for (xmlNodePtr v : cells) EXPECT_NE(HtmlDoc::text(v), "0") << user;
  }
}

TEST_F(FunnelPage, OnlyForCountsByClusterOrPractice) {
  for (const char* path : {"/metrics/nel_admissions?period=2017/18&by=age_band",
                           "/metrics/nel_admissions?period=2017/18&by=cluster,sex",
                           "/metrics/permanent_admissions_65_rate?period=2017/18&by=cluster",
                           "/metrics/nel_cost?period=2017/18&by=cluster"}) {
    Reply r = get(path, &as("analyst"));
    ASSERT_EQ(r.status, 200) << path << " " << r.describe();
    EXPECT_EQ(r.body.find("Compared fairly"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace bc::test
