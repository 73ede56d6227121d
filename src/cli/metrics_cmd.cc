// bettercare metrics | metrics list
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/metrics_markdown.h"
#include "core/period.h"
#include "core/utf8.h"
#include "engine/evaluate.h"
#include "engine/metric_def.h"
#include "engine/metric_json.h"
#include "engine/snapshot.h"
#include "report/html.h"
#include "report/metric_text.h"

namespace bc::cli {
namespace {

// The notes after a row of the table: why there is no value, what is
// missing, what is provisional, where the population came from.
std::string row_notes(const MetricRow& r) {
  std::vector<std::string> notes;
  if (!r.note.empty() && !r.suppressed) notes.push_back(r.note);
  for (const std::string& n : {report::missing_phrase(r), report::provisional_phrase(r),
                               report::interval_phrase(r), report::population_phrase(r)}) {
    if (!n.empty()) notes.push_back(n);
  }
  if (r.local_monitoring) notes.push_back("local monitoring, not the national figure");
  std::string out;
  for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
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
      // Unsuppressed figures are audited before they are shown.
      if (!eo.suppress) {
        std::string ids;
        for (const MetricDef* m : chosen) ids += (ids.empty() ? "" : ",") + m->id;
        std::string subject = fmt::format("metrics {} {}{} ({}, unsuppressed)", period->label(),
                                          opts->metrics.empty() ? std::string("all") : ids,
                                          opts->by.empty() ? "" : " by " + opts->by, opts->format);
        if (Status s = audit_cli(**store, "export_metrics", printable(subject, 400)); !s.ok())
          return fail(s);
      }
      if (opts->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : rows) out.push_back(metric_row_json(r));
        std::cout << out.dump(2) << "\n";
      } else if (opts->format == "csv") {
        std::cout << metric_rows_csv(rows, eo.by);
      } else {
        std::cout << fmt::format("Better Care metrics, {} ({} to {}){}\n\n", period->label(),
                                 period->first().iso(), period->last().iso(),
                                 eo.suppress ? ", small numbers suppressed" : "");
        size_t width = 30;  // the longest metric id, and a space
        for (const auto& r : rows) width = std::max(width, r.metric.size() + 1);
        std::string header = fmt::format("{:<{}}", "metric", width);
        for (const auto& d : eo.by) header += fmt::format("{:<16}", d);
        header += fmt::format("{:>12}{:>12}{:>10}  {:<6}{:>12}{:>10}  {:<6}", "value", "plan",
                              "variance", "RAG", "last year", "change", "");
        std::cout << header << "\n";
        for (const auto& r : rows) {
          std::string line = fmt::format("{:<{}}", r.metric, width);
          for (const auto& [dim, v] : r.group)
            line += fmt::format("{:<16}", v.value_or("(unlinked)"));
          line += fmt::format(
              "{:>12}{:>12}{:>10}  {:<6}{:>12}{:>10}  {:<6}",
              report::format_metric_value(r.value, r.unit, r.suppressed), report::format_plan(r),
              r.variance_pct ? fmt::format("{:+.1f}%", *r.variance_pct) : "-", r.rag.value_or("-"),
              report::format_metric_value(r.previous_value, r.unit, r.previous_suppressed),
              report::format_change(r), r.comparison.value_or(""));
          if (std::string notes = row_notes(r); !notes.empty()) line += "  (" + notes + ")";
          std::cout << line << "\n";
        }
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
