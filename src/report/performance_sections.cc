// The performance report's sections after the summary: emergency admissions,
// top diagnoses, delayed transfers, a page per headline metric, population
// growth and the highlight report (performance_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/age.h"
#include "core/dtoc_codes.h"
#include "engine/diagnosis_groups.h"
#include "engine/population.h"
#include "finance/position.h"
#include "present/html_escape.h"
#include "present/labels.h"
#include "present/number_format.h"
#include "report/html.h"
#include "report/metric_text.h"
#include "report/performance_parts.h"
#include "report/spc_chart.h"

namespace bc::report::parts {

using present::format_metric_value;
using present::format_plan;
using present::format_thousands;
using present::html_escape;

Result<std::string> nel_section(const Figures& f, const Period& at, const std::string& id) {
  const MetricDef* nel = f.metric("nel_admissions");
  const MetricDef* ae = f.metric("ae_attendances");
  if (nel == nullptr) return std::string();
  std::string out =
      "<section class=\"page\" id=\"" + id + "-nel\"><h2>Non-elective hospital admissions</h2>\n";
  auto total = f.total(*nel, at.year_to_date());
  if (!total.ok()) return total.status();
  auto all = monthly(f, *nel, at, {});
  if (!all.ok()) return all.status();
  out += fmt::format("<p><strong>All ages:</strong> {} admissions year to date; {}; {}.</p>\n",
                     format_metric_value(total->value, total->unit, total->suppressed),
                     target_phrase(*total, *nel), change_phrase(*total));
  out += "<div class=\"charts\">";
  out +=
      figure(month_chart(id + "-nel-all", "Admissions by month, all ages",
                         fmt::format("Emergency admissions each month of {} against plan and {}",
                                     at.fiscal_year().label(), at.fiscal_year().previous().label()),
                         (*all)[""], nel->unit_name(), at));
  out +=
      figure(month_chart(id + "-nel-all-cum", "Admissions year to date, all ages",
                         "Emergency admissions year to date, month by month, against plan and last "
                         "year",
                         (*all)[""], nel->unit_name(), at, true));
  out += "</div>\n";

  auto stay_all = monthly(f, *nel, at, {"stay_length"});
  auto stay_band = monthly(f, *nel, at, {"age_band", "stay_length"});
  auto stay_tot = keyed(f, *nel, at.year_to_date(), {"stay_length"});
  auto stay_band_tot = keyed(f, *nel, at.year_to_date(), {"age_band", "stay_length"});
  if (!stay_all.ok()) return stay_all.status();
  if (!stay_band.ok()) return stay_band.status();
  if (!stay_tot.ok()) return stay_tot.status();
  if (!stay_band_tot.ok()) return stay_band_tot.status();
  std::map<std::string, Monthly> ae_all, ae_band;
  std::map<std::string, MetricRow> ae_tot, ae_band_tot;
  if (ae != nullptr) {
    auto a = monthly(f, *ae, at, {});
    auto b = monthly(f, *ae, at, {"age_band"});
    auto c = keyed(f, *ae, at.year_to_date(), {});
    auto d = keyed(f, *ae, at.year_to_date(), {"age_band"});
    if (!a.ok()) return a.status();
    if (!b.ok()) return b.status();
    if (!c.ok()) return c.status();
    if (!d.ok()) return d.status();
    ae_all = std::move(*a), ae_band = std::move(*b), ae_tot = std::move(*c),
    ae_band_tot = std::move(*d);
  }

  auto caption = [](const std::map<std::string, MetricRow>& tot, const std::string& key) {
    auto it = tot.find(key);
    if (it == tot.end()) return std::string("No data.");
    const MetricRow& r = it->second;
    std::string c = change_phrase(r);
    return fmt::format("Year to date: {}{}{}.", format_metric_value(r.value, r.unit, r.suppressed),
                       c.empty() ? "" : "; ", c);
  };
  struct Band {
    std::string name, key, slug;
  };
  std::vector<Band> bands = {{"All ages", "", "all"}};
  for (int b = 0; b < kAgeBandCount; ++b) {
    std::string label(age_band_label(static_cast<AgeBand>(b)));
    bands.push_back({kBandNames[b], label, "band" + std::to_string(b)});
  }
  for (const Band& band : bands) {
    bool all_ages = band.key.empty();
    out += "<h3>" + html_escape(band.name) + "</h3><div class=\"charts\">";
    for (const char* stay : {"short", "long"}) {
      std::string key = all_ages ? stay : band.key + "|" + stay;
      const auto& series = all_ages ? *stay_all : *stay_band;
      auto it = series.find(key);
      Monthly empty;
      std::string title = fmt::format("{} stay admissions ({})", stay[0] == 's' ? "Short" : "Long",
                                      stay[0] == 's' ? "same-day discharge" : "one night or more");
      out += figure(
          month_chart(id + "-nel-" + band.slug + "-" + stay, title,
                      fmt::format("{}, {}, by month, {} against {}", title, band.name,
                                  at.fiscal_year().label(), at.fiscal_year().previous().label()),
                      it == series.end() ? empty : it->second, nel->unit_name(), at),
          caption(all_ages ? *stay_tot : *stay_band_tot, key));
    }
    if (ae != nullptr) {
      const auto& series = all_ages ? ae_all : ae_band;
      auto it = series.find(band.key);
      Monthly empty;
      std::string title = "A&E attendances (types 01-03)";
      out += figure(
          month_chart(id + "-ae-" + band.slug, title,
                      fmt::format("{}, {}, by month, {} against {}", title, band.name,
                                  at.fiscal_year().label(), at.fiscal_year().previous().label()),
                      it == series.end() ? empty : it->second, ae->unit_name(), at),
          caption(all_ages ? ae_tot : ae_band_tot, band.key));
    }
    out += "</div>\n";
  }
  return out + "</section>\n";
}

Result<std::string> diagnoses_section(const Figures& f, const Period& at, const std::string& id) {
  const MetricDef* nel = f.metric("nel_admissions");
  const MetricDef* cost = f.metric("nel_cost");
  if (nel == nullptr) return std::string();
  auto counts = keyed(f, *nel, at.year_to_date(), {"age_band", "diagnosis_group"});
  if (!counts.ok()) return counts.status();
  std::map<std::string, MetricRow> costs;
  if (cost != nullptr) {
    auto c = keyed(f, *cost, at.year_to_date(), {"age_band", "diagnosis_group"});
    if (!c.ok()) return c.status();
    costs = std::move(*c);
  }
  const DiagnosisGroups& groups = DiagnosisGroups::builtin();
  std::string out = "<section class=\"page\" id=\"" + id +
                    "-diagnoses\"><h2>Non-elective admissions: top 15 primary diagnoses</h2>\n";
  out += fmt::format(
      "<p>Year to date at {}, by age at admission. Diagnoses are grouped as in "
      "config/diagnosis_groups.toml; codes in no group are left out of the ranking.</p>\n",
      as_at_label(at));
  for (int b = 0; b < kAgeBandCount; ++b) {
    std::string band(age_band_label(static_cast<AgeBand>(b)));
    struct Item {
      std::string group;
      const MetricRow* count;
      const MetricRow* cost;
    };
    std::vector<Item> items;
    for (const auto& [key, row] : *counts) {
      if (key.rfind(band + "|", 0) != 0) continue;
      std::string group = key.substr(band.size() + 1);
      if (group == "other" || (row.numerator == 0 && !row.suppressed)) continue;
      auto c = costs.find(key);
      items.push_back({group, &row, c == costs.end() ? nullptr : &c->second});
    }
    auto cost_of = [](const Item& i) { return i.cost && i.cost->value ? *i.cost->value : 0.0; };
    std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b2) {
      double na = a.count->suppressed ? 0 : a.count->numerator;
      double nb = b2.count->suppressed ? 0 : b2.count->numerator;
      if (na != nb) return na > nb;
      if (cost_of(a) != cost_of(b2)) return cost_of(a) > cost_of(b2);
      return a.group < b2.group;
    });
    if (items.size() > 15) items.resize(15);
    out += fmt::format(
        "<table class=\"diagnoses\" data-age-band=\"{}\"><caption>{}</caption>"
        "<tr><th scope=\"col\">Primary diagnosis</th><th class=\"num\" "
        "scope=\"col\">Activity</th><th class=\"num\" scope=\"col\">Cost</th></tr>\n",
        html_escape(band), html_escape(kBandNames[b]));
    if (items.empty()) out += "<tr><td colspan=\"3\">No admissions.</td></tr>\n";
    for (const Item& i : items) {
      // The cost of a suppressed count would give the count away.
      std::string cost_text = i.count->suppressed ? "*"
                              : i.cost ? format_metric_value(i.cost->value, MetricUnit::kPounds)
                                       : "-";
      out += fmt::format(
          "<tr data-group=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "</tr>\n",
          html_escape(i.group), html_escape(groups.name_of(i.group)),
          format_metric_value(i.count->value, MetricUnit::kCount, i.count->suppressed), cost_text);
    }
    out += "</table>\n";
  }
  return out + "</section>\n";
}

