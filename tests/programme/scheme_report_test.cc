// Scheme quarterly reports: the two file formats (and the seed's reports
// transcribed in them), versions, the sign-off workflow and the store's
// guarantees that a report the boards have seen never changes.
#include "programme/scheme_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../support/fixture_store.h"
#include "ingest/importer.h"
#include "store/audit.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

// The quarter a test names, as the API takes it (Period::parse_quarter, the
// way in for text, is tested in Quarter.ParsesAndNormalises).
Period quarter_of(std::string_view text) {
  auto q = Period::parse(text);
  EXPECT_TRUE(q.ok()) << q.error();
  return q.ok() ? *q : Period::year(FinancialYear());
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kDocs = fs::path(BC_SOURCE_DIR) / "docs" / "examples";
const std::string kCarersFile = (kDocs / "scheme-report-carers-2017-18-q4.toml").string();
const std::string kClustersFile = (kDocs / "scheme-report-clusters-2017-18-q4.md").string();

int count_lines_starting(const std::string& text, const std::string& prefix) {
  int n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) n += line.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

// Parses text as a file of this name; the error message, or "" when it parses.
std::string parse_error(const std::string& text, const std::string& name = "r.toml") {
  auto r = parse_scheme_report_file(text, name);
  return r.ok() ? std::string() : r.error();
}

Date d(const char* iso) {
  return *Date::parse(iso);
}

// ---------------------------------------------------------------------------
// The examples: the seed's reports, transcribed.

TEST(Examples, CarersTomlIsTheSeedsReport) {
  auto r = parse_scheme_report_file(read_text(kCarersFile), kCarersFile);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->format, "toml");
  EXPECT_EQ(r->scheme, "CAR");
  EXPECT_EQ(r->quarter, "2017/18:Q4");
  const SchemeReportContent& c = r->content;
  EXPECT_EQ(c.report_author, "Kirsten Killander");
  EXPECT_EQ(c.pooled_budget_manager, "");  // the scheme's applies
  ASSERT_TRUE(c.report_date.has_value());
  EXPECT_EQ(c.report_date->iso(), "2018-05-22");
  EXPECT_EQ(c.finance_reasons, "Underspend negligible");
  EXPECT_EQ(c.finance_actions, "Not applicable");
  EXPECT_EQ(c.savings_opportunities, "None");
  EXPECT_EQ(c.cost_pressures, "None");
  EXPECT_EQ(count_lines_starting(c.aims, "- "), 5);
  EXPECT_EQ(c.aims.rfind("- To identify a significant number of Adult and Young Carers", 0), 0u);
  EXPECT_EQ(c.evidence.rfind("The main overall BCF target for this service", 0), 0u);
  EXPECT_EQ(count_lines_starting(c.evidence, "- "), 4);
  EXPECT_NE(c.evidence.find("personal budget of £80 for individual young carers"),
            std::string::npos);
  ASSERT_EQ(c.indicators.size(), 2u);
  EXPECT_EQ(c.indicators[0].progress, "Both services have exceeded the number of carers reached.");
  EXPECT_NE(c.indicators[1].progress.find("64 supported assessments; 12 self-assessments"),
            std::string::npos);
  EXPECT_NE(c.indicators[1].progress.find("\n\nIn the last quarter 211 young carers"),
            std::string::npos);
  ASSERT_EQ(c.risks.size(), 2u);
  EXPECT_EQ(c.risks[0].mitigation,
            "Specific member of staff to be placed in CiS Service to ensure this is included.");
  EXPECT_NE(c.risks[1].mitigation.find("'Carers Aware' E-learning course"), std::string::npos);
  EXPECT_EQ(c.proposed_changes,
            "Mencap were awarded the new contract: start date of 1st April 2018. No Limits are "
            "subcontracted to work with young carers.");
  EXPECT_EQ(count_lines_starting(c.priorities, "- "), 2);
  EXPECT_TRUE(c.contracts.empty());
  EXPECT_TRUE(missing_for_submission(c).empty());
}

TEST(Examples, ClustersMarkdownIsTheSeedsReport) {
  auto r = parse_scheme_report_file(read_text(kClustersFile), kClustersFile);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->format, "markdown");
  EXPECT_EQ(r->scheme, "CLU");
  const SchemeReportContent& c = r->content;
  EXPECT_EQ(c.report_author, "Adrian Littlemore, Senior Commissioner ICU");
  EXPECT_EQ(c.pooled_budget_manager, "Adrian Littlemore, Senior Commissioner ICU");
  EXPECT_EQ(c.report_date->iso(), "2018-05-23");
  EXPECT_EQ(c.finance_reasons,
            "CCG overspend relates to planed one off payment for IAPT to Dorset Health Care\n\n"
            "SCC overspend relates to additional costs incurred by Adult Social Care Review Team- "
            "to achieve package revenue savings (Agreed by Paul Juan)");
  EXPECT_EQ(c.finance_actions, "- No action required");
  EXPECT_NE(c.savings_opportunities.find("Key opportunities:\n\n- Continued redesign"),
            std::string::npos);
  EXPECT_EQ(c.cost_pressures, "None");
  EXPECT_EQ(count_lines_starting(c.aims, "- "), 6);
  EXPECT_EQ(count_lines_starting(c.aims, "  - "), 17);
  EXPECT_EQ(count_lines_starting(c.evidence, "- "), 8);
  ASSERT_EQ(c.indicators.size(), 14u);
  EXPECT_EQ(c.indicators[0].metric, "nel_admissions");
  EXPECT_FALSE(c.indicators[1].metric.has_value());
  EXPECT_EQ(c.indicators[13].name, "I statements survey results \"qualitative\".");
  for (const auto& i : c.indicators) EXPECT_EQ(i.progress, "Being refreshed.");
  ASSERT_EQ(c.risks.size(), 1u);
  EXPECT_EQ(c.risks[0].mitigation.rfind("Better Care Programme Manager to audit", 0), 0u);
  EXPECT_EQ(c.proposed_changes.rfind("Investment in Cluster Leadership", 0), 0u);
  EXPECT_EQ(count_lines_starting(c.priorities, "- "), 3);
  EXPECT_FALSE(c.summary.empty());
  EXPECT_TRUE(missing_for_submission(c).empty());
}

TEST(Examples, BothRoundTripThroughCanonicalJson) {
  for (const std::string& file : {kCarersFile, kClustersFile}) {
    auto c = parse_scheme_report(read_text(file), file);
    ASSERT_TRUE(c.ok()) << c.error();
    const std::string json = content_to_json(*c);
    auto back = content_from_json(json);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, *c) << file;
    EXPECT_EQ(content_to_json(*back), json) << file;
  }
}

TEST(Examples, BothRoundTripThroughTheTomlTheWebWrites) {
  for (const std::string& file : {kCarersFile, kClustersFile}) {
    auto c = parse_scheme_report(read_text(file), file);
    ASSERT_TRUE(c.ok()) << c.error();
    const std::string toml = content_to_toml(*c, "CAR", "2017/18:Q4");
    auto back = parse_scheme_report_file(toml, "web.toml");
    ASSERT_TRUE(back.ok()) << back.error() << "\n" << toml;
    EXPECT_EQ(back->content, *c) << file;
    EXPECT_EQ(back->scheme, "CAR");
    EXPECT_EQ(back->quarter, "2017/18:Q4");
  }
}

TEST(Toml, WrittenTextKeepsQuotesBackslashesTabsAndTripleQuotes) {
  SchemeReportContent c;
  c.report_author = "Dr \"Jo\" O'Neil \\ C:\\path\tend";
  c.report_date = d("2018-05-22");
  c.aims = "- first \"\"\" and ''' inside\n  - nested \\\n\nA line ending in a backslash \\";
  c.summary = "£1.993m – 5% \u3001";
  c.indicators.push_back({"Admissions", "69", "", "\"on\" track", std::string("nel_admissions")});
  c.indicators.push_back({"No metric", "", "83", "", std::nullopt});
  c.risks.push_back({"Risk with\ntwo lines", ""});
  c.contracts.push_back({"IAPT", "1 year", "£1.993m", "n/a", "good", "none"});
  ASSERT_TRUE(normalise_content(c).ok());
  const std::string toml = content_to_toml(c, "", "");
  auto back = parse_scheme_report_file(toml, "web.toml");
  ASSERT_TRUE(back.ok()) << back.error() << "\n" << toml;
  EXPECT_EQ(back->content, c) << toml;
  EXPECT_FALSE(back->scheme.has_value());
  EXPECT_FALSE(back->quarter.has_value());
  // An empty report is written and read back empty.
  auto empty = parse_scheme_report_file(content_to_toml({}, "", ""), "web.toml");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_EQ(empty->content, SchemeReportContent{});
}

