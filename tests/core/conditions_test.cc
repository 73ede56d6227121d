#include "core/conditions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bc {
namespace {

TEST(Conditions, ThirtySixEfiDeficitsAndUniqueCodes) {
  int efi = 0;
  std::set<std::string_view> codes;
  for (const auto& c : all_conditions()) {
    efi += c.efi_deficit ? 1 : 0;
    EXPECT_TRUE(codes.insert(c.code).second) << c.code;
    EXPECT_FALSE(c.name.empty());
  }
  EXPECT_EQ(efi, kEfiDeficitCount);
}

TEST(Conditions, LookupIsCaseInsensitive) {
  ASSERT_NE(find_condition("heart_failure"), nullptr);
  EXPECT_EQ(find_condition("Heart_Failure"), find_condition("heart_failure"));
  EXPECT_TRUE(find_condition("falls")->efi_deficit);
  EXPECT_FALSE(find_condition("copd")->efi_deficit);
  EXPECT_EQ(find_condition("heart failure"), nullptr);
  EXPECT_EQ(find_condition(""), nullptr);
}

// docs/data-formats.md lists every code: the documentation and the code
// cannot drift apart.
TEST(Conditions, EveryCodeIsDocumented) {
  std::ifstream in(std::filesystem::path(BC_SOURCE_DIR) / "docs" / "data-formats.md");
  ASSERT_TRUE(in) << "docs/data-formats.md is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  for (const auto& c : all_conditions()) {
    std::string row = "| `" + std::string(c.code) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/data-formats.md does not list " << c.code;
  }
}

}  // namespace
}  // namespace bc
