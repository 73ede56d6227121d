#include "core/nhs_number.h"

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace bc {
namespace {

// An independent, string-based statement of the modulus-11 rule.
int reference_check(const std::string& nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (nine[static_cast<size_t>(i)] - '0') * (10 - i);
  const int check = 11 - sum % 11;
  return check == 11 ? 0 : check == 10 ? -1 : check;
}

std::string nhs_error(std::string_view text) {
  Result<NhsNumber> n = NhsNumber::parse(text);
  EXPECT_FALSE(n.ok()) << "'" << text << "' was accepted";
  if (n.ok()) return {};
  EXPECT_EQ(n.status().code(), StatusCode::kInvalidData);
  return n.error();
}

TEST(NhsNumber, KnownValidNumber) {
  Result<NhsNumber> n = NhsNumber::parse("9434765919");
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n->value(), 9434765919);
  EXPECT_EQ(n->digits(), "9434765919");
  EXPECT_EQ(n->formatted(), "943 476 5919");
  EXPECT_FALSE(n->is_test_number());
  EXPECT_EQ(NhsNumber::check_digit(943476591), 9);
}

TEST(NhsNumber, SpacesAnywhereAndSurroundingBlanks) {
  const NhsNumber expected = NhsNumber::from_value_unchecked(9434765919);
  for (const char* text : {"943 476 5919", "  9434765919  ", "\t943 476 5919\r\n", "94 34 76 59 19",
                           "9 4 3 4 7 6 5 9 1 9", "943  476  5919"}) {
    Result<NhsNumber> n = NhsNumber::parse(text);
    ASSERT_TRUE(n.ok()) << "'" << text << "': " << n.error();
    EXPECT_EQ(*n, expected) << text;
  }
}

TEST(NhsNumber, WrongCheckDigitSaysWhatItShouldBe) {
  EXPECT_EQ(nhs_error("9434765918"), "check digit is 8 but should be 9");
  EXPECT_EQ(nhs_error("943 476 5910"), "check digit is 0 but should be 9");
  // A transposition of two digits is the error the check exists to catch.
  EXPECT_FALSE(NhsNumber::parse("9434765991").ok());
  EXPECT_FALSE(NhsNumber::parse("4934765919").ok());
}

TEST(NhsNumber, CheckWouldBeTenMeansNoValidNumber) {
  // 999 000 000x: the weighted sum leaves remainder 1, so the check is 10.
  EXPECT_EQ(NhsNumber::check_digit(999000000), -1);
  EXPECT_EQ(NhsNumber::check_digit(999000014), -1);
  for (int last = 0; last <= 9; ++last) {
    const std::string text = fmt::format("999000000{}", last);
    const std::string err = nhs_error(text);
    EXPECT_NE(err.find("no number starting with these nine digits"), std::string::npos) << err;
  }
}

TEST(NhsNumber, CheckOfElevenBecomesZero) {
  EXPECT_EQ(NhsNumber::check_digit(999000005), 0);
  EXPECT_TRUE(NhsNumber::parse("9990000050").ok());
  EXPECT_EQ(nhs_error("9990000051"), "check digit is 1 but should be 0");
}

TEST(NhsNumber, CheckDigitAgreesWithReference) {
  // A spread of first-nine values, including leading zeros.
  for (int64_t nine = 0; nine <= 999'999'999; nine += 7'919'977) {
    const std::string digits = fmt::format("{:09}", nine);
    ASSERT_EQ(NhsNumber::check_digit(nine), reference_check(digits)) << digits;
  }
  for (int64_t nine = 999'000'000; nine < 999'000'200; ++nine) {
    ASSERT_EQ(NhsNumber::check_digit(nine), reference_check(fmt::format("{:09}", nine))) << nine;
  }
}

TEST(NhsNumber, ExactlyOneLastDigitIsValid) {
  for (int64_t nine = 999'000'000; nine < 999'000'050; ++nine) {
    const int check = NhsNumber::check_digit(nine);
    int accepted = 0;
    for (int last = 0; last <= 9; ++last) {
      Result<NhsNumber> n = NhsNumber::parse(fmt::format("{}{}", nine, last));
      if (n.ok()) {
        ++accepted;
        EXPECT_EQ(last, check);
        EXPECT_EQ(n->value(), nine * 10 + last);
      } else if (check >= 0) {
        EXPECT_EQ(n.error(), fmt::format("check digit is {} but should be {}", last, check));
      }
    }
    EXPECT_EQ(accepted, check >= 0 ? 1 : 0) << nine;
  }
}

TEST(NhsNumber, CheckDigitOutOfRange) {
  EXPECT_EQ(NhsNumber::check_digit(-1), -1);
  EXPECT_EQ(NhsNumber::check_digit(1'000'000'000), -1);
  EXPECT_EQ(NhsNumber::check_digit(0), 0);
  EXPECT_EQ(NhsNumber::check_digit(999'999'999), reference_check("999999999"));
}

TEST(NhsNumber, WrongNumberOfDigits) {
  EXPECT_EQ(nhs_error("943476591"), "9 digits where an NHS number has 10");
  EXPECT_EQ(nhs_error("94347659190"), "11 digits where an NHS number has 10");
  EXPECT_EQ(nhs_error("1"), "1 digit where an NHS number has 10");
  EXPECT_EQ(nhs_error("943 476 59190 123 456 789 000"), "23 digits where an NHS number has 10");
}

TEST(NhsNumber, RejectsOtherCharacters) {
  EXPECT_EQ(nhs_error("943-476-5919"),
            "unexpected character '-': an NHS number is 10 digits, optionally spaced 3-3-4");
  EXPECT_NE(nhs_error("943476591X").find("unexpected character 'X'"), std::string::npos);
  EXPECT_NE(nhs_error("943\t476 5919").find("unexpected character:"), std::string::npos);
  // A no-break space (U+00A0) is not a space.
  EXPECT_NE(nhs_error("943\xC2\xA0"
                      "476 5919")
                .find("unexpected character"),
            std::string::npos);
  EXPECT_NE(nhs_error("+449434765919").find("unexpected character '+'"), std::string::npos);
  EXPECT_NE(nhs_error("9434765919.0").find("unexpected character '.'"), std::string::npos);
}

TEST(NhsNumber, RejectsEmpty) {
  EXPECT_EQ(nhs_error(""), "no NHS number given");
  EXPECT_EQ(nhs_error("   "), "no NHS number given");
}

TEST(NhsNumber, MessagesDoNotRepeatTheInput) {
  for (const char* bad : {"9434765918", "943476591", "943-476-5919", "9990000000"}) {
    const std::string err = nhs_error(bad);
    EXPECT_EQ(err.find(bad), std::string::npos) << err;
  }
}

TEST(NhsNumber, TestNumbers) {
  // 999 000 001 has check digit 8.
  Result<NhsNumber> n = NhsNumber::parse("999 000 0018");
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_TRUE(n->is_test_number());
  EXPECT_EQ(n->formatted(), "999 000 0018");
  EXPECT_FALSE(NhsNumber::from_value_unchecked(9434765919).is_test_number());
  EXPECT_FALSE(NhsNumber::from_value_unchecked(9989999999).is_test_number());
  EXPECT_TRUE(NhsNumber::from_value_unchecked(9999999999).is_test_number());
  // Starts 0999 when written as ten digits: not a test number.
  EXPECT_FALSE(NhsNumber::from_value_unchecked(999000001).is_test_number());
}

TEST(NhsNumber, OtherValidNumbers) {
  EXPECT_TRUE(NhsNumber::parse("401 023 2137").ok());
  EXPECT_EQ(nhs_error("401 023 2138"), "check digit is 8 but should be 7");
}

TEST(NhsNumber, LeadingZerosSurviveFormatting) {
  const NhsNumber n = NhsNumber::from_value_unchecked(12345678);
  EXPECT_EQ(n.digits(), "0012345678");
  EXPECT_EQ(n.formatted(), "001 234 5678");
  Result<NhsNumber> low = NhsNumber::parse("001 234 5679");  // passes the modulus check
  ASSERT_TRUE(low.ok()) << low.error();
  EXPECT_EQ(low->value(), 12345679);
  EXPECT_EQ(low->digits(), "0012345679");
}

TEST(NhsNumber, DigitsRoundTripThroughParse) {
  for (const char* text : {"9434765919", "9990000018", "4010232137"}) {
    const NhsNumber n = NhsNumber::parse(text).value();
    EXPECT_EQ(NhsNumber::parse(n.digits()).value(), n);
    EXPECT_EQ(NhsNumber::parse(n.formatted()).value(), n);
  }
}

TEST(NhsNumber, Ordering) {
  EXPECT_LT(NhsNumber::from_value_unchecked(4010232137),
            NhsNumber::from_value_unchecked(9434765919));
  EXPECT_EQ(NhsNumber(), NhsNumber::from_value_unchecked(0));
}

}  // namespace
}  // namespace bc

namespace bc {
namespace {

TEST(NhsNumberPlaceholders, TenIdenticalDigitsAreRefused) {
  for (const char* s : {"0000000000", "1111111111", "2222222222", "9999999999"}) {
    auto r = NhsNumber::parse(s);
    ASSERT_FALSE(r.ok()) << s;
  }
  auto r = NhsNumber::parse("000 000 0000");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("placeholder"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace bc
