// bettercare synth
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "cli/cli.h"
#include "core/file_checks.h"
#include "core/safe_text.h"
#include "synth/city.h"

namespace bc::cli {
namespace {

// synth writes extracts named after their kinds: never over real ones
// unless told to (--force), and never over anything but a regular file.
Status check_out_dir(const std::string& out, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::symlink_status(out, ec);
  if (ec || !fs::exists(st)) return Status();  // made by synth
  if (!fs::is_directory(st)) {
    return Status::invalid_argument(fmt::format(
        "{}: not a directory; --out names a directory for the extracts", escape_unsafe(out)));
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(out, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    return Status::invalid_argument(
        fmt::format("{}: cannot list the directory: {}", escape_unsafe(out), ec.message()));
  }
  if (names.empty()) return Status();
  std::sort(names.begin(), names.end());
  if (!force) {
    return Status::invalid_argument(fmt::format(
        "{}: the directory is not empty ({} entr{}, e.g. {}): synth would overwrite extracts "
        "there. Name a new or empty directory, or give --force to replace files of the same "
        "names",
        escape_unsafe(out), names.size(), names.size() == 1 ? "y" : "ies",
        escape_unsafe(names.front())));
  }
  for (const std::string& name : names) {
    if (!name.ends_with(".csv")) continue;
    if (Status s = check_output_path((fs::path(out) / name).string()); !s.ok()) return s;
  }
  // The truth/ subdirectory (true_risk.csv): a real directory, not a link
  // (its file would be written wherever the link points), and its file a
  // regular one.
  const fs::path truth = fs::path(out) / "truth";
  const auto truth_st = fs::symlink_status(truth, ec);
  if (!ec && fs::exists(truth_st)) {
    if (!fs::is_directory(truth_st)) {
      return Status::invalid_argument(
          fmt::format("{}: not a directory; synth writes truth/true_risk.csv there",
                      escape_unsafe(truth.string())));
    }
    if (Status s = check_output_path((truth / "true_risk.csv").string()); !s.ok()) return s;
  }
  return Status();
}

}  // namespace

void add_synth_command(CLI::App& app, Globals& /*g*/, Runner* run) {
  // The defaults are the city's own (synth/city.h), said once.
  struct Opts {
    std::string out;
    int64_t persons = synth::CityOptions{}.persons;
    std::string first_year = synth::CityOptions{}.first_year.label();
    int years = synth::CityOptions{}.years;
    int history_years = synth::CityOptions{}.history_years;
    uint64_t seed = synth::CityOptions{}.seed;
    bool force = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "synth",
      "Write a synthetic city: every file kind of the data contract, for demos, tests and\n"
      "benchmarks. Calibrated to Southampton (docs/synthetic-city.md); deterministic: the\n"
      "same options give byte-identical files. Import it with 'bettercare import DIR'.");
  cmd->add_option("--out", opts->out, "Directory to write into (created if missing)")->required();
  cmd->add_option("--persons", opts->persons,
                  "Registered population on the census date (1 January of the second year)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{100}, int64_t{20'000'000}));
  cmd->add_option("--first-year", opts->first_year, "The first financial year")
      ->capture_default_str();
  cmd->add_option("--years", opts->years, "How many financial years of activity")
      ->capture_default_str()
      ->check(CLI::Range(1, 10));
  cmd->add_option("--history-years", opts->history_years,
                  "Financial years of history before --first-year: people and their activity\n"
                  "start this many years earlier, so a risk model has prior use (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 5));
  cmd->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
  cmd->add_flag("--force", opts->force,
                "Write into --out even when it already has files in it: files of the same names\n"
                "(persons.csv, spells.csv, ...) are replaced");
  cmd->callback([run, opts] {
    *run = [opts] {
      auto fy = FinancialYear::parse(opts->first_year);
      if (!fy.ok()) {
        return fail(Status::invalid_argument(
            fmt::format("--first-year {}: {}", opts->first_year, fy.error())));
      }
      if (Status st = check_out_dir(opts->out, opts->force); !st.ok()) return fail(st);
      synth::CityOptions o;
      o.persons = opts->persons;
      o.first_year = *fy;
      o.years = opts->years;
      o.history_years = opts->history_years;
      o.seed = opts->seed;
      auto progress = [](int64_t done, int64_t total) {
        if (done == total || done % 1'000'000 == 0 || isatty(STDERR_FILENO) != 0) {
          show_progress(
              fmt::format("generating people: {} of {}", thousands(done), thousands(total)),
              done == total);
        }
      };
      auto summary = synth::generate_city(o, opts->out, progress);
      if (!summary.ok()) return fail(summary.status());
      const auto& s = *summary;
      std::cout << fmt::format(
          "Wrote a synthetic city of {} people ({} registered on {}) into {}:\n"
          "  {} conditions, {} hospital spells, {} A&E attendances, {} care home admissions,\n"
          "  {} reablement episodes, {} delayed-days lines, {} plan lines; finance for {} "
          "year{};\n"
          "  {} care plan versions, {} reviews, {} referrals to the single point of access;\n"
          "  mid-year population estimates for {} year{}; {} true risks in truth/true_risk.csv\n"
          "  (not an extract: import does not read it); an MDT log of {} rows in\n"
          "  mdt/mdt_log.csv (bettercare mdt import {}/mdt/mdt_log.csv).\n",
          thousands(s.persons), thousands(s.census_population), synth::census_date(o).iso(),
          opts->out, thousands(s.conditions), thousands(s.spells), thousands(s.ae_attendances),
          thousands(s.care_home_admissions), thousands(s.reablement), thousands(s.delayed_day_rows),
          thousands(s.plans), o.years, o.years == 1 ? "" : "s", thousands(s.care_plans),
          thousands(s.care_plan_reviews), thousands(s.spa_referrals), s.population_years,
          s.population_years == 1 ? "" : "s", thousands(s.true_risk_rows),
          thousands(s.mdt_log_rows), opts->out);
      // A small city has months with no care home admission or reablement
      // episode: they are real zeros, and an import declares them loaded.
      if (o.persons < 100'000) {
        const YearMonth first =
            YearMonth::of(o.first_year.first_day()).add_months(-12 * o.history_years);
        std::cout << fmt::format(
            "A city this small has months with no events of some kinds; import it with\n"
            "  bettercare import --covers {}..{} {}\n"
            "so that they count as loaded (docs/data-formats.md).\n",
            first.iso(), first.add_months(12 * (o.years + o.history_years) - 1).iso(), opts->out);
      }
      if (s.beyond_test_range) {
        std::cout
            << "Note: the city is larger than the 999 test range of NHS numbers (about 909,000\n"
               "valid numbers); the rest start 900 to 998, which have not been issued.\n";
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
