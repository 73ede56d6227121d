// bettercare init | import | imports
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/cli.h"
#include "engine/metric_def.h"
#include "engine/saved_snapshot.h"
#include "ingest/fhir.h"
#include "ingest/import_history.h"
#include "ingest/importer.h"
#include "report/import_options.h"

namespace bc::cli {
namespace {

std::string kind_names() {
  std::string out;
  for (const auto& k : all_kinds()) out.append(out.empty() ? "" : ", ").append(k.name);
  return out;
}

// "2017-04 to 2018-03", or "2018-03" for one month.
std::string months_text(const std::string& first, const std::string& last) {
  return first == last ? first : first + " to " + last;
}

void print_report(const ImportReport& r, const std::string& db_path) {
  int64_t rows = 0, inserted = 0, replaced = 0;
  for (const auto& f : r.files) {
    rows += f.rows_read;
    inserted += f.inserted;
    replaced += f.replaced;
  }
  std::cout << fmt::format("Imported batch {} into {}: {} file{}, {} rows ({} new, {} replaced).\n",
                           r.batch_id, db_path, r.files.size(), r.files.size() == 1 ? "" : "s",
                           thousands(rows), thousands(inserted), thousands(replaced));
  std::cout << fmt::format("{:<22}{:>11}{:>11}{:>10}{:>10}  {:<25}{}\n", "kind", "rows", "new",
                           "replaced", "unlinked", "dates", "file");
  for (const auto& f : r.files) {
    std::string dates = f.first_date.empty()          ? "-"
                        : f.first_date == f.last_date ? f.first_date
                                                      : f.first_date + ".." + f.last_date;
    std::cout << fmt::format("{:<22}{:>11}{:>11}{:>10}{:>10}  {:<25}{}\n", spec_of(f.kind).name,
                             thousands(f.rows_read), thousands(f.inserted), thousands(f.replaced),
                             f.unlinked ? thousands(*f.unlinked) : "-", dates, f.path);
  }
  // The declared range is the batch's, the same for every activity file.
  std::vector<std::string_view> kinds;
  std::optional<std::pair<YearMonth, YearMonth>> range;
  for (const auto& f : r.files) {
    if (!f.covers) continue;
    std::string_view name = spec_of(f.kind).name;
    if (std::find(kinds.begin(), kinds.end(), name) == kinds.end()) kinds.push_back(name);
    range = f.covers;
  }
  if (range) {
    std::cout << fmt::format(
        "Declared: the batch covers {} for {} (a month in it with no rows still counts as "
        "loaded).\n",
        months_text(range->first.iso(), range->second.iso()), fmt::join(kinds, ", "));
  }
}

void print_problems(const std::vector<Problem>& shown, int64_t total, const char* what) {
  for (const auto& p : shown) std::cerr << p.to_string() << "\n";
  if (total > static_cast<int64_t>(shown.size())) {
    std::cerr << fmt::format("... and {} more {} not shown\n",
                             thousands(total - static_cast<int64_t>(shown.size())), what);
  }
}

// Splits the paths named into FHIR files (*.json, *.ndjson: named, or
// in a directory named) and what plan_import reads (CSV files, and the
// directories that hold any).
void split_fhir(const std::vector<std::string>& paths, std::vector<std::string>* fhir,
                std::vector<std::string>* csv) {
  namespace fs = std::filesystem;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      (is_fhir_path(p) ? fhir : csv)->push_back(p);
      continue;
    }
    std::vector<std::string> found;
    bool has_csv = false;
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (is_fhir_path(name)) found.push_back(it->path().string());
      std::string low = name;
      std::transform(low.begin(), low.end(), low.begin(), ::tolower);
      has_csv = has_csv || low.ends_with(".csv");
    }
    std::sort(found.begin(), found.end());
    fhir->insert(fhir->end(), found.begin(), found.end());
    if (has_csv || found.empty()) csv->push_back(p);  // plan_import says what is wrong
  }
}

