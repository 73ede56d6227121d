// bettercare plan: the Integrated Commissioning Plan's workstreams, with
// their milestones, key measures and savings, judged as at a date
// (docs/cli.md; the rule is governance/plan.h's, docs/governance.md).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli.h"
#include "core/money.h"
#include "core/utf8.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "governance/plan.h"
#include "present/csv.h"
#include "present/number_format.h"
#include "report/plan_readings.h"

namespace bc::cli {
namespace {

using governance::MeasureStatus;
using governance::MilestoneStatus;
using governance::PlanStatus;
using governance::WorkstreamStatus;
using Json = nlohmann::ordered_json;

Json opt(const std::optional<std::string>& s) {
  return s ? Json(*s) : Json(nullptr);
}
Json opt(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}
Json rag_json(governance::PlanRag r) {
  const std::string_view code = governance::plan_rag_code(r);
  return code.empty() ? Json(nullptr) : Json(code);
}

Json measure_json(const MeasureStatus& m) {
  return {{"measure_id", m.measure.measure_id},
          {"workstream_id", opt(m.measure.workstream_id)},
          {"title", m.measure.title},
          {"unit", m.measure.unit},
          {"direction", m.measure.direction},
          {"metric", opt(m.measure.metric)},
          {"source", m.source},
          {"period", m.period.empty() ? Json(nullptr) : Json(m.period)},
          {"value", opt(m.value)},
          {"target", opt(m.measure.target)},
          {"target_compared", opt(m.target)},
          {"variance_pct", opt(m.variance_pct)},
          {"rag", rag_json(m.rag)},
          {"note", m.note}};
}

Json workstream_json(const WorkstreamStatus& w) {
  Json milestones = Json::array();
  for (const MilestoneStatus& m : w.milestones) {
    milestones.push_back({{"milestone_id", m.milestone.milestone_id},
                          {"title", m.milestone.title},
                          {"start", opt(m.milestone.start_month)},
                          {"due", m.milestone.due},
                          {"status", m.milestone.status},
                          {"completed_date", opt(m.milestone.completed_date)},
                          {"overdue", m.overdue},
                          {"rag", rag_json(m.rag)},
                          {"reason", m.reason}});
  }
  Json measures = Json::array();
  for (const MeasureStatus& m : w.measures) measures.push_back(measure_json(m));
  const governance::SavingsStatus& s = w.savings;
  const WorkstreamRecord& r = w.workstream;
  return {{"workstream_id", r.workstream_id},
          {"number", r.number ? Json(*r.number) : Json(nullptr)},
          {"title", r.title},
          {"priority", r.priority},
          {"lead", opt(r.lead)},
          {"partners", r.partners},
          {"rag", rag_json(w.rag)},
          {"reasons", w.reasons},
          {"milestones_total", w.milestones.size()},
          {"milestones_complete", w.complete},
          {"milestones_overdue", w.overdue},
          {"milestones", milestones},
          {"measures", measures},
          {"savings",
           {{"lines", s.lines},
            {"planned_year", Money::from_pence(s.planned_year_pence).pounds()},
            {"planned_to_date", Money::from_pence(s.planned_pence).pounds()},
            {"delivered_to_date", Money::from_pence(s.delivered_pence).pounds()},
            {"variance_pct", opt(s.variance_pct)},
            {"rag", rag_json(s.rag)}}}};
}

std::string measure_line(const MeasureStatus& m) {
  const std::string value = present::format_measure_value(m.value, m.measure.unit);
  const std::string target = present::format_measure_value(m.target, m.measure.unit);
  std::string line =
      fmt::format("  {:<11} {:<12} {:>10} against {:>10}  {}", m.measure.measure_id,
                  governance::plan_rag_name(m.rag), value, target, printable(m.measure.title, 70));
  if (!m.note.empty()) line += fmt::format(" ({})", m.note);
  return line + "\n";
}

void print_table(const PlanStatus& p, const std::vector<const WorkstreamStatus*>& shown,
                 bool detail) {
  std::cout << fmt::format(
      "Integrated Commissioning Plan as at {}: figures to {} ({} year to date)\n\n", p.at.iso(),
      p.month.name(), p.year.label());
  for (const WorkstreamStatus* w : shown) {
    const WorkstreamRecord& r = w->workstream;
    std::cout << fmt::format("{:<8} {:<12} {:>3}/{:<3} complete, {} overdue  {}\n",
                             printable(r.workstream_id, 8), governance::plan_rag_name(w->rag),
                             w->complete, w->milestones.size(), w->overdue, printable(r.title, 80));
    for (const std::string& reason : w->reasons) {
      std::cout << "    " << printable(reason, 150) << "\n";
    }
    if (!detail) continue;
    std::cout << "\n  Milestones\n";
    for (const MilestoneStatus& m : w->milestones) {
      std::cout << fmt::format("  {:<12} {:<12} due {} {:<12} {}\n", m.milestone.milestone_id,
                               governance::plan_rag_name(m.rag), m.milestone.due,
                               m.milestone.status, printable(m.milestone.title, 80));
    }
    std::cout << "\n  Key measures\n";
    for (const MeasureStatus& m : w->measures) std::cout << measure_line(m);
    const governance::SavingsStatus& s = w->savings;
    std::cout << fmt::format(
        "\n  Savings: {} delivered of {} planned to date ({} for the year, {} lines): {}\n",
        Money::from_pence(s.delivered_pence).format_pounds(),
        Money::from_pence(s.planned_pence).format_pounds(),
        Money::from_pence(s.planned_year_pence).format_pounds(), s.lines,
        governance::plan_rag_name(s.rag));
  }
  if (detail) return;
  std::cout << "\nKey measures of the whole plan\n";
  for (const MeasureStatus& m : p.plan_measures) std::cout << measure_line(m);
}

void print_csv(const std::vector<const WorkstreamStatus*>& shown) {
  std::cout << present::csv_line(
      {"workstream_id", "number", "title", "priority", "lead", "partners", "rag", "milestones",
       "complete", "overdue", "savings_planned_to_date", "savings_delivered_to_date", "reasons"});
  for (const WorkstreamStatus* w : shown) {
    const WorkstreamRecord& r = w->workstream;
    std::cout << present::csv_line(
        {r.workstream_id, r.number ? std::to_string(*r.number) : "", r.title, r.priority,
         r.lead.value_or(""), fmt::format("{}", fmt::join(r.partners, ";")),
         std::string(governance::plan_rag_code(w->rag)), std::to_string(w->milestones.size()),
         std::to_string(w->complete), std::to_string(w->overdue),
         Money::from_pence(w->savings.planned_pence).to_plain(),
         Money::from_pence(w->savings.delivered_pence).to_plain(),
         fmt::format("{}", fmt::join(w->reasons, "; "))});
  }
}

}  // namespace

void add_plan_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string at, workstream, format = "table";
    bool unsuppressed = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "plan",
      "The Integrated Commissioning Plan as at a date: each workstream's RAG from its\n"
      "milestones, key measures and savings (the rule: docs/governance.md), with the\n"
      "findings behind it; the measures of the whole plan. Figures are those of the last\n"
      "whole month before the date, over the financial year to date.");
  cmd->add_option("--at", o->at, "The date (YYYY-MM-DD); today when not given");
  cmd->add_option("--workstream", o->workstream,
                  "One workstream (its id, e.g. ICP-01), with its milestones, measures and "
                  "savings");
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->add_flag("--unsuppressed", o->unsuppressed,
                "Show metric figures made of 1 to 7 people (small numbers are otherwise "
                "suppressed, as on board papers)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto when = date_option_or_today("--at", o->at);
      if (!when.ok()) return fail(when.status());
      const Date at = *when;
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      const MetricConfig& cfg = builtin_metric_config();
      auto plan = governance::plan_status(**store, at,
                                          report::plan_metric_reader(cfg, **snap, !o->unsuppressed),
                                          report::plan_rag_bands(cfg));
      if (!plan.ok()) return fail(plan.status());
      std::vector<const WorkstreamStatus*> shown;
      for (const WorkstreamStatus& w : plan->workstreams) {
        if (o->workstream.empty() || w.workstream.workstream_id == o->workstream) {
          shown.push_back(&w);
        }
      }
      if (!o->workstream.empty() && shown.empty()) {
        return fail(Status::not_found(fmt::format(
            "--workstream {}: no such workstream (bettercare plan lists them; workstreams.csv "
            "loads them)",
            printable(o->workstream, 64))));
      }
      if (plan->workstreams.empty() && plan->plan_measures.empty()) {
        std::cerr << "bettercare: no commissioning plan is loaded (import workstreams.csv, "
                     "milestones.csv, key_measures.csv: docs/data-formats.md)\n";
      }
      if (o->format == "csv") {
        print_csv(shown);
      } else if (o->format == "json") {
        Json ws = Json::array();
        for (const WorkstreamStatus* w : shown) ws.push_back(workstream_json(*w));
        Json plan_measures = Json::array();
        for (const MeasureStatus& m : plan->plan_measures) plan_measures.push_back(measure_json(m));
        Json out = {{"at", plan->at.iso()},
                    {"month", plan->month.iso()},
                    {"financial_year", plan->year.label()},
                    {"suppressed", !o->unsuppressed},
                    {"workstreams", ws}};
        if (o->workstream.empty()) out["plan_measures"] = plan_measures;
        std::cout << out.dump(2) << "\n";
      } else {
        print_table(*plan, shown, !o->workstream.empty());
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
