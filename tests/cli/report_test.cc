// The board documents, read back with independent readers: the HTML with
// libxml2 (its figures must equal the CLI's JSON for the same period), the
// PDF with poppler (pdfinfo, pdftotext), the XLSX return with openpyxl.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "harness.h"
#include "html_doc.h"
#include "made_once.h"

namespace bc::test {
namespace {

using nlohmann::json;

// A generated city with a year of finance and two scheme reports: the
// expensive part, made once (made_once.h) and copied for each test.
class Reports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const fs::path made = made_once("reports", make, &setup_error_);
    if (setup_error_.empty()) copy_made(made, dir_->path());
  }
  static std::string make(const fs::path& dir) {
    std::string error;
    auto must = [&](const RunResult& r, const std::string& what) {
      if (r.code != 0) error += what + ": " + r.err + "\n";
    };
    must(run_bc(dir, {"synth", "--out", "city", "--persons", "12000"}), "synth");
    must(run_bc(dir, {"init"}), "init");
    must(run_bc(dir, {"import", "--covers", "2016-04..2019-03", "city"}), "import");
    // The at-risk registers of every month, for the coverage measure.
    must(run_bc(dir, {"risk", "train", "--index", "2016-04-01"}), "risk train");
    must(run_bc(dir, {"risk", "registers", "--from", "2016-04", "--to", "2019-03"}),
         "risk registers");
    const fs::path examples = fs::path(BC_SOURCE_DIR) / "docs" / "examples";
    must(run_bc(dir, {"scheme-report", "set", "--scheme", "CAR", "--quarter", "2017/18:Q4",
                      "--file", (examples / "scheme-report-carers-2017-18-q4.toml").string()}),
         "set CAR");
    must(run_bc(dir, {"scheme-report", "submit", "--scheme", "CAR", "--quarter", "2017/18:Q4",
                      "--date", "2018-05-22", "--by", "Kirsten Killander"}),
         "submit CAR");
    must(run_bc(dir, {"scheme-report", "set", "--scheme", "CLU", "--quarter", "2017/18:Q4",
                      "--file", (examples / "scheme-report-clusters-2017-18-q4.md").string()}),
         "set CLU");
    write_file(dir / "commentary.toml",
               "introduction = \"End of year position for the board.\"\n"
               "[commentary]\n"
               "nel_admissions = \"GP streaming in ED from October <helped>.\"\n"
               "[highlights]\n"
               "achievements = \"- Erskine Court savings\"\n"
               "priorities = \"- Embed the three discharge pathways\"\n");
    must(run_bc(dir, {"report", "performance", "--period", "2017/18:M12", "--out", "perf.html",
                      "--area", "Test City", "--commentary", "commentary.toml"}),
         "report performance");
    must(run_bc(dir, {"report", "quarter", "--quarter", "2017/18:Q4", "--out", "pack.html"}),
         "report quarter");
    must(run_bc(dir, {"scheme-report", "render", "--scheme", "CAR", "--quarter", "2017/18:Q4",
                      "--out", "car.html"}),
         "scheme-report render");
    return error;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  static json cli_json(const std::vector<std::string>& args) {
    RunResult r = run_bc(*dir_, args);
    EXPECT_EQ(r.code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  static std::string html(const std::string& name) { return read_file(*dir_ / name); }

  static TempDir* dir_;
  static std::string setup_error_;
};
TempDir* Reports::dir_ = nullptr;
std::string Reports::setup_error_;

// "30,945" -> 30945; "5.4%" -> 5.4; "(33)" -> -33; "*" and "-" -> nullopt.
std::optional<double> number_in(std::string s) {
  bool negative = s.find('(') != std::string::npos;
  std::string digits;
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-') digits += c;
  }
  if (digits.empty() || digits == "-" || digits == ".") return std::nullopt;
  double v = std::stod(digits);
  return negative ? -v : v;
}

TEST_F(Reports, SummaryTableEqualsTheEnginesJsonForTheSamePeriod) {
  HtmlDoc doc(html("perf.html"));
  ASSERT_TRUE(doc.ok());
  auto rows = doc.all("//table[@class='summary']//tr[@data-metric]");
  // Every metric the config puts on the summary, in config order.
  std::vector<std::string> ids;
  for (auto* r : rows) ids.push_back(HtmlDoc::attr(r, "data-metric"));
  EXPECT_EQ(
      ids, (std::vector<std::string>{
               "nel_admissions", "delayed_days", "dtoc_rate", "dtoc_days_per_100k_18",
               "permanent_admissions_65", "reablement_91", "falls_injuries_65", "careplan_coverage",
               "careplan_reviews_on_time", "spa_referrals", "spa_triaged_within_standard"}));
  std::map<std::string, json> by_period;
  for (const char* period : {"2017/18:YTD12", "2017/18:M12"}) {
    by_period[period] = cli_json({"metrics", "--period", period, "--suppress", "--format", "json"});
  }
  int compared = 0;
  for (auto* r : rows) {
    std::string id = HtmlDoc::attr(r, "data-metric");
    std::string period = HtmlDoc::attr(r, "data-period");
    ASSERT_TRUE(by_period.count(period)) << id << " is shown for " << period;
    // A snapshot measure shows its month (summary = "month"), the rest the year to date.
    const bool month = id == "dtoc_rate" || id == "careplan_coverage";
    EXPECT_EQ(period, month ? "2017/18:M12" : "2017/18:YTD12") << id;
    const json* expected = nullptr;
    for (const auto& j : by_period[period]) {
      if (j["metric"] == id) expected = &j;
    }
    ASSERT_NE(expected, nullptr) << id;
    std::string value_text = HtmlDoc::text(doc.one("td[@data-field='value']", r));
    std::string plan_text = HtmlDoc::text(doc.one("td[@data-field='plan']", r));
    const json& value = (*expected)["value"];
    if (value.is_string()) {
      EXPECT_EQ(value_text, "*") << id;
    } else {
      ASSERT_TRUE(value.is_number()) << id << ": " << expected->dump();
      auto shown = number_in(value_text);
      ASSERT_TRUE(shown) << id << ": '" << value_text << "'";
      // Shown to the unit's precision: counts exactly, percentages to 0.1.
      EXPECT_NEAR(*shown, value.get<double>(), (*expected)["unit"] == "count" ? 0.0 : 0.05) << id;
    }
    ASSERT_TRUE((*expected)["plan"].is_number()) << id << " has a plan in the synthetic city";
    EXPECT_NEAR(*number_in(plan_text), (*expected)["plan"].get<double>(),
                (*expected)["unit"] == "count" ? 0.5 : 0.05)
        << id;
    xmlNodePtr target = doc.one("td[@data-field='target']", r);
    std::string rag = (*expected)["rag"].is_string() ? (*expected)["rag"].get<std::string>() : "";
    EXPECT_EQ(HtmlDoc::attr(target, "data-rag"), rag) << id;
    if (!rag.empty()) {
      // RAG is written as a word, not only as a colour.
      EXPECT_NE(HtmlDoc::text(target).find(rag), std::string::npos) << id;
    }
    if ((*expected)["variance_pct"].is_number() && (*expected)["unit"] != "percent") {
      // "(0.8% below target)": the size of the variance, in words.
      double v = std::abs((*expected)["variance_pct"].get<double>());
      std::string words = HtmlDoc::text(target);
      std::smatch m;
      if (std::regex_search(words, m, std::regex("([0-9.]+)% (above|below) target"))) {
        EXPECT_NEAR(std::stod(m[1]), v, 0.051) << id << ": " << words;
      } else {
        EXPECT_LT(v, 0.05) << id << ": " << words;
        EXPECT_NE(words.find("on target"), std::string::npos) << id << ": " << words;
      }
    }
    xmlNodePtr last_year = doc.one("td[@data-field='last-year']", r);
    std::string cmp =
        (*expected)["comparison"].is_string() ? (*expected)["comparison"].get<std::string>() : "";
    EXPECT_EQ(HtmlDoc::attr(last_year, "data-comparison"), cmp) << id;
    EXPECT_EQ(HtmlDoc::attr(r, "data-complete"), (*expected)["complete"] ? "true" : "false") << id;
    ++compared;
  }
  EXPECT_EQ(compared, 11);
}

// A plan prints in its metric's unit: counts whole ("12,628", never
// "12627.9"), percentages and rates to one decimal, wherever it appears.
TEST_F(Reports, PlansPrintInTheirUnit) {
  HtmlDoc doc(html("perf.html"));
  ASSERT_TRUE(doc.ok());
  const std::regex whole("^[0-9]{1,3}(,[0-9]{3})*$"), one_decimal("^[0-9,]+\\.[0-9]%?$");
  xmlNodePtr headline = doc.one("//table[@class='dtoc-headline']//tr[2]/td[1]");
  ASSERT_NE(headline, nullptr);
  EXPECT_TRUE(std::regex_match(HtmlDoc::text(headline), whole)) << HtmlDoc::text(headline);
  int checked = 0;
  for (xmlNodePtr r : doc.all("//table[@class='summary']//tr[@data-metric]")) {
    const std::string id = HtmlDoc::attr(r, "data-metric");
    const std::string plan = HtmlDoc::text(doc.one("td[@data-field='plan']", r));
    const bool count = id == "nel_admissions" || id == "delayed_days" ||
                       id == "permanent_admissions_65" || id == "falls_injuries_65" ||
                       id == "spa_referrals";
    EXPECT_TRUE(std::regex_match(plan, count ? whole : one_decimal)) << id << ": " << plan;
    ++checked;
  }
  EXPECT_EQ(checked, 11);
}

TEST_F(Reports, FinanceScheduleEqualsTheFinanceModulesJson) {
  HtmlDoc doc(html("perf.html"));
  json fin = cli_json({"finance", "--year", "2017/18", "--month", "12", "--format", "json"});
  ASSERT_TRUE(fin.is_object());
  auto check = [&](xmlNodePtr row, const json& expected, const std::string& what) {
    for (const char* field : {"budget", "ytd_budget", "ytd_actual", "previous_outturn", "outturn",
                              "movement", "variance"}) {
      xmlNodePtr cell = doc.one(std::string("td[@data-field='") + field + "']", row);
      ASSERT_NE(cell, nullptr) << what << " " << field;
      double pounds = expected[field].get<double>();
      EXPECT_EQ(std::stoll(HtmlDoc::attr(cell, "data-pence")), std::llround(pounds * 100))
          << what << " " << field;
      // £'000, rounded half away from zero, negatives in brackets.
      auto shown = number_in(HtmlDoc::text(cell));
      ASSERT_TRUE(shown) << what << " " << field;
      EXPECT_EQ(*shown, std::round(pounds / 1000)) << what << " " << field;
      if (pounds <= -500) {
        EXPECT_EQ(HtmlDoc::text(cell).front(), '(') << what << " " << field;
      }
    }
  };
  int partner_rows = 0;
  for (const auto& s : fin["schemes"]) {
    std::string code = s["code"];
    for (const auto& p : s["partners"]) {
      std::string partner = p["partner"];
      xmlNodePtr row = doc.one("//table[@class='finance']//tr[@data-scheme='" + code +
                               "' and @data-partner='" + partner + "']");
      ASSERT_NE(row, nullptr) << code << "/" << partner;
      check(row, p, code + "/" + partner);
      xmlNodePtr borne = doc.one("td[@data-field='borne_variance']", row);
      EXPECT_EQ(std::stoll(HtmlDoc::attr(borne, "data-pence")),
                std::llround(p["borne_variance"].get<double>() * 100));
      ++partner_rows;
    }
    check(
        doc.one("//table[@class='finance']//tr[@data-scheme='" + code + "' and @data-partner='']"),
        s, code + " total");
  }
  // Every partner row of the HTML was matched, and there is one for each in the JSON.
  EXPECT_EQ(
      static_cast<int>(
          doc.all("//table[@class='finance']//tr[@data-scheme!='' and @data-partner!='']").size()),
      partner_rows);
  EXPECT_GE(partner_rows, 12);  // the seed's 12 schemes
  check(doc.one("//table[@class='finance']//tr[@data-scheme='' and @data-partner='']"),
        fin["totals"], "fund total");
  for (const auto& p : fin["by_partner"]) {
    std::string partner = p["partner"];
    check(doc.one("//table[@class='finance']//tr[@data-scheme='' and @data-partner='" + partner +
                  "']"),
          p, "all of " + partner);
  }
  // The previous report's column is headed with its month, beside the
  // outturn; the synthetic city's forecasts move, so the movement is not 0.
  std::vector<std::string> headings;
  for (auto* th : doc.all("//table[@class='finance']//th")) headings.push_back(HtmlDoc::text(th));
  auto at = [&](const std::string& words) {
    return std::find_if(headings.begin(), headings.end(),
                        [&](const std::string& h) { return h.find(words) != std::string::npos; }) -
           headings.begin();
  };
  ASSERT_LT(at("(M11) outturn"), static_cast<long>(headings.size()));
  EXPECT_EQ(at("Previous report"), at("(M11) outturn"));
  EXPECT_EQ(at("(M11) outturn") + 1, at("Forecast"));
  EXPECT_EQ(at("Forecast") + 1, at("Movement"));
  EXPECT_NE(fin["totals"]["movement"].get<double>(), 0.0);
}

// At M1 there is no previous report: neither column, and the JSON has
// neither figure.
TEST_F(Reports, FinanceScheduleAtMonthOneHasNoPreviousReport) {
  ASSERT_EQ(
      run_bc(*dir_, {"report", "performance", "--period", "2017/18:M1", "--out", "m1.html"}).code,
      0);
  HtmlDoc doc(html("m1.html"));
  ASSERT_NE(doc.one("//table[@class='finance'][@data-month='1']"), nullptr);
  EXPECT_TRUE(doc.all("//table[@class='finance']//td[@data-field='previous_outturn']").empty());
  EXPECT_TRUE(doc.all("//table[@class='finance']//td[@data-field='movement']").empty());
  EXPECT_FALSE(doc.all("//table[@class='finance']//td[@data-field='outturn']").empty());
  EXPECT_EQ(HtmlDoc::text(doc.one("//table[@class='finance']")).find("Previous report"),
            std::string::npos);
  json fin = cli_json({"finance", "--year", "2017/18", "--month", "1", "--format", "json"});
  EXPECT_FALSE(fin["totals"].contains("previous_outturn"));
}

// Delayed transfers by provider name the trust (the code stays in the row's
// data-key and a note beside the name).
TEST_F(Reports, DelayedTransfersNameTheirProviders) {
  HtmlDoc doc(html("perf.html"));
  xmlNodePtr uhs = doc.one("//table[@class='dtoc-provider']//tr[@data-key='RHM']/td[1]");
  ASSERT_NE(uhs, nullptr);
  EXPECT_EQ(HtmlDoc::text(uhs), "University Hospital Southampton NHS Foundation Trust RHM");
  EXPECT_EQ(HtmlDoc::text(doc.one("span[@class='note']", uhs)), "RHM");
  for (auto* row : doc.all("//table[@class='dtoc-provider']//tr[@data-key]")) {
    std::string name = HtmlDoc::text(doc.one("td[1]", row));
    EXPECT_NE(name, HtmlDoc::attr(row, "data-key")) << "a provider shown as its code";
    EXPECT_NE(name.find("NHS"), std::string::npos) << name;
  }
}

// The published report's population increase is worked out from the exact
// populations (all are in the thousands, so none is hidden), so it equals
// the unsuppressed report's; the populations are rounded to 5, and the
// chart's bars, labels and tooltips carry only the rounded figures.
TEST_F(Reports, PopulationIncreaseIsPublishedFromTheExactCounts) {
  ASSERT_EQ(run_bc(*dir_, {"report", "performance", "--period", "2017/18:M12", "--out",
                           "exact.html", "--unsuppressed"})
                .code,
            0);
  HtmlDoc published(html("perf.html")), exact(html("exact.html"));
  auto rows = published.all("//table[@class='population']//tr[td]");
  auto exact_rows = exact.all("//table[@class='population']//tr[td]");
  ASSERT_EQ(rows.size(), 4u);
  ASSERT_EQ(exact_rows.size(), 4u);
  std::vector<std::string> counts;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto cell = [&](const HtmlDoc& d, xmlNodePtr r, int k) {
      return HtmlDoc::text(d.one("td[" + std::to_string(k) + "]", r));
    };
    for (int k : {2, 3}) {
      auto shown = number_in(cell(published, rows[i], k));
      auto real = number_in(cell(exact, exact_rows[i], k));
      ASSERT_TRUE(shown && real);
      EXPECT_EQ(std::fmod(*shown, 5.0), 0.0) << *shown;
      EXPECT_LE(std::abs(*shown - *real), 2.5);
      counts.push_back(cell(exact, exact_rows[i], k));
    }
    std::string increase = cell(published, rows[i], 4), pct = cell(published, rows[i], 5);
    EXPECT_FALSE(increase.empty()) << i;
    EXPECT_EQ(increase, cell(exact, exact_rows[i], 4)) << i;
    EXPECT_EQ(pct, cell(exact, exact_rows[i], 5)) << i;
    auto a = number_in(cell(exact, exact_rows[i], 2)), b = number_in(cell(exact, exact_rows[i], 3));
    EXPECT_EQ(*number_in(increase), *b - *a) << i;
  }
  // The chart: labels on, and every figure it carries is a published one.
  xmlNodePtr chart = published.one("//section[@id='pr-population']//*[local-name()='svg']");
  ASSERT_NE(chart, nullptr);
  EXPECT_NE(published.one(".//*[local-name()='g'][@class='values']", chart), nullptr);
  auto marks = published.all(".//*[@class='mark']/*[local-name()='title']", chart);
  EXPECT_EQ(marks.size(), 6u);  // 3 bands x 2 dates
  std::string svg_text = HtmlDoc::text(chart);
  for (const auto& c : counts) {
    if (std::fmod(*number_in(c), 5.0) != 0) {
      EXPECT_EQ(svg_text.find(c), std::string::npos) << c << " in " << svg_text;
    }
  }
  for (auto* t : marks) {
    std::string text = HtmlDoc::text(t);
    auto v = number_in(text.substr(text.rfind(':') + 1));
    ASSERT_TRUE(v) << text;
    EXPECT_EQ(std::fmod(*v, 5.0), 0.0) << text;
  }
}

TEST_F(Reports, EveryDocumentIsSelfContained) {
  for (const char* name : {"perf.html", "pack.html", "car.html"}) {
    std::string text = html(name);
    HtmlDoc doc(text);
    ASSERT_TRUE(doc.ok()) << name;
    EXPECT_EQ(external_references(doc), std::vector<std::string>{}) << name;
    EXPECT_EQ(text.find("http://"), text.find("http://www.w3.org/2000/svg"))
        << name << " mentions an address other than the SVG namespace";
    EXPECT_EQ(text.find("https://"), std::string::npos) << name;
  }
}

TEST_F(Reports, TheCheckerFindsExternalResources) {
  // The self-containment test must be able to fail.
  for (const char* bad :
       {"<img src=\"x.png\">", "<link rel=stylesheet href=\"s.css\">", "<script>1</script>",
        "<a href=\"https://example.org/\">x</a>", "<div style=\"background:url(x.png)\"></div>",
        "<svg><image xlink:href=\"x.png\"/></svg>", "<style>@import 'x.css';</style>"}) {
    HtmlDoc doc(std::string("<!DOCTYPE html><html><body><p>ok</p>") + bad + "</body></html>");
    EXPECT_FALSE(external_references(doc).empty()) << bad;
  }
  HtmlDoc fine("<!DOCTYPE html><html><body><a href=\"#x\">x</a><p id=x>y</p></body></html>");
  EXPECT_TRUE(external_references(fine).empty());
}

TEST_F(Reports, PerformanceReportHasTheSeedsSections) {
  HtmlDoc doc(html("perf.html"));
  std::vector<std::string> headings;
  for (auto* h : doc.all("//h2")) headings.push_back(HtmlDoc::text(h));
  for (const char* want :
       {"Performance summary", "Non-elective hospital admissions", "top 15 primary diagnoses",
        "Delayed transfers of care", "Permanent admissions", "Injuries due to falls",
        "Population growth", "Care provider quality", "Finance schedule", "Highlight report"}) {
    bool found = false;
    for (const auto& h : headings) found |= h.find(want) != std::string::npos;
    EXPECT_TRUE(found) << "no section '" << want << "'";
  }
  // The title names the area; the commentary file's text is shown, escaped.
  EXPECT_NE(HtmlDoc::text(doc.one("//h1")).find("Test City"), std::string::npos);
  xmlNodePtr nel = doc.one("//tr[@data-metric='nel_admissions']/td[@data-field='commentary']");
  EXPECT_EQ(HtmlDoc::text(nel), "GP streaming in ED from October <helped>.");
  EXPECT_NE(html("perf.html").find("&lt;helped&gt;"), std::string::npos);
  EXPECT_NE(HtmlDoc::text(doc.one("//section[@id='pr-highlights']")).find("Erskine Court"),
            std::string::npos);
  // Top 15 diagnoses for each age band, most frequent first.
  auto tables = doc.all("//table[@class='diagnoses']");
  ASSERT_EQ(tables.size(), 3u);
  for (auto* t : tables) {
    auto rows = doc.all(".//tr[@data-group]", t);
    EXPECT_GT(rows.size(), 5u) << HtmlDoc::attr(t, "data-age-band");
    EXPECT_LE(rows.size(), 15u);
    double last = 1e18;
    for (auto* r : rows) {
      auto n = number_in(HtmlDoc::text(doc.one("td[2]", r)));
      if (!n) continue;  // suppressed
      EXPECT_LE(*n, last);
      last = *n;
      EXPECT_NE(HtmlDoc::attr(r, "data-group"), "other");
    }
  }
  // Delayed days by responsible organisation, provider and reason.
  for (const char* cls : {"dtoc-org", "dtoc-provider", "dtoc-reason"})
    EXPECT_FALSE(doc.all(std::string("//table[@class='") + cls + "']//tr[@data-key]").empty())
        << cls;
  // Charts: inline SVG, each with a title and a description for screen readers.
  auto charts = doc.all("//*[local-name()='svg']");
  EXPECT_GE(charts.size(), 20u);
  for (auto* svg : charts) {
    std::string labelled = HtmlDoc::attr(svg, "aria-labelledby");
    EXPECT_FALSE(labelled.empty());
    EXPECT_NE(doc.one("./*[local-name()='title']", svg), nullptr);
    EXPECT_NE(doc.one("./*[local-name()='desc']", svg), nullptr);
  }
  // The population table's total is the sum of its bands (suppressed figures
  // are rounded to 5, so allow for that).
  auto pop = doc.all("//table[@class='population']//tr[td]");
  ASSERT_EQ(pop.size(), 4u);
  double sum = 0;
  for (int i = 0; i < 3; ++i) sum += *number_in(HtmlDoc::text(doc.one("td[3]", pop[i])));
  EXPECT_NEAR(*number_in(HtmlDoc::text(doc.one("td[3]", pop[3]))), sum, 10);
  EXPECT_GT(sum, 11000);
}

// Making Data Count in the report for 2017/18 M12 (the acceptance):
// every headline metric of the summary has the variation and assurance
// icons beside its RAG, and a section with its SPC chart over the 24 months
// to March 2018, both icons, and the chart's values as a table. The report
// is published, so months whose figure is suppressed are left out of a
// chart and said so: in this small city (12,000 people) a rare measure may
// have no month left ("No SPC"), but the common ones have every month.
// The provider section as at the month's end is the provider rule's, as
// `bettercare provider list` gives it: the same providers Red and Amber,
// the same tally, and occupancy suppressed.
TEST_F(Reports, ProviderSectionEqualsTheProviderListAtTheMonthsEnd) {
  HtmlDoc doc(html("perf.html"));
  const json list =
      cli_json({"provider", "list", "--at", "2018-03-31", "--format", "json"}).at("providers");
  ASSERT_TRUE(list.is_array());
  ASSERT_FALSE(list.empty());
  std::map<std::string, int> tally;
  for (const json& p : list) {
    const std::string code = p.at("provider_code"), rag = p.at("rag");
    ++tally[rag];
    xmlNodePtr row = doc.one("//section[@id='pr-providers']//tr[@data-provider='" + code + "']");
    if (rag == "green") {
      EXPECT_EQ(row, nullptr) << code;
      continue;
    }
    ASSERT_NE(row, nullptr) << code;
    EXPECT_EQ(HtmlDoc::attr(doc.one("./td[@data-rag][1]", row), "data-rag"), rag) << code;
    const int64_t placed = p.at("placed");
    const std::string cell = HtmlDoc::text(doc.one("./td[@class='num']", row));
    const std::string shown = cell.substr(0, cell.find(' '));
    EXPECT_EQ(shown, placed == 0  ? "0"
                     : placed < 8 ? "*"
                                  : std::to_string((placed + 2) / 5 * 5))
        << code << ": " << cell;
  }
  const std::string standing =
      HtmlDoc::text(doc.one("//section[@id='pr-providers']//p[@data-field='standing']"));
  EXPECT_NE(standing.find(fmt::format("{} Red, {} Amber, {} Green by the quality rule",
                                      tally["red"], tally["amber"], tally["green"])),
            std::string::npos)
      << standing;
  EXPECT_NE(doc.one("//a[@href='#pr-providers']"), nullptr);
}

TEST_F(Reports, PerformanceReportHasAnSpcChartAndBothIconsPerHeadlineMetric) {
  HtmlDoc doc(html("perf.html"));
  auto rows = doc.all("//table[@class='summary']//tr[@data-metric]");
  ASSERT_GE(rows.size(), 8u);
  auto spc = doc.one("//section[@id='pr-spc']");
  ASSERT_NE(spc, nullptr);
  size_t charted = 0;
  for (auto* r : rows) {
    const std::string metric = HtmlDoc::attr(r, "data-metric");
    auto cell = doc.one("td[@data-field='spc']", r);
    ASSERT_NE(cell, nullptr) << metric;
    auto chart = doc.one(".//*[@id='pr-spc-" + metric + "-title']/..", spc);
    ASSERT_NE(chart, nullptr) << metric;
    auto figure = chart->parent;
    ASSERT_NE(figure, nullptr);
    const size_t points =
        doc.all(".//*[contains(concat(' ', @class, ' '), ' mark ')]", chart).size();
    if (points == 0) {
      EXPECT_NE(HtmlDoc::text(cell).find("No SPC"), std::string::npos) << metric;
      EXPECT_NE(HtmlDoc::text(figure).find("Not charted: 2016-04"), std::string::npos) << metric;
      continue;
    }
    ++charted;
    for (auto* where : {cell, figure}) {
      EXPECT_EQ(doc.all(".//*[local-name()='svg' and contains(@class,'variation')]", where).size(),
                1u)
          << metric;
      EXPECT_EQ(doc.all(".//*[local-name()='svg' and contains(@class,'assurance')]", where).size(),
                1u)
          << metric;
    }
    // The icons' words are there as text too.
    EXPECT_NE(HtmlDoc::text(cell).find("variation"), std::string::npos) << metric;
    // A row of the values table per point, and the limits drawn.
    EXPECT_EQ(doc.all(".//details//tr[td]", figure).size(), points) << metric;
    EXPECT_NE(doc.one(".//*[local-name()='line' and @class='upl']", chart), nullptr) << metric;
    if (metric == "nel_admissions" || metric == "delayed_days") {
      EXPECT_EQ(points, 24u) << metric;
    }
  }
  EXPECT_GE(charted, 6u);
}

TEST_F(Reports, SuppressedByDefaultAndSaysSo) {
  std::string text = html("perf.html");
  EXPECT_NE(text.find("shown as *"), std::string::npos);
  ASSERT_EQ(run_bc(*dir_, {"report", "performance", "--period", "2017/18", "--out", "raw.html",
                           "--unsuppressed"})
                .code,
            0);
  EXPECT_NE(html("raw.html").find("Not for publication"), std::string::npos);
}

TEST_F(Reports, QuarterPackHoldsEverySchemeReport) {
  HtmlDoc doc(html("pack.html"));
  ASSERT_TRUE(doc.ok());
  auto articles = doc.all("//article[@class='scheme-report']");
  std::map<std::string, std::string> states;
  for (auto* a : articles) states[HtmlDoc::attr(a, "data-scheme")] = HtmlDoc::attr(a, "data-state");
  EXPECT_EQ(states, (std::map<std::string, std::string>{{"CAR", "submitted"}, {"CLU", "draft"}}));
  // Schemes without a report are listed as such on the cover.
  xmlNodePtr rr = doc.one("//table[@class='pack-schemes']//tr[@data-scheme='RR']");
  EXPECT_NE(HtmlDoc::text(rr).find("no report"), std::string::npos);
  // The Carers report's finance block comes from the ledger at M12.
  json car = cli_json(
      {"finance", "--year", "2017/18", "--month", "12", "--scheme", "CAR", "--format", "json"});
  xmlNodePtr total = doc.one(
      "//article[@data-scheme='CAR']//table[@class='scheme-finance']//tr[@class='total']/td[7]");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(std::stoll(HtmlDoc::attr(total, "data-pence")),
            std::llround(car["schemes"][0]["variance"].get<double>() * 100));
  // The lead's narrative and the sign-off record.
  std::string car_text = HtmlDoc::text(doc.one("//article[@data-scheme='CAR']"));
  EXPECT_NE(car_text.find("Underspend negligible"), std::string::npos);
  EXPECT_NE(car_text.find("Kirsten Killander"), std::string::npos);
  EXPECT_NE(car_text.find("2018-05-22"), std::string::npos);
  // The pack also carries the summary, the performance report and the finance schedule.
  EXPECT_EQ(doc.all("//table[@class='summary']").size(), 1u);
  EXPECT_EQ(doc.all("//table[@class='finance']").size(), 1u);
  EXPECT_EQ(doc.all("//table[@class='diagnoses']").size(), 3u);
}

TEST_F(Reports, BadRequestsAreRefusedClearly) {
  RunResult r =
      run_bc(*dir_, {"report", "performance", "--period", "2017/18:M13", "--out", "x.html"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("2017/18:M12"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "x.html"));
  r = run_bc(*dir_, {"report", "performance", "--period", "2017/18"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos);
  write_file(*dir_ / "bad.toml", "[commentary]\nnel_admisions = \"typo\"\n");
  r = run_bc(*dir_, {"report", "performance", "--period", "2017/18", "--out", "x.html",
                     "--commentary", "bad.toml"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("bad.toml:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nel_admisions"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "x.html"));
  for (const std::string& area : {std::string("Bad\xff"), std::string("Two\nlines")}) {
    r = run_bc(*dir_, {"export", "bcf-return", "--quarter", "2017/18:Q4", "--out", "x.xlsx",
                       "--area", area});
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_NE(r.err.find("--area"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(*dir_ / "x.xlsx"));
  }
  r = run_bc(*dir_, {"report", "quarter", "--quarter", "2017/18:M11", "--out", "x.html"});
  EXPECT_EQ(r.code, 2);
  r = run_bc(*dir_, {"report", "performance", "--period", "2017/18", "--pdf", "x.pdf"},
             "BETTERCARE_CHROMIUM=/nonexistent/chromium");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("BETTERCARE_CHROMIUM"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(*dir_ / "x.pdf"));
}

TEST_F(Reports, ExportsAreAudited) {
  auto lines = open_db(*dir_ / "bettercare.db")
                   ->query_texts("SELECT action || ':' || subject FROM audit_log ORDER BY audit_id",
                                 std::nullopt);
  ASSERT_TRUE(lines.ok()) << lines.error();
  std::string log;
  for (const std::string& line : *lines) log += line + "\n";
  EXPECT_NE(log.find("export_report:performance report Month 12 2017/18 -> perf.html"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("export_report:quarterly pack 2017/18:Q4 -> pack.html"), std::string::npos)
      << log;
}

// An empty store (nothing imported yet) gives documents that say so, not a
// crash: every breakdown has no groups.
TEST(ReportsOnAnEmptyStore, SayThereIsNothingRatherThanFail) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  RunResult r = run_bc(dir, {"report", "performance", "--period", "2017/18", "--out", "e.html"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(read_file(dir / "e.html").find("No budgets or ledger are loaded"), std::string::npos);
  r = run_bc(dir, {"report", "quarter", "--quarter", "2017/18:Q4", "--out", "q.html"});
  EXPECT_EQ(r.code, 0) << r.err;
  r = run_bc(dir, {"metrics", "--period", "2017/18", "--metric", "delayed_days", "--by", "provider",
                   "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "[]\n");
  r = run_bc(dir, {"report", "performance", "--period", "2017/18", "--out", "no/such/dir/x.html"});
  EXPECT_EQ(r.code, 4) << r.err;  // a file that cannot be written: exit 4, like the store
  EXPECT_NE(r.err.find("cannot write no/such/dir/x.html"), std::string::npos) << r.err;
}

// A handful of people (tests/fixtures/small): each population from 1 to 7
// is "*", and so is its increase and % increase, in the table and the chart;
// unsuppressed, the figures are shown.
TEST(ReportsOnASmallStore, PopulationFiguresFromSmallCountsAreHidden) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  RunResult imp = run_bc(dir, {"import", fixture("small").string()});
  ASSERT_EQ(imp.code, 0) << imp.err;
  ASSERT_EQ(run_bc(dir, {"report", "performance", "--period", "2017/18", "--out", "s.html"}).code,
            0);
  ASSERT_EQ(run_bc(dir, {"report", "performance", "--period", "2017/18", "--out", "u.html",
                         "--unsuppressed"})
                .code,
            0);
  HtmlDoc published(read_file(dir / "s.html")), exact(read_file(dir / "u.html"));
  auto rows = published.all("//table[@class='population']//tr[td]");
  auto exact_rows = exact.all("//table[@class='population']//tr[td]");
  ASSERT_EQ(rows.size(), 4u);
  ASSERT_EQ(exact_rows.size(), 4u);
  int hidden = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto cell = [](const HtmlDoc& d, xmlNodePtr r, int k) {
      return HtmlDoc::text(d.one("td[" + std::to_string(k) + "]", r));
    };
    auto a = number_in(cell(exact, exact_rows[i], 2)), b = number_in(cell(exact, exact_rows[i], 3));
    ASSERT_TRUE(a && b);
    bool small = (*a >= 1 && *a <= 7) || (*b >= 1 && *b <= 7);
    EXPECT_EQ(cell(exact, exact_rows[i], 4), std::to_string(static_cast<int>(*b - *a)));
    if (small) {
      ++hidden;
      EXPECT_EQ(cell(published, rows[i], 4), "*") << i;
      EXPECT_EQ(cell(published, rows[i], 5), "*") << i;
    } else {
      EXPECT_EQ(cell(published, rows[i], 4), cell(exact, exact_rows[i], 4)) << i;
    }
  }
  EXPECT_GE(hidden, 2);  // a band of the five people, and their total
  // No bar, label or tooltip for a hidden count.
  xmlNodePtr chart = published.one("//section[@id='pr-population']//*[local-name()='svg']");
  ASSERT_NE(chart, nullptr);
  for (auto* t : published.all(".//*[@class='mark']/*[local-name()='title']", chart)) {
    std::string text = HtmlDoc::text(t);
    auto v = number_in(text.substr(text.rfind(':') + 1));
    ASSERT_TRUE(v) << text;
    EXPECT_TRUE(*v == 0 || *v >= 8) << text;
  }
}

bool have(const char* program) {
  std::string cmd = std::string("command -v ") + program + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST_F(Reports, PdfFromHeadlessChromiumHasPagesAndText) {
  if (!have("chromium") && std::getenv("BETTERCARE_CHROMIUM") == nullptr) {
    GTEST_SKIP() << "SKIPPED: chromium is not installed (apt-get install chromium; CI installs "
                    "it through scripts/install-deps)";
  }
  ASSERT_TRUE(have("pdfinfo") && have("pdftotext")) << "install poppler-utils";
  RunResult r = run_bc(*dir_, {"report", "performance", "--period", "2017/18:M12", "--out",
                               "p.html", "--pdf", "p.pdf"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(fs::exists(*dir_ / "p.pdf"));
  EXPECT_EQ(read_file(*dir_ / "p.pdf").substr(0, 5), "%PDF-");
  std::string cmd = "cd " + shell_quote(dir_->path().string()) +
                    " && pdfinfo p.pdf > info.txt 2>&1 && pdftotext -layout p.pdf p.txt";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(*dir_ / "info.txt");
  std::smatch m;
  std::string info_text = read_file(*dir_ / "info.txt");
  ASSERT_TRUE(std::regex_search(info_text, m, std::regex("Pages:\\s+(\\d+)"))) << info_text;
  int pages = std::stoi(m[1]);
  // One page of summary, a few of admissions, one each for diagnoses,
  // delayed transfers, each headline metric, population, finance, highlights.
  EXPECT_GE(pages, 8) << info_text;
  EXPECT_LE(pages, 40) << info_text;
  EXPECT_NE(info_text.find("A4"), std::string::npos) << info_text;
  std::string text = read_file(*dir_ / "p.txt");
  for (const char* want :
       {"Non-elective hospital admissions", "Delayed days", "DToC rate", "Injuries due to falls",
        "Population growth", "Care provider quality", "Finance schedule", "Highlight report"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want;
  }
}

TEST_F(Reports, ReturnWorkbookReadsBackWithAnIndependentReader) {
  RunResult r = run_bc(*dir_, {"export", "bcf-return", "--quarter", "2017/18:Q4", "--out",
                               "return.xlsx", "--area", "Test City"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Debian's python3 (with python3-openpyxl), not another on the PATH.
  std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string cmd = python + " " +
                    shell_quote(std::string(BC_SOURCE_DIR) + "/tests/tools/xlsx_dump.py") + " " +
                    shell_quote((*dir_ / "return.xlsx").string()) + " > " +
                    shell_quote((*dir_ / "return.json").string()) + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(*dir_ / "return.json");
  json wb = json::parse(read_file(*dir_ / "return.json"));
  EXPECT_EQ(wb["sheets"], json({"Cover", "Income and Expenditure", "Metrics", "Narrative"}));
  const json& cover = wb["cells"]["Cover"];
  EXPECT_EQ(cover["B3"]["v"], "Test City");
  EXPECT_EQ(cover["B4"]["v"], "2017/18:Q4");

  // Income and Expenditure: numbers, in pounds, equal to the finance module's.
  json fin = cli_json({"finance", "--year", "2017/18", "--month", "12", "--format", "json"});
  const json& ie = wb["cells"]["Income and Expenditure"];
  EXPECT_EQ(ie["D1"]["v"], "Budget");
  int row = 2, checked = 0;
  for (const auto& s : fin["schemes"]) {
    for (const auto& p : s["partners"]) {
      std::string at = std::to_string(row);
      EXPECT_EQ(ie["A" + at]["v"], s["code"]) << at;
      EXPECT_EQ(ie["C" + at]["v"], p["partner"]) << at;
      for (auto [col, field] :
           std::vector<std::pair<std::string, std::string>>{{"D", "budget"},
                                                            {"E", "ytd_actual"},
                                                            {"F", "outturn"},
                                                            {"G", "variance"},
                                                            {"H", "borne_variance"}}) {
        const json& cell = ie[col + at];
        ASSERT_EQ(cell["t"], "n") << col << at << " is not a number: " << cell.dump();
        EXPECT_NEAR(cell["v"].get<double>(), p[field].get<double>(), 0.001) << col << at;
        EXPECT_NE(cell["f"].get<std::string>().find("#,##0.00"), std::string::npos);
      }
      ++row, ++checked;
    }
    ++row;  // the scheme's total
  }
  EXPECT_GE(checked, 12);  // every partner row of the seed's 12 schemes
  std::string total_at = std::to_string(row);
  EXPECT_EQ(ie["C" + total_at]["v"], "Total");
  EXPECT_NEAR(ie["D" + total_at]["v"].get<double>(), fin["totals"]["budget"].get<double>(), 0.001);
  EXPECT_NEAR(ie["G" + total_at]["v"].get<double>(), fin["totals"]["variance"].get<double>(),
              0.001);

  // Metrics: plan, actual and RAG equal the engine's (percentages as
  // fractions). A return is a submission, not a publication: the actual
  // figures, unsuppressed.
  json ytd = cli_json({"metrics", "--period", "2017/18:YTD12", "--format", "json"});
  json month = cli_json({"metrics", "--period", "2017/18:M12", "--format", "json"});
  const json& mt = wb["cells"]["Metrics"];
  int metrics_checked = 0;
  for (int i = 2; mt.contains("A" + std::to_string(i)); ++i) {
    std::string at = std::to_string(i);
    std::string id = mt["A" + at]["v"];
    const json& source = mt["D" + at]["v"] == "2017/18:M12" ? month : ytd;
    const json* expected = nullptr;
    for (const auto& j : source) {
      if (j["metric"] == id) expected = &j;
    }
    ASSERT_NE(expected, nullptr) << id;
    double scale = (*expected)["unit"] == "percent" ? 100.0 : 1.0;
    ASSERT_EQ(mt["E" + at]["t"], "n") << id;
    EXPECT_NEAR(mt["E" + at]["v"].get<double>() * scale, (*expected)["plan"].get<double>(), 0.01)
        << id;
    if ((*expected)["value"].is_number()) {
      ASSERT_EQ(mt["F" + at]["t"], "n") << id;
      EXPECT_NEAR(mt["F" + at]["v"].get<double>() * scale, (*expected)["value"].get<double>(),
                  0.001)
          << id;
    } else {
      EXPECT_EQ(mt["F" + at]["v"], "*") << id;
    }
    if ((*expected)["rag"].is_string()) {
      EXPECT_EQ(mt["H" + at]["v"], (*expected)["rag"]) << id;
    }
    if ((*expected)["variance_pct"].is_number()) {
      EXPECT_NEAR(mt["G" + at]["v"].get<double>() * 100, (*expected)["variance_pct"].get<double>(),
                  0.06)
          << id;
      EXPECT_EQ(mt["G" + at]["f"], "0.0%");
    }
    // A percentage's change on last year in points; completeness in words.
    if ((*expected)["change_pp"].is_number()) {
      EXPECT_NEAR(mt["K" + at]["v"].get<double>(), (*expected)["change_pp"].get<double>(), 0.051)
          << id;
    }
    EXPECT_EQ(mt["M" + at]["v"], (*expected)["complete"] ? "yes" : "no") << id;
    ++metrics_checked;
  }
  EXPECT_EQ(metrics_checked, 7);
  EXPECT_EQ(mt["K1"]["v"], "Change (percentage points)");

  // Narrative: each scheme's summary, with the report's version and state.
  const json& nv = wb["cells"]["Narrative"];
  bool car = false;
  for (int i = 2; nv.contains("A" + std::to_string(i)); ++i) {
    std::string at = std::to_string(i);
    if (nv["A" + at]["v"] != "CAR") continue;
    car = true;
    EXPECT_EQ(nv["C" + at]["v"], 1);
    EXPECT_EQ(nv["D" + at]["v"], "submitted");
    EXPECT_GT(nv["E" + at]["v"].get<std::string>().size(), 40u);
  }
  EXPECT_TRUE(car);
  // A month that ends no quarter is refused and writes nothing.
  r = run_bc(*dir_, {"export", "bcf-return", "--quarter", "2017/18:M5", "--out", "no.xlsx"});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(*dir_ / "no.xlsx"));
}

}  // namespace
}  // namespace bc::test

namespace bc::test {
namespace {

// Drops the data lines of a synthetic city's CSV file whose `column` starts
// with `prefix` (the city writes no quoted fields).
void drop_rows(const fs::path& file, size_t column, const std::string& prefix) {
  std::istringstream in(read_file(file));
  std::string out, line;
  std::getline(in, line);
  out += line + "\n";
  while (std::getline(in, line)) {
    size_t start = 0;
    for (size_t k = 0; k < column; ++k) start = line.find(',', start) + 1;
    if (line.compare(start, prefix.size(), prefix) == 0) continue;
    out += line + "\n";
  }
  write_file(file, out);
}

// Missing data is not performance: with March 2018's hospital spells and
// delayed days not loaded, the year-end report prints no RAG for the metrics
// made from them, names the month, and keeps them out of the highlight
// report's achievements and risks; the same report with March loaded gives
// them a RAG.
TEST(ReportsWithAMonthMissing, PrintNoRagAndNameTheMonth) {
  TempDir dir;
  ASSERT_EQ(run_bc(dir, {"synth", "--out", "city", "--persons", "12000"}).code, 0);
  ASSERT_EQ(run_bc(dir, {"init"}).code, 0);
  drop_rows(dir / "city" / "spells.csv", 3, "2018-03");        // admission_date
  drop_rows(dir / "city" / "delayed_days.csv", 0, "2018-03");  // month
  RunResult imported = run_bc(dir, {"import", "city"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  RunResult r = run_bc(dir, {"report", "performance", "--period", "2017/18:M12", "--out",
                             "march-missing.html", "--unsuppressed"});
  ASSERT_EQ(r.code, 0) << r.err;
  HtmlDoc doc(read_file(dir / "march-missing.html"));
  ASSERT_TRUE(doc.ok());
  const std::map<std::string, std::string> affected = {
      {"nel_admissions", "2018-03 spells"},
      {"delayed_days", "2018-03 delayed_days"},
      {"dtoc_rate", "2018-03 delayed_days"},
      {"dtoc_days_per_100k_18", "2018-03 delayed_days"},
      {"falls_injuries_65", "2018-03 spells"}};
  int seen = 0;
  for (xmlNodePtr row : doc.all("//table[@class='summary']//tr[@data-metric]")) {
    const std::string id = HtmlDoc::attr(row, "data-metric");
    auto it = affected.find(id);
    if (it == affected.end()) continue;
    ++seen;
    EXPECT_EQ(HtmlDoc::attr(row, "data-complete"), "false") << id;
    xmlNodePtr target = doc.one("td[@data-field='target']", row);
    EXPECT_EQ(HtmlDoc::attr(target, "data-rag"), "") << id;
    const std::string text = HtmlDoc::text(target);
    EXPECT_NE(text.find("No RAG"), std::string::npos) << id << ": " << text;
    EXPECT_NE(text.find(it->second), std::string::npos) << id << ": " << text;
    for (const char* rag : {"Green", "Amber", "Red"})
      EXPECT_EQ(text.find(rag), std::string::npos) << id << ": " << text;
    EXPECT_EQ(HtmlDoc::attr(doc.one("td[@data-field='last-year']", row), "data-comparison"), "")
        << id;
  }
  EXPECT_EQ(seen, 5);
  const std::string html = read_file(dir / "march-missing.html");
  EXPECT_NE(html.find("<h3>Data not complete</h3>"), std::string::npos);

  // The engine says the same, and February (all loaded) has its RAG.
  RunResult j = run_bc(
      dir, {"metrics", "--period", "2017/18", "--metric", "nel_admissions", "--format", "json"});
  ASSERT_EQ(j.code, 0) << j.err;
  nlohmann::json year = nlohmann::json::parse(j.out)[0];
  EXPECT_EQ(year["complete"], false);
  EXPECT_EQ(year["missing"], nlohmann::json::array({"2018-03 spells"}));
  EXPECT_TRUE(year["rag"].is_null());
  RunResult feb = run_bc(dir, {"report", "performance", "--period", "2017/18:M11", "--out",
                               "february.html", "--unsuppressed"});
  ASSERT_EQ(feb.code, 0) << feb.err;
  HtmlDoc fdoc(read_file(dir / "february.html"));
  xmlNodePtr nel = fdoc.one("//table[@class='summary']//tr[@data-metric='nel_admissions']");
  ASSERT_NE(nel, nullptr);
  EXPECT_EQ(HtmlDoc::attr(nel, "data-complete"), "true");
  EXPECT_NE(HtmlDoc::attr(fdoc.one("td[@data-field='target']", nel), "data-rag"), "");
}

}  // namespace
}  // namespace bc::test
