// bettercare migrate-store --from FILE --to URL
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/postgres.h"

namespace bc::cli {

void add_migrate_store_command(CLI::App& app, Globals& g, Runner* run) {
  struct Options {
    std::string from, to;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "migrate-store",
      "Copy a whole store into a new PostgreSQL store (docs/operations.md): every table, in\n"
      "one transaction, committed only when every table's row count and checksum match the\n"
      "original. The new store keeps the original's key file (--key-file names it).");
  cmd->add_option("--from", o->from, "The store to copy (an SQLite file)")->required();
  cmd->add_option("--to", o->to,
                  "The new store: a PostgreSQL database (postgresql://user@host:port/dbname), "
                  "empty or made by 'init' and not yet used")
      ->required();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      if (!is_postgresql_address(o->to)) {
        return fail(Status::invalid_argument(
            "--to must name a PostgreSQL database (postgresql://user@host:port/dbname); to copy "
            "an SQLite store to another file, use 'bettercare backup'"));
      }
      auto from = Store::open(o->from, Store::Mode::kOpenExisting, g.key_file);
      if (!from.ok()) return fail(from.status());
      const KeySource& keys = (*from)->key_source();
      auto to = Store::open(o->to, Store::Mode::kCreateIfMissing,
                            keys.from_env() ? std::string() : keys.key_file);
      if (!to.ok()) return fail(to.status());
      const bool tty = ::isatty(STDERR_FILENO) != 0;
      auto report = copy_store(**from, **to, [tty](const std::string& table, int64_t rows) {
        if (tty) std::cerr << fmt::format("\r  {}: {} rows\033[K", table, rows) << std::flush;
      });
      if (tty) std::cerr << "\r\033[K";
      if (!report.ok()) return fail(report.status());
      if (Status s = audit_cli(**to, "migrate_store", (*from)->display_name()); !s.ok()) {
        return fail(s);
      }
      std::cout << fmt::format("{:<28} {:>10}  {}\n", "table", "rows", "checksum (both)");
      for (const TableFingerprint& f : report->destination) {
        std::cout << fmt::format("{:<28} {:>10}  {}\n", f.table, f.rows, f.checksum);
      }
      std::cout << fmt::format(
          "copied {} into {}: {} rows in {} tables, every table's row count and checksum the "
          "same in both. Its key file is {}: every server of the new store needs it.\n",
          (*from)->display_name(), (*to)->display_name(), report->rows, report->destination.size(),
          keys.describe());
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
