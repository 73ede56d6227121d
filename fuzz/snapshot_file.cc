// The snapshot file reader (engine/snapshot_file.h) on any bytes, with the
// checksums not checked so that mutations reach the structure checks: it
// opens the file or refuses it, never crashes, and a file it opens is safe
// to compute every metric from (the engine indexes the columns without
// checks, trusting what the reader let through).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "engine/metric_def.h"
#include "engine/metric_query.h"
#include "engine/snapshot_file.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The file's columns are aligned within it for their types, and its
  // start is page-aligned when mapped: the input is copied to memory
  // aligned for any of them (operator new's 16 bytes).
  std::vector<std::byte> copy(size);
  if (size > 0) std::memcpy(copy.data(), data, size);
  const std::span<const std::byte> bytes(copy.data(), size);
  auto stamp = bc::snapshot_file_stamp(bytes, false);
  if (!stamp.ok()) return 0;
  auto snap = bc::parse_snapshot_bytes(bytes, *stamp, false);
  if (!snap.ok()) {
    FUZZ_CHECK(!snap.error().empty());
    return 0;
  }
  bc::MetricRequest request;
  request.period = *bc::Period::parse("2017/18");
  request.by = {"cluster"};
  auto query = bc::MetricQuery::bind(bc::builtin_metric_config(), **snap, request);
  if (query.ok()) (void)query->run(**snap);
  return 0;
}
