// bettercare spc: Making Data Count's XmR chart of a metric, or of any
// series an analyst brings (engine/spc.h, engine/metric_spc.h).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <iostream>

#include "cli/cli.h"
#include "core/period.h"
#include "core/utf8.h"
#include "engine/metric_spc.h"
#include "engine/spc_json.h"

namespace bc::cli {
namespace {

struct Opts {
  std::string values, metric, from, to, by, cluster, improvement, format = "table";
  std::optional<double> target;
  std::optional<size_t> baseline;
  size_t trend_length = 7, shift_length = 7;
  std::vector<std::string> process_changes;
  bool no_screening = false, suppress = false;
};

// JSON with each point and each segment on a line of its own: readable,
// and still one JSON document.
void print_json(const nlohmann::ordered_json& v, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent + 2), ' ');
  if (v.is_object() && !v.empty()) {
    out += "{\n";
    size_t k = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++k) {
      out += pad + nlohmann::ordered_json(it.key()).dump() + ": ";
      const bool lines = (it.key() == "points" || it.key() == "segments" ||
                          it.key() == "warnings" || it.key() == "left_out") &&
                         it->is_array() && !it->empty();
      if (lines) {
        out += "[\n";
        for (size_t i = 0; i < it->size(); ++i)
          out += pad + "  " + (*it)[i].dump() + (i + 1 < it->size() ? ",\n" : "\n");
        out += pad + "]";
      } else if (it->is_array() && !it->empty() && it->front().is_object()) {
        out += "[\n";
        for (size_t i = 0; i < it->size(); ++i) {
          out += pad + "  ";
          print_json((*it)[i], indent + 4, out);
          out += i + 1 < it->size() ? ",\n" : "\n";
        }
        out += pad + "]";
      } else {
        print_json(*it, indent + 2, out);
      }
      out += k + 1 < v.size() ? ",\n" : "\n";
    }
    out += std::string(static_cast<size_t>(indent), ' ') + "}";
  } else {
    out += v.dump();
  }
}

std::string number(const std::optional<double>& v) {
  if (!v) return "-";
  std::string s = fmt::format("{:.4f}", *v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

void print_table(const SpcChart& c, const SpcOptions& o, const std::vector<std::string>& labels) {
  std::cout << fmt::format("SPC chart (XmR): {} points, improvement: {}, target: {}\n",
                           c.points.size(), improvement_name(o.improvement), number(o.target));
  for (const SpcSegment& s : c.segments) {
    std::cout << fmt::format(
        "Points {} to {}: mean {}, process limits {} to {}, near lines {} to {}, average moving "
        "range {} ({} screened out{})\n",
        s.first + 1, s.first + s.count, number(s.mean), number(s.lpl), number(s.upl),
        number(s.near_lpl), number(s.near_upl), number(s.amr), s.screened,
        s.baseline < s.count ? fmt::format(", limits from the first {} points", s.baseline) : "");
  }
  std::cout << "Variation: " << point_type_words(c.variation) << "\n";
  std::cout << "Assurance: "
            << (c.assurance ? std::string(assurance_words(*c.assurance))
                            : std::string(o.target ? "none for a neutral measure" : "no target"))
            << "\n";
  for (const std::string& w : c.warnings) std::cout << "Warning: " << w << "\n";
  auto line = [&](std::string point, std::string label, std::string value, std::string_view type,
                  std::string_view rule) {
    std::string s =
        fmt::format("{:<6}{}{:>12}  {:<27} {}", point,
                    labels.empty() ? "" : fmt::format("{:<9}", label), value, type, rule);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    std::cout << s << "\n";
  };
  std::cout << "\n";
  line("point", "month", "value", "point_type", "rule");
  for (size_t i = 0; i < c.points.size(); ++i) {
    const SpcPoint& p = c.points[i];
    line(std::to_string(i + 1), i < labels.size() ? labels[i] : "", number(p.value),
         point_type_name(p.type), special_cause_words(p.cause));
  }
}

Result<YearMonth> parse_month(std::string_view option, const std::string& text) {
  auto m = YearMonth::parse(text);
  if (m.ok()) return *m;
  auto p = Period::parse(text);
  if (p.ok() && p->kind() == Period::Kind::kMonth) return p->first_month();
  return Status::invalid_argument(
      fmt::format("{} '{}' is not a month: write YYYY-MM (2017-04) or 2017/18:M1", option,
                  printable(text, 40)));
}

// The rules' options, the same for a series and a metric's chart
// (SpcOptions, MetricSpcRequest).
template <typename Rules>
void set_rules(const Opts& o, Rules& r) {
  r.target = o.target;
  r.baseline = o.baseline;
  r.screen_outliers = !o.no_screening;
  r.trend_length = o.trend_length;
  r.shift_length = o.shift_length;
}

int run_values(const Opts& o) {
  if (!o.metric.empty() || !o.from.empty() || !o.to.empty() || !o.by.empty() ||
      !o.cluster.empty() || o.suppress)
    return fail(Status::invalid_argument(
        "--values charts the numbers given: --metric, --from, --to, --by, --cluster and "
        "--suppress are for a metric's chart"));
  auto values = parse_spc_values(o.values);
  if (!values.ok()) return fail(Status::invalid_argument("--values: " + values.status().message()));
  if (values->size() < 2)
    return fail(Status::invalid_argument("--values: an SPC chart needs at least 2 values"));
  SpcOptions options;
  if (!o.improvement.empty()) options.improvement = *parse_improvement(o.improvement);
  set_rules(o, options);
  for (const std::string& p : o.process_changes) {
    size_t point = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), point);
    if (ec != std::errc() || end != p.data() + p.size() || point < 2)
      return fail(Status::invalid_argument(fmt::format(
          "--process-change '{}': with --values, name the point (2 or more) that starts the new "
          "limits",
          printable(p, 40))));
    options.process_changes.push_back(point - 1);
  }
  auto chart = spc_chart(*values, options);
  if (!chart.ok()) return fail(chart.status());
  if (o.format == "json") {
    std::string out;
    print_json(spc_chart_json(*chart, options), 0, out);
    std::cout << out << "\n";
  } else {
    print_table(*chart, options, {});
  }
  return kExitOk;
}

