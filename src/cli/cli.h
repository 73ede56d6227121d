// Shared pieces of the command-line interface: exit codes, the global
// options, opening the store, and the commands' registration functions.
//
// Every command prints results to stdout and problems to stderr, prefixed
// "bettercare: ", and returns one of the documented exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace bc::cli {

// Documented in docs/cli.md; scripts rely on them.
enum ExitCode {
  kExitOk = 0,
  kExitInternal = 1,     // a bug
  kExitUsage = 2,        // bad command line
  kExitInvalidData = 3,  // input rejected (nothing was changed)
  kExitStore = 4,        // the store could not be opened, read or written
  kExitNotFound = 5,     // what was asked for does not exist
};

struct Globals {
  std::string db_path;   // --db, BETTERCARE_DB, or bettercare.db
  std::string key_file;  // --key-file; "" = $BETTERCARE_KEY_FILE, $BETTERCARE_KEY or DB.key
};

// The exit code for a failed Status.
int exit_code_for(const Status& s);
// Prints "bettercare: <message>" to stderr and returns the exit code.
int fail(const Status& s);
// Opens the store named by --db (it must exist unless create is true) with
// its keys (--key-file, or store/site_keys.h's default).
Result<std::unique_ptr<Store>> open_store(const Globals& g, bool create = false);
// Opens the store for a command that only reads it (Store::Mode::kReadOnly):
// it works on a read-only medium, or says why it cannot.
Result<std::unique_ptr<Store>> open_store_read_only(const Globals& g);
// The store's snapshot (engine/saved_snapshot.h): the saved file when it
// is the store's now, else built and saved. When it cannot be saved, says
// so on stderr (the answer is right; the next command builds again).
Result<std::shared_ptr<const Snapshot>> store_snapshot(Store& store);
// The operating-system user running the command, for audit and import records.
std::string current_user();
// Records in the audit log that the CLI did or showed something: actor the
// operating-system user, origin "cli" (docs/security.md, "The CLI").
Status audit_cli(Store& store, const std::string& action, const std::string& subject);

// A regular file's bytes; NotFound when there is none, InvalidData when it
// is larger than `limit` bytes (checked before reading).
Result<std::string> read_text_file(const std::string& path, size_t limit);
// Progress on stderr: one line rewritten in place on a terminal, else a new
// line each time.
void show_progress(const std::string& line, bool done);
// 1234567 -> "1,234,567".
std::string thousands(int64_t n);

// Each command registers its subcommand; the callback sets *exit_code.
using Runner = std::function<int()>;
void add_init_command(CLI::App& app, Globals& g, Runner* run);
void add_import_command(CLI::App& app, Globals& g, Runner* run);
void add_imports_command(CLI::App& app, Globals& g, Runner* run);
void add_person_command(CLI::App& app, Globals& g, Runner* run);
void add_audit_command(CLI::App& app, Globals& g, Runner* run);
void add_synth_command(CLI::App& app, Globals& g, Runner* run);
void add_metrics_command(CLI::App& app, Globals& g, Runner* run);
void add_finance_command(CLI::App& app, Globals& g, Runner* run);
void add_scheme_report_command(CLI::App& app, Globals& g, Runner* run);
void add_report_command(CLI::App& app, Globals& g, Runner* run);
void add_export_command(CLI::App& app, Globals& g, Runner* run);
void add_serve_command(CLI::App& app, Globals& g, Runner* run);
void add_user_command(CLI::App& app, Globals& g, Runner* run);
void add_key_command(CLI::App& app, Globals& g, Runner* run);
void add_backup_command(CLI::App& app, Globals& g, Runner* run);
void add_migrate_store_command(CLI::App& app, Globals& g, Runner* run);
void add_frailty_command(CLI::App& app, Globals& g, Runner* run);
void add_risk_command(CLI::App& app, Globals& g, Runner* run);
void add_register_command(CLI::App& app, Globals& g, Runner* run);
void add_careplan_command(CLI::App& app, Globals& g, Runner* run);
void add_mdt_command(CLI::App& app, Globals& g, Runner* run);
void add_spa_command(CLI::App& app, Globals& g, Runner* run);
void add_spc_command(CLI::App& app, Globals& g, Runner* run);
void add_board_command(CLI::App& app, Globals& g, Runner* run);
void add_plan_command(CLI::App& app, Globals& g, Runner* run);
void add_calendar_command(CLI::App& app, Globals& g, Runner* run);
void add_provider_command(CLI::App& app, Globals& g, Runner* run);
void add_incident_command(CLI::App& app, Globals& g, Runner* run);

// A date option's value (--at, --index): YYYY-MM-DD or DD/MM/YYYY; the
// message names the option.
Result<Date> parse_date_option(std::string_view option, const std::string& value);
// The same, or today's date (UTC) when the option was not given.
Result<Date> date_option_or_today(std::string_view option, const std::string& value);

}  // namespace bc::cli
