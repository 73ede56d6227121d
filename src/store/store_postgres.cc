// Store's opening and upgrading of a PostgreSQL store (store.h). The
// SQLite file's are in store.cc.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "store/migrations.h"
#include "store/postgres.h"
#include "store/store.h"

namespace bc {
namespace {

// As SQLite's PRAGMA application_id: "BCAR".
constexpr int64_t kPgApplicationId = 0x42434152;

// The script that takes a PostgreSQL store from version - 1 to version: its
// twin when it has one, else the shared migration.
const Migration* script_for(int version) {
  for (const Migration& m : postgresql_migrations()) {
    if (m.version == version) return &m;
  }
  for (const Migration& m : migrations()) {
    if (m.version == version) return &m;
  }
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open_postgresql(const std::string& address, bool create,
                                                      int target_version,
                                                      const std::string& key_file) {
  const int baseline = postgresql_migrations().front().version;
  if (target_version < baseline) {
    return Status::invalid_argument(fmt::format(
        "PostgreSQL stores begin at schema version {}; version {} exists only for SQLite files",
        baseline, target_version));
  }
  auto db = PgDb::open(address);
  if (!db.ok()) return db.status();
  std::unique_ptr<Store> store(new Store(address, std::move(*db), nullptr));
  if (Status s = store->check_identity_postgresql(); !s.ok()) return s;
  const bool empty = store->version_ == 0;
  if (empty && !create) {
    return Status::not_found(
        fmt::format("there is no store in {} (its database is empty): create one with "
                    "'bettercare init', or name another with --db",
                    store->display_name()));
  }
  if (Status k = store->attach_keys(key_file, empty); !k.ok()) return k;
  if (store->version_ < target_version) {
    if (Status s = store->migrate_to(target_version); !s.ok()) return s;
  } else if (store->key_work_) {
    auto tx = Transaction::begin(store->db());
    if (!tx.ok()) return tx.status();
    Status s = store->finish_keyed_upgrade();
    if (s.ok()) s = (*tx)->commit();
    if (!s.ok())
      return Status::store_error(fmt::format("{}: {}", store->display_name(), s.message()));
  }
  return store;
}

Status Store::check_identity_postgresql() {
  Db& d = *db_;
  auto ours = d.has_table("bettercare_store");
  if (!ours.ok()) {
    return Status(ours.status().code(), fmt::format("{} cannot be read as a store: {}",
                                                    display_name(), ours.status().message()));
  }
  if (!*ours) {
    auto tables = d.query_int(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    if (!tables.ok()) return tables.status();
    if (tables->value_or(0) != 0) {
      return Status::store_error(fmt::format(
          "{} is a PostgreSQL database but not a bettercare store (it has other tables): name an "
          "empty database, or a bettercare store, with --db",
          display_name()));
    }
    version_ = 0;
    return Status();
  }
  auto st = d.prepare("SELECT application_id, schema_version FROM bettercare_store");
  if (!st.ok()) return st.status();
  Status s;
  if (!st->step(&s) || st->int64(0) != kPgApplicationId) {
    if (!s.ok()) return s;
    return Status::store_error(
        fmt::format("{} is not a bettercare store (its bettercare_store table does not say so)",
                    display_name()));
  }
  version_ = static_cast<int>(st->int64(1));
  if (version_ > latest_schema_version()) {
    return Status::store_error(fmt::format(
        "{} was written by a newer bettercare (schema version {}; this bettercare {} knows up to "
        "version {}). Use a newer bettercare; this one will not touch the store.",
        display_name(), version_, BETTERCARE_VERSION, latest_schema_version()));
  }
  return Status();
}

Status Store::migrate_postgresql(int target_version) {
  auto tx = Transaction::begin(*db_);
  if (!tx.ok()) return tx.status();
  // Another server may have upgraded the store while this one waited for
  // the write lock.
  if (Status s = check_identity_postgresql(); !s.ok()) return s;
  const Migration& baseline = postgresql_migrations().front();
  int version = version_;
  auto fail = [&](const Migration& m, const Status& s) {
    return Status::store_error(fmt::format("upgrading {} with migration {} failed: {}",
                                           display_name(), m.name, s.message()));
  };
  if (version == 0) {
    if (Status s = db_->exec(baseline.sql); !s.ok()) return fail(baseline, s);
    if (Status s = db_->exec(fmt::format(
            "INSERT INTO bettercare_store(application_id, schema_version) VALUES ({}, {})",
            kPgApplicationId, baseline.version));
        !s.ok()) {
      return fail(baseline, s);
    }
    version = baseline.version;
  }
  for (int v = version + 1; v <= target_version; ++v) {
    const Migration* m = script_for(v);
    if (m == nullptr) return Status::internal(fmt::format("no migration {}", v));
    if (Status s = db_->exec(m->sql); !s.ok()) return fail(*m, s);
  }
  Status s = finish_keyed_upgrade();
  if (s.ok()) {
    s = db_->exec(fmt::format("UPDATE bettercare_store SET schema_version = {}", target_version));
  }
  if (s.ok()) s = (*tx)->commit();
  if (!s.ok()) {
    return Status::store_error(fmt::format("upgrading {} failed: {}", display_name(), s.message()));
  }
  version_ = target_version;
  return Status();
}

Status Store::backup_postgresql(const std::string& dest) {
  // dest is made here, owner-only and new, and pg_dump writes into it.
  int fd = ::open(dest.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::invalid_argument(
          fmt::format("{} already exists; a backup never overwrites a file", dest));
    }
    return Status::io_error(fmt::format("cannot create {}: {}", dest, std::strerror(errno)));
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  const std::string errors = dest + ".pg_dump-errors";
  // pg_dump's own snapshot is one consistent moment, while others write.
  std::vector<std::string> args = {"pg_dump", "--format=custom", "--no-password", "--file=" + dest,
                                   "--dbname=" + path_};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "pg_dump", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (rc == 0) ::waitpid(pid, &status, 0);
  std::string why;
  {
    std::ifstream in(errors);
    std::stringstream ss;
    ss << in.rdbuf();
    why = ss.str();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  }
  std::error_code ec;
  std::filesystem::remove(errors, ec);
  if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::filesystem::remove(dest, ec);
    if (rc != 0) {
      return Status::store_error(
          fmt::format("cannot run pg_dump to back up {} ({}): install PostgreSQL's client programs "
                      "(Debian: postgresql-client)",
                      display_name(), std::strerror(rc)));
    }
    const size_t secret = why.find(path_);
    if (secret != std::string::npos) why.replace(secret, path_.size(), display_name());
    return Status::store_error(
        fmt::format("backing up {} with pg_dump failed: {}", display_name(), why));
  }
  return Status();
}

}  // namespace bc