// Delayed days by the organisation responsible, month by month (stacked bars).
static Result<std::string> dtoc_org_chart(const Figures& f, const MetricDef& days, const Period& at,
                                          const std::string& id) {
  auto org = monthly(f, days, at, {"responsible_org"});
  if (!org.ok()) return org.status();
  BarChart bars;
  bars.id = id + "-dtoc-org";
  bars.title = "Delayed days by responsible organisation";
  bars.desc = "Delayed days each month of " + at.fiscal_year().label() +
              ", stacked by the organisation responsible for the delay";
  bars.stacked = true;
  for (int k = 1; k <= at.fiscal_month(); ++k)
    bars.categories.emplace_back(month_abbreviation(calendar_month_of(k)));
  for (std::string_view o : kDtocAgencies) {
    Series s;
    s.name = std::string(o);
    auto it = org->find(s.name);
    for (int k = 0; k < at.fiscal_month(); ++k)
      s.values.push_back(it == org->end() ? std::nullopt
                                          : it->second.actual[static_cast<size_t>(k)]);
    bars.series.push_back(std::move(s));
  }
  bars.width = 640;
  bars.height = 260;
  return "<div class=\"charts one\"><figure>" + render_bar_chart(bars) + "</figure></div>\n";
}

Result<std::string> dtoc_section(const Figures& f, const Period& at, const std::string& id) {
  const MetricDef* days = f.metric("delayed_days");
  const MetricDef* rate = f.metric("dtoc_rate");
  if (days == nullptr) return std::string();
  std::string out =
      "<section class=\"page\" id=\"" + id + "-dtoc\"><h2>Delayed transfers of care (18+)</h2>\n";
  auto ytd = f.total(*days, at.year_to_date());
  if (!ytd.ok()) return ytd.status();
  std::optional<MetricRow> month_rate;
  if (rate != nullptr) {
    auto r = f.total(*rate, at);
    if (!r.ok()) return r.status();
    month_rate = *r;
  }
  out +=
      "<table class=\"dtoc-headline\"><tr><th scope=\"col\">Delayed days: YTD target</th>"
      "<th scope=\"col\">YTD actual</th><th scope=\"col\">Against target</th>";
  if (month_rate)
    out += fmt::format(
        "<th scope=\"col\">DToC rate: {} target</th><th scope=\"col\">{} actual</th>"
        "<th scope=\"col\">Against target</th>",
        month_abbreviation(at.last_month().month()), month_abbreviation(at.last_month().month()));
  out += "</tr><tr>";
  out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} {}</td>",
                     format_plan(*ytd), format_metric_value(ytd->value, ytd->unit, ytd->suppressed),
                     rag_badge(ytd->rag), html_escape(target_phrase(*ytd, *days)));
  if (month_rate)
    out += fmt::format(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>", format_plan(*month_rate),
        format_metric_value(month_rate->value, month_rate->unit), rag_badge(month_rate->rag));
  out += "</tr></table>\n";
  out +=
      fmt::format("<p>Delayed days year to date are {}.</p>\n", html_escape(change_phrase(*ytd)));

  auto dm = monthly(f, *days, at, {});
  if (!dm.ok()) return dm.status();
  out += "<div class=\"charts\">";
  out += figure(month_chart(id + "-dtoc-days", "Delayed days by month",
                            "Delayed days each month against plan and last year", (*dm)[""],
                            days->unit_name(), at));
  if (rate != nullptr) {
    auto rm = monthly(f, *rate, at, {});
    if (!rm.ok()) return rm.status();
    out += figure(month_chart(id + "-dtoc-rate", "DToC rate by month",
                              "The DToC rate each month against plan and last year", (*rm)[""],
                              rate->unit_name(), at));
  }
  out += "</div>\n";

  // By responsible organisation, month by month (stacked).
  auto org_chart = dtoc_org_chart(f, *days, at, id);
  if (!org_chart.ok()) return org_chart.status();
  out += *org_chart;

  auto table = [&](const std::string& caption, const std::string& dim,
                   const std::vector<std::pair<std::string, std::string>>& labels,
                   const std::string& cls) -> Result<std::string> {
    auto rows = keyed(f, *days, at.year_to_date(), {dim});
    if (!rows.ok()) return rows.status();
    std::map<std::string, MetricRow> rates;
    if (rate != nullptr && dim == "provider") {
      auto r = keyed(f, *rate, at, {dim});
      if (!r.ok()) return r.status();
      rates = std::move(*r);
    }
    std::string t = fmt::format(
        "<table class=\"{}\"><caption>{}</caption><tr><th scope=\"col\">{}</th><th class=\"num\" "
        "scope=\"col\">Delayed days YTD</th><th class=\"num\" scope=\"col\">Last year</th><th "
        "scope=\"col\">Change</th>{}</tr>\n",
        cls, html_escape(caption), dim == "provider" ? "Provider" : "",
        rates.empty() ? ""
                      : fmt::format("<th class=\"num\" scope=\"col\">DToC rate, {}</th>",
                                    month_abbreviation(at.last_month().month())));
    for (const auto& [key, label] : labels) {
      auto it = rows->find(key);
      if (it == rows->end()) continue;
      const MetricRow& r = it->second;
      if (r.numerator == 0 && r.previous_value.value_or(0) == 0) continue;  // nothing either year
      std::string extra;
      if (!rates.empty()) {
        auto rt = rates.find(key);
        extra = fmt::format(
            "<td class=\"num\">{}</td>",
            rt == rates.end() ? "-" : format_metric_value(rt->second.value, MetricUnit::kPercent));
      }
      t += fmt::format(
          "<tr data-key=\"{}\"><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td>{}</td>{}</tr>\n",
          html_escape(key), html_escape(label),
          dim == "provider" && label != key
              ? " <span class=\"note\">" + html_escape(key) + "</span>"
              : "",
          format_metric_value(r.value, r.unit), format_metric_value(r.previous_value, r.unit),
          html_escape(change_phrase(r)), extra);
    }
    return t + "</table>\n";
  };
  std::vector<std::pair<std::string, std::string>> orgs;
  for (std::string_view o : kDtocAgencies)
    orgs.emplace_back(std::string(o), std::string(present::dtoc_agency_label(o)));
  auto t1 =
      table("By responsible organisation (year to date)", "responsible_org", orgs, "dtoc-org");
  if (!t1.ok()) return t1.status();
  out += *t1;
  std::vector<std::pair<std::string, std::string>> providers;
  {
    auto rows = keyed(f, *days, at.year_to_date(), {"provider"});
    if (!rows.ok()) return rows.status();
    // Named as in providers.csv (the code stays in data-key and a note).
    const Snapshot& sn = f.snapshot();
    for (const auto& [key, r] : *rows) {
      std::string name = key;
      for (size_t i = 0; i < sn.provider_codes.size() && i < sn.provider_names.size(); ++i) {
        if (sn.provider_codes[i] == key && !sn.provider_names[i].empty())
          name = sn.provider_names[i];
      }
      providers.push_back({key, name});
    }
  }
  auto t2 = table("By provider (year to date; the rate is the month's)", "provider", providers,
                  "dtoc-provider");
  if (!t2.ok()) return t2.status();
  out += *t2;
  std::vector<std::pair<std::string, std::string>> reasons;
  for (std::string_view code : kDtocReasons)
    reasons.push_back(
        {std::string(code), fmt::format("{}: {}", code, present::dtoc_reason_label(code))});
  auto t3 = table("By reason for the delay (year to date)", "reason", reasons, "dtoc-reason");
  if (!t3.ok()) return t3.status();
  out += *t3;
  return out + "</section>\n";
}