// Refuses options that do not go together, before anything is read.
Status check_fhir_options(bool assign, const std::string& mapping, bool kind_given,
                          const std::vector<std::string>& fhir_paths) {
  if (assign != !mapping.empty()) {
    return Status::invalid_argument(
        assign ? "--assign-test-nhs-numbers needs --mapping FILE, to record the numbers given"
               : "--mapping goes with --assign-test-nhs-numbers");
  }
  if (assign && fhir_paths.empty()) {
    return Status::invalid_argument(
        "--assign-test-nhs-numbers is for FHIR files (*.json, *.ndjson); none was named");
  }
  if (kind_given && !fhir_paths.empty()) {
    return Status::invalid_argument(
        "--kind is for CSV files; a FHIR file's resources say what they are");
  }
  return Status();
}

// Reads the FHIR files into *fhir and adds the inputs made from them to
// *inputs; the exit code when they could not be read or had problems
// (printed; nothing is imported).
std::optional<int> read_fhir_inputs(Store& store, const std::vector<std::string>& paths,
                                    const FhirOptions& options, std::optional<FhirBatch>* fhir,
                                    std::vector<ImportInput>* inputs) {
  auto read = read_fhir(store, paths, options);
  if (!read.ok()) return fail(read.status());
  *fhir = std::move(*read);
  const FhirBatch& b = **fhir;
  if (b.error_count > 0) {
    std::cerr << fmt::format(
        "bettercare: import rejected, nothing was changed: {} problem{} found:\n",
        thousands(b.error_count), b.error_count == 1 ? "" : "s");
    print_problems(b.errors, b.error_count, "problems");
    if (b.warning_count > 0) {
      std::cerr << "Warnings:\n";
      print_problems(b.warnings, b.warning_count, "warnings");
    }
    return static_cast<int>(kExitInvalidData);
  }
  inputs->insert(inputs->end(), b.inputs.begin(), b.inputs.end());
  return std::nullopt;
}

void print_fhir_counts(const FhirBatch& b) {
  int64_t used = 0, unused = 0;
  for (const auto& c : b.used) used += c.count;
  for (const auto& c : b.unused) unused += c.count;
  std::cout << fmt::format("FHIR: {} file{}, {} resources used, {} read and not used.\n",
                           b.files.size(), b.files.size() == 1 ? "" : "s", thousands(used),
                           thousands(unused));
  for (const auto& c : b.used) {
    std::cout << fmt::format("  used      {:>9}  {}\n", thousands(c.count), c.what);
  }
  for (const auto& c : b.unused) {
    std::cout << fmt::format("  not used  {:>9}  {}\n", thousands(c.count), c.what);
  }
}

// After a committed import of FHIR files: what was used and not, the test
// numbers' mapping (when `mapping` is named) and the reader's warnings.
void print_fhir_summary(const FhirBatch& b, const std::string& mapping) {
  print_fhir_counts(b);
  if (!mapping.empty()) {
    std::cout << fmt::format("Test NHS numbers: {} mapped, in {}\n",
                             thousands(static_cast<int64_t>(b.mapping.size())), mapping);
  }
  if (b.warning_count > 0) {
    std::cerr << "Warnings:\n";
    print_problems(b.warnings, b.warning_count, "warnings");
  }
}

}  // namespace

void add_init_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand("init", "Create an empty store (or bring an old one up to date)");
  cmd->callback([&g, run] {
    *run = [&g] {
      auto store = open_store(g, /*create=*/true);
      if (!store.ok()) return fail(store.status());
      std::cout << fmt::format("Store {} is ready (schema version {}).\n", g.db_path,
                               (*store)->schema_version());
      return static_cast<int>(kExitOk);
    };
  });
}

// After an import: the engine's columns saved beside the store
// (engine/saved_snapshot.h), so that the next command answers at once.
// The import has committed whatever happens here.
void save_snapshot_after_import(Store& store, bool show) {
  if (snapshot_file_path(store).empty()) return;
  const auto start = std::chrono::steady_clock::now();
  if (show) show_progress("saving the snapshot of the figures' columns", false);
  auto saved = bc::save_snapshot(store);
  if (!saved.ok()) {
    if (show) show_progress("", true);
    std::cerr << "bettercare: note: the import committed, but its snapshot could not be saved ("
              << saved.status().message() << "); the next command builds it\n";
    return;
  }
  if (!show) return;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (saved->up_to_date) {
    show_progress(fmt::format("snapshot up to date, {:.1f} s", secs), true);
    return;
  }
  show_progress(
      fmt::format("snapshot saved: {} people, {} events, {} MB, {:.1f} s",
                  thousands(saved->persons), thousands(saved->events), saved->bytes >> 20, secs),
      true);
}

