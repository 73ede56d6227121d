// MetricCache: the engine's answers for the current snapshot, kept until
// the snapshot changes. A snapshot is immutable, so an answer stays right
// for as long as it lives, and the dashboards and API clients ask the same
// questions again and again (a rate per 100,000 by month scans the whole
// register once a month). The WebApp owns one, shared by the pages and the
// API, so they give one answer. At most kMaxEntries answers are kept.
//
// Thread safety: safe from many threads; evaluation runs outside the lock.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/period.h"
#include "engine/snapshot.h"

namespace bc {

class MetricCache {
 public:
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

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::weak_ptr<const Snapshot> snap_;
  std::map<std::string, std::vector<MetricRow>> rows_;
};

}  // namespace bc