int run_metric(const Globals& g, const Opts& o) {
  if (!o.improvement.empty())
    return fail(Status::invalid_argument(
        "--improvement is for --values: a metric's direction is its definition's"));
  if (o.from.empty() || o.to.empty())
    return fail(
        Status::invalid_argument("--metric needs --from and --to (e.g. --from 2016-04 "
                                 "--to 2018-03)"));
  MetricSpcRequest request;
  request.metric = o.metric;
  auto from = parse_month("--from", o.from);
  if (!from.ok()) return fail(from.status());
  auto to = parse_month("--to", o.to);
  if (!to.ok()) return fail(to.status());
  request.from = *from;
  request.to = *to;
  if (!o.by.empty()) request.by = o.by;
  if (!o.cluster.empty()) request.cluster = o.cluster;
  request.suppress = o.suppress;
  set_rules(o, request);
  for (const std::string& p : o.process_changes) {
    auto m = parse_month("--process-change", p);
    if (!m.ok()) return fail(m.status());
    request.process_changes.push_back(*m);
  }
  std::sort(request.process_changes.begin(), request.process_changes.end());
  auto store = open_store(g);
  if (!store.ok()) return fail(store.status());
  auto snap = store_snapshot(**store);
  if (!snap.ok()) return fail(snap.status());
  const MetricConfig& cfg = builtin_metric_config();
  auto charts = metric_spc(cfg, **snap, request);
  // On the command line an unknown metric is a usage error like any other.
  if (!charts.ok()) return fail(Status::invalid_argument(charts.status().message()));
  if (!request.suppress) {
    std::string subject =
        fmt::format("spc {} {} to {}{} ({}, unsuppressed)", o.metric, request.from.iso(),
                    request.to.iso(), o.by.empty() ? "" : " by " + o.by, o.format);
    if (Status s = audit_cli(**store, "export_metrics", printable(subject, 400)); !s.ok())
      return fail(s);
  }
  const MetricDef& def = *cfg.find(o.metric);
  auto chart_json = [&](const MetricSpc& c) {
    nlohmann::ordered_json j = c.chart ? spc_chart_json(*c.chart, c.options, c.month_labels())
                                       : nlohmann::ordered_json::object();
    if (!c.chart) {
      for (const char* k :
           {"mean", "amr", "lpl", "upl", "near_lpl", "near_upl", "variation", "assurance"})
        j[k] = nullptr;
      j["points"] = nlohmann::ordered_json::array();
    }
    j["left_out"] = c.left_out;
    return j;
  };
  if (o.format == "json") {
    nlohmann::ordered_json out = {{"metric", o.metric},
                                  {"from", request.from.iso()},
                                  {"to", request.to.iso()},
                                  {"suppressed", request.suppress}};
    if (request.by) {
      out["by"] = *request.by;
      nlohmann::ordered_json groups = nlohmann::ordered_json::array();
      for (const MetricSpc& c : *charts) {
        nlohmann::ordered_json j = {{"group", c.group && c.group->value
                                                  ? nlohmann::ordered_json(*c.group->value)
                                                  : nullptr}};
        j.update(chart_json(c));
        groups.push_back(std::move(j));
      }
      out["groups"] = std::move(groups);
    } else {
      out.update(chart_json(charts->front()));
    }
    std::string text;
    print_json(out, 0, text);
    std::cout << text << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{}: {} to {}{}\n", def.name, request.from.name(), request.to.name(),
                           request.suppress ? ", small numbers suppressed" : "");
  for (const MetricSpc& c : *charts) {
    std::cout << "\n";
    if (request.by)
      std::cout << fmt::format("{} {}\n", o.by,
                               c.group && c.group->value ? *c.group->value : "(unlinked)");
    for (const std::string& l : c.left_out) std::cout << "Left out: " << l << "\n";
    if (!c.chart) {
      std::cout << "No month has a figure.\n";
      continue;
    }
    print_table(*c.chart, c.options, c.month_labels());
  }
  return kExitOk;
}

}  // namespace

