// One person's frailty and risk as at a date, for their record (`bettercare
// person`, the web's person page): computed from the same snapshot and
// model as the registers, so the record and the register agree.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "care/register.h"
#include "care/risk_model.h"
#include "core/date.h"
#include "engine/snapshot.h"

namespace bc {

// The date a record's scores are shown as at by default: the day after
// the last month of spells loaded (the data's own "today"), or today when
// none is.
Date scores_date(const Snapshot& snap);

// {"at", "in_population", "efi_deficits", "efi_score", "efi_category",
// "hfrs" (null under 75), "hfrs_band", "risk": {"model_id",
// "model_index_date", "risk", "factors": [words]} or null when no model is
// given or the person is outside the population on the date}. Null when
// the NHS number is not in the register.
nlohmann::json person_scores_json(const Snapshot& snap, const RiskModel* model, int64_t nhs,
                                  Date at);
// The same from everyone's scores on the date, already computed with
// `model` (register.h score_date; risk left null when they were not).
nlohmann::json person_scores_json(const Snapshot& snap, const RiskModel* model, int64_t nhs,
                                  const ScoredDate& scored);

}  // namespace bc
