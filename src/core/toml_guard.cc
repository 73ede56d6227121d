#include "core/toml_guard.h"

#include <fmt/format.h>

#include <exception>
#include <utility>

#include "core/utf8.h"

namespace bc {
namespace {

// The code point of the (valid) UTF-8 sequence at t[i].
uint32_t code_point_at(std::string_view t, size_t i) {
  const auto b = [&](size_t k) {
    return i + k < t.size() ? static_cast<uint32_t>(static_cast<unsigned char>(t[i + k])) : 0u;
  };
  if (b(0) < 0x80) return b(0);
  if (b(0) < 0xE0) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (b(0) < 0xF0) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

}  // namespace

std::pair<int, int> text_position(std::string_view t, size_t at) {
  int line = 1, col = 1;
  for (size_t i = 0; i < at && i < t.size(); ++i) {
    if (t[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// Debian's toml++ 3.3 reaches __builtin_unreachable() (undefined behaviour,
// in every build) when it classifies some non-ASCII characters as whitespace
// or not: U+00A1..U+0499 among them, so "£" and "é". It does so wherever a
// non-ASCII character stands outside a string (target = £5, which TOML does
// not allow anyway), and after a backslash in a string. This scan refuses
// those first, following strings and comments so that text in quotes is
// untouched.
//
// A quote opens a string only where toml++ would read one: in a key (at the
// start of a line, after '.', in a [table] header, or after '{' or ',' in an
// inline table) or as a value (after '=', or after '[' or ',' in an array),
// and never inside a bare word. Elsewhere toml++ reads on through the word
// (a value runs to a blank, ',', ']', '}', '#' or the end of the line, so
// 1"£" and 10:00x='£' are one word each), and what follows the quote is
// outside quotes.
std::optional<TomlHazard> find_toml_hazard(std::string_view t) {
  enum class S { kNormal, kBasic, kLiteral, kMlBasic, kMlLiteral, kComment };
  S s = S::kNormal;
  // Outside strings: whether toml++ reads a value (else a key) here, the
  // arrays ('[') and inline tables ('{') of the value open around it,
  // whether a bare word is being read, and the last character that was
  // neither blank nor in a string.
  bool in_value = false;
  std::string open;
  bool bare = false;
  char prev = '\n';
  int line = 1;
  size_t line_start = 0;
  auto hazard = [&](size_t i, std::string message) {
    int l = line;
    size_t start = line_start;
    for (size_t k = line_start; k < i && k < t.size(); ++k) {
      if (t[k] == '\n') ++l, start = k + 1;
    }
    return TomlHazard{l, static_cast<int>(i - start) + 1, std::move(message)};
  };
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      if (s == S::kComment || s == S::kBasic || s == S::kLiteral) s = S::kNormal;
      if (s == S::kNormal) {
        bare = false;
        prev = '\n';
        if (open.empty()) in_value = false;  // a key/value pair ends with its line
      }
      continue;
    }
    switch (s) {
      case S::kComment:
      case S::kLiteral:
        if (s == S::kLiteral && c == '\'') s = S::kNormal;
        continue;
      case S::kMlLiteral:
        if (t.substr(i, 3) == "'''") {
          i += 2;
          while (i + 1 < t.size() && t[i + 1] == '\'') ++i;
          s = S::kNormal;
        }
        continue;
      case S::kBasic:
      case S::kMlBasic:
        if (c == '\\') {
          // What follows a backslash, past any whitespace and line breaks
          // (a line-ending backslash), must not be a non-ASCII character.
          size_t k = i + 1;
          while (k < t.size() && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n')) ++k;
          if (k < t.size() && static_cast<unsigned char>(t[k]) >= 0x80) {
            return hazard(k, fmt::format("a backslash before the character U+{:04X}: it is not "
                                         "an escape TOML knows; remove the backslash",
                                         code_point_at(t, k)));
          }
          if (i + 1 < t.size() && t[i + 1] != '\n') ++i;  // the escaped character
        } else if (s == S::kBasic && c == '"') {
          s = S::kNormal;
        } else if (s == S::kMlBasic && t.substr(i, 3) == "\"\"\"") {
          i += 2;
          while (i + 1 < t.size() && t[i + 1] == '"') ++i;
          s = S::kNormal;
        }
        continue;
      case S::kNormal:
        break;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      bare = false;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return hazard(i, fmt::format("the character U+{:04X} outside quotes: TOML keys and values "
                                   "other than text are plain ASCII; put text in quotes "
                                   "(target = \"£5m\")",
                                   code_point_at(t, i)));
    }
    const char before = prev;
    prev = c;
    if (c == '#') {
      s = S::kComment;
      continue;
    }
    if (c == '"' || c == '\'') {
      const std::string_view opens = in_value ? "=[,\n" : "\n.[{,";
      if (bare || opens.find(before) == std::string_view::npos) {
        bare = true;  // a quote inside a bare word is part of it
        continue;
      }
      const bool multi = t.substr(i, 3) == std::string(3, c);
      s = c == '"' ? (multi ? S::kMlBasic : S::kBasic) : (multi ? S::kMlLiteral : S::kLiteral);
      if (multi) i += 2;
      continue;
    }
    if (in_value) {
      // In a bare word only a blank, ',', ']' or '}' ends it.
      if (bare && c != ',' && c != ']' && c != '}') continue;
      bare = false;
      switch (c) {
        case '[':
          open.push_back('[');
          break;
        case '{':
          open.push_back('{');
          in_value = false;  // its keys
          break;
        case ']':
        case '}':
          if (!open.empty()) open.pop_back();
          break;
        case ',':
          if (!open.empty() && open.back() == '{') in_value = false;
          break;
        default:
          bare = true;
      }
    } else {
      switch (c) {
        case '=':
          in_value = true;
          bare = false;
          break;
        case '}':  // an empty inline table, or one ending in a comma
          bare = false;
          if (!open.empty() && open.back() == '{') {
            open.pop_back();
            in_value = true;  // the value it was
          }
          break;
        case '.':
        case '[':
        case ']':
        case '{':
        case ',':
          bare = false;
          break;
        default:
          bare = true;
      }
    }
  }
  return std::nullopt;
}

Result<toml::table> parse_user_toml(std::string_view text, std::string_view file_name,
                                    int line_offset, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Status::invalid_data(fmt::format("{}: {} bytes of TOML; at most {} bytes are read",
                                            file_name, text.size(), max_bytes));
  }
  if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto [line, col] = text_position(text, bad);
    return Status::invalid_data(
        fmt::format("{}:{}:{}: invalid UTF-8 or a NUL byte: save the file as UTF-8", file_name,
                    line + line_offset, col));
  }
  if (auto h = find_toml_hazard(text)) {
    return Status::invalid_data(
        fmt::format("{}:{}:{}: {}", file_name, h->line + line_offset, h->column, h->message));
  }
  try {  // Debian's toml++ reports syntax errors by exception; none escapes this function
    return toml::parse(text, std::string(file_name));
  } catch (const toml::parse_error& e) {
    return Status::invalid_data(fmt::format("{}:{}:{}: {}", file_name,
                                            static_cast<int>(e.source().begin.line) + line_offset,
                                            e.source().begin.column, e.description()));
  } catch (const std::exception& e) {  // bad_alloc, or a bug in toml++: still the file's fault
    return Status::invalid_data(
        fmt::format("{}: could not be read as TOML ({})", file_name, e.what()));
  }
}

}  // namespace bc
