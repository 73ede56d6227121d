#include "report/performance_report.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/age.h"
#include "engine/diagnosis_groups.h"
#include "engine/evaluate.h"
#include "engine/population.h"
#include "finance/position.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/metric_text.h"

namespace bc::report {
namespace {

constexpr const char* kMonthAbbr[] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                      "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
constexpr const char* kMonthName[] = {"January",   "February", "March",    "April",
                                      "May",       "June",     "July",     "August",
                                      "September", "October",  "November", "December"};
// DOMAIN.md's DToC reasons.
constexpr std::pair<const char*, const char*> kReasonNames[] = {
    {"A", "Completion of assessment"},
    {"B", "Public funding"},
    {"C", "Further non-acute NHS care"},
    {"D(i)", "Residential home placement"},
    {"D(ii)", "Nursing home placement"},
    {"E", "Care package in own home"},
    {"F", "Community equipment and adaptations"},
    {"G", "Patient or family choice"},
    {"H", "Disputes"},
    {"I", "Housing"}};
constexpr const char* kBandNames[] = {"Children (0-17)", "Working age adults (18-64)",
                                      "Older people (65+)"};

std::string month_label(YearMonth ym) {
  return fmt::format("{} {}", kMonthName[ym.month() - 1], ym.year());
}

ValueFormat value_format(std::string_view unit) {
  if (unit == "percent") return ValueFormat::kPercent;
  if (unit == "pounds") return ValueFormat::kPounds;
  if (unit == "count") return ValueFormat::kCount;
  return ValueFormat::kDecimal;
}

// The evaluation every section goes through.
class Figures {
 public:
  explicit Figures(const ReportContext& ctx) : ctx_(ctx) {}

  const MetricDef* metric(std::string_view id) const { return ctx_.metrics->find(id); }
  const Snapshot& snapshot() const { return *ctx_.snapshot; }

  Result<std::vector<MetricRow>> rows(const MetricDef& m, const Period& p,
                                      std::vector<std::string> by, bool compare = true) const {
    EvaluateOptions o;
    o.by = std::move(by);
    o.suppress = ctx_.suppress;
    o.compare = compare;
    return evaluate_metric(*ctx_.snapshot, *ctx_.metrics, m, p, o);
  }

  // The single row of a metric for a period (no breakdown).
  Result<MetricRow> total(const MetricDef& m, const Period& p) const {
    auto r = rows(m, p, {});
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::internal("no row for " + m.id);
    return r->front();
  }

 private:
  const ReportContext& ctx_;
};

// A month-by-month view of one group of a metric over the financial year.
struct Monthly {
  std::vector<std::optional<double>> actual = std::vector<std::optional<double>>(12);
  std::vector<std::optional<double>> plan = std::vector<std::optional<double>>(12);
  std::vector<std::optional<double>> previous = std::vector<std::optional<double>>(12);
};

std::string group_key(const MetricRow& r, std::string_view skip) {
  std::string key;
  for (const auto& [dim, value] : r.group) {
    if (dim == skip) continue;
    key += (key.empty() ? "" : "|") + value.value_or("(unlinked)");
  }
  return key;
}

// Monthly series per group of `extra` dimensions ("" when none). Months
// after the report's month have no actual.
Result<std::map<std::string, Monthly>> monthly(const Figures& f, const MetricDef& m,
                                               const ReportMonth& at,
                                               std::vector<std::string> extra) {
  std::vector<std::string> by = {"month"};
  by.insert(by.end(), extra.begin(), extra.end());
  auto rows = f.rows(m, at.whole_year(), by);
  if (!rows.ok()) return rows.status();
  std::map<std::string, Monthly> out;
  for (const MetricRow& r : *rows) {
    std::string month_iso;
    for (const auto& [dim, value] : r.group) {
      if (dim == "month") month_iso = value.value_or("");
    }
    int slot = -1;
    for (int k = 0; k < 12; ++k) {
      if (at.year.month(k + 1).iso() == month_iso) slot = k;
    }
    if (slot < 0) continue;
    Monthly& s = out[group_key(r, "month")];
    // A month not loaded is a gap in the chart, never a zero.
    if (slot < at.month && r.complete) s.actual[static_cast<size_t>(slot)] = r.value;
    s.plan[static_cast<size_t>(slot)] = r.plan;
    s.previous[static_cast<size_t>(slot)] = r.previous_value;
  }
  return out;
}

// Rows of a breakdown for a period, keyed by their group.
Result<std::map<std::string, MetricRow>> keyed(const Figures& f, const MetricDef& m,
                                               const Period& p, std::vector<std::string> by) {
  auto rows = f.rows(m, p, std::move(by));
  if (!rows.ok()) return rows.status();
  std::map<std::string, MetricRow> out;
  for (MetricRow& r : *rows) out.emplace(group_key(r, ""), std::move(r));
  return out;
}

std::vector<std::optional<double>> cumulative(const std::vector<std::optional<double>>& v) {
  std::vector<std::optional<double>> out(v.size());
  double sum = 0;
  bool any = false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      // A gap (no data, or suppressed) ends the running total honestly.
      if (any) break;
      continue;
    }
    sum += *v[i];
    any = true;
    out[i] = sum;
  }
  return out;
}

