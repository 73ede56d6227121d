#include "web/care_views.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "care/care_plan.h"
#include "care/person_scores.h"
#include "care/risk_store.h"
#include "core/utf8.h"
#include "web/access.h"

namespace bc::web {

std::shared_ptr<const ScoredDate> CareData::scores(Ctx& ctx, Date at) const {
  return ctx.app.care_cache().scores(snap, model_or_null(), at);
}

Result<CareData> care_data(Ctx& ctx) {
  CareData d;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  d.snap = *snap;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto model = load_risk_model(**store);
  if (model.ok()) {
    d.model = std::move(*model);
  } else if (model.status().code() != StatusCode::kNotFound) {
    return model.status();
  }
  return d;
}

Result<Date> at_param(const Ctx& ctx, const Snapshot& snap) {
  auto at = ctx.param("at");
  if (!at.ok()) return at.status();
  if (!*at || (*at)->empty()) return scores_date(snap);
  auto d = Date::parse(**at);
  if (!d.ok()) return Status::invalid_argument("at: a date YYYY-MM-DD, e.g. 2018-04-01");
  return d;
}

Result<PersonForm> person_form(const User& u, const std::optional<std::string>& cluster) {
  if (u.role == Role::kAnalyst) return PersonForm::kPseudonymised;
  if (u.role == Role::kClinician) {
    if (!cluster || !may_view_cluster(u, *cluster)) {
      return Status::permission_denied("a clinician sees the people of their own cluster only");
    }
    return PersonForm::kIdentified;
  }
  return PersonForm::kCounts;
}

PersonNaming naming_for(Ctx& ctx) {
  PersonNaming n;
  if (sees_pseudonyms(ctx.user())) {
    const std::string key = ctx.app.pseudonym_key();
    n.pseudonym = [key](int64_t nhs) { return pseudonymise(key, fmt::format("{:010d}", nhs)); };
  }
  return n;
}

void months_only(nlohmann::json& j) {
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) months_only(v);
    return;
  }
  if (!j.is_string()) return;
  const std::string& t = j.get_ref<const std::string&>();
  if (t.size() == 10 && t[4] == '-' && t[7] == '-' && Date::parse(t).ok()) j = t.substr(0, 7);
}

Result<RegisterRequest> register_request(const Ctx& ctx, const Snapshot& snap,
                                         const std::string& cluster) {
  if (std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), cluster) ==
      snap.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", printable(cluster, 40)));
  RegisterRequest r;
  r.cluster = cluster;
  auto list = ctx.param("list");
  if (!list.ok()) return list.status();
  if (*list && !(*list)->empty()) {
    if (**list == "frailty") {
      r.kind = RegisterKind::kFrailty;
    } else if (**list != "risk") {
      return Status::invalid_argument("list is risk or frailty");
    }
  }
  auto at = at_param(ctx, snap);
  if (!at.ok()) return at.status();
  r.at = *at;
  auto top = ctx.param("top");
  if (!top.ok()) return top.status();
  if (*top && !(*top)->empty()) {
    const std::string& t = **top;
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !(v > 0 && v <= 100))
      return Status::invalid_argument("top is a share in per cent, more than 0 and at most 100");
    r.top_percent = v;
  }
  return r;
}

CountTable register_counts(const Snapshot& snap, const Register& reg, const Features& now) {
  CountTable t;
  t.columns = {"population", "size", "joined", "left_count"};
  CountTable::Row row{reg.cluster_code, reg.cluster_name, {0, 0, 0, 0}, {0, 0, 0, 0}};
  const auto cluster = static_cast<int16_t>(
      std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), reg.cluster_code) -
      snap.cluster_codes.begin());
  // The population's key sum: everyone counted in it (registered in the
  // cluster now and in the population on the date), as register.h counts.
  for (size_t i = 0; i < now.size(); ++i) {
    const int16_t p = snap.persons.practice[i];
    if (now.in_population[i] && p >= 0 && snap.practice_cluster[static_cast<size_t>(p)] == cluster)
      row.key_sums[0] += snap.persons.rkey[i];
  }
  row.counts[0] = reg.population;
  auto add = [&](size_t col, size_t person) { row.key_sums[col] += snap.persons.rkey[person]; };
  for (const RegisterEntry& e : reg.entries) {
    add(1, e.person);
    if (e.joined) {
      add(2, e.person);
      ++row.counts[2];
    }
  }
  row.counts[1] = static_cast<int64_t>(reg.entries.size());
  for (const RegisterLeaver& l : reg.left) add(3, l.person);
  row.counts[3] = static_cast<int64_t>(reg.left.size());
  t.rows.push_back(std::move(row));
  return t;
}

namespace {

// The register from the cache's scores for its date and the month before.
Result<Register> cached_register(Ctx& ctx, const CareData& data, const RegisterRequest& request) {
  if (!data.model) return Status::not_found(std::string(kNoModelMessage));
  auto now = data.scores(ctx, request.at);
  auto before = data.scores(ctx, add_months(request.at, -1));
  return build_register(*data.snap, *data.model, request, *now, *before);
}

nlohmann::json counts_only(Ctx& ctx, const CareData& data, const Register& reg, bool suppress) {
  const CountTable t = register_counts(*data.snap, reg, data.scores(ctx, reg.at)->features);
  nlohmann::json row = counts_json(t, suppress, ctx.app.config().suppression).at(0);
  row.erase("cluster");
  row.erase("cluster_name");
  return row;
}

}  // namespace

