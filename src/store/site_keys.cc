#include "store/site_keys.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "core/file_checks.h"
#include "store/postgres.h"

namespace bc {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "bcsite01";
constexpr uint64_t kAuditSubkey = 1;
constexpr uint64_t kCellSubkey = 2;
constexpr const char* kFormatLine = "bettercare-keys 1";
constexpr const char* kKeyHelp =
    "docs/security.md, \"The key file\": restore it from the backup of the key, or name it with "
    "--key-file or $BETTERCARE_KEY_FILE";

void init_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable random source: nothing is safe
  });
}

std::string random_bytes(size_t n) {
  init_sodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string derive(const std::string& master, uint64_t id) {
  init_sodium();
  std::string out(kSiteKeyBytes, '\0');
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), out.size(), id,
                             kKdfContext, reinterpret_cast<const unsigned char*>(master.data()));
  return out;
}

Result<SiteKeys> parse_pair(std::string_view master_hex, std::string_view pseudonym_hex,
                            const std::string& where) {
  auto master = from_hex(master_hex);
  auto pseudonym = from_hex(pseudonym_hex);
  if (!master.ok() || !pseudonym.ok() || master->size() != kSiteKeyBytes ||
      pseudonym->size() != kSiteKeyBytes) {
    return Status::store_error(
        fmt::format("{} is malformed: it must hold two keys of {} hex digits ({})", where,
                    kSiteKeyBytes * 2, kKeyHelp));
  }
  return derive_site_keys(std::move(*master), std::move(*pseudonym));
}

Result<SiteKeys> parse_key_file(const std::string& text, const std::string& where) {
  std::istringstream in(text);
  std::string line, master, pseudonym;
  bool format_seen = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line == kFormatLine) {
      format_seen = true;
    } else if (line.rfind("master ", 0) == 0) {
      master = line.substr(7);
    } else if (line.rfind("pseudonym ", 0) == 0) {
      pseudonym = line.substr(10);
    } else {
      return Status::store_error(
          fmt::format("{} is not a bettercare key file (an unexpected line)", where));
    }
  }
  if (!format_seen)
    return Status::store_error(
        fmt::format("{} is not a bettercare key file (no '{}' line)", where, kFormatLine));
  return parse_pair(master, pseudonym, where);
}

Status sync_dir_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status();  // best effort: the file itself is synced
  ::fsync(fd);
  ::close(fd);
  return Status();
}

}  // namespace

std::string KeySource::describe() const {
  return from_env() ? "$BETTERCARE_KEY" : "the key file " + key_file;
}

Result<KeySource> locate_site_keys(const std::string& db_path, const std::string& key_file_flag) {
  KeySource out;
  if (!key_file_flag.empty()) {
    out.key_file = key_file_flag;
    return out;
  }
  const char* file = std::getenv("BETTERCARE_KEY_FILE");
  const char* hex = std::getenv("BETTERCARE_KEY");
  bool has_file = file != nullptr && *file != '\0';
  bool has_hex = hex != nullptr && *hex != '\0';
  if (has_file && has_hex) {
    return Status::invalid_argument(
        "both $BETTERCARE_KEY and $BETTERCARE_KEY_FILE are set: set only one");
  }
  if (has_hex) {
    out.env_hex = hex;
  } else if (has_file) {
    out.key_file = file;
  } else if (is_postgresql_address(db_path)) {
    return Status::invalid_argument(
        "a PostgreSQL store's keys are in a key file you name, the same for every server of the "
        "store: --key-file FILE or $BETTERCARE_KEY_FILE (a new store's is made there by 'init'), "
        "or $BETTERCARE_KEY");
  } else {
    out.key_file = db_path + ".key";
  }
  return out;
}

SiteKeys derive_site_keys(std::string master, std::string pseudonym) {
  SiteKeys k;
  k.audit = derive(master, kAuditSubkey);
  k.cell = derive(master, kCellSubkey);
  k.master = std::move(master);
  k.pseudonym = std::move(pseudonym);
  return k;
}

SiteKeys new_site_keys() {
  return derive_site_keys(random_bytes(kSiteKeyBytes), random_bytes(kSiteKeyBytes));
}