bool any_value(const std::vector<std::optional<double>>& v) {
  return std::any_of(v.begin(), v.end(), [](const auto& x) { return x.has_value(); });
}

std::string month_chart(const std::string& id, const std::string& title, const std::string& desc,
                        const Monthly& s, std::string_view unit, const ReportMonth& at,
                        bool cumulate = false) {
  LineChart c;
  c.id = id;
  c.title = title;
  c.desc = desc;
  c.format = value_format(unit);
  for (const char* m : kMonthAbbr) c.categories.emplace_back(m);
  auto pick = [&](const std::vector<std::optional<double>>& v) {
    return cumulate ? cumulative(v) : v;
  };
  c.series.push_back({at.year.label(), pick(s.actual), Series::Style::kSolid});
  if (any_value(s.previous))
    c.series.push_back({at.year.previous().label(), pick(s.previous), Series::Style::kDashed});
  if (any_value(s.plan)) c.series.push_back({"Plan", pick(s.plan), Series::Style::kDotted});
  c.width = 420;  // two to an A4 row, printed near full size
  c.height = 240;
  return render_line_chart(c);
}

std::string figure(const std::string& svg, const std::string& caption = "") {
  return "<figure>" + svg + (caption.empty() ? "" : "<figcaption>" + caption + "</figcaption>") +
         "</figure>";
}

// "0.8% below target", "5.4% against a target of 3.9%"; for a figure over
// months not loaded, no judgement at all.
std::string target_phrase(const MetricRow& r, const MetricDef& m) {
  if (!r.complete) return "no RAG: " + missing_phrase(r);
  if (!r.plan) return "no plan";
  if (r.unit == "percent") {
    return fmt::format("{} against a target of {}",
                       format_metric_value(r.value, r.unit, r.suppressed),
                       format_plan(r));
  }
  if (!r.variance_pct) return "no comparison";
  double above = *r.variance_pct * (m.lower_is_better ? 1 : -1);  // actual vs plan
  if (std::abs(above) < 0.05) return "on target";
  return fmt::format("{:.1f}% {} target", std::abs(above), above > 0 ? "above" : "below");
}

std::string rag_words(const std::optional<std::string>& rag) {
  if (!rag) return "";
  if (*rag == "Green") return "Target achieved / on track";
  if (*rag == "Amber") return "Slightly off track";
  return "Off track";
}

