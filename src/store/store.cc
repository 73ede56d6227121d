#include "store/store.h"

#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/audit.h"
#include "store/check_lists.h"
#include "store/migrations.h"
#include "store/postgres.h"
#include "store/sqlite.h"

namespace bc {
namespace {

// PRAGMA application_id marks the file as ours: "BCAR".
constexpr int64_t kApplicationId = 0x42434152;
// The schema version whose upgrade rewrites SQLite's CHECK lists
// (migrations/0023_check_lists.sql, store/check_lists.h).
constexpr int kCheckListsVersion = 23;

constexpr const char* kSideSuffixes[] = {"", "-wal", "-shm", "-journal"};

// Creates path as an empty owner-only file (SQLite treats an empty file as
// an empty database), so that SQLite's side files get 0600 too.
Status create_owner_only(const std::string& path) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status();
    return Status::store_error(
        fmt::format("cannot create the store {}: {}", path, std::strerror(errno)));
  }
  ::fchmod(fd, 0600);  // whatever the umask
  ::close(fd);
  return Status();
}

// An existing store and its side files, when they are ours, become 0600.
void tighten_modes(const std::string& path) {
  for (const char* suffix : kSideSuffixes) {
    std::string p = path + suffix;
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
        (st.st_mode & 077) != 0) {
      ::chmod(p.c_str(), 0600);
    }
  }
}

bool has_table(Db& db, const char* name) {
  auto found = db.has_table(name);
  return found.ok() && *found;
}

// The pseudonym key kept in the store before version 7, or "".
std::string legacy_pseudonym_key(Db& db) {
  if (!has_table(db, "secrets")) return "";
  auto st = db.prepare("SELECT value FROM secrets WHERE name = 'pseudonym_key'");
  if (!st.ok()) return "";
  Status s;
  return st->step(&s) ? st->text(0) : "";
}

std::string stored_fingerprint(Db& db) {
  if (!has_table(db, "key_check")) return "";
  auto st = db.prepare("SELECT fingerprint FROM key_check WHERE name = 'site'");
  if (!st.ok()) return "";
  Status s;
  return st->step(&s) ? st->text(0) : "";
}

}  // namespace

int latest_schema_version() {
  return migrations().back().version;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Mode mode,
                                           const std::string& key_file) {
  return open_impl(path, mode == Mode::kCreateIfMissing, latest_schema_version(), key_file,
                   mode == Mode::kReadOnly);
}

Result<std::unique_ptr<Store>> Store::open_at_version(const std::string& path, int target_version,
                                                      const std::string& key_file) {
  return open_impl(path, true, target_version, key_file);
}

std::string Store::display_name() const {
  return redact_address(path_);
}

Result<std::unique_ptr<Store>> Store::open_impl(const std::string& path, bool create,
                                                int target_version, const std::string& key_file,
                                                bool read_only) {
  if (is_postgresql_address(path)) {
    // Read-only or not is the database role's business on PostgreSQL.
    return open_postgresql(path, create, target_version, key_file);
  }
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    return Status::not_found(fmt::format(
        "there is no store at {} (create one with 'bettercare init', or name another with --db)",
        path));
  }
  if (std::filesystem::is_directory(path, ec)) {
    return Status::store_error(fmt::format("{} is a directory, not a store", path));
  }
  {
    // kReadOnly: where the store can be written it is opened as any other
    // (so that an old store is upgraded and its side files made as usual);
    // only on a read-only medium is it opened read-only.
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (read_only && (::access(dir.c_str(), W_OK) != 0 || ::access(path.c_str(), W_OK) != 0)) {
      return open_read_only(path, target_version, key_file);
    }
  }
  {
    // A store that cannot be written is said to be so here, once, rather
    // than by whichever write fails first (WAL journaling needs the
    // directory writable for the -wal and -shm files).
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    const bool exists = std::filesystem::exists(path, ec);
    if (::access(dir.c_str(), W_OK) != 0 || (exists && ::access(path.c_str(), W_OK) != 0)) {
      const int err = errno;
      return Status::store_error(fmt::format(
          "the store {} is read-only ({} cannot be written: {}): this command changes the store "
          "and needs write access to the file and its directory (for the -wal and -shm files); "
          "commands that only read it (finance, imports, audit) work without it",
          path, ::access(dir.c_str(), W_OK) != 0 ? dir.string() + "/" : path, std::strerror(err)));
    }
  }
  if (std::filesystem::exists(path, ec)) {
    tighten_modes(path);
  } else if (Status s = create_owner_only(path); !s.ok()) {
    return s;
  }
  auto db = SqliteDb::open(path, create);
  if (!db.ok()) return db.status();
  SqliteDb* sqlite = db->get();
  std::unique_ptr<Store> store(new Store(path, std::move(*db), sqlite));
  Db& d = store->db();
  if (Status s = store->check_identity(); !s.ok()) return s;
  auto objects = d.query_int("SELECT count(*) FROM sqlite_master");
  const bool empty = objects.ok() && objects->value_or(0) == 0;

  Status s = d.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
  if (s.ok()) {
    auto mode = d.prepare("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.status();
    Status st;
    if (mode->step(&st) && mode->text(0) != "wal") {
      return Status::store_error(fmt::format("{}: cannot switch to WAL journaling", path));
    }
    if (!st.ok()) s = st;
  }
  if (!s.ok())
    return Status::store_error(fmt::format("cannot open the store {}: {}", path, s.message()));
  tighten_modes(path);  // the -wal and -shm files WAL journaling has just made

  if (target_version >= kKeyedSchemaVersion) {
    if (Status k = store->attach_keys(key_file, empty); !k.ok()) return k;
  }
  if (store->version_ < target_version) {
    s = store->migrate_to(target_version);
    if (!s.ok()) return s;
  } else if (store->key_work_) {
    auto tx = Transaction::begin(d);
    if (!tx.ok()) return tx.status();
    s = store->finish_keyed_upgrade();
    if (s.ok()) s = (*tx)->commit();
    if (!s.ok()) return Status::store_error(fmt::format("{}: {}", path, s.message()));
  }
  return store;
}

