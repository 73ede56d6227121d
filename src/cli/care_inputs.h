// What the cluster-care commands (frailty, register, risk) read: the
// store, a stored risk model and a snapshot of the store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "care/care_plan_write.h"
#include "care/risk_model.h"
#include "cli/cli.h"
#include "engine/snapshot.h"

namespace bc::cli {

struct CareInputs {
  std::unique_ptr<Store> store;
  std::optional<RiskModel> model;  // set when asked for
  std::shared_ptr<const Snapshot> snap;
};

// Opens the store (read-write: the commands audit what they show), loads
// the model `model_id` (the latest when 0) when `with_model`, then builds
// the snapshot. The first failure comes back.
Result<CareInputs> open_care_inputs(const Globals& g, bool with_model, int64_t model_id = 0);

// Prints what a form's write did ("<done>: <what> <id>[ version <n>]"), or
// fails with each refusal by field (exit 3, "nothing was written").
int report_write(const Result<WriteResult>& w, const std::string& done, const std::string& what);

}  // namespace bc::cli
