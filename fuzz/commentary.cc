// The report commentary reader (a user's TOML, through core/toml_guard.h)
// on any text: it reads the file or refuses it with file:line, never
// crashes and never reaches undefined behaviour in toml++.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/metric_def.h"
#include "fuzz_check.h"
#include "report/performance_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = bc::report::parse_commentary(text, "c.toml", bc::builtin_metric_config());
  if (!c.ok()) FUZZ_CHECK(c.error().rfind("c.toml:", 0) == 0);
  return 0;
}