Status Store::check_identity() {
  Db& d = *db_;
  auto app_id = d.query_int("PRAGMA application_id");
  if (!app_id.ok()) {
    return Status(app_id.status().code(), fmt::format("{} cannot be read as a store: {}", path_,
                                                      app_id.status().message()));
  }
  auto version = d.query_int("PRAGMA user_version");
  auto objects = d.query_int("SELECT count(*) FROM sqlite_master");
  if (!version.ok() || !objects.ok()) {
    const Status& why = !version.ok() ? version.status() : objects.status();
    return Status(why.code(),
                  fmt::format("{} cannot be read as a store: {}", path_, why.message()));
  }
  int64_t id = app_id->value_or(0);
  bool empty = objects->value_or(0) == 0;
  if (id != kApplicationId && !(id == 0 && empty)) {
    return Status::store_error(
        fmt::format("{} is an SQLite database but not a bettercare store", path_));
  }
  version_ = static_cast<int>(version->value_or(0));
  if (version_ > latest_schema_version()) {
    return Status::store_error(fmt::format(
        "{} was written by a newer bettercare (schema version {}; this bettercare {} knows up to "
        "version {}). Use a newer bettercare; this one will not touch the store.",
        path_, version_, BETTERCARE_VERSION, latest_schema_version()));
  }
  return Status();
}

Result<std::unique_ptr<Store>> Store::open_read_only(const std::string& path, int target_version,
                                                     const std::string& key_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  // On a read-only medium no -wal or -shm file can be made: the store is
  // opened as immutable, which needs none. Changes still in a -wal file
  // would then be missed, so such a store is refused.
  const bool dir_writable = ::access(dir.c_str(), W_OK) == 0;
  const std::string wal = path + "-wal";
  if (!dir_writable && fs::exists(wal, ec) && fs::file_size(wal, ec) > 0 && !ec) {
    return Status::store_error(fmt::format(
        "{} has changes in its -wal file not yet in the store file, and its directory cannot be "
        "written, so they cannot be read: open the store once where it can be written (any "
        "command), or copy the store with its -wal and key files to a writable directory",
        path));
  }
  // Owner-only as every open makes it (a chmod that fails on a read-only
  // medium changes nothing there).
  tighten_modes(path);
  auto db = SqliteDb::open_read_only(path, /*immutable=*/!dir_writable);
  if (!db.ok()) return db.status();
  SqliteDb* sqlite = db->get();
  std::unique_ptr<Store> store(new Store(path, std::move(*db), sqlite));
  store->read_only_ = true;
  if (Status s = store->check_identity(); !s.ok()) return s;
  const std::string needs_write = fmt::format(
      "; that needs write access: run 'bettercare --db {} init' where the store and its "
      "directory can be written, then read it here",
      path);
  if (store->version_ < target_version) {
    return Status::store_error(fmt::format(
        "{} has schema version {} and must be upgraded to version {} before it can be read{}", path,
        store->version_, target_version, needs_write));
  }
  if (Status s = store->db().exec("PRAGMA foreign_keys = ON"); !s.ok()) return s;
  if (target_version >= kKeyedSchemaVersion) {
    if (Status k = store->attach_keys(key_file, false); !k.ok()) return k;
    if (store->key_work_) {
      return Status::store_error(
          fmt::format("{} must finish moving its secrets to its key file{}", path, needs_write));
    }
  }
  tighten_modes(path);  // a -shm file a read-only connection may have made
  return store;
}

