// The management checklist of seed 001's provider failure procedure
// (Appendix A) as shipped in config/provider_failure_checklist.csv: every
// numbered item with its scope, counted against the appendix, and the
// parser's refusals.
#include "quality/checklist.h"

#include <gtest/gtest.h>

#include <map>

namespace bc {
namespace {

TEST(Checklist, AsShippedItHasEveryNumberedItemOfAppendixA) {
  auto c = failure_checklist();
  ASSERT_TRUE(c.ok()) << c.error();
  // The appendix's ten sections and their numbered items (1.1-1.2,
  // 2.1-2.21, 3.1-3.13, 4.1-4.7, 5.1-5.6, 6.1-6.4, 7.1-7.30, 8.1-8.3,
  // 9.1-9.4, 10.1-10.3): 93 in all.
  ASSERT_EQ(c->sections.size(), 10u);
  EXPECT_EQ(c->sections[1].title, "Initial work/clarification");
  EXPECT_EQ(c->sections[9].title, "Lessons Learned");
  std::map<std::string, int> per_section;
  std::map<std::string, int> per_scope;
  for (const ChecklistItem& i : c->items) {
    ++per_section[i.section];
    ++per_scope[i.scope];
  }
  const std::map<std::string, int> sections = {{"1", 2}, {"2", 21}, {"3", 13}, {"4", 7}, {"5", 6},
                                               {"6", 4}, {"7", 30}, {"8", 3},  {"9", 4}, {"10", 3}};
  EXPECT_EQ(per_section, sections);
  EXPECT_EQ(c->items.size(), 93u);
  // Two items are home care's alone (2.4 staff TUPE and grouped transfers,
  // 7.2 grouping service users for a TUPE transfer); 25 are care homes'.
  const std::map<std::string, int> scopes = {{"All", 66}, {"CH", 25}, {"HC", 2}};
  EXPECT_EQ(per_scope, scopes);
  EXPECT_EQ(c->find("2.4")->scope, "HC");
  EXPECT_EQ(c->find("7.2")->scope, "HC");
  EXPECT_EQ(c->find("3.10")->scope, "CH");  // Deprivation of Liberty authorisations
  EXPECT_EQ(c->find("9.4")->text,
            "Maintain a risk log that is reviewed throughout the failure "
            "process");
  EXPECT_EQ(c->find("7.18")->text, "Maintain a log of decisions and movement of service users");
  EXPECT_EQ(c->find("10.4"), nullptr);
}

TEST(Checklist, ScopeAppliesToCareHomesHomeCareOrBoth) {
  EXPECT_TRUE(checklist_applies("All", "care_home"));
  EXPECT_TRUE(checklist_applies("All", "home_care"));
  EXPECT_TRUE(checklist_applies("CH", "care_home"));
  EXPECT_FALSE(checklist_applies("CH", "home_care"));
  EXPECT_TRUE(checklist_applies("HC", "home_care"));
  EXPECT_FALSE(checklist_applies("HC", "care_home"));
}

TEST(Checklist, AMalformedFileIsRefusedWithItsLine) {
  const std::string head = "item,text,scope\n1,Steering Group,\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "the checklist has no items"},
      {"number,text,scope\n", "checklist line 1: the header must be item,text,scope"},
      {head + "1.1,Assemble,Both\n", "checklist line 3: 1.1: the scope is All, CH or HC"},
      {head + "1.2,Assemble,All\n", "checklist line 3: 1.2 is not the next item of its section"},
      {head + "2.1,Assemble,All\n", "checklist line 3: 2.1 is not the next item of its section"},
      {head + "1.1,Assemble,All\n1.1,Again,All\n", "checklist line 4: 1.1 is there twice"},
      {head + "3,Skipped a section,\n", "checklist line 3: section 3 is out of order"},
      {head + "1.1,,All\n", "checklist line 3: 1.1 has no text"},
      {head + "1.1,Assemble\n", "checklist line 3: each row has three fields: item,text,scope"},
      {head + "99999999999,Big,\n", "checklist line 3: a section is a whole number with no scope"},
      {head + "1.1,\"Unclosed,All\n", "checklist line 3: "},
  };
  for (const auto& [csv, expected] : cases) {
    auto c = parse_checklist(csv);
    ASSERT_FALSE(c.ok()) << csv;
    EXPECT_EQ(c.error().substr(0, expected.size()), expected) << csv;
  }
}

}  // namespace
}  // namespace bc
