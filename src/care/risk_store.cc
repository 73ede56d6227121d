#include "care/risk_store.h"

#include <fmt/format.h>

#include <cmath>

#include "store/audit.h"
#include "store/db.h"

namespace bc {
namespace {

using nlohmann::json;

json rows_json(const std::vector<CalibrationRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"group", r.group},
                   {"people", r.people},
                   {"events", r.events},
                   {"expected", r.expected},
                   {"observed", r.events}});
  }
  return out;
}

// "0.5" -> "0_5", "1" -> "1", "5" -> "5": the keys' suffixes.
std::string percent_key(double percent) {
  std::string s = fmt::format("{}", percent);
  for (char& c : s)
    if (c == '.') c = '_';
  return s;
}

}  // namespace

json risk_model_json(const RiskModel& m) {
  json coefficients = json::array();
  const auto features = risk_features();
  for (size_t j = 0; j < features.size() && j < m.coefficients.size(); ++j) {
    coefficients.push_back({{"feature", features[j].id},
                            {"words", features[j].words},
                            {"coefficient", m.coefficients[j]},
                            {"odds_ratio", std::exp(m.coefficients[j])}});
  }
  return {
      {"model_id", m.id},
      {"feature_set", kRiskFeatureSet},
      {"created_at", m.created_at},
      {"created_by", m.created_by},
      {"index_date", m.index.iso()},
      {"outcome",
       "one or more emergency admissions (HES ADMIMETH 21-28) admitted in the 12 months from "
       "the index date"},
      {"population", m.population},
      {"events", m.events},
      {"event_rate",
       m.population > 0 ? static_cast<double>(m.events) / static_cast<double>(m.population) : 0.0},
      {"iterations", m.iterations},
      {"intercept", m.intercept},
      {"coefficients", coefficients},
      {"months_missing", m.months_missing}};
}

Result<RiskModel> risk_model_from_json(const json& card) {
  try {
    if (card.at("feature_set").get<std::string>() != kRiskFeatureSet) {
      return Status::invalid_argument(fmt::format(
          "the stored model was fitted with the feature set {}, which this version of bettercare "
          "cannot score ({}); fit a new one with bettercare risk train",
          card.at("feature_set").get<std::string>(), kRiskFeatureSet));
    }
    RiskModel m;
    m.id = card.at("model_id").get<int64_t>();
    m.created_at = card.at("created_at").get<std::string>();
    m.created_by = card.at("created_by").get<std::string>();
    auto index = Date::parse(card.at("index_date").get<std::string>());
    if (!index.ok()) return index.status();
    m.index = *index;
    m.population = card.at("population").get<int64_t>();
    m.events = card.at("events").get<int64_t>();
    m.iterations = card.at("iterations").get<int>();
    m.intercept = card.at("intercept").get<double>();
    m.months_missing = card.at("months_missing").get<std::vector<std::string>>();
    const auto features = risk_features();
    const json& c = card.at("coefficients");
    if (c.size() != features.size())
      return Status::invalid_argument(
          "the stored model's card has the wrong number of coefficients");
    for (size_t j = 0; j < features.size(); ++j) {
      if (c[j].at("feature").get<std::string>() != features[j].id)
        return Status::invalid_argument("the stored model's card names its features out of order");
      m.coefficients.push_back(c[j].at("coefficient").get<double>());
    }
    return m;
  } catch (const json::exception& e) {
    return Status::invalid_argument(
        fmt::format("the stored model's card is malformed: {}", e.what()));
  }
}

