// CareCache: everyone's frailty and risk on a date (care/register.h
// ScoredDate), kept for the current snapshot so that the registers, the
// dashboards' register counts, the overview's distributions and the
// person pages do not compute a whole city's facts on every request (a few
// scans of the snapshot: 0.1 to 0.3 s at 300,000 people).
//
// An entry's key is the snapshot it was computed from, the risk model's id
// (0: facts only, no model) and the date; a stored model never changes, so
// its id names its scores. When the application's snapshot changes (an
// import landed) every entry is dropped. At most max_entries are kept (the
// least recently used goes first): each holds about 30 bytes per person of
// the register, 9 MB at 300,000 people.
//
// Requests for an entry being computed wait for that one computation
// instead of repeating it; the computation and the waiting happen outside
// the lock, so a slow request holds up only those asking for the same
// date, never the others (each runs on its own worker, web/http_server.h).
//
// Thread safety: safe from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <mutex>

#include "care/register.h"
#include "care/risk_model.h"
#include "core/date.h"
#include "engine/snapshot.h"

namespace bc {

class CareCache {
 public:
  static constexpr size_t kDefaultEntries = 8;

  explicit CareCache(size_t max_entries = kDefaultEntries) : max_entries_(max_entries) {}
  CareCache(const CareCache&) = delete;
  CareCache& operator=(const CareCache&) = delete;

  // Everyone's facts on `at`, and their risk with `model` (null: facts
  // only), computed once per snapshot, model and date.
  std::shared_ptr<const ScoredDate> scores(const std::shared_ptr<const Snapshot>& snap,
                                           const RiskModel* model, Date at);

  struct Stats {
    size_t entries = 0;
    uint64_t hits = 0, misses = 0;
  };
  Stats stats();

 private:
  using Value = std::shared_future<std::shared_ptr<const ScoredDate>>;
  struct Entry {
    int64_t model = 0;
    Date at;
    Value value;
  };

  std::mutex mu_;
  size_t max_entries_;
  std::weak_ptr<const Snapshot> snap_;
  std::list<Entry> lru_;  // most recently used first
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace bc
