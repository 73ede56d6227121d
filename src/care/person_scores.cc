#include "care/person_scores.h"

#include <cmath>

#include "care/care_json.h"
#include "care/features.h"

namespace bc {

Date scores_date(const Snapshot& snap) {
  const auto& months = snap.loaded_months[static_cast<size_t>(DataSource::kSpells)];
  if (months.empty()) return Date::today_utc();
  const int32_t last = months.back();
  return YearMonth::from_parts(last / 12, last % 12 + 1)->last_day().add_days(1);
}

nlohmann::json person_scores_json(const Snapshot& snap, const RiskModel* model, int64_t nhs,
                                  Date at) {
  if (snap.find_person(nhs) < 0) return nullptr;
  return person_scores_json(snap, model, nhs, score_date(snap, model, at));
}

nlohmann::json person_scores_json(const Snapshot& snap, const RiskModel* model, int64_t nhs,
                                  const ScoredDate& scored) {
  const int32_t idx = snap.find_person(nhs);
  if (idx < 0) return nullptr;
  const auto i = static_cast<size_t>(idx);
  const Features& f = scored.features;
  const Date at = f.at;
  nlohmann::json row = frailty_row_json(snap, f, i, PersonNaming{});
  nlohmann::json out = {{"at", at.iso()},
                        {"in_population", f.in_population[i] != 0},
                        {"efi_deficits", row["efi_deficits"]},
                        {"efi_score", row["efi_score"]},
                        {"efi_category", row["efi_category"]},
                        {"hfrs", row["hfrs"]},
                        {"hfrs_band", row["hfrs_band"]},
                        {"risk", nullptr}};
  if (model != nullptr && f.in_population[i] && scored.risk.size() == f.size()) {
    const double risk = scored.risk[i];
    nlohmann::json factors = nlohmann::json::array();
    for (auto w : risk_factors(*model, f, i)) factors.push_back(std::string(w));
    out["risk"] = {{"model_id", model->id},
                   {"model_index_date", model->index.iso()},
                   {"risk", std::round(risk * 1e6) / 1e6},
                   {"factors", factors}};
  }
  return out;
}

}  // namespace bc
