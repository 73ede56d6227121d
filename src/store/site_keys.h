// Site keys: the secrets of one store, kept outside it in a key file.
//
// A copy of the store alone (a stray backup, a file read by another local
// user) must not give away the secrets that protect it, so they live in a
// separate owner-only file: by default the store's path + ".key"
// (bettercare.db.key), or the file named by --key-file or
// $BETTERCARE_KEY_FILE, or the value of $BETTERCARE_KEY itself.
//
// The file holds two random 32-byte secrets, as hex:
//   master     never rotated; the audit and cell keys are derived from it
//              with libsodium's crypto_kdf_derive_from_key (context
//              "bcsite01", subkey 1 = audit, 2 = cell), so they stay the
//              same for the life of the store;
//   pseudonym  the analysts' pseudonym key, stored on its own because it
//              is rotated (bettercare key rotate) and because a store made
//              before the key file existed keeps its old key, so that
//              analysts' pseudonyms do not change when it moves out.
// $BETTERCARE_KEY holds the same two values as "MASTER_HEX:PSEUDONYM_HEX".
//
// A key file must be a regular file readable by its owner only (mode 0600
// or stricter); anything else is refused with a message saying what to do.
//
// Thread safety: pure functions over files; a SiteKeys is a plain value.
#pragma once

#include <string>

#include "core/status.h"

namespace bc {

inline constexpr size_t kSiteKeyBytes = 32;

struct SiteKeys {
  std::string master;     // 32 raw bytes; only for rewriting the key file
  std::string pseudonym;  // 32 raw bytes: analysts' pseudonyms (rotatable)
  std::string audit;      // 32 raw bytes: the audit log's hash chain (never rotated)
  std::string cell;       // 32 raw bytes: the engine's cell-key perturbation (never rotated)
};

// Where the keys come from: a key file, or the environment's hex value.
struct KeySource {
  std::string key_file;  // the key file's path, when not from the environment
  std::string env_hex;   // $BETTERCARE_KEY's value, when set
  bool from_env() const { return !env_hex.empty(); }
  // "the key file PATH" or "$BETTERCARE_KEY", for messages.
  std::string describe() const;
};

// The key source of the store at db_path: key_file_flag when not empty,
// else $BETTERCARE_KEY_FILE or $BETTERCARE_KEY (setting both is an error),
// else db_path + ".key" (for an SQLite file; a PostgreSQL store's must be
// named, InvalidArgument otherwise).
Result<KeySource> locate_site_keys(const std::string& db_path,
                                   const std::string& key_file_flag = "");

// Reads and checks the keys. NotFound when the key file does not exist;
// StoreError when it cannot be read, is too permissive or is malformed.
Result<SiteKeys> load_site_keys(const KeySource& source);
// Both of the above: the keys of the store at db_path, without opening it
// (e.g. `load_site_keys_for(path)->cell`). Prefer Store::keys() when the
// store is open: Store::open also checks the keys belong to the store.
Result<SiteKeys> load_site_keys_for(const std::string& db_path,
                                    const std::string& key_file_flag = "");

// New random keys (master and pseudonym random; audit and cell derived).
SiteKeys new_site_keys();
// The keys of master and pseudonym (32 raw bytes each), derived as above.
SiteKeys derive_site_keys(std::string master, std::string pseudonym);

// Writes the key file at path, owner-only (0600) whatever the umask; never
// replaces an existing file unless replace is true (then atomically, by
// rename). The file is complete on disk (fsync) before this returns.
Status write_key_file(const std::string& path, const SiteKeys& keys, bool replace);

// Lowercase hex of raw bytes, and back (InvalidArgument when malformed).
std::string to_hex(std::string_view raw);
Result<std::string> from_hex(std::string_view hex);

// A fingerprint of the master key that reveals nothing of it (a keyed
// BLAKE2b of a constant under the audit key, hex), kept in the store so that
// a key file of another store is recognised and refused.
std::string key_fingerprint(const SiteKeys& keys);

}  // namespace bc
