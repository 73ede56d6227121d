#include "core/csv_read_ahead.h"

#include <exception>
#include <utility>

namespace bc {

CsvReadAhead::CsvReadAhead(CsvReader& reader, size_t batch_records)
    : reader_(reader), batch_records_(batch_records == 0 ? 1 : batch_records) {
  thread_ = std::jthread([this] { read(); });
}

CsvReadAhead::~CsvReadAhead() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  // thread_, the last member, is joined first as the members go.
}

void CsvReadAhead::read() {
  try {
    CsvRecord rec;
    for (bool last = false; !last;) {
      Batch b;
      while (b.first.size() < batch_records_ && b.bytes.size() < kBatchBytes) {
        if (reader_.next(&rec)) {
          b.first.push_back(b.ends.size());
          for (std::string_view f : rec.fields) {
            b.bytes.append(f);
            b.ends.push_back(b.bytes.size());
          }
          b.lines.push_back(rec.line);
          b.end_lines.push_back(rec.end_line);
          continue;
        }
        b.stopped = true;
        if (const CsvError* e = reader_.error()) b.error = *e;
        b.io_status = reader_.io_status();
        last = !b.error || b.error->final;
        break;
      }
      b.bytes_read = reader_.bytes_read();
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return ready_.size() < kBatchesAhead || stop_; });
      if (stop_) break;
      ready_.push_back(std::move(b));
      done_ = last;
      lock.unlock();
      changed_.notify_all();
    }
  } catch (const std::exception& e) {  // out of memory, say: an I/O failure, not a crash
    Batch b;
    b.stopped = true;
    b.error =
        CsvError{0, CsvError::kWholeRecord, std::string("reading the file: ") + e.what(), true};
    b.io_status = Status::io_error(b.error->reason);
    std::lock_guard lock(mu_);
    ready_.push_back(std::move(b));
  }
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  changed_.notify_all();
}

bool CsvReadAhead::next(CsvRecord* out) {
  for (;;) {
    if (at_ < batch_.first.size()) {
      const size_t from = batch_.first[at_];
      const size_t to = at_ + 1 < batch_.first.size() ? batch_.first[at_ + 1] : batch_.ends.size();
      out->fields.resize(to - from);
      size_t begin = from == 0 ? 0 : batch_.ends[from - 1];
      for (size_t i = from; i < to; ++i) {
        out->fields[i - from] =
            std::string_view(batch_.bytes).substr(begin, batch_.ends[i] - begin);
        begin = batch_.ends[i];
      }
      out->line = batch_.lines[at_];
      out->end_line = batch_.end_lines[at_];
      ++at_;
      error_.reset();
      return true;
    }
    if (batch_.stopped && !taken_end_) {
      taken_end_ = true;
      error_ = batch_.error;
      io_status_ = batch_.io_status;
      if (!error_ || error_->final) finished_ = true;
      return false;
    }
    if (finished_) return false;
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) {  // never: the reader's last batch ends with its false
      finished_ = true;
      return false;
    }
    batch_ = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    at_ = 0;
    taken_end_ = false;
    bytes_read_ = batch_.bytes_read;
  }
}

}  // namespace bc
