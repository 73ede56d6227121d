#include "core/money.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bc {
namespace {

int64_t pence_of(std::string_view text) {
  Result<Money> m = Money::parse(text);
  EXPECT_TRUE(m.ok()) << "'" << text << "': " << m.error();
  return m.ok() ? m->pence() : std::numeric_limits<int64_t>::min();
}

std::string money_error(std::string_view text) {
  Result<Money> m = Money::parse(text);
  EXPECT_FALSE(m.ok()) << "'" << text << "' parsed as " << (m.ok() ? m->pence() : 0) << "p";
  if (m.ok()) return {};
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidData) << text;
  return m.error();
}

TEST(MoneyParse, PlainPounds) {
  EXPECT_EQ(pence_of("1234.56"), 123456);
  EXPECT_EQ(pence_of("0"), 0);
  EXPECT_EQ(pence_of("0.00"), 0);
  EXPECT_EQ(pence_of("0.05"), 5);
  EXPECT_EQ(pence_of("0.5"), 50);
  EXPECT_EQ(pence_of("999"), 99900);
  EXPECT_EQ(pence_of("007"), 700);
}

TEST(MoneyParse, OneDecimalMeansTensOfPence) {
  EXPECT_EQ(pence_of("1.5"), 150);
  EXPECT_EQ(pence_of("-1.5"), -150);
  EXPECT_EQ(pence_of("1.50"), 150);
  EXPECT_EQ(pence_of("1.05"), 105);
}

TEST(MoneyParse, Signs) {
  EXPECT_EQ(pence_of("-33"), -3300);
  EXPECT_EQ(pence_of("-33.00"), -3300);
  EXPECT_EQ(pence_of("+33.00"), 3300);
  EXPECT_EQ(pence_of("-0.01"), -1);
  EXPECT_EQ(pence_of("-0"), 0);
}

TEST(MoneyParse, PoundSignWithSignEitherSide) {
  EXPECT_EQ(pence_of("£1,234.56"), 123456);
  EXPECT_EQ(pence_of("\xC2\xA3"
                     "12"),
            1200);
  EXPECT_EQ(pence_of("-£33.00"), -3300);
  EXPECT_EQ(pence_of("£-33.00"), -3300);
  EXPECT_EQ(pence_of("+£5"), 500);
  EXPECT_EQ(pence_of("£0.99"), 99);
}

TEST(MoneyParse, ThousandsSeparatorsInGroupsOfThree) {
  EXPECT_EQ(pence_of("1,234"), 123400);
  EXPECT_EQ(pence_of("12,345"), 1234500);
  EXPECT_EQ(pence_of("123,456"), 12345600);
  EXPECT_EQ(pence_of("1,234,567.89"), 123456789);
  EXPECT_EQ(pence_of("-1,000,000"), -100000000);
  // Separators are optional: the same amount without them.
  EXPECT_EQ(pence_of("1234567.89"), 123456789);
}

TEST(MoneyParse, TrimsSurroundingBlanks) {
  EXPECT_EQ(pence_of("  12.30 "), 1230);
  EXPECT_EQ(pence_of("\t-5\r\n"), -500);
}

