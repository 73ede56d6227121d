#include "web/app.h"

#include <chrono>

#include "engine/saved_snapshot.h"
#include "web/accounts.h"

namespace bc {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// How often a request may ask the store whether an import has landed.
constexpr int64_t kCheckEveryMs = 2000;

}  // namespace

StoreLease::~StoreLease() {
  if (app_ != nullptr && store_ != nullptr) app_->give_back(std::move(store_));
}

Result<std::unique_ptr<WebApp>> WebApp::open(const std::string& db_path,
                                             const std::string& key_file, size_t cache_bytes) {
  std::unique_ptr<WebApp> app(new WebApp());
  app->db_path_ = db_path;
  app->key_file_ = key_file;
  app->metric_cache_.set_max_bytes(cache_bytes);
  app->config_ = &builtin_metric_config();
  auto store = Store::open(db_path, Store::Mode::kOpenExisting, key_file);
  if (!store.ok()) return store.status();
  auto key = bc::pseudonym_key(**store);
  if (!key.ok()) return key.status();
  app->pseudonym_key_ = *key;
  app->pool_.push_back(std::move(*store));
  // The audit log's writer has a connection of its own.
  auto audit_store = Store::open(db_path, Store::Mode::kOpenExisting, key_file);
  if (!audit_store.ok()) return audit_store.status();
  app->audit_ = std::make_unique<AuditQueue>(std::move(*audit_store));
  auto snap = app->snapshot();
  if (!snap.ok()) return snap.status();
  return app;
}

Status WebApp::audit(const std::string& actor, const std::string& action,
                     const std::string& subject, const std::string& origin) {
  return audit_->append(actor, action, subject, origin);
}

Result<StoreLease> WebApp::store() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return StoreLease(this, std::move(s));
    }
  }
  auto s = Store::open(db_path_, Store::Mode::kOpenExisting, key_file_);
  if (!s.ok()) return s.status();
  return StoreLease(this, std::move(*s));
}

void WebApp::give_back(std::unique_ptr<Store> s) {
  std::lock_guard lock(pool_mu_);
  pool_.push_back(std::move(s));
}

Result<std::shared_ptr<const Snapshot>> WebApp::snapshot() {
  std::unique_lock lock(snap_mu_);
  int64_t now = now_ms();
  // While one request loads a new snapshot, the others answer from the old.
  if (snap_ && (snap_loading_ || now - snap_checked_ms_ < kCheckEveryMs)) return snap_;
  auto store = this->store();
  if (!store.ok()) return store.status();
  auto sources = snapshot_sources(**store);
  if (!sources.ok()) return sources.status();
  snap_checked_ms_ = now;
  if (snap_ && *sources == snap_sources_) return snap_;
  // Read from the file an import beside the store saved, or built (and
  // saved); held in this process's memory (SnapshotLoad::kRead), so that
  // nothing done to the file can take it away.
  const bool first = snap_ == nullptr;
  snap_loading_ = true;
  if (!first) lock.unlock();
  auto loaded = load_snapshot(**store, SnapshotLoad::kRead);
  if (!first) lock.lock();
  snap_loading_ = false;
  if (!loaded.ok()) return loaded.status();
  snap_ = std::move(loaded->snapshot);
  snap_sources_ = std::move(loaded->stamp.sources);
  return snap_;
}

}  // namespace bc
