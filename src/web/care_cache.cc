#include "web/care_cache.h"

namespace bc {

std::shared_ptr<const ScoredDate> CareCache::scores(const std::shared_ptr<const Snapshot>& snap,
                                                    const RiskModel* model, Date at) {
  const int64_t model_id = model != nullptr ? model->id : 0;
  std::promise<std::shared_ptr<const ScoredDate>> promise;
  Value value;
  bool mine = false;  // this request computes the entry
  {
    std::lock_guard lock(mu_);
    if (snap_.owner_before(snap) || snap.owner_before(snap_) || snap_.expired()) {
      lru_.clear();
      snap_ = snap;
    }
    for (auto it = lru_.begin(); it != lru_.end(); ++it) {
      if (it->model == model_id && it->at == at) {
        ++hits_;
        lru_.splice(lru_.begin(), lru_, it);
        value = lru_.front().value;
        break;
      }
    }
    if (!value.valid()) {
      ++misses_;
      mine = true;
      value = promise.get_future().share();
      lru_.push_front(Entry{model_id, at, value});
      while (lru_.size() > max_entries_) lru_.pop_back();
    }
  }
  // The one computation of this entry, outside the lock; others asking for
  // it wait on `value` meanwhile.
  if (mine) {
    try {
      promise.set_value(std::make_shared<const ScoredDate>(score_date(*snap, model, at)));
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mu_);
      lru_.remove_if([&](const Entry& e) { return e.model == model_id && e.at == at; });
    }
  }
  return value.get();
}

CareCache::Stats CareCache::stats() {
  std::lock_guard lock(mu_);
  return Stats{lru_.size(), hits_, misses_};
}

}  // namespace bc
