// The pooled fund: the finance schedule as at a month (the board papers'
// table, from the report module, itself from finance/position.h), and a page
// per scheme with its monthly spend against the budget profile. Every
// figure is fund_position's; the web only picks the month.
#include <fmt/format.h>

#include <map>

#include "core/fiscal.h"
#include "finance/position.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "present/number_format.h"
#include "programme/schemes.h"
#include "report/html.h"
#include "report/performance_report.h"
#include "web/layout.h"
#include "web/pages_internal.h"
#include "web/table_export.h"

namespace bc::web {
namespace {

using present::format_k;
using present::html_escape;

struct AsAt {
  FinancialYear year;
  int month = 12;
  std::string notice;  // why the month differs from the one asked for
};

// The month to show: ?year=&month= when given; else the period picker's
// last month; else the latest month with ledger. A month beyond the ledger
// loaded is brought back to it, with a notice.
Result<AsAt> choose_month(Ctx& ctx, const std::map<std::string, int>& years) {
  AsAt at;
  auto year = param_or(ctx, "year");
  if (!year.ok()) return year.status();
  auto month = param_or(ctx, "month");
  if (!month.ok()) return month.status();
  auto period_param = param_or(ctx, "period");
  if (!period_param.ok()) return period_param.status();

  std::optional<FinancialYear> fy;
  std::optional<int> m;
  if (!year->empty()) {
    auto y = FinancialYear::parse(*year);
    if (!y.ok()) return Status::invalid_argument(fmt::format("year '{}': {}", *year, y.error()));
    fy = *y;
  }
  if (!month->empty()) {
    auto mm = parse_financial_month(*month);
    if (!mm.ok())
      return Status::invalid_argument(
          fmt::format("month '{}': the month must be 1 to 12 (1 = April)", *month));
    m = *mm;
  }
  if (!fy && !period_param->empty()) {
    auto p = ctx.period();
    if (!p.ok()) return p.status();
    fy = p->fiscal_year();
    if (!m) m = p->fiscal_month();
  }
  auto latest_ledger = [&]() -> std::optional<std::pair<FinancialYear, int>> {
    for (auto it = years.rbegin(); it != years.rend(); ++it) {
      if (it->second > 0) return std::make_pair(*FinancialYear::parse(it->first), it->second);
    }
    if (!years.empty()) return std::make_pair(*FinancialYear::parse(years.rbegin()->first), 12);
    return std::nullopt;
  };
  if (!fy) {
    auto l = latest_ledger();
    if (!l) {
      at.year = FinancialYear::containing(Date::today_utc());
      at.month = m.value_or(12);
      return at;
    }
    at.year = l->first;
    at.month = m.value_or(l->second);
    return at;
  }
  at.year = *fy;
  auto it = years.find(fy->label());
  int loaded = it == years.end() ? -1 : it->second;
  if (!m) m = loaded > 0 ? loaded : 12;
  at.month = *m;
  if (year->empty() && loaded < 0) {
    // The picker's period has no finance: show the latest that has.
    if (auto l = latest_ledger()) {
      at.notice = fmt::format("No budgets or ledger are loaded for {}; showing {} month {}.",
                              fy->label(), l->first.label(), l->second);
      at.year = l->first;
      at.month = l->second;
    }
  } else if (loaded > 0 && at.month > loaded) {
    at.notice = fmt::format(
        "The ledger for {} is loaded to month {}; the position is shown at month {} (asked for "
        "month {}).",
        fy->label(), loaded, loaded, at.month);
    at.month = loaded;
  }
  return at;
}

std::string month_form(const std::string& action, const std::map<std::string, int>& years,
                       const AsAt& at, bool with_month, const std::string& period) {
  std::string out = "<form class=\"controls\" method=\"get\" action=\"" + html_escape(action) +
                    "\"><input type=\"hidden\" name=\"period\" value=\"" + html_escape(period) +
                    "\"><label for=\"year\">Financial year</label> <select id=\"year\" "
                    "name=\"year\">";
  bool listed = false;
  for (auto it = years.rbegin(); it != years.rend(); ++it) {
    bool sel = it->first == at.year.label();
    listed |= sel;
    out += fmt::format("<option value=\"{0}\"{1}>{0}</option>", html_escape(it->first),
                       sel ? " selected" : "");
  }
  if (!listed) out += fmt::format("<option value=\"{0}\" selected>{0}</option>", at.year.label());
  out += "</select>";
  if (with_month) {
    out += " <label for=\"month\">Month</label> <select id=\"month\" name=\"month\">";
    for (int m = 1; m <= 12; ++m) {
      out += fmt::format("<option value=\"{}\"{}>M{} ({})</option>", m,
                         m == at.month ? " selected" : "", m, at.year.month(m).short_name());
    }
    out += "</select>";
  }
  out += " <button type=\"submit\">Show</button></form>\n";
  return out;
}

// ---- GET /finance -----------------------------------------------------------

Status finance_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kFinance, "the pooled fund"); !s.ok()) return s;
  auto snap = ctx.app.snapshot();
  if (!snap.ok()) return snap.status();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto years = finance_years(**store, std::nullopt);
  if (!years.ok()) return years.status();
  auto at = choose_month(ctx, *years);
  if (!at.ok()) return at.status();
  const std::string pt = period_text(ctx);

  report::ReportContext rc;
  rc.store = &**store;
  rc.snapshot = snap->get();
  rc.metrics = &ctx.app.config();
  rc.suppress = suppress_for(ctx.user(), std::nullopt);
  rc.generated_on = Date::today_utc();
  const Period rm = Period::month(at->year, at->month);

  std::string body = fmt::format(
      "<p class=\"lead\">The pooled fund's position at <strong>{}</strong> ({}): per scheme and "
      "partner, the budget, year-to-date budget and spend, forecast outturn (beside the previous "
      "month's report, with the movement since) and variance, and who bears the variance. "
      "£'000; underspends in brackets.</p>\n",
      html_escape(report::as_at_label(rm)), html_escape(rm.last_month().name()));
  body += month_form("/finance", *years, *at, true, pt);
  if (!at->notice.empty()) body += "<p class=\"notice info\">" + html_escape(at->notice) + "</p>\n";

  auto pos = fund_position(**store, at->year, at->month, std::nullopt);
  if (pos.ok()) {
    const Position& t = pos->totals;
    if (auto v = t.variance_pct()) {
      Money abs = t.variance.pence() < 0 ? -t.variance : t.variance;
      body += fmt::format(
          "<p class=\"headline-figure\" data-variance-pence=\"{}\">Forecast <strong>{}</strong> of "
          "{} ({:.1f}%) on a budget of {}.</p>\n",
          t.variance.pence(), t.variance.pence() > 0 ? "overspend" : "underspend",
          abs.format_millions(), std::abs(*v), t.budget.format_millions());
    }
    body +=
        "<nav aria-label=\"Schemes\"><p>Each scheme's monthly spend against its profile:</p>"
        "<ul class=\"inline-list\">";
    for (const SchemePosition& s : pos->schemes) {
      body += "<li><a href=\"" +
              href_attr("/finance/schemes/" + s.code, pt, {{"year", at->year.label()}}) + "\">" +
              html_escape(s.code) + " " + html_escape(s.name) + "</a></li>";
    }
    body += "</ul></nav>\n";
  } else if (pos.status().code() != StatusCode::kNotFound) {
    return pos.status();
  }
  auto schedule = report::finance_schedule_html(rc, rm);
  if (!schedule.ok()) return schedule.status();
  body +=
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Finance schedule\">" +
      *schedule + "</div>\n";
  body += whole_page_download_link(ctx);

  PageOptions po;
  po.title = "Finance";
  po.section = Section::kFinance;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

