#include "engine/saved_snapshot.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/snapshot_columns.h"

namespace bc {
namespace {

// What building the snapshot into a file came to: a store error stops
// everything; a write error leaves the snapshot to be built in memory.
struct FileBuild {
  Status store, write;
  SavedSnapshot saved;
};

// The events in the part of s named by prefix ("spells."; none in
// "persons." or "conditions."): the length of its first event column.
int64_t events_in(Snapshot& s, std::string_view prefix) {
  int64_t n = -1;
  snapshot_internal::for_each_column(s, [&](const char* name, const auto& col, bool is_event) {
    if (n < 0 && is_event && std::string_view(name).starts_with(prefix))
      n = static_cast<int64_t>(col.size());
  });
  return std::max<int64_t>(n, 0);
}

// Builds the store's snapshot into the file at path, each part written and
// freed as it is finished. Called inside the read transaction the stamp
// was read in.
FileBuild build_into_file(Store& store, const SnapshotStamp& stamp, const std::string& path) {
  FileBuild out;
  auto writer = SnapshotFileWriter::create(stamp, path);
  if (!writer.ok()) {
    out.write = writer.status();
    return out;
  }
  int64_t spilled_events = 0;
  auto built = build_snapshot(store, [&](Snapshot& s, std::string_view prefix) {
    // Counted from the part's own columns: another thread may be filling
    // the others (build_snapshot).
    spilled_events += events_in(s, prefix);
    Status st = (*writer)->spill(s, prefix);
    if (!st.ok()) out.write = st;
    return st;
  });
  if (!built.ok()) {
    if (out.write.ok()) out.store = built.status();
    return out;
  }
  out.write = (*writer)->finish(**built);
  out.saved.persons = static_cast<int64_t>((*built)->persons.nhs.size());
  out.saved.events = spilled_events + (*built)->events();
  out.saved.bytes = (*writer)->bytes();
  return out;
}

}  // namespace

std::string snapshot_file_path(const Store& store) {
  if (const char* env = std::getenv("BETTERCARE_SNAPSHOT"); env != nullptr && *env != '\0')
    return std::string(env) == "off" ? "" : env;
  if (store.is_postgresql()) return "";
  return store.path() + ".snapshot";
}

Result<SnapshotStamp> snapshot_stamp(Store& store) {
  auto sources = snapshot_sources(store);
  if (!sources.ok()) return sources.status();
  return SnapshotStamp{store.schema_version(), std::move(*sources),
                       snapshot_key_tag(store.keys().cell)};
}

Result<LoadedSnapshot> load_snapshot(Store& store, SnapshotLoad how,
                                     const std::function<void()>& building) {
  LoadedSnapshot out;
  const std::string path = snapshot_file_path(store);
  // The stamp and what is built from the store are read in one
  // transaction: an import committing meanwhile is in both or in neither.
  ReadTransaction read(store.db());
  auto stamp = snapshot_stamp(store);
  if (!stamp.ok()) return stamp.status();
  out.stamp = std::move(*stamp);
  if (!path.empty()) {
    auto saved = open_snapshot_file(path, out.stamp, how);
    if (saved.ok()) {
      out.snapshot = std::move(*saved);
      out.from_file = true;
      return out;
    }
    if (saved.status().code() != StatusCode::kNotFound)
      out.not_used_because = saved.status().message();
    if (building) building();
    FileBuild b = build_into_file(store, out.stamp, path);
    if (!b.store.ok()) return b.store;
    out.saved = b.write;
    if (out.saved.ok()) {
      auto opened = open_snapshot_file(path, out.stamp, how);
      if (opened.ok()) {
        out.snapshot = std::move(*opened);
        return out;
      }
      out.saved = opened.status();  // replaced or damaged since: built again below
    }
  } else if (building) {
    building();
  }
  auto snap = build_snapshot(store);
  if (!snap.ok()) return snap.status();
  out.snapshot = std::move(*snap);
  return out;
}

Result<SavedSnapshot> save_snapshot(Store& store) {
  const std::string path = snapshot_file_path(store);
  if (path.empty()) return Status::not_found("the store keeps no snapshot file");
  ReadTransaction read(store.db());
  auto stamp = snapshot_stamp(store);
  if (!stamp.ok()) return stamp.status();
  if (auto saved = read_snapshot_file_stamp(path); saved.ok() && *saved == *stamp) {
    SavedSnapshot same;
    same.up_to_date = true;
    return same;
  }
  FileBuild b = build_into_file(store, *stamp, path);
  if (!b.store.ok()) return b.store;
  if (!b.write.ok()) return b.write;
  return b.saved;
}

}  // namespace bc
