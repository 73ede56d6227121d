// What a path names, checked before bettercare reads or writes it.
//
// An extract is read only from a regular file: a FIFO would block, a
// device such as /dev/zero would never end, and a dangling symbolic link
// or a loop of them is a mistake to report, not to skip. An output (a
// report, a workbook, a synthetic extract) is written only to a new path
// or over a regular file: never over a FIFO, a device or a directory, and
// never through or over a symbolic link, which could point anywhere.
// Messages name the path (escaped: safe_text.h) and say what it is.
//
// These checks are made before any work, so a mistake costs nothing, and
// again where the file is opened or renamed into place (open_for_reading
// checks the descriptor it opened, so a path swapped in between is still
// refused).
//
// Thread safety: pure functions of the file system.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/status.h"

namespace bc {

// "a FIFO", "a character device", "a directory", ...: what a mode is.
std::string file_type_name(mode_t mode);

// OK when path is, or is a symbolic link to, a regular file this process
// can read. InvalidArgument otherwise, naming it and saying why: "not a
// regular file (a FIFO)", "a symbolic link to nothing", "too many levels
// of symbolic links", "cannot be read: Permission denied".
Status check_input_file(const std::string& path);

// Opens path for reading without blocking on a FIFO and checks, on the
// descriptor, that it is a regular file. Returns the descriptor (blocking
// mode, close-on-exec), or the reason as check_input_file gives it.
Result<int> open_for_reading(const std::string& path);

// OK when path does not exist or is a regular file (not a symbolic link);
// InvalidArgument otherwise, naming it and saying what it is.
Status check_output_path(const std::string& path);

}  // namespace bc
