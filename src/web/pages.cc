// The HTML pages: every group registers its own routes (pages_*.cc); the
// helpers they share are here.
#include <fmt/format.h>

#include <cmath>

#include "core/fiscal.h"
#include "core/utf8.h"
#include "engine/metric_json.h"
#include "engine/metric_spc.h"
#include "present/html_escape.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "report/spc_chart.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {

using present::html_escape;

void add_page_routes(Router& r) {
  MetricCache* cache = &r.app().metric_cache();
  add_metric_pages(r, cache);
  add_cluster_pages(r, cache);
  add_finance_pages(r);
  add_scheme_pages(r);
  add_data_pages(r);
  add_person_pages(r);
  add_care_plan_pages(r);
  add_care_due_pages(r);
  add_mdt_pages(r);
  add_spa_pages(r);
  add_admin_pages(r);
  add_report_pages(r);
  add_cohort_pages(r);
  add_board_pages(r);
  add_board_tracker_pages(r);
  add_plan_pages(r);
  add_provider_pages(r);
  add_incident_pages(r);
  add_care_pages(r);
}

Status require(const Ctx& ctx, Capability c, std::string_view what) {
  if (may(ctx.user(), c)) return Status();
  return Status::permission_denied(
      fmt::format("the {} role may not open {}", role_name(ctx.user().role), what));
}

Result<std::string> param_or(const Ctx& ctx, const std::string& name, std::string fallback) {
  auto p = ctx.param(name);
  if (!p.ok()) return p.status();
  if (!*p || (*p)->empty()) return fallback;
  return std::move(**p);
}

Result<std::optional<std::string>> long_field(const Ctx& ctx, const std::string& name,
                                              size_t max_bytes) {
  std::optional<std::string> v;
  if (ctx.req.has_param(name)) v = ctx.req.get_param_value(name);
  if (v && v->size() > max_bytes) {
    return Status::invalid_argument(
        fmt::format("the field '{}' is longer than {} bytes", name, max_bytes));
  }
  if (v && find_invalid_utf8(*v) != std::string_view::npos)
    return Status::invalid_argument(fmt::format("the field '{}' is not valid UTF-8", name));
  return v;
}

void see_other(Ctx& ctx, const std::string& path) {
  ctx.res.set_redirect(path, 303);
}

