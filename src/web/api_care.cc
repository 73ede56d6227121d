// The API's cluster-care routes (issue 16), in the CLI's shapes
// (care/care_json.h, care/distribution.h, care/risk_store.h) with the
// access rules and audit of web/care_views.h:
//   GET /api/v1/clusters/<code>/register   register_json, or counts only
//   GET /api/v1/frailty                    frailty_row_json rows, or
//                                          ?summary=true: counts_json
//   GET /api/v1/risk/scores                risk_score_json rows
//   GET /api/v1/risk/models                the models' cards
// The person record's scores are in /api/v1/persons/<key> (api.cc).
#include <fmt/format.h>

#include <algorithm>

#include "care/risk_store.h"
#include "core/utf8.h"
#include "web/access.h"
#include "web/api_internal.h"
#include "web/care_views.h"
#include "web/router.h"

namespace bc::web {
namespace {

bool in_cluster(const Snapshot& s, size_t i, const std::optional<std::string>& cluster) {
  if (!cluster) return true;
  const int16_t p = s.persons.practice[i];
  return p >= 0 &&
         s.cluster_codes[static_cast<size_t>(s.practice_cluster[static_cast<size_t>(p)])] ==
             *cluster;
}

// The "cluster" parameter: checked against the snapshot; a clinician's own
// cluster when absent.
Result<std::optional<std::string>> cluster_param(const Ctx& ctx, const Snapshot& snap) {
  auto c = ctx.param("cluster");
  if (!c.ok()) return c.status();
  std::optional<std::string> cluster;
  if (*c && !(*c)->empty()) {
    cluster = **c;
  } else if (ctx.user().role == Role::kClinician) {
    cluster = ctx.user().cluster;
  }
  if (cluster && std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), *cluster) ==
                     snap.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", printable(*cluster, 40)));
  return cluster;
}

Result<bool> flag_param(const Ctx& ctx, const std::string& name) {
  auto v = ctx.param(name);
  if (!v.ok()) return v.status();
  if (!*v || (*v)->empty() || **v == "false" || **v == "0") return false;
  if (**v == "true" || **v == "1") return true;
  return Status::invalid_argument(fmt::format("{} is true or false", name));
}

// The "at" and "cluster" of a list of people.
struct ListAsk {
  Date at;
  std::optional<std::string> cluster;
};

Result<ListAsk> list_ask(const Ctx& ctx, const Snapshot& snap) {
  auto at = at_param(ctx, snap);
  if (!at.ok()) return at.status();
  auto cluster = cluster_param(ctx, snap);
  if (!cluster.ok()) return cluster.status();
  return ListAsk{*at, *cluster};
}

// Whether the user may see the list's people (roles that see counts only
// are refused with `refusal`); then the audit entry, `action` with
// "_pseudonymised" for analysts.
Status allow_list(Ctx& ctx, const ListAsk& ask, const std::string& refusal,
                  const std::string& action, const std::string& what) {
  auto form = person_form(ctx.user(), ask.cluster);
  if (!form.ok()) return form.status();
  if (*form == PersonForm::kCounts) {
    return Status::permission_denied(
        fmt::format("the {} role sees {}", role_name(ctx.user().role), refusal));
  }
  return ctx.audit(action + (*form == PersonForm::kPseudonymised ? "_pseudonymised" : ""),
                   fmt::format("{} at {}{} (api)", what, ask.at.iso(),
                               ask.cluster ? " cluster " + *ask.cluster : ""));
}

Status register_route(Ctx& ctx) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  auto request = register_request(ctx, *data->snap, ctx.req.matches[1].str());
  if (!request.ok()) return request.status();
  auto view = open_register(ctx, *data, *request, "api");
  if (!view.ok()) return view.status();
  send_json(ctx.res, view->json);
  return Status();
}

