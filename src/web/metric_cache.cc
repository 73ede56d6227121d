#include "web/metric_cache.h"

#include <fmt/format.h>

#include <algorithm>

namespace bc {
namespace {

// Heap bytes of a string beyond the object itself (none while it fits the
// small-string buffer).
size_t heap_bytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

size_t heap_bytes(const std::optional<std::string>& s) {
  return s ? heap_bytes(*s) : 0;
}

// Bookkeeping of one entry beyond its rows: the list node, the index's node
// and bucket, and the key twice.
constexpr size_t kEntryOverhead = 128;

}  // namespace

size_t MetricCache::approx_bytes(const std::vector<MetricRow>& rows) {
  size_t n = rows.capacity() * sizeof(MetricRow);
  for (const MetricRow& r : rows) {
    n += heap_bytes(r.metric) + heap_bytes(r.period);
    n += r.group.capacity() * sizeof(r.group.front());
    for (const GroupValue& g : r.group) n += heap_bytes(g.value);
    n += heap_bytes(r.population) + heap_bytes(r.cohort) + heap_bytes(r.note);
    n += r.missing.capacity() * sizeof(std::string);
    for (const auto& m : r.missing) n += heap_bytes(m);
  }
  return n;
}

void MetricCache::set_max_bytes(size_t max_bytes) {
  std::lock_guard lock(mu_);
  max_bytes_ = max_bytes;
  evict_locked();
}

MetricCache::Stats MetricCache::stats() {
  std::lock_guard lock(mu_);
  return Stats{lru_.size(), bytes_, max_bytes_, hits_, misses_, evictions_};
}

void MetricCache::put(const std::string& key, std::vector<MetricRow> rows) {
  const size_t bytes = approx_bytes(rows) + 2 * heap_bytes(key) + kEntryOverhead;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (bytes > max_bytes_) return;  // larger than the whole budget: not kept
  lru_.push_front(Entry{key, std::move(rows), bytes});
  index_.emplace(key, lru_.begin());
  bytes_ += bytes;
  evict_locked();
}

std::optional<std::vector<MetricRow>> MetricCache::get(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->rows;
}

void MetricCache::evict_locked() {
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    Entry& last = lru_.back();
    bytes_ -= last.bytes;
    index_.erase(last.key);
    lru_.pop_back();
    ++evictions_;
  }
}

void MetricCache::clear_locked() {
  index_.clear();
  lru_.clear();
  bytes_ = 0;
}

Result<std::vector<MetricRow>> MetricCache::evaluate(const std::shared_ptr<const Snapshot>& snap,
                                                     const MetricQuery& q, const MetricDef& m) {
  const std::string key = q.cache_key(m);
  {
    std::lock_guard lock(mu_);
    if (snap_.owner_before(snap) || snap.owner_before(snap_) || snap_.expired()) {
      clear_locked();
      snap_ = snap;
    }
  }
  if (auto kept = get(key)) return q.restrict(std::move(*kept));
  auto rows = q.evaluate(*snap, m);
  if (!rows.ok()) return rows;
  bool newer = false;
  {
    std::lock_guard lock(mu_);
    newer = snap_.owner_before(snap) || snap.owner_before(snap_);
  }
  if (!newer) put(key, *rows);  // answers for an older snapshot are not kept
  return q.restrict(std::move(*rows));
}

}  // namespace bc
