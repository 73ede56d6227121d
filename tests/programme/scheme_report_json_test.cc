// The JSON form of a scheme report version (programme/scheme_report_json.h):
// the metadata and steps always, the content and source only when full.
#include "programme/scheme_report_json.h"

#include <gtest/gtest.h>

namespace bc {
namespace {

SchemeReportVersion carers_submitted() {
  SchemeReportVersion v;
  v.scheme = "CAR";
  v.scheme_name = "Carers";
  v.host = "SCC";
  v.scheme_pooled_budget_manager = "Jane Doe";
  v.quarter = "2017/18:Q4";
  v.version = 2;
  v.latest_version = 3;
  v.state = ReportState::kSubmitted;
  v.content.report_author = "Kirsten Killander";
  v.content.report_date = *Date::parse("2018-05-22");
  v.content.aims = "- Support carers";
  v.content.risks.push_back({"Replacement care", "Book early"});
  v.source = "report_author = \"Kirsten Killander\"\n";
  v.source_format = "toml";
  v.created_at = "2018-05-20T09:00:00Z";
  v.created_by = "kirsten";
  v.updated_at = "2018-05-21T10:00:00Z";
  v.updated_by = "kirsten2";
  v.steps.push_back(
      {ReportStep::kSubmit, *Date::parse("2018-05-23"), "clerk", "item 4", "2018-05-23T12:00:00Z"});
  return v;
}

TEST(SchemeReportJson, MetadataAndStepsWithoutContent) {
  nlohmann::json j = scheme_report_json(carers_submitted(), false);
  EXPECT_EQ(j["scheme"], "CAR");
  EXPECT_EQ(j["scheme_name"], "Carers");
  EXPECT_EQ(j["host"], "SCC");
  EXPECT_EQ(j["quarter"], "2017/18:Q4");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["latest_version"], 3);
  EXPECT_EQ(j["state"], "submitted");
  EXPECT_EQ(j["pooled_budget_manager"], "Jane Doe");  // the scheme's: the content names none
  EXPECT_EQ(j["report_author"], "Kirsten Killander");
  EXPECT_EQ(j["report_date"], "2018-05-22");
  EXPECT_EQ(j["source_format"], "toml");
  EXPECT_EQ(j["created_by"], "kirsten");
  EXPECT_EQ(j["updated_at"], "2018-05-21T10:00:00Z");
  EXPECT_EQ(j["updated_by"], "kirsten2");
  ASSERT_EQ(j["steps"].size(), 1u);
  EXPECT_EQ(j["steps"][0], (nlohmann::json{{"step", "submit"},
                                           {"on", "2018-05-23"},
                                           {"by", "clerk"},
                                           {"note", "item 4"},
                                           {"recorded_at", "2018-05-23T12:00:00Z"}}));
  EXPECT_FALSE(j.contains("content"));
  EXPECT_FALSE(j.contains("source"));
  EXPECT_EQ(j.size(), 16u);
}

TEST(SchemeReportJson, FullAddsTheCanonicalContentAndTheSource) {
  SchemeReportVersion v = carers_submitted();
  v.content.report_date.reset();
  nlohmann::json j = scheme_report_json(v, true);
  EXPECT_TRUE(j["report_date"].is_null());
  EXPECT_EQ(j.size(), 18u);
  EXPECT_EQ(j["content"], nlohmann::json::parse(content_to_json(v.content)));
  EXPECT_EQ(j["content"]["aims"], "- Support carers");
  EXPECT_EQ(j["content"]["risks"][0]["mitigation"], "Book early");
  EXPECT_EQ(j["source"], v.source);
  // Everything but the two is the same as without content.
  j.erase("content");
  j.erase("source");
  EXPECT_EQ(j, scheme_report_json(v, false));
}

}  // namespace
}  // namespace bc
