// Cluster-care benchmark: every person's risk-model features, scores and
// every cluster's at-risk register by the engine, against the same
// features and scores by SQL in SQLite on the same store and (in a second
// step, bench/risk/duckdb.mjs) in DuckDB; and the model's AUC against the
// generator's own risk.
//
//   bench_risk run STORE CITY_DIR REPEAT ENGINE_OUT.json DUCKDB_SQL_OUT.json
//   bench_risk report ENGINE.json DUCKDB_RESULTS.json
//
// `run` builds the snapshot (timed apart), trains the model at 2016-04-01
// (timed apart), then times, REPEAT times, the features of everyone at
// 2017-04-01, their scores and every cluster's at-risk register (top 5%,
// build_registers), and the same features and scores in SQLite (at most 3
// times); it checks that both give the same per-feature sums and score
// checksum (risk_sql.h), validates the model at 2017-04-01 against
// CITY_DIR/truth/true_risk.csv, and writes its figures and DuckDB's SQL.
// `report` adds DuckDB's and says whether the targets are met (features
// and scores < 5 s; >= 10x faster than DuckDB).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "care/features.h"
#include "care/register.h"
#include "care/risk_model.h"
#include "care/risk_validation.h"
#include "common.h"
#include "engine/snapshot.h"
#include "risk_sql.h"
#include "store/store.h"

namespace {

using bench::Clock;
using bench::median;
using bench::seconds_since;
using nlohmann::json;

const bc::Date kTrainAt = *bc::Date::parse("2016-04-01");
const bc::Date kScoreAt = *bc::Date::parse("2017-04-01");

json checks_json(const bench::RiskChecks& c) {
  json out = json::array();
  for (int64_t v : c) out.push_back(std::to_string(v));
  return out;
}

// Prints the checks side by side with the engine's; the number that differ.
int compare_checks(const json& engine, const json& other, const char* name) {
  int diffs = 0;
  for (size_t k = 0; k < bench::kRiskChecks; ++k) {
    const std::string a = engine[k].get<std::string>(), b = other[k].get<std::string>();
    if (a != b) {
      ++diffs;
      fmt::print("  MISMATCH {}: engine {}, {} {}\n", bench::risk_check_names()[k], a, name, b);
    }
  }
  return diffs;
}

void print_checks(const json& c) {
  fmt::print("Checks (everyone in the population at {}):\n", kScoreAt.iso());
  for (size_t k = 0; k < bench::kRiskChecks; ++k)
    fmt::print("  {:<36}{:>22}\n", bench::risk_check_names()[k], c[k].get<std::string>());
}

// truth/true_risk.csv (nhs_number,index_date,risk) at `at`, by NHS number.
std::unordered_map<int64_t, double> read_true_risk(const std::string& path, bc::Date at) {
  std::unordered_map<int64_t, double> out;
  std::ifstream in(path);
  std::string line;
  std::string want = ",";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "," + s
  want += at.iso();
  want += ',';
  while (std::getline(in, line)) {
    const size_t p = line.find(want);
    if (p == std::string::npos) continue;
    out[std::atoll(line.substr(0, p).c_str())] = std::atof(line.c_str() + p + want.size());
  }
  return out;
}

struct EngineTimes {
  std::vector<double> features, scores, registers;
  int64_t register_people = 0, register_population = 0;
};

// The engine's timed workload, REPEAT times; the checks of the last.
bc::Status time_engine(const bc::Snapshot& snap, const bc::RiskModel& model, int repeat,
                       EngineTimes& t, bench::RiskChecks& checks) {
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    const bc::Features f = bc::compute_features(snap, kScoreAt);
    t.features.push_back(seconds_since(t0));
    auto t1 = Clock::now();
    const std::vector<double> risk = bc::score_risk(model, f);
    t.scores.push_back(seconds_since(t1));
    auto t2 = Clock::now();
    auto regs = bc::build_registers(snap, model, {bc::RegisterKind::kRisk, "", kScoreAt, 5});
    t.registers.push_back(seconds_since(t2));
    if (!regs.ok()) return regs.status();
    t.register_people = t.register_population = 0;
    for (const bc::Register& reg : *regs) {
      t.register_people += static_cast<int64_t>(reg.entries.size());
      t.register_population += reg.population;
    }
    checks = bench::engine_checks(f, risk);
  }
  return bc::Status();
}