// Making Data Count: each headline metric's SPC chart over the months to
// the report's month, with its icons and values.
Result<std::string> spc_section(const Figures& f, const Period& at, const std::string& id) {
  std::string out = fmt::format(
      "<section class=\"page\" id=\"{0}-spc\"><h2>Statistical process control: {1} to {2}</h2>\n"
      "<p>Each headline metric month by month as an XmR chart (NHS England's Making Data Count). "
      "The variation icon says whether the latest month shows special cause variation (H or L: "
      "high or low), the assurance icon whether the process limits put the target within reach "
      "(P: consistently passes, F: consistently fails, ?: sometimes hits and sometimes misses). "
      "How the charts are read: docs/spc.md.</p>\n",
      id, html_escape(at.last_month().add_months(1 - Figures::kSpcMonths).name()),
      html_escape(at.last_month().name()));
  for (const MetricDef& m : f.metrics().metrics) {
    if (m.summary == SummaryForm::kNone) continue;
    auto spc = f.spc(m, at);
    if (!spc.ok()) return spc.status();
    const SpcChartView v = spc_view_of(*spc, m, id + "-spc-" + m.id, m.short_name);
    out +=
        fmt::format("<h3>{}</h3>\n", html_escape(m.short_name)) + spc_figure_html(v, spc->left_out);
  }
  return out + "</section>\n";
}

