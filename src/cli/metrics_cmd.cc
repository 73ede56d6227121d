// bettercare metrics | metrics list
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "cli/metrics_markdown.h"
#include "cli/metrics_table.h"
#include "core/period.h"
#include "core/utf8.h"
#include "engine/metric_def.h"
#include "engine/metric_fhir.h"
#include "engine/metric_json.h"
#include "engine/metric_query.h"
#include "engine/snapshot.h"
#include "present/metric_csv.h"

namespace bc::cli {

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
  cmd->add_option("--format", opts->format,
                  "table, csv, json, or fhir (a FHIR R4 Bundle of MeasureReports)")
      ->check(CLI::IsMember({"table", "csv", "json", "fhir"}))
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
      MetricRequest request;
      request.metrics = opts->metrics;
      std::stringstream dims(opts->by);
      for (std::string d; std::getline(dims, d, ',');) {
        if (!d.empty()) request.by.push_back(d);
      }
      request.period = *period;
      request.suppress = opts->suppress;
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      auto query = MetricQuery::bind(cfg, **snap, request);
      // On the command line an unknown metric is a usage error like any other.
      if (!query.ok()) return fail(Status::invalid_argument(query.status().message()));
      // The command has the machine to itself: every core evaluates.
      auto rows = query->run(**snap, std::max(1u, std::thread::hardware_concurrency()));
      if (!rows.ok()) return fail(rows.status());
      // Unsuppressed figures are audited before they are shown.
      if (!query->suppress()) {
        std::string ids;
        for (const MetricDef* m : query->metrics()) ids += (ids.empty() ? "" : ",") + m->id;
        std::string subject = fmt::format("metrics {} {}{} ({}, unsuppressed)", period->label(),
                                          opts->metrics.empty() ? std::string("all") : ids,
                                          opts->by.empty() ? "" : " by " + opts->by, opts->format);
        if (Status s = audit_cli(**store, "export_metrics", printable(subject, 400)); !s.ok())
          return fail(s);
      }
      if (opts->format == "fhir") {
        std::cout << metric_rows_fhir(*rows, cfg, *period).dump(2) << "\n";
      } else if (opts->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : *rows) out.push_back(metric_row_json(r));
        std::cout << out.dump(2) << "\n";
      } else if (opts->format == "csv") {
        std::cout << present::metric_rows_csv(*rows, query->by_names());
      } else {
        std::cout << fmt::format("Better Care metrics, {} ({} to {}){}\n\n", period->label(),
                                 period->first().iso(), period->last().iso(),
                                 query->suppress() ? ", small numbers suppressed" : "");
        const size_t width = metrics_table_width(*rows);
        std::cout << metrics_table_header(query->by_names(), width) << "\n";
        for (const auto& r : *rows) std::cout << metrics_table_line(r, width) << "\n";
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
