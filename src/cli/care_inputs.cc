#include "cli/care_inputs.h"

#include <iostream>

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
  auto snap = store_snapshot(*in.store);
  if (!snap.ok()) return snap.status();
  in.snap = std::move(*snap);
  return in;
}

int report_write(const Result<WriteResult>& w, const std::string& done, const std::string& what) {
  if (!w.ok()) return fail(w.status());
  if (!w->ok()) {
    std::string msg = "nothing was written:";
    for (const FieldError& e : w->errors) msg += "\n  " + e.field + ": " + e.message;
    return fail(Status::invalid_data(msg));
  }
  std::cout << done << ": " << what << " " << w->plan_id
            << (w->version > 0 ? " version " + std::to_string(w->version) : std::string()) << "\n";
  return static_cast<int>(kExitOk);
}

}  // namespace bc::cli