Status frailty_route(Ctx& ctx) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  const Snapshot& snap = *data->snap;
  auto ask = list_ask(ctx, snap);
  if (!ask.ok()) return ask.status();
  auto summary = flag_param(ctx, "summary");
  if (!summary.ok()) return summary.status();
  const User& u = ctx.user();
  const std::optional<std::string>& cluster = ask->cluster;
  if (cluster && !may_view_cluster(u, *cluster))
    return Status::permission_denied("a clinician sees their own cluster only");
  auto scores = data->scores(ctx, ask->at);
  if (*summary) {
    CountTable t = frailty_distribution(snap, scores->features);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : t.rows) {
      const std::optional<std::string> c =
          row.cluster_code.empty() ? std::nullopt : std::optional(row.cluster_code);
      if (cluster && c != *cluster) continue;
      if (u.role == Role::kClinician && c && !may_view_cluster(u, *c)) continue;
      CountTable one{t.columns, {row}};
      out.push_back(counts_json(one, suppress_for(u, c), ctx.app.config().suppression).at(0));
    }
    send_json(ctx.res, out);
    return Status();
  }
  if (Status s = allow_list(ctx, *ask, "frailty as counts only: ask with summary=true",
                            "view_frailty", "frailty");
      !s.ok())
    return s;
  const PersonNaming naming = naming_for(ctx);
  const Features& f = scores->features;
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f.in_population[i] && in_cluster(snap, i, cluster))
      rows.push_back(frailty_row_json(snap, f, i, naming));
  }
  send_json(ctx.res, rows);
  return Status();
}

Status risk_scores_route(Ctx& ctx) {
  auto data = care_data(ctx);
  if (!data.ok()) return data.status();
  const Snapshot& snap = *data->snap;
  auto ask = list_ask(ctx, snap);
  if (!ask.ok()) return ask.status();
  if (auto form = person_form(ctx.user(), ask->cluster);
      !data->model && form.ok() && *form != PersonForm::kCounts)
    return Status::not_found(std::string(kNoModelMessage));
  if (Status s = allow_list(ctx, *ask, "risk as counts only (the overview)", "view_risk_scores",
                            fmt::format("risk scores model {}", data->model ? data->model->id : 0));
      !s.ok())
    return s;
  auto scores = data->scores(ctx, ask->at);
  const Features& f = scores->features;
  const std::vector<double>& risk = scores->risk;
  std::vector<uint32_t> ranked;
  for (size_t i = 0; i < f.size(); ++i)
    if (f.in_population[i]) ranked.push_back(static_cast<uint32_t>(i));
  std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    return risk[a] != risk[b] ? risk[a] > risk[b] : snap.persons.nhs[a] < snap.persons.nhs[b];
  });
  const PersonNaming naming = naming_for(ctx);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t k = 0; k < ranked.size(); ++k) {
    const uint32_t i = ranked[k];
    if (!in_cluster(snap, i, ask->cluster)) continue;
    rows.push_back(risk_score_json(snap, i, risk[i], static_cast<int64_t>(k) + 1,
                                   risk_factors(*data->model, f, i), naming));
  }
  send_json(ctx.res, rows);
  return Status();
}

Status risk_models_route(Ctx& ctx) {
  const Role role = ctx.user().role;
  if (role != Role::kAnalyst && role != Role::kAdmin)
    return Status::permission_denied("the risk models' cards are for analysts and admins");
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto cards = list_risk_models(**store);
  if (!cards.ok()) return cards.status();
  send_json(ctx.res, nlohmann::json(*cards));
  return Status();
}

}  // namespace

void add_care_api_routes(Router& r) {
  r.get(R"(/api/v1/clusters/([A-Za-z0-9_-]{1,32})/register)", register_route);
  r.get(R"(/api/v1/frailty)", frailty_route);
  r.get(R"(/api/v1/risk/scores)", risk_scores_route);
  r.get(R"(/api/v1/risk/models)", risk_models_route);
}

}  // namespace bc::web
