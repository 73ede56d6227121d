// The CSV reader on any bytes: it reads records or stops with an error,
// never crashes, and its line numbers only move forward. Read a few
// records ahead on a second thread (core/csv_read_ahead.h), it gives the
// same records and the same error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/csv_read_ahead.h"
#include "core/csv_reader.h"
#include "fuzz_check.h"

namespace {

// Each record's lines and fields, then the error, if any, it stopped at.
template <typename Reader>
std::vector<std::string> trace(Reader& reader) {
  std::vector<std::string> out;
  bc::CsvRecord record;
  while (reader.next(&record)) {
    std::string s = std::to_string(record.line) + ":" + std::to_string(record.end_line);
    for (std::string_view f : record.fields) s.append("\x1f").append(f);
    out.push_back(std::move(s));
  }
  if (const bc::CsvError* e = reader.error())
    out.push_back(std::to_string(e->line) + " " + std::to_string(e->field_index) + " " + e->reason);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto reader = bc::CsvReader::from_string(input);
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

  auto once = bc::CsvReader::from_string(input);
  auto twice = bc::CsvReader::from_string(input);
  const std::vector<std::string> want = trace(*once);
  bc::CsvReadAhead ahead(*twice, 3);
  FUZZ_CHECK(trace(ahead) == want);
  return 0;
}
