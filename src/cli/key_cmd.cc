// bettercare key rotate | backup
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.h"
#include "store/audit.h"

namespace bc::cli {

void add_key_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "key", "The store's key file (docs/security.md, \"The key file\"): rotate the pseudonym key");
  cmd->require_subcommand(1);
  auto* rotate = cmd->add_subcommand(
      "rotate",
      "Replace the analysts' pseudonym key with a new random one. Every pseudonym changes;\n"
      "the audit and cell keys do not (the audit chain and published figures depend on them).\n"
      "Restart 'bettercare serve' afterwards, and back up the new key file.");
  rotate->callback([&g, run] {
    *run = [&g] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      // Audited first: a rotation that fails after this leaves the old key.
      if (Status s = audit_cli(**store, "rotate_pseudonym_key", (*store)->key_source().describe());
          !s.ok())
        return fail(s);
      if (Status s = (*store)->rotate_pseudonym_key(); !s.ok()) return fail(s);
      std::cout << fmt::format(
          "rotated the pseudonym key in {}: every pseudonym has changed; restart bettercare "
          "serve and back up the key file\n",
          (*store)->key_source().key_file);
      return static_cast<int>(kExitOk);
    };
  });
}

void add_backup_command(CLI::App& app, Globals& g, Runner* run) {
  auto dest = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "backup",
      "Copy the store to DEST (a new file, owner-only) with SQLite's online backup: safe while\n"
      "bettercare serves or imports. The key file is not in the copy: back it up separately.");
  cmd->add_option("dest", *dest, "The backup file to create (must not exist)")->required();
  cmd->callback([&g, run, dest] {
    *run = [&g, dest] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = (*store)->backup_to(*dest); !s.ok()) return fail(s);
      if (Status s = audit_cli(**store, "backup", *dest); !s.ok()) return fail(s);
      std::cout << fmt::format(
          "backed up {} to {}; the keys are not in it: back up {} separately\n", g.db_path, *dest,
          (*store)->key_source().describe());
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
