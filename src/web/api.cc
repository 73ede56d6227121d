// The JSON API, /api/v1/...: the same figures in the same shapes as the
// CLI's --format json (engine/metric_json.h, finance/position_json.h,
// programme/scheme_report_json.h, ingest/import_history.h,
// care/person_json.h), with the access rules of web/access.h. docs/api.md
// and /api/v1/openapi.json (web/openapi.cc) describe every route.
#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "core/date.h"
#include "engine/evaluate.h"
#include "engine/metric_json.h"
#include "finance/position.h"
#include "finance/position_json.h"
#include "ingest/import_history.h"
#include "programme/scheme_report.h"
#include "programme/scheme_report_json.h"
#include "programme/schemes.h"
#include "store/audit.h"
#include "web/access.h"
#include "web/api_internal.h"
#include "web/care_views.h"
#include "web/person_access.h"
#include "web/router.h"

namespace bc::web {

Result<std::vector<std::string>> split_list(const std::optional<std::string>& v) {
  std::vector<std::string> out;
  if (!v) return out;
  std::stringstream in(*v);
  for (std::string x; std::getline(in, x, ',');) {
    if (!x.empty()) out.push_back(x);
  }
  if (out.size() > 20) return Status::invalid_argument("too many values in a list (at most 20)");
  return out;
}

Result<MetricQuery> bind_metric_query(Ctx& ctx, const Snapshot& snap, MetricRequest request) {
  if (request.cluster && !may_view_cluster(ctx.user(), *request.cluster)) {
    return Status::permission_denied("you may see only your own cluster's dashboard");
  }
  request.suppress = suppress_for(ctx.user(), request.cluster);
  return MetricQuery::bind(ctx.app.config(), snap, request);
}

Result<std::vector<MetricRow>> run_metric_query(Ctx& ctx,
                                                const std::shared_ptr<const Snapshot>& snap,
                                                const MetricQuery& q) {
  std::vector<MetricRow> out;
  for (const MetricDef* m : q.metrics()) {
    auto rows = ctx.app.metric_cache().evaluate(snap, q, *m);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(std::move(r));
  }
  return out;
}

namespace {

Status need(const Ctx& ctx, Capability c, const char* what) {
  if (!may(ctx.user(), c)) {
    return Status::permission_denied(
        fmt::format("the {} role may not see {}", role_name(ctx.user().role), what));
  }
  return Status();
}

// "/schemes/CAR/reports/2017-18/Q4" style quarter: "2017-18", "Q4" -> "2017/18:Q4".
Result<Period> quarter_from_path(const std::string& year, const std::string& q) {
  std::string text = year + ":" + q;
  if (text.size() > 4 && text[4] == '-') text[4] = '/';
  return Period::parse_quarter(text);
}

Status metrics_route(Ctx& ctx) {
  MetricRequest q;
  auto metric = ctx.param("metric");
  auto by = ctx.param("by");
  auto cluster = ctx.param("cluster");
  auto period = ctx.param("period");
  for (auto* p : {&metric, &by, &cluster, &period}) {
    if (!p->ok()) return p->status();
  }
  auto metrics = split_list(*metric);
  auto dims = split_list(*by);
  if (!metrics.ok()) return metrics.status();
  if (!dims.ok()) return dims.status();
  q.metrics = *metrics;
  q.by = *dims;
  q.cluster = *cluster;
  auto p = *period && !(*period)->empty() ? Period::parse(**period) : ctx.period();
  if (!p.ok()) return Status::invalid_argument(p.status().message());
  q.period = *p;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto query = bind_metric_query(ctx, **snap, q);
  if (!query.ok()) return query.status();
  auto rows = run_metric_query(ctx, *snap, *query);
  if (!rows.ok()) return rows.status();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : *rows) out.push_back(metric_row_json(row));
  // A JSON download of figures, audited like the CSV one before it leaves.
  std::string subject = fmt::format("{} {} {}", metrics->empty() ? "all" : **metric,
                                    query->period().label(), *by ? **by : "");
  if (q.cluster) subject += " cluster=" + *q.cluster;
  if (Status s = ctx.audit("export_json", subject); !s.ok()) return s;
  send_json(ctx.res, out);
  return Status();
}

Status metric_definitions_route(Ctx& ctx) {
  nlohmann::json out = nlohmann::json::array();
  for (const MetricDef& m : ctx.app.config().metrics) {
    out.push_back({{"id", m.id},
                   {"name", m.name},
                   {"short_name", m.short_name},
                   {"description", m.description},
                   {"unit", m.unit_name()},
                   {"lower_is_better", m.lower_is_better},
                   {"national_source", m.national_source},
                   {"deviation", m.deviation},
                   {"breakdowns", m.breakdowns}});
  }
  send_json(ctx.res, out);
  return Status();
}

Status finance_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kFinance, "the pooled fund"); !s.ok()) return s;
  auto year = ctx.param("year");
  auto month = ctx.param("month");
  auto scheme = ctx.param("scheme");
  for (auto* p : {&year, &month, &scheme}) {
    if (!p->ok()) return p->status();
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto latest = latest_ledger_month(**store);
  if (!latest.ok()) return latest.status();
  std::optional<FinancialYear> fy;
  int m = 0;
  if (*year) {
    auto parsed = FinancialYear::parse(**year);
    if (!parsed.ok()) return Status::invalid_argument("year: " + parsed.error());
    fy = *parsed;
  } else if (*latest) {
    fy = (*latest)->first;
  }
  if (*month) {
    const std::string& t = **month;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), m);
    if (t.empty() || t.size() > 2 || t.find_first_not_of("0123456789") != std::string::npos ||
        ec != std::errc() || p != t.data() + t.size() || m < 1 || m > 12) {
      return Status::invalid_argument("month must be 1 to 12 (1 = April)");
    }
  } else if (*latest && fy && fy->start_year() == (*latest)->first.start_year()) {
    m = (*latest)->second;
  } else {
    m = 12;
  }
  if (!fy) return Status::not_found("the ledger is empty: import budgets.csv and ledger.csv");
  auto pos = fund_position(**store, *fy, m, *scheme);
  if (!pos.ok()) return pos.status();
  send_json(ctx.res, fund_position_json(*pos));
  return Status();
}

