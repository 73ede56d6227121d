// Text that cannot forge: control and bidirectional characters.
//
// A user name or an audited text is shown later at a terminal, in a page or
// in a log line. A control character (C0, DEL, C1: an escape sequence, a
// carriage return) can move the cursor or start a new line, and a
// bidirectional control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
// U+061C) can reorder what is shown, so that one entry reads as another.
// Such text is refused where it comes in (find_unsafe_char) and escaped
// wherever stored text is printed (escape_unsafe).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bc {

// True for a code point that must never reach a display unescaped: C0
// (U+0000-U+001F), DEL (U+007F), C1 (U+0080-U+009F) and the bidirectional
// controls listed above.
bool is_unsafe_code_point(char32_t cp);

// The byte offset of the first unsafe code point, or of the first invalid
// UTF-8 sequence, in s; std::string_view::npos when s is safe to show.
size_t find_unsafe_char(std::string_view s);

// s with every unsafe code point written as \uXXXX (e.g. ESC as \u001b),
// every invalid byte as \xNN and every backslash doubled, so what is
// printed is one line and cannot be mistaken for other text.
std::string escape_unsafe(std::string_view s);

}  // namespace bc
