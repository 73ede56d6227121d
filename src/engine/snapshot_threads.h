// Internal to engine: what lets build_snapshot (engine/snapshot.cc) read
// the store on two threads: a second connection that sees the same
// picture as the first, and the turns the two threads take to spill the
// parts they finish, so that the file's bytes do not depend on which
// finished first.
//
// Thread safety: SecondReader belongs to one thread; SpillTurns is shared
// by the two.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "engine/snapshot.h"
#include "store/db.h"
#include "store/store.h"

namespace bc::snapshot_internal {

// A second connection to the store, in a read transaction.
struct SecondReader {
  std::unique_ptr<Store> store;
  std::optional<ReadTransaction> read;  // ends before the store closes
};

// A second reader of an SQLite file store that sees exactly what `store`'s
// read transaction sees: the sources (snapshot_sources) read in its own
// transaction are `store`'s, so nothing the snapshot reads was committed
// between the two transactions' beginnings. Null when there is no second
// core, $BETTERCARE_SNAPSHOT_THREADS is 1, the store is PostgreSQL's, in
// memory or at an earlier schema, the file cannot be opened again, or the
// two pictures differ: the build then reads everything on one connection.
std::unique_ptr<SecondReader> second_reader(Store& store);

// Two threads' spills of a snapshot's parts, one at a time and, once
// take_turns() is called, in the order the steps run in on one thread
// (the events' parts; the persons' before are spilled as they come). A
// thread that fails gives up its turns, so that the other never waits for
// a part that will not come.
class SpillTurns {
 public:
  explicit SpillTurns(const SnapshotSpill& spill) : spill_(spill) {}
  void take_turns() { ordered_ = true; }
  // Waits for the part's turn and spills it; the first failure when a
  // thread has failed meanwhile.
  Status spill(Snapshot& s, std::string_view prefix);
  // A thread's steps failed with `why`: the first failure is the build's.
  void failed(const Status& why);
  Status failure();

 private:
  const SnapshotSpill& spill_;
  bool ordered_ = false;
  std::mutex mu_;
  std::condition_variable turn_;
  size_t next_ = 0;
  Status failure_;
};

}  // namespace bc::snapshot_internal
