// bettercare metrics | metrics list
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/metric_json.h"
#include "engine/period.h"
#include "engine/snapshot.h"

namespace bc::cli {
namespace {

std::string fmt_value(const std::optional<double>& v, const std::string& unit,
                      bool suppressed = false) {
  if (suppressed) return "*";
  if (!v) return "-";
  if (unit == "count") return thousands(static_cast<int64_t>(std::llround(*v)));
  if (unit == "percent") return fmt::format("{:.1f}%", *v);
  if (unit == "pounds") return "£" + thousands(static_cast<int64_t>(std::llround(*v)));
  return fmt::format("{:.1f}", *v);
}

std::string fmt_pct(const std::optional<double>& v) {
  return v ? fmt::format("{:+.1f}%", *v) : "-";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? "\"\"" : std::string(1, c);
  return out + "\"";
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::string ranges(const std::vector<std::pair<std::string, std::string>>& r) {
  std::vector<std::string> parts;
  for (const auto& [lo, hi] : r) parts.push_back(lo == hi ? lo : lo + "-" + hi);
  return join(parts, " or ");
}

// docs/metrics.md, generated from the config so the two cannot disagree.
std::string metrics_markdown(const MetricConfig& cfg) {
  std::string out =
      "# Metric definitions\n\n"
      "Generated from `config/metrics.toml` by `bettercare metrics list --format markdown`;\n"
      "a test fails when this page and the config disagree. To change a definition, edit\n"
      "the config and regenerate this page.\n\n"
      "## Rules for every metric\n\n"
      "- **Periods**: `2017/18` (financial year), `2017/18:M6` (a month, M1 = April),\n"
      "  `2017/18:YTD6` (April to M6), `2017/18:Q3`, `R12:2018-03` (12 months to March\n"
      "  2018), `2017-04-01..2017-06-30`. Events count in the period of their date:\n"
      "  admission for spells, arrival for A&E, admission for care homes, discharge into\n"
      "  reablement, the month of the return for delayed days and bed days.\n"
      "- **Age** is whole years at the event; someone whose 65th birthday is the day of\n"
      "  admission is 65. An NHS number not in the persons register has no age, practice\n"
      "  or cluster: it counts in city-wide figures, in no cluster (shown as null), and\n"
      "  never in a 65+ metric.\n"
      "- **Rates per 100,000** divide by the registered population of the age range alive\n"
      "  and registered at the period's mid-point (each month's or quarter's, when broken\n"
      "  down by them). A period's rate is not annualised.\n"
      "- **Plans** for a period: the sum of its monthly plans for a count or a rate per\n"
      "  100,000 (a rate is not annualised, so its monthly plans add up like the counts\n"
      "  they stand for), the mean for a percentage; no plan unless every month has one.\n"
      "  Plans are for the whole area, so rows broken down by anything but month or\n"
      "  quarter have none.\n";
  out += fmt::format(
      "- **Variance** = (actual - plan) / plan x 100, signed so that positive is worse.\n"
      "  **RAG**: Green when the variance is at most {}%, Amber above that and below {}%,\n"
      "  Red from {}%.\n"
      "- **Against last year**: the same period a year earlier; Better, Flat (a change of\n"
      "  at most {}%) or Worse. Shown only when the data go back that far.\n"
      "- **Small numbers** (`--suppress`, for people outside the care team): counts of\n"
      "  people from 1 to {} are shown as `*`, others rounded to the nearest {}; zero\n"
      "  stays zero. Delayed days are days, not people, and are not suppressed.\n\n",
      cfg.rag.green_max, cfg.rag.amber_below, cfg.rag.amber_below, cfg.rag.flat_band,
      cfg.suppression.hide_below - 1, cfg.suppression.round_to);
  out += "## The metrics\n";
  for (const MetricDef& m : cfg.metrics) {
    out += fmt::format("\n### `{}`: {}\n\n{}\n\n", m.id, m.name, m.description);
    out += fmt::format("- unit: {}; {} is better\n", m.unit_name(),
                       m.lower_is_better ? "lower" : "higher");
    if (m.short_name != m.name) out += fmt::format("- on board papers: {}\n", m.short_name);
    if (m.summary != SummaryForm::kNone) {
      out += fmt::format("- on the performance report's summary: {}\n",
                         m.summary == SummaryForm::kMonth ? "the month's own value (a snapshot)"
                                                          : "the year to date");
    }
    const char* kinds[] = {"a count of events", "a rate per population",
                           "a ratio (delayed days / occupied bed days x 100)",
                           "a proportion of known outcomes x 100"};
    out += fmt::format("- kind: {}\n", m.sum_cost ? "the sum of the events' cost (pounds)"
                                                  : kinds[static_cast<int>(m.kind)]);
    if (m.kind == MetricKind::kRate) {
      out += fmt::format("- {} per {:.0f} registered people aged {}+\n", m.rate_of, m.per,
                         m.population_min_age);
    } else {
      const char* sources[] = {
          "hospital spells (spells.csv)", "A&E attendances (ae_attendances.csv)",
          "the DToC return (delayed_days.csv, bed_days.csv)",
          "care home admissions (care_home_admissions.csv)", "reablement (reablement.csv)"};
      out += fmt::format("- from: {}\n", sources[static_cast<int>(m.source)]);
      const MetricFilter& f = m.filter;
      if (!f.admission_methods.empty())
        out += "- admission method (ADMIMETH): " + join(f.admission_methods) + "\n";
      if (f.min_age) out += fmt::format("- aged {} or over at the event\n", *f.min_age);
      if (f.max_age) out += fmt::format("- aged {} or under at the event\n", *f.max_age);
      if (!f.primary_icd10.empty())
        out += "- primary diagnosis ICD-10 " + ranges(f.primary_icd10) + "\n";
      if (!f.secondary_icd10.empty())
        out += "- a secondary diagnosis (any position) ICD-10 " + ranges(f.secondary_icd10) + "\n";
      if (!f.department_types.empty())
        out += "- A&E department type " + join(f.department_types) + "\n";
      if (f.permanent)
        out += *f.permanent ? "- permanent admissions only\n" : "- temporary admissions only\n";
      if (!m.numerator_outcomes.empty()) {
        out += "- numerator: outcome " + join(m.numerator_outcomes) +
               "; denominator: every known outcome (deaths included); unknown outcomes reported "
               "separately\n";
      }
    }
    out += "- breakdowns: " + join(m.breakdowns) + "\n";
  }
  return out;
}

}  // namespace

void add_metrics_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string period;
    std::vector<std::string> metrics;
    std::string by;
    std::string format = "table";
    bool suppress = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "metrics",
      "The Better Care metrics for a period, against plan and last year, with RAG.\n"
      "Periods: 2017/18, 2017/18:M6, 2017/18:YTD6, 2017/18:Q3, R12:2018-03, "
      "2017-04-01..2017-06-30.\n"
      "Definitions: config/metrics.toml, docs/metrics.md; 'bettercare metrics list'.");
  cmd->add_option("--period", opts->period, "The period");
  cmd->add_option("--metric", opts->metrics,
                  "Metric ids (repeatable or comma separated; default every metric)")
      ->delimiter(',');
  cmd->add_option("--by", opts->by,
                  "Breakdown dimensions, comma separated (e.g. cluster,age_band)");
  cmd->add_option("--format", opts->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->add_flag("--suppress", opts->suppress,
                "Suppress small numbers (1-7 shown as *, others rounded to 5) for people outside "
                "the care team");
  auto list_format = std::make_shared<std::string>("text");
  auto* list = cmd->add_subcommand(
      "list", "List the metric definitions (--format markdown writes docs/metrics.md)");
  list->add_option("--format", *list_format, "text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->capture_default_str();
  list->callback([run, list_format] {
    *run = [list_format] {
      const MetricConfig& cfg = builtin_metric_config();
      if (*list_format == "markdown") {
        std::cout << metrics_markdown(cfg);
        return static_cast<int>(kExitOk);
      }
      for (const MetricDef& m : cfg.metrics) {
        std::string by;
        for (const auto& b : m.breakdowns) by += (by.empty() ? "" : ", ") + b;
        std::cout << fmt::format("{}  ({}, {} is better)\n  {}\n  {}\n  breakdowns: {}\n\n", m.id,
                                 m.unit_name(), m.lower_is_better ? "lower" : "higher", m.name,
                                 m.description, by);
      }
      return static_cast<int>(kExitOk);
    };
  });
  cmd->callback([&g, run, opts, list] {
    if (list->parsed()) return;
    *run = [&g, opts] {
      if (opts->period.empty())
        return fail(Status::invalid_argument("--period is required (e.g. --period 2017/18)"));
      auto period = Period::parse(opts->period);
      if (!period.ok()) return fail(period.status());
      const MetricConfig& cfg = builtin_metric_config();
      std::vector<const MetricDef*> chosen;
      for (const auto& id : opts->metrics) {
        const MetricDef* m = cfg.find(id);
        if (m == nullptr) {
          std::string ids;
          for (const auto& d : cfg.metrics) ids += (ids.empty() ? "" : ", ") + d.id;
          return fail(Status::invalid_argument(
              fmt::format("unknown metric '{}'; the metrics are {}", id, ids)));
        }
        chosen.push_back(m);
      }
      if (chosen.empty()) {
        for (const auto& m : cfg.metrics) chosen.push_back(&m);
      }
      EvaluateOptions eo;
      eo.suppress = opts->suppress;
      std::stringstream dims(opts->by);
      for (std::string d; std::getline(dims, d, ',');) {
        if (!d.empty()) eo.by.push_back(d);
      }
      // Check every breakdown before reading the store.
      for (const MetricDef* m : chosen) {
        for (const auto& d : eo.by) {
          if (!m->allows(d)) {
            std::string allowed;
            for (const auto& a : m->breakdowns) allowed += (allowed.empty() ? "" : ", ") + a;
            return fail(Status::invalid_argument(
                fmt::format("{} cannot be broken down by {} (it allows: {})", m->id, d, allowed)));
          }
        }
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = build_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());

      std::vector<MetricRow> rows;
      for (const MetricDef* m : chosen) {
        auto r = evaluate_metric(**snap, cfg, *m, *period, eo);
        if (!r.ok()) return fail(r.status());
        rows.insert(rows.end(), r->begin(), r->end());
      }
      if (opts->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : rows) out.push_back(metric_row_json(r));
        std::cout << out.dump(2) << "\n";
      } else if (opts->format == "csv") {
        std::cout << "metric,period";
        for (const auto& d : eo.by) std::cout << "," << d;
        std::cout << ",value,numerator,denominator,plan,variance_pct,rag,previous_value,change_pct,"
                     "comparison,unknown,note\n";
        for (const auto& r : rows) {
          nlohmann::json j = metric_row_json(r);
          std::cout << csv_field(r.metric) << "," << csv_field(r.period);
          for (const auto& [dim, v] : r.group) std::cout << "," << csv_field(v.value_or(""));
          for (const char* k : {"value", "numerator", "denominator", "plan", "variance_pct", "rag",
                                "previous_value", "change_pct", "comparison", "unknown", "note"}) {
            const auto& f = j.contains(k) ? j[k] : nlohmann::json();
            std::cout << ","
                      << (f.is_null()     ? ""
                          : f.is_string() ? csv_field(f.get<std::string>())
                                          : f.dump());
          }
          std::cout << "\n";
        }
      } else {
        std::cout << fmt::format("Better Care metrics, {} ({} to {}){}\n\n", period->label(),
                                 period->first().iso(), period->last().iso(),
                                 eo.suppress ? ", small numbers suppressed" : "");
        std::string header = fmt::format("{:<30}", "metric");
        for (const auto& d : eo.by) header += fmt::format("{:<16}", d);
        header += fmt::format("{:>12}{:>12}{:>10}  {:<6}{:>12}{:>9}  {}", "value", "plan",
                              "variance", "RAG", "last year", "change", "");
        std::cout << header << "\n";
        for (const auto& r : rows) {
          std::string line = fmt::format("{:<30}", r.metric);
          for (const auto& [dim, v] : r.group)
            line += fmt::format("{:<16}", v.value_or("(unlinked)"));
          line += fmt::format("{:>12}{:>12}{:>10}  {:<6}{:>12}{:>9}  {}",
                              fmt_value(r.value, r.unit, r.suppressed), fmt_value(r.plan, r.unit),
                              fmt_pct(r.variance_pct), r.rag.value_or("-"),
                              fmt_value(r.previous_value, r.unit), fmt_pct(r.change_pct),
                              r.comparison.value_or(""));
          if (!r.note.empty() && !r.suppressed) line += "  (" + r.note + ")";
          std::cout << line << "\n";
        }
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
