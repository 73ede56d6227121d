// CsvReadAhead (core/csv_read_ahead.h): its caller sees exactly the calls
// of next() it would have made on the reader itself, whatever the batch
// size: records, lines, errors where they fell (and the reading resumed
// after them), the end, and every byte seen once by the observer.
#include "core/csv_read_ahead.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bc {
namespace {

// What a caller sees reading to the end, resuming after errors that are not
// final, then asking once more; one line per call.
template <typename Next, typename Error, typename Io>
std::vector<std::string> calls(Next next, Error error, Io io) {
  std::vector<std::string> out;
  CsvRecord rec;
  for (int i = 0; i < 100000; ++i) {
    if (next(&rec)) {
      std::string s = fmt::format("record {}..{}", rec.line, rec.end_line);
      for (std::string_view f : rec.fields) s.append("|").append(f);
      out.push_back(s);
      continue;
    }
    const CsvError* e = error();
    if (e == nullptr) {
      out.push_back("end");
      break;
    }
    out.push_back(fmt::format("error {} {} {}{} {}", e->line, e->field_index, e->reason,
                              e->final ? " final" : "", io().message()));
    if (e->final) break;
  }
  // Asked again after the end: the same answer.
  const bool again = next(&rec);
  out.push_back(again ? "a record after the end" : error() ? "again: error" : "again: end");
  return out;
}

std::vector<std::string> direct(const std::string& input, size_t* observed) {
  auto r = CsvReader::from_string(input);
  r->set_byte_observer([observed](std::string_view b) { *observed += b.size(); });
  auto out = calls([&](CsvRecord* rec) { return r->next(rec); }, [&] { return r->error(); },
                   [&]() -> const Status& { return r->io_status(); });
  out.push_back(fmt::format("bytes {}", r->bytes_read()));
  return out;
}

std::vector<std::string> ahead(const std::string& input, size_t batch, size_t* observed) {
  auto r = CsvReader::from_string(input);
  r->set_byte_observer([observed](std::string_view b) { *observed += b.size(); });
  std::vector<std::string> out;
  uint64_t bytes = 0;
  {
    CsvReadAhead a(*r, batch);
    out = calls([&](CsvRecord* rec) { return a.next(rec); }, [&] { return a.error(); },
                [&]() -> const Status& { return a.io_status(); });
    bytes = a.bytes_read();
  }
  EXPECT_EQ(bytes, r->bytes_read());
  out.push_back(fmt::format("bytes {}", r->bytes_read()));
  return out;
}

void expect_same(const std::string& input) {
  size_t seen_direct = 0;
  const auto want = direct(input, &seen_direct);
  EXPECT_EQ(seen_direct, input.size());
  for (size_t batch : {1, 2, 3, 7, 2048}) {
    size_t seen = 0;
    EXPECT_EQ(ahead(input, batch, &seen), want) << "batches of " << batch;
    EXPECT_EQ(seen, input.size()) << "batches of " << batch;
  }
}

TEST(CsvReadAhead, WellFormedInput) {
  expect_same("a,b\n1,2\n3,4\n");
  expect_same("a,b\r\n\"x\ny\",2\r\n\r\n3,\"4\"\"\"\r\n5,6");  // CRLF, quoted breaks, no last break
  expect_same("");
  expect_same(
      "\xEF\xBB\xBF"
      "a\n,\n,,\n");  // a BOM, empty fields
}

TEST(CsvReadAhead, ErrorsWhereTheyFellAndReadingResumedAfter) {
  expect_same("a,b\n1,2\n3,\"x\"y\n5,6\n4\"5,6\n\"7\",8\n");
  expect_same("a,b\n1,2\n3,\"x\"y\n");  // an error on the last line
  expect_same("a,b\n1,\"2\n3,4\n");     // a quote never closed: final
  expect_same("a\n" + std::string(kMaxRecordBytes + 10, 'x') + "\n1\n");  // too long
}

TEST(CsvReadAhead, ManyBatchesOfManySizes) {
  std::string input = "id,text\n";
  for (int i = 0; i < 20000; ++i) {
    input += std::to_string(i) + "," + std::string(static_cast<size_t>(i % 300), 'y') + "\n";
    if (i % 4999 == 0) input += "bad,\"x\"y\n";
  }
  input += std::string(3000, 'z') + "\n";
  expect_same(input);
}

TEST(CsvReadAhead, StoppedEarlyItEndsWithoutReadingToTheEnd) {
  std::string input = "a\n";
  for (int i = 0; i < 200000; ++i) input += std::to_string(i) + "\n";
  auto r = CsvReader::from_string(input);
  {
    CsvReadAhead a(*r, 16);
    CsvRecord rec;
    ASSERT_TRUE(a.next(&rec));
    EXPECT_EQ(rec.fields.at(0), "a");
  }  // destroyed with batches waiting and the reader's thread held back
  // The reader is the caller's again, where the thread left it: a few
  // batches on, nowhere near the end.
  CsvRecord rec;
  ASSERT_TRUE(r->next(&rec));
  EXPECT_GT(rec.line, 2);
  EXPECT_LT(rec.line, 1000);
}

}  // namespace
}  // namespace bc
