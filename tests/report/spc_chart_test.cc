// SPC charts and Making Data Count's icons (report/spc_chart.h): what a
// reader and a screen reader get from them. The chart of the golden case
// "a single point above the upper limit" (tests/golden/spc.test: 9, 11 six
// times, then 23; limits 5.68 and 16.32).
#include "report/spc_chart.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "contrast.h"

#include <cmath>
#include <regex>
#include <set>
#include <string>

namespace bc::report {
namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

using contrast::contrast_on_white;

SpcChart golden_chart(Improvement improvement) {
  std::vector<double> y;
  for (int i = 0; i < 6; ++i) y.insert(y.end(), {9, 11});
  y.push_back(23);
  SpcOptions o;
  o.improvement = improvement;
  o.target = 10;
  auto c = spc_chart(y, o);
  EXPECT_TRUE(c.ok());
  return *c;
}

SpcChartView view(const SpcChart& c) {
  SpcChartView v;
  v.id = "t";
  v.title = "Admissions";
  v.desc = "A test chart";
  for (int i = 1; i <= 13; ++i) v.categories.push_back(fmt::format("M{}", i));
  v.chart = &c;
  v.target = 10;
  return v;
}

TEST(SpcIcons, SayInWordsWhatTheyShow) {
  const std::string concern_high =
      variation_icon_svg(PointType::kConcern, SpecialCause::kAboveLimit, "x");
  EXPECT_NE(concern_high.find("role=\"img\""), std::string::npos);
  EXPECT_NE(concern_high.find("aria-labelledby=\"x-variation\""), std::string::npos);
  EXPECT_NE(concern_high.find("<title id=\"x-variation\">Special cause variation: concern</title>"),
            std::string::npos);
  EXPECT_NE(concern_high.find(">H</text>"), std::string::npos);
  EXPECT_NE(
      variation_icon_svg(PointType::kImprovement, SpecialCause::kShiftBelow, "x").find(">L</text>"),
      std::string::npos);
  EXPECT_NE(variation_icon_svg(PointType::kCommonCause, SpecialCause::kNone, "x")
                .find("Common cause variation"),
            std::string::npos);
  EXPECT_NE(assurance_icon_svg(Assurance::kConsistentPass, "x").find(">P</text>"),
            std::string::npos);
  EXPECT_NE(assurance_icon_svg(Assurance::kConsistentFail, "x").find(">F</text>"),
            std::string::npos);
  EXPECT_NE(assurance_icon_svg(Assurance::kInconsistent, "x").find(">?</text>"), std::string::npos);
  EXPECT_NE(assurance_icon_svg(std::nullopt, "x").find("No target to assure"), std::string::npos);
  EXPECT_NE(spc_icons_html(nullptr, "x").find("No SPC"), std::string::npos);
}

TEST(SpcChartSvg, APointEachWithItsReadingAndTheLimits) {
  const SpcChart c = golden_chart(Improvement::kIncrease);
  const std::string svg = render_spc_chart(view(c));
  EXPECT_EQ(svg, render_spc_chart(view(c)));  // the same bytes each time
  EXPECT_EQ(count(svg, "class=\"mark "), 13u);
  EXPECT_EQ(count(svg, "class=\"mark special_cause_improvement\""), 1u);
  EXPECT_EQ(count(svg, "class=\"mark common_cause\""), 12u);
  EXPECT_NE(svg.find("<title>M13: 23, Special cause variation: improvement (above the upper "
                     "process limit)</title>"),
            std::string::npos);
  for (const char* line : {"class=\"mean\"", "class=\"lpl\"", "class=\"upl\"", "class=\"target\""})
    EXPECT_EQ(count(svg, line), 1u) << line;
  // Every colour drawn has 3:1 or more against white.
  std::set<std::string> colours;
  static const std::regex kColour("(fill|stroke)=\"(#[0-9a-fA-F]{6})\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kColour);
       it != std::sregex_iterator(); ++it)
    colours.insert((*it)[2].str());
  colours.erase("#ffffff");
  colours.erase("#e3e3e3");  // the gridlines: decoration, not information
  ASSERT_GE(colours.size(), 3u);
  for (const std::string& col : colours) EXPECT_GE(contrast_on_white(col), 3.0) << col;
}

TEST(SpcChartSvg, NoChartIsNoData) {
  SpcChartView v;
  v.title = "Nothing";
  v.desc = "none";
  EXPECT_NE(render_spc_chart(v).find("No data"), std::string::npos);
}

TEST(SpcFigure, HasTheIconsTheValuesAndWhatWasLeftOut) {
  const SpcChart c = golden_chart(Improvement::kDecrease);
  const std::string html = spc_figure_html(view(c), {"2018-03: not loaded (spells)"});
  EXPECT_EQ(count(html, "class=\"spc-icon "), 2u);
  EXPECT_NE(html.find("Special cause variation: concern"), std::string::npos);
  EXPECT_NE(html.find("Hits and misses the target"), std::string::npos);  // 10 is inside
  EXPECT_EQ(count(html, "<tr><th scope=\"row\">"), 13u);
  EXPECT_NE(html.find("<td class=\"num\">16.3</td>"), std::string::npos);  // the upper limit
  EXPECT_NE(html.find("Not charted: 2018-03: not loaded (spells)."), std::string::npos);
  EXPECT_NE(html.find("role=\"region\""), std::string::npos);
}

}  // namespace
}  // namespace bc::report
