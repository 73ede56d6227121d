// Snapshot benchmark: building the engine's snapshot from the store (what
// every command did before the snapshot file) against opening the saved
// file (engine/snapshot_file.h), mapped as a command does and read into
// memory as the server does; with the file's size and the memory each
// takes.
//
//   bench_snapshot STORE [--repeat N]
//
// The store's own snapshot file is left as it was: the file is written to
// a temporary name beside the store and removed.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "common.h"
#include "engine/saved_snapshot.h"
#include "engine/snapshot_file.h"
#include "store/store.h"

namespace {

using bench::Clock;
using bench::median;
using bench::seconds_since;

// Resident memory now, in MiB (/proc/self/statm).
double resident_mib() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_snapshot STORE [--repeat N]\n");
    return 2;
  }
  const std::string path = argv[1];
  int repeat = 3;
  if (argc >= 4 && std::strcmp(argv[2], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[3]));
  auto store = bc::Store::open(path, bc::Store::Mode::kOpenExisting);
  if (!store.ok()) {
    std::fprintf(stderr, "bench_snapshot: %s\n", store.error().c_str());
    return 1;
  }
  auto stamp = bc::snapshot_stamp(**store);
  if (!stamp.ok()) {
    std::fprintf(stderr, "bench_snapshot: %s\n", stamp.error().c_str());
    return 1;
  }
  const std::string file = path + ".bench-snapshot";

  std::vector<double> build, write, map, read;
  double base = resident_mib(), built_mib = 0, mapped_mib = 0, read_mib = 0;
  int64_t people = 0, events = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t = Clock::now();
    auto snap = bc::build_snapshot(**store);
    if (!snap.ok()) {
      std::fprintf(stderr, "bench_snapshot: %s\n", snap.error().c_str());
      return 1;
    }
    build.push_back(seconds_since(t));
    built_mib = resident_mib() - base;
    people = static_cast<int64_t>((*snap)->persons.nhs.size());
    events = (*snap)->events();
    t = Clock::now();
    if (bc::Status st = bc::write_snapshot_file(**snap, *stamp, file); !st.ok()) {
      std::fprintf(stderr, "bench_snapshot: %s\n", st.message().c_str());
      return 1;
    }
    write.push_back(seconds_since(t));
  }
  for (int r = 0; r < repeat; ++r) {
    for (auto how : {bc::SnapshotLoad::kMap, bc::SnapshotLoad::kRead}) {
      const double before = resident_mib();
      const auto t = Clock::now();
      auto opened = bc::open_snapshot_file(file, *stamp, how);
      if (!opened.ok()) {
        std::fprintf(stderr, "bench_snapshot: %s\n", opened.error().c_str());
        return 1;
      }
      (how == bc::SnapshotLoad::kMap ? map : read).push_back(seconds_since(t));
      (how == bc::SnapshotLoad::kMap ? mapped_mib : read_mib) = resident_mib() - before;
    }
  }
  const auto bytes = std::filesystem::file_size(file);
  std::filesystem::remove(file);
  fmt::print("snapshot of {} people and {} events; file {:.1f} MB\n", people, events,
             static_cast<double>(bytes) / 1e6);
  fmt::print("  build from the store  {:8.3f} s (median of {}), resident {:.0f} MiB\n",
             median(build), repeat, built_mib);
  fmt::print("  write the file        {:8.3f} s\n", median(write));
  fmt::print(
      "  open, mapped          {:8.3f} s, resident {:.0f} MiB (pages shared with the "
      "page cache)\n",
      median(map), mapped_mib);
  fmt::print("  open, read in         {:8.3f} s, resident {:.0f} MiB\n", median(read), read_mib);
  fmt::print("  ratio (build / open mapped): {:.0f}\n", median(build) / median(map));
  return 0;
}
