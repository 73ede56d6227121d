// The overview (a tile per metric) and the metric pages: trend against plan
// and last year, a breakdown with drill-down links, and its CSV.
//
// Every figure comes from a bound engine query (engine/metric_query.h), as
// the CLI's `metrics` command's do, so a page and `bettercare metrics` agree.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "core/fiscal.h"
#include "engine/cohort.h"
#include "engine/diagnosis_groups.h"
#include "engine/metric_json.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "present/metric_csv.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "web/api_internal.h"
#include "web/layout.h"
#include "web/pages_internal.h"
#include "web/table_export.h"

namespace bc::web {
namespace {

using present::dimension_label;
using present::html_escape;

bool is_time(std::string_view d) {
  return d == "month" || d == "quarter";
}

std::string period_description(const Period& p) {
  return fmt::format("{} ({} to {})", p.label(), p.first().iso(), p.last().iso());
}

// The value a group's label shows: names beside codes where the snapshot
// knows them.
std::string group_label(const Snapshot& snap, const std::string& dim,
                        const std::optional<std::string>& value) {
  if (!value) return "(unlinked)";
  if (dim == "cluster") {
    for (size_t i = 0; i < snap.cluster_codes.size(); ++i) {
      if (snap.cluster_codes[i] == *value) return *value + " " + snap.cluster_names[i];
    }
  } else if (dim == "practice") {
    for (size_t i = 0; i < snap.practice_codes.size(); ++i) {
      if (snap.practice_codes[i] == *value) return *value + " " + snap.practice_names[i];
    }
  } else if (dim == "provider") {
    // A trust's code means nothing to most readers: its name (the code stays
    // in the cell's data-code).
    for (size_t i = 0; i < snap.provider_codes.size() && i < snap.provider_names.size(); ++i) {
      if (snap.provider_codes[i] == *value && !snap.provider_names[i].empty())
        return snap.provider_names[i];
    }
  } else if (dim == "month") {
    if (auto ym = YearMonth::parse(*value); ym.ok()) return ym->name();
  } else if (dim == "reason") {
    std::string_view label = present::dtoc_reason_label(*value);
    return label == *value ? *value : *value + " " + std::string(label);
  } else if (dim == "responsible_org") {
    return std::string(present::dtoc_agency_label(*value));
  } else if (dim == "department_type") {
    return present::with_meaning(*value, present::department_type_label(*value));
  } else if (dim == "diagnosis_group") {
    return std::string(DiagnosisGroups::builtin().name_of(*value));
  }
  return *value;
}

// The engine period of one month ("2017-06") or quarter ("2017/18:Q1") row.
std::string period_of_group(const std::string& dim, const std::string& value) {
  if (dim == "quarter") return value;
  auto ym = YearMonth::parse(value);
  if (!ym.ok()) return "";
  return fmt::format("{}:M{}", FinancialYear::containing(*ym).label(), financial_month_of(*ym));
}

std::string default_breakdown(const MetricDef& m, bool has_cluster) {
  if (has_cluster && m.allows("practice")) return "practice";
  for (const char* d : {"cluster", "provider", "reason", "age_band", "practice"}) {
    if (has_cluster && std::string_view(d) == "cluster") continue;
    if (m.allows(d)) return d;
  }
  for (const auto& d : m.breakdowns) {
    if (!is_time(d)) return d;
  }
  return m.allows("month") ? "month" : "";
}

// What a metric page was asked for, bound with the user's access rules:
// the breakdown's query (by "by", or the metric's default breakdown).
Result<MetricQuery> read_query(Ctx& ctx, const Snapshot& snap, const std::string& id) {
  const MetricDef* m = ctx.app.config().find(id);
  if (m == nullptr) return Status::not_found(fmt::format("there is no metric '{}'", id));
  auto period = ctx.period();
  if (!period.ok()) return period.status();
  auto cluster = param_or(ctx, "cluster");
  if (!cluster.ok()) return cluster.status();
  MetricRequest r;
  r.metrics = {m->id};
  r.period = *period;
  if (!cluster->empty()) r.cluster = *cluster;
  auto by = param_or(ctx, "by", default_breakdown(*m, r.cluster.has_value()));
  if (!by.ok()) return by.status();
  std::stringstream dims(*by);
  for (std::string d; std::getline(dims, d, ',');) {
    if (!d.empty()) r.by.push_back(d);
  }
  return bind_metric_query(ctx, snap, r);
}

// The same query without its breakdowns: the headline figure.
Result<MetricQuery> headline_of(Ctx& ctx, const Snapshot& snap, const MetricQuery& q) {
  MetricRequest r{{q.metrics().front()->id}, {}, q.cluster(), q.period()};
  return bind_metric_query(ctx, snap, r);
}

std::string by_text(const std::vector<std::string>& by) {
  std::string out;
  for (const auto& d : by) out += (out.empty() ? "" : ",") + d;
  return out;
}

std::string rag_key() {
  return "<p class=\"note rag-key\">RAG against plan: " + report::rag_badge(Rag::kGreen) +
         " on track (at or better than plan) " + report::rag_badge(Rag::kAmber) +
         " slightly off track (under 10% worse) " + report::rag_badge(Rag::kRed) +
         " off track (10% or more worse). Plans are for the whole area.</p>\n";
}

// ---- GET / ------------------------------------------------------------------

// A metric row's figures as table cells: value, plan, variance, RAG, last
// year, change, against last year, notes (the breakdown table's and the
// overview's columns after the first).
std::string figures_cells(const MetricRow& r) {
  return fmt::format(
      "<td class=\"num\" data-value=\"{}\">{}</td><td class=\"num\">{}</td><td "
      "class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
      "<td>{}</td><td class=\"note\" data-complete=\"{}\">{}</td>",
      html_escape(json_value_text(r)),
      // A period with nothing loaded is "no data", never a zero (as the tiles say).
      r.no_data_loaded() ? std::string("no data")
                         : present::format_metric_value(r.value, r.unit, r.suppressed),
      present::format_plan(r), present::format_signed_percent(r.variance_pct),
      r.rag ? report::rag_badge(r.rag) : "",
      present::format_metric_value(r.previous_value, r.unit, r.previous_suppressed),
      html_escape(present::format_change(r)), r.comparison ? comparison_name(*r.comparison) : "",
      r.complete ? "true" : "false", metric_notes_html(r));
}

// The figure columns' headings, after the first column's.
constexpr const char* kFigureHeads =
    "<th class=\"num\" scope=\"col\">Value</th><th class=\"num\" scope=\"col\">Plan</th><th "
    "class=\"num\" scope=\"col\">Variance</th><th scope=\"col\">RAG</th><th class=\"num\" "
    "scope=\"col\">Last year</th><th class=\"num\" scope=\"col\">Change</th><th "
    "scope=\"col\">Against last year</th><th scope=\"col\">Note</th>";

Status overview(Ctx& ctx, MetricCache& cache) {
  if (Status s = require(ctx, Capability::kAggregates, "the overview"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto period = ctx.period();
  if (!period.ok()) return period.status();
  const MetricConfig& cfg = ctx.app.config();
  const bool suppress = suppress_for(ctx.user(), std::nullopt);
  const std::string pt = period->label();
  const Period spark = twelve_months_to(*period);

  std::string body = fmt::format(
      "<p class=\"lead\">The Better Care metrics for <strong>{}</strong>, against plan and the "
      "same period last year. Sparklines show the twelve months to {}.</p>\n",
      html_escape(period_description(*period)), html_escape(YearMonth::of(spark.last()).name()));
  body += rag_key();
  body += "<div class=\"tiles\">\n";
  std::string measures;  // the same figures as a table, for download and screen readers
  int n = 0;
  for (const MetricDef& m : cfg.metrics) {
    auto query = MetricQuery::bind(cfg, **snap, MetricRequest{{m.id}, {}, {}, *period, suppress});
    if (!query.ok()) return query.status();
    auto rows = cache.evaluate(*snap, *query, m);
    if (!rows.ok()) return rows.status();
    if (rows->empty()) continue;
    auto trend = metric_trend(cache, *snap, cfg, m, spark, std::nullopt, suppress, false);
    if (!trend.ok()) return trend.status();
    Tile t;
    t.metric = &m;
    t.row = rows->front();
    t.trend = std::move(*trend);
    t.href = link("/metrics/" + m.id, pt);
    t.id = fmt::format("spark-{}", n++);
    body += render_tile(t);
    measures += "<tr><th scope=\"row\"><a href=\"" + html_escape(t.href) + "\">" +
                html_escape(m.name) + "</a></th>" + figures_cells(t.row) + "</tr>\n";
  }
  body += "</div>\n";
  if (!measures.empty()) {
    body +=
        "<details class=\"measures\"><summary>The measures as a table</summary>"
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"The measures\">"
        "<table class=\"data measures\"><thead><tr><th scope=\"col\">Measure</th>" +
        std::string(kFigureHeads) + "</tr></thead><tbody>\n" + measures +
        "</tbody></table></div></details>\n";
  }
  auto care = care_distributions_html(ctx);
  if (!care.ok()) return care.status();
  body += *care;
  body += whole_page_download_link(ctx);
  PageOptions po;
  po.title = "Overview";
  po.section = Section::kOverview;
  po.suppressed = suppress;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

// ---- GET /metrics/<id> ------------------------------------------------------

std::string trend_chart(const MetricQuery& q, const Trend& t, const Period& span) {
  const MetricDef& m = *q.metrics().front();
  report::LineChart c;
  c.id = "trend";
  c.title = m.short_name + (q.cluster() ? ", cluster " + *q.cluster() : "");
  c.desc = fmt::format(
      "Monthly {} from {} to {}: actual{}{}", m.name, span.first().iso(), span.last().iso(),
      std::any_of(t.plans.begin(), t.plans.end(), [](auto& v) { return v.has_value(); }) ? ", plan"
                                                                                         : "",
      std::any_of(t.last_year.begin(), t.last_year.end(), [](auto& v) { return v.has_value(); })
          ? " and the same month last year"
          : "");
  for (const auto& month : t.months) {
    auto ym = YearMonth::parse(month);
    c.categories.push_back(ym.ok() ? ym->short_name() : month);
  }
  c.series.push_back({"Actual", t.values, report::Series::Style::kSolid});
  if (std::any_of(t.plans.begin(), t.plans.end(), [](auto& v) { return v.has_value(); }))
    c.series.push_back({"Plan", t.plans, report::Series::Style::kDashed});
  if (std::any_of(t.last_year.begin(), t.last_year.end(), [](auto& v) { return v.has_value(); }))
    c.series.push_back({"Last year", t.last_year, report::Series::Style::kDotted});
  c.y_label = m.unit == MetricUnit::kCount ? "" : std::string(m.unit_name());
  c.format = report::value_format_of_unit(m.unit_name());
  c.width = 720;
  c.height = 300;
  return report::render_line_chart(c);
}

// One row of the breakdown table; `bar_label` gets its groups' labels for the bar chart.
std::string breakdown_row(const Snapshot& sn, const MetricQuery& q, const MetricRow& r,
                          const std::vector<std::string>& shown, std::string& bar_label) {
  const MetricDef& m = *q.metrics().front();
  const std::string pt = q.period().label();
  const std::string cl = q.cluster().value_or("");
  std::string body = "<tr>";
  for (const GroupValue& g : r.group) {
    const std::string dim(g.name());
    const std::optional<std::string>& value = g.value;
    if (std::find(shown.begin(), shown.end(), dim) == shown.end()) continue;
    std::string label = group_label(sn, dim, value);
    bar_label += (bar_label.empty() ? "" : " / ") + label;
    std::string cell = html_escape(label);
    if (value && is_time(dim)) {
      std::string p = period_of_group(dim, *value);
      if (!p.empty())
        cell = "<a href=\"" + href_attr("/metrics/" + m.id, p, {{"cluster", cl}}) + "\">" + cell +
               "</a>";
    } else if (value && dim == "cluster") {
      cell = "<a href=\"" +
             href_attr("/metrics/" + m.id, pt,
                       {{"cluster", *value}, {"by", m.allows("practice") ? "practice" : ""}}) +
             "\">" + cell + "</a>";
    }
    body += "<td data-dim=\"" + html_escape(dim) + "\" data-code=\"" +
            html_escape(value.value_or("")) + "\">" + cell + "</td>";
  }
  body += figures_cells(r) + "</tr>\n";
  return body;
}

// The breakdown section: the choice of breakdown, the table with drill-down
// links and its CSV, and for one dimension other than time a bar chart.
std::string breakdown_section(const Snapshot& sn, const MetricQuery& q,
                              const std::vector<MetricRow>& rows) {
  const MetricDef& m = *q.metrics().front();
  const std::string pt = q.period().label();
  const std::string cl = q.cluster().value_or("");
  const std::string current = by_text(q.by_names());
  std::string body = "<section><h2>Breakdown</h2>\n";
  body += fmt::format(
      "<form class=\"controls\" method=\"get\" action=\"/metrics/{}\">"
      "<input type=\"hidden\" name=\"period\" value=\"{}\">",
      html_escape(m.id), html_escape(pt));
  if (q.cluster())
    body += "<input type=\"hidden\" name=\"cluster\" value=\"" + html_escape(cl) + "\">";
  body += "<label for=\"by\">Break down by</label> <select id=\"by\" name=\"by\">";
  bool listed = false;
  for (const auto& d : m.breakdowns) {
    listed |= d == current;
    body += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(d),
                        d == current ? " selected" : "", dimension_label(d));
  }
  if (!listed && !current.empty())
    body += "<option value=\"" + html_escape(current) + "\" selected>" + html_escape(current) +
            "</option>";
  body += "</select> <button type=\"submit\">Show</button></form>\n";

  // Which columns: the asked dimensions (the cluster filter's own column is
  // left out when it was not asked for).
  std::vector<std::string> shown = q.by_names();
  // A wide table scrolls in its own region (focusable, so by keyboard too);
  // the page never scrolls sideways, down to 320 pixels.
  body += fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{} by {}\">"
      "<table class=\"data breakdown\" data-metric=\"{}\" data-by=\"{}\"><thead><tr>",
      html_escape(m.short_name), html_escape(current.empty() ? "period" : current),
      html_escape(m.id), html_escape(current));
  for (const auto& d : shown) body += fmt::format("<th scope=\"col\">{}</th>", dimension_label(d));
  body += std::string(kFigureHeads) + "</tr></thead><tbody>\n";
  report::BarChart bars;
  bars.id = "breakdown";
  bars.horizontal = true;
  bars.show_values = true;
  bars.format = report::value_format_of_unit(m.unit_name());
  report::Series bar_series{m.short_name, {}, report::Series::Style::kSolid};
  for (const MetricRow& r : rows) {
    std::string bar_label;
    body += breakdown_row(sn, q, r, shown, bar_label);
    bars.categories.push_back(bar_label.empty() ? m.short_name : bar_label);
    bar_series.values.push_back(r.value);
  }
  body += "</tbody></table></div>\n";
  if (rows.empty())
    body += "<p class=\"muted\">No groups: nothing is loaded for this breakdown.</p>\n";
  body += "<p><a class=\"button\" href=\"" +
          href_attr("/metrics/" + m.id + ".csv", pt, {{"by", current}, {"cluster", cl}}) +
          "\" download>Download the figures (CSV)</a></p>\n";
  if (shown.size() == 1 && !is_time(shown.front()) && !rows.empty() && rows.size() <= 80) {
    bars.title = m.short_name + " by " + std::string(dimension_label(shown.front()));
    bars.desc =
        fmt::format("{} for {} by {}", m.name, q.period().label(), dimension_label(shown.front()));
    bars.series.push_back(std::move(bar_series));
    bars.width = 720;
    body += "<figure>" + report::render_bar_chart(bars) + "</figure>\n";
  }
  body += "</section>\n";

  return body;
}

Status metric_page(Ctx& ctx, MetricCache& cache) {
  if (Status s = require(ctx, Capability::kAggregates, "metric pages"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  const Snapshot& sn = **snap;
  const MetricConfig& cfg = ctx.app.config();
  auto q = read_query(ctx, sn, ctx.req.matches[1].str());
  if (!q.ok()) return q.status();
  const MetricDef& m = *q->metrics().front();
  const std::string pt = q->period().label();
  const std::string cl = q->cluster().value_or("");

  auto head_query = headline_of(ctx, sn, *q);
  if (!head_query.ok()) return head_query.status();
  auto head = cache.evaluate(*snap, *head_query, m);
  if (!head.ok()) return head.status();
  const Period span =
      q->period().months().size() >= 3 ? q->period() : twelve_months_to(q->period());
  auto trend = metric_trend(cache, *snap, cfg, m, span, q->cluster(), q->suppress(), true);
  if (!trend.ok()) return trend.status();
  auto rows = cache.evaluate(*snap, *q, m);
  if (!rows.ok()) return rows.status();

  std::string body;
  body += "<p class=\"lead\">" + html_escape(m.description) + "</p>\n";
  body += fmt::format(
      "<p class=\"note\">Metric <code>{}</code>; unit {}; {} is better. Period {}{}.</p>\n",
      html_escape(m.id), html_escape(std::string(m.unit_name())),
      m.lower_is_better ? "lower" : "higher", html_escape(period_description(q->period())),
      q->cluster() ? ", cluster " + html_escape(group_label(sn, "cluster", q->cluster())) : "");
  if (q->cluster()) {
    body += "<p><a href=\"" + href_attr("/metrics/" + m.id, pt) +
            "\">Show the whole area</a> &middot; <a href=\"" + href_attr("/clusters/" + cl, pt) +
            "\">The cluster's dashboard</a></p>\n";
  }

  // The headline figure.
  body += "<section class=\"headline\" aria-label=\"Headline\">\n";
  if (!head->empty()) {
    Tile t;
    t.metric = &m;
    t.row = head->front();
    auto spark = metric_trend(cache, *snap, cfg, m, twelve_months_to(q->period()), q->cluster(),
                              q->suppress(), false);
    if (!spark.ok()) return spark.status();
    t.trend = std::move(*spark);
    t.show_rag = !q->cluster();
    t.href = link("/metrics/" + m.id, pt, {{"cluster", cl}});
    t.id = "spark-headline";
    body += render_tile(t);
  }
  body += "</section>\n";
  if (sees_pseudonyms(ctx.user()) && cohort_applies(m)) {
    body += "<p><a href=\"" + href_attr("/cohort", pt, {{"metric", m.id}, {"cluster", cl}}) +
            "\">The people behind this count (pseudonymised)</a></p>\n";
  }

  // The trend.
  body += "<section><h2>Trend against plan and last year</h2>\n";
  if (m.allows("month")) {
    body += "<figure>" + trend_chart(*q, *trend, span) + "<figcaption>" +
            html_escape(span.months().size() == q->period().months().size()
                            ? "Each month of the period."
                            : "The twelve months to the end of the period (the period itself is "
                              "shorter than three months).") +
            (q->cluster() ? " Plans are for the whole area, so a cluster has none." : "") +
            "</figcaption></figure>\n";
  } else {
    body += "<p class=\"muted\">This metric has no monthly breakdown.</p>\n";
  }
  body += "</section>\n";

  if (m.allows("month")) {
    body += "<section><h2>Statistical process control</h2>\n";
    auto spc = spc_figure(cache, *snap, cfg, m, q->period(), q->cluster(), q->suppress(), "spc");
    if (!spc.ok()) return spc.status();
    body += *spc + "</section>\n";
  }

  body += breakdown_section(sn, *q, *rows);
  body += funnel_section(sn, *q, *rows, *head);

  const std::string current = by_text(q->by_names());
  PageOptions po;
  po.title = m.short_name;
  po.section = Section::kOverview;
  po.keep = {{"by", current}, {"cluster", cl}};
  po.suppressed = q->suppress();
  po.period = pt;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

// ---- GET /metrics/<id>.csv --------------------------------------------------

Status metric_csv(Ctx& ctx, MetricCache& cache) {
  if (Status s = require(ctx, Capability::kAggregates, "metric tables"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto q = read_query(ctx, **snap, ctx.req.matches[1].str());
  if (!q.ok()) return q.status();
  auto rows = cache.evaluate(*snap, *q, *q->metrics().front());
  if (!rows.ok()) return rows.status();
  const std::string by = by_text(q->by_names());
  std::string subject = q->metrics().front()->id + " " + q->period().label() + " " + by;
  if (q->cluster()) subject += " cluster=" + *q->cluster();
  // The export is audited before anything leaves the server.
  if (Status s = ctx.audit("export_csv", subject); !s.ok()) return s;

  std::vector<std::string> dims;
  if (!rows->empty()) {
    for (const GroupValue& g : rows->front().group) dims.emplace_back(g.name());
  } else {
    if (q->cluster()) dims.push_back("cluster");
    for (const auto& d : q->by_names()) dims.push_back(d);
  }
  std::string out = present::metric_rows_csv(*rows, dims);
  std::string name =
      q->metrics().front()->id + "-" + q->period().label() + (by.empty() ? "" : "-" + by);
  if (q->cluster()) name += "-" + *q->cluster();
  for (char& c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      c = '-';
  }
  send_file(ctx.res, std::move(out), kCsvType, name + ".csv");
  return Status();
}

}  // namespace

void add_metric_pages(Router& r, MetricCache* cache) {
  r.get("/", [cache](Ctx& ctx) { return overview(ctx, *cache); });
  r.get(R"(/metrics/([a-z0-9_]{1,64})\.csv)",
        [cache](Ctx& ctx) { return metric_csv(ctx, *cache); });
  r.get(R"(/metrics/([a-z0-9_]{1,64}))", [cache](Ctx& ctx) { return metric_page(ctx, *cache); });
}

}  // namespace bc::web
