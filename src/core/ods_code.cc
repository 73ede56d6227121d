#include "core/ods_code.h"
#include "core/ascii.h"

#include <fmt/format.h>

namespace bc {
namespace {

using ascii::is_blank;
using ascii::trim;

constexpr size_t kMinLength = 3;
constexpr size_t kMaxOdsLength = 10;

}  // namespace

Result<OdsCode> OdsCode::parse(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return Status::invalid_data("no organisation code given");
  std::string code;
  code.reserve(s.size());
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      code += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      code += c;
    } else if (is_blank(c)) {
      return Status::invalid_data("spaces are not allowed inside an ODS code");
    } else if (static_cast<unsigned char>(c) >= 0x21 && static_cast<unsigned char>(c) < 0x7F) {
      return Status::invalid_data(
          fmt::format("unexpected character '{}': an ODS code holds only letters and digits", c));
    } else {
      return Status::invalid_data(
          "unexpected character: an ODS code holds only ASCII letters and digits");
    }
  }
  if (code.size() < kMinLength || code.size() > kMaxOdsLength) {
    return Status::invalid_data(fmt::format("an ODS code has {} to {} characters, not {}",
                                            kMinLength, kMaxOdsLength, code.size()));
  }
  return OdsCode(std::move(code));
}

}  // namespace bc