TEST(Json, IsStrictAboutKeysAndTypes) {
  EXPECT_FALSE(content_from_json("[]").ok());
  EXPECT_FALSE(content_from_json("{\"aims\": 3}").ok());
  EXPECT_FALSE(content_from_json("{\"reprot_author\": \"x\"}").ok());
  EXPECT_FALSE(content_from_json("{\"indicators\": [{\"name\": \"x\", \"goal\": \"1\"}]}").ok());
  EXPECT_FALSE(content_from_json("{\"indicators\": [{\"target\": \"1\"}]}").ok());  // no name
  EXPECT_FALSE(content_from_json("{\"report_date\": \"2018-02-30\"}").ok());
  EXPECT_FALSE(content_from_json("{\"aims\": \"a\\u0007b\"}").ok());
  EXPECT_FALSE(content_from_json("{").ok());
  auto ok = content_from_json("{\"aims\": \"  x  \\r\\n\", \"report_date\": null}");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->aims, "x");
}

// ---------------------------------------------------------------------------
// Text normalisation.

TEST(Text, LineEndsTrailingSpaceBlankEndsAndSharedIndentation) {
  std::string t = "\r\n\r\n    First line.  \r\n\r\n    - a bullet\t\r\n      - nested\r\n\n\n";
  ASSERT_TRUE(normalise_report_text(t, false).ok());
  EXPECT_EQ(t, "First line.\n\n- a bullet\n  - nested");
  std::string one = "  Kirsten Killander \n";
  ASSERT_TRUE(normalise_report_text(one, true).ok());
  EXPECT_EQ(one, "Kirsten Killander");
  std::string two = "Kirsten\nKillander";
  EXPECT_FALSE(normalise_report_text(two, true).ok());
}

TEST(Text, ControlCharactersInvalidUtf8AndAbsurdSizesAreRefused) {
  std::string bell = "a\nb\x07";
  Status s = normalise_report_text(bell, false);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("control character (U+0007) on line 2"), std::string::npos)
      << s.message();
  std::string c1 = "a\xC2\x85";  // U+0085, a C1 control
  EXPECT_FALSE(normalise_report_text(c1, false).ok());
  std::string bad = "caf\xC3";
  EXPECT_NE(normalise_report_text(bad, false).message().find("UTF-8"), std::string::npos);
  std::string nul("a\0b", 3);
  EXPECT_FALSE(normalise_report_text(nul, false).ok());
  std::string big(kMaxReportTextBytes + 1, 'x');
  EXPECT_NE(normalise_report_text(big, false).message().find("at most 64.0 KiB"),
            std::string::npos);
  std::string tab = "a\tb";
  EXPECT_TRUE(normalise_report_text(tab, false).ok());
  EXPECT_EQ(tab, "a\tb");
}

TEST(Text, ContentNamesTheFieldAtFault) {
  SchemeReportContent c;
  c.indicators.push_back({"NEL", "1", "2", "ok\x01", std::nullopt});
  Status s = normalise_content(c);
  EXPECT_NE(s.message().find("indicator 1, progress"), std::string::npos) << s.message();
  SchemeReportContent m;
  m.indicators.push_back({"NEL", "", "", "", std::string("NEL Admissions")});
  s = normalise_content(m);
  EXPECT_NE(s.message().find("is not a metric id"), std::string::npos) << s.message();
  SchemeReportContent many;
  many.risks.resize(kMaxReportListItems + 1, ReportRisk{"r", "m"});
  EXPECT_FALSE(normalise_content(many).ok());
}

// ---------------------------------------------------------------------------
// TOML.

TEST(Toml, UnknownKeyNamesTheKeyItsLineAndTheAllowedKeys) {
  std::string e = parse_error("aims = \"x\"\nreprot_author = \"Kirsten\"\n");
  EXPECT_NE(e.find("r.toml:2: unknown key 'reprot_author'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'report_author'?"), std::string::npos) << e;
  EXPECT_NE(e.find("scheme, quarter, report_author, pooled_budget_manager, report_date"),
            std::string::npos)
      << e;
  e = parse_error("[finance]\nreasons = \"a\"\nreson = \"b\"\n");
  EXPECT_NE(e.find("r.toml:3: unknown key 'reson' in [finance]"), std::string::npos) << e;
  EXPECT_NE(e.find("reasons, actions, savings_opportunities, cost_pressures"), std::string::npos)
      << e;
  e = parse_error("[[indicators]]\nname = \"NEL\"\n\n[[indicators]]\nname = \"x\"\ngoal = 3\n");
  EXPECT_NE(e.find("r.toml:6: unknown key 'goal' in [[indicators]]"), std::string::npos) << e;
  e = parse_error("[[risks]]\nrisk = \"r\"\nmitigations = \"m\"\n");
  EXPECT_NE(e.find("r.toml:3: unknown key 'mitigations' in [[risks]]"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'mitigation'?"), std::string::npos) << e;
}

TEST(Toml, TheFirstErrorInTheFileIsTheOneReported) {
  // toml++ keeps keys sorted; the reader reports in file order.
  std::string e = parse_error("zzz = 1\naaa = 2\n");
  EXPECT_NE(e.find("r.toml:1: unknown key 'zzz'"), std::string::npos) << e;
}

TEST(Toml, WrongTypesAreErrorsWithTheirLine) {
  std::string e = parse_error("report_author = \"K\"\n\naims = 3\n");
  EXPECT_NE(e.find("r.toml:3: aims must be a string, not an integer"), std::string::npos) << e;
  e = parse_error("indicators = \"NEL\"\n");
  EXPECT_NE(e.find("r.toml:1: indicators must be an array of tables ([[indicators]])"),
            std::string::npos)
      << e;
  e = parse_error("finance = true\n");
  EXPECT_NE(e.find("r.toml:1: finance must be a table"), std::string::npos) << e;
  e = parse_error("risks = [1, 2]\n");
  EXPECT_NE(e.find("r.toml:1: risks must be an array of tables"), std::string::npos) << e;
  e = parse_error("[[risks]]\nrisk = [\"a\"]\n");
  EXPECT_NE(e.find("r.toml:2: risks.risk must be a string, not an array"), std::string::npos) << e;
  e = parse_error("report_author = \"A\\nB\"\n");
  EXPECT_NE(e.find("r.toml:1: report_author: must be one line"), std::string::npos) << e;
  e = parse_error("aims = \"bell\\u0007\"\n");
  EXPECT_NE(e.find("r.toml:1: aims: contains a control character (U+0007)"), std::string::npos)
      << e;
}

TEST(Toml, DatesAreTomlDatesOrIsoStrings) {
  auto a = parse_scheme_report("report_date = 2018-05-22\n", "a.toml");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a->report_date->iso(), "2018-05-22");
  auto b = parse_scheme_report("report_date = \"2018-05-22\"\n", "b.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->report_date, a->report_date);
  auto empty = parse_scheme_report("report_date = \"\"\n", "c.toml");
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_FALSE(empty->report_date.has_value());

  std::string e = parse_error("\nreport_date = \"2018-13-01\"\n");
  EXPECT_NE(e.find("r.toml:2: report_date '2018-13-01' is not a date"), std::string::npos) << e;
  e = parse_error("report_date = \"22.05.18\"\n");
  EXPECT_NE(e.find("r.toml:1: report_date '22.05.18' is not a date"), std::string::npos) << e;
  e = parse_error("report_date = 2018-05-22T10:00:00\n");
  EXPECT_NE(e.find("r.toml:1: report_date must be a date"), std::string::npos) << e;
  EXPECT_NE(e.find("not a date and time"), std::string::npos) << e;
  e = parse_error("report_date = 20180522\n");
  EXPECT_NE(e.find("r.toml:1: report_date must be a date"), std::string::npos) << e;
  e = parse_error("\n\nreport_date = 2018-02-30\n");  // toml++ refuses the day itself
  EXPECT_NE(e.find("r.toml:3:"), std::string::npos) << e;
}

TEST(Toml, SyntaxErrorsAreFileLineColumn) {
  std::string e = parse_error("report_author = \"K\"\naims = \"never closed\nevidence = \"x\"\n");
  EXPECT_EQ(e.rfind("r.toml:2:", 0), 0u) << e;
  // FILE:LINE:COL: message
  EXPECT_NE(e.find_first_of("0123456789", 9), std::string::npos);
  EXPECT_EQ(e.substr(0, 10).find(':', 8), 8u) << e;
  e = parse_error("aims = \"x\"\naims = \"y\"\n");
  EXPECT_EQ(e.rfind("r.toml:2:", 0), 0u) << e;
}

// Debian's toml++ asserts on some malformed documents in a debug build; the
// reader's own copy has those asserts off (report_parse.cc), so they are
// reported like any other syntax error.
TEST(Toml, InputsThatTripTomlPlusPlusAssertsAreReportedNotFatal) {
  for (const char* bad : {"[#[risks]]\n", "[ =]\n", "[[\t!]]\n", "[.a]\n", "[é]\n",
                          "report_date = 2018-05-22 1\n", "report_date = 2018-05-22 x\n"}) {
    std::string e = parse_error(std::string("aims = \"x\"\n") + bad);
    EXPECT_EQ(e.rfind("r.toml:2:", 0), 0u) << bad << ": " << e;
  }
  std::string e = parse_error("+++\nreport_author = \"A\"\n[ #x]\n+++\n", "r.md");
  EXPECT_EQ(e.rfind("r.md:3:3: ", 0), 0u) << e;
}

// ...and where toml++ would reach undefined behaviour on a non-ASCII
// character, the reader refuses the file first, saying where and why.
TEST(Toml, NonAsciiOutsideQuotesIsRefusedBeforeTomlPlusPlusSeesIt) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"[[indicators]]\nname = \"x\"\ntarget = £5\n",
       "r.toml:3:10: the character U+00A3 outside quotes"},
      {"aims = \"x\" é\n", "r.toml:1:12: the character U+00E9 outside quotes"},
      {"é = 1\n", "r.toml:1:1: the character U+00E9"},
      {"[é]\n", "r.toml:1:2: the character U+00E9"},
      {"aims = \"\"\"x \\\n  £ more\"\"\"\n",
       "r.toml:2:3: a backslash before the character U+00A3"},
      {"aims = \"\"\"\\£\"\"\"\n", "r.toml:1:12: a backslash before the character U+00A3"},
      {"aims = \"\\ £\"\n", "r.toml:1:11: a backslash before"},
  };
  for (const Case& c : cases) {
    std::string e = parse_error(c.text);
    EXPECT_EQ(e.rfind(c.error, 0), 0u) << c.text << ": " << e;
  }
  std::string e = parse_error("+++\nreport_author = \"A\"\n\nsummary = £\n+++\n", "r.md");
  EXPECT_EQ(e.rfind("r.md:4:11: the character U+00A3 outside quotes", 0), 0u) << e;
  // Non-ASCII text in strings of every kind, and in comments, is fine.
  auto ok = parse_scheme_report(
      "aims = \"£1.374m – é\" # £ é\nevidence = '£'\nsummary = '''\n£\n'''\n"
      "priorities = \"\"\"\n\\\"£\\n\\\n  x £\"\"\"\n",
      "ok.toml");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->aims, "£1.374m – é");
  EXPECT_EQ(ok->summary, "£");
  EXPECT_EQ(ok->priorities, "\"£\nx £");
}

