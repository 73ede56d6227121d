// The scheme report reader (TOML through core/toml_guard.h, or Markdown
// with TOML front matter) on any text; the first byte chooses the format.
// Whatever it accepts is normalised content that survives the JSON round
// trip unchanged (as tests/programme's mutation test checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "programme/report_content.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view file = (data[0] & 1) != 0 ? "r.md" : "r.toml";
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto r = bc::parse_scheme_report(text, file);
  if (!r.ok()) {
    FUZZ_CHECK(r.error().rfind(file, 0) == 0);
    return 0;
  }
  bc::SchemeReportContent again = *r;
  FUZZ_CHECK(bc::normalise_content(again).ok());
  FUZZ_CHECK(again == *r);
  auto back = bc::content_from_json(bc::content_to_json(*r));
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(*back == *r);
  return 0;
}