Result<SiteKeys> load_site_keys(const KeySource& source) {
  if (source.from_env()) {
    std::string_view v = source.env_hex;
    size_t colon = v.find(':');
    if (colon == std::string_view::npos) {
      return Status::store_error(
          "$BETTERCARE_KEY is malformed: it must be MASTER_HEX:PSEUDONYM_HEX (the two values of "
          "the key file)");
    }
    return parse_pair(v.substr(0, colon), v.substr(colon + 1), "$BETTERCARE_KEY");
  }
  const std::string& path = source.key_file;
  // O_NONBLOCK: a FIFO named as the key file must not wait for a writer;
  // the fstat below refuses it (reads of a regular file never block).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      return Status::not_found(fmt::format("the key file {} does not exist ({})", path, kKeyHelp));
    }
    return Status::store_error(
        fmt::format("the key file {} cannot be read: {} ({})", path, std::strerror(err), kKeyHelp));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::store_error(fmt::format("the key file {} is not a regular file", path));
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return Status::store_error(fmt::format(
        "the key file {} can be read by others (mode {:04o}); it must be owner-only: run "
        "'chmod 600 {}', and consider the keys seen (docs/security.md, \"The key file\")",
        path, st.st_mode & 07777, path));
  }
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::store_error(
          fmt::format("the key file {} cannot be read: {}", path, std::strerror(err)));
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > 64 * 1024) break;
  }
  ::close(fd);
  auto keys = parse_key_file(text, "the key file " + path);
  sodium_memzero(text.data(), text.size());
  return keys;
}

Result<SiteKeys> load_site_keys_for(const std::string& db_path, const std::string& key_file_flag) {
  auto source = locate_site_keys(db_path, key_file_flag);
  if (!source.ok()) return source.status();
  return load_site_keys(*source);
}

Status write_key_file(const std::string& path, const SiteKeys& keys, bool replace) {
  // rename() would replace a symbolic link (the file it points to keeping
  // the old keys), a FIFO or a device: only a regular file is replaced.
  if (replace) {
    if (Status s = check_output_path(path); !s.ok()) return s;
  }
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // created 0600
  if (fd < 0) {
    return Status::io_error(
        fmt::format("cannot write the key file {}: {}", path, std::strerror(errno)));
  }
  ::fchmod(fd, 0600);
  std::string text = fmt::format(
      "# bettercare site keys: secret. Keep this file owner-only (0600) and back it up\n"
      "# apart from the store (docs/security.md, \"The key file\").\n"
      "{}\nmaster {}\npseudonym {}\n",
      kFormatLine, to_hex(keys.master), to_hex(keys.pseudonym));
  bool ok = true;
  size_t done = 0;
  while (ok && done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  init_sodium();
  sodium_memzero(text.data(), text.size());
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  int err = errno;
  if (ok) {
    // link() never replaces an existing file; rename() replaces atomically.
    ok =
        replace ? ::rename(tmp.c_str(), path.c_str()) == 0 : ::link(tmp.c_str(), path.c_str()) == 0;
    err = errno;
  }
  ::unlink(tmp.c_str());
  if (!ok) {
    if (err == EEXIST) {
      return Status::io_error(
          fmt::format("the key file {} already exists; it was not replaced", path));
    }
    return Status::io_error(
        fmt::format("cannot write the key file {}: {}", path, std::strerror(err)));
  }
  return sync_dir_of(path);
}

std::string to_hex(std::string_view raw) {
  init_sodium();
  std::string out(raw.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  out.pop_back();
  return out;
}

Result<std::string> from_hex(std::string_view hex) {
  init_sodium();
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (hex.size() % 2 != 0 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &len, &end) != 0 ||
      end != hex.data() + hex.size()) {
    return Status::invalid_argument("not hexadecimal");
  }
  out.resize(len);
  return out;
}

std::string key_fingerprint(const SiteKeys& keys) {
  init_sodium();
  static constexpr std::string_view kWhat = "bettercare key fingerprint";
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(kWhat.data()),
                     kWhat.size(), reinterpret_cast<const unsigned char*>(keys.audit.data()),
                     keys.audit.size());
  return to_hex(std::string_view(reinterpret_cast<const char*>(h), sizeof h));
}

}  // namespace bc
