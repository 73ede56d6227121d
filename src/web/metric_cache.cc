#include "web/metric_cache.h"

#include <fmt/format.h>

#include <algorithm>

namespace bc {

Result<std::vector<MetricRow>> MetricCache::evaluate(const std::shared_ptr<const Snapshot>& snap,
                                                     const MetricConfig& cfg, const MetricDef& m,
                                                     const Period& p, const EvaluateOptions& o) {
  std::string key =
      fmt::format("{}|{}|{}|{}", m.id, p.label(), o.suppress ? 1 : 0, o.compare ? 1 : 0);
  for (const auto& d : o.by) key += "|" + d;
  {
    std::lock_guard lock(mu_);
    if (snap_.owner_before(snap) || snap.owner_before(snap_) || snap_.expired()) {
      rows_.clear();
      snap_ = snap;
    }
    auto it = rows_.find(key);
    if (it != rows_.end()) return it->second;
  }
  auto rows = evaluate_metric(*snap, cfg, m, p, o);
  if (!rows.ok()) return rows;
  std::lock_guard lock(mu_);
  if (!snap_.owner_before(snap) && !snap.owner_before(snap_)) {
    if (rows_.size() >= kMaxEntries) rows_.clear();
    rows_.emplace(key, *rows);
  }
  return rows;
}

Result<std::vector<MetricRow>> MetricCache::evaluate_for(
    const std::shared_ptr<const Snapshot>& snap, const MetricConfig& cfg, const MetricDef& m,
    const Period& p, EvaluateOptions o, const std::optional<std::string>& cluster) {
  if (!cluster) return evaluate(snap, cfg, m, p, o);
  if (std::find(o.by.begin(), o.by.end(), "cluster") == o.by.end()) {
    o.by.insert(o.by.begin(), "cluster");
  }
  auto rows = evaluate(snap, cfg, m, p, o);
  if (!rows.ok()) return rows;
  std::vector<MetricRow> kept;
  for (MetricRow& r : *rows) {
    for (const auto& [dim, value] : r.group) {
      if (dim == "cluster" && value && *value == *cluster) {
        kept.push_back(std::move(r));
        break;
      }
    }
  }
  return kept;
}

}  // namespace bc