TEST(Toml, TargetsMayBeNumbersMetricsAreCheckedIndicatorsNeedNames) {
  auto c = parse_scheme_report(
      "[[indicators]]\nname = \"Admissions\"\ntarget = 69\nactual = 83.5\nmetric = "
      "\"permanent_admissions_65\"\n",
      "n.toml");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->indicators[0].target, "69");
  EXPECT_EQ(c->indicators[0].actual, "83.5");
  EXPECT_EQ(c->indicators[0].metric, "permanent_admissions_65");
  std::string e = parse_error("[[indicators]]\ntarget = \"69\"\n");
  EXPECT_NE(e.find("r.toml:1: an indicator needs a name"), std::string::npos) << e;
  e = parse_error("[[indicators]]\nname = \"x\"\nmetric = \"NEL admissions\"\n");
  EXPECT_NE(e.find("not a metric id"), std::string::npos) << e;
  e = parse_error("[[indicators]]\nname = \"x\"\nprogress = 3\n");
  EXPECT_NE(e.find("r.toml:3: indicators.progress must be a string"), std::string::npos) << e;
  e = parse_error("[[contracts]]\nduration = \"1 year\"\n");
  EXPECT_NE(e.find("a contract needs a contract"), std::string::npos) << e;
  e = parse_error("[[risks]]\nmitigation = \"m\"\n");
  EXPECT_NE(e.find("a risk needs a risk"), std::string::npos) << e;
}

TEST(Toml, ContractsAndEveryField) {
  auto c = parse_scheme_report(R"(
report_author = "A"
pooled_budget_manager = "P"
summary = "S"
aims = "Ai"
evidence = "E"
proposed_changes = "C"
priorities = "Pr"
[finance]
reasons = "R"
actions = "Ac"
savings_opportunities = "So"
cost_pressures = "Cp"
[[contracts]]
contract = "Solent NHS Trust Block NHS Contract"
duration = "1 year rolling contract"
annual_value = "£9.684m"
spend_to_date = "n/a – block contract"
performance = "Being closely monitored"
comments = "Evaluation planned"
)",
                               "all.toml");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->report_author + c->pooled_budget_manager + c->summary + c->aims + c->evidence +
                c->proposed_changes + c->priorities + c->finance_reasons + c->finance_actions +
                c->savings_opportunities + c->cost_pressures,
            "APSAiECPrRAcSoCp");
  ASSERT_EQ(c->contracts.size(), 1u);
  EXPECT_EQ(
      c->contracts[0],
      (ReportContract{"Solent NHS Trust Block NHS Contract", "1 year rolling contract", "£9.684m",
                      "n/a – block contract", "Being closely monitored", "Evaluation planned"}));
}

// ---------------------------------------------------------------------------
// Markdown.

const char* kFront = "+++\nreport_author = \"A\"\n+++\n";  // lines 1-3

TEST(Markdown, FrontMatterMustOpenAndClose) {
  std::string e = parse_error("## Summary\nx\n", "r.md");
  EXPECT_NE(e.find("r.md:1: a Markdown scheme report starts with its TOML front matter"),
            std::string::npos)
      << e;
  e = parse_error("+++\nreport_author = \"A\"\n\n## Summary\nx\n", "r.md");
  EXPECT_NE(e.find("r.md:1: the front matter opened here is never closed"), std::string::npos) << e;
}

TEST(Markdown, FrontMatterErrorsCarryTheFilesLineNumbers) {
  std::string e =
      parse_error("+++\nreport_author = \"A\"\nreprot_date = 2018-05-22\n+++\n", "r.md");
  EXPECT_NE(e.find("r.md:3: unknown key 'reprot_date'"), std::string::npos) << e;
  e = parse_error("+++\n\n\nsummary = \"open\n+++\n", "r.md");
  EXPECT_EQ(e.rfind("r.md:4:", 0), 0u) << e;
}

TEST(Markdown, UnknownHeadingIsAnErrorListingTheKnownOnes) {
  std::string e = parse_error(std::string(kFront) + "\n## Summary\nx\n\n## Finances\ny\n", "r.md");
  EXPECT_NE(e.find("r.md:8: unknown heading '## Finances'"), std::string::npos) << e;
  EXPECT_NE(e.find("'Summary', 'Reasons for over/underspends'"), std::string::npos) << e;
  EXPECT_NE(e.find("'Priorities for the next 3-6 months'"), std::string::npos) << e;
}

TEST(Markdown, AFieldGivenTwiceIsAnError) {
  std::string e = parse_error(
      "+++\nreport_author = \"A\"\naims = \"in the front matter\"\n+++\n\n## Aims\nagain\n",
      "r.md");
  EXPECT_NE(e.find("r.md:6: '## Original aims and outcomes' fills aims, which is already given "
                   "in the front matter at line 3"),
            std::string::npos)
      << e;
  e = parse_error(
      std::string(kFront) + "## Priorities\na\n## Priorities for forthcoming period\nb\n", "r.md");
  EXPECT_NE(e.find("r.md:6: '## Priorities for the next 3-6 months' fills priorities, which is "
                   "already given by a heading at line 4"),
            std::string::npos)
      << e;
  e = parse_error("+++\n[finance]\nreasons = \"r\"\n+++\n## Reasons for over/underspends\nx\n",
                  "r.md");
  EXPECT_NE(e.find("fills finance.reasons, which is already given in the front matter at line 3"),
            std::string::npos)
      << e;
  e = parse_error(
      "+++\n[[risks]]\nrisk = \"r\"\n+++\n## Risks\n| Risk | Mitigation |\n|---|---|\n| a | b |\n",
      "r.md");
  EXPECT_NE(e.find("fills risks, which is already given"), std::string::npos) << e;
}

