// bettercare: the command-line entry point. See docs/cli.md.
#include <sys/stat.h>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  using namespace bc::cli;
  // Everything bettercare creates (the store and its side files, the key
  // file, reports, exports, temporary directories) is owner-only, whatever
  // the umask it was started with: files 0600, directories 0700.
  umask(077);
  CLI::App app{
      "bettercare: integrated health and social care commissioning (Better Care Fund).\n"
      "Imports extracts, links people by NHS number, and computes the Better Care metrics."};
  app.set_version_flag("--version", std::string("bettercare ") + BETTERCARE_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  Globals g;
  const char* env = std::getenv("BETTERCARE_DB");
  g.db_path = env != nullptr && *env != '\0' ? env : "bettercare.db";
  app.add_option("--db", g.db_path,
                 "The store (an SQLite file); default $BETTERCARE_DB or bettercare.db")
      ->capture_default_str();
  app.add_option("--key-file", g.key_file,
                 "The store's key file; default $BETTERCARE_KEY_FILE, else the store's path + "
                 "\".key\" ($BETTERCARE_KEY may hold the keys themselves; docs/security.md)");

  Runner run;
  add_init_command(app, g, &run);
  add_import_command(app, g, &run);
  add_imports_command(app, g, &run);
  add_person_command(app, g, &run);
  add_frailty_command(app, g, &run);
  add_risk_command(app, g, &run);
  add_register_command(app, g, &run);
  add_careplan_command(app, g, &run);
  add_mdt_command(app, g, &run);
  add_spa_command(app, g, &run);
  add_audit_command(app, g, &run);
  add_synth_command(app, g, &run);
  add_metrics_command(app, g, &run);
  add_spc_command(app, g, &run);
  add_board_command(app, g, &run);
  add_plan_command(app, g, &run);
  add_provider_command(app, g, &run);
  add_incident_command(app, g, &run);
  add_calendar_command(app, g, &run);
  add_finance_command(app, g, &run);
  add_scheme_report_command(app, g, &run);
  add_report_command(app, g, &run);
  add_export_command(app, g, &run);
  add_serve_command(app, g, &run);
  add_user_command(app, g, &run);
  add_key_command(app, g, &run);
  add_backup_command(app, g, &run);
  add_migrate_store_command(app, g, &run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "bettercare: " << e.what() << "\n(run 'bettercare --help' for usage)\n";
    return kExitUsage;
  }
  try {
    return run ? run() : kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "bettercare: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
