// Units of the report module that need no store: text to HTML, RAG
// badges, the report month and the commentary file (number formats are
// tests/present/number_format_test.cc).
#include <gtest/gtest.h>

#include "engine/metric_def.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "report/performance_report.h"

namespace bc::report {
namespace {

TEST(TextToHtml, ParagraphsAndNestedBulletsAreEscaped) {
  EXPECT_EQ(text_to_html("One <b>\nline.\n\nTwo & more."),
            "<p>One &lt;b&gt; line.</p>\n<p>Two &amp; more.</p>\n");
  EXPECT_EQ(text_to_html("- a\n- b\n  - b1\n  - b2\n- c"),
            "<ul><li>a</li><li>b<ul><li>b1</li><li>b2</li></ul></li><li>c</li></ul>\n");
  // "•" pasted from Word is a bullet too; a line after a bullet continues it.
  EXPECT_EQ(text_to_html("• first\nmore\n• second"),
            "<ul><li>first more</li><li>second</li></ul>\n");
  EXPECT_EQ(text_to_html(""), "");
  EXPECT_EQ(text_to_html("\n\n"), "");
  EXPECT_EQ(text_to_html("\"quoted\" 'x'"), "<p>&quot;quoted&quot; &#39;x&#39;</p>\n");
}

TEST(CountText, ShowsACountOfPeopleSuppressedOrNot) {
  const SuppressionRule rule;  // 1 to 7 hidden, others to the nearest 5
  EXPECT_EQ(count_text(0, true, rule), "0");
  EXPECT_EQ(count_text(1, true, rule), "*");
  EXPECT_EQ(count_text(7, true, rule), "*");
  EXPECT_EQ(count_text(8, true, rule), "10");
  EXPECT_EQ(count_text(12, true, rule), "10");
  EXPECT_EQ(count_text(12345, true, rule), "12,345");
  EXPECT_EQ(count_text(7, false, rule), "7");
  EXPECT_EQ(count_text(12345, false, rule), "12,345");
}

TEST(RagBadge, SaysTheRagInWords) {
  EXPECT_NE(rag_badge(Rag::kRed).find(">Red<"), std::string::npos);
  EXPECT_NE(rag_badge(Rag::kGreen).find("rag-green"), std::string::npos);
  EXPECT_NE(rag_badge(std::nullopt).find(">-<"), std::string::npos);
}

TEST(ReportMonth, ParsesTheFormsABoardPaperUses) {
  auto m12 = Period::parse_month_end("2017/18:M12");
  ASSERT_TRUE(m12.ok());
  EXPECT_EQ(m12->fiscal_month(), 12);
  EXPECT_EQ(as_at_label(*m12), "Month 12 2017/18");
  EXPECT_EQ(year_span(*m12), "April 2017 to March 2018");
  EXPECT_EQ(m12->last_month().name(), "March 2018");
  EXPECT_EQ(m12->year_to_date().first().iso(), "2017-04-01");
  EXPECT_EQ(m12->year_to_date().last().iso(), "2018-03-31");
  EXPECT_EQ(m12->first().iso(), "2018-03-01");
  EXPECT_EQ(Period::parse_month_end("2017/18")->fiscal_month(), 12);
  EXPECT_EQ(Period::parse_month_end("2017/18:Q3")->fiscal_month(), 9);
  EXPECT_EQ(Period::parse_month_end("2017/18:YTD7")->fiscal_month(), 7);
  EXPECT_EQ(Period::parse_month_end("2017/18:Q1")->first().iso(), "2017-06-01");
  for (const char* bad : {"", "2017/19:M1", "2017/18:M13", "2017/18:Q5", "2017/18:", "M12",
                          "2017/18:X", "2017/18:M0"}) {
    auto r = Period::parse_month_end(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().find("2017/18:M12"), std::string::npos) << r.error();
    }
  }
}

TEST(Commentary, ReadsEveryKeyAndRefusesTyposWithTheLine) {
  const MetricConfig& cfg = builtin_metric_config();
  auto c = parse_commentary(
      "introduction = \"Hello\"\n[commentary]\nnel_admissions = \"On plan\"\n"
      "[highlights]\nachievements = \"- a\"\nrisks = \"- r\"\npriorities = \"- p\"\n",
      "c.toml", cfg);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c->introduction, "Hello");
  EXPECT_EQ(c->metrics.at("nel_admissions"), "On plan");
  EXPECT_EQ(c->achievements, "- a");
  EXPECT_EQ(c->risks, "- r");
  EXPECT_EQ(c->priorities, "- p");

  struct Bad {
    const char* text;
    const char* expect;
  };
  for (const Bad& b :
       {Bad{"intro = \"x\"\n", "c.toml:1: unknown key 'intro'"},
        Bad{"[commentary]\nnel = \"x\"\n", "c.toml:2: commentary for an unknown"},
        Bad{"[commentary]\nnel_admissions = 3\n", "c.toml:2: nel_admissions must be text"},
        Bad{"[highlights]\nwins = \"x\"\n", "c.toml:2: unknown key 'highlights.wins'"},
        Bad{"introduction = \"unterminated\n", "c.toml:1:"}}) {
    auto r = parse_commentary(b.text, "c.toml", cfg);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_NE(r.error().find(b.expect), std::string::npos) << r.error();
  }
}

// The commentary file is a user's TOML, read through the same guard as a
// scheme report (core/toml_guard.h). Before it was, "introduction = £5"
// reached undefined behaviour in toml++ 3.3 (UBSan stops the sanitizer
// build) and "[#" failed one of its asserts (aborting a debug build); both
// are now errors with the line and column.
struct BadCommentary {
  const char* text;
  const char* expect;  // how the error starts
};

void expect_refused(std::initializer_list<BadCommentary> cases) {
  for (const BadCommentary& b : cases) {
    auto r = parse_commentary(b.text, "c.toml", builtin_metric_config());
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_EQ(r.error().rfind(b.expect, 0), 0u) << b.text << ": " << r.error();
  }
}

TEST(Commentary, NonAsciiOutsideQuotesIsRefusedWithTheLine) {
  expect_refused({
      {"introduction = £5\n", "c.toml:1:16: the character U+00A3 outside quotes"},
      {"[highlights]\nrisks = \"- r\" é\n", "c.toml:2:15: the character U+00E9"},
      {"introduction = \"\"\"x \\\n  £ more\"\"\"\n",
       "c.toml:2:3: a backslash before the character U+00A3"},
      {"introduction = \"\xC3\"\n", "c.toml:1:17: invalid UTF-8"},
      // Found by fuzz/commentary: a quote inside a value opens no string.
      {"introduction = 1\"«\"\n", "c.toml:1:18: the character U+00AB outside quotes"},
      {"introduction = 05-22T10:00x='é'\n", "c.toml:1:30: the character U+00E9 outside quotes"},
  });
  // Text in quotes is anyone's: pounds and accents are fine there.
  auto ok = parse_commentary("introduction = \"£5m for café services\" # £\n", "c.toml",
                             builtin_metric_config());
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->introduction, "£5m for café services");
}

TEST(Commentary, InputsThatTripTomlPlusPlusAssertsAreSyntaxErrors) {
  expect_refused({
      {"introduction = \"x\"\n[#\n", "c.toml:2:"},
      {"introduction = \"x\"\n[#[commentary]]\n", "c.toml:2:"},
      {"introduction = \"x\"\n\n[ =]\n", "c.toml:3:"},
  });
}

}  // namespace
}  // namespace bc::report