// ---- GET /finance/schemes/<code> --------------------------------------------

// The scheme's year month by month (`months`: M1..M12 as fund_position
// gives them): the cumulative trend chart, the monthly bars and the table.
// Spend, outturn and movement are shown only for the months with ledger
// (up to `loaded`); the budget profile for every month.
struct MonthlyViews {
  std::string line_chart, bar_chart, table;
};
MonthlyViews monthly_views(const std::vector<FundPosition>& months, const AsAt& at, int loaded,
                           const std::string& code) {
  auto scheme_of = [](const FundPosition& p) -> const SchemePosition& { return p.schemes.front(); };
  report::LineChart c;
  c.id = "scheme-trend";
  c.title = code + ": spend against the budget profile, " + at.year.label();
  c.desc = "Year-to-date spend and year-to-date budget by month, with the forecast outturn";
  c.format = report::ValueFormat::kPounds;
  c.width = 720;
  c.height = 300;
  report::Series spend{"YTD spend", {}, report::Series::Style::kSolid};
  report::Series profile{"YTD budget (profile)", {}, report::Series::Style::kDashed};
  report::Series outturn{"Forecast outturn", {}, report::Series::Style::kDotted};
  report::BarChart bars;
  bars.id = "scheme-monthly";
  bars.title = code + ": each month's spend and budget, " + at.year.label();
  bars.desc = "The spend of each month beside that month's share of the budget profile";
  bars.format = report::ValueFormat::kPounds;
  bars.width = 720;
  bars.height = 280;
  report::Series month_spend{"Spend in the month", {}, report::Series::Style::kSolid};
  report::Series month_profile{"Budget profile for the month", {}, report::Series::Style::kSolid};

  std::string table =
      "<table class=\"data scheme-months\" data-scheme=\"" + html_escape(code) +
      "\"><caption>By month (£'000; underspends in brackets)</caption><thead><tr><th "
      "scope=\"col\">Month</th><th class=\"num\" scope=\"col\">Budget profile</th><th "
      "class=\"num\" scope=\"col\">Spend</th><th class=\"num\" scope=\"col\">YTD "
      "budget</th><th class=\"num\" scope=\"col\">YTD spend</th><th class=\"num\" "
      "scope=\"col\">YTD variance</th><th class=\"num\" scope=\"col\">Forecast "
      "outturn</th><th class=\"num\" scope=\"col\">Forecast variance</th><th class=\"num\" "
      "scope=\"col\">Movement</th></tr></thead><tbody>\n";
  Money prev_budget, prev_actual;
  for (int m = 1; m <= 12; ++m) {
    const SchemePosition& s = scheme_of(months[static_cast<size_t>(m - 1)]);
    const bool has_ledger = m <= loaded;
    Money month_budget = s.ytd_budget - prev_budget;
    Money month_actual = s.ytd_actual - prev_actual;
    prev_budget = s.ytd_budget;
    prev_actual = s.ytd_actual;
    c.categories.push_back(at.year.month(m).short_name());
    bars.categories.push_back(at.year.month(m).short_name());
    profile.values.push_back(s.ytd_budget.pounds());
    month_profile.values.push_back(month_budget.pounds());
    spend.values.push_back(has_ledger ? std::optional(s.ytd_actual.pounds()) : std::nullopt);
    outturn.values.push_back(has_ledger ? std::optional(s.outturn.pounds()) : std::nullopt);
    month_spend.values.push_back(has_ledger ? std::optional(month_actual.pounds()) : std::nullopt);
    auto cell = [](Money v) {
      return fmt::format("<td class=\"num\" data-pence=\"{}\">{}</td>", v.pence(), format_k(v));
    };
    table += fmt::format("<tr data-month=\"{}\"{}><td>M{} {}</td>", m,
                         m == at.month ? " class=\"total\"" : "", m, at.year.month(m).short_name());
    table += cell(month_budget);
    if (has_ledger) {
      table += cell(month_actual) + cell(s.ytd_budget) + cell(s.ytd_actual) +
               cell(s.ytd_actual - s.ytd_budget) + cell(s.outturn) + cell(s.variance) +
               (s.movement() ? cell(*s.movement()) : std::string("<td class=\"num\">-</td>"));
    } else {
      table += "<td class=\"num\">-</td>" + cell(s.ytd_budget) +
               "<td class=\"num\">-</td><td class=\"num\">-</td><td class=\"num\">-</td><td "
               "class=\"num\">-</td><td class=\"num\">-</td>";
    }
    table += "</tr>\n";
  }
  table += "</tbody></table>\n";
  c.series = {spend, profile, outturn};
  bars.series = {month_spend, month_profile};

  return {report::render_line_chart(c), report::render_bar_chart(bars), table};
}