Result<RegisterView> open_register(Ctx& ctx, const CareData& data, const RegisterRequest& request,
                                   std::string_view how) {
  auto form = person_form(ctx.user(), request.cluster);
  if (!form.ok()) return form.status();
  auto reg = cached_register(ctx, data, request);
  if (!reg.ok()) return reg.status();
  const char* action = *form == PersonForm::kIdentified      ? "view_register"
                       : *form == PersonForm::kPseudonymised ? "view_register_pseudonymised"
                                                             : "view_register_counts";
  const std::string subject =
      fmt::format("{} register {} at {} top {}% ({})", register_kind_name(request.kind),
                  request.cluster, request.at.iso(), request.top_percent, how);
  if (Status s = ctx.audit(action, subject); !s.ok()) return s;
  RegisterView v;
  v.form = *form;
  if (*form == PersonForm::kCounts) {
    v.json = {{"kind", register_kind_name(reg->kind)},
              {"cluster", reg->cluster_code},
              {"cluster_name", reg->cluster_name},
              {"at", reg->at.iso()},
              {"previous", reg->previous.iso()},
              {"top_percent", reg->kind == RegisterKind::kRisk ? nlohmann::json(reg->top_percent)
                                                               : nlohmann::json(nullptr)},
              {"counts_only", true}};
    v.json.update(counts_only(ctx, data, *reg, suppress_for(ctx.user(), request.cluster)));
  } else {
    v.json = register_json(*data.snap, *reg, naming_for(ctx));
    if (*form == PersonForm::kPseudonymised) months_only(v.json);
  }
  v.reg = std::move(*reg);
  return v;
}

Result<Register> cluster_register(Ctx& ctx, const CareData& data, const RegisterRequest& request) {
  return cached_register(ctx, data, request);
}

Result<nlohmann::json> register_counts_json(Ctx& ctx, const CareData& data,
                                            const RegisterRequest& request, bool suppress) {
  auto reg = cached_register(ctx, data, request);
  if (!reg.ok()) return reg.status();
  return counts_only(ctx, data, *reg, suppress);
}

Result<nlohmann::json> register_plan_coverage(Ctx& ctx, const CareData& data, const Register& reg,
                                              bool suppress, std::vector<std::string>* states) {
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto by_person = plan_states(**store, reg.at);
  if (!by_person.ok()) return by_person.status();
  std::vector<int64_t> people;
  for (const RegisterEntry& e : reg.entries) {
    const int64_t nhs = data.snap->persons.nhs[e.person];
    people.push_back(nhs);
    if (states != nullptr) {
      auto it = by_person->find(nhs);
      states->emplace_back(it == by_person->end() ? "none" : plan_state_name(it->second));
    }
  }
  const PlanCoverage c = plan_coverage(*by_person, people);
  const SuppressionRule& rule = ctx.app.config().suppression;
  auto shown = [&](int64_t n) -> nlohmann::json {
    if (!suppress) return n;
    auto s = suppress_count(n, rule);
    return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
  };
  nlohmann::json out = {{"register", shown(c.people)}, {"with_plan", shown(c.with_plan)}};
  out["percent"] = out["register"].is_number_integer() && out["with_plan"].is_number_integer() &&
                           out["register"].get<int64_t>() > 0
                       ? nlohmann::json(std::round(1000.0 * out["with_plan"].get<int64_t>() /
                                                   out["register"].get<int64_t>()) /
                                        10)
                       : nlohmann::json(nullptr);
  return out;
}

Result<nlohmann::json> register_plan_coverage(Ctx& ctx, const CareData& data,
                                              const RegisterRequest& request, bool suppress) {
  auto reg = cached_register(ctx, data, request);
  if (!reg.ok()) return reg.status();
  return register_plan_coverage(ctx, data, *reg, suppress);
}

Result<nlohmann::json> person_scores(Ctx& ctx, int64_t nhs) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  auto at = at_param(ctx, *data->snap);
  if (!at.ok()) return at.status();
  if (data->snap->find_person(nhs) < 0) return nlohmann::json(nullptr);
  nlohmann::json out =
      person_scores_json(*data->snap, data->model_or_null(), nhs, *data->scores(ctx, *at));
  if (sees_pseudonyms(ctx.user())) months_only(out);
  return out;
}

const std::vector<std::pair<std::string, std::string>>& risk_bands() {
  static const std::vector<std::pair<std::string, std::string>> kBands = {
      {"risk_under_5", "under 5%"},
      {"risk_5_10", "5-10%"},
      {"risk_10_20", "10-20%"},
      {"risk_20_50", "20-50%"},
      {"risk_50_plus", "50% or more"}};
  return kBands;
}

std::string_view risk_band_words(double risk) {
  const auto& b = risk_bands();
  const size_t k = risk < 0.05 ? 0 : risk < 0.10 ? 1 : risk < 0.20 ? 2 : risk < 0.50 ? 3 : 4;
  return b[k].second;
}

}  // namespace bc::web
