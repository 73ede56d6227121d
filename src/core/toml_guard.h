// Reading TOML that a person wrote: the one way into toml++ for the whole
// program (users' scheme reports and report commentary, and our own files
// under config/).
//
// Debian 12's toml++ (3.3) is not safe on arbitrary text. It reaches
// __builtin_unreachable() (undefined behaviour, in every build) when it
// classifies some non-ASCII characters outside strings (`introduction = £5`)
// or after a backslash in a string, and it checks some of its parser's
// assumptions with assert(), which malformed documents break (`[#` aborts a
// build with asserts instead of being reported). parse_user_toml() stands in
// front of it: a size limit, valid UTF-8, a scan that refuses what toml++
// mishandles (with a message saying what to write instead), toml++'s own
// asserts compiled out, and every exception caught; each error names the
// file, line and column.
//
// This header includes toml++ itself, compiled into a namespace of its own
// (bc_toml, reached as bc::toml) with those asserts off. Include this header,
// never <toml++/toml.h>: a translation unit that included both would get
// whichever copy came first.
//
// Thread safety: pure functions.
#pragma once

#ifdef TOMLPLUSPLUS_H
#error "include core/toml_guard.h instead of <toml++/toml.h> (see the comment at its top)"
#endif

// clang-format off
#define TOML_ASSERT(expr) static_assert(true)
#define toml bc_toml
#include <toml++/toml.h>
#undef toml
// clang-format on

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace bc {

namespace toml = ::bc_toml;

// The largest TOML text parse_user_toml() accepts unless told otherwise.
inline constexpr size_t kMaxUserTomlBytes = 1 << 20;  // 1 MiB

// Where in the text toml++ would misbehave, and what to write instead.
struct TomlHazard {
  int line = 0, column = 0;  // 1-based, in the text scanned
  std::string message;
};

// The 1-based line and column (in bytes) of t[at], for messages that point
// into a user's file.
std::pair<int, int> text_position(std::string_view t, size_t at);

// The first place in t (valid UTF-8) where toml++ 3.3 would reach undefined
// behaviour: a non-ASCII character outside quotes and comments (which TOML
// does not allow anyway), or one after a backslash in a basic string. A
// quote counts only where toml++ would open a string with it (not inside a
// bare word: a = 1"£" has the £ outside quotes). Text in quotes and
// comments is not otherwise looked at.
std::optional<TomlHazard> find_toml_hazard(std::string_view t);

// Parses text, the contents of file_name (or a part of it that starts after
// line_offset lines of the file, such as Markdown front matter), into a
// table. Errors are kInvalidData with
// "file:line:col: message" (line counted in the file): text over max_bytes,
// invalid UTF-8 or a NUL, a hazard, a TOML syntax error. Nothing escapes as
// an exception.
Result<toml::table> parse_user_toml(std::string_view text, std::string_view file_name,
                                    int line_offset = 0, size_t max_bytes = kMaxUserTomlBytes);

}  // namespace bc