TEST(MoneyParse, LimitIsNinetyTrillionPounds) {
  EXPECT_EQ(pence_of("90,000,000,000,000.00"), 9'000'000'000'000'000);
  EXPECT_EQ(pence_of("-90000000000000"), -9'000'000'000'000'000);
  EXPECT_NE(money_error("90000000000000.01").find("too large"), std::string::npos);
  EXPECT_NE(money_error("90000000000001").find("too large"), std::string::npos);
  EXPECT_NE(money_error("-£100,000,000,000,000").find("too large"), std::string::npos);
  // Far past int64: must be rejected, not wrapped (UBSan would catch overflow).
  EXPECT_NE(money_error("99999999999999999999999999999").find("too large"), std::string::npos);
  EXPECT_NE(money_error("18446744073709551617").find("too large"), std::string::npos);
}

TEST(MoneyParse, RejectsEmptyAndBareSymbols) {
  EXPECT_EQ(money_error(""), "no amount given");
  EXPECT_EQ(money_error("   "), "no amount given");
  EXPECT_EQ(money_error("-"), "no digits in the amount");
  EXPECT_EQ(money_error("£"), "no digits in the amount");
  EXPECT_EQ(money_error("-£"), "no digits in the amount");
  EXPECT_NE(money_error(".").find("digit is needed before the decimal point"), std::string::npos);
  EXPECT_NE(money_error(".5").find("digit is needed before the decimal point"), std::string::npos);
}

TEST(MoneyParse, RejectsBadDecimals) {
  EXPECT_NE(money_error("1.").find("one or two digits after the decimal point"), std::string::npos);
  EXPECT_NE(money_error("1.234").find("more than two decimal places"), std::string::npos);
  EXPECT_NE(money_error("0.001").find("more than two decimal places"), std::string::npos);
  EXPECT_NE(money_error("1.2.3").find("unexpected character '.'"), std::string::npos);
}

TEST(MoneyParse, RejectsBadGrouping) {
  for (const char* bad : {"1,23", "1,2345", "1234,567", ",123", "1,,234", "1,234,", "12,34,567",
                          "1,234,56", "1,234.5,6"}) {
    const std::string err = money_error(bad);
    EXPECT_TRUE(err.find("groups of three") != std::string::npos ||
                err.find("unexpected character ','") != std::string::npos)
        << bad << ": " << err;
  }
  EXPECT_NE(money_error("1,23").find("groups of three digits"), std::string::npos);
}

TEST(MoneyParse, RejectsStrayCharacters) {
  EXPECT_EQ(money_error("12abc"),
            "unexpected character 'a': an amount holds only digits, '£', a sign, ',' and '.'");
  EXPECT_EQ(money_error("1 000"), "spaces are not allowed inside an amount");
  EXPECT_EQ(money_error("- 5"), "spaces are not allowed inside an amount");
  EXPECT_NE(money_error("1e5").find("unexpected character 'e'"), std::string::npos);
  EXPECT_NE(money_error("$5").find("unexpected character '$'"), std::string::npos);
  EXPECT_NE(money_error("(33)").find("unexpected character '('"), std::string::npos);
  EXPECT_NE(money_error("5\xE2\x82\xAC").find("unexpected character"), std::string::npos);  // 5€
}

TEST(MoneyParse, RejectsMisplacedSignsAndPounds) {
  EXPECT_EQ(money_error("--1"), "more than one sign");
  EXPECT_EQ(money_error("-£-1"), "more than one sign");
  EXPECT_EQ(money_error("+-1"), "more than one sign");
  EXPECT_EQ(money_error("££1"), "more than one £ sign");
  EXPECT_EQ(money_error("1-"), "the sign must come before the amount");
  EXPECT_EQ(money_error("12£"), "the £ sign must come before the amount");
}

TEST(MoneyParse, NamesALatin1PoundSign) {
  // 0xA3 alone is "£" in Windows-1252: the file was not saved as UTF-8.
  EXPECT_NE(money_error("\xA3"
                        "12")
                .find("not UTF-8"),
            std::string::npos);
}

TEST(MoneyParse, MessagesDoNotRepeatTheInput) {
  // The caller prints "column: value: reason"; echoing the value is noise.
  for (const char* bad :
       {"1.234", "1,23", "12abc", "1 000", "1234,567", "--12", "1.", "90000000000001", "12£"}) {
    const std::string err = money_error(bad);
    EXPECT_EQ(err.find(bad), std::string::npos) << bad << ": " << err;
  }
}

TEST(MoneyFormat, ToPlain) {
  EXPECT_EQ(Money::from_pence(123456).to_plain(), "1234.56");
  EXPECT_EQ(Money::from_pence(-3300).to_plain(), "-33.00");
  EXPECT_EQ(Money::from_pence(0).to_plain(), "0.00");
  EXPECT_EQ(Money::from_pence(5).to_plain(), "0.05");
  EXPECT_EQ(Money::from_pence(-5).to_plain(), "-0.05");
  EXPECT_EQ(Money::from_pence(100).to_plain(), "1.00");
  EXPECT_EQ(Money::from_pence(123456789012).to_plain(), "1234567890.12");
}

TEST(MoneyFormat, ToPlainRoundTripsThroughParse) {
  for (int64_t p :
       {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{99}, int64_t{-100}, int64_t{123456},
        int64_t{-987654321}, int64_t{9'000'000'000'000'000}, int64_t{-9'000'000'000'000'000}}) {
    const Money m = Money::from_pence(p);
    Result<Money> back = Money::parse(m.to_plain());
    ASSERT_TRUE(back.ok()) << m.to_plain() << ": " << back.error();
    EXPECT_EQ(*back, m);
    // format_pounds output is accepted too.
    Result<Money> back_pounds = Money::parse(m.format_pounds());
    ASSERT_TRUE(back_pounds.ok()) << m.format_pounds() << ": " << back_pounds.error();
    EXPECT_EQ(*back_pounds, m);
  }
}

TEST(MoneyFormat, Pounds) {
  EXPECT_EQ(Money::from_pence(123456).format_pounds(), "£1,234.56");
  EXPECT_EQ(Money::from_pence(-3300).format_pounds(), "-£33.00");
  EXPECT_EQ(Money::from_pence(0).format_pounds(), "£0.00");
  EXPECT_EQ(Money::from_pence(-1).format_pounds(), "-£0.01");
  EXPECT_EQ(Money::from_pence(99999).format_pounds(), "£999.99");
  EXPECT_EQ(Money::from_pence(100000).format_pounds(), "£1,000.00");
  EXPECT_EQ(Money::from_pence(123456789).format_pounds(), "£1,234,567.89");
  EXPECT_EQ(Money::from_pence(10000000000).format_pounds(), "£100,000,000.00");
}

TEST(MoneyFormat, ThousandsRoundsHalfAwayFromZero) {
  EXPECT_EQ(Money::from_pence(116'700'000).format_thousands(), "1,167");  // £1,167,000.00
  EXPECT_EQ(Money::from_pence(-3'300'000).format_thousands(), "(33)");
  EXPECT_EQ(Money::from_pence(-3'300'000).format_thousands(false), "-33");
  EXPECT_EQ(Money::from_pence(0).format_thousands(), "0");
  EXPECT_EQ(Money::from_pence(49'999).format_thousands(), "0");  // £499.99
  EXPECT_EQ(Money::from_pence(50'000).format_thousands(), "1");  // £500.00
  EXPECT_EQ(Money::from_pence(-50'000).format_thousands(), "(1)");
  EXPECT_EQ(Money::from_pence(-50'000).format_thousands(false), "-1");
  EXPECT_EQ(Money::from_pence(149'999).format_thousands(), "1");         // £1,499.99
  EXPECT_EQ(Money::from_pence(150'000).format_thousands(), "2");         // £1,500.00
  EXPECT_EQ(Money::from_pence(99'950'000).format_thousands(), "1,000");  // £999,500
  EXPECT_EQ(Money::from_pence(123'456'789'000).format_thousands(), "1,234,568");
}

TEST(MoneyFormat, ThousandsNeverShowsNegativeZero) {
  EXPECT_EQ(Money::from_pence(-49'999).format_thousands(), "0");
  EXPECT_EQ(Money::from_pence(-49'999).format_thousands(false), "0");
  EXPECT_EQ(Money::from_pence(-1).format_thousands(), "0");
}

TEST(MoneyFormat, RoundThousands) {
  EXPECT_EQ(Money::from_pence(116'700'000).round_thousands(), 1167);
  EXPECT_EQ(Money::from_pence(-3'300'000).round_thousands(), -33);
  EXPECT_EQ(Money::from_pence(49'999).round_thousands(), 0);
  EXPECT_EQ(Money::from_pence(50'000).round_thousands(), 1);
  EXPECT_EQ(Money::from_pence(-50'000).round_thousands(), -1);
  EXPECT_EQ(Money::from_pence(-49'999).round_thousands(), 0);
  EXPECT_EQ(Money::from_pence(0).round_thousands(), 0);
}

TEST(MoneyFormat, ExtremesDoNotOverflow) {
  const Money lo = Money::from_pence(std::numeric_limits<int64_t>::min());
  const Money hi = Money::from_pence(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(lo.to_plain(), "-92233720368547758.08");
  EXPECT_EQ(hi.to_plain(), "92233720368547758.07");
  EXPECT_EQ(lo.round_thousands(), -92233720368548);
  EXPECT_EQ(hi.round_thousands(), 92233720368548);
  EXPECT_EQ(lo.format_thousands(), "(92,233,720,368,548)");
  EXPECT_EQ(hi.format_millions(), "£92,233,720,368.5m");
}

TEST(MoneyFormat, Millions) {
  EXPECT_EQ(Money::from_pence(10'930'000'000).format_millions(), "£109.3m");
  EXPECT_EQ(Money::from_pence(10'934'999'999).format_millions(), "£109.3m");
  EXPECT_EQ(Money::from_pence(10'935'000'000).format_millions(), "£109.4m");
  EXPECT_EQ(Money::from_pence(-120'000'000).format_millions(), "-£1.2m");
  EXPECT_EQ(Money::from_pence(-125'000'000).format_millions(), "-£1.3m");
  EXPECT_EQ(Money::from_pence(0).format_millions(), "£0.0m");
  EXPECT_EQ(Money::from_pence(5'000'000).format_millions(), "£0.1m");  // £50,000
  EXPECT_EQ(Money::from_pence(4'999'999).format_millions(), "£0.0m");
  EXPECT_EQ(Money::from_pence(-4'000'000).format_millions(), "£0.0m");  // no "-£0.0m"
  EXPECT_EQ(Money::from_pence(123'450'000'000).format_millions(), "£1,234.5m");
  EXPECT_EQ(Money::from_pence(100'000'000).format_millions(), "£1.0m");
}

TEST(MoneyArithmetic, AddsSubtractsAndCompares) {
  const Money a = Money::from_pence(1050);
  const Money b = Money::from_pence(-250);
  EXPECT_EQ((a + b).pence(), 800);
  EXPECT_EQ((a - b).pence(), 1300);
  EXPECT_EQ((-a).pence(), -1050);
  Money c = a;
  c += b;
  EXPECT_EQ(c.pence(), 800);
  c -= a;
  EXPECT_EQ(c, b);
  EXPECT_LT(b, a);
  EXPECT_GT(a, b);
  EXPECT_EQ(Money(), Money::from_pence(0));
  EXPECT_NE(a, b);
}

TEST(MoneyArithmetic, ParsedAmountsSumToThePenny) {
  // 0.1 + 0.2 is the classic floating point failure; pence make it exact.
  const std::vector<std::string> amounts = {"0.10", "0.20", "-0.30", "1,000,000.01", "-1000000"};
  Money total;
  for (const std::string& a : amounts) total += *Money::parse(a);
  EXPECT_EQ(total.pence(), 1);
  EXPECT_EQ(total.to_plain(), "0.01");
}

}  // namespace
}  // namespace bc
