// The web's finance page: the schedule on /finance is the report module's,
// so it carries the previous report's outturn and the movement beside the
// forecast, equal to the API's JSON for the month (none at M1).
#include <gtest/gtest.h>

#include <cmath>

#include "server_fixture.h"

namespace bc::test {
namespace {

class FinancePage : public HttpTest {};

TEST_F(FinancePage, ShowsThePreviousReportBesideTheOutturn) {
  Reply page = get("/finance?year=2017/18&month=12", &as("finance"));
  ASSERT_EQ(page.status, 200) << page.describe();
  Reply api = get("/api/v1/finance?year=2017/18&month=12", &as("finance"));
  ASSERT_EQ(api.status, 200) << api.describe();
  nlohmann::json fin = api.json();
  HtmlDoc doc(page.body);
  ASSERT_NE(doc.one("//table[@class='finance']//th[contains(., '(M11) outturn')]"), nullptr);
  int checked = 0;
  for (const auto& s : fin["schemes"]) {
    for (const auto& p : s["partners"]) {
      std::string row = "//table[@class='finance']//tr[@data-scheme='" +
                        s["code"].get<std::string>() + "' and @data-partner='" +
                        p["partner"].get<std::string>() + "']";
      for (const char* field : {"previous_outturn", "movement"}) {
        xmlNodePtr cell = doc.one(row + "/td[@data-field='" + field + "']");
        ASSERT_NE(cell, nullptr) << row << " " << field;
        EXPECT_EQ(std::stoll(HtmlDoc::attr(cell, "data-pence")),
                  std::llround(p[field].get<double>() * 100))
            << row << " " << field;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 19);
  xmlNodePtr total = doc.one(
      "//table[@class='finance']//tr[@data-scheme='' and @data-partner='']/td[@data-field="
      "'previous_outturn']");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(std::stoll(HtmlDoc::attr(total, "data-pence")),
            std::llround(fin["totals"]["previous_outturn"].get<double>() * 100));
  // M1 has no previous report.
  Reply m1 = get("/finance?year=2017/18&month=1", &as("finance"));
  ASSERT_EQ(m1.status, 200) << m1.describe();
  HtmlDoc m1_doc(m1.body);
  ASSERT_NE(m1_doc.one("//table[@class='finance']"), nullptr);
  EXPECT_EQ(m1_doc.one("//table[@class='finance']//td[@data-field='previous_outturn']"), nullptr);
}

}  // namespace
}  // namespace bc::test