// What the summary says when the analyst wrote no commentary: only what the
// other columns do not (last year's figure, a snapshot's previous month,
// outcomes not yet known).
std::string auto_commentary(const Figures& f, const MetricRow& r, const MetricDef& m,
                            const ReportMonth& at) {
  std::vector<std::string> parts;
  if (r.previous_value)
    parts.push_back(fmt::format("Last year: {}.", format_metric_value(r.previous_value, r.unit)));
  if (m.summary == SummaryForm::kMonth && at.month > 1) {
    ReportMonth before = at;
    before.month -= 1;
    auto prev = f.total(m, before.the_month());
    if (prev.ok() && prev->value) {
      parts.push_back(fmt::format("{}: {}.", before.month_name(),
                                  format_metric_value(prev->value, prev->unit, prev->suppressed)));
    }
  }
  if (r.cohort) {  // "2017-10-01..2017-12-31"
    parts.push_back("ASCOF 2B(1) cohort: discharged " + r.cohort->substr(0, 10) + " to " +
                    r.cohort->substr(r.cohort->size() - 10) + ".");
  }
  if (r.local_monitoring) parts.push_back("Local monitoring, not the national figure.");
  for (const std::string& p : {provisional_phrase(r), interval_phrase(r), population_phrase(r)}) {
    if (!p.empty())
      parts.push_back(std::string(1, static_cast<char>(std::toupper(p[0]))) + p.substr(1) + ".");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out.empty() ? "-" : out;
}

Period summary_period(const MetricDef& m, const ReportMonth& at) {
  return m.summary == SummaryForm::kMonth ? at.the_month() : at.year_to_date();
}

std::string suppression_note(const ReportContext& ctx) {
  if (!ctx.suppress)
    return "<p class=\"note\"><strong>Not for publication:</strong> counts of people are shown "
           "unsuppressed.</p>";
  const int below = ctx.metrics->suppression.hide_below;
  return fmt::format(
      "<p class=\"note\">Small numbers (NHS Digital's rule for published statistics): counts of "
      "people from 1 to {0} are shown as *, others rounded to the nearest {1}. Percentages, rates, "
      "variances and changes on last year are computed from the exact counts when every count "
      "they are made of is {2} or more, and are shown as * when any is from 1 to {0}. Delayed "
      "days and money are not counts of people and are shown exactly.</p>",
      below - 1, ctx.metrics->suppression.round_to, below);
}

std::string rag_key(const MetricConfig& cfg) {
  return fmt::format(
      "<p class=\"note\">Against plan: {} variance &le; {:g}%, on track / target achieved; {} "
      "above {:g}% and below {:g}%, slightly off track; {} {:g}% or more, off track. Against "
      "last year: Better, Flat or Worse.</p>\n",
      rag_badge("Green"), cfg.rag.green_max, rag_badge("Amber"), cfg.rag.green_max,
      cfg.rag.amber_below, rag_badge("Red"), cfg.rag.amber_below);
}

// ---- sections -------------------------------------------------------------

Result<std::string> nel_section(const Figures& f, const ReportMonth& at, const std::string& id) {
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
  out += figure(month_chart(id + "-nel-all", "Admissions by month, all ages",
                            fmt::format("Emergency admissions each month of {} against plan and {}",
                                        at.year.label(), at.year.previous().label()),
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
      out += figure(month_chart(id + "-nel-" + band.slug + "-" + stay, title,
                                fmt::format("{}, {}, by month, {} against {}", title, band.name,
                                            at.year.label(), at.year.previous().label()),
                                it == series.end() ? empty : it->second, nel->unit_name(), at),
                    caption(all_ages ? *stay_tot : *stay_band_tot, key));
    }
    if (ae != nullptr) {
      const auto& series = all_ages ? ae_all : ae_band;
      auto it = series.find(band.key);
      Monthly empty;
      std::string title = "A&E attendances (types 01-03)";
      out += figure(month_chart(id + "-ae-" + band.slug, title,
                                fmt::format("{}, {}, by month, {} against {}", title, band.name,
                                            at.year.label(), at.year.previous().label()),
                                it == series.end() ? empty : it->second, ae->unit_name(), at),
                    caption(all_ages ? ae_tot : ae_band_tot, band.key));
    }
    out += "</div>\n";
  }
  return out + "</section>\n";
}

Result<std::string> diagnoses_section(const Figures& f, const ReportMonth& at,
                                      const std::string& id) {
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
      at.label());
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
                              : i.cost            ? format_metric_value(i.cost->value, "pounds")
                                                  : "-";
      out += fmt::format(
          "<tr data-group=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "</tr>\n",
          html_escape(i.group), html_escape(groups.name_of(i.group)),
          format_metric_value(i.count->value, "count", i.count->suppressed), cost_text);
    }
    out += "</table>\n";
  }
  return out + "</section>\n";
}