TEST(Markdown, TextBeforeTheFirstHeadingIsAnErrorButATitleIsNot) {
  std::string e = parse_error(std::string(kFront) + "\nSome words.\n## Summary\nx\n", "r.md");
  EXPECT_NE(e.find("r.md:5: text before the first section"), std::string::npos) << e;
  auto ok = parse_scheme_report(std::string(kFront) + "\n# Carers Q4\n\n## Summary\nx\n", "r.md");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->summary, "x");
  e = parse_error(std::string(kFront) + "## Summary\nx\n# Another title\n", "r.md");
  EXPECT_NE(e.find("r.md:6: a '# ' heading is only allowed as the title"), std::string::npos) << e;
}

TEST(Markdown, HeadingsMatchIgnoringCaseAndPunctuationAndAliases) {
  auto c = parse_scheme_report(std::string(kFront) +
                                   "## SUMMARY\ns\n"
                                   "## What are the reasons for Over/Underspends?\nr\n"
                                   "## Actions being taken to address over / underspends\na\n"
                                   "## Are there any opportunities for savings?\no\n"
                                   "## Cost pressures ##\np\n"
                                   "## Original Aims and anticipated Outcomes\nai\n"
                                   "## Evidence of key developments/successes/achievements\ne\n"
                                   "## Proposed changes for the JCB & HWB\nc\n"
                                   "## Priorities for the next 3–6 months\npr\n",
                               "r.markdown");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->summary + c->finance_reasons + c->finance_actions + c->savings_opportunities +
                c->cost_pressures + c->aims + c->evidence + c->proposed_changes + c->priorities,
            "sraopaiecpr");
  // Every documented heading and alias is recognised.
  for (const auto& h : report_headings()) {
    std::vector<std::string_view> names = h.aliases;
    names.push_back(h.canonical);
    for (auto name : names) {
      auto r =
          parse_scheme_report_file(std::string(kFront) + "## " + std::string(name) + "\n", "r.md");
      EXPECT_TRUE(r.ok()) << name << ": " << r.error();
    }
  }
}

TEST(Markdown, TablesFillTheLists) {
  auto c = parse_scheme_report(
      std::string(kFront) +
          "## Performance indicators\n\n"
          "| Progress | indicator | Plan to date | Actual to date | Metric |\n"
          "|:--|---|--:|:-:|---|\n"
          "| on track<br>second line | Permanent admissions | 69 | 83 | permanent_admissions_65 |\n"
          "| n/a | Delayed \\| transfers | Data still unavailable from SCC | 2727 | |\n"
          "\n"
          "## Risks and mitigating actions\n"
          "| Risk | Mitigation |\n"
          "| --- | --- |\n"
          "| Falls | - Exercise<br>- FLS |\n"
          "## Associated contracts\n"
          "| Contract | Duration | Annual value | Any over/under spend to date | Summary of "
          "performance to date | Further comments |\n"
          "|---|---|---|---|---|---|\n"
          "| IAPT | 1 year rolling contract | £1.993m | As above | | |\n",
      "r.md");
  ASSERT_TRUE(c.ok()) << c.error();
  ASSERT_EQ(c->indicators.size(), 2u);
  EXPECT_EQ(c->indicators[0],
            (ReportIndicator{"Permanent admissions", "69", "83", "on track\nsecond line",
                             std::string("permanent_admissions_65")}));
  EXPECT_EQ(c->indicators[1].name, "Delayed | transfers");
  EXPECT_EQ(c->indicators[1].target, "Data still unavailable from SCC");
  EXPECT_FALSE(c->indicators[1].metric.has_value());
  ASSERT_EQ(c->risks.size(), 1u);
  EXPECT_EQ(c->risks[0].mitigation, "- Exercise\n- FLS");
  ASSERT_EQ(c->contracts.size(), 1u);
  EXPECT_EQ(c->contracts[0].annual_value, "£1.993m");
  EXPECT_EQ(c->contracts[0].spend_to_date, "As above");
}

