// plan_import (ingest/importer.h): the files a batch's paths name, each
// with its kind.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/file_checks.h"
#include "core/safe_text.h"
#include "ingest/importer.h"

namespace bc {

namespace fs = std::filesystem;

namespace {

// True for a name ending in .csv, in any case, blanks around it aside, with
// something before it.
bool named_csv(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  if (name.size() <= 4) return false;
  std::string_view ext = name.substr(name.size() - 4);
  return ext[0] == '.' && (ext[1] | 0x20) == 'c' && (ext[2] | 0x20) == 's' &&
         (ext[3] | 0x20) == 'v';
}

}  // namespace

Result<std::vector<ImportInput>> plan_import(const std::vector<std::string>& paths,
                                             std::optional<FileKind> kind) {
  std::vector<ImportInput> out;
  std::vector<std::string> problems;
  std::set<std::string> seen;
  auto add_file = [&](const std::string& file) {
    // Only a regular file that can be read: a FIFO, a device, a dangling
    // link or a loop of links is named, never skipped or waited on.
    if (Status s = check_input_file(file); !s.ok()) {
      problems.push_back(s.message());
      return;
    }
    std::error_code ec;
    std::string canonical = fs::weakly_canonical(file, ec).string();
    if (!seen.insert(ec ? file : canonical).second) {
      problems.push_back(fmt::format("{}: named twice", escape_unsafe(file)));
      return;
    }
    std::optional<FileKind> k = kind ? kind : kind_from_path(file);
    if (!k) {
      problems.push_back(fmt::format(
          "{}: cannot tell what kind of file this is from its name; name it after its kind "
          "(e.g. spells.csv or spells_2018-03.csv) or give --kind",
          escape_unsafe(file)));
      return;
    }
    out.push_back({file, *k});
  };
  if (paths.empty())
    return Status::invalid_argument("name at least one file or directory to import");
  for (const std::string& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::is_directory(status)) {
      add_file(p);  // says what is wrong with it, if anything
      continue;
    }
    // Every entry named *.csv, whatever it is: one that is not a readable
    // regular file is an error, not something to skip.
    std::vector<std::string> files;
    fs::directory_iterator it(p, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (named_csv(it->path().filename().string())) files.push_back(it->path().string());
    }
    if (ec) {
      problems.push_back(
          fmt::format("{}: cannot list the directory: {}", escape_unsafe(p), ec.message()));
    }
    std::sort(files.begin(), files.end());
    if (files.empty() && !ec)
      problems.push_back(fmt::format("{}: the directory has no .csv files", escape_unsafe(p)));
    for (const auto& f : files) add_file(f);
  }
  if (!problems.empty()) {
    std::string msg;
    for (const auto& m : problems) msg += (msg.empty() ? "" : "\n") + m;
    return Status::invalid_argument(msg);
  }
  return out;
}

}  // namespace bc
