#include "core/file_checks.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/safe_text.h"

namespace bc {
namespace {

Status refuse(const std::string& path, const std::string& why) {
  return Status::invalid_argument(fmt::format("{}: {}", escape_unsafe(path), why));
}

// Why stat(path) failed, in words.
Status stat_failure(const std::string& path, int err) {
  struct stat lst {};
  if (err == ENOENT && ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
    return refuse(path, "a symbolic link to nothing (what it points to does not exist)");
  }
  if (err == ELOOP) return refuse(path, "too many levels of symbolic links (a loop of them?)");
  if (err == ENOENT) return refuse(path, "no such file or directory");
  return refuse(path, fmt::format("cannot be read: {}", std::strerror(err)));
}

}  // namespace

std::string file_type_name(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a file bettercare knows";
}

Status check_input_file(const std::string& path) {
  auto fd = open_for_reading(path);
  if (!fd.ok()) return fd.status();
  ::close(*fd);
  return Status();
}

Result<int> open_for_reading(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return stat_failure(path, errno);
  if (!S_ISREG(st.st_mode)) {
    return refuse(path, fmt::format("not a regular file ({}); extracts are read from regular files",
                                    file_type_name(st.st_mode)));
  }
  // O_NONBLOCK: should a FIFO be swapped in after the stat, open() must
  // not wait for a writer; the descriptor is checked again below.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return stat_failure(path, errno);
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return refuse(path, fmt::format("not a regular file ({}); extracts are read from regular files",
                                    file_type_name(st.st_mode)));
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

Status check_output_path(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status();  // a new file
    return refuse(path, fmt::format("cannot be written: {}", std::strerror(errno)));
  }
  if (S_ISLNK(st.st_mode)) {
    return refuse(path,
                  "a symbolic link: bettercare does not write through a link or replace one; "
                  "name the file itself, or a new file");
  }
  if (!S_ISREG(st.st_mode)) {
    return refuse(path, fmt::format("not a regular file ({}): bettercare writes only new or "
                                    "regular files; name another path",
                                    file_type_name(st.st_mode)));
  }
  return Status();
}

}  // namespace bc