TEST(Markdown, BadTablesAreErrorsWithTheirLine) {
  const std::string head = std::string(kFront) + "## Performance indicators\n";  // heading: line 4
  std::string e = parse_error(head + "| Indicator | Target |\n| a | b |\n", "r.md");
  EXPECT_NE(e.find("r.md:6: the second row of a table must be its delimiter row"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Indicator | Target |\n", "r.md");
  EXPECT_NE(e.find("r.md:5: a table's header row must be followed by its delimiter row"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Indicator | Target |\n|---|---|\n| a | b | c |\n", "r.md");
  EXPECT_NE(e.find("r.md:7: this row has 3 cells but the table has 2 columns"), std::string::npos)
      << e;
  e = parse_error(head + "| Indicator | Goal |\n|---|---|\n", "r.md");
  EXPECT_NE(e.find("r.md:5: unknown column 'Goal' in the '## Performance indicators' table; the "
                   "columns are: Indicator, Target, Actual, Progress, Metric"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Target | Actual |\n|---|---|\n", "r.md");
  EXPECT_NE(e.find("r.md:5: the '## Performance indicators' table has no 'Indicator' column"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Indicator | Target | Target |\n|---|---|---|\n", "r.md");
  EXPECT_NE(e.find("the column 'Target' appears twice"), std::string::npos) << e;
  e = parse_error(head + "Being refreshed.\n", "r.md");
  EXPECT_NE(e.find("r.md:5: the '## Performance indicators' section holds only a table"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Indicator |\n|---|\n| a |\nA footnote.\n", "r.md");
  EXPECT_NE(e.find("r.md:8: the '## Performance indicators' section holds only its table"),
            std::string::npos)
      << e;
  e = parse_error(head + "| Indicator | Target |\n|---|---|\n|  | 5 |\n", "r.md");
  EXPECT_NE(e.find("r.md:7: an indicator needs a name"), std::string::npos) << e;
  e = parse_error(head + "| Indicator | Metric |\n|---|---|\n| a | NEL |\n", "r.md");
  EXPECT_NE(e.find("not a metric id"), std::string::npos) << e;
  // An empty section is an empty list.
  auto c = parse_scheme_report(head + "\n## Risks\n", "r.md");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_TRUE(c->indicators.empty());
}

TEST(Markdown, FileLevelChecks) {
  std::string e = parse_error(std::string(kFront) + "## Summary\nbad \x01 byte\n", "r.md");
  EXPECT_NE(e.find("r.md:5:5: a control character (U+0001)"), std::string::npos) << e;
  e = parse_error(std::string(kFront) + "## Summary\ncaf\xC3(\n", "r.md");
  EXPECT_NE(e.find("r.md:5:4: invalid UTF-8"), std::string::npos) << e;
  // A BOM and CRLF line ends are fine.
  auto c = parse_scheme_report(
      "\xEF\xBB\xBF+++\r\nreport_author = \"A\"\r\n+++\r\n## Summary\r\n"
      "one  \r\ntwo\r\n",
      "crlf.md");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->summary, "one\ntwo");
  EXPECT_EQ(c->report_author, "A");
}

// Malformed input, fuzzed from the examples: truncations and random edits
// never crash the reader, and whatever it accepts is normalised content that
// survives the JSON round trip unchanged. BC_FUZZ_ROUNDS and BC_FUZZ_SEED
// run it longer or differently (e.g. under the sanitizers); the default is
// fixed, so a failure always reproduces.
TEST(Fuzz, MutatedExamplesAreReadOrRefusedNeverMangled) {
  const char* rounds_env = std::getenv("BC_FUZZ_ROUNDS");
  const char* seed_env = std::getenv("BC_FUZZ_SEED");
  const int rounds = rounds_env != nullptr ? std::atoi(rounds_env) : 400;
  const auto seed = seed_env != nullptr ? static_cast<unsigned>(std::atol(seed_env)) : 20180522u;
  std::mt19937 rng(seed);
  // Single bytes and whole tokens: TOML and Markdown syntax, non-ASCII
  // characters (toml++ mishandles some outside strings), invalid UTF-8.
  std::vector<std::string> tokens = {"\"\"\"",    "\'\'\'", "\\\n",        "<br>", "| x |",
                                     "## Aims\n", "+++\n",  "[[risks]]\n", "£",    "é",
                                     "–",         "\u3001", "\xC3",        "\xFF"};
  for (char c : std::string("|#+-=\"'[]{}\n\r\t <>*:.,0123456789abcQ\\\x07"))
    tokens.emplace_back(1, c);
  int accepted = 0, refused = 0;
  for (const std::string& file : {kCarersFile, kClustersFile}) {
    const std::string text = read_text(file);
    ASSERT_FALSE(text.empty());
    auto check = [&](const std::string& mutated) {
      auto r = parse_scheme_report(mutated, file);
      if (!r.ok()) {
        ++refused;
        EXPECT_FALSE(r.error().empty());
        return;
      }
      ++accepted;
      SchemeReportContent again = *r;
      ASSERT_TRUE(normalise_content(again).ok());
      ASSERT_EQ(again, *r) << "not normalised";
      auto back = content_from_json(content_to_json(*r));
      ASSERT_TRUE(back.ok()) << back.error();
      ASSERT_EQ(*back, *r);
      const std::string toml = content_to_toml(*r, "", "");
      auto written = parse_scheme_report_file(toml, "web.toml");
      ASSERT_TRUE(written.ok()) << written.error() << "\n" << toml;
      ASSERT_EQ(written->content, *r) << toml;
    };
    for (size_t cut = 0; cut < text.size(); cut += 97) check(text.substr(0, cut));
    for (int round = 0; round < rounds; ++round) {
      std::string m = text;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !m.empty(); ++e) {
        const size_t at = rng() % m.size();
        switch (rng() % 3) {
          case 0:
            m.erase(at, 1 + rng() % 8);
            break;
          case 1:
            m.insert(at, tokens[rng() % tokens.size()]);
            break;
          default:
            m.replace(at, 1, tokens[rng() % tokens.size()]);
        }
      }
      check(m);
    }
  }
  EXPECT_GT(accepted, rounds / 20) << "seed " << seed;  // it reaches past the first check
  EXPECT_GT(refused, rounds / 20) << "seed " << seed;
}

// docs/scheme-reports.md lists every heading and alias the reader accepts.
TEST(Docs, EveryHeadingAndAliasIsDocumented) {
  const std::string doc = read_text(fs::path(BC_SOURCE_DIR) / "docs" / "scheme-reports.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& h : report_headings()) {
    const std::string row = fmt::format("| `{}` | {} |", h.field, h.canonical);
    const size_t at = doc.find(row);
    ASSERT_NE(at, std::string::npos) << row;
    const std::string line = doc.substr(at, doc.find('\n', at) - at);
    for (auto a : h.aliases) EXPECT_NE(line.find(std::string(a)), std::string::npos) << a;
  }
}

TEST(Format, TheExtensionChoosesTheFormat) {
  auto txt = parse_scheme_report_file("report_author = \"A\"\n", "report.txt");
  ASSERT_FALSE(txt.ok());
  EXPECT_EQ(txt.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(txt.error().find("'.txt' is neither"), std::string::npos) << txt.error();
  EXPECT_FALSE(parse_scheme_report_file("x", "noextension").ok());
  auto upper = parse_scheme_report_file(std::string(kFront), "REPORT.MD");
  ASSERT_TRUE(upper.ok()) << upper.error();
  EXPECT_EQ(upper->format, "markdown");
  // A TOML file named .md is read as Markdown, and fails as such.
  EXPECT_NE(parse_error("report_author = \"A\"\n", "x.md").find("front matter"), std::string::npos);
  std::string big(kMaxReportFileBytes + 1, '#');
  auto huge = parse_scheme_report_file(big, "big.toml");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().find("at most 1048576 bytes"), std::string::npos) << huge.error();
}

// ---------------------------------------------------------------------------
// Quarters, states and steps.

TEST(Quarter, ParsesAndNormalises) {
  auto q = Period::parse_quarter("2017/18:q4");
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(q->label(), "2017/18:Q4");
  EXPECT_EQ(q->first().iso(), "2018-01-01");
  EXPECT_EQ(q->last().iso(), "2018-03-31");
  EXPECT_EQ(Period::parse_quarter("2015/16:Q1")->first().iso(), "2015-04-01");
  for (const char* bad :
       {"", "2017/18", "2017/18:", "2017/18:Q5", "2017/18:Q0", "2017/19:Q4", "2017-18:Q4",
        "2017/18 Q4", "2017/18:4", "2017/18:Q4 ", "17/18:Q4", "2017/2018:Q4", "2017/18:Q44"}) {
    auto r = Period::parse_quarter(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(r.error().find("write it as YYYY/YY:Qn"), std::string::npos) << r.error();
    }
  }
}

TEST(Steps, NamesAndParsing) {
  EXPECT_EQ(state_name(ReportState::kReceivedByJcb), "received_by_jcb");
  EXPECT_EQ(step_name(ReportStep::kJcbSignOff), "jcb_sign_off");
  EXPECT_EQ(step_label(ReportStep::kJcbSignOff), "jcb-sign-off");
  for (ReportStep s : all_report_steps()) {
    EXPECT_EQ(*parse_step(step_name(s)), s);
    EXPECT_EQ(*parse_step(step_label(s)), s);
  }
  EXPECT_EQ(*parse_step("HWB-Sign-Off"), ReportStep::kHwbSignOff);
  EXPECT_FALSE(parse_step("approve").ok());
  for (ReportState s : all_report_states()) EXPECT_EQ(*parse_state(state_name(s)), s);
  EXPECT_EQ(all_report_states().size(), 6u);
  EXPECT_EQ(all_report_steps().size(), 5u);
  EXPECT_FALSE(next_step(ReportState::kSignedOffByHwb).has_value());
  EXPECT_EQ(state_after(*next_step(ReportState::kDraft)), ReportState::kSubmitted);
}

// ---------------------------------------------------------------------------
// The store: versions and the workflow. The twelve seed schemes are loaded
// through the importer.

class ReportStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = test::FixtureStore::make({"finance_seed"});
    ASSERT_TRUE(made.ok()) << made.error();
    fixture_ = std::move(*made);
    store_ = &fixture_->store();
  }

  static SchemeReportContent complete(const std::string& aims = "Support carers") {
    SchemeReportContent c;
    c.report_author = "Kirsten Killander";
    c.report_date = d("2018-05-22");
    c.aims = aims;
    c.evidence = "Assessments done";
    c.priorities = "- Whole family approach";
    return c;
  }

  Result<SetResult> set(const std::string& scheme, const std::string& quarter,
                        const SchemeReportContent& c, const std::string& by = "kirsten") {
    return set_scheme_report(*store_, scheme, quarter_of(quarter), c, "# source\n", "toml", by);
  }

  Result<SchemeReportVersion> step(const std::string& quarter, ReportStep s, const char* on,
                                   const std::string& scheme = "CAR") {
    return advance_scheme_report(*store_, scheme, quarter_of(quarter), s, d(on), "jcb.secretary",
                                 "minute 7");
  }

  // Walks the report through `steps` steps, dated a week apart.
  void advance(const std::string& quarter, int steps, const std::string& scheme = "CAR") {
    const char* dates[] = {"2018-05-23", "2018-06-01", "2018-06-08", "2018-06-15", "2018-06-22"};
    for (int i = 0; i < steps; ++i) {
      auto r = step(quarter, all_report_steps()[static_cast<size_t>(i)], dates[i], scheme);
      ASSERT_TRUE(r.ok()) << r.error();
    }
  }

  // Every row of both tables, every column: what "unchanged" means.
  std::string rows() {
    auto text = [&](const char* sql) {
      auto st = store_->db().prepare(sql);
      EXPECT_TRUE(st.ok());
      Status s;
      std::string out;
      while (st->step(&s)) out += st->text(0) + "\n";
      EXPECT_TRUE(s.ok()) << s.message();
      return out;
    };
    return text(
               "SELECT report_id||'|'||scheme_code||'|'||quarter||'|'||version||'|'||state||'|'||"
               "content||'|'||source||'|'||source_format||'|'||created_at||'|'||created_by||'|'||"
               "updated_at||'|'||updated_by FROM scheme_reports ORDER BY report_id") +
           text(
               "SELECT step_id||'|'||report_id||'|'||step||'|'||on_date||'|'||recorded_by||'|'||"
               "note||'|'||recorded_at FROM scheme_report_steps ORDER BY step_id");
  }

  std::string version_row(int64_t id) {
    auto st = store_->db().prepare(
        "SELECT version||'|'||state||'|'||content||'|'||source||'|'||updated_at||'|'||"
        "updated_by FROM scheme_reports r WHERE report_id = ?");
    st->bind(1, id);
    Status s;
    if (!st->step(&s)) return "(none)";
    std::string out = st->text(0);
    auto steps = store_->db().prepare(
        "SELECT step||on_date||recorded_by||note||recorded_at FROM scheme_report_steps "
        "WHERE report_id = ? ORDER BY step_id");
    steps->bind(1, id);
    while (steps->step(&s)) out += "|" + steps->text(0);
    return out;
  }

  std::unique_ptr<test::FixtureStore> fixture_;
  Store* store_ = nullptr;
};

TEST_F(ReportStore, SetCreatesThenUpdatesTheDraftThenIsUnchanged) {
  auto r = set("CAR", "2017/18:q4", complete());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->what, SetResult::kCreated);
  EXPECT_EQ(r->version, 1);
  auto v = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"));
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->quarter, "2017/18:Q4");  // normalised
  EXPECT_EQ(v->state, ReportState::kDraft);
  EXPECT_EQ(v->content, complete());
  EXPECT_EQ(v->created_by, "kirsten");
  EXPECT_EQ(v->scheme_name, "Carers");
  EXPECT_EQ(v->host, "SCC");
  EXPECT_EQ(v->source, "# source\n");

  r = set("CAR", "2017/18:Q4", complete("Changed aims"), "editor");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->what, SetResult::kUpdated);
  EXPECT_EQ(r->version, 1);
  v = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"));
  EXPECT_EQ(v->content.aims, "Changed aims");
  EXPECT_EQ(v->created_by, "kirsten");
  EXPECT_EQ(v->updated_by, "editor");

  const std::string before = rows();
  r = set("CAR", "2017/18:Q4", complete("Changed aims"), "someone else");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->what, SetResult::kUnchanged);
  EXPECT_EQ(rows(), before);
  // Content equal after normalisation is unchanged too.
  SchemeReportContent spaced = complete("Changed aims  \r\n\r\n");
  r = set("CAR", "2017/18:Q4", spaced);
  EXPECT_EQ(r->what, SetResult::kUnchanged);
  EXPECT_EQ(rows(), before);
}

TEST_F(ReportStore, UnknownSchemeIsNotFoundListingTheCodes) {
  auto r = set("XYZ", "2017/18:Q4", complete());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.error().find("there is no scheme 'XYZ'; the schemes are: BRS, CAR, CLU, CT, DFG, "
                           "DP, EQP, LD, PEI, RR, SEND, TLTC"),
            std::string::npos)
      << r.error();
  EXPECT_EQ(get_scheme_report(*store_, "car", quarter_of("2017/18:Q4")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23", "XYZ").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(list_scheme_reports(*store_, std::nullopt, std::string("XYZ")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(rows(), "");
}

TEST_F(ReportStore, BadQuartersAreRefusedEverywhere) {
  // Text that is no quarter never becomes one (Period::parse_quarter); a
  // period of another kind is refused by every call.
  for (const char* bad : {"2017/18", "2017/18:Q5", "Q4 2017/18", "2017/19:Q1"}) {
    EXPECT_EQ(Period::parse_quarter(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  for (const char* other : {"2017/18", "2017/18:M12", "2017/18:YTD3", "R12:2018-03"}) {
    const Period p = *Period::parse(other);
    EXPECT_EQ(set_scheme_report(*store_, "CAR", p, complete(), "# source\n", "toml", "kirsten")
                  .status()
                  .code(),
              StatusCode::kInvalidArgument)
        << other;
    EXPECT_EQ(advance_scheme_report(*store_, "CAR", p, ReportStep::kSubmit, d("2018-05-23"),
                                    "jcb.secretary", "")
                  .status()
                  .code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(get_scheme_report(*store_, "CAR", p).status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(scheme_report_history(*store_, "CAR", p).status().code(),
              StatusCode::kInvalidArgument);
    EXPECT_EQ(list_scheme_reports(*store_, p, std::nullopt).status().code(),
              StatusCode::kInvalidArgument);
    auto from_file = set_scheme_report_from_file(*store_, "CAR", p, "", "r.toml", "kirsten");
    EXPECT_EQ(from_file.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(from_file.error().find("is not a quarter"), std::string::npos) << from_file.error();
  }
  EXPECT_EQ(rows(), "");
}

TEST_F(ReportStore, NoReportIsNotFound) {
  auto g = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"));
  EXPECT_EQ(g.status().code(), StatusCode::kNotFound);
  EXPECT_NE(g.error().find("there is no scheme report for CAR 2017/18:Q4"), std::string::npos);
  EXPECT_EQ(scheme_report_history(*store_, "CAR", quarter_of("2017/18:Q4")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23").status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  auto v9 = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), 9);
  EXPECT_EQ(v9.status().code(), StatusCode::kNotFound);
  EXPECT_NE(v9.error().find("CAR 2017/18:Q4 has only version 1; there is no version 9"),
            std::string::npos)
      << v9.error();
}

TEST_F(ReportStore, EveryLegalStepInOrder) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  const ReportState expected[] = {ReportState::kSubmitted, ReportState::kReceivedByJcb,
                                  ReportState::kSignedOffByJcb, ReportState::kReceivedByHwb,
                                  ReportState::kSignedOffByHwb};
  const char* dates[] = {"2018-05-23", "2018-06-01", "2018-06-01", "2018-07-02", "2018-07-09"};
  for (size_t i = 0; i < 5; ++i) {
    const ReportStep s = all_report_steps()[i];
    auto v = advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), s, d(dates[i]),
                                   " person " + std::to_string(i) + " ", i % 2 ? "" : "note");
    ASSERT_TRUE(v.ok()) << step_name(s) << ": " << v.error();
    EXPECT_EQ(v->state, expected[i]);
    ASSERT_EQ(v->steps.size(), i + 1);
    EXPECT_EQ(v->steps.back().step, s);
    EXPECT_EQ(v->steps.back().on.iso(), dates[i]);
    EXPECT_EQ(v->steps.back().by, "person " + std::to_string(i));
    EXPECT_EQ(v->steps.back().note, i % 2 ? "" : "note");
    EXPECT_EQ(v->steps.back().recorded_at.size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
    EXPECT_EQ(v->date_of(s), d(dates[i]));
    // And as stored.
    auto again = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"));
    EXPECT_EQ(again->state, expected[i]);
    EXPECT_EQ(again->steps, v->steps);
  }
  EXPECT_EQ(store_->db().query_int("SELECT count(*) FROM scheme_reports")->value_or(-1), 1);
}

// Every step from every state that is not its predecessor is refused, with
// the message naming the report, its state and the next step, and nothing
// changes.
TEST_F(ReportStore, EveryIllegalStepFromEveryStateIsRefused) {
  const auto& states = all_report_states();
  for (size_t s = 0; s < states.size(); ++s) {
    const std::string quarter = "2017/18:Q" + std::to_string(s % 4 + 1);
    const std::string scheme = s < 4 ? "CAR" : "CLU";
    ASSERT_TRUE(set(scheme, quarter, complete()).ok());
    advance(quarter, static_cast<int>(s), scheme);
    ASSERT_EQ(get_scheme_report(*store_, scheme, quarter_of(quarter))->state, states[s]);
  }
  int refused = 0;
  for (size_t s = 0; s < states.size(); ++s) {
    const std::string quarter = "2017/18:Q" + std::to_string(s % 4 + 1);
    const std::string scheme = s < 4 ? "CAR" : "CLU";
    for (ReportStep t : all_report_steps()) {
      if (next_step(states[s]) == t) continue;  // the legal one: EveryLegalStepInOrder
      const std::string before = rows();
      auto r = step(quarter, t, "2018-07-20", scheme);
      ASSERT_FALSE(r.ok()) << state_name(states[s]) << " + " << step_name(t);
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidData);
      const std::string label = scheme + " " + quarter + " version 1";
      if (auto next = next_step(states[s])) {
        EXPECT_EQ(r.error(), fmt::format("{} is '{}'; the next step is '{}', not '{}'", label,
                                         state_name(states[s]), step_label(*next), step_label(t)));
      } else {
        EXPECT_EQ(r.error(), label +
                                 " is fully signed off; change it with 'scheme-report set' to "
                                 "start version 2");
      }
      EXPECT_EQ(get_scheme_report(*store_, scheme, quarter_of(quarter))->state, states[s]);
      EXPECT_EQ(rows(), before);
      ++refused;
    }
  }
  EXPECT_EQ(refused, 6 * 5 - 5);
}

TEST_F(ReportStore, TheMessageOfTheBriefForAResubmittedVersion) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 1);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("v2")).ok());
  advance("2017/18:Q4", 1);
  auto r = step("2017/18:Q4", ReportStep::kJcbSignOff, "2018-06-01");
  EXPECT_EQ(r.error(),
            "CAR 2017/18:Q4 version 2 is 'submitted'; the next step is 'jcb-receive', not "
            "'jcb-sign-off'");
}

TEST_F(ReportStore, StepDatesMayNotBeInTheFutureNorBeforeTheStepBefore) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  const std::string before = rows();
  const Date tomorrow = Date::today_utc().add_days(1);
  auto r = advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), ReportStep::kSubmit,
                                 tomorrow, "k", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("the date of submit, " + tomorrow.iso() + ", is in the future"),
            std::string::npos)
      << r.error();
  EXPECT_EQ(rows(), before);
  // Today is fine.
  ASSERT_TRUE(advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), ReportStep::kSubmit,
                                    Date::today_utc().add_days(-10), "k", "")
                  .ok());
  const std::string submitted = rows();
  r = advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), ReportStep::kJcbReceive,
                            Date::today_utc().add_days(-11), "k", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(r.error().find("is before the date of submit"), std::string::npos) << r.error();
  EXPECT_EQ(rows(), submitted);
  // The same day as the step before, and today, are fine.
  EXPECT_TRUE(advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"),
                                    ReportStep::kJcbReceive, Date::today_utc().add_days(-10), "k",
                                    "")
                  .ok());
  EXPECT_TRUE(advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"),
                                    ReportStep::kJcbSignOff, Date::today_utc(), "k", "")
                  .ok());
}

