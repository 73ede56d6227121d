#include "core/csv_reader.h"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/file_checks.h"

namespace bc {
namespace {

constexpr size_t kBufferSize = 1 << 20;  // 1 MiB: memory is constant whatever the file size

inline bool is_special(char c) {
  return c == ',' || c == '"' || c == '\n' || c == '\r';
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::open_file(const std::string& path) {
  // Only a regular file, opened so that a FIFO cannot block (file_checks.h).
  auto fd = open_for_reading(path);
  if (!fd.ok()) return Status::io_error(fd.error());
  struct stat st {};
  if (::fstat(*fd, &st) != 0) st.st_size = 0;
  std::FILE* f = ::fdopen(*fd, "rb");
  if (f == nullptr) {
    ::close(*fd);
    return Status::io_error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->file_ = f;
  r->path_ = path;
  r->buf_.resize(kBufferSize);
  r->total_bytes_ = static_cast<uint64_t>(st.st_size);
  return r;
}

std::unique_ptr<CsvReader> CsvReader::from_string(std::string data) {
  std::unique_ptr<CsvReader> r(new CsvReader());
  r->total_bytes_ = data.size();
  r->buf_.assign(data.begin(), data.end());
  return r;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool CsvReader::fill() {
  if (eof_) return false;
  if (file_ == nullptr) {  // string source: the whole input is already in buf_
    eof_ = true;
    if (pos_ != 0 || buf_.empty()) return false;
    len_ = buf_.size();
  } else {
    size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
    if (n == 0) {
      eof_ = true;
      if (std::ferror(file_)) {
        io_status_ =
            Status::io_error(fmt::format("{}: read failed: {}", path_, std::strerror(errno)));
        failed_ = true;
        error_ = CsvError{line_, 0, "the file could not be read to the end", true};
      }
      return false;
    }
    len_ = n;
  }
  pos_ = 0;
  bytes_read_ += len_;
  if (observer_) observer_(std::string_view(buf_.data(), len_));
  return true;
}

bool CsvReader::fail(int64_t line, size_t field_index, std::string reason) {
  failed_ = true;
  error_ = CsvError{line, field_index, std::move(reason), true};
  return false;
}

bool CsvReader::fail_record(int64_t line, size_t field_index, std::string reason) {
  skipping_ = true;
  error_ = CsvError{line, field_index, std::move(reason), false};
  return false;
}

bool CsvReader::skip_line() {
  for (;;) {
    if (pos_ == len_ && !fill()) return false;
    char c = buf_[pos_];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') {  // the LF of a CRLF already counted
        ++pos_;
        continue;
      }
    }
    const void* brk = nullptr;
    {
      // The next CR or LF in the buffer, whichever comes first.
      const char* p = buf_.data() + pos_;
      const char* end = buf_.data() + len_;
      const void* lf = std::memchr(p, '\n', static_cast<size_t>(end - p));
      const void* cr = std::memchr(p, '\r', static_cast<size_t>(end - p));
      brk = lf == nullptr ? cr : cr == nullptr ? lf : std::min(lf, cr);
    }
    if (brk == nullptr) {
      pos_ = len_;
      continue;
    }
    pos_ = static_cast<size_t>(static_cast<const char*>(brk) - buf_.data());
    if (buf_[pos_] == '\r') pending_cr_ = true;
    ++pos_;
    ++line_;
    return true;
  }
}

// next() reads a record as a small state machine: the state of the record
// is a Scan, and each state's step is a function of its own. The steps are
// defined `inline` (only this file calls them) so that GCC folds them back
// into next()'s loop: as plain out-of-line calls, one or two per field,
// reading bench/import's spells.csv was about 12% slower.

// Where the record being read stands.
struct CsvReader::Scan {
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kFieldStart;
  int64_t start_line;      // the line the record starts on
  int64_t quote_line = 0;  // the line the open quoted field started on
  bool any = false;        // the record has at least one byte (blank lines are skipped)
};

bool CsvReader::start() {
  started_ = true;
  if (pos_ == len_ && !fill()) return false;
  if (len_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  return true;
}

// The record's fields as views of record_bytes_, ending on end_line.
inline bool CsvReader::emit(const Scan& s, int64_t end_line, CsvRecord* out) {
  out->fields.clear();
  size_t begin = 0;
  for (size_t end : field_ends_) {
    out->fields.emplace_back(record_bytes_.data() + begin, end - begin);
    begin = end;
  }
  out->line = s.start_line;
  out->end_line = end_line;
  return true;
}

// The record has passed the limit: says so, and where a quote was left
// open if one was (the usual cause).
CsvReader::Step CsvReader::too_long(const Scan& s) {
  std::string why = fmt::format(
      "the record is longer than 1 MiB ({} bytes), the most a record may hold", kMaxRecordBytes);
  if (s.state == Scan::State::kQuoted) {
    why += fmt::format("; a quote opens at line {} and is not closed (a missing closing quote?)",
                       s.quote_line);
  }
  fail_record(s.start_line, CsvError::kWholeRecord, std::move(why));
  return Step::kStop;
}

// At the start of a field: a quote opens a quoted field, a comma ends an
// empty one, a line break ends the record (or is skipped on a blank line),
// anything else starts an unquoted field (not consumed here).
inline CsvReader::Step CsvReader::field_start(Scan& s, char c, CsvRecord* out) {
  if (c == '"') {
    s.state = Scan::State::kQuoted;
    s.quote_line = line_;
    quoted_cr_ = false;
    s.any = true;
    ++pos_;
  } else if (c == ',') {
    end_field();
    s.any = true;
    ++pos_;
    if (over_limit()) return too_long(s);
  } else if (c == '\n' || c == '\r') {
    take_line_break();
    if (!s.any) {  // an empty line: skip it
      s.start_line = line_;
      return Step::kMore;
    }
    end_field();
    emit(s, line_ - 1, out);
    return Step::kRecord;
  } else {
    s.state = Scan::State::kUnquoted;
    s.any = true;
  }
  return Step::kMore;
}

// Inside an unquoted field: takes the bytes up to the next special one,
// then a comma ends the field, a line break the record, and a quote is an
// error.
inline CsvReader::Step CsvReader::unquoted_run(Scan& s, CsvRecord* out) {
  size_t run = pos_;
  while (run < len_ && !is_special(buf_[run])) ++run;
  record_bytes_.append(buf_.data() + pos_, run - pos_);
  pos_ = run;
  if (over_limit()) return too_long(s);
  if (pos_ == len_) return Step::kMore;
  const char c = buf_[pos_];
  if (c == ',') {
    end_field();
    s.state = Scan::State::kFieldStart;
    ++pos_;
    return Step::kMore;
  }
  if (c == '"') {
    fail_record(line_, field_ends_.size(),
                "a quote inside an unquoted field (quote the whole field and double any "
                "quotes inside it)");
    return Step::kStop;
  }
  take_line_break();
  end_field();
  emit(s, line_ - 1, out);
  return Step::kRecord;
}

// Inside a quoted field: takes the bytes up to the next quote, which is
// consumed (closing the field, or the first of a doubled pair). Line breaks
// inside the quotes count as lines: LF, CRLF or a lone CR, a CRLF split
// across two buffers counted once.
inline CsvReader::Step CsvReader::quoted_run(Scan& s) {
  size_t run = pos_;
  while (run < len_ && buf_[run] != '"') {
    if (buf_[run] == '\r') {
      ++line_;
      quoted_cr_ = true;
    } else {
      if (buf_[run] == '\n' && !quoted_cr_) ++line_;
      quoted_cr_ = false;
    }
    ++run;
  }
  record_bytes_.append(buf_.data() + pos_, run - pos_);
  pos_ = run;
  if (over_limit()) return too_long(s);
  if (pos_ < len_) {
    s.state = Scan::State::kAfterQuote;
    quoted_cr_ = false;
    ++pos_;
  }
  return Step::kMore;
}

// After a quote in a quoted field: another quote is a literal one, a comma
// ends the field, a line break the record; anything else is an error.
inline CsvReader::Step CsvReader::after_quote(Scan& s, char c, CsvRecord* out) {
  if (c == '"') {
    record_bytes_.push_back('"');
    s.state = Scan::State::kQuoted;
    ++pos_;
    return Step::kMore;
  }
  if (c == ',') {
    end_field();
    s.state = Scan::State::kFieldStart;
    ++pos_;
    return Step::kMore;
  }
  if (c == '\n' || c == '\r') {
    take_line_break();
    end_field();
    emit(s, line_ - 1, out);
    return Step::kRecord;
  }
  fail_record(line_, field_ends_.size(),
              "unexpected text after a closing quote (a quoted field must end at a "
              "comma or a line end)");
  return Step::kStop;
}

// The input ended inside the record: the record as it stands, nothing (a
// clean end), or the final error of a quote never closed.
bool CsvReader::end_of_input(const Scan& s, CsvRecord* out) {
  if (failed_) return false;  // I/O error
  switch (s.state) {
    case Scan::State::kQuoted:
      return fail(s.quote_line, field_ends_.size(),
                  fmt::format("unterminated quoted field (the quote opens at line {} and is "
                              "never closed; is the file truncated?)",
                              s.quote_line));
    case Scan::State::kFieldStart:
      if (!s.any) return false;  // clean end of input
      end_field();               // a trailing comma: the last field is empty
      return emit(s, line_, out);
    case Scan::State::kUnquoted:
    case Scan::State::kAfterQuote:
      end_field();
      return emit(s, line_, out);
  }
  return false;
}

bool CsvReader::next(CsvRecord* out) {
  if (failed_) return false;
  if (!started_ && !start()) return false;
  if (skipping_) {  // the rest of the bad record's line
    skipping_ = false;
    if (!skip_line()) return false;
  }
  Scan s;
  s.start_line = line_;
  record_bytes_.clear();
  field_ends_.clear();
  for (;;) {
    if (pos_ == len_ && !fill()) return end_of_input(s, out);
    const char c = buf_[pos_];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') {  // the LF of a CRLF already counted
        ++pos_;
        continue;
      }
    }
    Step step = Step::kMore;
    switch (s.state) {
      case Scan::State::kFieldStart:
        step = field_start(s, c, out);
        break;
      case Scan::State::kUnquoted:
        step = unquoted_run(s, out);
        break;
      case Scan::State::kQuoted:
        step = quoted_run(s);
        break;
      case Scan::State::kAfterQuote:
        step = after_quote(s, c, out);
        break;
    }
    if (step != Step::kMore) return step == Step::kRecord;
  }
}

}  // namespace bc