json risk_validation_json(const RiskValidation& v, int64_t model_id) {
  json out = {{"model_id", model_id},           {"index_date", v.index.iso()},
              {"population", v.population},     {"events", v.events},
              {"event_rate", v.event_rate},     {"auc", v.auc},
              {"baseline_auc", v.baseline_auc}, {"age_auc", v.age_auc}};
  json top = json::array();
  for (const TopShare& t : v.top) {
    out["ppv_top" + percent_key(t.percent)] = t.ppv;
    out["sensitivity_top" + percent_key(t.percent)] = t.sensitivity;
    top.push_back({{"percent", t.percent},
                   {"people", t.people},
                   {"events", t.events},
                   {"ppv", t.ppv},
                   {"sensitivity", t.sensitivity}});
  }
  out["top"] = top;
  json deciles = json::array();
  for (size_t d = 0; d < v.deciles.size(); ++d) {
    const CalibrationRow& r = v.deciles[d];
    deciles.push_back({{"decile", d + 1},
                       {"people", r.people},
                       {"events", r.events},
                       {"expected", r.expected},
                       {"observed", r.events},
                       {"predicted_min", r.predicted_min},
                       {"predicted_max", r.predicted_max}});
  }
  out["calibration"] = deciles;
  out["calibration_by_age_band"] = rows_json(v.by_age_band);
  out["calibration_by_sex"] = rows_json(v.by_sex);
  out["calibration_by_cluster"] = rows_json(v.by_cluster);
  out["months_missing"] = v.months_missing;
  return out;
}

Result<int64_t> save_risk_model(Store& store, RiskModel& m, const std::string& actor) {
  Db& db = store.db();
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  m.created_at = utc_now_iso();
  m.created_by = actor;
  auto id = db.query_int("SELECT coalesce(max(model_id), 0) + 1 FROM risk_models");
  if (!id.ok()) return id.status();
  m.id = id->value_or(1);
  auto st = db.prepare(
      "INSERT INTO risk_models (model_id, created_at, created_by, index_date, people, events, "
      "card) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->bind(1, m.id)
      .bind(2, m.created_at)
      .bind(3, actor)
      .bind(4, m.index.iso())
      .bind(5, m.population)
      .bind(6, m.events)
      .bind(7, risk_model_json(m).dump());
  if (Status s = st->run(); !s.ok()) return s;
  if (Status s = (*tx)->commit(); !s.ok()) return s;
  return m.id;
}

Result<RiskModel> load_risk_model(Store& store, std::optional<int64_t> id) {
  auto st = store.db().prepare(id ? "SELECT card FROM risk_models WHERE model_id = ?"
                                  : "SELECT card FROM risk_models ORDER BY model_id DESC LIMIT 1");
  if (!st.ok()) return st.status();
  if (id) st->bind(1, *id);
  Status status;
  if (!st->step(&status)) {
    if (!status.ok()) return status;
    return Status::not_found(id ? fmt::format("there is no risk model {}", *id)
                                : std::string("no risk model has been fitted yet: run bettercare "
                                              "risk train --index DATE"));
  }
  json card = json::parse(st->text(0), nullptr, false);
  if (card.is_discarded()) return Status::store_error("a stored risk model's card is not JSON");
  return risk_model_from_json(card);
}

Result<std::vector<json>> list_risk_models(Store& store) {
  Db& db = store.db();
  ReadTransaction read(db);
  auto st = db.prepare("SELECT model_id, card FROM risk_models ORDER BY model_id DESC");
  if (!st.ok()) return st.status();
  auto vals = db.prepare(
      "SELECT result FROM risk_validations v WHERE model_id = ? AND validation_id = "
      "(SELECT max(validation_id) FROM risk_validations w WHERE w.model_id = v.model_id AND "
      "w.index_date = v.index_date) ORDER BY index_date");
  if (!vals.ok()) return vals.status();
  std::vector<json> out;
  Status status;
  while (st->step(&status)) {
    json card = json::parse(st->text(1), nullptr, false);
    if (card.is_discarded()) return Status::store_error("a stored risk model's card is not JSON");
    card["validations"] = json::array();
    vals->reset();
    vals->bind(1, st->int64(0));
    Status vs;
    while (vals->step(&vs)) {
      json v = json::parse(vals->text(0), nullptr, false);
      if (!v.is_discarded()) card["validations"].push_back(v);
    }
    if (!vs.ok()) return vs;
    out.push_back(std::move(card));
  }
  if (!status.ok()) return status;
  return out;
}

Status save_risk_validation(Store& store, int64_t model_id, const json& result,
                            const std::string& actor) {
  auto st = store.db().prepare(
      "INSERT INTO risk_validations (model_id, created_at, created_by, index_date, result) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->bind(1, model_id)
      .bind(2, utc_now_iso())
      .bind(3, actor)
      .bind(4, result.value("index_date", std::string()))
      .bind(5, result.dump());
  return st->run();
}

}  // namespace bc