TEST_F(ReportStore, SubmitListsEveryMissingField) {
  SchemeReportContent c;
  c.aims = "Some aims";
  ASSERT_TRUE(set("CAR", "2017/18:Q4", c).ok());
  const std::string before = rows();
  auto r = step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "CAR 2017/18:Q4 version 1 cannot be submitted: report_author, report_date, evidence "
            "and priorities are empty; set them and try again");
  EXPECT_EQ(rows(), before);
  c = complete();
  c.priorities.clear();
  ASSERT_TRUE(set("CAR", "2017/18:Q4", c).ok());
  r = step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23");
  EXPECT_NE(r.error().find("cannot be submitted: priorities is empty"), std::string::npos)
      << r.error();
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  EXPECT_TRUE(step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23").ok());
}

TEST_F(ReportStore, WhoRecordsAStepMustBeNamed) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  const std::string before = rows();
  for (const char* who : {"", "   ", "two\nlines"}) {
    auto r = advance_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), ReportStep::kSubmit,
                                   d("2018-05-23"), who, "");
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << who;
  }
  EXPECT_EQ(set("CAR", "2017/18:Q4", complete("x"), " ").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(rows(), before);
}

TEST_F(ReportStore, ASubmittedReportNeverChangesSetMakesTheNextVersion) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 1);
  const int64_t v1 = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"))->id;
  const std::string v1_before = version_row(v1);

  auto r = set("CAR", "2017/18:Q4", complete("New aims"), "editor");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->what, SetResult::kNewVersion);
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->previous_state, ReportState::kSubmitted);
  EXPECT_EQ(version_row(v1), v1_before);
  auto old = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"), 1);
  EXPECT_EQ(old->content, complete());
  EXPECT_EQ(old->state, ReportState::kSubmitted);
  EXPECT_EQ(old->latest_version, 2);
  auto latest = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"));
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->state, ReportState::kDraft);
  EXPECT_TRUE(latest->steps.empty());
  EXPECT_EQ(latest->content.aims, "New aims");

  // The new draft is edited in place; the old version still does not move.
  r = set("CAR", "2017/18:Q4", complete("Newer aims"));
  EXPECT_EQ(r->what, SetResult::kUpdated);
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(version_row(v1), v1_before);
  // Setting the submitted content again is a change from the draft.
  r = set("CAR", "2017/18:Q4", complete());
  EXPECT_EQ(r->what, SetResult::kUpdated);

  // Steps apply to the latest version: the new draft must be submitted first.
  auto s = step("2017/18:Q4", ReportStep::kJcbReceive, "2018-06-01");
  EXPECT_NE(s.error().find("version 2 is 'draft'; the next step is 'submit'"), std::string::npos)
      << s.error();
  EXPECT_EQ(version_row(v1), v1_before);
}

