#include "engine/metric_query.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <system_error>
#include <thread>

#include "engine/disclosure.h"
#include "engine/tally.h"

namespace bc {
namespace {

// Names in user input are cut when echoed in a message.
constexpr size_t kEchoedId = 60, kEchoedName = 40;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out.append(out.empty() ? "" : ", ").append(n);
  return out;
}

Result<std::vector<const MetricDef*>> bind_metrics(const MetricConfig& config,
                                                   const std::vector<std::string>& ids) {
  std::vector<const MetricDef*> out;
  for (const auto& id : ids) {
    const MetricDef* m = config.find(id);
    if (m == nullptr) {
      std::vector<std::string> all;
      for (const auto& d : config.metrics) all.push_back(d.id);
      return Status::not_found(fmt::format("unknown metric '{}'; the metrics are {}",
                                           id.substr(0, kEchoedId), joined(all)));
    }
    out.push_back(m);
  }
  if (out.empty()) {
    for (const auto& m : config.metrics) out.push_back(&m);
  }
  return out;
}

// A dimension every metric allows (config) and has values for (engine).
Status check_allowed(const std::vector<const MetricDef*>& metrics, const std::string& name,
                     std::optional<DimId> id) {
  for (const MetricDef* m : metrics) {
    if (!id || !m->allows(name) || !engine::applies(m->source, *id)) {
      return Status::invalid_argument(fmt::format("{} cannot be broken down by {} (it allows: {})",
                                                  m->id, name.substr(0, kEchoedName),
                                                  joined(m->breakdowns)));
    }
  }
  return Status();
}

}  // namespace

Result<MetricQuery> MetricQuery::bind(const MetricConfig& config, const Snapshot& snap,
                                      const MetricRequest& request) {
  MetricQuery q;
  q.config_ = &config;
  q.period_ = request.period;
  auto metrics = bind_metrics(config, request.metrics);
  if (!metrics.ok()) return metrics.status();
  q.metrics_ = std::move(*metrics);

  const bool cluster_asked =
      std::find(request.by.begin(), request.by.end(), "cluster") != request.by.end();
  const bool extra_cluster = request.cluster && !cluster_asked;
  if (request.by.size() + (extra_cluster ? 1 : 0) > kMaxBreakdowns) {
    return Status::invalid_argument(fmt::format(
        "at most {} breakdowns at once (a cluster restriction counts as one)", kMaxBreakdowns));
  }
  for (const std::string& name : request.by) {
    const std::optional<DimId> id = dimension_named(name);
    if (Status s = check_allowed(q.metrics_, name, id); !s.ok()) return s;
    if (std::find(q.by_.begin(), q.by_.end(), *id) != q.by_.end())
      return Status::invalid_argument(fmt::format("breakdown '{}' named twice", name));
    q.by_.push_back(*id);
  }

  if (request.cluster) {
    for (const MetricDef* m : q.metrics_) {
      if (!m->allows("cluster") || !engine::applies(m->source, DimId::kCluster)) {
        return Status::invalid_argument(fmt::format(
            "{} cannot be restricted to a cluster (it is not about registered people)", m->id));
      }
    }
    const auto& codes = snap.cluster_codes;
    if (std::find(codes.begin(), codes.end(), *request.cluster) == codes.end()) {
      return Status::not_found(
          fmt::format("there is no cluster '{}'", request.cluster->substr(0, kEchoedName)));
    }
    q.cluster_ = request.cluster;
  }
  if (request.suppress) {
    if (Status s = check_disclosure_period(q.period_); !s.ok()) return s;
  }

  q.options_.by = q.by_;
  if (extra_cluster) q.options_.by.insert(q.options_.by.begin(), DimId::kCluster);
  q.options_.suppress = request.suppress;
  q.options_.compare = request.compare;
  return q;
}

std::vector<std::string> MetricQuery::by_names() const {
  std::vector<std::string> out;
  for (DimId id : by_) out.emplace_back(dimension_name(id));
  return out;
}

Result<std::vector<MetricRow>> MetricQuery::evaluate(const Snapshot& snap,
                                                     const MetricDef& metric) const {
  return evaluate_metric(snap, *config_, metric, period_, options_);
}

std::string MetricQuery::cache_key(const MetricDef& metric) const {
  std::string key = fmt::format("{}|{}|{}|{}", metric.id, period_.label(),
                                options_.suppress ? 1 : 0, options_.compare ? 1 : 0);
  for (DimId d : options_.by) key.append("|").append(dimension_name(d));
  return key;
}

std::vector<MetricRow> MetricQuery::restrict(std::vector<MetricRow> rows) const {
  if (!cluster_) return rows;
  std::vector<MetricRow> kept;
  for (MetricRow& r : rows) {
    const GroupValue* g = r.on(DimId::kCluster);
    if (g && g->value == cluster_) kept.push_back(std::move(r));
  }
  return kept;
}

Result<std::vector<MetricRow>> MetricQuery::run(const Snapshot& snap, unsigned threads) const {
  // Each metric's rows in its own slot; workers take the next metric.
  std::vector<std::optional<Result<std::vector<MetricRow>>>> each(metrics_.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < metrics_.size();) {
      try {
        each[i] = evaluate(snap, *metrics_[i]);
      } catch (const std::exception& e) {  // out of memory, say: not out of this thread
        each[i] = Status::internal(fmt::format("evaluating {}: {}", metrics_[i]->id, e.what()));
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (size_t k = 1; k < std::min<size_t>(threads, metrics_.size()); ++k) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the rest is done by those there are
      }
    }
    work();
  }
  std::vector<MetricRow> out;
  for (auto& rows : each) {
    if (!rows->ok()) return rows->status();
    for (MetricRow& r : restrict(std::move(**rows))) out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<MetricRow>> query_metric(const MetricConfig& config, const Snapshot& snap,
                                            const MetricDef& metric, const Period& period,
                                            std::vector<std::string> by, bool suppress,
                                            bool compare) {
  auto q = MetricQuery::bind(
      config, snap, MetricRequest{{metric.id}, std::move(by), {}, period, suppress, compare});
  if (!q.ok()) return q.status();
  return q->run(snap);
}

}  // namespace bc
