// The clusters: a list, and a dashboard per cluster with every metric that
// can be broken down by cluster. Plans are for the whole area, so a
// cluster's figures have no RAG; they compare with last year. A clinician
// sees only their own cluster, unsuppressed (they are its care team).
#include <fmt/format.h>

#include <algorithm>

#include "engine/population.h"
#include "present/html_escape.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "web/layout.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

Status clusters_list(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kAggregates, "the clusters"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  const Snapshot& sn = **snap;
  auto period = ctx.period();
  if (!period.ok()) return period.status();
  const std::string pt = period->label();
  const User& u = ctx.user();
  const PopulationCount pop = registered_population(sn, period->last());
  const SuppressionRule& rule = ctx.app.config().suppression;

  std::string body =
      "<p class=\"lead\">Six localities, each a group of GP practices: a person belongs to a "
      "cluster through the practice they are registered with.</p>\n";
  if (u.role == Role::kClinician)
    body += "<p class=\"note\">As a clinician you see the dashboard of your own cluster.</p>\n";
  body += fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Clusters\">"
      "<table class=\"data clusters\"><thead><tr><th scope=\"col\">Cluster</th><th "
      "scope=\"col\">Practices</th><th class=\"num\" scope=\"col\">Registered population on "
      "{}</th><th scope=\"col\">Registers</th></tr></thead><tbody>\n",
      period->last().iso());
  int shown = 0;
  for (size_t c = 0; c < sn.cluster_codes.size(); ++c) {
    const std::string& code = sn.cluster_codes[c];
    if (!may_view_cluster(u, code)) continue;
    ++shown;
    int practices = 0;
    for (int16_t pc : sn.practice_cluster) practices += pc == static_cast<int16_t>(c);
    bool suppress = suppress_for(u, code);
    body += fmt::format(
        "<tr data-cluster=\"{}\"><td><a href=\"{}\">{} {}</a></td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td><a href=\"{}\">At risk and frailty</a></td></tr>\n",
        html_escape(code), href_attr("/clusters/" + code, pt), html_escape(code),
        html_escape(sn.cluster_names[c]), practices,
        report::count_text(pop.by_cluster[c], suppress, rule),
        href_attr("/clusters/" + code + "/register", ""));
  }
  body += "</tbody></table></div>\n";
  if (shown == 0) body += "<p class=\"muted\">No cluster is open to you.</p>\n";

  PageOptions po;
  po.title = "Clusters";
  po.section = Section::kClusters;
  po.suppressed = u.role == Role::kClinician ? suppress_for(u, u.cluster) : suppress_for(u, {});
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

Status cluster_dashboard(Ctx& ctx, MetricCache& cache) {
  if (Status s = require(ctx, Capability::kAggregates, "cluster dashboards"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  const Snapshot& sn = **snap;
  const std::string code = ctx.req.matches[1].str();
  auto it = std::find(sn.cluster_codes.begin(), sn.cluster_codes.end(), code);
  if (it == sn.cluster_codes.end())
    return Status::not_found(fmt::format("there is no cluster '{}'", code));
  const size_t ci = static_cast<size_t>(it - sn.cluster_codes.begin());
  const User& u = ctx.user();
  if (!may_view_cluster(u, code)) {
    return Status::permission_denied("a clinician sees the dashboard of their own cluster only");
  }
  auto period = ctx.period();
  if (!period.ok()) return period.status();
  const std::string pt = period->label();
  const MetricConfig& cfg = ctx.app.config();
  const bool suppress = suppress_for(u, code);
  const Period spark = twelve_months_to(*period);

  const PopulationCount pop = registered_population(sn, period->last());
  std::string body = fmt::format(
      "<p class=\"lead\">Cluster <strong>{} {}</strong>, {} ({} to {}). Plans are for the whole "
      "area, so a cluster's figures have no RAG rating; each is compared with the same period "
      "last year.</p>\n",
      html_escape(code), html_escape(sn.cluster_names[ci]), html_escape(pt), period->first().iso(),
      period->last().iso());
  body += fmt::format("<p>Registered population on {}: <strong>{}</strong>.</p>\n",
                      period->last().iso(),
                      report::count_text(pop.by_cluster[ci], suppress, cfg.suppression));
  body += "<div class=\"tiles\">\n";
  int n = 0;
  for (const MetricDef& m : cfg.metrics) {
    if (!m.allows("cluster")) continue;
    auto query = MetricQuery::bind(cfg, **snap, MetricRequest{{m.id}, {}, code, *period, suppress});
    if (!query.ok()) return query.status();
    auto rows = cache.evaluate(*snap, *query, m);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) continue;
    const MetricRow* row = &rows->front();
    auto trend = metric_trend(cache, *snap, cfg, m, spark, code, suppress, false);
    if (!trend.ok()) return trend.status();
    Tile t;
    t.metric = &m;
    t.row = *row;
    t.trend = std::move(*trend);
    t.show_rag = false;
    t.href = link("/metrics/" + m.id, pt, {{"cluster", code}});
    t.id = fmt::format("spark-{}", n++);
    body += render_tile(t);
  }
  body += "</div>\n";

  // Making Data Count: the cluster's headline measures as SPC charts.
  body += "<section><h2>Statistical process control</h2>\n";
  for (const MetricDef& m : cfg.metrics) {
    if (!m.allows("cluster") || !m.allows("month") || m.summary == SummaryForm::kNone) continue;
    auto spc = spc_figure(cache, *snap, cfg, m, *period, code, suppress, "spc-" + m.id);
    if (!spc.ok()) return spc.status();
    body += "<h3>" + html_escape(m.short_name) + "</h3>\n" + *spc;
  }
  body += "</section>\n";

  auto registers = register_counts_html(ctx, code, suppress);
  if (!registers.ok()) return registers.status();
  body += *registers;

  body += "<h2>Practices</h2>\n<ul class=\"inline-list\">";
  for (size_t p = 0; p < sn.practice_codes.size(); ++p) {
    if (sn.practice_cluster[p] != static_cast<int16_t>(ci)) continue;
    body += "<li>" + html_escape(sn.practice_codes[p]) + " " + html_escape(sn.practice_names[p]) +
            "</li>";
  }
  body += "</ul>\n";
  if (const MetricDef* nel = cfg.find("nel_admissions"); nel && nel->allows("practice")) {
    body += "<p><a href=\"" +
            href_attr("/metrics/nel_admissions", pt, {{"cluster", code}, {"by", "practice"}}) +
            "\">Emergency admissions by practice in this cluster</a></p>\n";
  }

  PageOptions po;
  po.title = "Cluster " + code + " " + sn.cluster_names[ci];
  po.section = Section::kClusters;
  po.suppressed = suppress;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_cluster_pages(Router& r, MetricCache* cache) {
  r.get("/clusters", clusters_list);
  r.get(R"(/clusters/([A-Za-z0-9_-]{1,32}))",
        [cache](Ctx& ctx) { return cluster_dashboard(ctx, *cache); });
}

}  // namespace bc::web