TEST_F(ReportStore, ASignedOffReportNeverChangesEither) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 3);  // signed off by the JCB
  const int64_t v1 = get_scheme_report(*store_, "CAR", quarter_of("2017/18:Q4"))->id;
  const std::string v1_before = version_row(v1);
  // Unchanged content writes nothing, even on a signed-off version.
  const std::string all_before = rows();
  EXPECT_EQ(set("CAR", "2017/18:Q4", complete())->what, SetResult::kUnchanged);
  EXPECT_EQ(rows(), all_before);
  auto r = set("CAR", "2017/18:Q4", complete("Different"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->what, SetResult::kNewVersion);
  EXPECT_EQ(r->previous_state, ReportState::kSignedOffByJcb);
  EXPECT_EQ(version_row(v1), v1_before);
  // And once fully signed off, the message says how to go on.
  advance("2017/18:Q4", 5);
  auto done = step("2017/18:Q4", ReportStep::kHwbSignOff, "2018-07-01");
  EXPECT_EQ(done.error(),
            "CAR 2017/18:Q4 version 2 is fully signed off; change it with 'scheme-report set' to "
            "start version 3");
  EXPECT_EQ(set("CAR", "2017/18:Q4", complete("Third"))->version, 3);
  EXPECT_EQ(version_row(v1), v1_before);
}

TEST_F(ReportStore, TheStoreItselfRefusesToRewriteOrEraseHistory) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  Db& db = store_->db();
  // A draft's content may change (the trigger is about state, not content).
  EXPECT_TRUE(db.exec("UPDATE scheme_reports SET content = content WHERE version = 1").ok());
  advance("2017/18:Q4", 2);
  const std::string before = rows();
  for (const char* sql : {
           "UPDATE scheme_reports SET content = '{}' WHERE version = 1",
           "UPDATE scheme_reports SET source = 'x' WHERE version = 1",
           "UPDATE scheme_reports SET source_format = 'markdown' WHERE version = 1",
           "UPDATE scheme_reports SET updated_by = 'x' WHERE version = 1",
           "UPDATE scheme_reports SET version = 7 WHERE version = 1",
           "UPDATE scheme_reports SET scheme_code = 'CLU' WHERE version = 1",
           "UPDATE scheme_reports SET state = 'draft' WHERE version = 1",
           "UPDATE scheme_reports SET state = 'signed_off_by_hwb' WHERE version = 1",
           "DELETE FROM scheme_reports",
           "UPDATE scheme_report_steps SET on_date = '2018-01-01'",
           "DELETE FROM scheme_report_steps",
           "INSERT INTO scheme_report_steps (report_id, step, on_date, recorded_by, recorded_at) "
           "SELECT report_id, 'hwb_sign_off', '2018-07-01', 'x', 'now' FROM scheme_reports",
           "INSERT INTO scheme_reports (scheme_code, quarter, version, state, content, source, "
           "source_format, created_at, created_by, updated_at, updated_by) VALUES ('CAR', "
           "'2017/18:Q4', 3, 'draft', '{}', '', 'toml', 'now', 'x', 'now', 'x')",
           "INSERT INTO scheme_reports (scheme_code, quarter, version, state, content, source, "
           "source_format, created_at, created_by, updated_at, updated_by) VALUES ('CAR', "
           "'2017/18:Q4', 2, 'submitted', '{}', '', 'toml', 'now', 'x', 'now', 'x')",
       }) {
    EXPECT_FALSE(db.exec(sql).ok()) << sql;
  }
  EXPECT_EQ(rows(), before);
  // The state may move one step forward (what bettercare itself does).
  EXPECT_TRUE(db.exec("UPDATE scheme_reports SET state = 'signed_off_by_jcb'").ok());
}

TEST_F(ReportStore, HistoryIsEveryVersionOldestFirstWithItsSteps) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("one"), "a").ok());
  advance("2017/18:Q4", 2);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("two"), "b").ok());
  advance("2017/18:Q4", 5);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("three"), "c").ok());
  ASSERT_TRUE(set("CLU", "2017/18:Q4", complete("other scheme")).ok());
  auto h = scheme_report_history(*store_, "CAR", quarter_of("2017/18:Q4"));
  ASSERT_TRUE(h.ok()) << h.error();
  ASSERT_EQ(h->size(), 3u);
  const char* aims[] = {"one", "two", "three"};
  const char* by[] = {"a", "b", "c"};
  const ReportState states[] = {ReportState::kReceivedByJcb, ReportState::kSignedOffByHwb,
                                ReportState::kDraft};
  const size_t steps[] = {2, 5, 0};
  for (size_t i = 0; i < 3; ++i) {
    const auto& v = (*h)[i];
    EXPECT_EQ(v.version, static_cast<int>(i) + 1);
    EXPECT_EQ(v.latest_version, 3);
    EXPECT_EQ(v.content.aims, aims[i]);
    EXPECT_EQ(v.created_by, by[i]);
    EXPECT_EQ(v.state, states[i]);
    ASSERT_EQ(v.steps.size(), steps[i]);
    for (size_t k = 0; k < v.steps.size(); ++k) EXPECT_EQ(v.steps[k].step, all_report_steps()[k]);
  }
}

