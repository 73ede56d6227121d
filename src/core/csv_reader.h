// CsvReader: a streaming reader for RFC 4180 CSV, as the import contract
// describes it.
//
// Fields are separated by commas; a field may be quoted with '"', and a
// quoted field may hold commas, doubled quotes ("") and line breaks.
// Records end with LF, CRLF or a lone CR. A UTF-8 byte-order mark at the
// start is skipped. Completely empty lines are skipped. The reader keeps
// only one record and one fixed-size buffer in memory, whatever the size of
// the file, and reports the physical line on which each record starts
// (line 1 is the header), counting line breaks inside quoted fields.
//
// Malformed quoting is an error, never guessed at: a quote inside an
// unquoted field, anything but a comma or line end after a closing quote,
// and a quoted field still open at the end of the file. So is a record
// longer than kMaxRecordBytes (1 MiB), which bounds the memory a reader
// holds whatever the input (a quote never closed, or a file with no line
// breaks, would otherwise be buffered whole). After an error in a record
// the reader skips the rest of its physical line and the next call to
// next() goes on from the line after, so one bad line does not hide the
// problems of the rest of the file; an error at the end of the input or an
// I/O error is final. Bytes are not decoded here: the caller checks UTF-8
// per field, so it can name the column.
//
// Thread safety: a reader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace bc {

struct CsvRecord {
  // Views into the reader's buffer: valid until the next call to next().
  std::vector<std::string_view> fields;
  int64_t line = 0;      // physical line on which the record starts (1-based)
  int64_t end_line = 0;  // physical line on which it ends

  size_t size() const { return fields.size(); }
  std::string_view operator[](size_t i) const { return fields[i]; }
};

// The longest record the reader accepts, in bytes of field content.
inline constexpr size_t kMaxRecordBytes = size_t{1} << 20;  // 1 MiB

// Where and why the input stopped being valid CSV.
struct CsvError {
  // field_index when the error is about the record as a whole (its length).
  static constexpr size_t kWholeRecord = static_cast<size_t>(-1);

  int64_t line = 0;        // line of the record that is malformed
  size_t field_index = 0;  // 0-based field within that record, or kWholeRecord
  std::string reason;      // e.g. "unterminated quoted field (opened at line 7)"
  bool final = false;      // nothing more can be read (end of input, I/O error)
};

class CsvReader {
 public:
  using ByteObserver = std::function<void(std::string_view)>;

  // Opens a file for reading; the message names the file when it cannot.
  static Result<std::unique_ptr<CsvReader>> open_file(const std::string& path);
  // Reads from a string (tests, small inputs).
  static std::unique_ptr<CsvReader> from_string(std::string data);

  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Sees every byte of the input exactly once, in order, as it is read
  // (e.g. to compute a checksum without reading the file twice). Set it
  // before the first call to next().
  void set_byte_observer(ByteObserver observer) { observer_ = std::move(observer); }

  // Reads the next record into *out. Returns false at the end of the input
  // or on an error; error() then says which (nullptr at a clean end). After
  // an error that is not final, calling next() again resumes at the line
  // after the bad one.
  bool next(CsvRecord* out);
  const CsvError* error() const { return failed_ || skipping_ ? &error_ : nullptr; }
  // An I/O failure (as opposed to malformed CSV), if any.
  const Status& io_status() const { return io_status_; }

  uint64_t bytes_read() const { return bytes_read_; }
  // The size of the input when known (files and strings), else 0.
  uint64_t total_bytes() const { return total_bytes_; }

 private:
  CsvReader() = default;
  bool fill();  // refills buf_; false at end of input
  // A final error (end of input, I/O): next() returns false from now on.
  bool fail(int64_t line, size_t field_index, std::string reason);
  // An error in one record: the rest of its line is skipped on the next call.
  bool fail_record(int64_t line, size_t field_index, std::string reason);
  // Consumes input up to and including the next line break; false at the
  // end of the input.
  bool skip_line();

  // next()'s steps (csv_reader.cc). Scan is where the record being read
  // stands; each step consumes input and says whether next() goes on,
  // returns a record (true) or stops (false: the end, or an error).
  struct Scan;
  enum class Step { kMore, kRecord, kStop };
  bool start();  // the first call: the first buffer, a BOM skipped; false when empty
  Step field_start(Scan& s, char c, CsvRecord* out);
  Step unquoted_run(Scan& s, CsvRecord* out);
  Step quoted_run(Scan& s);
  Step after_quote(Scan& s, char c, CsvRecord* out);
  bool end_of_input(const Scan& s, CsvRecord* out);
  bool emit(const Scan& s, int64_t end_line, CsvRecord* out);
  Step too_long(const Scan& s);
  void end_field() { field_ends_.push_back(record_bytes_.size()); }
  // Field bytes plus one per field: an input of nothing but commas is
  // bounded too.
  bool over_limit() const { return record_bytes_.size() + field_ends_.size() > kMaxRecordBytes; }
  // Consumes a line break at pos_ (LF, CR or CRLF).
  void take_line_break() {
    if (buf_[pos_] == '\r') pending_cr_ = true;
    ++pos_;
    ++line_;
  }

  std::FILE* file_ = nullptr;
  std::string path_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t len_ = 0;
  bool eof_ = false;
  bool started_ = false;     // the BOM check has been done
  bool pending_cr_ = false;  // last byte consumed was a CR ending a record; skip a following LF
  bool quoted_cr_ = false;   // last byte of a quoted field was a CR (a CRLF is one line break)
  bool skipping_ = false;    // an error in a record: skip to the next line first
  int64_t line_ = 1;
  uint64_t bytes_read_ = 0;
  uint64_t total_bytes_ = 0;
  std::string record_bytes_;  // the current record's unescaped field bytes
  std::vector<size_t> field_ends_;
  ByteObserver observer_;
  bool failed_ = false;
  CsvError error_;
  Status io_status_;
};

}  // namespace bc