// A page for a headline metric without a section of its own.
Result<std::string> metric_section(const ReportContext& ctx, const Figures& f, const Period& at,
                                   const MetricDef& m, const std::string& id) {
  const Period period = summary_period(m, at);
  auto total = f.total(m, period);
  if (!total.ok()) return total.status();
  std::string out = fmt::format("<section class=\"page\" id=\"{}-{}\"><h2>{}</h2>\n", id, m.id,
                                html_escape(m.short_name));
  out += "<p class=\"muted\">" + html_escape(m.description) + "</p>\n";
  out += fmt::format(
      "<p><strong>{}</strong> {} {}; {}.</p>\n",
      format_metric_value(total->value, total->unit, total->suppressed),
      m.summary == SummaryForm::kMonth ? "in " + at.last_month().name() : "year to date",
      rag_badge(total->rag) + " " + html_escape(target_phrase(*total, m)),
      html_escape(change_phrase(*total)));
  auto it = ctx.commentary.metrics.find(m.id);
  if (it != ctx.commentary.metrics.end()) out += text_to_html(it->second);
  auto series = monthly(f, m, at, {});
  if (!series.ok()) return series.status();
  out += "<div class=\"charts\">";
  out +=
      figure(month_chart(id + "-" + m.id + "-month", "By month",
                         fmt::format("{} each month of {} against plan and {}", m.short_name,
                                     at.fiscal_year().label(), at.fiscal_year().previous().label()),
                         (*series)[""], m.unit_name(), at));
  if (m.unit == MetricUnit::kCount) {
    out += figure(
        month_chart(id + "-" + m.id + "-cum", "Year to date, month by month",
                    m.short_name + " year to date, month by month, against plan and last year",
                    (*series)[""], m.unit_name(), at, true));
  }
  out += "</div>\n";
  // Its rates, crude and age-standardised, where the config defines them.
  std::string rates;
  for (const MetricDef& r : ctx.metrics->metrics) {
    if (r.rate_of != m.id) continue;
    auto row = f.total(r, period);
    if (!row.ok()) return row.status();
    std::string notes;
    for (const std::string& n : {interval_phrase(*row), missing_phrase(*row),
                                 population_phrase(*row), row->suppressed ? "" : row->note}) {
      if (!n.empty()) notes += (notes.empty() ? "" : "; ") + n;
    }
    rates += fmt::format(
        "<tr data-metric=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td><td class=\"num\">{}</td><td class=\"note\">{}</td></tr>\n",
        html_escape(r.id), html_escape(r.name),
        format_metric_value(row->value, row->unit, row->suppressed), format_plan(*row),
        rag_badge(row->rag),
        format_metric_value(row->previous_value, row->unit, row->previous_suppressed),
        html_escape(notes));
  }
  if (!rates.empty()) {
    out +=
        "<table><tr><th scope=\"col\">Rate</th><th class=\"num\" scope=\"col\">Actual</th>"
        "<th class=\"num\" scope=\"col\">Plan</th><th scope=\"col\">RAG</th><th class=\"num\" "
        "scope=\"col\">Last year</th><th scope=\"col\">Note</th></tr>\n" +
        rates + "</table>\n";
  }
  return out + "</section>\n";
}