TEST_F(ReportStore, ListIsTheLatestVersionOfEachReport) {
  ASSERT_TRUE(set("CLU", "2017/18:Q4", complete()).ok());
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 1);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("v2")).ok());
  ASSERT_TRUE(set("CAR", "2017/18:Q3", complete()).ok());
  ASSERT_TRUE(set("RR", "2016/17:Q1", complete()).ok());
  auto all = list_scheme_reports(*store_, std::nullopt, std::nullopt);
  ASSERT_TRUE(all.ok()) << all.error();
  std::vector<std::string> keys;
  for (const auto& v : *all)
    keys.push_back(fmt::format("{} {} v{}", v.quarter, v.scheme, v.version));
  EXPECT_EQ(keys, (std::vector<std::string>{"2016/17:Q1 RR v1", "2017/18:Q3 CAR v1",
                                            "2017/18:Q4 CAR v2", "2017/18:Q4 CLU v1"}));
  auto q4 = list_scheme_reports(*store_, quarter_of("2017/18:q4"), std::nullopt);
  EXPECT_EQ(q4->size(), 2u);
  auto car = list_scheme_reports(*store_, std::nullopt, std::string("CAR"));
  EXPECT_EQ(car->size(), 2u);
  auto both = list_scheme_reports(*store_, quarter_of("2017/18:Q4"), std::string("CAR"));
  ASSERT_EQ(both->size(), 1u);
  EXPECT_EQ(both->front().version, 2);
  EXPECT_TRUE(list_scheme_reports(*store_, quarter_of("2015/16:Q1"), std::nullopt)->empty());
}

TEST_F(ReportStore, TheExamplesLoadAndTheFilesOwnKeysAreAGuard) {
  auto car = set_scheme_report_from_file(*store_, "CAR", quarter_of("2017/18:Q4"),
                                         read_text(kCarersFile), kCarersFile, "kirsten");
  ASSERT_TRUE(car.ok()) << car.error();
  EXPECT_EQ(car->what, SetResult::kCreated);
  auto clu = set_scheme_report_from_file(*store_, "CLU", quarter_of("2017/18:Q4"),
                                         read_text(kClustersFile), kClustersFile, "adrian");
  ASSERT_TRUE(clu.ok()) << clu.error();
  auto v = get_scheme_report(*store_, "CLU", quarter_of("2017/18:Q4"));
  EXPECT_EQ(v->source_format, "markdown");
  EXPECT_EQ(v->source, read_text(kClustersFile));
  EXPECT_EQ(v->content.indicators.size(), 14u);
  EXPECT_TRUE(step("2017/18:Q4", ReportStep::kSubmit, "2018-05-23", "CLU").ok());

  const std::string before = rows();
  auto wrong_scheme = set_scheme_report_from_file(*store_, "CLU", quarter_of("2017/18:Q4"),
                                                  read_text(kCarersFile), kCarersFile, "k");
  ASSERT_FALSE(wrong_scheme.ok());
  EXPECT_NE(wrong_scheme.error().find(":21: the file is the report of scheme 'CAR', not CLU"),
            std::string::npos)
      << wrong_scheme.error();
  auto wrong_quarter = set_scheme_report_from_file(*store_, "CAR", quarter_of("2017/18:Q3"),
                                                   read_text(kCarersFile), kCarersFile, "k");
  ASSERT_FALSE(wrong_quarter.ok());
  EXPECT_NE(
      wrong_quarter.error().find(":22: the file is the report for 2017/18:Q4, not 2017/18:Q3"),
      std::string::npos)
      << wrong_quarter.error();
  auto bad_quarter = set_scheme_report_from_file(*store_, "CAR", quarter_of("2017/18:Q4"),
                                                 "quarter = \"Q4\"\n", "q.toml", "k");
  EXPECT_NE(bad_quarter.error().find("q.toml:1: quarter: 'Q4' is not a quarter"), std::string::npos)
      << bad_quarter.error();
  EXPECT_EQ(rows(), before);
}

// Schema version 7: a submitted version can be neither replaced nor erased
// by SQL (REPLACE deletes without firing DELETE triggers), and a change
// made with the triggers dropped is found by audit verify through the
// version's seal in the audit log.
TEST_F(ReportStore, ASubmittedVersionCannotBeReplacedOrErasedBySql) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 2);
  const std::string before = rows();
  const int64_t id = store_->db().query_int("SELECT report_id FROM scheme_reports")->value_or(0);
  for (std::string sql : {
           fmt::format("INSERT OR REPLACE INTO scheme_reports (report_id, scheme_code, quarter, "
                       "version, state, content, source, source_format, created_at, created_by, "
                       "updated_at, updated_by) VALUES ({}, 'CAR', '2017/18:Q4', 2, 'draft', "
                       "'{{}}', 's', 'toml', 'x', 'x', 'x', 'x')",
                       id),
           fmt::format("REPLACE INTO scheme_reports (report_id, scheme_code, quarter, version, "
                       "state, content, source, source_format, created_at, created_by, "
                       "updated_at, updated_by) VALUES ({}, 'CAR', '2017/18:Q4', 2, 'draft', "
                       "'{{}}', 's', 'toml', 'x', 'x', 'x', 'x')",
                       id),
           std::string("INSERT OR REPLACE INTO scheme_report_steps SELECT step_id, report_id, "
                       "step, '2018-05-01', 'mallory', '', recorded_at FROM scheme_report_steps "
                       "WHERE step = 'submit'"),
           std::string("INSERT OR REPLACE INTO scheme_report_steps (report_id, step, on_date, "
                       "recorded_by, note, recorded_at) SELECT report_id, step, '2018-05-01', "
                       "'mallory', '', recorded_at FROM scheme_report_steps WHERE step = "
                       "'jcb_receive'"),
           std::string("UPDATE scheme_reports SET content = '{}'"),
           std::string("UPDATE scheme_reports SET state = 'draft'"),
           std::string("DELETE FROM scheme_reports"),
       }) {
    EXPECT_FALSE(store_->db().exec(sql).ok()) << sql;
  }
  EXPECT_EQ(rows(), before);
  auto v = verify_audit(*store_);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->sealed_reports, 1);
}

TEST_F(ReportStore, AChangedSubmittedVersionIsFoundByAuditVerify) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 1);
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete("Version 2 draft")).ok());  // drafts are free
  ASSERT_TRUE(verify_audit(*store_)->ok);
  // An insider drops the triggers and rewrites version 1's aims.
  ASSERT_TRUE(store_->db()
                  .exec(test::on_postgresql()
                            ? "DROP TRIGGER scheme_reports_frozen ON scheme_reports; "
                              "UPDATE scheme_reports SET content = jsonb_set(content::jsonb, "
                              "'{aims}', '\"Other\"')::text WHERE version = 1"
                            : "DROP TRIGGER scheme_reports_frozen; "
                              "UPDATE scheme_reports SET content = json_set(content, '$.aims', "
                              "'Other') WHERE version = 1")
                  .ok());
  auto v = verify_audit(*store_);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_FALSE(v->ok);
  EXPECT_NE(v->problem.find("scheme report CAR 2017/18:Q4 version 1"), std::string::npos)
      << v->problem;
  EXPECT_NE(v->problem.find("changed after it was submitted"), std::string::npos) << v->problem;
}

TEST_F(ReportStore, AnErasedSubmittedVersionIsFoundByAuditVerify) {
  ASSERT_TRUE(set("CAR", "2017/18:Q4", complete()).ok());
  advance("2017/18:Q4", 1);
  ASSERT_TRUE(store_->db()
                  .exec(test::on_postgresql()
                            ? "DROP TRIGGER scheme_reports_no_delete ON scheme_reports; "
                              "DROP TRIGGER scheme_report_steps_no_delete ON scheme_report_steps; "
                              "DELETE FROM scheme_report_steps; DELETE FROM scheme_reports;"
                            : "PRAGMA foreign_keys = OFF; DROP TRIGGER scheme_reports_no_delete; "
                              "DROP TRIGGER scheme_report_steps_no_delete; "
                              "DELETE FROM scheme_report_steps; DELETE FROM scheme_reports;")
                  .ok());
  auto v = verify_audit(*store_);
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_FALSE(v->ok);
  EXPECT_NE(v->problem.find("was removed"), std::string::npos) << v->problem;
}

}  // namespace
}  // namespace bc
