// What the report module's workbooks share (bcf_return.cc, xlsx_table.cc):
// the workbook's owner, a sheet's cell writers, and writing a workbook
// safely: to a temporary file renamed over the target, so that a failure
// leaves nothing half-written. Internal to src/report.
//
// Thread safety: a workbook belongs to one thread.
#pragma once

#include <xlsxwriter.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"

namespace bc::report {

// Owns the workbook until it is closed (closing writes the file).
struct WorkbookCloser {
  void operator()(lxw_workbook* wb) const {
    if (wb != nullptr) workbook_close(wb);
  }
};
using Workbook = std::unique_ptr<lxw_workbook, WorkbookCloser>;

class Sheet {
 public:
  explicit Sheet(lxw_worksheet* ws) : ws_(ws) {}
  // A text cell; a cell holds at most 32,767 characters, so longer text is
  // cut at a character boundary and marked " [...]".
  void text(int row, int col, const std::string& s, lxw_format* f = nullptr);
  void number(int row, int col, double v, lxw_format* f);
  void number_or_blank(int row, int col, const std::optional<double>& v, lxw_format* f) {
    if (v) number(row, col, *v, f);
  }
  void width(int first, int last, double w);
  lxw_worksheet* get() { return ws_; }

 private:
  lxw_worksheet* ws_;
};

// A new workbook to be written at the temporary path for `path`
// (path.tmp-PID); IoError when it cannot be, or when that name is a link
// or not a regular file.
Result<Workbook> open_workbook(const std::string& path);

// Closes the workbook, which writes the temporary file, then renames it
// over `path` unless what is at `path` may not be replaced (a FIFO, a
// device, a link). On any failure the temporary file is removed and
// nothing is at `path` that was not there before.
Status close_workbook(Workbook wb, const std::string& path);

}  // namespace bc::report