Status schemes_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kSchemeReports, "schemes"); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto schemes = list_schemes(**store);
  if (!schemes.ok()) return schemes.status();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : *schemes) {
    out.push_back({{"code", s.code},
                   {"name", s.name},
                   {"host", s.host},
                   {"pooled_budget_manager", s.pooled_budget_manager},
                   {"risk_share", s.risk_share},
                   {"editable", may_edit_scheme_report(ctx.user(), s.code)}});
  }
  send_json(ctx.res, out);
  return Status();
}

Status scheme_reports_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kSchemeReports, "schemes' reports"); !s.ok()) return s;
  std::string code = ctx.req.matches[1];
  auto quarter = ctx.param("quarter");
  if (!quarter.ok()) return quarter.status();
  std::optional<Period> q;
  if (*quarter) {
    auto parsed = Period::parse_quarter(**quarter);
    if (!parsed.ok()) return parsed.status();
    q = *parsed;
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  if (auto s = find_scheme(**store, code); !s.ok()) return s.status();
  auto list = list_scheme_reports(**store, q, code);
  if (!list.ok()) return list.status();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& v : *list) out.push_back(scheme_report_json(v, false));
  send_json(ctx.res, out);
  return Status();
}

Status scheme_report_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kSchemeReports, "schemes' reports"); !s.ok()) return s;
  std::string code = ctx.req.matches[1];
  auto quarter = quarter_from_path(ctx.req.matches[2], ctx.req.matches[3]);
  if (!quarter.ok()) return quarter.status();
  auto version = ctx.param("version");
  if (!version.ok()) return version.status();
  std::optional<int> v;
  if (*version) {
    const std::string& t = **version;
    int n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos ||
        ec != std::errc() || p != t.data() + t.size()) {
      return Status::invalid_argument("version must be a whole number from 1");
    }
    v = n;
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto history = scheme_report_history(**store, code, *quarter);
  if (!history.ok()) return history.status();
  auto report = get_scheme_report(**store, code, *quarter, v);
  if (!report.ok()) return report.status();
  nlohmann::json out = scheme_report_json(*report, true);
  out["history"] = nlohmann::json::array();
  for (const auto& h : *history) out["history"].push_back(scheme_report_json(h, false));
  if (Status s = ctx.audit("export_scheme_report",
                           fmt::format("{} {} v{}", code, quarter->label(), report->version));
      !s.ok())
    return s;
  send_json(ctx.res, out);
  return Status();
}

