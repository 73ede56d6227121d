#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"

#include "core/utf8.h"
#include "engine/saved_snapshot.h"
#include "store/audit.h"

namespace bc::cli {

int exit_code_for(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kPermissionDenied:
      return kExitUsage;
    case StatusCode::kInvalidData:
      return kExitInvalidData;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kStoreError:
    case StatusCode::kIoError:
    case StatusCode::kBusy:
      return kExitStore;
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

int fail(const Status& s) {
  std::cerr << "bettercare: " << s.message() << "\n";
  return exit_code_for(s);
}

Result<std::unique_ptr<Store>> open_store(const Globals& g, bool create) {
  auto store = Store::open(
      g.db_path, create ? Store::Mode::kCreateIfMissing : Store::Mode::kOpenExisting, g.key_file);
  if (!store.ok() && store.status().code() == StatusCode::kNotFound) {
    return Status::store_error(store.error());  // a missing store is a store problem (exit 4)
  }
  return store;
}

Result<std::unique_ptr<Store>> open_store_read_only(const Globals& g) {
  auto store = Store::open(g.db_path, Store::Mode::kReadOnly, g.key_file);
  if (!store.ok() && store.status().code() == StatusCode::kNotFound) {
    return Status::store_error(store.error());
  }
  return store;
}

Result<std::shared_ptr<const Snapshot>> store_snapshot(Store& store) {
  auto loaded = load_snapshot(store, SnapshotLoad::kMap);
  if (!loaded.ok()) return loaded.status();
  if (!loaded->saved.ok())
    std::cerr << "bettercare: note: the snapshot could not be saved for the next command ("
              << loaded->saved.message() << ")\n";
  return std::move(loaded->snapshot);
}

std::string current_user() {
  if (passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
  const char* u = std::getenv("USER");
  return u != nullptr ? u : "unknown";
}

Result<std::string> read_text_file(const std::string& path, size_t limit) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::not_found(path + ": no such file");
  if (fs::file_size(path, ec) > limit)
    return Status::invalid_data(fmt::format("{}: larger than {} KiB", path, limit / 1024));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status audit_cli(Store& store, const std::string& action, const std::string& subject) {
  return append_audit(store, current_user(), action, subject, "cli");
}

void show_progress(const std::string& line, bool done) {
  static const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) {
    std::cerr << "\r\033[K" << line << (done ? "\n" : "") << std::flush;
  } else {
    std::cerr << line << std::endl;
  }
}

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Result<Date> parse_date_option(std::string_view option, const std::string& value) {
  auto d = Date::parse(value);
  if (!d.ok()) {
    return Status::invalid_argument(
        fmt::format("{} {}: {}", option, printable(value), d.status().message()));
  }
  return *d;
}

Result<Date> date_option_or_today(std::string_view option, const std::string& value) {
  if (value.empty()) return Date::today_utc();
  return parse_date_option(option, value);
}

}  // namespace bc::cli
