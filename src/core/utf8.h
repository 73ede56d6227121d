// UTF-8 checks and safe display of untrusted bytes.
//
// Imported text must be valid UTF-8 (no overlong forms, no surrogates, no
// NUL). Error messages echo the offending value, so it is escaped first:
// control characters and invalid bytes become \xNN, and long values are cut.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bc {

// The byte offset of the first invalid UTF-8 sequence (or NUL) in s, or
// std::string_view::npos when s is valid.
size_t find_invalid_utf8(std::string_view s);

// The number of characters (code points) in s, as a person counts them:
// limits such as "at most 64 characters" are in these, not in bytes. Each
// byte that is not part of a valid sequence counts as one.
size_t count_chars(std::string_view s);

// s made safe to print on one line: invalid bytes and C0 control characters
// as \xNN, and the other characters safe_text.h calls unsafe (DEL, C1
// controls, bidirectional overrides) as \uXXXX, cut to at most max_chars
// code points with "..." appended.
std::string printable(std::string_view s, size_t max_chars = 60);

}  // namespace bc