Status scheme_report_set_route(Ctx& ctx) {
  std::string code = ctx.req.matches[1];
  if (!may_edit_scheme_report(ctx.user(), code)) {
    return Status::permission_denied("only the scheme's lead may change its report");
  }
  auto quarter = quarter_from_path(ctx.req.matches[2], ctx.req.matches[3]);
  if (!quarter.ok()) return quarter.status();
  std::string type = ctx.req.get_header_value("Content-Type");
  std::string file_name = type.rfind("text/markdown", 0) == 0 ? "web.md" : "web.toml";
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto set = set_scheme_report_from_file(**store, code, *quarter, ctx.req.body, file_name,
                                         ctx.user().name);
  if (!set.ok()) return set.status();
  // Audited as the report editor's page does.
  if (set->what != SetResult::kUnchanged) {
    if (Status s = ctx.audit("edit_scheme_report",
                             fmt::format("{} {} v{}", code, quarter->label(), set->version));
        !s.ok())
      return s;
  }
  const char* what[] = {"created", "updated", "new_version", "unchanged"};
  send_json(ctx.res, {{"scheme", code},
                      {"quarter", quarter->label()},
                      {"version", set->version},
                      {"result", what[set->what]}});
  return Status();
}

Status scheme_report_step_route(Ctx& ctx) {
  std::string code = ctx.req.matches[1];
  auto quarter = quarter_from_path(ctx.req.matches[2], ctx.req.matches[3]);
  if (!quarter.ok()) return quarter.status();
  auto body = nlohmann::json::parse(ctx.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("step") ||
      !body["step"].is_string()) {
    return Status::invalid_argument(
        "send a JSON object {\"step\": \"submit|jcb_receive|jcb_sign_off|hwb_receive|"
        "hwb_sign_off\", \"date\": \"YYYY-MM-DD\", \"note\": \"...\"}");
  }
  auto step = parse_step(body["step"].get<std::string>());
  if (!step.ok()) return Status::invalid_argument(step.status().message());
  if (*step == ReportStep::kSubmit) {
    if (!may_edit_scheme_report(ctx.user(), code)) {
      return Status::permission_denied("only the scheme's lead may submit its report");
    }
  } else if (!may(ctx.user(), Capability::kBoardSteps)) {
    return Status::permission_denied("only the board role records the JCB's and HWB's steps");
  }
  Date on = Date::today_utc();
  if (body.contains("date")) {
    if (!body["date"].is_string()) return Status::invalid_argument("date must be YYYY-MM-DD");
    auto d = Date::parse(body["date"].get<std::string>());
    if (!d.ok()) return Status::invalid_argument("date: " + d.status().message());
    on = *d;
  }
  std::string note;
  if (body.contains("note")) {
    if (!body["note"].is_string()) return Status::invalid_argument("note must be text");
    note = body["note"].get<std::string>();
    if (note.size() > 2000) return Status::invalid_argument("note is longer than 2000 bytes");
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto v = advance_scheme_report(**store, code, *quarter, *step, on, ctx.user().name, note);
  if (!v.ok()) return v.status();
  // Audited as the report page's forms do.
  if (Status s =
          ctx.audit(*step == ReportStep::kSubmit ? "submit_scheme_report" : "scheme_report_step",
                    fmt::format("{} {} v{} {} {}", code, quarter->label(), v->version,
                                step_name(*step), on.iso()));
      !s.ok())
    return s;
  send_json(ctx.res, scheme_report_json(*v, false));
  return Status();
}

Status imports_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kDataQuality, "the import history"); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto list = list_imports(**store);
  if (!list.ok()) return list.status();
  send_json(ctx.res, import_history_json(*list));
  return Status();
}

Status data_quality_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kDataQuality, "data quality"); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto dq = data_quality(**store);
  if (!dq.ok()) return dq.status();
  nlohmann::json out = data_quality_json(*dq);
  if (sees_pseudonyms(ctx.user())) {
    auto list = unlinked_pseudonyms(ctx, 1000);
    if (!list.ok()) return list.status();
    out["unlinked_pseudonyms"] = *list;
    // Audited as the data page does.
    if (Status s =
            ctx.audit("view_unlinked_pseudonymised", fmt::format("{} pseudonyms", list->size()));
        !s.ok())
      return s;
  }
  send_json(ctx.res, out);
  return Status();
}

