// Store: the database that holds everything bettercare knows: an SQLite
// file, or a PostgreSQL database for shared deployments (an address
// "postgresql://user@host:port/dbname"; store_postgres.cc, postgres.h).
//
// Opening a store checks that the file is a bettercare store, refuses one
// written by a newer bettercare (its schema version is higher than this
// program knows), and brings an older one up to date by running the missing
// migrations in one transaction. Connections use WAL journaling and enforce
// foreign keys, so a crash or a killed process never leaves a half-written
// change: a transaction is either wholly in the file or not at all.
//
// The store file and its -wal, -shm and -journal files are owner-only
// (0600): a new store is created so before SQLite opens it (SQLite gives its
// side files the main file's mode), and an existing one owned by the user
// opening it is tightened to 0600. The store's secrets are not in it but in
// its key file (site_keys.h), loaded when it is opened: a store made before
// the key file existed has its pseudonym key moved into a new key file and
// erased from the store (PRAGMA secure_delete) on its first open.
//
// A PostgreSQL store has the same schema (migrations/postgresql/ holds
// its baseline and the twins of migrations whose SQL differs), its version
// in the table bettercare_store, and its keys in a key file that must be
// named (--key-file, $BETTERCARE_KEY_FILE or $BETTERCARE_KEY): every server
// of a shared store needs the same one.
//
// Thread safety: a Store is one connection, used by one thread at a time.
// Several processes may open the same store; writers queue.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/db.h"
#include "store/site_keys.h"

namespace bc {

// The schema version this build creates and understands.
int latest_schema_version();
// The first schema version whose stores have a key file (and a chained
// audit log); open_at_version below it opens no keys.
inline constexpr int kKeyedSchemaVersion = 7;

class SqliteDb;

class Store {
 public:
  enum class Mode {
    kOpenExisting,     // the file must exist (every command but init)
    kCreateIfMissing,  // init: create an empty store when there is none
    // Commands that only read. Where the store and its directory can be
    // written, as kOpenExisting; where they cannot (a read-only medium),
    // the file is opened read-only, and as immutable when its directory
    // cannot be written, so that no -wal or -shm file is needed. A store
    // that would need upgrading, or has changes still in its -wal file, is
    // then refused, saying why.
    kReadOnly,
  };

  // Opens the store at path, migrating it to the latest schema, with its
  // keys from key_file, or when that is empty from where locate_site_keys
  // says. A new store gets a new key file (kCreateIfMissing); a store
  // whose key file is missing, unreadable, readable by others or made for
  // another store is refused with a message saying what to do.
  static Result<std::unique_ptr<Store>> open(const std::string& path, Mode mode,
                                             const std::string& key_file = "");
  // Opens (creating if missing) and migrates only up to target_version.
  // For tests of migration; never used by the program itself. A
  // PostgreSQL store's key file must be named, as for open().
  static Result<std::unique_ptr<Store>> open_at_version(const std::string& path, int target_version,
                                                        const std::string& key_file = "");

  // The file's path, or the PostgreSQL address (which may hold a
  // password: print display_name()).
  const std::string& path() const { return path_; }
  std::string display_name() const;
  bool is_postgresql() const { return sqlite_ == nullptr; }
  int schema_version() const { return version_; }
  Db& db() { return *db_; }
  // The store's keys (empty below kKeyedSchemaVersion) and where they are.
  const SiteKeys& keys() const { return keys_; }
  const KeySource& key_source() const { return key_source_; }

  // Replaces the pseudonym key in the key file with a new random one (the
  // audit and cell keys stay). Every pseudonym changes. InvalidArgument
  // when the keys come from $BETTERCARE_KEY (rotate the file it came from).
  Status rotate_pseudonym_key();

  // Tunes this connection for a bulk writer such as the importer, whose
  // one transaction runs a statement a row: a page cache of `cache_kib`
  // KiB (SQLite's default is 2 MiB), and statement journals held in memory
  // (temp_store = MEMORY; taken up by the next transaction begun). A
  // statement journal keeps the pages a statement changes until it ends,
  // so that it can be undone alone; on disk, once one statement's grew past
  // 64 KiB, every later row wrote its pages to a file: 60 times the store's
  // size written for a first load. `cache_kib` 0: back to the defaults,
  // and the memory given back. Nothing on PostgreSQL, whose cache is the
  // server's.
  Status tune_for_bulk_write(int cache_kib);

  // For a first load into a store that no other connection has open:
  // SQLite's rollback journal in place of WAL until
  // `end_rollback_journal()`. Pages new to the file need no journal, so
  // the load's pages are written once, into the store, rather than into
  // the WAL and again by its checkpoint, and none is looked up in the
  // WAL's index (a fifth of a 2-million-person import's time). Meanwhile a
  // process that opens the store is told it is busy (kBusy), where
  // in WAL it would read the store as it was (empty, for a first load); a
  // process killed mid-load leaves a journal that the next open rolls back.
  // Returns whether the journal was switched: never on PostgreSQL, nor
  // when another connection has the store open (then WAL goes on and its
  // readers are served). Call outside a transaction. Until
  // end_rollback_journal() foreign keys are not enforced a row at a time:
  // check broken_references() before the load commits.
  bool begin_rollback_journal();
  // The rows that refer to rows that do not exist (PRAGMA
  // foreign_key_check), for a load that checks them once at its end.
  Result<int64_t> broken_references();
  // Back to WAL, and foreign keys enforced again. If another connection
  // holds the store just then, it stays in the rollback journal until the
  // next open, which switches it back.
  void end_rollback_journal();

  // Copies the store, as it is at one moment, to a new file dest with
  // SQLite's online backup API (other connections may keep writing); a
  // PostgreSQL store with pg_dump's custom format (restored with
  // pg_restore into an empty database: docs/operations.md). dest must not
  // exist; it is created owner-only (0600). The key file is not copied:
  // back it up separately.
  Status backup_to(const std::string& dest);

 private:
  Store(std::string path, std::unique_ptr<Db> db, SqliteDb* sqlite)
      : path_(std::move(path)), db_(std::move(db)), sqlite_(sqlite) {}
  // store_postgres.cc: the same for a PostgreSQL store.
  static Result<std::unique_ptr<Store>> open_postgresql(const std::string& address, bool create,
                                                        int target_version,
                                                        const std::string& key_file);
  Status check_identity_postgresql();
  Status migrate_postgresql(int target_version);
  Status backup_postgresql(const std::string& dest);
  static Result<std::unique_ptr<Store>> open_impl(const std::string& path, bool create,
                                                  int target_version, const std::string& key_file,
                                                  bool read_only = false);
  static Result<std::unique_ptr<Store>> open_read_only(const std::string& path, int target_version,
                                                       const std::string& key_file);
  // Reads application_id and user_version: is this a store this program
  // can open, and at what version.
  Status check_identity();
  // Loads (or, for a new or pre-key-file store, makes) the keys.
  Status attach_keys(const std::string& key_file, bool new_store);
  // Inside a write transaction: what a keyed store needs once its keys
  // are attached (chain and seal what came before, the key's fingerprint,
  // the old pseudonym key erased).
  Status finish_keyed_upgrade();
  Status migrate_to(int target_version);

  std::string path_;
  std::unique_ptr<Db> db_;
  SqliteDb* sqlite_ = nullptr;  // db_, when the store is an SQLite file
  int version_ = 0;
  SiteKeys keys_;
  KeySource key_source_;
  bool key_work_ = false;   // finish_keyed_upgrade has something to write
  bool read_only_ = false;  // Mode::kReadOnly: nothing may be written
};

}  // namespace bc
