// WebApp: what every request of the web application shares.
//
// It owns the metric definitions, the engine's snapshot of the store's data
// (rebuilt, at most every few seconds, when an import has landed since it
// was built) and a pool of store connections, one lent to each request
// that needs the store. It knows nothing of HTTP.
//
// Thread safety: every member function may be called from many threads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/care_cache.h"
#include "web/metric_cache.h"

namespace bc {

class WebApp;

// A store connection lent to one request; returned to the pool when it goes.
class StoreLease {
 public:
  StoreLease(WebApp* app, std::unique_ptr<Store> store) : app_(app), store_(std::move(store)) {}
  StoreLease(StoreLease&&) = default;
  StoreLease& operator=(StoreLease&&) = delete;
  ~StoreLease();
  Store& operator*() { return *store_; }
  Store* operator->() { return store_.get(); }

 private:
  WebApp* app_;
  std::unique_ptr<Store> store_;
};

class WebApp {
 public:
  // Opens the store (it must exist) with its keys (key_file, or where
  // store/site_keys.h says when empty) and builds the first snapshot; the
  // engine's answers are kept up to cache_bytes (metric_cache.h).
  static Result<std::unique_ptr<WebApp>> open(const std::string& db_path,
                                              const std::string& key_file = "",
                                              size_t cache_bytes = MetricCache::kDefaultBytes);

  const MetricConfig& config() const { return *config_; }
  // The current snapshot; rebuilt first if an import has landed since.
  Result<std::shared_ptr<const Snapshot>> snapshot();
  // A connection for this request.
  Result<StoreLease> store();
  // Appends to the audit log (store/audit.h) and returns once the entry is
  // committed; many requests' entries share one transaction (AuditQueue).
  Status audit(const std::string& actor, const std::string& action, const std::string& subject,
               const std::string& origin);
  // The analysts' pseudonym key (web/accounts.h).
  const std::string& pseudonym_key() const { return pseudonym_key_; }
  const std::string& db_path() const { return db_path_; }
  // The area's name (serve --area), shown on every page; set before serving.
  const std::string& area() const { return area_; }
  void set_area(std::string area) { area_ = std::move(area); }
  // The engine's answers for the current snapshot (web/metric_cache.h).
  MetricCache& metric_cache() { return metric_cache_; }
  // Everyone's frailty and risk by date for the current snapshot
  // (web/care_cache.h).
  CareCache& care_cache() { return care_cache_; }

 private:
  friend class StoreLease;
  WebApp() = default;
  void give_back(std::unique_ptr<Store> s);

  std::string db_path_;
  std::string key_file_;
  std::string area_;
  const MetricConfig* config_ = nullptr;
  std::string pseudonym_key_;
  MetricCache metric_cache_{MetricCache::kDefaultBytes};
  CareCache care_cache_;

  std::unique_ptr<AuditQueue> audit_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Store>> pool_;

  std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;
  SnapshotSources snap_sources_;  // what the snapshot was built from
  int64_t snap_checked_ms_ = 0;   // when the store was last asked
  bool snap_loading_ = false;     // a request is loading a newer one
};

}  // namespace bc