Status Store::attach_keys(const std::string& key_file, bool new_store) {
  auto source = locate_site_keys(path_, key_file);
  if (!source.ok()) return source.status();
  key_source_ = *source;
  const std::string legacy = legacy_pseudonym_key(*db_);
  const std::string fingerprint = stored_fingerprint(*db_);
  auto loaded = load_site_keys(key_source_);
  if (loaded.ok()) {
    if (!fingerprint.empty() && fingerprint != key_fingerprint(*loaded)) {
      return Status::store_error(fmt::format(
          "{} is not the key of the store {} (it was made for another store): name the store's "
          "own key with --key-file or $BETTERCARE_KEY_FILE",
          key_source_.describe(), path_));
    }
    if (fingerprint.empty() && !legacy.empty() && legacy != loaded->pseudonym) {
      return Status::store_error(fmt::format(
          "{} was not made for the store {}, which still holds its own pseudonym key: move the "
          "key file away (or name another with --key-file) and open the store again to move its "
          "key out",
          key_source_.describe(), path_));
    }
    keys_ = std::move(*loaded);
  } else if (loaded.status().code() == StatusCode::kNotFound && !key_source_.from_env() &&
             fingerprint.empty() && (!legacy.empty() || new_store || version_ < 5)) {
    // A new store, or one from before the key file: make its key file,
    // keeping the pseudonym key it had so that pseudonyms do not change.
    if (read_only_) {
      return Status::store_error(fmt::format(
          "{} has no key file yet ({}); making one needs write access: open the store once where "
          "it can be written",
          path_, key_source_.describe()));
    }
    SiteKeys keys = new_site_keys();
    if (!legacy.empty()) keys = derive_site_keys(keys.master, legacy);
    if (Status s = write_key_file(key_source_.key_file, keys, /*replace=*/false); !s.ok()) return s;
    keys_ = std::move(keys);
  } else {
    return loaded.status().code() == StatusCode::kNotFound ? Status::store_error(loaded.error())
                                                           : loaded.status();
  }
  key_work_ = fingerprint.empty() || !legacy.empty();
  return Status();
}

Status Store::finish_keyed_upgrade() {
  if (Status s = chain_unchained_audit(*this); !s.ok()) return s;
  if (Status s = seal_unsealed_scheme_reports(*this); !s.ok()) return s;
  auto st = db_->prepare(
      "INSERT INTO key_check(name, fingerprint) VALUES ('site', ?) "
      "ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint");
  if (!st.ok()) return st.status();
  st->bind(1, key_fingerprint(keys_));
  if (Status s = st->run(); !s.ok()) return s;
  if (has_table(*db_, "secrets")) {
    // Overwritten with zeros in the file, not only unlinked from the table.
    if (Status s = db_->exec("PRAGMA secure_delete = ON; DELETE FROM secrets;"); !s.ok()) return s;
  }
  key_work_ = false;
  return Status();
}

