// Fitted risk models and their validations, kept in the store with their
// cards (tables risk_models and risk_validations, migration 0009; care
// owns them).
//
// A model's card is its whole definition as JSON (risk_model_json): the
// training index date, population and events, every coefficient with its
// feature and its odds ratio. A stored model never changes; validating it
// on a later year adds a row beside it. Loading a card written with
// another feature set (kRiskFeatureSet) is refused, never scored.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "care/risk_model.h"
#include "care/risk_validation.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

// The card: {"model_id", "feature_set", "created_at", "created_by",
// "index_date", "outcome", "population", "events", "event_rate",
// "iterations", "intercept", "coefficients": [{"feature", "words",
// "coefficient", "odds_ratio"}], "months_missing"}.
nlohmann::json risk_model_json(const RiskModel& m);
// The model a card describes; InvalidArgument when it is not one this
// version can score.
Result<RiskModel> risk_model_from_json(const nlohmann::json& card);

// A validation: {"model_id", "index_date", "population", "events",
// "event_rate", "auc", "baseline_auc", "age_auc", "ppv_top0_5",
// "sensitivity_top0_5", "ppv_top1", "sensitivity_top1", "ppv_top5",
// "sensitivity_top5", "top": [{"percent", "people", "events", "ppv",
// "sensitivity"}], "calibration": [{"decile", "people", "events",
// "expected", "observed", "predicted_min", "predicted_max"}],
// "calibration_by_age_band" / "_by_sex" / "_by_cluster": [{"group",
// "people", "events", "expected", "observed"}], "months_missing"}.
nlohmann::json risk_validation_json(const RiskValidation& v, int64_t model_id);

// Saves a fitted model (created_at and created_by set here and in `m`)
// and returns its id.
Result<int64_t> save_risk_model(Store& store, RiskModel& m, const std::string& actor);
// The model with this id, or the latest fitted when none is given;
// NotFound when there is none ("run bettercare risk train").
Result<RiskModel> load_risk_model(Store& store, std::optional<int64_t> id = std::nullopt);
// Every stored model's card, newest first, each with "validations": the
// latest validation per index date.
Result<std::vector<nlohmann::json>> list_risk_models(Store& store);

// Records a validation of a stored model.
Status save_risk_validation(Store& store, int64_t model_id, const nlohmann::json& result,
                            const std::string& actor);

}  // namespace bc
