#include "core/utf8.h"

#include <gtest/gtest.h>

#include "test_values.h"

namespace bc {
namespace {

using test_values::npos;

TEST(Utf8, ValidText) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ASCII, with punctuation!"), npos);
  EXPECT_EQ(find_invalid_utf8("£1,234 – café – 𝄞"), npos);
}

TEST(Utf8, InvalidSequencesAreLocated) {
  EXPECT_EQ(find_invalid_utf8("caf\xE9"), 3u);                    // Latin-1 é
  EXPECT_EQ(find_invalid_utf8("ab\x80"), 2u);                     // lone continuation byte
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);                   // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);               // overlong, 3 bytes
  EXPECT_EQ(find_invalid_utf8("x\xED\xA0\x80"), 1u);              // a UTF-16 surrogate
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);           // beyond U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ok\xE2\x82"), 2u);                 // truncated sequence
  EXPECT_EQ(find_invalid_utf8(std::string_view("a\0b", 3)), 1u);  // NUL
}

TEST(Utf8, CountCharsCountsCodePointsNotBytes) {
  EXPECT_EQ(count_chars(""), 0u);
  EXPECT_EQ(count_chars("abc"), 3u);
  EXPECT_EQ(count_chars("\xC3\xA9t\xC3\xA9"), 3u);  // été
  EXPECT_EQ(count_chars("\xF0\x9F\x98\x80"), 1u);   // one emoji, four bytes
  EXPECT_EQ(count_chars("\xE9\xE9"), 2u);           // invalid bytes count one each
  EXPECT_EQ(count_chars("\x80\x80\x80"), 3u);       // lone continuation bytes
}

TEST(Utf8, PrintableEscapesBidiAndC1Controls) {
  EXPECT_EQ(printable("abc\xE2\x80\xAE"
                      "def"),
            "abc\\u202edef");                       // right-to-left override
  EXPECT_EQ(printable("\xC2\x85x"), "\\u0085x");    // NEL, a C1 control
  EXPECT_EQ(printable("\xE2\x81\xA6"), "\\u2066");  // left-to-right isolate
}

TEST(Utf8, PrintableEscapesAndCuts) {
  EXPECT_EQ(printable("caf\xE9"), "caf\\xE9");
  EXPECT_EQ(printable("a\nb\tc"), "a\\x0Ab\\x09c");
  EXPECT_EQ(printable("£5"), "£5");
  EXPECT_EQ(printable("abcdef", 3), "abc...");
  EXPECT_EQ(printable("\xE2\x82"), "\\xE2\\x82");
}

}  // namespace
}  // namespace bc
