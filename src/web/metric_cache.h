// MetricCache: the engine's answers for the current snapshot, kept until
// the snapshot changes. A snapshot is immutable, so an answer stays right
// for as long as it lives, and the dashboards and API clients ask the same
// questions again and again (a rate per 100,000 by month scans the whole
// register once a month). The WebApp owns one, shared by the pages and the
// API, so they give one answer.
//
// Memory is bounded in bytes: each answer's size is estimated from its rows
// (approx_bytes: the rows, their strings and breakdown groups, and the
// key), and when the total would pass the budget the least recently used
// answers are dropped. An answer larger than the whole budget is returned
// but not kept. The default budget is kDefaultBytes (64 MiB; `serve
// --cache-mb`), 0 keeps nothing.
//
// Thread safety: safe from many threads; evaluation runs outside the lock.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/period.h"
#include "core/status.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"

namespace bc {

class MetricCache {
 public:
  static constexpr size_t kDefaultBytes = size_t{64} << 20;

  explicit MetricCache(size_t max_bytes = kDefaultBytes) : max_bytes_(max_bytes) {}
  MetricCache(const MetricCache&) = delete;
  MetricCache& operator=(const MetricCache&) = delete;

  // Changes the budget, dropping least recently used answers to meet it.
  void set_max_bytes(size_t max_bytes);

  Result<std::vector<MetricRow>> evaluate(const std::shared_ptr<const Snapshot>& snap,
                                          const MetricConfig& cfg, const MetricDef& m,
                                          const Period& p, const EvaluateOptions& o);
  // The same restricted to one cluster: "cluster" is put first among the
  // breakdowns (unless asked for already) and only that cluster's rows are
  // kept. Without a cluster, evaluate().
  Result<std::vector<MetricRow>> evaluate_for(const std::shared_ptr<const Snapshot>& snap,
                                              const MetricConfig& cfg, const MetricDef& m,
                                              const Period& p, EvaluateOptions o,
                                              const std::optional<std::string>& cluster);

  struct Stats {
    size_t entries = 0;
    size_t bytes = 0;  // estimated, as counted against the budget
    size_t max_bytes = 0;
    uint64_t hits = 0, misses = 0, evictions = 0;
  };
  Stats stats();

  // The estimated heap and object bytes of an answer's rows.
  static size_t approx_bytes(const std::vector<MetricRow>& rows);

  // Keeps rows under key (replacing what was there) and evicts to the
  // budget; the rows of a key, if kept, making it the most recently used.
  // The parts evaluate() uses, public for tests.
  void put(const std::string& key, std::vector<MetricRow> rows);
  std::optional<std::vector<MetricRow>> get(const std::string& key);

 private:
  struct Entry {
    std::string key;
    std::vector<MetricRow> rows;
    size_t bytes = 0;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void evict_locked();
  void clear_locked();

  std::mutex mu_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::weak_ptr<const Snapshot> snap_;
  Lru lru_;
  std::unordered_map<std::string, Lru::iterator> index_;
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
};

}  // namespace bc