// The scheme's partners at the month shown, with the variance each bears.
std::string partner_table_html(const SchemePosition& s, int month) {
  std::string body = fmt::format(
      "<table class=\"data scheme-partners\"><caption>By partner at month {} (£'000)</caption>"
      "<thead><tr><th scope=\"col\">Partner</th><th class=\"num\" scope=\"col\">Budget</th><th "
      "class=\"num\" scope=\"col\">YTD budget</th><th class=\"num\" scope=\"col\">YTD "
      "spend</th><th class=\"num\" scope=\"col\">Forecast outturn</th><th class=\"num\" "
      "scope=\"col\">Variance</th><th class=\"num\" scope=\"col\">Borne variance</th></tr>"
      "</thead><tbody>\n",
      month);
  for (const PartnerPosition& p : s.partners) {
    body += fmt::format(
        "<tr data-partner=\"{}\"><td>{}{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(p.partner), html_escape(p.partner), p.has_budget ? "" : " (no budget)",
        format_k(p.budget), format_k(p.ytd_budget), format_k(p.ytd_actual), format_k(p.outturn),
        format_k(p.variance), format_k(p.borne_variance));
  }
  return body + "</tbody></table>\n";
}

Status scheme_finance_page(Ctx& ctx) {
  if (Status s = require(ctx, Capability::kFinance, "the pooled fund"); !s.ok()) return s;
  const std::string code = ctx.req.matches[1].str();
  auto store = ctx.app.store();
  if (!store.ok()) return store.status();
  auto scheme = find_scheme(**store, code);
  if (!scheme.ok()) return scheme.status();
  auto years = finance_years(**store, code);
  if (!years.ok()) return years.status();
  auto at = choose_month(ctx, *years);
  if (!at.ok()) return at.status();
  const std::string pt = period_text(ctx);
  auto loaded_it = years->find(at->year.label());
  const int loaded = loaded_it == years->end() ? 0 : loaded_it->second;

  std::string body = fmt::format(
      "<p class=\"lead\">Scheme <strong>{} {}</strong> (host {}; {}{}). Monthly spend "
      "against the budget profile in {}: the year-to-date budget follows the scheme's monthly "
      "profile, or straight-line twelfths without one.</p>\n",
      html_escape(scheme->code), html_escape(scheme->name), html_escape(scheme->host),
      html_escape(present::risk_share_words(scheme->risk_share)),
      scheme->pooled_budget_manager.empty()
          ? ""
          : "; pooled budget manager " + html_escape(scheme->pooled_budget_manager),
      html_escape(at->year.label()));
  body += month_form("/finance/schemes/" + code, *years, *at, false, pt);
  body += "<p><a href=\"" + href_attr("/finance", pt, {{"year", at->year.label()}}) +
          "\">The whole fund's schedule</a></p>\n";

  std::vector<FundPosition> months;
  for (int m = 1; m <= 12; ++m) {
    auto pos = fund_position(**store, at->year, m, code);
    if (!pos.ok()) {
      if (pos.status().code() != StatusCode::kNotFound) return pos.status();
      break;
    }
    months.push_back(std::move(*pos));
  }
  if (months.size() != 12 || months.front().schemes.empty()) {
    body += "<p class=\"muted\">No budget or ledger is loaded for this scheme in " +
            html_escape(at->year.label()) + ".</p>\n";
  } else {
    const MonthlyViews views = monthly_views(months, *at, loaded, code);
    const FundPosition& now = months[static_cast<size_t>(at->month - 1)];
    const SchemePosition& s = now.schemes.front();
    body += fmt::format(
        "<p>At month {} ({}): year-to-date spend <strong>{}</strong> against a year-to-date "
        "budget of {}; forecast outturn {} on an annual budget of {}: a forecast {} of "
        "<strong>{}</strong>.</p>\n",
        at->month, html_escape(at->year.month(at->month).short_name()),
        s.ytd_actual.format_pounds(), s.ytd_budget.format_pounds(), s.outturn.format_pounds(),
        s.budget.format_pounds(), s.variance.pence() > 0 ? "overspend" : "underspend",
        (s.variance.pence() < 0 ? -s.variance : s.variance).format_pounds());
    if (loaded == 0)
      body += "<p class=\"notice info\">No ledger is loaded for this year yet: budgets only.</p>\n";
    body += "<div class=\"charts\"><figure>" + views.line_chart +
            "<figcaption>Cumulative spend against the cumulative budget profile; the outturn "
            "line is the forecast for the whole year as given at each month.</figcaption>"
            "</figure><figure>" +
            views.bar_chart + "</figure></div>\n";
    body +=
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Budget, actual and "
        "outturn\">" +
        views.table + "</div>\n";

    body += "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"By partner\">" +
            partner_table_html(s, at->month) + "</div>\n";
    for (const auto& w : now.warnings)
      body += "<p class=\"note\">Warning: " + html_escape(w) + "</p>\n";
  }

  PageOptions po;
  po.title = "Finance: " + scheme->code + " " + scheme->name;
  po.section = Section::kFinance;
  send_html(ctx.res, render_page(ctx, po, body));
  return Status();
}

}  // namespace

void add_finance_pages(Router& r) {
  r.get("/finance", finance_page);
  r.get(R"(/finance/schemes/([A-Za-z0-9_-]{1,32}))", scheme_finance_page);
}

}  // namespace bc::web