Result<std::string> dtoc_section(const Figures& f, const ReportMonth& at, const std::string& id) {
  const MetricDef* days = f.metric("delayed_days");
  const MetricDef* rate = f.metric("dtoc_rate");
  if (days == nullptr) return std::string();
  std::string out =
      "<section class=\"page\" id=\"" + id + "-dtoc\"><h2>Delayed transfers of care (18+)</h2>\n";
  auto ytd = f.total(*days, at.year_to_date());
  if (!ytd.ok()) return ytd.status();
  std::optional<MetricRow> month_rate;
  if (rate != nullptr) {
    auto r = f.total(*rate, at.the_month());
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
        kMonthAbbr[at.month - 1], kMonthAbbr[at.month - 1]);
  out += "</tr><tr>";
  out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} {}</td>",
                     format_plan(*ytd),
                     format_metric_value(ytd->value, ytd->unit, ytd->suppressed),
                     rag_badge(ytd->rag), html_escape(target_phrase(*ytd, *days)));
  if (month_rate)
    out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>",
                       format_plan(*month_rate),
                       format_metric_value(month_rate->value, month_rate->unit),
                       rag_badge(month_rate->rag));
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
  auto org = monthly(f, *days, at, {"responsible_org"});
  if (!org.ok()) return org.status();
  BarChart bars;
  bars.id = id + "-dtoc-org";
  bars.title = "Delayed days by responsible organisation";
  bars.desc = "Delayed days each month of " + at.year.label() +
              ", stacked by the organisation responsible for the delay";
  bars.stacked = true;
  for (int k = 0; k < at.month; ++k) bars.categories.emplace_back(kMonthAbbr[k]);
  for (const char* o : {"NHS", "Social Care", "Both"}) {
    Series s;
    s.name = o;
    auto it = org->find(o);
    for (int k = 0; k < at.month; ++k)
      s.values.push_back(it == org->end() ? std::nullopt
                                          : it->second.actual[static_cast<size_t>(k)]);
    bars.series.push_back(std::move(s));
  }
  bars.width = 640;
  bars.height = 260;
  out += "<div class=\"charts one\"><figure>" + render_bar_chart(bars) + "</figure></div>\n";

  auto table = [&](const std::string& caption, const std::string& dim,
                   const std::vector<std::pair<std::string, std::string>>& labels,
                   const std::string& cls) -> Result<std::string> {
    auto rows = keyed(f, *days, at.year_to_date(), {dim});
    if (!rows.ok()) return rows.status();
    std::map<std::string, MetricRow> rates;
    if (rate != nullptr && dim == "provider") {
      auto r = keyed(f, *rate, at.the_month(), {dim});
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
                                    kMonthAbbr[at.month - 1]));
    for (const auto& [key, label] : labels) {
      auto it = rows->find(key);
      if (it == rows->end()) continue;
      const MetricRow& r = it->second;
      if (r.numerator == 0 && r.previous_value.value_or(0) == 0) continue;  // nothing either year
      std::string extra;
      if (!rates.empty()) {
        auto rt = rates.find(key);
        extra =
            fmt::format("<td class=\"num\">{}</td>",
                        rt == rates.end() ? "-" : format_metric_value(rt->second.value, "percent"));
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
  std::vector<std::pair<std::string, std::string>> orgs = {
      {"NHS", "NHS"}, {"Social Care", "Social care"}, {"Both", "Both"}};
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
  for (const auto& [code, name] : kReasonNames)
    reasons.push_back({code, fmt::format("{}: {}", code, name)});
  auto t3 = table("By reason for the delay (year to date)", "reason", reasons, "dtoc-reason");
  if (!t3.ok()) return t3.status();
  out += *t3;
  return out + "</section>\n";
}

// A page for a headline metric without a section of its own.
Result<std::string> metric_section(const ReportContext& ctx, const Figures& f,
                                   const ReportMonth& at, const MetricDef& m,
                                   const std::string& id) {
  const Period period = summary_period(m, at);
  auto total = f.total(m, period);
  if (!total.ok()) return total.status();
  std::string out = fmt::format("<section class=\"page\" id=\"{}-{}\"><h2>{}</h2>\n", id, m.id,
                                html_escape(m.short_name));
  out += "<p class=\"muted\">" + html_escape(m.description) + "</p>\n";
  out += fmt::format("<p><strong>{}</strong> {} {}; {}.</p>\n",
                     format_metric_value(total->value, total->unit, total->suppressed),
                     m.summary == SummaryForm::kMonth ? "in " + at.month_name() : "year to date",
                     rag_badge(total->rag) + " " + html_escape(target_phrase(*total, m)),
                     html_escape(change_phrase(*total)));
  auto it = ctx.commentary.metrics.find(m.id);
  if (it != ctx.commentary.metrics.end()) out += text_to_html(it->second);
  auto series = monthly(f, m, at, {});
  if (!series.ok()) return series.status();
  out += "<div class=\"charts\">";
  out += figure(month_chart(id + "-" + m.id + "-month", "By month",
                            fmt::format("{} each month of {} against plan and {}", m.short_name,
                                        at.year.label(), at.year.previous().label()),
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

Result<std::string> population_section(const ReportContext& ctx, const ReportMonth& at,
                                       const std::string& id) {
  // The seed compares January snapshots of the GP register: 1 January of the
  // financial year once the report reaches it, else the report month's 1st.
  Date jan = Date::from_ymd(at.year.start_year() + 1, 1, 1).value_or(Date());
  Date on = at.year_to_date().last() < jan ? at.year.month(at.month).first_day() : jan;
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

Result<std::string> highlight_section(const ReportContext& ctx, const Figures& f,
                                      const ReportMonth& at, const std::string& id) {
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
    if (r->rag == std::optional<std::string>("Green") ||
        (!r->rag && r->comparison == std::optional<std::string>("Better"))) {
      achievements += "- " + line + "\n";
    } else if (r->rag) {
      risks += "- " + line + fmt::format(" ({})", *r->rag) + "\n";
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
  auto pos = fund_position(*ctx.store, at.year, at.month, std::nullopt);
  if (pos.ok()) {
    const Position& t = pos->totals;
    Money abs = t.variance.pence() < 0 ? -t.variance : t.variance;
    out += fmt::format("<p>Overall position at {}: {} forecast {} ({} budget).</p>\n", at.label(),
                       abs.format_millions(),
                       t.variance.pence() > 0   ? "overspend"
                       : t.variance.pence() < 0 ? "underspend"
                                                : "outturn on budget,",
                       t.budget.format_millions());
  } else if (pos.status().code() == StatusCode::kNotFound) {
    out += "<p>No budgets or ledger are loaded for " + at.year.label() + ".</p>\n";
  } else {
    return pos.status();
  }
  out += "<h3>Priorities</h3>\n";
  out += ctx.commentary.priorities.empty() ? "<p class=\"muted\">None recorded.</p>\n"
                                           : text_to_html(ctx.commentary.priorities);
  return out + "</section>\n";
}

}  // namespace

// ---- ReportMonth --------------------------------------------------------------

Result<ReportMonth> ReportMonth::parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::invalid_argument(fmt::format(
        "report period '{}': {}; write the month the report is as at, e.g. 2017/18:M12 (or "
        "2017/18 for the year end, 2017/18:Q3 for a quarter's end)",
        std::string(text.substr(0, 40)), why));
  };
  std::string_view year_text = text.substr(0, text.find(':'));
  auto fy = FinancialYear::parse(year_text);
  if (!fy.ok()) return bad(fy.error());
  ReportMonth r;
  r.year = *fy;
  if (year_text.size() == text.size()) return r;  // the year: as at M12
  std::string_view rest = text.substr(year_text.size() + 1);
  if (!rest.empty() && (rest[0] == 'Q' || rest[0] == 'q')) {
    auto q = parse_quarter(rest);
    if (!q.ok()) return bad(q.error());
    r.month = quarter_last_month(*q);
    return r;
  }
  if (rest.size() > 3 && (rest.substr(0, 3) == "YTD" || rest.substr(0, 3) == "ytd"))
    rest.remove_prefix(3);
  auto m = parse_financial_month(rest);
  if (!m.ok()) return bad(m.error());
  r.month = *m;
  return r;
}

Period ReportMonth::year_to_date() const {
  return *Period::parse(fmt::format("{}:YTD{}", year.label(), month));
}
Period ReportMonth::the_month() const {
  return *Period::parse(fmt::format("{}:M{}", year.label(), month));
}
Period ReportMonth::whole_year() const {
  return *Period::parse(year.label());
}
std::string ReportMonth::label() const {
  return fmt::format("Month {} {}", month, year.label());
}
std::string ReportMonth::span_label() const {
  return fmt::format("{} to {}", month_label(year.month(1)), month_label(year.month(month)));
}
std::string ReportMonth::month_name() const {
  return month_label(year.month(month));
}

// ---- commentary -----------------------------------------------------------

Result<ReportCommentary> parse_commentary(std::string_view text, std::string_view file_name,
                                          const MetricConfig& metrics) {
  toml::table root;
  try {  // Debian's toml++ reports syntax errors by exception; none escapes
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    return Status::invalid_data(fmt::format("{}:{}:{}: {}", file_name, e.source().begin.line,
                                            e.source().begin.column, e.description()));
  }
  auto where = [&](const toml::node& n) {
    return fmt::format("{}:{}", file_name, n.source().begin.line);
  };
  auto text_of = [&](const toml::node& n, std::string_view key) -> Result<std::string> {
    if (!n.is_string())
      return Status::invalid_data(fmt::format("{}: {} must be text", where(n), key));
    return std::string(*n.value<std::string>());
  };
  ReportCommentary c;
  for (const auto& [key, node] : root) {
    if (key == "introduction") {
      auto t = text_of(node, key.str());
      if (!t.ok()) return t.status();
      c.introduction = *t;
    } else if (key == "commentary" && node.is_table()) {
      for (const auto& [metric, n] : *node.as_table()) {
        if (metrics.find(metric.str()) == nullptr) {
          return Status::invalid_data(
              fmt::format("{}: commentary for an unknown metric '{}'", where(n), metric.str()));
        }
        auto t = text_of(n, metric.str());
        if (!t.ok()) return t.status();
        c.metrics[std::string(metric.str())] = *t;
      }
    } else if (key == "highlights" && node.is_table()) {
      for (const auto& [k, n] : *node.as_table()) {
        auto t = text_of(n, k.str());
        if (!t.ok()) return t.status();
        if (k == "achievements") {
          c.achievements = *t;
        } else if (k == "risks") {
          c.risks = *t;
        } else if (k == "priorities") {
          c.priorities = *t;
        } else {
          return Status::invalid_data(fmt::format(
              "{}: unknown key 'highlights.{}'; the keys are achievements, risks, priorities",
              where(n), k.str()));
        }
      }
    } else {
      return Status::invalid_data(
          fmt::format("{}: unknown key '{}'; the keys are introduction, [commentary] (one text "
                      "per metric id) and [highlights] (achievements, risks, priorities)",
                      where(node), key.str()));
    }
  }
  return c;
}

// ---- the report -----------------------------------------------------------

Result<std::string> summary_table_html(const ReportContext& ctx, const ReportMonth& at) {
  Figures f(ctx);
  std::string out =
      "<table class=\"summary\"><tr><th scope=\"col\">Metric</th><th class=\"num\" "
      "scope=\"col\">Actual</th><th class=\"num\" scope=\"col\">Plan</th><th "
      "scope=\"col\">Performance against target</th><th scope=\"col\">Against previous "
      "year</th><th scope=\"col\">Commentary</th></tr>\n";
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone) continue;
    const Period period = summary_period(m, at);
    auto r = f.total(m, period);
    if (!r.ok()) return r.status();
    std::string when =
        m.summary == SummaryForm::kMonth ? at.month_name() + " snapshot" : "year to date";
    // An incomplete figure is no performance: no RAG, and what is missing.
    std::string target = !r->complete ? "<span class=\"rag rag-none\">No RAG</span> " +
                                            html_escape(missing_phrase(*r))
                         : r->rag ? rag_badge(r->rag) + " " + html_escape(rag_words(r->rag)) +
                                        " (" + html_escape(target_phrase(*r, m)) + ")"
                                  : html_escape(target_phrase(*r, m));
    std::string last_year = r->comparison ? "<strong>" + html_escape(*r->comparison) +
                                                "</strong> (" + html_escape(change_phrase(*r)) + ")"
                                          : html_escape(change_phrase(*r));
    auto it = ctx.commentary.metrics.find(m.id);
    std::string commentary = it != ctx.commentary.metrics.end()
                                 ? text_to_html(it->second)
                                 : "<p>" + html_escape(auto_commentary(f, *r, m, at)) + "</p>";
    out += fmt::format(
        "<tr data-metric=\"{}\" data-period=\"{}\" data-complete=\"{}\"><th scope=\"row\">{}<br>"
        "<span class=\"note\">{}</span></th><td class=\"num\" data-field=\"value\">{}</td><td "
        "class=\"num\" data-field=\"plan\">{}</td><td data-field=\"target\" data-rag=\"{}\">{}</td>"
        "<td data-field=\"last-year\" data-comparison=\"{}\">{}</td><td "
        "data-field=\"commentary\">{}</td></tr>\n",
        html_escape(m.id), html_escape(period.label()), r->complete ? "true" : "false",
        html_escape(m.short_name), html_escape(when),
        format_metric_value(r->value, r->unit, r->suppressed), format_plan(*r),
        html_escape(r->rag.value_or("")), target, html_escape(r->comparison.value_or("")),
        last_year, commentary);
  }
  return out + "</table>\n";
}

Result<std::string> performance_report_body(const ReportContext& ctx, const ReportMonth& at,
                                            std::string_view id_prefix, ReportSections sections) {
  Figures f(ctx);
  const std::string id(id_prefix);
  std::string out;
  if (sections.summary) {
    out += "<section class=\"page\" id=\"" + id + "-summary\">";
    out += fmt::format("<h2>Performance summary: {} ({})</h2>\n", html_escape(at.label()),
                       html_escape(at.span_label()));
    if (!ctx.commentary.introduction.empty()) out += text_to_html(ctx.commentary.introduction);
    out += rag_key(*ctx.metrics);
    auto summary = summary_table_html(ctx, at);
    if (!summary.ok()) return summary.status();
    out += *summary;
    out += suppression_note(ctx);
    out += "</section>\n";
  }

  auto nel = nel_section(f, at, id);
  if (!nel.ok()) return nel.status();
  out += *nel;
  auto diag = diagnoses_section(f, at, id);
  if (!diag.ok()) return diag.status();
  out += *diag;
  auto dtoc = dtoc_section(f, at, id);
  if (!dtoc.ok()) return dtoc.status();
  out += *dtoc;
  for (const MetricDef& m : ctx.metrics->metrics) {
    if (m.summary == SummaryForm::kNone || m.id == "nel_admissions" || m.id == "delayed_days" ||
        m.id == "dtoc_rate")
      continue;
    auto s = metric_section(ctx, f, at, m, id);
    if (!s.ok()) return s.status();
    out += *s;
  }
  auto pop = population_section(ctx, at, id);
  if (!pop.ok()) return pop.status();
  out += *pop;
  if (sections.finance) {
    out += "<section class=\"page\" id=\"" + id + "-finance\"><h2>Finance schedule</h2>\n";
    auto fin = finance_schedule_html(ctx, at);
    if (!fin.ok()) return fin.status();
    out += *fin + "</section>\n";
  }
  auto hl = highlight_section(ctx, f, at, id);
  if (!hl.ok()) return hl.status();
  out += *hl;
  return out;
}

Result<std::string> performance_report_html(const ReportContext& ctx, const ReportMonth& at) {
  auto body = performance_report_body(ctx, at);
  if (!body.ok()) return body.status();
  std::string title =
      (ctx.area.empty() ? std::string() : ctx.area + " ") + "Better Care Performance Report";
  std::string cover = fmt::format(
      "<header class=\"cover\"><h1>{}</h1><p><strong>{}</strong> ({}): figures are the year to "
      "date at the month unless marked as a snapshot.</p><p class=\"muted\">Generated by "
      "bettercare on {} from the data loaded at that time.</p>\n"
      "<nav><p>Contents: <a href=\"#pr-summary\">Summary</a> &middot; <a "
      "href=\"#pr-nel\">Non-elective admissions</a> &middot; <a href=\"#pr-diagnoses\">Top "
      "diagnoses</a> &middot; <a href=\"#pr-dtoc\">Delayed transfers</a> &middot; <a "
      "href=\"#pr-population\">Population</a> &middot; <a href=\"#pr-finance\">Finance</a> "
      "&middot; <a href=\"#pr-highlights\">Highlights</a></p></nav></header>\n",
      html_escape(title), html_escape(at.label()), html_escape(at.span_label()),
      ctx.generated_on.iso());
  return html_document(title + ", " + at.label(), cover + *body);
}

}  // namespace bc::report
