#include "engine/saved_snapshot.h"

#include <cstdlib>

namespace bc {

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
  std::unique_ptr<Snapshot> built;
  {
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
    }
    if (building) building();
    auto snap = build_snapshot(store);
    if (!snap.ok()) return snap.status();
    built = std::move(*snap);
  }
  if (!path.empty()) out.saved = write_snapshot_file(*built, out.stamp, path);
  out.snapshot = std::move(built);
  return out;
}

}  // namespace bc
