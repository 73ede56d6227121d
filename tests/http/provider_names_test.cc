// Provider labels on the web: a metric broken down by provider names the
// trusts as providers.csv does; the code stays in the cell's data-code.
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

}  // namespace
}  // namespace bc::test
