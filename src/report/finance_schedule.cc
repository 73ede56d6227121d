// The finance schedule of the performance report and the quarterly pack:
// the pooled fund at a month, per scheme and partner, in £'000 with
// underspends in brackets, and a chart of the variance by scheme. Every
// figure is finance/position.h's; this file only lays them out.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "finance/position.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "present/number_format.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/performance_report.h"

namespace bc::report {

using present::format_k;
using present::html_escape;

Result<std::string> finance_schedule_html(const ReportContext& ctx, const Period& at) {
  auto pos = fund_position(*ctx.store, at.fiscal_year(), at.fiscal_month(), std::nullopt);
  if (!pos.ok()) {
    if (pos.status().code() == StatusCode::kNotFound)
      return "<p class=\"muted\">No budgets or ledger are loaded for " + at.fiscal_year().label() +
             ".</p>\n";
    return pos.status();
  }
  // The seed's schedule prints the previous report's outturn beside this
  // month's; the movement between them is what the board asks about. M1
  // has no previous report, so neither column.
  const bool previous = at.fiscal_month() > 1;
  const int columns = previous ? 9 : 7;
  std::string out = fmt::format(
      "<table class=\"finance\" data-year=\"{}\" data-month=\"{}\"><caption>Pooled fund at {} "
      "(£'000; underspends in brackets)</caption>"
      "<tr><th scope=\"col\">Scheme / partner</th><th class=\"num\" scope=\"col\">Budget</th>"
      "<th class=\"num\" scope=\"col\">YTD<br>budget</th><th class=\"num\" "
      "scope=\"col\">YTD<br>actual</th>",
      at.fiscal_year().label(), at.fiscal_month(), as_at_label(at));
  if (previous) {
    out += fmt::format("<th class=\"num\" scope=\"col\">Previous report<br>(M{}) outturn</th>",
                       at.fiscal_month() - 1);
  }
  out += "<th class=\"num\" scope=\"col\">Forecast<br>outturn</th>";
  if (previous) out += "<th class=\"num\" scope=\"col\">Movement</th>";
  out +=
      "<th class=\"num\" scope=\"col\">Variance</th><th class=\"num\" "
      "scope=\"col\">Borne<br>variance</th></tr>\n";
  auto cell = [](const char* field, const std::optional<Money>& m) {
    if (!m) return fmt::format("<td class=\"num\" data-field=\"{}\">-</td>", field);
    return fmt::format("<td class=\"num\" data-field=\"{}\" data-pence=\"{}\">{}</td>", field,
                       m->pence(), format_k(*m));
  };
  auto cells = [&](const Position& p) {
    std::string c = cell("budget", p.budget) + cell("ytd_budget", p.ytd_budget) +
                    cell("ytd_actual", p.ytd_actual);
    if (previous) c += cell("previous_outturn", p.previous_outturn);
    c += cell("outturn", p.outturn);
    if (previous) c += cell("movement", p.movement());
    return c + cell("variance", p.variance);
  };
  for (const SchemePosition& s : pos->schemes) {
    out += fmt::format(
        "<tr class=\"scheme\"><td colspan=\"{}\">{} {} <span class=\"note\">(host {}; "
        "<span data-risk-share=\"{}\">{}</span>)</span></td></tr>\n",
        columns, html_escape(s.code), html_escape(s.name), html_escape(s.host),
        html_escape(s.risk_share), html_escape(present::risk_share_words(s.risk_share)));
    for (const PartnerPosition& p : s.partners) {
      out += fmt::format("<tr data-scheme=\"{}\" data-partner=\"{}\"><td>{}{}</td>{}{}</tr>\n",
                         html_escape(s.code), html_escape(p.partner), html_escape(p.partner),
                         p.has_budget ? "" : " (no budget)", cells(p),
                         cell("borne_variance", p.borne_variance));
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
    out += fmt::format("<tr data-scheme=\"\" data-partner=\"{}\"><td>of which {}</td>{}{}</tr>\n",
                       html_escape(p.partner), html_escape(p.partner), cells(p),
                       cell("borne_variance", p.borne_variance));
  }
  out += "</table>\n";
  if (previous) {
    out += fmt::format(
        "<p class=\"note\">Previous report: the forecast outturn as at M{} ({}), worked out from "
        "the ledger loaded now. Movement: this month's forecast outturn less the previous "
        "report's; positive is a forecast that rose.</p>\n",
        at.fiscal_month() - 1, html_escape(at.last_month().add_months(-1).name()));
  }
  for (const auto& w : pos->warnings)
    out += "<p class=\"note\">Warning: " + html_escape(w) + "</p>\n";
  // Variance by scheme, as a picture.
  BarChart bars;
  bars.id = "finance-variance-" + at.fiscal_year().label().substr(0, 4) + "-" +
            std::to_string(at.fiscal_month());
  bars.title = "Forecast variance by scheme (£)";
  bars.desc = "Forecast outturn minus budget for each scheme; above zero is an overspend";
  bars.horizontal = true;
  bars.show_values = true;
  bars.format = ValueFormat::kPounds;
  Series s{"Variance", {}, Series::Style::kSolid};
  for (const SchemePosition& sp : pos->schemes) {
    bars.categories.push_back(sp.code + " " + sp.name);
    s.values.push_back(sp.variance.pounds());
  }
  bars.series.push_back(std::move(s));
  bars.width = 640;
  bars.height = 60 + 22 * static_cast<int>(pos->schemes.size());
  out += "<div class=\"charts one\"><figure>" + render_bar_chart(bars) + "</figure></div>\n";
  return out;
}

}  // namespace bc::report