void add_import_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::vector<std::string> paths;
    std::string kind;
    bool progress = false;
    size_t max_errors = 200;
    std::string covers;
    bool assign_test_numbers = false;
    std::string mapping;
    bool no_snapshot = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "import",
      "Import files of the data contract (docs/data-formats.md), all or nothing.\n"
      "Each file's kind comes from its name (spells.csv, spells_2018-03.csv) or --kind.\n"
      "A directory imports every .csv file in it. FHIR R4 Bundles (*.json) and Bulk\n"
      "Data NDJSON files (*.ndjson) of Patient, Encounter, Condition and Organization\n"
      "import with them (docs/data-formats.md, \"FHIR R4\"). Problems are reported as\n"
      "file:line (or file:entry[N]): column: value: reason, and any problem leaves the\n"
      "store unchanged.");
  cmd->add_option("paths", opts->paths, "Files or directories to import as one batch")->required();
  cmd->add_option("--kind", opts->kind, "The kind of every file named: " + kind_names());
  cmd->add_flag("--progress", opts->progress,
                "Show progress on stderr (the default on a terminal)");
  cmd->add_option("--max-errors", opts->max_errors, "Problems to list before only counting them")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  CLI::Option* covers =
      cmd->add_option("--covers", opts->covers,
                      "FROM..TO or MONTH (YYYY-MM): the months every activity file of the batch\n"
                      "covers, so a month with no rows still counts as loaded");
  cmd->add_flag("--assign-test-nhs-numbers", opts->assign_test_numbers,
                "FHIR test data without NHS numbers (Synthea's): give each such patient a\n"
                "number from the 999 test range, the same one every run (needs --mapping)");
  cmd->add_option("--mapping", opts->mapping,
                  "With --assign-test-nhs-numbers: the CSV of source_system, source_id,\n"
                  "nhs_number kept between runs (read if it exists, written on success)");
  cmd->add_flag("--no-snapshot", opts->no_snapshot,
                "Do not save the figures' snapshot beside the store after the import (the\n"
                "next command that needs it builds and saves it)");
  cmd->callback([&g, run, opts, covers] {
    *run = [&g, opts, covers] {
      std::optional<FileKind> kind;
      if (!opts->kind.empty()) {
        kind = kind_from_name(opts->kind);
        if (!kind) {
          return fail(Status::invalid_argument(fmt::format(
              "--kind {}: not a file kind; the kinds are {}", opts->kind, kind_names())));
        }
      }
      ImportOptions io = report::standard_import_options(current_user());
      if (covers->count() > 0) {
        auto range = parse_month_range(opts->covers);
        if (!range.ok()) {
          return fail(Status::invalid_argument(
              fmt::format("--covers {}: {}", opts->covers, range.error())));
        }
        io.covers = *range;
      }
      std::vector<std::string> fhir_paths, csv_paths;
      split_fhir(opts->paths, &fhir_paths, &csv_paths);
      if (Status st = check_fhir_options(opts->assign_test_numbers, opts->mapping, kind.has_value(),
                                         fhir_paths);
          !st.ok()) {
        return fail(st);
      }
      std::vector<ImportInput> inputs;
      if (!csv_paths.empty()) {
        auto planned = plan_import(csv_paths, kind);
        if (!planned.ok()) return fail(planned.status());
        inputs = std::move(*planned);
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      std::optional<FhirBatch> fhir;
      if (!fhir_paths.empty()) {
        FhirOptions fo{opts->assign_test_numbers, opts->mapping, opts->max_errors};
        if (auto refused = read_fhir_inputs(**store, fhir_paths, fo, &fhir, &inputs)) {
          return *refused;
        }
      }

      // What every import checks (report/import_options.h).
      io.max_problems = opts->max_errors;
      if (fhir) io.sources = fhir->sources;  // recorded with the batch
      bool tty = isatty(STDERR_FILENO) != 0;
      if (opts->progress || tty) {
        io.on_progress = [](const ImportProgress& p) {
          std::string pct =
              p.total_bytes > 0 ? fmt::format(" ({}%)", p.bytes_read * 100 / p.total_bytes) : "";
          show_progress(fmt::format("importing {}: {} rows{}{}", p.path, thousands(p.rows), pct,
                                    p.file_done ? ", read" : ""),
                        p.file_done);
        };
      }
      auto report = import_batch(**store, std::move(inputs), io);
      if (!report.ok()) return fail(report.status());
      if (fhir) locate_fhir_problems(*fhir, *report);
      if (!report->committed) {
        std::cerr << fmt::format(
            "bettercare: import rejected, nothing was changed: {} problem{} found:\n",
            thousands(report->error_count), report->error_count == 1 ? "" : "s");
        print_problems(report->errors, report->error_count, "problems");
        if (report->warning_count > 0) {
          std::cerr << "Warnings:\n";
          print_problems(report->warnings, report->warning_count, "warnings");
        }
        return static_cast<int>(kExitInvalidData);
      }
      if (fhir && opts->assign_test_numbers) {
        // The batch has committed: the numbers it used are recorded.
        if (Status st = write_fhir_mapping(*fhir, opts->mapping); !st.ok()) {
          std::cerr << "bettercare: the import committed, but " << st.message() << "\n";
          return static_cast<int>(kExitInvalidData);
        }
      }
      print_report(*report, g.db_path);
      if (fhir) print_fhir_summary(*fhir, opts->assign_test_numbers ? opts->mapping : "");
      if (report->warning_count > 0) {
        std::cerr << "Warnings:\n";
        print_problems(report->warnings, report->warning_count, "warnings");
      }
      if (!opts->no_snapshot) save_snapshot_after_import(**store, opts->progress || tty);
      return static_cast<int>(kExitOk);
    };
  });
}

