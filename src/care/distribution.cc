#include "care/distribution.h"

#include <functional>

#include "engine/disclosure.h"
#include "engine/evaluate.h"

namespace bc {
namespace {

// A table with a row per cluster and the total, counting each person
// through `add(person, row)`.
CountTable table(const Snapshot& s, const Features& f, std::vector<std::string> columns,
                 const std::function<void(size_t, CountTable::Row&)>& add) {
  CountTable t;
  t.columns = std::move(columns);
  const size_t clusters = s.cluster_codes.size();
  for (size_t c = 0; c <= clusters; ++c) {
    CountTable::Row r;
    r.cluster_code = c < clusters ? s.cluster_codes[c] : "";
    r.cluster_name = c < clusters ? s.cluster_names[c] : "All clusters";
    r.counts.assign(t.columns.size(), 0);
    r.key_sums.assign(t.columns.size(), 0);
    t.rows.push_back(std::move(r));
  }
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.in_population[i]) continue;
    const int16_t p = s.persons.practice[i];
    if (p >= 0) add(i, t.rows[static_cast<size_t>(s.practice_cluster[static_cast<size_t>(p)])]);
    add(i, t.rows.back());
  }
  return t;
}

void count(CountTable::Row& r, size_t column, uint16_t key) {
  ++r.counts[column];
  r.key_sums[column] += key;
}

}  // namespace

CountTable frailty_distribution(const Snapshot& snap, const Features& f) {
  return table(snap, f,
               {"population", "fit", "mild", "moderate", "severe", "aged_75_plus", "hfrs_low",
                "hfrs_intermediate", "hfrs_high"},
               [&](size_t i, CountTable::Row& r) {
                 const uint16_t key = snap.persons.rkey[i];
                 count(r, 0, key);
                 count(r, 1 + static_cast<size_t>(efi_category(f.efi_deficits[i])), key);
                 if (f.hfrs_tenths[i] >= 0) {
                   count(r, 5, key);
                   count(r, 6 + static_cast<size_t>(hfrs_band(f.hfrs_tenths[i])), key);
                 }
               });
}

CountTable risk_distribution(const Snapshot& snap, const Features& f,
                             const std::vector<double>& risk) {
  return table(
      snap, f,
      {"population", "risk_under_5", "risk_5_10", "risk_10_20", "risk_20_50", "risk_50_plus"},
      [&](size_t i, CountTable::Row& r) {
        const uint16_t key = snap.persons.rkey[i];
        const double x = risk[i];
        count(r, 0, key);
        count(r, x < 0.05 ? 1 : x < 0.10 ? 2 : x < 0.20 ? 3 : x < 0.50 ? 4 : 5, key);
      });
}

nlohmann::json counts_json(const CountTable& t, bool suppress, const SuppressionRule& rule) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : t.rows) {
    nlohmann::json row = {{"cluster", r.cluster_code.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(r.cluster_code)},
                          {"cluster_name", r.cluster_name}};
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (!suppress) {
        row[t.columns[c]] = r.counts[c];
        continue;
      }
      const int64_t n = perturbed_count(r.counts[c], r.key_sums[c], rule);
      const bool small = r.counts[c] > 0 && r.counts[c] < rule.hide_below;
      auto shown = suppress_count(n, rule);
      row[t.columns[c]] = small || !shown ? nlohmann::json(nullptr) : nlohmann::json(*shown);
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace bc