Status Store::migrate_to(int target_version) {
  if (is_postgresql()) return migrate_postgresql(target_version);
  bool erased_secret = false;
  // Migrations run with foreign keys off, as SQLite's procedure for
  // rebuilding a table requires (0015 rebuilds users): dropping a table
  // must not cascade. Every reference is checked before the upgrade
  // commits, and enforcement is back on whatever happens.
  if (Status s = db_->exec("PRAGMA foreign_keys = OFF"); !s.ok()) return s;
  struct KeysBackOn {
    Db* db;
    ~KeysBackOn() { (void)db->exec("PRAGMA foreign_keys = ON"); }
  } keys_back_on{db_.get()};
  {
    auto tx = Transaction::begin(*db_);
    if (!tx.ok()) return tx.status();
    for (const Migration& m : migrations()) {
      if (m.version <= version_ || m.version > target_version) continue;
      Status s = db_->exec(m.sql);
      if (s.ok() && m.version == kCheckListsVersion) s = expand_sqlite_check_lists(*db_);
      if (!s.ok()) {
        return Status::store_error(
            fmt::format("upgrading {} with migration {} failed: {}", path_, m.name, s.message()));
      }
    }
    auto broken = db_->query_int("SELECT count(*) FROM pragma_foreign_key_check");
    if (!broken.ok()) return broken.status();
    if (broken->value_or(0) != 0) {
      return Status::store_error(
          fmt::format("upgrading {} failed: {} rows would refer to rows that do not exist", path_,
                      broken->value_or(0)));
    }
    Status s;
    if (target_version >= kKeyedSchemaVersion) {
      erased_secret = has_table(*db_, "secrets");
      s = finish_keyed_upgrade();
    }
    if (s.ok()) {
      s = db_->exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};",
                                kApplicationId, target_version));
    }
    if (s.ok()) s = (*tx)->commit();
    if (!s.ok())
      return Status::store_error(fmt::format("upgrading {} failed: {}", path_, s.message()));
  }
  version_ = target_version;
  if (erased_secret) {
    // The WAL may still hold the old page with the key: write it back and
    // empty the WAL. Ignored if it fails: the upgrade has committed, and
    // SQLite's next checkpoint overwrites the page.
    (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return Status();
}

Status Store::rotate_pseudonym_key() {
  if (key_source_.from_env()) {
    return Status::invalid_argument(
        "the keys come from $BETTERCARE_KEY: rotate the key file they were taken from and set "
        "$BETTERCARE_KEY again");
  }
  if (keys_.master.empty()) return Status::internal("the store has no keys");
  SiteKeys keys = derive_site_keys(keys_.master, new_site_keys().pseudonym);
  if (Status s = write_key_file(key_source_.key_file, keys, /*replace=*/true); !s.ok()) return s;
  keys_ = std::move(keys);
  return Status();
}

Status Store::backup_to(const std::string& dest) {
  if (is_postgresql()) return backup_postgresql(dest);
  std::error_code ec;
  if (std::filesystem::exists(dest, ec)) {
    return Status::invalid_argument(
        fmt::format("{} already exists; a backup never overwrites a file", dest));
  }
  int fd = ::open(dest.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::io_error(fmt::format("cannot create {}: {}", dest, std::strerror(errno)));
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(dest.c_str(), &out, SQLITE_OPEN_READWRITE, nullptr);
  Status result;
  if (rc == SQLITE_OK) {
    sqlite3_backup* b = sqlite3_backup_init(out, "main", sqlite_->handle(), "main");
    if (b == nullptr) {
      rc = sqlite3_errcode(out);
    } else {
      // In steps, so that writers are not held up for the whole copy; the
      // backup restarts by itself if another connection writes meanwhile.
      do {
        rc = sqlite3_backup_step(b, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      int fin = sqlite3_backup_finish(b);
      if (rc == SQLITE_DONE) rc = fin;
    }
    if (rc != SQLITE_OK)
      result = Status::store_error(
          fmt::format("backing up to {} failed: {}", dest, sqlite3_errmsg(out)));
  } else {
    result = Status::store_error(
        fmt::format("cannot open {}: {}", dest, out ? sqlite3_errmsg(out) : sqlite3_errstr(rc)));
  }
  if (result.ok() && sqlite3_exec(out, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
                                  nullptr) != SQLITE_OK) {
    result =
        Status::store_error(fmt::format("backing up to {} failed: {}", dest, sqlite3_errmsg(out)));
  }
  sqlite3_close_v2(out);
  tighten_modes(dest);
  if (!result.ok()) {
    for (const char* suffix : kSideSuffixes) std::filesystem::remove(dest + suffix, ec);
  }
  return result;
}

Status Store::tune_for_bulk_write(int cache_kib) {
  if (is_postgresql()) return Status();
  if (cache_kib == 0) {
    Status s =
        db_->exec("PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA shrink_memory");
#ifdef __GLIBC__
    // The cache's pages, and what the import's checks held, freed in small
    // pieces among others still in use: glibc keeps them for the process
    // unless asked to give back the whole pages among them (400 to 600 MB
    // after an import of 10 million people, which the snapshot built next
    // would otherwise add to).
    malloc_trim(0);
#endif
    return s;
  }
  return db_->exec(fmt::format("PRAGMA cache_size = -{}; PRAGMA temp_store = MEMORY", cache_kib));
}

namespace {

// Sets the connection's journal mode; true if it is now `mode`. SQLite
// leaves the mode as it was (or answers busy) when another connection
// holds the store.
bool set_journal_mode(Db& db, const char* mode) {
  auto st = db.prepare(fmt::format("PRAGMA journal_mode = {}", mode));
  if (!st.ok()) return false;
  Status s;
  return st->step(&s) && s.ok() && st->text(0) == mode;
}

}  // namespace

bool Store::begin_rollback_journal() {
  if (is_postgresql() || db_->in_transaction()) return false;
  if (!set_journal_mode(*db_, "delete")) return false;
  // References are checked once, before the load commits
  // (broken_references), not a row at a time: a fifteenth of a 10 million
  // person load. Nothing in it cascades (only accounts do).
  if (!db_->exec("PRAGMA foreign_keys = OFF").ok()) {
    end_rollback_journal();
    return false;
  }
  return true;
}

Result<int64_t> Store::broken_references() {
  auto broken = db_->query_int("SELECT count(*) FROM pragma_foreign_key_check");
  if (!broken.ok()) return broken.status();
  return broken->value_or(0);
}

void Store::end_rollback_journal() {
  if (is_postgresql()) return;
  (void)db_->exec("PRAGMA foreign_keys = ON");
  (void)set_journal_mode(*db_, "wal");
  tighten_modes(path_);  // the -wal and -shm files made again
}

}  // namespace bc
