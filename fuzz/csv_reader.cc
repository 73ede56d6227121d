// The CSV reader on any bytes: it reads records or stops with an error,
// never crashes, and its line numbers only move forward.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/csv_reader.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = bc::CsvReader::from_string(std::string(reinterpret_cast<const char*>(data), size));
  bc::CsvRecord record;
  int64_t last_line = 0;
  size_t bytes = 0;
  while (reader->next(&record)) {
    FUZZ_CHECK(record.line > last_line);
    FUZZ_CHECK(record.end_line >= record.line);
    FUZZ_CHECK(record.size() >= 1);
    for (std::string_view f : record.fields) bytes += f.size();
    last_line = record.end_line;
  }
  FUZZ_CHECK(bytes <= size);
  if (const bc::CsvError* e = reader->error()) {
    FUZZ_CHECK(e->line >= 1);
    FUZZ_CHECK(!e->reason.empty());
  }
  FUZZ_CHECK(reader->bytes_read() <= size);
  return 0;
}