Result<std::string> population_section(const ReportContext& ctx, const Period& at,
                                       const std::string& id) {
  // The seed compares January snapshots of the GP register: 1 January of the
  // financial year once the report reaches it, else the report month's 1st.
  Date jan = Date::from_ymd(at.fiscal_year().start_year() + 1, 1, 1).value_or(Date());
  Date on =
      at.year_to_date().last() < jan ? at.fiscal_year().month(at.fiscal_month()).first_day() : jan;
  Date before = Date::from_ymd(on.year() - 1, on.month(), std::min(on.day(), 28)).value_or(Date());
  PopulationCount now = registered_population(*ctx.snapshot, on);
  PopulationCount then = registered_population(*ctx.snapshot, before);
  // Published: a count of 1 to 7 is "*", others rounded to 5; the increase
  // and % increase use the exact counts when both are 8 or more and are "*"
  // when either is 1 to 7 (DOMAIN.md, "Small numbers").
  const SuppressionRule& rule = ctx.metrics->suppression;
  auto published = [&](int64_t n) -> std::optional<int64_t> {
    return ctx.suppress ? suppress_count(n, rule) : std::optional<int64_t>(n);
  };
  auto shown = [&](int64_t n) {
    auto s = published(n);
    return s ? format_thousands(*s) : std::string("*");
  };
  auto derivable = [&](int64_t a, int64_t b) {
    return !ctx.suppress || (suppress_count(a, rule) && suppress_count(b, rule));
  };
  auto increase = [&](int64_t a, int64_t b) {
    if (!derivable(a, b)) return std::string("*");
    return format_thousands(b - a);
  };
  auto pct = [&](int64_t a, int64_t b) {
    if (!derivable(a, b)) return std::string("*");
    return a == 0 ? std::string("-") : fmt::format("{:+.1f}%", (b - a) * 100.0 / a);
  };
  std::string out =
      "<section class=\"page\" id=\"" + id + "-population\"><h2>Population growth</h2>\n";
  out += fmt::format(
      "<p>Registered population (people registered with the area's practices, alive on the "
      "day) on {} against {}.</p>\n",
      on.iso(), before.iso());
  out += fmt::format(
      "<table class=\"population\"><tr><th scope=\"col\">Age group</th><th class=\"num\" "
      "scope=\"col\">{}</th><th class=\"num\" scope=\"col\">{}</th><th class=\"num\" "
      "scope=\"col\">Increase</th><th class=\"num\" scope=\"col\">% increase</th></tr>\n",
      before.iso(), on.iso());
  BarChart bars;
  bars.id = id + "-population";
  bars.title = "Registered population by age group";
  bars.desc =
      fmt::format("Registered population by age group on {} and {}", before.iso(), on.iso());
  Series s_then{before.iso(), {}, Series::Style::kSolid};
  Series s_now{on.iso(), {}, Series::Style::kSolid};
  for (int b = 0; b <= kAgeBandCount; ++b) {
    bool total = b == kAgeBandCount;
    int64_t a = total ? then.total : then.by_age_band[static_cast<size_t>(b)];
    int64_t n = total ? now.total : now.by_age_band[static_cast<size_t>(b)];
    out += fmt::format(
        "<tr{}><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        total ? " class=\"total\"" : "", total ? "Total" : kBandNames[b], shown(a), shown(n),
        increase(a, n), pct(a, n));
    if (!total) {
      // The bars are the published figures, so neither their lengths nor
      // their labels and tooltips give away a count the table hides.
      bars.categories.emplace_back(kBandNames[b]);
      auto then_shown = published(a), now_shown = published(n);
      s_then.values.push_back(then_shown ? std::optional<double>(*then_shown) : std::nullopt);
      s_now.values.push_back(now_shown ? std::optional<double>(*now_shown) : std::nullopt);
    }
  }
  out += "</table>\n";
  if (ctx.suppress) {
    out += fmt::format(
        "<p class=\"note\">Populations are rounded to the nearest {0} (1 to {1} shown as *); the "
        "increase and % increase are worked out from the exact populations, and shown as * when "
        "either is 1 to {1}.</p>\n",
        rule.round_to, rule.hide_below - 1);
  }
  bars.series = {s_then, s_now};
  bars.horizontal = true;
  bars.show_values = true;  // the published figures (above), rounded when suppressed
  bars.width = 640;
  bars.height = 220;
  out += "<div class=\"charts one\"><figure>" + render_bar_chart(bars) + "</figure></div>\n";
  return out + "</section>\n";
}

