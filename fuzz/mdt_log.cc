// The MDT log reader (care/mdt_log.h, `bettercare mdt import`) on any
// bytes: it gives meetings or refuses the file with a message, never
// crashes, and never gives more than its limits (meetings, rows, attendees).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "care/mdt_log.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto log = bc::read_mdt_log(text);
  if (log.ok()) {
    FUZZ_CHECK(log->size() <= bc::kMaxMdtLogMeetings);
    size_t people = 0;
    for (const auto& m : *log) {
      FUZZ_CHECK(!m.attendees.empty() && m.attendees.size() <= 100);
      people += m.discussions.size();
    }
    FUZZ_CHECK(people <= bc::kMaxMdtLogRows);
  } else {
    FUZZ_CHECK(!log.error().empty());
  }
  return 0;
}
