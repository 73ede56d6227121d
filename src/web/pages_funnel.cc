// The metric page's fair comparison of clusters or practices: each group's
// count per 1,000 registered people of the metric's ages, against the
// area's rate, with the funnel plot (engine/funnel.h, report/funnel_chart.h).
#include <fmt/format.h>

#include "engine/funnel.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "report/funnel_chart.h"
#include "web/pages_internal.h"

namespace bc::web {
namespace {

using present::html_escape;

// The group's name beside its code ("C1 City Centre"), and the code alone.
std::pair<std::string, std::string> funnel_labels(const Snapshot& snap, DimId by,
                                                  const std::optional<std::string>& key) {
  if (!key) return {"(unlinked)", "?"};
  const auto& codes = by == DimId::kCluster ? snap.cluster_codes : snap.practice_codes;
  const auto& names = by == DimId::kCluster ? snap.cluster_names : snap.practice_names;
  for (size_t i = 0; i < codes.size() && i < names.size(); ++i) {
    if (codes[i] == *key) return {*key + " " + names[i], *key};
  }
  return {*key, *key};
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string count_text(const std::optional<double>& v, bool hidden) {
  if (hidden) return "*";
  return v ? report::format_value(*v, report::ValueFormat::kCount) : "-";
}

// Registered people: a count of people, hidden like any other from 1 to 7
// outside the care team.
std::string people_text(int64_t n, bool suppress) {
  if (suppress && n >= 1 && n <= 7) return "*";
  return report::format_value(static_cast<double>(n), report::ValueFormat::kCount);
}

std::string rate_text(const FunnelGroup& g, bool hidden) {
  if (hidden) return "*";
  if (g.per_1000) return report::format_value(*g.per_1000, report::ValueFormat::kDecimal);
  return g.registered < 8 ? "too few people" : "-";
}

}  // namespace

std::string funnel_section(const Snapshot& snap, const MetricQuery& q,
                           const std::vector<MetricRow>& rows, const std::vector<MetricRow>& head) {
  const MetricDef& m = *q.metrics().front();
  const std::vector<std::string> by_names = q.by_names();
  // Nothing to compare in a period with nothing loaded (the breakdown says so).
  if (by_names.size() != 1 || head.empty() || head.front().no_data_loaded()) return "";
  const std::optional<DimId> by = dimension_named(by_names.front());
  if (!by || !funnel_applies(m, *by)) return "";
  const Funnel f = funnel_of(snap, m, *by, q.period(), rows, head.front());
  const std::string dim_label(present::dimension_label(by_names.front()));
  std::string body = fmt::format(
      "<section aria-labelledby=\"funnel-heading\"><h2 id=\"funnel-heading\">Compared fairly: per "
      "1,000 registered people</h2>\n<p>A bigger {0} has more of everything. Each {0}'s count "
      "per 1,000 of its {1} puts them on one scale, and the funnel shows how far from the area's "
      "rate chance alone takes a {0} of its size: a point outside the 99.8% limits differs from "
      "the area by more than chance. How it is worked out: docs/metrics.md, "
      "&ldquo;Funnel plots&rdquo;.</p>\n",
      html_escape(lowered(dim_label)), html_escape(f.population_label()));
  body += fmt::format(
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0} per 1,000 by "
      "{1}\"><table class=\"data funnel\"><thead><tr><th scope=\"col\">{2}</th>"
      "<th scope=\"col\">{0}</th><th scope=\"col\">Registered people</th>"
      "<th scope=\"col\">Per 1,000</th><th scope=\"col\">Against the area</th></tr></thead>"
      "<tbody>\n",
      html_escape(m.short_name), html_escape(by_names.front()), html_escape(dim_label));
  std::vector<std::string> short_labels;
  for (size_t i = 0; i < f.groups.size() && i < rows.size(); ++i) {
    const FunnelGroup& g = f.groups[i];
    const auto [label, code] = funnel_labels(snap, *by, g.key);
    short_labels.push_back(code);
    const bool hidden = rows[i].suppressed;
    body += fmt::format(
        "<tr><th scope=\"row\" data-code=\"{}\">{}</th><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        html_escape(g.key.value_or("")), html_escape(label), count_text(g.count, hidden),
        people_text(g.registered, q.suppress()), rate_text(g, hidden),
        g.position ? std::string(funnel_position_words(*g.position)) : std::string("-"));
  }
  body += fmt::format(
      "</tbody><tfoot><tr><th scope=\"row\">The area</th><td>{}</td><td>{}</td><td>{}</td>"
      "<td></td></tr></tfoot></table></div>\n",
      count_text(f.count, head.front().suppressed), people_text(f.registered, q.suppress()),
      f.per_1000 ? report::format_value(*f.per_1000, report::ValueFormat::kDecimal)
                 : std::string("-"));
  report::FunnelChartView v;
  v.id = "funnel";
  v.funnel = &f;
  v.labels = std::move(short_labels);
  v.title = m.short_name + " per 1,000 by " + lowered(dim_label) + ", " + q.period().label();
  v.desc = fmt::format(
      "Funnel plot of {} per 1,000 {} by {}: the area's rate {} per 1,000, with 95% and 99.8% "
      "limits; the table above gives every figure.",
      m.short_name, f.population_label(), lowered(dim_label),
      f.per_1000 ? report::format_value(*f.per_1000, report::ValueFormat::kDecimal) : "unknown");
  v.width = 720;
  body += "<figure>" + report::render_funnel_chart(v) + "</figure>\n</section>\n";
  return body;
}

}  // namespace bc::web