Result<std::string> highlight_section(const ReportContext& ctx, const Figures& f, const Period& at,
                                      const std::string& id) {
  std::string achievements, risks, incomplete;
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone) continue;
    auto r = f.total(m, summary_period(m, at));
    if (!r.ok()) return r.status();
    if (!r->complete) {  // neither an achievement nor a risk until its data are in
      incomplete += "- " + m.short_name + ": " + missing_phrase(*r, 12) + "\n";
      continue;
    }
    std::string line = fmt::format("{}: {}", m.short_name, target_phrase(*r, m));
    if (r->comparison) line += ", " + change_phrase(*r);
    if (r->rag == Rag::kGreen || (!r->rag && r->comparison == Comparison::kBetter)) {
      achievements += "- " + line + "\n";
    } else if (r->rag) {
      risks += "- " + line + fmt::format(" ({})", rag_name(*r->rag)) + "\n";
    }
  }
  std::string out = "<section class=\"page\" id=\"" + id +
                    "-highlights\"><h2>Highlight report</h2>\n<h3>Key achievements</h3>\n";
  out += text_to_html(achievements);
  if (!ctx.commentary.achievements.empty()) out += text_to_html(ctx.commentary.achievements);
  out += "<h3>Key risks and issues</h3>\n";
  out += risks.empty() && ctx.commentary.risks.empty() ? "<p>No metric is off track.</p>\n"
                                                       : text_to_html(risks);
  if (!ctx.commentary.risks.empty()) out += text_to_html(ctx.commentary.risks);
  if (!incomplete.empty()) {
    out +=
        "<h3>Data not complete</h3>\n<p>These figures are shown without a RAG until the "
        "months missing are loaded:</p>\n" +
        text_to_html(incomplete);
  }
  out += "<h3>Financial position</h3>\n";
  auto pos = fund_position(*ctx.store, at.fiscal_year(), at.fiscal_month(), std::nullopt);
  if (pos.ok()) {
    const Position& t = pos->totals;
    Money abs = t.variance.pence() < 0 ? -t.variance : t.variance;
    out += fmt::format("<p>Overall position at {}: {} forecast {} ({} budget).</p>\n",
                       as_at_label(at), abs.format_millions(),
                       t.variance.pence() > 0   ? "overspend"
                       : t.variance.pence() < 0 ? "underspend"
                                                : "outturn on budget,",
                       t.budget.format_millions());
  } else if (pos.status().code() == StatusCode::kNotFound) {
    out += "<p>No budgets or ledger are loaded for " + at.fiscal_year().label() + ".</p>\n";
  } else {
    return pos.status();
  }
  out += "<h3>Priorities</h3>\n";
  out += ctx.commentary.priorities.empty() ? "<p class=\"muted\">None recorded.</p>\n"
                                           : text_to_html(ctx.commentary.priorities);
  return out + "</section>\n";
}

}  // namespace bc::report::parts
