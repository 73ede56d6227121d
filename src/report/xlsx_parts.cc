#include "report/xlsx_parts.h"

#include <fmt/format.h>
#include <unistd.h>

#include "core/file_checks.h"

namespace bc::report {
namespace {

namespace fs = std::filesystem;

fs::path temporary_path(const std::string& path) {
  fs::path tmp(path);
  tmp += fmt::format(".tmp-{}", getpid());
  return tmp;
}

// libxlsxwriter opens the name it is given with fopen: true when what is
// there is nothing, or our own leftover regular file, not a link.
bool safe_to_open(const fs::path& tmp) {
  std::error_code ec;
  return !(fs::is_symlink(tmp, ec) || (fs::exists(tmp, ec) && !fs::is_regular_file(tmp, ec)));
}

}  // namespace

void Sheet::text(int row, int col, const std::string& s, lxw_format* f) {
  std::string v = s;
  if (v.size() > 32000) {
    size_t cut = 32000;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    v = v.substr(0, cut) + " [...]";
  }
  worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v.c_str(),
                         f);
}

void Sheet::number(int row, int col, double v, lxw_format* f) {
  worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, f);
}

void Sheet::width(int first, int last, double w) {
  worksheet_set_column(ws_, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last), w,
                       nullptr);
}

Result<Workbook> open_workbook(const std::string& path) {
  if (Status s = check_output_path(path); !s.ok()) return s;
  const fs::path tmp = temporary_path(path);
  if (!safe_to_open(tmp)) return check_output_path(tmp.string());
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  Workbook wb(workbook_new_opt(tmp.c_str(), &options));
  if (!wb) return Status::io_error(fmt::format("cannot create {}", path));
  return wb;
}

Status close_workbook(Workbook wb, const std::string& path) {
  const fs::path tmp = temporary_path(path);
  lxw_error err = workbook_close(wb.release());
  std::error_code ec;
  if (err != LXW_NO_ERROR) {
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", path, lxw_strerror(err)));
  }
  if (Status s = check_output_path(path); !s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  fs::rename(tmp, fs::path(path), ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", path, ec.message()));
  }
  return Status::ok_status();
}

}  // namespace bc::report
