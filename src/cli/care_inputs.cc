#include "cli/care_inputs.h"

#include "care/risk_store.h"

namespace bc::cli {

Result<CareInputs> open_care_inputs(const Globals& g, bool with_model, int64_t model_id) {
  CareInputs in;
  auto store = open_store(g);
  if (!store.ok()) return store.status();
  in.store = std::move(*store);
  if (with_model) {
    auto model = load_risk_model(*in.store, model_id > 0 ? std::optional(model_id) : std::nullopt);
    if (!model.ok()) return model.status();
    in.model = std::move(*model);
  }
  auto snap = build_snapshot(*in.store);
  if (!snap.ok()) return snap.status();
  in.snap = std::move(*snap);
  return in;
}

}  // namespace bc::cli
