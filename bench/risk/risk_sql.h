// bench/risk's SQL peer: every registered living person's risk-model
// features as at an index date (docs/risk.md, src/care/features.h) and
// their score under a fitted model, written once for SQLite and once for
// DuckDB, ending in one row of checks that the engine's must equal:
//
//   population, sum of ages, females, emergency admissions, A&E
//   attendances, bed days, reablement, care home residents, long-term
//   conditions, eFI deficits, people aged 75+ (HFRS scored), sum of their
//   HFRS in tenths, and the sum of every score rounded to 1e-9 (as an
//   integer of billionths).
//
// The tables are the store's (SQLite) or the city's CSVs loaded as text
// (DuckDB, bench/risk/duckdb.mjs); the condition list and the 109 HFRS
// weights are inlined as VALUES. Coefficients: SQLite binds them as
// parameters ?1 (the intercept) to ?33; DuckDB's SQL carries them as
// exact casts of their shortest round-trip text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "care/risk_model.h"
#include "core/date.h"

namespace bench {

inline constexpr size_t kRiskChecks = 13;
using RiskChecks = std::array<int64_t, kRiskChecks>;
// The checks' names, in the SQL's column order.
const std::array<const char*, kRiskChecks>& risk_check_names();

// The features-and-score query at `at` for `model`.
std::string risk_sql(const bc::RiskModel& model, bc::Date at, bool sqlite);

// The engine's checks, computed the same way from its own features and scores.
RiskChecks engine_checks(const bc::Features& f, const std::vector<double>& risk);

}  // namespace bench
