// The board documents on the web (/reports, web/pages_reports.cc): made on
// request, downloaded, audited; the report and the pack suppressed for
// every role (publications), the return to NHS England the analyst's,
// with the actual figures.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "server_fixture.h"

namespace bc::test {
namespace {

class ReportDownloads : public HttpTest {
 protected:
  static int64_t reports_audited(const std::string& actor, const std::string& subject) {
    return query_int(db(),
                     "SELECT count(*) FROM audit_log WHERE action = 'download_report' AND "
                     "actor = '" +
                         actor + "' AND subject = '" + subject + "'");
  }
};

TEST_F(ReportDownloads, ThePageOffersWhatTheRoleMayDownloadForThePeriod) {
  Reply board = get("/reports?period=2017/18:Q4", &as("board"));
  ASSERT_EQ(board.status, 200) << board.describe();
  HtmlDoc doc(board.body);
  EXPECT_NE(doc.one("//a[@download and starts-with(@href, '/reports/performance?')]"), nullptr);
  EXPECT_NE(doc.one("//a[@download and starts-with(@href, '/reports/quarter-pack?')]"), nullptr);
  EXPECT_EQ(doc.one("//a[starts-with(@href, '/reports/bcf-return.xlsx')]"), nullptr)
      << "the board may not download the unsuppressed return";
  EXPECT_NE(doc.one("//nav//a[@aria-current='page' and .='Reports']"), nullptr);

  Reply analyst = get("/reports?period=2017/18:Q4", &as("analyst"));
  HtmlDoc adoc(analyst.body);
  EXPECT_NE(adoc.one("//a[@download and starts-with(@href, '/reports/bcf-return.xlsx?')]"),
            nullptr);
  // A month that ends no quarter has no pack and no return, and says why.
  Reply m11 = get("/reports?period=2017/18:M11", &as("analyst"));
  HtmlDoc mdoc(m11.body);
  EXPECT_EQ(mdoc.one("//a[starts-with(@href, '/reports/quarter-pack')]"), nullptr);
  EXPECT_EQ(mdoc.one("//a[starts-with(@href, '/reports/bcf-return.xlsx')]"), nullptr);
  EXPECT_NE(m11.body.find("last month of a quarter"), std::string::npos);
}

TEST_F(ReportDownloads, ThePerformanceReportAndThePackDownloadSuppressedAndAudited) {
  int64_t before = reports_audited("analyst", "performance 2017/18:M12");
  Reply r = get("/reports/performance?period=2017/18:M12", &as("analyst"));
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.header("Content-Disposition"),
            "attachment; filename=\"performance-report-2017-18-M12.html\"");
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Variation and assurance"), std::string::npos);
  // Published: suppressed even for the analyst, who sees the figures
  // unsuppressed on the pages.
  EXPECT_NE(r.body.find("suppressed"), std::string::npos);
  EXPECT_EQ(reports_audited("analyst", "performance 2017/18:M12"), before + 1);

  Reply pack = get("/reports/quarter-pack?period=2017/18:Q4", &as("board"));
  ASSERT_EQ(pack.status, 200) << pack.describe();
  EXPECT_EQ(pack.header("Content-Disposition"),
            "attachment; filename=\"quarterly-pack-2017-18-Q4.html\"");
  EXPECT_EQ(reports_audited("board", "quarter-pack 2017/18:M12"), 1);
  Reply bad = get("/reports/quarter-pack?period=2017/18:M11", &as("board"));
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_NE(bad.body.find("does not end a quarter"), std::string::npos);
}

TEST_F(ReportDownloads, TheReturnCarriesTheActualFiguresUnsuppressed) {
  Reply x = get("/reports/bcf-return.xlsx?period=2017/18:Q4", &as("analyst"));
  ASSERT_EQ(x.status, 200) << x.describe();
  EXPECT_EQ(x.header("Content-Disposition"), "attachment; filename=\"bcf-return-2017-18-Q4.xlsx\"");
  TempDir dir;
  {
    std::ofstream out((dir / "r.xlsx").string(), std::ios::binary);
    out << x.body;
  }
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = python + " " +
                    shell_quote(std::string(BC_SOURCE_DIR) + "/tests/tools/xlsx_dump.py") + " " +
                    shell_quote((dir / "r.xlsx").string()) + " > " +
                    shell_quote((dir / "r.json").string()) + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(dir / "r.json");
  nlohmann::json wb = nlohmann::json::parse(read_file(dir / "r.json"));
  EXPECT_EQ(wb["sheets"],
            nlohmann::json({"Cover", "Income and Expenditure", "Metrics", "Narrative"}));
  // Each count on the Metrics sheet is the engine's exact figure (the
  // analyst's API, unsuppressed), never rounded to 5 and never "*".
  const auto& metrics = wb["cells"]["Metrics"];
  int compared = 0, not_multiple_of_5 = 0;
  for (int row = 2; metrics.contains(fmt::format("A{}", row)); ++row) {
    const std::string at = std::to_string(row);
    if (metrics["C" + at]["v"] != "count") continue;
    ASSERT_TRUE(metrics.contains("F" + at)) << "row " << at;
    ASSERT_EQ(metrics["F" + at]["t"], "n") << "row " << at << ": " << metrics["F" + at].dump();
    std::string id = metrics["A" + at]["v"];
    std::string period = metrics["D" + at]["v"];
    Reply api =
        get("/api/v1/metrics?metric=" + id + "&period=" + url_encode(period), &as("analyst"));
    ASSERT_EQ(api.status, 200) << api.describe();
    double value = metrics["F" + at]["v"].get<double>();
    EXPECT_EQ(value, api.json()[0]["value"].get<double>()) << id << " " << period;
    not_multiple_of_5 += static_cast<long long>(value) % 5 != 0;
    ++compared;
  }
  EXPECT_GE(compared, 3);
  EXPECT_GE(not_multiple_of_5, 1) << "every count is a multiple of 5: rounded?";
  EXPECT_EQ(reports_audited("analyst", "bcf-return 2017/18:M12"), 1);
  // Nobody else may have it.
  EXPECT_EQ(get("/reports/bcf-return.xlsx?period=2017/18:Q4", &as("board")).status, 403);
}

}  // namespace
}  // namespace bc::test
