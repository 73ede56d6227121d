#include "core/safe_text.h"

#include <fmt/format.h>

#include "core/utf8.h"

namespace bc {
namespace {

// Decodes the code point at s[i]; returns its length in bytes, or 0 when
// the bytes at i are not valid UTF-8 (NUL decodes as U+0000, unsafe).
size_t decode(std::string_view s, size_t i, char32_t* cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (i + len > s.size()) return 0;
  std::string_view seq = s.substr(i, len);
  if (find_invalid_utf8(seq) != std::string_view::npos) return 0;
  char32_t v = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) v = (v << 6) | (static_cast<unsigned char>(seq[k]) & 0x3F);
  *cp = v;
  return len;
}

}  // namespace

bool is_unsafe_code_point(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

size_t find_unsafe_char(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    size_t len = decode(s, i, &cp);
    if (len == 0 || is_unsafe_code_point(cp)) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string escape_unsafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    size_t len = decode(s, i, &cp);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (is_unsafe_code_point(cp)) {
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(cp));
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace bc
