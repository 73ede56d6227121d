// The snapshot file: a Snapshot saved beside its store, so that a command
// answers from the columns at once instead of rebuilding them from the
// store (seconds for a large area). docs/architecture.md describes the
// format; in short: a header (magic, format version, the stamp, sizes and
// two XXH3-64 checksums), a table of columns (name, element size, count,
// offset, XXH3-64 of its values), each column's values, 64-byte aligned,
// little-endian, as they lie in memory, so the columns are used in place,
// and last the dictionaries, plans and populations as a length-prefixed
// record.
//
// A file is trusted only when its stamp is the store's now (the latest
// batch the snapshot reads, the saved registers' fingerprint, the schema
// version, a tag of the key its record keys were made with, and the
// meaning of its codes) and its bytes are whole: the size, every checksum,
// and every index in range (an event's person, practice, provider or code
// always names an entry that exists). Anything else is refused with a
// reason, and the caller rebuilds.
//
// The file is replaced, never changed: written to a temporary file beside
// it (owner-only, as it holds person-identifiable data like the store) and
// renamed over the old one, so a reader sees the old file or the new one,
// and a process that mapped the old one keeps it. It can be written a
// column at a time as the snapshot is built (SnapshotFileWriter), so that
// saving the snapshot of a large area never holds all of it in memory.
//
// Thread safety: the functions share no state; a writer is used by one
// thread.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "engine/snapshot.h"

namespace bc {

// What a snapshot was built from. Equal stamps: the same snapshot.
struct SnapshotStamp {
  int schema_version = 0;
  SnapshotSources sources;
  std::string key_tag;  // snapshot_key_tag(): the cell key, not revealed
  bool operator==(const SnapshotStamp&) const = default;
};
// A tag of a cell key (engine/disclosure.h) that reveals nothing of it.
std::string snapshot_key_tag(std::string_view cell_key);

// How an opened file's bytes are held. kMap: mapped (pages shared with the
// page cache; for short-lived commands). kRead: read into this process's
// memory (the server, which must not depend on the file staying whole).
enum class SnapshotLoad { kMap, kRead };

// Writes s to path, replacing any file there (see above).
Status write_snapshot_file(const Snapshot& s, const SnapshotStamp& stamp, const std::string& path);

// Writes a snapshot file as the snapshot is built: spill() writes the
// columns finished so far and frees them, finish() writes the rest and
// the dictionaries and puts the file in place. Until finish() succeeds
// nothing is at `path`; a writer dropped unfinished leaves nothing.
class SnapshotFileWriter {
 public:
  static Result<std::unique_ptr<SnapshotFileWriter>> create(const SnapshotStamp& stamp,
                                                            const std::string& path);
  ~SnapshotFileWriter();
  SnapshotFileWriter(const SnapshotFileWriter&) = delete;
  SnapshotFileWriter& operator=(const SnapshotFileWriter&) = delete;

  // Writes each column of s whose name begins with `prefix` (a kind of
  // event: "spells."; engine/snapshot_columns.h) and is not yet written,
  // then empties it in s.
  Status spill(Snapshot& s, std::string_view prefix);
  // Writes the columns not yet written and the dictionaries of s, and
  // renames the file into place.
  Status finish(const Snapshot& s);
  // The file's length once finished.
  uint64_t bytes() const;

 private:
  struct State;
  explicit SnapshotFileWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> st_;
};

// Opens the file at path when its stamp is `expected` and it is whole.
// NotFound when there is none; InvalidData saying why when it is stale or
// damaged.
Result<std::unique_ptr<Snapshot>> open_snapshot_file(const std::string& path,
                                                     const SnapshotStamp& expected,
                                                     SnapshotLoad how);

// The stamp in the header of the file at path (its header checksum
// checked), without reading the rest: whether a saved file is up to date.
// NotFound when there is none.
Result<SnapshotStamp> read_snapshot_file_stamp(const std::string& path);

// The stamp a file's header says it has (for the fuzz target and
// diagnostics); its header checksum checked when verify_checksum.
Result<SnapshotStamp> snapshot_file_stamp(std::span<const std::byte> bytes,
                                          bool verify_checksum = true);

// The same as open_snapshot_file from bytes already in memory, which the snapshot's columns then
// point into: the caller keeps them alive (snapshot->backing). For the fuzz
// target, which skips the checksums (verify_checksums false) so that its
// inputs reach the structure checks.
Result<std::unique_ptr<Snapshot>> parse_snapshot_bytes(std::span<const std::byte> bytes,
                                                       const SnapshotStamp& expected,
                                                       bool verify_checksums);

}  // namespace bc
