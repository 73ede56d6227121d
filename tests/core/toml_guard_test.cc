#include "core/toml_guard.h"

#include <gtest/gtest.h>

#include <string>

namespace bc {
namespace {

std::string toml_error(std::string_view text, int line_offset = 0, size_t max_bytes = 1 << 20) {
  auto r = parse_user_toml(text, "f.toml", line_offset, max_bytes);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? std::string() : r.error();
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(TomlGuard, ReadsValidTomlWithTextInQuotesUntouched) {
  auto r = parse_user_toml(
      "a = \"£5 – café\" # £ in a comment\nb = '''é\n\\£'''\n[t]\nc = [1, 2]\n", "f.toml");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ((*r)["a"].value_or(std::string()), "£5 – café");
  EXPECT_EQ((*r)["b"].value_or(std::string()), "é\n\\£");
  EXPECT_EQ((*r)["t"]["c"].as_array()->size(), 2u);
}

// Debian's toml++ 3.3 reaches undefined behaviour on these (UBSan stops a
// sanitizer build): the guard refuses them first, saying where and why.
TEST(TomlGuard, NonAsciiWhereTomlPlusPlusMishandlesItIsRefusedWithLineAndColumn) {
  struct Case {
    const char* text;
    const char* error;
  };
  for (const Case& c : {
           Case{"introduction = £5\n", "f.toml:1:16: the character U+00A3 outside quotes"},
           Case{"a = 1\n[é]\n", "f.toml:2:2: the character U+00E9 outside quotes"},
           Case{"a = \"\"\"x \\\n  £\"\"\"\n",
                "f.toml:2:3: a backslash before the character U+00A3"},
           Case{"a = \"\\ £\"\n", "f.toml:1:8: a backslash before the character U+00A3"},
       }) {
    const std::string e = toml_error(c.text);
    EXPECT_TRUE(starts_with(e, c.error)) << c.text << ": " << e;
  }
  // Found by fuzz/commentary: a quote in the middle of a value opens no
  // string for toml++, which reads on through the value to the "«".
  for (const Case& c : {
           Case{"a = 1\"\u00ab\"\n", "f.toml:1:7: the character U+00AB outside quotes"},
           Case{"a = x'é'\n", "f.toml:1:7: the character U+00E9 outside quotes"},
           Case{"a = \"x\"\"é\"\n", "f.toml:1:9: the character U+00E9 outside quotes"},
           Case{"a = 05-22T10:00x='é'\n", "f.toml:1:19: the character U+00E9 outside quotes"},
           Case{"a = [1\"é\"]\n", "f.toml:1:8: the character U+00E9 outside quotes"},
           Case{"a = {b=1'é'}\n", "f.toml:1:10: the character U+00E9 outside quotes"},
           Case{"introduoitc2016-=05-22T10:00:00Zintint05--=05-22T102018-1ro\"\u00ab"
                "brn$troo0:'2'io",
                "f.toml:1:61: the character U+00AB outside quotes"},
       }) {
    const std::string e = toml_error(c.text);
    EXPECT_TRUE(starts_with(e, c.error)) << c.text << ": " << e;
  }
  // Where TOML has strings, quotes still open them.
  for (const char* ok : {"t = {a=\"é\",b='é'}\nu = {}\nv = [{x=\"é\"},{}]\n",
                         "a.b=\"é\"\n[[x]]\n'é'.\"é\"=[\"é\",[\"é\"]]\n",
                         "d = 1979-05-27 07:32:00 # é\ne = 1.5e3\nf = true\n",
                         "a = [\"é\", 'é',\n  \"é\"]\n", "t = { \"é\" = 'é' }\n",
                         "[\"é\".'é']\nx.\"é\" = 1\n\"é\" = 2\n", "a = \"\"\"é\"\"\" # é\n"}) {
    auto r = parse_user_toml(ok, "f.toml");
    EXPECT_TRUE(r.ok()) << ok << ": " << r.error();
  }
  // "put text in quotes": the message says what to write instead.
  EXPECT_NE(toml_error("a = £5\n").find("put text in quotes"), std::string::npos);
}

// ...and these break its asserts (a build with asserts would abort): they
// are syntax errors like any other.
TEST(TomlGuard, InputsThatTripTomlPlusPlusAssertsAreSyntaxErrors) {
  for (const char* bad : {"[#\n", "[#[risks]]\n", "[ =]\n", "[[\t!]]\n", "[.a]\n",
                          "d = 2018-05-22 1\n", "d = 2018-05-22 x\n"}) {
    const std::string e = toml_error(std::string("a = 1\n") + bad);
    EXPECT_TRUE(starts_with(e, "f.toml:2:")) << bad << ": " << e;
  }
}

TEST(TomlGuard, LinesCountFromTheOffsetAndLimitsHold) {
  // Front matter starting on the file's second line.
  EXPECT_TRUE(starts_with(toml_error("a = 1\nb = £\n", 1), "f.toml:3:5: the character U+00A3"));
  EXPECT_TRUE(starts_with(toml_error("a = 1\nb = \n", 1), "f.toml:3:"));
  EXPECT_TRUE(starts_with(toml_error("a = \"x\xC3\"\n"), "f.toml:1:7: invalid UTF-8"));
  EXPECT_TRUE(starts_with(toml_error(std::string("a = \"\0\"\n", 8)), "f.toml:1:6: invalid UTF-8"));
  const std::string big = "a = \"" + std::string(100, 'x') + "\"\n";
  EXPECT_TRUE(starts_with(toml_error(big, 0, 50), "f.toml: 107 bytes of TOML; at most 50"));
  EXPECT_TRUE(parse_user_toml(big, "f.toml", 0, big.size()).ok());
}

TEST(TomlGuard, DeepNestingIsAnErrorNotAStackOverflow) {
  const std::string deep = "a = " + std::string(5000, '[') + "\n";
  EXPECT_TRUE(starts_with(toml_error(deep), "f.toml:1:"));
  const std::string tables = "a = " + std::string(5000, '{') + "\n";
  EXPECT_TRUE(starts_with(toml_error(tables), "f.toml:1:"));
}

}  // namespace
}  // namespace bc
