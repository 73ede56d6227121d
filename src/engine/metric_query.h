// MetricQuery: a question put to the engine, checked once.
//
// Every caller (the CLI's `metrics`, the API's /api/v1/metrics, the metric
// pages and dashboards, the board documents) says what it wants in a
// MetricRequest and binds it. bind() is the one place a request is
// checked: the metric ids exist; each breakdown is a dimension every metric
// asked for allows, none is named twice, and there are at most
// kMaxBreakdowns of them counting a cluster restriction; a cluster
// restriction is allowed by every metric and names a loaded cluster; and,
// with suppression, the period is one suppressed figures may be given for
// (engine/disclosure.h). A bound query does not fail for any of those
// reasons when it is run.
//
// A cluster restriction is evaluated as a breakdown by cluster (first,
// unless asked for already) of which that cluster's rows are kept, so a
// cluster's figures are exactly the whole area's broken down by cluster,
// and one evaluation serves every cluster (web/metric_cache.h keeps it).
//
// Errors: an unknown metric is NotFound, and so is a cluster that is not
// loaded; everything else is InvalidArgument. Messages name what was
// asked for and what is allowed.
//
// Thread safety: a bound query is an immutable value; evaluating it reads
// an immutable snapshot, safe from many threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "core/status.h"
#include "engine/dimensions.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"

namespace bc {

// What a caller asks for, as given (ids and dimension names as text).
struct MetricRequest {
  std::vector<std::string> metrics;    // ids; empty: every metric of the config
  std::vector<std::string> by;         // breakdown dimensions, in order
  std::optional<std::string> cluster;  // only this cluster's rows
  Period period = Period::range(Date(), Date());
  bool suppress = false;  // small-number suppression (for people outside the care team)
  bool compare = true;    // plan and last year
};

class MetricQuery {
 public:
  // Breakdowns at once, a cluster restriction counting as one.
  static constexpr size_t kMaxBreakdowns = 4;

  static Result<MetricQuery> bind(const MetricConfig& config, const Snapshot& snap,
                                  const MetricRequest& request);

  const MetricConfig& config() const { return *config_; }
  // The metrics asked for, in the order asked (the config's order when
  // none was named).
  const std::vector<const MetricDef*>& metrics() const { return metrics_; }
  const Period& period() const { return period_; }
  // The breakdowns as asked, without the cluster restriction's.
  const std::vector<DimId>& by() const { return by_; }
  std::vector<std::string> by_names() const;
  const std::optional<std::string>& cluster() const { return cluster_; }
  bool suppress() const { return options_.suppress; }
  bool compare() const { return options_.compare; }

  // What evaluate() passes to the engine: by() with the cluster
  // restriction's breakdown first when it needs one.
  const EvaluateOptions& options() const { return options_; }

  // One of its metrics over the whole area (before the cluster
  // restriction): what a cache keeps, under cache_key().
  Result<std::vector<MetricRow>> evaluate(const Snapshot& snap, const MetricDef& metric) const;
  std::string cache_key(const MetricDef& metric) const;
  // The rows of the restricted cluster (all of them without a restriction).
  std::vector<MetricRow> restrict(std::vector<MetricRow> rows) const;

  // Every metric in order, restricted: the rows a caller shows. With
  // threads > 1 the metrics are evaluated on up to that many threads at
  // once (the rows are the same, in the same order): for a command that
  // has the machine to itself; the server, which answers many people at
  // once, keeps to one thread a request.
  Result<std::vector<MetricRow>> run(const Snapshot& snap, unsigned threads = 1) const;

 private:
  MetricQuery() = default;

  const MetricConfig* config_ = nullptr;
  std::vector<const MetricDef*> metrics_;
  Period period_ = Period::range(Date(), Date());
  std::vector<DimId> by_;
  std::optional<std::string> cluster_;
  EvaluateOptions options_;
};

// One metric over one period, bound and run: for callers that ask a fixed
// question (the board documents' sections).
Result<std::vector<MetricRow>> query_metric(const MetricConfig& config, const Snapshot& snap,
                                            const MetricDef& metric, const Period& period,
                                            std::vector<std::string> by, bool suppress,
                                            bool compare = true);

}  // namespace bc
