// The performance report's provider quality section
// (report/provider_quality.h) on the hand-made fixture tests/fixtures/quality
// (its README has the placements), as at 31 March 2018, hand-computed:
// Abbey Lodge (VNA01) is Red (rated inadequate on 15 January 2018) and was
// Green on 31 December 2017 (rated good in February 2017, nothing since);
// Bassett House (VNB02) Amber then and now (requires improvement, November
// 2017); the agency Green. Abbey Lodge has 7 placements in force on 31
// March (PL1-4, PL6, PL7 and PL9, which starts on the 24th) of 30 beds;
// Bassett House 1 of 45.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "../support/test_backend.h"
#include "ingest/importer.h"
#include "quality/incidents.h"
#include "report/provider_quality.h"

namespace bc::report {
namespace {

namespace fs = std::filesystem;

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

class ProviderQuality : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-pq-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "q.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
    const fs::path fixtures = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures";
    std::vector<ImportInput> in;
    for (const char* k :
         {"small/partners", "small/practices", "small/providers", "quality/providers",
          "quality/persons", "quality/quality_events", "quality/placements"}) {
      const fs::path file = fixtures / (std::string(k) + ".csv");
      in.push_back({file.string(), *kind_from_path(file.string())});
    }
    auto r = import_batch(*store_, in, ImportOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_TRUE(r->committed);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string section(bool suppress) {
    auto html = provider_quality_html(
        *store_, {ymd(2017, 4, 1), ymd(2018, 3, 31), ymd(2017, 12, 31), suppress, {}, "pr"});
    EXPECT_TRUE(html.ok()) << html.error();
    return html.ok() ? *html : "";
  }
  static bool has(const std::string& html, const std::string& what) {
    return html.find(what) != std::string::npos;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ProviderQuality, RedAndAmberProvidersWithTheirRagThreeMonthsBefore) {
  const std::string html = section(false);
  EXPECT_TRUE(has(html, "<section class=\"page\" id=\"pr-providers\"><h2>Care provider quality"));
  EXPECT_TRUE(has(html,
                  "2 care homes and 1 home care agency as at 31 March 2018: <strong>1 Red, 1 "
                  "Amber, 1 Green</strong> by the quality rule. At 31 December 2017: 0 Red, 1 "
                  "Amber, 2 Green."))
      << html;
  // Abbey Lodge: Red now, Green then; Bassett House Amber both times.
  EXPECT_TRUE(has(html,
                  "<tr data-provider=\"VNA01\"><th scope=\"row\">Abbey Lodge Care Home</th>"
                  "<td>residential</td><td data-rag=\"red\">"))
      << html;
  EXPECT_TRUE(has(html,
                  "<td data-rag=\"green\"><span class=\"rag rag-green\">Green</span></td>"
                  "<td>inadequate (2018-01-15)</td>"))
      << html;
  EXPECT_TRUE(has(html, "rated inadequate by the CQC on 2018-01-15"));
  EXPECT_TRUE(has(html, "<td class=\"num\">7 of 30 beds (23%)</td>")) << html;
  EXPECT_TRUE(has(html, "<tr data-provider=\"VNB02\">"));
  EXPECT_TRUE(has(html, "<td>requires improvement (2017-11-01)</td>"));
  EXPECT_TRUE(has(html, "<td class=\"num\">1 of 45 beds (2%)</td>")) << html;
  // The agency is Green: counted, not listed.
  EXPECT_FALSE(has(html, "data-provider=\"VH001\""));
  EXPECT_TRUE(has(html, "<p>The other provider is Green.</p>"));
  EXPECT_TRUE(has(html, "No provider failure incidents in the year to date."));
}

TEST_F(ProviderQuality, IncidentsOfTheYearWithThePeopleTheyAffect) {
  // Abbey Lodge fails on Friday 23 March 2018: 6 placements in force that
  // day (PL1-4, PL6, PL7); the steering group, due by Wednesday 28 March,
  // has not met by the 31st. Bassett House's incident after the month end
  // is not in this report.
  ASSERT_TRUE(
      open_incident(*store_, {"VNA01", "cqc_action", ymd(2018, 3, 23), ymd(2018, 3, 23), ""}, "t")
          .ok());
  ASSERT_TRUE(
      open_incident(*store_, {"VNB02", "insolvency", ymd(2018, 4, 2), ymd(2018, 4, 2), ""}, "t")
          .ok());
  std::string html = section(false);
  EXPECT_TRUE(has(html,
                  "<tr data-incident=\"1\"><th scope=\"row\">Abbey Lodge Care Home (VNA01)"
                  "</th><td>cqc action</td><td>2018-03-23</td><td class=\"num\">6</td>"
                  "<td>overdue: due by 2018-03-28</td><td>open</td></tr>"))
      << html;
  EXPECT_FALSE(has(html, "data-incident=\"2\""));
  // Met on the 27th, in time; closed after the month end: open in this report.
  ASSERT_TRUE(record_jisg_meeting(*store_, 1, ymd(2018, 3, 27), "t").ok());
  ASSERT_TRUE(close_incident(*store_, 1, ymd(2018, 4, 20), "Lessons", "t").ok());
  html = section(false);
  EXPECT_TRUE(has(html, "<td>first met 2018-03-27</td><td>open</td>")) << html;
}

TEST_F(ProviderQuality, CountsOfPeopleAreSuppressedForPublication) {
  ASSERT_TRUE(
      open_incident(*store_, {"VNA01", "cqc_action", ymd(2018, 3, 23), ymd(2018, 3, 23), ""}, "t")
          .ok());
  const std::string html = section(true);
  // 7 and 1 placed, 6 affected: all small numbers; no percentage beside them.
  EXPECT_TRUE(has(html, "<td class=\"num\">* of 30 beds</td>")) << html;
  EXPECT_TRUE(has(html, "<td class=\"num\">* of 45 beds</td>")) << html;
  EXPECT_TRUE(has(html, "<td>2018-03-23</td><td class=\"num\">*</td>")) << html;
  EXPECT_FALSE(has(html, "23%"));
}

TEST_F(ProviderQuality, NoCareProvidersLoadedSaysSo) {
  auto store = test::open_test_store(dir_ / "empty.db");
  ASSERT_TRUE(store.ok());
  auto html = provider_quality_html(
      **store, {ymd(2017, 4, 1), ymd(2018, 3, 31), ymd(2017, 12, 31), true, {}, "pr"});
  ASSERT_TRUE(html.ok()) << html.error();
  EXPECT_TRUE(has(*html, "No care providers are loaded"));
}

}  // namespace
}  // namespace bc::report
