#include "engine/snapshot_threads.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string>
#include <thread>

namespace bc::snapshot_internal {
namespace {

// The order the events' parts are spilled in on two threads: the order
// build_snapshot's steps run in on one, and the order they most often
// finish in on two (the conditions first, the A&E attendances last).
constexpr std::string_view kSpillOrder[] = {"conditions.", "spells.",  "care_homes.", "reablement.",
                                            "registers.",  "reviews.", "spa.",        "ae."};

}  // namespace

std::unique_ptr<SecondReader> second_reader(Store& store) {
  const char* env = std::getenv("BETTERCARE_SNAPSHOT_THREADS");
  if (env != nullptr && std::string_view(env) == "1") return nullptr;
  if (std::thread::hardware_concurrency() < 2 || store.is_postgresql()) return nullptr;
  // A store kept at an earlier schema (by a test of migration) would be
  // upgraded by opening it again.
  if (store.schema_version() != latest_schema_version()) return nullptr;
  const std::string& path = store.path();
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return nullptr;
  auto sources = snapshot_sources(store);
  if (!sources.ok()) return nullptr;
  const KeySource& keys = store.key_source();
  auto other = Store::open(path, Store::Mode::kReadOnly, keys.from_env() ? "" : keys.key_file);
  if (!other.ok() || (*other)->schema_version() != store.schema_version()) return nullptr;
  auto r = std::make_unique<SecondReader>();
  r->store = std::move(*other);
  Db& db = r->store->db();
  if (db.in_transaction()) return nullptr;
  r->read.emplace(db);
  if (!db.in_transaction()) return nullptr;  // the read transaction did not begin
  auto seen = snapshot_sources(*r->store);
  if (!seen.ok() || !(*seen == *sources)) return nullptr;
  return r;
}

Status SpillTurns::spill(Snapshot& s, std::string_view prefix) {
  const auto* at = std::find(std::begin(kSpillOrder), std::end(kSpillOrder), prefix);
  const bool in_turn = ordered_ && at != std::end(kSpillOrder);
  std::unique_lock lock(mu_);
  if (in_turn) {
    const auto mine = static_cast<size_t>(at - std::begin(kSpillOrder));
    turn_.wait(lock, [&] { return next_ == mine || !failure_.ok(); });
    if (!failure_.ok()) return failure_;
  }
  Status st = spill_(s, prefix);
  if (in_turn) ++next_;
  lock.unlock();
  turn_.notify_all();
  return st;
}

void SpillTurns::failed(const Status& why) {
  {
    std::lock_guard lock(mu_);
    if (failure_.ok()) failure_ = why;
  }
  turn_.notify_all();
}

Status SpillTurns::failure() {
  std::lock_guard lock(mu_);
  return failure_;
}

}  // namespace bc::snapshot_internal
