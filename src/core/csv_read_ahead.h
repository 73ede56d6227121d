// CsvReadAhead: a CsvReader read on a second thread, a batch of records
// ahead of its caller.
//
// A large import spends a tenth of its time in the reader (the file's
// bytes copied in, the SHA-256 of them by the reader's byte observer, the
// fields found and unquoted) and the rest checking and writing each
// record. With a second core the two can overlap: the reader's thread
// copies each record into a batch of records, and the caller takes the
// batches in order. The caller sees exactly the calls of next() it would
// have made on the reader itself: the same records, lines, errors (each
// where it fell, and resumed after when not final) and end.
//
// Memory is bounded: at most kBatchesAhead batches wait, each of at most
// `batch_records` records and about kBatchBytes of field bytes (a record
// is at most kMaxRecordBytes).
//
// The reader, and its byte observer, are used by the reader's thread from
// construction until the read-ahead is destroyed or has returned its last
// record; touch neither in between. Destroying the read-ahead early stops
// the thread and waits for it.
//
// Thread safety: a read-ahead is used by one thread at a time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/csv_reader.h"

namespace bc {

class CsvReadAhead {
 public:
  static constexpr size_t kBatchesAhead = 4;
  static constexpr size_t kBatchBytes = size_t{1} << 20;

  // Starts reading `reader` on another thread. Small batches are for tests.
  explicit CsvReadAhead(CsvReader& reader, size_t batch_records = 2048);
  ~CsvReadAhead();
  CsvReadAhead(const CsvReadAhead&) = delete;
  CsvReadAhead& operator=(const CsvReadAhead&) = delete;

  // As CsvReader::next: the next record into *out (its views valid until
  // the next call), or false at the end or an error, which error() names.
  bool next(CsvRecord* out);
  const CsvError* error() const { return error_ ? &*error_ : nullptr; }
  // The reader's I/O failure, if any, as of the last false from next().
  const Status& io_status() const { return io_status_; }
  // The bytes the reader had read by the end of the batch being taken.
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  // Some calls of the reader's next(): records, then perhaps the call that
  // returned false (an end or an error).
  struct Batch {
    std::string bytes;          // every field's bytes, back to back
    std::vector<size_t> ends;   // each field's end in bytes
    std::vector<size_t> first;  // each record's first field in ends
    std::vector<int64_t> lines, end_lines;
    bool stopped = false;  // ends with a call that returned false
    std::optional<CsvError> error;
    Status io_status;
    uint64_t bytes_read = 0;
  };
  void read();  // the reader's thread

  CsvReader& reader_;
  const size_t batch_records_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  bool stop_ = false;  // the caller wants no more
  bool done_ = false;  // the reader's thread has pushed its last batch

  // The caller's side.
  Batch batch_;
  size_t at_ = 0;           // the next record in batch_
  bool taken_end_ = false;  // batch_'s false has been returned
  bool finished_ = false;   // nothing more will come
  std::optional<CsvError> error_;
  Status io_status_;
  uint64_t bytes_read_ = 0;
  std::jthread thread_;  // last: started when the rest is made
};

}  // namespace bc
