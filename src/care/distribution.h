// Counts of people by cluster: the frailty and risk distributions the
// overview and `frailty --summary` show.
//
// Each count carries the sum of its people's record keys
// (Snapshot::persons.rkey), so that shown outside the care team it is
// perturbed and suppressed like every other count of people
// (engine/disclosure.h): counts_json(..., suppress = true).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "care/features.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"

namespace bc {

struct CountTable {
  std::vector<std::string> columns;  // "population", "fit", "mild", ...
  struct Row {
    std::string cluster_code, cluster_name;  // "" and "All clusters" for the total
    std::vector<int64_t> counts;             // one per column
    std::vector<uint32_t> key_sums;
  };
  std::vector<Row> rows;  // each cluster in code order, then the total
};

// Population, eFI categories (fit, mild, moderate, severe), people aged
// 75+ and their HFRS bands (hfrs_low, hfrs_intermediate, hfrs_high).
CountTable frailty_distribution(const Snapshot& snap, const Features& f);

// Population and the predicted risk in bands: under 5%, 5 to 10%, 10 to
// 20%, 20 to 50%, 50% or more (risk_under_5 ... risk_50_plus). `risk` is
// score_risk's, per snapshot person.
CountTable risk_distribution(const Snapshot& snap, const Features& f,
                             const std::vector<double>& risk);

// [{"cluster": code or null, "cluster_name", <column>: count, ...}].
// Suppressed: each count perturbed by its cell key and then hidden (null)
// from 1 to hide_below - 1 or rounded (engine/evaluate.h suppress_count).
nlohmann::json counts_json(const CountTable& t, bool suppress, const SuppressionRule& rule);

}  // namespace bc
