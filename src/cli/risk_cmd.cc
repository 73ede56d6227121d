// bettercare risk train | validate | scores | models | registers
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <unordered_map>

#include "care/care_json.h"
#include "care/features.h"
#include "care/register.h"
#include "care/risk_model.h"
#include "care/risk_store.h"
#include "care/risk_validation.h"
#include "cli/care_inputs.h"
#include "cli/cli.h"
#include "core/csv_reader.h"
#include "core/nhs_number.h"
#include "core/utf8.h"
#include "engine/snapshot.h"
#include "ingest/register_months.h"
#include "present/csv.h"
#include "present/json_csv.h"

namespace bc::cli {
namespace {

std::string text_of(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// The synthetic city's true risk (synth's truth/true_risk.csv: nhs_number,
// index_date, risk) for one index date, by NHS number.
Result<std::unordered_map<int64_t, double>> read_true_risk(const std::string& path, Date index) {
  auto reader = CsvReader::open_file(path);
  if (!reader.ok()) return reader.status();
  std::unordered_map<int64_t, double> out;
  CsvRecord r;
  bool header = true;
  const std::string want = index.iso();
  while ((*reader)->next(&r)) {
    if (header) {
      header = false;
      if (r.size() != 3 || r[0] != "nhs_number" || r[1] != "index_date" || r[2] != "risk")
        return Status::invalid_data(
            fmt::format("{}: the header must be nhs_number,index_date,risk", printable(path)));
      continue;
    }
    if (r.size() != 3)
      return Status::invalid_data(
          fmt::format("{}:{}: three fields expected", printable(path), r.line));
    if (r[1] != want) continue;
    auto nhs = NhsNumber::parse(r[0]);
    double risk = 0;
    auto [p, ec] = std::from_chars(r[2].data(), r[2].data() + r[2].size(), risk);
    if (!nhs.ok() || ec != std::errc() || p != r[2].data() + r[2].size() ||
        !(risk >= 0 && risk <= 1))
      return Status::invalid_data(
          fmt::format("{}:{}: not an NHS number and a risk from 0 to 1", printable(path), r.line));
    out[nhs->value()] = risk;
  }
  if (const CsvError* e = (*reader)->error(); e != nullptr)
    return Status::invalid_data(fmt::format("{}:{}: {}", printable(path), e->line, e->reason));
  if (out.empty())
    return Status::invalid_data(
        fmt::format("{}: no rows for the index date {}", printable(path), want));
  return out;
}

void print_model(const nlohmann::json& card) {
  std::cout << fmt::format(
      "Risk model {}: an emergency admission in the 12 months after {}\n"
      "fitted {} by {} on {} people, {} with an admission ({:.2f}%), in {} steps\n\n",
      card["model_id"].get<int64_t>(), card["index_date"].get<std::string>(),
      card["created_at"].get<std::string>(), card["created_by"].get<std::string>(),
      thousands(card["population"].get<int64_t>()), thousands(card["events"].get<int64_t>()),
      card["event_rate"].get<double>() * 100, card["iterations"].get<int>());
  std::cout << fmt::format("{:<28}{:>12}{:>12}  {}\n", "feature", "coefficient", "odds ratio",
                           "in words");
  std::cout << fmt::format("{:<28}{:>12.4f}\n", "(intercept)", card["intercept"].get<double>());
  for (const auto& c : card["coefficients"]) {
    std::cout << fmt::format("{:<28}{:>12.4f}{:>12.2f}  {}\n", c["feature"].get<std::string>(),
                             c["coefficient"].get<double>(), c["odds_ratio"].get<double>(),
                             c["words"].get<std::string>());
  }
  if (!card["months_missing"].empty()) {
    std::cout << "\nWarning: spells not loaded for months the features look back over: "
              << card["months_missing"].dump() << "\n";
  }
}

void print_validation(const nlohmann::json& v) {
  std::cout << fmt::format(
      "Validation of model {} at {}: {} people, {} with an emergency admission in the next 12 "
      "months ({:.2f}%)\n\n",
      v["model_id"].get<int64_t>(), v["index_date"].get<std::string>(),
      thousands(v["population"].get<int64_t>()), thousands(v["events"].get<int64_t>()),
      v["event_rate"].get<double>() * 100);
  std::cout << fmt::format("c-statistic (AUC)                       {:.4f}\n",
                           v["auc"].get<double>());
  std::cout << fmt::format("  baseline: previous emergency admissions {:.4f}\n",
                           v["baseline_auc"].get<double>());
  std::cout << fmt::format("  age alone                               {:.4f}\n",
                           v["age_auc"].get<double>());
  if (v.contains("true_risk_auc"))
    std::cout << fmt::format(
        "  the generator's true risk               {:.4f} (the model reaches {:.1f}% of it)\n",
        v["true_risk_auc"].get<double>(), v["auc_of_true_risk"].get<double>() * 100);
  std::cout << fmt::format("\n{:>8}{:>10}{:>10}{:>8}{:>13}\n", "top", "people", "events", "PPV",
                           "sensitivity");
  for (const auto& t : v["top"]) {
    std::cout << fmt::format("{:>7}%{:>10}{:>10}{:>7.1f}%{:>12.1f}%\n", t["percent"].get<double>(),
                             thousands(t["people"].get<int64_t>()),
                             thousands(t["events"].get<int64_t>()), t["ppv"].get<double>() * 100,
                             t["sensitivity"].get<double>() * 100);
  }
  auto table = [](std::string_view title, const nlohmann::json& rows, std::string_view key) {
    std::cout << fmt::format("\n{:<10}{:>10}{:>12}{:>12}{:>10}\n", title, "people", "expected",
                             "observed", "O/E");
    for (const auto& r : rows) {
      const double e = r["expected"].get<double>();
      const auto o = r["observed"].get<int64_t>();
      std::cout << fmt::format("{:<10}{:>10}{:>12.1f}{:>12}{:>10.2f}\n", text_of(r[key]),
                               thousands(r["people"].get<int64_t>()), e, thousands(o),
                               e > 0 ? static_cast<double>(o) / e : 0.0);
    }
  };
  table("decile", v["calibration"], "decile");
  table("age band", v["calibration_by_age_band"], "group");
  table("sex", v["calibration_by_sex"], "group");
  table("cluster", v["calibration_by_cluster"], "group");
}

struct RiskOpts {
  std::string index, at, format = "table", truth, cluster, from, to;
  int64_t model = 0;
  double top = 5;
};
using RiskOptsPtr = std::shared_ptr<RiskOpts>;

void model_option(CLI::App* c, const RiskOptsPtr& opts) {
  c->add_option("--model", opts->model, "A stored model's id (default: the latest)");
}
void format_option(CLI::App* c, const RiskOptsPtr& opts, std::vector<std::string> formats) {
  c->add_option("--format", opts->format, fmt::format("{}", fmt::join(formats, ", ")))
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
}

void add_train(CLI::App* cmd, Globals& g, Runner* run, const RiskOptsPtr& opts) {
  auto* train = cmd->add_subcommand(
      "train",
      "Fit the model with features as at --index and the outcome of the 12 months after it,\n"
      "and store it with its card. The 12 months after the index date must be loaded.");
  train->add_option("--index", opts->index, "The index date (YYYY-MM-DD), e.g. 2016-04-01")
      ->required();
  format_option(train, opts, {"table", "json"});
  train->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto index = parse_date_option("--index", opts->index);
      if (!index.ok()) return fail(index.status());
      auto in = open_care_inputs(g, false);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      auto& snap = in->snap;
      auto model = train_risk_model(*snap, *index);
      if (!model.ok()) return fail(model.status());
      auto id = save_risk_model(*store, *model, current_user());
      if (!id.ok()) return fail(id.status());
      const nlohmann::json card = risk_model_json(*model);
      if (opts->format == "json") {
        std::cout << card.dump(2) << "\n";
      } else {
        print_model(card);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_validate(CLI::App* cmd, Globals& g, Runner* run, const RiskOptsPtr& opts) {
  auto* validate = cmd->add_subcommand(
      "validate",
      "Validate a stored model at a later index date (at least 12 months after its own): the\n"
      "c-statistic, PPV and sensitivity in the top 0.5%, 1% and 5%, calibration by tenth of\n"
      "predicted risk, age band, sex and cluster, and the baseline of previous admissions.\n"
      "The result is stored beside the model.");
  validate->add_option("--index", opts->index, "The index date (YYYY-MM-DD), e.g. 2017-04-01")
      ->required();
  model_option(validate, opts);
  validate->add_option("--truth", opts->truth,
                       "A synthetic city's truth/true_risk.csv: also report the AUC of the "
                       "generator's own risk, the best any model could do");
  format_option(validate, opts, {"table", "json"});
  validate->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto index = parse_date_option("--index", opts->index);
      if (!index.ok()) return fail(index.status());
      auto in = open_care_inputs(g, true, opts->model);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      auto& model = in->model;
      auto& snap = in->snap;
      auto v = validate_risk_model(*model, *snap, *index);
      if (!v.ok()) return fail(v.status());
      nlohmann::json out = risk_validation_json(*v, model->id);
      if (!opts->truth.empty()) {
        auto truth = read_true_risk(opts->truth, *index);
        if (!truth.ok()) return fail(truth.status());
        const Features f = compute_features(*snap, *index);
        const auto outcome = emergency_outcome(*snap, *index);
        std::vector<double> risk(f.size(), 0);
        int64_t missing = 0;
        for (size_t i = 0; i < f.size(); ++i) {
          if (!f.in_population[i]) continue;
          auto it = truth->find(snap->persons.nhs[i]);
          if (it == truth->end())
            ++missing;
          else
            risk[i] = it->second;
        }
        if (missing > 0) {
          return fail(Status::invalid_data(fmt::format(
              "{}: {} people of the population on {} have no true risk: is it this city's file?",
              printable(opts->truth), thousands(missing), index->iso())));
        }
        out["true_risk_auc"] = auc(risk, outcome, f.in_population);
        out["auc_of_true_risk"] = v->auc / out["true_risk_auc"].get<double>();
      }
      if (Status s = save_risk_validation(*store, model->id, out, current_user()); !s.ok())
        return fail(s);
      if (opts->format == "json") {
        std::cout << out.dump(2) << "\n";
      } else {
        print_validation(out);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_scores(CLI::App* cmd, Globals& g, Runner* run, const RiskOptsPtr& opts) {
  auto* scores = cmd->add_subcommand(
      "scores",
      "Every registered living person's risk as at --at, ranked (1 = highest), with the\n"
      "factors that raise it most. Identifiable: every run is written to the audit log.");
  scores->add_option("--at", opts->at, "The date (YYYY-MM-DD)")->required();
  scores->add_option("--cluster", opts->cluster,
                     "Only this cluster's people (ranks stay city-wide)");
  model_option(scores, opts);
  format_option(scores, opts, {"csv", "json"});
  scores->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto at = parse_date_option("--at", opts->at);
      if (!at.ok()) return fail(at.status());
      if (opts->format == "table") opts->format = "csv";
      auto in = open_care_inputs(g, true, opts->model);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      auto& model = in->model;
      auto& snap = in->snap;
      const Snapshot& s = *snap;
      if (!opts->cluster.empty() && std::find(s.cluster_codes.begin(), s.cluster_codes.end(),
                                              opts->cluster) == s.cluster_codes.end())
        return fail(
            Status::not_found(fmt::format("there is no cluster '{}'", printable(opts->cluster))));
      const std::string subject = fmt::format(
          "risk scores at {} model {}{} ({})", at->iso(), model->id,
          opts->cluster.empty() ? "" : " cluster " + printable(opts->cluster), opts->format);
      if (Status st = audit_cli(*store, "view_risk_scores", subject); !st.ok()) return fail(st);
      const Features f = compute_features(s, *at);
      const std::vector<double> risk = score_risk(*model, f);
      std::vector<uint32_t> ranked;
      for (size_t i = 0; i < f.size(); ++i)
        if (f.in_population[i]) ranked.push_back(static_cast<uint32_t>(i));
      std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
        return risk[a] != risk[b] ? risk[a] > risk[b] : s.persons.nhs[a] < s.persons.nhs[b];
      });
      const PersonNaming naming;
      const bool json = opts->format == "json";
      if (json)
        std::cout << "[";
      else
        std::cout << present::csv_line(risk_score_columns());
      bool first = true;
      for (size_t k = 0; k < ranked.size(); ++k) {
        const uint32_t i = ranked[k];
        const int16_t p = s.persons.practice[i];
        if (!opts->cluster.empty() &&
            (p < 0 ||
             s.cluster_codes[static_cast<size_t>(s.practice_cluster[static_cast<size_t>(p)])] !=
                 opts->cluster))
          continue;
        const nlohmann::json row = risk_score_json(s, i, risk[i], static_cast<int64_t>(k) + 1,
                                                   risk_factors(*model, f, i), naming);
        if (json) {
          std::cout << (first ? "\n  " : ",\n  ") << row.dump();
        } else {
          std::cout << present::json_row_csv(row, risk_score_columns());
        }
        first = false;
      }
      if (json) std::cout << (first ? "]\n" : "\n]\n");
      return static_cast<int>(kExitOk);
    };
  });
}

void add_models(CLI::App* cmd, Globals& g, Runner* run, const RiskOptsPtr& opts) {
  auto* models = cmd->add_subcommand(
      "models", "The stored models' cards, newest first, with their validations.");
  format_option(models, opts, {"table", "json"});
  models->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto cards = list_risk_models(**store);
      if (!cards.ok()) return fail(cards.status());
      if (opts->format == "json") {
        std::cout << nlohmann::json(*cards).dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      if (cards->empty())
        std::cout << "No risk model has been fitted yet: run bettercare risk train --index DATE.\n";
      for (const auto& card : *cards) {
        print_model(card);
        for (const auto& v : card["validations"]) {
          std::cout << "\n";
          print_validation(v);
        }
        std::cout << "\n";
      }
      return static_cast<int>(kExitOk);
    };
  });
}

