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

bool CsvReader::next(CsvRecord* out) {
  if (failed_) return false;
  if (!started_) {
    started_ = true;
    if (pos_ == len_ && !fill()) return false;
    if (len_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }
  if (skipping_) {  // the rest of the bad record's line
    skipping_ = false;
    if (!skip_line()) return false;
  }

  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kFieldStart;
  record_bytes_.clear();
  field_ends_.clear();
  int64_t start_line = line_;
  int64_t quote_line = 0;
  bool any = false;  // the record has at least one byte (blank lines are skipped)

  auto end_field = [&] { field_ends_.push_back(record_bytes_.size()); };
  // Field bytes plus one per field: an input of nothing but commas is
  // bounded too.
  auto over_limit = [&] { return record_bytes_.size() + field_ends_.size() > kMaxRecordBytes; };
  // The record has passed the limit: say so, and where a quote was left
  // open if one was (the usual cause).
  auto too_long = [&] {
    std::string why = fmt::format(
        "the record is longer than 1 MiB ({} bytes), the most a record may hold", kMaxRecordBytes);
    if (state == State::kQuoted) {
      why += fmt::format("; a quote opens at line {} and is not closed (a missing closing quote?)",
                         quote_line);
    }
    return fail_record(start_line, CsvError::kWholeRecord, std::move(why));
  };
  auto emit = [&] {
    out->fields.clear();
    size_t begin = 0;
    for (size_t end : field_ends_) {
      out->fields.emplace_back(record_bytes_.data() + begin, end - begin);
      begin = end;
    }
    out->line = start_line;
    out->end_line = line_;
    return true;
  };
  // Consumes a line break at pos_ (LF, CR or CRLF).
  auto take_line_break = [&] {
    if (buf_[pos_] == '\r') pending_cr_ = true;
    ++pos_;
    ++line_;
  };

  for (;;) {
    if (pos_ == len_ && !fill()) {
      if (failed_) return false;  // I/O error
      switch (state) {
        case State::kQuoted:
          return fail(quote_line, field_ends_.size(),
                      fmt::format("unterminated quoted field (the quote opens at line {} and is "
                                  "never closed; is the file truncated?)",
                                  quote_line));
        case State::kFieldStart:
          if (!any) return false;  // clean end of input
          end_field();             // a trailing comma: the last field is empty
          return emit();
        case State::kUnquoted:
        case State::kAfterQuote:
          end_field();
          return emit();
      }
    }
    char c = buf_[pos_];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') {  // the LF of a CRLF already counted
        ++pos_;
        continue;
      }
    }
    switch (state) {
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
          quote_line = line_;
          quoted_cr_ = false;
          any = true;
          ++pos_;
        } else if (c == ',') {
          end_field();
          any = true;
          ++pos_;
          if (over_limit()) return too_long();
        } else if (c == '\n' || c == '\r') {
          take_line_break();
          if (!any) {  // an empty line: skip it
            start_line = line_;
            continue;
          }
          end_field();
          out->end_line = line_ - 1;
          emit();
          out->end_line = line_ - 1;
          return true;
        } else {
          state = State::kUnquoted;
          any = true;
        }
        break;
      case State::kUnquoted: {
        size_t run = pos_;
        while (run < len_ && !is_special(buf_[run])) ++run;
        record_bytes_.append(buf_.data() + pos_, run - pos_);
        pos_ = run;
        if (over_limit()) return too_long();
        if (pos_ == len_) break;
        c = buf_[pos_];
        if (c == ',') {
          end_field();
          state = State::kFieldStart;
          ++pos_;
        } else if (c == '"') {
          return fail_record(
              line_, field_ends_.size(),
              "a quote inside an unquoted field (quote the whole field and double any "
              "quotes inside it)");
        } else {
          take_line_break();
          end_field();
          emit();
          out->end_line = line_ - 1;
          return true;
        }
        break;
      }
      case State::kQuoted: {
        // Line breaks inside the quotes count as lines: LF, CRLF or a lone
        // CR, a CRLF split across two buffers counted once.
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
        if (over_limit()) return too_long();
        if (pos_ < len_) {  // the quote: closing, or the first of a doubled pair
          state = State::kAfterQuote;
          quoted_cr_ = false;
          ++pos_;
        }
        break;
      }
      case State::kAfterQuote:
        if (c == '"') {
          record_bytes_.push_back('"');
          state = State::kQuoted;
          ++pos_;
        } else if (c == ',') {
          end_field();
          state = State::kFieldStart;
          ++pos_;
        } else if (c == '\n' || c == '\r') {
          take_line_break();
          end_field();
          emit();
          out->end_line = line_ - 1;
          return true;
        } else {
          return fail_record(line_, field_ends_.size(),
                             "unexpected text after a closing quote (a quoted field must end at a "
                             "comma or a line end)");
        }
        break;
    }
  }
}

}  // namespace bc
