#include "core/icd10.h"

#include <string>

#include <gtest/gtest.h>

namespace bc {
namespace {

Icd10 code(std::string_view text) {
  Result<Icd10> c = Icd10::parse(text);
  EXPECT_TRUE(c.ok()) << "'" << text << "': " << c.error();
  return c.ok() ? *c : Icd10();
}

std::string icd_error(std::string_view text) {
  Result<Icd10> c = Icd10::parse(text);
  EXPECT_FALSE(c.ok()) << "'" << text << "' was accepted as " << (c.ok() ? c->code() : "");
  if (c.ok()) return {};
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidData);
  return c.error();
}

TEST(Icd10Parse, DottedAndUndottedAreTheSame) {
  EXPECT_EQ(code("J18.9").code(), "J189");
  EXPECT_EQ(code("J189").code(), "J189");
  EXPECT_EQ(code("J18.9"), code("J189"));
}

TEST(Icd10Parse, UpperCasesAndTrims) {
  EXPECT_EQ(code("j18.9").code(), "J189");
  EXPECT_EQ(code("  J18.9 ").code(), "J189");
  EXPECT_EQ(code("w19x").code(), "W19X");
}

TEST(Icd10Parse, Lengths) {
  EXPECT_EQ(code("J18").code(), "J18");
  EXPECT_EQ(code("S72.00").code(), "S7200");
  EXPECT_EQ(code("S72.001").code(), "S72001");
  EXPECT_EQ(icd_error("S72.0012"),
            "too long: at most three characters may follow the letter and two digits");
}

TEST(Icd10Parse, KeepsXPadding) {
  EXPECT_EQ(code("W19X").code(), "W19X");
  EXPECT_EQ(code("R69.X").code(), "R69X");
  EXPECT_EQ(code("U07.1").code(), "U071");
}

TEST(Icd10Parse, DropsTrailingMarkers) {
  EXPECT_EQ(code("S72.-").code(), "S72");
  EXPECT_EQ(code("J18.9-").code(), "J189");
  EXPECT_EQ(code("A17.0\xE2\x80\xA0").code(), "A170");  // dagger
  EXPECT_EQ(code("G01*").code(), "G01");
  EXPECT_EQ(code("A17.0+").code(), "A170");
  EXPECT_EQ(code("U07.1!").code(), "U071");
  EXPECT_EQ(code("A17.0 \xE2\x80\xA0").code(), "A170");
  EXPECT_EQ(code("J18.").code(), "J18");
}

TEST(Icd10Parse, MarkersOnlyAtTheEnd) {
  EXPECT_NE(icd_error("J-18").find("unexpected character '-'"), std::string::npos);
  EXPECT_NE(icd_error("J1*8").find("unexpected character '*'"), std::string::npos);
  EXPECT_NE(icd_error("\xE2\x80\xA0"
                      "A17.0")
                .find("unexpected character"),
            std::string::npos);
}

TEST(Icd10Parse, RejectsMalformedCodes) {
  const std::string shape = "an ICD-10 code starts with a letter and two digits, as in J18.9";
  EXPECT_EQ(icd_error("18.9"), shape);
  EXPECT_EQ(icd_error("JJ8.9"), shape);
  EXPECT_EQ(icd_error("J1"), shape);
  EXPECT_EQ(icd_error("J"), shape);
  EXPECT_EQ(icd_error("J1X9"), shape);
  EXPECT_EQ(icd_error("189"), shape);
  const std::string point =
      "the point must come straight after the letter and two digits, as in J18.9";
  EXPECT_EQ(icd_error("J1.89"), point);
  EXPECT_EQ(icd_error("J18..9"), point);
  EXPECT_EQ(icd_error("J18.9.1"), point);
  EXPECT_EQ(icd_error(".J189"), point);
  EXPECT_EQ(icd_error("J18 9"), "spaces are not allowed inside an ICD-10 code");
  EXPECT_NE(icd_error("J18.9#").find("unexpected character '#'"), std::string::npos);
  EXPECT_NE(icd_error("\xC3\x89"
                      "18")
                .find("only ASCII"),
            std::string::npos);
}

TEST(Icd10Parse, RejectsEmpty) {
  EXPECT_EQ(icd_error(""), "no diagnosis code given");
  EXPECT_EQ(icd_error("   "), "no diagnosis code given");
  EXPECT_EQ(icd_error("-"), "no diagnosis code given");
}

TEST(Icd10, CategoryAndDotted) {
  EXPECT_EQ(code("J18.9").category(), "J18");
  EXPECT_EQ(code("J18").category(), "J18");
  EXPECT_EQ(code("J189").dotted(), "J18.9");
  EXPECT_EQ(code("J18").dotted(), "J18");
  EXPECT_EQ(code("S7200").dotted(), "S72.00");
  EXPECT_EQ(code("W19X").dotted(), "W19.X");
  // dotted() output parses back to the same code.
  for (const char* c : {"J189", "J18", "S72001", "W19X"}) {
    EXPECT_EQ(code(code(c).dotted()), code(c)) << c;
  }
}

TEST(Icd10Range, InjuriesS00ToT98) {
  EXPECT_TRUE(code("S72.0").in_range("S00", "T98"));
  EXPECT_TRUE(code("S00").in_range("S00", "T98"));  // lower bound itself
  EXPECT_TRUE(code("S00.0").in_range("S00", "T98"));
  EXPECT_TRUE(code("T98").in_range("S00", "T98"));  // upper bound itself
  EXPECT_TRUE(code("T98.3").in_range("S00", "T98"));
  EXPECT_TRUE(code("T00").in_range("S00", "T98"));
  EXPECT_FALSE(code("T99").in_range("S00", "T98"));
  EXPECT_FALSE(code("R99").in_range("S00", "T98"));
  EXPECT_FALSE(code("U07.1").in_range("S00", "T98"));
  EXPECT_FALSE(code("A00").in_range("S00", "T98"));
}

TEST(Icd10Range, FallsW00ToW19) {
  EXPECT_TRUE(code("W19X").in_range("W00", "W19"));
  EXPECT_TRUE(code("W19.9").in_range("W00", "W19"));
  EXPECT_TRUE(code("W00").in_range("W00", "W19"));
  EXPECT_TRUE(code("W10.1").in_range("W00", "W19"));
  EXPECT_FALSE(code("W20").in_range("W00", "W19"));
  EXPECT_FALSE(code("W20.0").in_range("W00", "W19"));
  EXPECT_FALSE(code("V99").in_range("W00", "W19"));
  EXPECT_FALSE(code("X00").in_range("W00", "W19"));
}

TEST(Icd10Range, FourCharacterBounds) {
  EXPECT_TRUE(code("J18.0").in_range("J180", "J189"));
  EXPECT_TRUE(code("J18.9").in_range("J180", "J189"));
  EXPECT_TRUE(code("J18.0").in_range("J180", "J180"));
  EXPECT_FALSE(code("J19.0").in_range("J180", "J189"));
  EXPECT_FALSE(code("J17.9").in_range("J180", "J189"));
  // A bare category is less specific than the bounds: not inside them.
  EXPECT_FALSE(code("J18").in_range("J180", "J189"));
  // Mixed bound lengths: J12-J18.9.
  EXPECT_TRUE(code("J12").in_range("J12", "J189"));
  EXPECT_TRUE(code("J15.9").in_range("J12", "J189"));
  EXPECT_FALSE(code("J11.1").in_range("J12", "J189"));
}

TEST(Icd10, Ordering) {
  EXPECT_LT(code("J18.0"), code("J18.9"));
  EXPECT_NE(code("J18"), code("J180"));
  EXPECT_EQ(Icd10().code(), "");
}

}  // namespace
}  // namespace bc
