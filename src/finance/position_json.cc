#include "finance/position_json.h"

#include <cmath>

namespace bc {
namespace {

nlohmann::json pounds(Money m) {
  return nlohmann::json(m.pounds());
}

nlohmann::json pct(const std::optional<double>& v) {
  return v ? nlohmann::json(std::round(*v * 10) / 10) : nlohmann::json();
}

// The previous report's outturn and the movement since are left out at M1,
// which has no previous report.
nlohmann::json position_json(const Position& p) {
  nlohmann::json j = {
      {"budget", pounds(p.budget)},         {"ytd_budget", pounds(p.ytd_budget)},
      {"ytd_actual", pounds(p.ytd_actual)}, {"outturn", pounds(p.outturn)},
      {"variance", pounds(p.variance)},     {"variance_pct", pct(p.variance_pct())}};
  if (p.previous_outturn) j["previous_outturn"] = pounds(*p.previous_outturn);
  if (auto m = p.movement()) j["movement"] = pounds(*m);
  return j;
}

nlohmann::json partner_json(const PartnerPosition& p) {
  nlohmann::json j = position_json(p);
  j.erase("variance_pct");
  j["partner"] = p.partner;
  j["borne_variance"] = pounds(p.borne_variance);
  if (!p.has_budget) j["no_budget"] = true;
  return j;
}

}  // namespace

nlohmann::json fund_position_json(const FundPosition& pos) {
  nlohmann::json j;
  j["year"] = pos.year.label();
  j["month"] = pos.month;
  j["schemes"] = nlohmann::json::array();
  for (const auto& s : pos.schemes) {
    nlohmann::json sj = position_json(s);
    sj["code"] = s.code;
    sj["name"] = s.name;
    sj["host"] = s.host;
    sj["risk_share"] = s.risk_share;
    sj["partners"] = nlohmann::json::array();
    for (const auto& p : s.partners) sj["partners"].push_back(partner_json(p));
    j["schemes"].push_back(std::move(sj));
  }
  j["totals"] = position_json(pos.totals);
  j["by_partner"] = nlohmann::json::array();
  for (const auto& p : pos.by_partner) j["by_partner"].push_back(partner_json(p));
  j["by_funding_stream"] = nlohmann::json::array();
  for (const auto& [stream, budget] : pos.by_stream) {
    j["by_funding_stream"].push_back({{"funding_stream", stream}, {"budget", pounds(budget)}});
  }
  if (!pos.warnings.empty()) j["warnings"] = pos.warnings;
  return j;
}

}  // namespace bc
