// The finance schedule of the performance report and the quarterly pack:
// the pooled fund at a month, per scheme and partner, in £'000 with
// underspends in brackets, and a chart of the variance by scheme. Every
// figure is finance/position.h's; this file only lays them out.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "finance/position.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/performance_report.h"

namespace bc::report {

Result<std::string> finance_schedule_html(const ReportContext& ctx, const ReportMonth& at) {
  auto pos = fund_position(*ctx.store, at.year, at.month, std::nullopt);
  if (!pos.ok()) {
    if (pos.status().code() == StatusCode::kNotFound)
      return "<p class=\"muted\">No budgets or ledger are loaded for " + at.year.label() +
             ".</p>\n";
    return pos.status();
  }
  std::string out = fmt::format(
      "<table class=\"finance\" data-year=\"{}\" data-month=\"{}\"><caption>Pooled fund at {} "
      "(£'000; underspends in brackets)</caption>"
      "<tr><th scope=\"col\">Scheme / partner</th><th class=\"num\" scope=\"col\">Budget</th>"
      "<th class=\"num\" scope=\"col\">YTD budget</th><th class=\"num\" scope=\"col\">YTD "
      "actual</th><th class=\"num\" scope=\"col\">Forecast outturn</th><th class=\"num\" "
      "scope=\"col\">Variance</th><th class=\"num\" scope=\"col\">Borne variance</th></tr>\n",
      at.year.label(), at.month, at.label());
  auto cells = [](const Position& p) {
    return fmt::format(
        "<td class=\"num\" data-field=\"budget\" data-pence=\"{}\">{}</td>"
        "<td class=\"num\" data-field=\"ytd_budget\" data-pence=\"{}\">{}</td>"
        "<td class=\"num\" data-field=\"ytd_actual\" data-pence=\"{}\">{}</td>"
        "<td class=\"num\" data-field=\"outturn\" data-pence=\"{}\">{}</td>"
        "<td class=\"num\" data-field=\"variance\" data-pence=\"{}\">{}</td>",
        p.budget.pence(), format_k(p.budget), p.ytd_budget.pence(), format_k(p.ytd_budget),
        p.ytd_actual.pence(), format_k(p.ytd_actual), p.outturn.pence(), format_k(p.outturn),
        p.variance.pence(), format_k(p.variance));
  };
  for (const SchemePosition& s : pos->schemes) {
    out += fmt::format(
        "<tr class=\"scheme\"><td colspan=\"7\">{} {} <span class=\"note\">(host {}; risk share "
        "{})</span></td></tr>\n",
        html_escape(s.code), html_escape(s.name), html_escape(s.host), html_escape(s.risk_share));
    for (const PartnerPosition& p : s.partners) {
      out += fmt::format(
          "<tr data-scheme=\"{}\" data-partner=\"{}\"><td>{}{}</td>{}<td class=\"num\" "
          "data-field=\"borne_variance\" data-pence=\"{}\">{}</td></tr>\n",
          html_escape(s.code), html_escape(p.partner), html_escape(p.partner),
          p.has_budget ? "" : " (no budget)", cells(p), p.borne_variance.pence(),
          format_k(p.borne_variance));
    }
    out += fmt::format(
        "<tr class=\"total\" data-scheme=\"{}\" data-partner=\"\"><td>{} "
        "total</td>{}<td></td></tr>\n",
        html_escape(s.code), html_escape(s.code), cells(s));
  }
  out += fmt::format(
      "<tr class=\"total\" data-scheme=\"\" data-partner=\"\"><td>Pooled fund "
      "total</td>{}<td></td></tr>\n",
      cells(pos->totals));
  for (const PartnerPosition& p : pos->by_partner) {
    out += fmt::format(
        "<tr data-scheme=\"\" data-partner=\"{}\"><td>of which {}</td>{}<td class=\"num\" "
        "data-field=\"borne_variance\" data-pence=\"{}\">{}</td></tr>\n",
        html_escape(p.partner), html_escape(p.partner), cells(p), p.borne_variance.pence(),
        format_k(p.borne_variance));
  }
  out += "</table>\n";
  for (const auto& w : pos->warnings)
    out += "<p class=\"note\">Warning: " + html_escape(w) + "</p>\n";
  // Variance by scheme, as a picture.
  BarChart bars;
  bars.id = "finance-variance-" + at.year.label().substr(0, 4) + "-" + std::to_string(at.month);
  bars.title = "Forecast variance by scheme (£)";
  bars.desc = "Forecast outturn minus budget for each scheme; above zero is an overspend";
  bars.horizontal = true;
  bars.show_values = true;
  bars.format = ValueFormat::kPounds;
  Series s{"Variance", {}, Series::Style::kSolid};
  for (const SchemePosition& sp : pos->schemes) {
    bars.categories.push_back(sp.code + " " + sp.name);
    s.values.push_back(static_cast<double>(sp.variance.pence()) / 100.0);
  }
  bars.series.push_back(std::move(s));
  bars.width = 640;
  bars.height = 60 + 22 * static_cast<int>(pos->schemes.size());
  out += "<div class=\"charts one\"><figure>" + render_bar_chart(bars) + "</figure></div>\n";
  return out;
}

}  // namespace bc::report
