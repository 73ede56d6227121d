// bettercare frailty | register
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "care/care_json.h"
#include "care/distribution.h"
#include "care/features.h"
#include "care/register.h"
#include "care/risk_store.h"
#include "cli/care_inputs.h"
#include "cli/cli.h"
#include "core/utf8.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"
#include "present/json_csv.h"

namespace bc::cli {
namespace {

// The cluster's index in the snapshot, or NotFound.
Result<int> find_cluster(const Snapshot& s, const std::string& code) {
  for (size_t c = 0; c < s.cluster_codes.size(); ++c)
    if (s.cluster_codes[c] == code) return static_cast<int>(c);
  return Status::not_found(fmt::format("there is no cluster '{}'", printable(code)));
}

bool in_cluster(const Snapshot& s, size_t i, int cluster) {
  const int16_t p = s.persons.practice[i];
  return cluster < 0 || (p >= 0 && s.practice_cluster[static_cast<size_t>(p)] == cluster);
}

void print_counts(const CountTable& t) {
  std::string line = fmt::format("{:<8}{:<30}", "cluster", "name");
  for (const auto& c : t.columns) line += fmt::format("{:>{}}", c, c.size() + 2);
  std::cout << line << "\n";
  for (const auto& r : t.rows) {
    line = fmt::format("{:<8}{:<30}", r.cluster_code.empty() ? "all" : r.cluster_code,
                       printable(r.cluster_name, 28));
    for (size_t c = 0; c < r.counts.size(); ++c)
      line += fmt::format("{:>{}}", thousands(r.counts[c]), t.columns[c].size() + 2);
    std::cout << line << "\n";
  }
}

std::string text_or_dash(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

void add_frailty_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string at, cluster, format = "table";
    bool summary = false, emergency_only = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "frailty",
      "Each registered person's electronic Frailty Index (eFI) and Hospital Frailty Risk\n"
      "Score (HFRS) as at a date (docs/risk.md). Person-level output is identifiable and\n"
      "every run is written to the audit log; --summary gives counts by cluster instead.");
  cmd->add_option("--at", opts->at, "The date (YYYY-MM-DD)")->required();
  cmd->add_option("--cluster", opts->cluster, "Only this cluster's registered people");
  cmd->add_option("--format", opts->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->add_flag("--summary", opts->summary, "Counts by eFI category and HFRS band per cluster");
  cmd->add_flag("--hfrs-emergency-only", opts->emergency_only,
                "Count only emergency spells (ADMIMETH 21-28) towards the HFRS (default: all)");
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto at = parse_date_option("--at", opts->at);
      if (!at.ok()) return fail(at.status());
      auto in = open_care_inputs(g, false);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      auto& snap = in->snap;
      int cluster = -1;
      if (!opts->cluster.empty()) {
        auto c = find_cluster(*snap, opts->cluster);
        if (!c.ok()) return fail(c.status());
        cluster = *c;
      }
      const Features f =
          compute_features(*snap, *at, {.hfrs_emergency_only = opts->emergency_only});
      if (opts->summary) {
        CountTable t = frailty_distribution(*snap, f);
        if (cluster >= 0) t.rows = {t.rows[static_cast<size_t>(cluster)]};
        if (opts->format == "json") {
          std::cout << counts_json(t, false, builtin_metric_config().suppression).dump(2) << "\n";
        } else if (opts->format == "csv") {
          std::vector<std::string> cols = {"cluster", "cluster_name"};
          cols.insert(cols.end(), t.columns.begin(), t.columns.end());
          std::cout << present::json_rows_csv(
              counts_json(t, false, builtin_metric_config().suppression), cols);
        } else {
          std::cout << fmt::format("Frailty as at {} (registered living population)\n\n",
                                   at->iso());
          print_counts(t);
        }
        return static_cast<int>(kExitOk);
      }
      // Person-level: audited before anything is shown.
      const std::string subject =
          fmt::format("frailty at {}{} ({})", at->iso(),
                      cluster >= 0 ? " cluster " + opts->cluster : "", opts->format);
      if (Status s = audit_cli(*store, "view_frailty", subject); !s.ok()) return fail(s);
      const PersonNaming naming;
      nlohmann::json rows = nlohmann::json::array();
      for (size_t i = 0; i < f.size(); ++i) {
        if (f.in_population[i] && in_cluster(*snap, i, cluster))
          rows.push_back(frailty_row_json(*snap, f, i, naming));
      }
      if (opts->format == "json") {
        std::cout << rows.dump(2) << "\n";
      } else if (opts->format == "csv") {
        std::cout << present::json_rows_csv(rows, frailty_columns());
      } else {
        std::cout << fmt::format("{:<12}{:<9}{:<9}{:>5}{:>9}{:>7}  {:<10}{:>6}  {}\n", "nhs_number",
                                 "cluster", "practice", "age", "deficits", "eFI", "category",
                                 "HFRS", "band");
        for (const auto& r : rows) {
          std::cout << fmt::format("{:<12}{:<9}{:<9}{:>5}{:>9}{:>7.3f}  {:<10}{:>6}  {}\n",
                                   text_or_dash(r["nhs_number"]), text_or_dash(r["cluster"]),
                                   text_or_dash(r["practice"]), text_or_dash(r["age"]),
                                   r["efi_deficits"].get<int>(), r["efi_score"].get<double>(),
                                   text_or_dash(r["efi_category"]), text_or_dash(r["hfrs"]),
                                   text_or_dash(r["hfrs_band"]));
        }
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_register_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string cluster, at, format = "table", list = "risk";
    double top = 5;
    int64_t model = 0;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "register",
      "A cluster's at-risk register as at a date: the top share of its registered living\n"
      "population by risk of an emergency admission in the next 12 months (the latest\n"
      "fitted model, bettercare risk train), with what changed since a month earlier.\n"
      "--list frailty gives the frailty register (moderate or severe eFI, or high HFRS).\n"
      "Identifiable: every run is written to the audit log.");
  cmd->add_option("--cluster", opts->cluster, "The cluster's code")->required();
  cmd->add_option("--at", opts->at, "The date (YYYY-MM-DD)")->required();
  cmd->add_option("--top", opts->top, "The at-risk register's share of the population, in per cent")
      ->capture_default_str();
  cmd->add_option("--list", opts->list, "risk or frailty")
      ->check(CLI::IsMember({"risk", "frailty"}))
      ->capture_default_str();
  cmd->add_option("--model", opts->model, "A stored model's id (default: the latest)");
  cmd->add_option("--format", opts->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto at = parse_date_option("--at", opts->at);
      if (!at.ok()) return fail(at.status());
      auto in = open_care_inputs(g, true, opts->model);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      auto& model = in->model;
      auto& snap = in->snap;
      RegisterRequest req{opts->list == "risk" ? RegisterKind::kRisk : RegisterKind::kFrailty,
                          opts->cluster, *at, opts->top};
      auto reg = build_register(*snap, *model, req);
      if (!reg.ok()) return fail(reg.status());
      const std::string subject = fmt::format("{} register {} at {} ({})", opts->list,
                                              printable(opts->cluster), at->iso(), opts->format);
      if (Status s = audit_cli(*store, "view_register", subject); !s.ok()) return fail(s);
      const nlohmann::json out = register_json(*snap, *reg, PersonNaming{});
      if (opts->format == "json") {
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      if (opts->format == "csv") {
        std::cout << present::json_rows_csv(out["entries"], register_columns());
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format(
          "{} register, cluster {} {}, as at {} (model {} trained at {})\n"
          "{} people of a registered population of {}; {} joined and {} left since {}\n\n",
          reg->kind == RegisterKind::kRisk ? fmt::format("At-risk (top {}%)", reg->top_percent)
                                           : std::string("Frailty"),
          reg->cluster_code, reg->cluster_name, at->iso(), model->id, model->index.iso(),
          thousands(static_cast<int64_t>(reg->entries.size())), thousands(reg->population),
          thousands(reg->joined), thousands(static_cast<int64_t>(reg->left.size())),
          reg->previous.iso());
      std::cout << fmt::format("{:>5}  {:<12}{:<9}{:>4}{:>8}{:>5}{:>6}  {:<11}{:<4}{}\n", "rank",
                               "nhs_number", "practice", "age", "risk", "eFI", "HFRS", "last adm",
                               "new", "factors");
      for (const auto& e : out["entries"]) {
        std::string factors;
        for (const auto& w : e["factors"]) {
          if (!factors.empty()) factors.append("; ");
          factors.append(w.get<std::string>());
        }
        std::cout << fmt::format(
            "{:>5}  {:<12}{:<9}{:>4}{:>7.1f}%{:>5}{:>6}  {:<11}{:<4}{}\n", e["rank"].get<int64_t>(),
            text_or_dash(e["nhs_number"]), text_or_dash(e["practice"]), text_or_dash(e["age"]),
            e["risk"].get<double>() * 100, e["efi_deficits"].get<int>(), text_or_dash(e["hfrs"]),
            text_or_dash(e["last_emergency_admission"]), e["joined"].get<bool>() ? "yes" : "",
            factors);
      }
      if (!reg->left.empty()) {
        std::cout << fmt::format("\nLeft since {}:\n", reg->previous.iso());
        for (const auto& l : out["left"])
          std::cout << fmt::format("  {}  {}\n", text_or_dash(l["nhs_number"]),
                                   l["reason"].get<std::string>());
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
