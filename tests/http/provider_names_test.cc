// Code labels on the web: a metric broken down by provider names the
// trusts as providers.csv does; by DToC reason, A&E department type or
// diagnosis group it gives each code's meaning (present/labels.h); the
// code stays in the cell's data-code. A scheme's risk share reads in words.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace bc::test {
namespace {

class ProviderNames : public HttpTest {};

TEST_F(ProviderNames, AMetricByProviderNamesTheTrusts) {
  Reply page = get("/metrics/delayed_days?period=2017/18&by=provider", &as("analyst"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  xmlNodePtr uhs = doc.one("//table[contains(@class, 'breakdown')]//td[@data-code='RHM']");
  ASSERT_NE(uhs, nullptr) << page.body.substr(0, 2000);
  EXPECT_EQ(HtmlDoc::text(uhs), "University Hospital Southampton NHS Foundation Trust");
}

TEST_F(ProviderNames, BreakdownsGiveEachCodeItsMeaning) {
  struct LabelCase {
    std::string path, code, text;
  };
  const std::vector<LabelCase> cases = {
      {"/metrics/delayed_days?period=2017/18&by=reason", "D(i)", "D(i) Residential home placement"},
      {"/metrics/delayed_days?period=2017/18&by=responsible_org", "Social Care", "Social care"},
      {"/metrics/ae_attendances?period=2017/18&by=department_type", "01",
       "01 (major A&E (consultant-led, 24 hours))"},
  };
  for (const LabelCase& c : cases) {
    Reply page = get(c.path, &as("analyst"));
    ASSERT_EQ(page.status, 200) << c.path << ": " << page.describe();
    HtmlDoc doc(page.body);
    xmlNodePtr cell =
        doc.one("//table[contains(@class, 'breakdown')]//td[@data-code='" + c.code + "']");
    ASSERT_NE(cell, nullptr) << c.path;
    EXPECT_EQ(HtmlDoc::text(cell), c.text) << c.path;
  }
}

TEST_F(ProviderNames, RiskSharesReadInWords) {
  Reply page = get("/finance?year=2017/18&month=12", &as("finance"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  xmlNodePtr shared = doc.one("//span[@data-risk-share='shared:CCG=50;SCC=50']");
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(HtmlDoc::text(shared), "variance shared: CCG 50%, SCC 50%");
  xmlNodePtr own = doc.one("//span[@data-risk-share='own']");
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(HtmlDoc::text(own), "each partner bears its own variance");
}

}  // namespace
}  // namespace bc::test