void add_spc_command(CLI::App& app, Globals& g, Runner* run) {
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "spc",
      "Making Data Count: the XmR chart (statistical process control) of a metric month by "
      "month, or of any series given with --values; each point common cause or special cause "
      "(improvement or concern), with the variation and assurance icons. Rules as NHS-R's "
      "NHSRplotthedots 0.2 (docs/spc.md).");
  cmd->add_option("--values", o->values,
                  "A series to chart, in time order, comma separated (e.g. 12,10,14,11)");
  cmd->add_option("--metric", o->metric, "A metric id (bettercare metrics list)");
  cmd->add_option("--from", o->from, "With --metric: the first month (YYYY-MM or 2017/18:M1)");
  cmd->add_option("--to", o->to, "With --metric: the last month");
  cmd->add_option("--by", o->by, "With --metric: a chart per group of a dimension (e.g. cluster)");
  cmd->add_option("--cluster", o->cluster, "With --metric: one cluster's figures");
  cmd->add_flag("--suppress", o->suppress,
                "With --metric: suppress small numbers (for people outside the care team); "
                "suppressed months are left out of the chart");
  cmd->add_option("--improvement", o->improvement,
                  "With --values: which way is better (increase, decrease or neutral; default "
                  "increase)")
      ->check(CLI::IsMember({"increase", "decrease", "neutral"}));
  cmd->add_option("--target", o->target,
                  "The target the assurance icon compares with the limits (a metric's default: "
                  "the plan of its last month)");
  cmd->add_option("--baseline", o->baseline,
                  "Limits from the first N points only (12 or more); later points are judged "
                  "against them");
  cmd->add_option("--process-change", o->process_changes,
                  "Restart the limits from here: a month with --metric, a point number with "
                  "--values (repeatable)");
  cmd->add_option("--trend-length", o->trend_length,
                  "Points in a rising or falling run that signal (2 or more)")
      ->capture_default_str();
  cmd->add_option("--shift-length", o->shift_length,
                  "Points in a run on one side of the mean that signal (2 or more)")
      ->capture_default_str();
  cmd->add_flag("--no-outlier-screening", o->no_screening,
                "Keep moving ranges at or above 3.267 x their average in the average");
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      if (o->values.empty() == o->metric.empty())
        return fail(Status::invalid_argument(
            "give either --values (a series) or --metric with --from and --to"));
      return o->values.empty() ? run_metric(g, *o) : run_values(*o);
    };
  });
}

}  // namespace bc::cli
