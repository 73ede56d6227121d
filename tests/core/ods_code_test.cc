#include "core/ods_code.h"

#include <string>

#include <gtest/gtest.h>

namespace bc {
namespace {

std::string ods_error(std::string_view text) {
  Result<OdsCode> c = OdsCode::parse(text);
  EXPECT_FALSE(c.ok()) << "'" << text << "' was accepted as " << (c.ok() ? c->str() : "");
  if (c.ok()) return {};
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidData);
  return c.error();
}

TEST(OdsCode, AcceptsRealCodes) {
  for (const char* code : {"RHM", "R1C", "RW1", "J82001", "5QG", "RHM01", "00Q"}) {
    Result<OdsCode> c = OdsCode::parse(code);
    ASSERT_TRUE(c.ok()) << code << ": " << c.error();
    EXPECT_EQ(c->str(), code);
  }
}

TEST(OdsCode, TrimsAndUpperCases) {
  EXPECT_EQ(OdsCode::parse("rhm")->str(), "RHM");
  EXPECT_EQ(OdsCode::parse(" R1c ")->str(), "R1C");
  EXPECT_EQ(OdsCode::parse("\tj82001\r\n")->str(), "J82001");
  EXPECT_EQ(*OdsCode::parse("rhm"), *OdsCode::parse("RHM"));
}

TEST(OdsCode, LengthLimits) {
  EXPECT_TRUE(OdsCode::parse("ABC").ok());
  EXPECT_TRUE(OdsCode::parse("ABCDE12345").ok());
  EXPECT_EQ(ods_error("RH"), "an ODS code has 3 to 10 characters, not 2");
  EXPECT_EQ(ods_error("A"), "an ODS code has 3 to 10 characters, not 1");
  EXPECT_EQ(ods_error("ABCDE123456"), "an ODS code has 3 to 10 characters, not 11");
  // Blanks trimmed before counting.
  EXPECT_EQ(ods_error("  RH  "), "an ODS code has 3 to 10 characters, not 2");
}

TEST(OdsCode, RejectsOtherCharacters) {
  EXPECT_EQ(ods_error("R H M"), "spaces are not allowed inside an ODS code");
  EXPECT_EQ(ods_error("RHM-01"),
            "unexpected character '-': an ODS code holds only letters and digits");
  EXPECT_NE(ods_error("RHM.").find("unexpected character '.'"), std::string::npos);
  EXPECT_NE(ods_error("RH\xC3\x89").find("only ASCII letters and digits"), std::string::npos);
  EXPECT_NE(ods_error("RH\x01M").find("unexpected character"), std::string::npos);
}

TEST(OdsCode, RejectsEmpty) {
  EXPECT_EQ(ods_error(""), "no organisation code given");
  EXPECT_EQ(ods_error("   "), "no organisation code given");
}

TEST(OdsCode, OrderingAndDefault) {
  EXPECT_LT(*OdsCode::parse("R1C"), *OdsCode::parse("RHM"));
  EXPECT_NE(*OdsCode::parse("RHM"), *OdsCode::parse("RW1"));
  EXPECT_EQ(OdsCode().str(), "");
}

}  // namespace
}  // namespace bc