// The same features and scores by SQL in SQLite, on the same store.
bc::Result<json> time_sqlite(bc::Store& store, const bc::RiskModel& model, int repeat) {
  std::vector<double> times;
  bench::RiskChecks c{};
  for (int r = 0; r < repeat; ++r) {
    auto t = Clock::now();
    auto st = store.db().prepare(bench::risk_sql(model, kScoreAt, true));
    if (!st.ok()) return st.status();
    st->bind(1, model.intercept);
    for (size_t k = 0; k < model.coefficients.size(); ++k)
      st->bind(static_cast<int>(k) + 2, model.coefficients[k]);
    bc::Status s;
    if (!st->step(&s)) return s.ok() ? bc::Status::internal("no row") : s;
    for (size_t k = 0; k < bench::kRiskChecks; ++k) c[k] = st->int64(static_cast<int>(k));
    times.push_back(seconds_since(t));
  }
  return json{{"median_seconds", median(times)}, {"repeat", repeat}, {"checks", checks_json(c)}};
}

// The model's AUC at kScoreAt and the generator's true risk's, on the same population.
bc::Result<json> validate(const bc::Snapshot& snap, const bc::RiskModel& model,
                          const std::string& truth_path) {
  auto v = bc::validate_risk_model(model, snap, kScoreAt);
  if (!v.ok()) return v.status();
  const auto truth = read_true_risk(truth_path, kScoreAt);
  const bc::Features f = bc::compute_features(snap, kScoreAt);
  const auto outcome = bc::emergency_outcome(snap, kScoreAt);
  std::vector<double> risk(f.size(), 0);
  int64_t missing = 0;
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.in_population[i]) continue;
    auto it = truth.find(snap.persons.nhs[i]);
    if (it == truth.end())
      ++missing;
    else
      risk[i] = it->second;
  }
  if (missing > 0)
    return bc::Status::invalid_data(
        fmt::format("{}: {} people of the population have no true risk at {}", truth_path, missing,
                    kScoreAt.iso()));
  return json{{"population", v->population},
              {"events", v->events},
              {"auc", v->auc},
              {"baseline_auc", v->baseline_auc},
              {"true_risk_auc", bc::auc(risk, outcome, f.in_population)}};
}

int fail(const bc::Status& s) {
  fmt::print(stderr, "bench_risk: {}\n", s.message());
  return 4;
}

