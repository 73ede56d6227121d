// Metrics benchmark: the engine against the same figures by SQL in SQLite
// on the same store and (optionally) DuckDB's timings from duckdb.mjs.
//
//   bench_metrics STORE FINANCIAL_YEAR [--repeat N] [--duckdb RESULTS.json]
//
// Prints the snapshot's build time and memory per event, each engine's
// median time for the whole workload (queries.cc), the ratios, and checks
// that every engine gives the same numbers.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <tuple>

#include "common.h"
#include "core/fiscal.h"
#include "engine/metric_query.h"
#include "engine/snapshot.h"
#include "queries.h"
#include "store/store.h"

namespace {

using bench::Clock;
using bench::median;
using bench::seconds_since;
using Key =
    std::tuple<std::string, std::string, std::string, std::string>;  // metric, month, g1, g2
using Results = std::map<Key, std::pair<double, double>>;            // numerator, denominator

// Differences between two result sets (zero rows count as absent).
int compare(const Results& a, const Results& b, const char* name) {
  int diffs = 0;
  auto nonzero = [](const std::pair<double, double>& v) { return v.first != 0 || v.second != 0; };
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    std::pair<double, double> w = it == b.end() ? std::pair<double, double>{0, 0} : it->second;
    if (nonzero(v) || nonzero(w)) {
      if (std::abs(v.first - w.first) > 1e-6 || std::abs(v.second - w.second) > 1e-6) {
        if (++diffs <= 5) {
          fmt::print("  mismatch {} {} {} {} {}: engine {}/{} {} {}/{}\n", name, std::get<0>(k),
                     std::get<1>(k), std::get<2>(k), std::get<3>(k), v.first, v.second, name,
                     w.first, w.second);
        }
      }
    }
  }
  for (const auto& [k, w] : b) {
    if (!a.count(k) && nonzero(w) && ++diffs <= 5) {
      fmt::print("  only in {}: {} {} {} {}\n", name, std::get<0>(k), std::get<1>(k),
                 std::get<2>(k), std::get<3>(k));
    }
  }
  return diffs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr,
               "usage: bench_metrics STORE FINANCIAL_YEAR [--repeat N] [--duckdb RESULTS.json]\n");
    return 2;
  }
  std::string path = argv[1];
  auto fy = bc::FinancialYear::parse(argv[2]);
  int repeat = 5;
  std::string duck_file;
  bool engine_only = false;
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "--engine-only") engine_only = true;
  }
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
    if (flag == "--duckdb") duck_file = argv[i + 1];
  }
  if (!fy.ok()) {
    fmt::print(stderr, "{}: {}\n", argv[2], fy.error());
    return 2;
  }
  auto store = bc::Store::open(path, bc::Store::Mode::kOpenExisting);
  if (!store.ok()) {
    fmt::print(stderr, "{}\n", store.error());
    return 4;
  }
  const std::string a = fy->first_day().iso(), b = fy->last_day().iso();
  const bc::MetricConfig& cfg = bc::builtin_metric_config();
  const bc::Period period = *bc::Period::parse(fy->label());

  auto t0 = Clock::now();
  auto snap = bc::build_snapshot(**store);
  double build = seconds_since(t0);
  if (!snap.ok()) {
    fmt::print(stderr, "{}\n", snap.error());
    return 4;
  }
  const double events = static_cast<double>((*snap)->events());
  fmt::print(
      "Snapshot: {} people, {} events, built in {:.2f} s; {:.1f} bytes per event for the event "
      "columns,\n"
      "  {:.1f} bytes per event with the people and dictionaries (target <= 48)\n",
      (*snap)->persons.nhs.size(), (*snap)->events(), build,
      static_cast<double>((*snap)->event_bytes()) / events,
      static_cast<double>((*snap)->total_bytes()) / events);

  // The engine: the whole workload, repeated.
  Results engine;
  std::vector<double> engine_times;
  for (int r = 0; r < repeat; ++r) {
    auto t = Clock::now();
    for (const auto& q : bench::queries(a, b, true)) {
      auto query = bc::MetricQuery::bind(
          cfg, **snap, bc::MetricRequest{{q.metric}, q.by, {}, period, false, false});
      if (!query.ok()) {
        fmt::print(stderr, "{}: {}\n", q.metric, query.error());
        return 1;
      }
      auto rows = query->evaluate(**snap, *query->metrics().front());
      if (!rows.ok()) {
        fmt::print(stderr, "{}: {}\n", q.metric, rows.error());
        return 1;
      }
      if (r == 0) {
        for (const auto& row : *rows) {
          std::string g[3];
          for (size_t k = 0; k < row.group.size() && k < 3; ++k)
            g[k] = row.group[k].value.value_or("");
          engine[{q.metric, g[0], g[1], g[2]}] = {row.numerator, row.denominator.value_or(0)};
        }
      }
    }
    engine_times.push_back(seconds_since(t));
  }
  // Reablement's and the DToC rate's SQL denominators: known outcomes, bed days.
  double engine_time = median(engine_times);
  fmt::print(
      "Engine: {} metrics by month x cluster x age band (where allowed): {:.4f} s (median of {})\n",
      bench::queries(a, b, true).size(), engine_time, repeat);

  if (engine_only) return 0;  // for profiling the engine alone
  // SQLite: the same figures by SQL on the same store.
  Results sqlite;
  std::vector<double> sqlite_times;
  int sqlite_repeat = std::max(1, std::min(repeat, 3));
  for (int r = 0; r < sqlite_repeat; ++r) {
    auto t = Clock::now();
    for (const auto& q : bench::queries(a, b, true)) {
      auto st = (*store)->db().prepare(q.sql);
      if (!st.ok()) {
        fmt::print(stderr, "{}: {}\n", q.metric, st.error());
        return 1;
      }
      bc::Status s;
      while (st->step(&s)) {
        if (r == 0) {
          sqlite[{q.metric, st->text(0), st->text(1), st->text(2)}] = {
              st->real(3), st->is_null(4) ? 0 : st->real(4)};
        }
      }
      if (!s.ok()) {
        fmt::print(stderr, "{}: {}\n", q.metric, s.message());
        return 1;
      }
    }
    sqlite_times.push_back(seconds_since(t));
  }
  double sqlite_time = median(sqlite_times);
  int diffs = compare(engine, sqlite, "sqlite");
  fmt::print("SQLite: same workload by SQL: {:.3f} s (median of {}); results {}\n", sqlite_time,
             sqlite_repeat, diffs == 0 ? "identical" : fmt::format("DIFFER in {} groups", diffs));
  fmt::print("  ratio (SQLite time / engine time): {:.1f}x (target >= 50x)\n",
             sqlite_time / engine_time);

  if (!duck_file.empty()) {
    std::ifstream in(duck_file);
    auto j = nlohmann::json::parse(in);
    Results duck;
    for (const auto& row : j["rows"]) {
      auto str = [](const nlohmann::json& v) {
        return v.is_null() ? std::string() : v.get<std::string>();
      };
      auto num = [](const nlohmann::json& v) { return v.is_null() ? 0.0 : v.get<double>(); };
      duck[{row[0].get<std::string>(), str(row[1]), str(row[2]), str(row[3])}] = {num(row[4]),
                                                                                  num(row[5])};
    }
    int dd = compare(engine, duck, "duckdb");
    double duck_time = j["median_seconds"].get<double>();
    fmt::print(
        "DuckDB {}: same workload by SQL, in memory, load excluded: {:.4f} s (median of {}); "
        "results {}\n",
        j["version"].get<std::string>(), duck_time, j["repeat"].get<int>(),
        dd == 0 ? "identical" : fmt::format("DIFFER in {} groups", dd));
    fmt::print("  ratio (DuckDB time / engine time): {:.2f}x (target >= 1.0x)\n",
               duck_time / engine_time);
    diffs += dd;
  }
  return diffs == 0 ? 0 : 1;
}