Status person_route(Ctx& ctx) {
  std::string key = ctx.req.matches[1];
  auto view = open_person_record(ctx, key);
  if (!view.ok()) return view.status();
  // Frailty and risk as at "at" (default: the data's own today).
  auto scores = person_scores(ctx, view->record.nhs_number.value());
  if (!scores.ok()) return scores.status();
  view->json["scores"] = std::move(*scores);
  send_json(ctx.res, view->json);
  return Status();
}

Status audit_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kAdmin, "the audit log"); !s.ok()) return s;
  AuditQuery q;
  std::pair<const char*, std::string*> fields[] = {{"actor", &q.actor},
                                                   {"action", &q.action},
                                                   {"subject", &q.subject},
                                                   {"from", &q.from},
                                                   {"to", &q.to}};
  for (auto& [name, dest] : fields) {
    auto v = ctx.param(name);
    if (!v.ok()) return v.status();
    if (*v) *dest = **v;
  }
  for (const std::string* d : {&q.from, &q.to}) {
    if (!d->empty() && !Date::parse(*d).ok()) {
      return Status::invalid_argument("from and to are dates YYYY-MM-DD");
    }
  }
  for (auto [name, dest] : {std::pair<const char*, int64_t*>{"before", &q.before_id}}) {
    auto v = ctx.param(name);
    if (!v.ok()) return v.status();
    if (*v) {
      const std::string& t = **v;
      auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), *dest);
      if (t.empty() || t.size() > 12 || t.find_first_not_of("0123456789") != std::string::npos ||
          ec != std::errc() || p != t.data() + t.size())
        return Status::invalid_argument("before must be an audit entry id");
    }
  }
  auto limit = ctx.param("limit");
  if (!limit.ok()) return limit.status();
  if (*limit) {
    const std::string& t = **limit;
    int n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || t.size() > 4 || t.find_first_not_of("0123456789") != std::string::npos ||
        ec != std::errc() || p != t.data() + t.size() || n < 1 || n > 1000)
      return Status::invalid_argument("limit must be 1 to 1000");
    q.limit = n;
  }
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto entries = search_audit(**store, q);
  if (!entries.ok()) return entries.status();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *entries) {
    out.push_back({{"id", e.id},
                   {"at", e.at},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"subject", e.subject},
                   {"origin", e.origin}});
  }
  send_json(ctx.res, out);
  return Status();
}

Status users_route(Ctx& ctx) {
  if (Status s = need(ctx, Capability::kAdmin, "users"); !s.ok()) return s;
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto users = list_users(**store);
  if (!users.ok()) return users.status();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : *users) {
    out.push_back(
        {{"name", u.name},
         {"role", role_name(u.role)},
         {"cluster", u.cluster ? nlohmann::json(*u.cluster) : nlohmann::json()},
         {"schemes", u.schemes},
         {"disabled", u.disabled},
         {"failed_logins", u.failed_logins},
         {"locked_until", u.locked_until ? nlohmann::json(*u.locked_until) : nlohmann::json()},
         {"created_at", u.created_at}});
  }
  send_json(ctx.res, out);
  return Status();
}

}  // namespace

void add_api_routes(Router& r) {
  r.get(R"(/api/v1/metrics)", metrics_route);
  r.get(R"(/api/v1/metrics/definitions)", metric_definitions_route);
  r.get(R"(/api/v1/finance)", finance_route);
  r.get(R"(/api/v1/schemes)", schemes_route);
  r.get(R"(/api/v1/schemes/([A-Za-z0-9_.-]{1,40})/reports)", scheme_reports_route);
  const std::string report =
      R"(/api/v1/schemes/([A-Za-z0-9_.-]{1,40})/reports/([0-9]{4}-[0-9]{2})/([Qq][1-4]))";
  r.get(report, scheme_report_route);
  r.post(report, scheme_report_set_route);
  r.post(report + "/steps", scheme_report_step_route);
  r.get(R"(/api/v1/imports)", imports_route);
  r.get(R"(/api/v1/data-quality)", data_quality_route);
  r.get(R"(/api/v1/persons/([^/]{1,40}))", person_route);
  add_care_api_routes(r);
  add_care_plan_api_routes(r);
  r.get(R"(/api/v1/audit)", audit_route);
  r.get(R"(/api/v1/users)", users_route);
  r.get(R"(/api/v1/openapi.json)",
        [](Ctx& ctx) {
          ctx.res.set_content(openapi_document(), "application/json; charset=utf-8");
          return Status();
        },
        Access::kPublic);
}

}  // namespace bc::web
