#include "core/safe_text.h"

#include <gtest/gtest.h>

#include "test_values.h"

namespace bc {
namespace {

using test_values::npos;

TEST(SafeText, OrdinaryTextIsSafe) {
  EXPECT_EQ(find_unsafe_char(""), npos);
  EXPECT_EQ(find_unsafe_char("jcb.secretary"), npos);
  EXPECT_EQ(find_unsafe_char("Zoë O'Brien – £5 𝄞 عربى"), npos);
}

TEST(SafeText, ControlAndBidirectionalCharactersAreFound) {
  EXPECT_EQ(find_unsafe_char("clin\x1b[2K"), 4u);                // ESC (C0)
  EXPECT_EQ(find_unsafe_char("a\rb"), 1u);                       // CR
  EXPECT_EQ(find_unsafe_char("a\nb"), 1u);                       // LF
  EXPECT_EQ(find_unsafe_char(std::string_view("a\0b", 3)), 1u);  // NUL
  EXPECT_EQ(find_unsafe_char("ab\x7f"), 2u);                     // DEL
  EXPECT_EQ(find_unsafe_char("x\xc2\x85"), 1u);                  // U+0085 NEL (C1)
  EXPECT_EQ(find_unsafe_char("x\xc2\x9b"), 1u);                  // U+009B CSI (C1)
  EXPECT_EQ(find_unsafe_char("ab\xe2\x80\xae"), 2u);             // U+202E RLO
  EXPECT_EQ(find_unsafe_char("\xe2\x80\xaa"), 0u);               // U+202A LRE
  EXPECT_EQ(find_unsafe_char("\xe2\x81\xa6x"), 0u);              // U+2066 LRI
  EXPECT_EQ(find_unsafe_char("\xe2\x81\xa9"), 0u);               // U+2069 PDI
  EXPECT_EQ(find_unsafe_char("\xe2\x80\x8e"), 0u);               // U+200E LRM
  EXPECT_EQ(find_unsafe_char("\xe2\x80\x8f"), 0u);               // U+200F RLM
  EXPECT_EQ(find_unsafe_char("\xd8\x9c"), 0u);                   // U+061C ALM
  EXPECT_EQ(find_unsafe_char("caf\xe9"), 3u);                    // invalid UTF-8
  // Neighbours of the ranges are ordinary characters.
  EXPECT_EQ(find_unsafe_char("\xc2\xa0\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5"), npos);
}

TEST(SafeText, EscapingLeavesOneUnambiguousLine) {
  EXPECT_EQ(escape_unsafe("clin\x1b[2Kview_person"), "clin\\u001b[2Kview_person");
  EXPECT_EQ(escape_unsafe("a\r\nb"), "a\\u000d\\u000ab");
  EXPECT_EQ(escape_unsafe("x\xe2\x80\xaey"), "x\\u202ey");
  EXPECT_EQ(escape_unsafe("x\xc2\x85"), "x\\u0085");
  EXPECT_EQ(escape_unsafe("caf\xe9"), "caf\\xe9");
  // A backslash is doubled, so typed text cannot pass for an escape.
  EXPECT_EQ(escape_unsafe("a\\u001b"), "a\\\\u001b");
  EXPECT_EQ(escape_unsafe("Zoë £5"), "Zoë £5");
  EXPECT_EQ(find_unsafe_char(escape_unsafe("\x1b\xe2\x80\xae\x7f\xc2\x9b")), npos);
}

}  // namespace
}  // namespace bc