std::string json_value_text(const MetricRow& row) {
  nlohmann::json v = metric_row_json(row)["value"];
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

Period twelve_months_to(const Period& p) {
  return Period::rolling_12(p.last_month());
}

Result<std::string> spc_figure(MetricCache& cache, const std::shared_ptr<const Snapshot>& snap,
                               const MetricConfig& cfg, const MetricDef& m, const Period& p,
                               const std::optional<std::string>& cluster, bool suppress,
                               const std::string& id) {
  constexpr int kMonths = 24;
  MetricSpcRequest request;
  request.metric = m.id;
  request.to = p.last_month();
  request.from = request.to.add_months(1 - kMonths);
  request.cluster = cluster;
  request.suppress = suppress;
  auto charts = metric_spc(cfg, *snap, request, [&](const MetricQuery& q) {
    return cache.evaluate(snap, q, *q.metrics().front());
  });
  if (!charts.ok()) return charts.status();
  const MetricSpc& c = charts->front();
  report::SpcChartView v =
      report::spc_view_of(c, m, id,
                          m.short_name + (cluster ? ", cluster " + *cluster : "") + ": SPC, " +
                              request.from.short_name() + " to " + request.to.short_name());
  v.width = 720;
  return report::spc_figure_html(v, c.left_out);
}

Result<Trend> metric_trend(MetricCache& cache, const std::shared_ptr<const Snapshot>& snap,
                           const MetricConfig& cfg, const MetricDef& m, const Period& p,
                           const std::optional<std::string>& cluster, bool suppress, bool compare) {
  Trend t;
  for (const YearMonth& ym : p.months()) t.months.push_back(ym.iso());
  t.values.assign(t.months.size(), std::nullopt);
  t.plans.assign(t.months.size(), std::nullopt);
  t.last_year.assign(t.months.size(), std::nullopt);
  if (!m.allows("month")) return t;
  MetricRequest request{{m.id}, {"month"}, cluster, p, suppress, compare};
  auto query = MetricQuery::bind(cfg, *snap, request);
  if (!query.ok()) return query.status();
  auto rows = cache.evaluate(snap, *query, m);
  if (!rows.ok()) return rows.status();
  for (const MetricRow& r : *rows) {
    const GroupValue* month = r.on(DimId::kMonth);
    if (!month || !month->value) continue;
    for (size_t i = 0; i < t.months.size(); ++i) {
      if (t.months[i] != *month->value) continue;
      if (r.complete) t.values[i] = r.value;  // a month not loaded is a gap, never a zero
      t.plans[i] = r.plan;
      t.last_year[i] = r.previous_value;
    }
  }
  return t;
}

std::string metric_notes_html(const MetricRow& r) {
  std::string out;
  auto note = [&](const std::string& text, const char* cls = "note") {
    if (!text.empty()) out += fmt::format("<p class=\"{}\">{}</p>", cls, html_escape(text));
  };
  if (!r.complete)
    note("Incomplete, so no RAG: " + report::missing_phrase(r) + ".", "note incomplete");
  if (r.local_monitoring)
    note("Local monitoring of the period's discharges, not the ASCOF figure.");
  note(report::provisional_phrase(r));
  note(report::interval_phrase(r));
  note(report::population_phrase(r));
  if (!r.note.empty() && !r.suppressed) note(r.note);
  return out;
}

std::string render_tile(const Tile& t) {
  const MetricDef& m = *t.metric;
  const MetricRow& r = t.row;
  std::string out = fmt::format(
      "<article class=\"tile\" data-metric=\"{}\" data-complete=\"{}\"><h2><a "
      "href=\"{}\">{}</a></h2>\n",
      html_escape(m.id), r.complete ? "true" : "false", html_escape(t.href),
      html_escape(m.short_name));
  // Nothing loaded for the period is no data, never a zero.
  out +=
      fmt::format("<p class=\"value\"><span class=\"figure\" data-value=\"{}\">{}</span>",
                  html_escape(json_value_text(r)),
                  r.no_data_loaded() ? std::string("<span class=\"no-data\">No data loaded for "
                                                   "this period</span>")
                                     : present::format_metric_value(r.value, r.unit, r.suppressed));
  if (t.show_rag && r.rag) out.append(" ").append(report::rag_badge(r.rag));
  if (t.show_rag && !r.complete && r.plan) out += " <span class=\"rag rag-none\">No RAG</span>";
  out += "</p>\n<dl class=\"compare\">";
  if (t.show_rag) {
    out += "<dt>Plan</dt><dd>";
    if (r.plan) {
      out += present::format_plan(r);
      if (r.variance_pct) {
        double v = *r.variance_pct;
        out += " <span class=\"note\">(" +
               (std::abs(v) < 0.05 ? std::string("on plan")
                                   : fmt::format("{:.1f}% {} than plan", std::abs(v),
                                                 v > 0 ? "worse" : "better")) +
               ")</span>";
      }
    } else {
      out += "<span class=\"muted\">no plan</span>";
    }
    out += "</dd>";
  }
  out += "<dt>Last year</dt><dd>";
  if (r.previous_value || r.previous_suppressed) {
    out += present::format_metric_value(r.previous_value, r.unit, r.previous_suppressed);
    if (r.comparison) {
      out += fmt::format(" <span class=\"cmp cmp-{}\">{}</span> <span class=\"note\">{}</span>",
                         comparison_name(*r.comparison), comparison_name(*r.comparison),
                         html_escape(present::format_change(r)));
    }
  } else {
    out += "<span class=\"muted\">not loaded</span>";
  }
  out += "</dd></dl>\n";
  report::Sparkline s;
  s.id = t.id;
  s.title = m.short_name + ", last 12 months";
  s.desc = "Monthly values of " + m.name + " for the twelve months to the end of the period";
  s.values = t.trend.values;
  s.format = report::value_format_of_unit(unit_name(r.unit));
  s.width = 160;
  s.height = 36;
  out += "<div class=\"spark\">" + report::render_sparkline(s) + "</div>\n";
  out += metric_notes_html(r);
  out += "</article>\n";
  return out;
}

std::string quarter_url_part(const std::string& quarter) {
  // "2017/18:Q4" -> "2017-18/Q4"
  std::string out = quarter;
  size_t slash = out.find('/');
  if (slash != std::string::npos) out[slash] = '-';
  size_t colon = out.find(':');
  if (colon != std::string::npos) out[colon] = '/';
  return out;
}

}  // namespace bc::web
