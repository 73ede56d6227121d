#include "store/store.h"

#include <fmt/format.h>

#include <filesystem>

#include "store/migrations.h"

namespace bc {
namespace {

// PRAGMA application_id marks the file as ours: "BCAR".
constexpr int64_t kApplicationId = 0x42434152;

}  // namespace

int latest_schema_version() {
  return migrations().back().version;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Mode mode) {
  return open_impl(path, mode == Mode::kCreateIfMissing, latest_schema_version());
}

Result<std::unique_ptr<Store>> Store::open_at_version(const std::string& path, int target_version) {
  return open_impl(path, true, target_version);
}

Result<std::unique_ptr<Store>> Store::open_impl(const std::string& path, bool create,
                                                int target_version) {
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    return Status::not_found(fmt::format(
        "there is no store at {} (create one with 'bettercare init', or name another with --db)",
        path));
  }
  if (std::filesystem::is_directory(path, ec)) {
    return Status::store_error(fmt::format("{} is a directory, not a store", path));
  }
  auto db = Db::open(path, create);
  if (!db.ok()) return db.status();
  std::unique_ptr<Store> store(new Store(path, std::move(*db)));
  Db& d = store->db();

  auto app_id = d.query_int("PRAGMA application_id");
  if (!app_id.ok()) {
    return Status::store_error(
        fmt::format("{} cannot be read as a store: {}", path, app_id.status().message()));
  }
  auto version = d.query_int("PRAGMA user_version");
  auto objects = d.query_int("SELECT count(*) FROM sqlite_master");
  if (!version.ok() || !objects.ok()) {
    return Status::store_error(fmt::format("{} cannot be read as a store", path));
  }
  int64_t id = app_id->value_or(0);
  bool empty = objects->value_or(0) == 0;
  if (id != kApplicationId && !(id == 0 && empty)) {
    return Status::store_error(
        fmt::format("{} is an SQLite database but not a bettercare store", path));
  }
  store->version_ = static_cast<int>(version->value_or(0));
  if (store->version_ > latest_schema_version()) {
    return Status::store_error(fmt::format(
        "{} was written by a newer bettercare (schema version {}; this bettercare {} knows up to "
        "version {}). Use a newer bettercare; this one will not touch the store.",
        path, store->version_, BETTERCARE_VERSION, latest_schema_version()));
  }

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

  if (store->version_ < target_version) {
    s = store->migrate_to(target_version);
    if (!s.ok()) return s;
  }
  return store;
}

Status Store::migrate_to(int target_version) {
  auto tx = Transaction::begin(*db_);
  if (!tx.ok()) return tx.status();
  for (const Migration& m : migrations()) {
    if (m.version <= version_ || m.version > target_version) continue;
    Status s = db_->exec(m.sql);
    if (!s.ok()) {
      return Status::store_error(
          fmt::format("upgrading {} with migration {} failed: {}", path_, m.name, s.message()));
    }
  }
  Status s = db_->exec(fmt::format("PRAGMA application_id = {}; PRAGMA user_version = {};",
                                   kApplicationId, target_version));
  if (s.ok()) s = (*tx)->commit();
  if (!s.ok())
    return Status::store_error(fmt::format("upgrading {} failed: {}", path_, s.message()));
  version_ = target_version;
  return Status();
}

}  // namespace bc
