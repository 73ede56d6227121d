// The SPC series an analyst types (`bettercare spc --values`, engine/spc.h)
// on any bytes: parse_spc_values gives at most kMaxSpcValues finite numbers
// or refuses with a message; the chart of whatever it gives, with and
// without a baseline and a process change, has one label per point, finite
// limits in order, and never crashes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/spc.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto values = bc::parse_spc_values(text);
  if (!values.ok()) {
    FUZZ_CHECK(!values.status().message().empty());
    return 0;
  }
  FUZZ_CHECK(!values->empty() && values->size() <= bc::kMaxSpcValues);
  for (double v : *values) FUZZ_CHECK(std::isfinite(v));
  bc::SpcOptions options;
  options.improvement = static_cast<bc::Improvement>(size % 3);
  options.target = values->front();
  if (values->size() > 20) {
    options.baseline = 12;
    options.process_changes = {values->size() / 2};
  }
  auto chart = bc::spc_chart(*values, options);
  FUZZ_CHECK(chart.ok());
  FUZZ_CHECK(chart->points.size() == values->size());
  for (const bc::SpcSegment& s : chart->segments) {
    // Huge values may overflow to infinity; order holds whenever they are finite.
    if (s.amr && std::isfinite(*s.upl) && std::isfinite(*s.lpl)) {
      FUZZ_CHECK(*s.lpl <= *s.near_lpl && *s.near_lpl <= s.mean);
      FUZZ_CHECK(s.mean <= *s.near_upl && *s.near_upl <= *s.upl);
    }
  }
  return 0;
}