void add_imports_command(CLI::App& app, Globals& g, Runner* run) {
  auto format = std::make_shared<std::string>("table");
  auto* cmd = app.add_subcommand(
      "imports", "List the imported batches and their files (the data the figures rest on)");
  cmd->add_option("--format", *format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, format] {
    *run = [&g, format] {
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto batches = list_imports(**store);
      if (!batches.ok()) return fail(batches.status());
      if (*format == "json") {
        std::cout << import_history_json(*batches).dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      if (batches->empty()) {
        std::cout << "No data has been imported into " << g.db_path << " yet.\n";
        return static_cast<int>(kExitOk);
      }
      for (const ImportBatchRecord& b : *batches) {
        std::cout << fmt::format(
            "Batch {}  {}  by {}  (bettercare {})  {} rows: {} new, {} replaced\n", b.batch_id,
            b.imported_at, b.imported_by, b.bettercare_version, thousands(b.rows_read),
            thousands(b.inserted), thousands(b.replaced));
        for (const ImportFileRecord& f : b.files) {
          std::string dates = f.first_date ? *f.first_date + ".." + f.last_date.value_or("") : "-";
          std::cout << fmt::format("  {:<21}{:>11} rows  {:<24}  sha256 {}  {}\n", f.kind,
                                   thousands(f.rows_read), dates, f.sha256.substr(0, 16), f.path);
          if (f.covers) {
            // Under the dates: what the import declared, beside what it held.
            std::cout << fmt::format("{:<41}covers {} (declared)\n", "",
                                     months_text(f.covers->first, f.covers->second));
          }
        }
        for (const ImportSource& f : b.sources) {
          std::cout << fmt::format("  made from {} ({} resource{}, {} bytes)  sha256 {}\n", f.path,
                                   thousands(f.resources), f.resources == 1 ? "" : "s",
                                   thousands(f.bytes), f.sha256);
        }
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
