// The shapes of cluster care's person-level outputs (frailty rows, risk
// scores, registers), one for the CLI and the web API alike.
//
// A person is named by their NHS number for the care team, or by a
// pseudonym for analysts (PersonNaming): then the field "nhs_number"
// becomes "pseudonym" and every date is given only to the month, as in the
// pseudonymised person record (care/person_json.h).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "care/features.h"
#include "care/register.h"
#include "care/risk_model.h"
#include "engine/snapshot.h"

namespace bc {

struct PersonNaming {
  // Unset: identifiable (the NHS number, ten digits). Set: the pseudonym
  // of an NHS number.
  std::function<std::string(int64_t nhs_number)> pseudonym;
  bool identifiable() const { return !pseudonym; }
};

// {"nhs_number", "cluster", "practice", "age", "efi_deficits", "efi_score",
// "efi_category", "hfrs" (one decimal; null under 75), "hfrs_band" (null
// under 75)}.
nlohmann::json frailty_row_json(const Snapshot& snap, const Features& f, size_t person,
                                const PersonNaming& naming);

// {"nhs_number", "risk", "rank", "cluster", "factors": [words]}; `rank` is
// among everyone scored (1 = highest).
nlohmann::json risk_score_json(const Snapshot& snap, size_t person, double risk, int64_t rank,
                               const std::vector<std::string_view>& factors,
                               const PersonNaming& naming);

// {"kind", "cluster", "cluster_name", "at", "previous", "top_percent",
// "population", "size", "joined", "left_count", "entries": [{"rank",
// "nhs_number", "practice", "age", "risk", "efi_deficits", "efi_category",
// "hfrs", "hfrs_band", "factors", "last_emergency_admission", "joined"}],
// "left": [{"nhs_number", "reason"}]}.
nlohmann::json register_json(const Snapshot& snap, const Register& reg, const PersonNaming& naming);

// The columns of each shape's CSV form (present/json_csv.h writes it), in
// order: the JSON fields of a row, a list joined by "; ".
const std::vector<std::string>& frailty_columns();
const std::vector<std::string>& risk_score_columns();
const std::vector<std::string>& register_columns();  // of an entry

}  // namespace bc