// A YYYY-MM option, or InvalidArgument naming it.
Result<YearMonth> month_option(const char* name, const std::string& text) {
  auto m = YearMonth::parse(text);
  if (!m.ok())
    return Status::invalid_argument(
        fmt::format("{} must be a month, YYYY-MM (e.g. 2018-03), not '{}'", name, text));
  return *m;
}

void add_registers(CLI::App* cmd, Globals& g, Runner* run, const RiskOptsPtr& opts) {
  auto* registers = cmd->add_subcommand(
      "registers",
      "Save every cluster's at-risk register as it stands at the end of each month from\n"
      "--from to --to, drawn with a stored model: who was on it, for the coverage measure\n"
      "careplan_coverage (the share with a care plan in force). Saving a month again\n"
      "replaces it. Run it each month after the month's data are imported.");
  registers->add_option("--from", opts->from, "The first month (YYYY-MM)")->required();
  registers->add_option("--to", opts->to, "The last month (YYYY-MM)")->required();
  registers->add_option("--top", opts->top, "The register's share of each cluster, in per cent")
      ->capture_default_str();
  model_option(registers, opts);
  registers->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto from = month_option("--from", opts->from);
      if (!from.ok()) return fail(from.status());
      auto to = month_option("--to", opts->to);
      if (!to.ok()) return fail(to.status());
      if (*to < *from) return fail(Status::invalid_argument("--to must not be before --from"));
      if (to->index() - from->index() >= 120)
        return fail(Status::invalid_argument("at most 120 months at once"));
      auto in = open_care_inputs(g, true, opts->model);
      if (!in.ok()) return fail(in.status());
      auto& store = in->store;
      const int months = to->index() - from->index() + 1;
      const std::string subject = fmt::format("at-risk registers {} to {} (top {}%, model {})",
                                              from->iso(), to->iso(), opts->top, in->model->id);
      if (Status s = audit_cli(*store, "save_registers", subject); !s.ok()) return fail(s);
      for (YearMonth m = *from; !(*to < m); m = m.add_months(1)) {
        RegisterRequest req{RegisterKind::kRisk, "", m.last_day(), opts->top};
        auto regs = build_registers(*in->snap, *in->model, req);
        if (!regs.ok()) return fail(regs.status());
        RegisterMonth month{m, in->model->id, opts->top, {}};
        for (const Register& r : *regs) {
          for (const RegisterEntry& e : r.entries)
            month.members.push_back({r.cluster_code, in->snap->persons.nhs[e.person], e.rank});
        }
        if (Status s = save_register_month(*store, month, current_user()); !s.ok()) return fail(s);
        std::cout << fmt::format("{} ({} of {}): {} people on {} clusters' registers\n", m.iso(),
                                 m.index() - from->index() + 1, months,
                                 thousands(static_cast<int64_t>(month.members.size())),
                                 regs->size());
        std::cout.flush();
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_risk_command(CLI::App& app, Globals& g, Runner* run) {
  auto opts = std::make_shared<RiskOpts>();
  auto* cmd = app.add_subcommand(
      "risk",
      "The risk of an emergency admission in the next 12 months (docs/risk.md): fit the\n"
      "model at an index date, validate it on a later year, score everyone, list the models,\n"
      "save each month's at-risk registers.");
  cmd->require_subcommand(1);
  add_train(cmd, g, run, opts);
  add_validate(cmd, g, run, opts);
  add_scores(cmd, g, run, opts);
  add_models(cmd, g, run, opts);
  add_registers(cmd, g, run, opts);
}

}  // namespace bc::cli
