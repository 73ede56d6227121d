// Store: the SQLite database file that holds everything bettercare knows.
//
// Opening a store checks that the file is a bettercare store, refuses one
// written by a newer bettercare (its schema version is higher than this
// program knows), and brings an older one up to date by running the missing
// migrations in one transaction. Connections use WAL journaling and enforce
// foreign keys, so a crash or a killed process never leaves a half-written
// change: a transaction is either wholly in the file or not at all.
//
// Thread safety: a Store is one connection, used by one thread at a time.
// Several processes may open the same file; writers queue.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/sqlite.h"

namespace bc {

// The schema version this build creates and understands.
int latest_schema_version();

class Store {
 public:
  enum class Mode {
    kOpenExisting,     // the file must exist (every command but init)
    kCreateIfMissing,  // init: create an empty store when there is none
  };

  // Opens the store at path, migrating it to the latest schema.
  static Result<std::unique_ptr<Store>> open(const std::string& path, Mode mode);
  // Opens (creating if missing) and migrates only up to target_version.
  // For tests of migration; never used by the program itself.
  static Result<std::unique_ptr<Store>> open_at_version(const std::string& path,
                                                        int target_version);

  const std::string& path() const { return path_; }
  int schema_version() const { return version_; }
  Db& db() { return *db_; }

 private:
  Store(std::string path, std::unique_ptr<Db> db) : path_(std::move(path)), db_(std::move(db)) {}
  static Result<std::unique_ptr<Store>> open_impl(const std::string& path, bool create,
                                                  int target_version);
  Status migrate_to(int target_version);

  std::string path_;
  std::unique_ptr<Db> db_;
  int version_ = 0;
};

}  // namespace bc