int run(const std::string& path, const std::string& city, int repeat, const std::string& out,
        const std::string& duck_sql) {
  auto store = bc::Store::open(path, bc::Store::Mode::kOpenExisting);
  if (!store.ok()) return fail(store.status());
  auto t0 = Clock::now();
  auto snap = bc::build_snapshot(**store);
  const double build = seconds_since(t0);
  if (!snap.ok()) return fail(snap.status());
  const bc::Snapshot& s = **snap;
  fmt::print(
      "Snapshot: {} people, {} spells, {} A&E attendances, {} conditions, {} events in all; built "
      "in {:.2f} s\n",
      s.persons.nhs.size(), s.spells.admitted.size(), s.ae.arrived.size(), s.conditions.code.size(),
      s.events(), build);
  auto t1 = Clock::now();
  auto model = bc::train_risk_model(s, kTrainAt);
  const double train = seconds_since(t1);
  if (!model.ok()) return fail(model.status());
  fmt::print("Training at {}: {} people, {} with an admission, {} Newton steps: {:.2f} s\n",
             kTrainAt.iso(), model->population, model->events, model->iterations, train);

  EngineTimes t;
  bench::RiskChecks checks{};
  if (bc::Status st = time_engine(s, *model, repeat, t, checks); !st.ok()) return fail(st);
  const double features = median(t.features), scores = median(t.scores),
               registers = median(t.registers), peak = bench::peak_mib();
  fmt::print(
      "Engine at {} (medians of {}):\n"
      "  features of everyone   {:.3f} s\n"
      "  scores of everyone     {:.3f} s\n"
      "  features + scores      {:.3f} s (target < 5 s)\n"
      "  every cluster's at-risk register ({}, top 5%, each with the month before): {:.3f} s; {} "
      "people listed of {}\n"
      "  peak memory after the engine (getrusage): {:.0f} MiB\n",
      kScoreAt.iso(), repeat, features, scores, features + scores, s.cluster_codes.size(),
      registers, t.register_people, t.register_population, peak);
  const json engine_checks = checks_json(checks);
  print_checks(engine_checks);

  auto aucs = validate(s, *model, city + "/truth/true_risk.csv");
  if (!aucs.ok()) return fail(aucs.status());
  fmt::print(
      "AUC at {} ({} people, {} with an admission in the next 12 months):\n"
      "  the model (trained at {})   {:.4f}\n"
      "  the generator's true risk           {:.4f} (the model reaches {:.1f}% of it)\n"
      "  previous admissions alone           {:.4f}\n",
      kScoreAt.iso(), (*aucs)["population"].get<int64_t>(), (*aucs)["events"].get<int64_t>(),
      kTrainAt.iso(), (*aucs)["auc"].get<double>(), (*aucs)["true_risk_auc"].get<double>(),
      100 * (*aucs)["auc"].get<double>() / (*aucs)["true_risk_auc"].get<double>(),
      (*aucs)["baseline_auc"].get<double>());

  auto sqlite = time_sqlite(**store, *model, std::max(1, std::min(repeat, 3)));
  if (!sqlite.ok()) return fail(sqlite.status());
  const int diffs = compare_checks(engine_checks, (*sqlite)["checks"], "sqlite");
  const double sqlite_time = (*sqlite)["median_seconds"].get<double>();
  fmt::print(
      "SQLite: the same features and scores by SQL on the same store: {:.3f} s (median of {}); "
      "checks {}\n  ratio (SQLite time / engine features + scores): {:.1f}x\n",
      sqlite_time, (*sqlite)["repeat"].get<int>(),
      diffs == 0 ? "identical" : fmt::format("DIFFER in {}", diffs),
      sqlite_time / (features + scores));

  std::ofstream(duck_sql) << json{{"sql", bench::risk_sql(*model, kScoreAt, false)}}.dump();
  std::ofstream(out) << json{{"persons", s.persons.nhs.size()}, {"events", s.events()},
                             {"snapshot_seconds", build},       {"train_seconds", train},
                             {"features_seconds", features},    {"scores_seconds", scores},
                             {"registers_seconds", registers},  {"peak_mib", peak},
                             {"checks", engine_checks},         {"sqlite", *sqlite},
                             {"sqlite_differs", diffs}}
                            .dump();
  return diffs == 0 ? 0 : 1;
}

int report(const std::string& engine_file, const std::string& duck_file) {
  std::ifstream a(engine_file), b(duck_file);
  const json e = json::parse(a), d = json::parse(b);
  const int diffs = compare_checks(e["checks"], d["checks"], "duckdb");
  const double engine = e["features_seconds"].get<double>() + e["scores_seconds"].get<double>();
  const double duck = d["median_seconds"].get<double>();
  const double sqlite = e["sqlite"]["median_seconds"].get<double>();
  fmt::print(
      "DuckDB {}: the same features and scores by SQL, in memory, load ({:.1f} s) excluded: "
      "{:.3f} s (median of {}); checks {}\n",
      d["version"].get<std::string>(), d["load_seconds"].get<double>(), duck,
      d["repeat"].get<int>(), diffs == 0 ? "identical" : fmt::format("DIFFER in {}", diffs));
  fmt::print(
      "\nSummary for {} people ({} events): engine features + scores {:.3f} s, SQLite {:.2f} s "
      "({:.1f}x), DuckDB {:.3f} s ({:.1f}x)\n",
      e["persons"].get<int64_t>(), e["events"].get<int64_t>(), engine, sqlite, sqlite / engine,
      duck, duck / engine);
  const bool fast = engine < 5, ratio = duck / engine >= 10;
  fmt::print("  target: every person scored in under 5 s: {}\n", fast ? "MET" : "NOT MET");
  fmt::print("  target: >= 10x faster than DuckDB's SQL: {} ({:.1f}x)\n", ratio ? "MET" : "NOT MET",
             duck / engine);
  return diffs == 0 && e["sqlite_differs"].get<int>() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "run" && argc == 7)
    return run(argv[2], argv[3], std::atoi(argv[4]), argv[5], argv[6]);
  if (mode == "report" && argc == 4) return report(argv[2], argv[3]);
  fmt::print(stderr,
             "usage: bench_risk run STORE CITY_DIR REPEAT ENGINE_OUT.json DUCKDB_SQL_OUT.json\n"
             "       bench_risk report ENGINE.json DUCKDB_RESULTS.json\n");
  return 2;
}
