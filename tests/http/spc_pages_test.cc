// Making Data Count on the web: a metric page and a cluster's dashboard
// show SPC charts with both icons and the values as a table, made by the
// same engine as `bettercare spc` (the analyst's unsuppressed page has the
// CLI's points and readings for the same 24 months).
#include <gtest/gtest.h>

#include "html_doc.h"
#include "server_fixture.h"

namespace bc::test {
namespace {

class SpcPages : public HttpTest {};

std::string words_for(const std::string& point_type) {
  if (point_type == "common_cause") return "Common cause variation";
  if (point_type == "special_cause_improvement") return "Special cause variation: improvement";
  if (point_type == "special_cause_concern") return "Special cause variation: concern";
  return point_type;
}

TEST_F(SpcPages, AMetricPageHasTheChartTheCliGives) {
  Reply page = get("/metrics/nel_admissions?period=2017/18:M12", &as("analyst"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  auto figure = doc.one("//figure[@class='spc']");
  ASSERT_NE(figure, nullptr);
  EXPECT_EQ(doc.all(".//*[local-name()='svg' and contains(@class,'spc-icon')]", figure).size(), 2u);
  auto rows = doc.all(".//details//tr[td]", figure);
  const size_t marks =
      doc.all(
             ".//*[local-name()='svg' and @class='chart']//*[contains(concat(' ', @class, ' "
             "'), ' mark ')]",
             figure)
          .size();
  EXPECT_EQ(rows.size(), marks);

  RunResult cli_out = cli({"spc", "--metric", "nel_admissions", "--from", "2016-04", "--to",
                           "2018-03", "--format", "json"});
  ASSERT_EQ(cli_out.code, 0) << cli_out.err;
  auto chart = nlohmann::json::parse(cli_out.out);
  ASSERT_EQ(rows.size(), chart["points"].size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string reading = HtmlDoc::text(doc.one("td[5]", rows[i]));
    EXPECT_EQ(reading.rfind(words_for(chart["points"][i]["point_type"]), 0), 0u)
        << i << ": " << reading;
  }
  EXPECT_NE(HtmlDoc::text(figure).find(words_for(chart["variation"])), std::string::npos);
}

TEST_F(SpcPages, AClustersDashboardHasAChartPerHeadlineMeasure) {
  Reply page = get("/clusters/C1?period=2017/18:M12", &as("board"));
  ASSERT_EQ(page.status, 200) << page.describe();
  HtmlDoc doc(page.body);
  auto figures = doc.all("//figure[@class='spc']");
  ASSERT_GE(figures.size(), 4u);
  for (auto* f : figures) {
    const size_t icons =
        doc.all(".//*[local-name()='svg' and contains(@class,'spc-icon')]", f).size();
    // Two icons, or none with "No SPC" when every month was suppressed.
    EXPECT_TRUE(icons == 2 || HtmlDoc::text(f).find("No SPC") != std::string::npos)
        << HtmlDoc::text(f);
  }
}

}  // namespace
}  // namespace bc::test
