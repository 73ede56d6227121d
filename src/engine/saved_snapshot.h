// The snapshot a command or the server works from: the one saved beside
// the store (engine/snapshot_file.h) when it is the store's now, or else
// one built from the store, which is then saved for the next command.
//
// An SQLite store's snapshot is the file STORE.snapshot beside it
// (bettercare.db.snapshot). A PostgreSQL store has none unless
// $BETTERCARE_SNAPSHOT names a file for it; $BETTERCARE_SNAPSHOT=off keeps
// no file for any store (every command builds its own, as before there
// were files).
//
// Thread safety: as Store (one thread at a time per store).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "engine/snapshot.h"
#include "engine/snapshot_file.h"
#include "store/store.h"

namespace bc {

// Where the store's snapshot file is, or "" when it keeps none.
std::string snapshot_file_path(const Store& store);

// The stamp a snapshot built from the store now would have. Read inside
// the transaction that builds it, so that the stamp and the columns agree.
Result<SnapshotStamp> snapshot_stamp(Store& store);

struct LoadedSnapshot {
  std::shared_ptr<const Snapshot> snapshot;
  SnapshotStamp stamp;
  bool from_file = false;  // the saved file was used
  // Why a saved file was not used ("" when it was or there was none), and
  // whether the new one could be saved: the snapshot is right either way.
  std::string not_used_because;
  Status saved;
};

// The saved snapshot when it is the store's now, else a built one (saved
// when the store keeps a file). `building` is called before a build, which
// takes seconds for a large area, so a caller can say so. A build for a
// store that keeps a file is written to the file a part at a time
// (save_snapshot) and then opened from it.
Result<LoadedSnapshot> load_snapshot(Store& store, SnapshotLoad how = SnapshotLoad::kMap,
                                     const std::function<void()>& building = {});

struct SavedSnapshot {
  bool up_to_date = false;  // the file's stamp was the store's now: left as it was
  int64_t persons = 0, events = 0;
  uint64_t bytes = 0;  // the file's length
};

// Makes the store's snapshot file the store's now, for the next command
// (`bettercare import` after its batch commits): a file whose stamp is the
// store's now is left alone (the command that opens it checks the rest);
// otherwise the snapshot is built straight into the file, a kind of event
// at a time, so that memory holds one kind's columns and each person's NHS
// number, birth and practice, never the whole snapshot. Not found when the
// store keeps no file.
Result<SavedSnapshot> save_snapshot(Store& store);

}  // namespace bc
