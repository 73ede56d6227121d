// bettercare serve | user add/passwd/list/disable/enable/unlock/revoke
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/cli.h"
#include "core/safe_text.h"
#include "store/audit.h"
#include "web/accounts.h"
#include "web/server.h"

namespace bc::cli {
namespace {

// Reads a password: from stdin (first line) with --password-stdin, else
// asked twice at the terminal without echo.
Result<std::string> read_password(bool from_stdin) {
  auto line = [](std::string* out) { return static_cast<bool>(std::getline(std::cin, *out)); };
  std::string pw;
  if (from_stdin || !isatty(STDIN_FILENO)) {
    if (!line(&pw)) return Status::invalid_argument("no password on standard input");
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::cerr << "Password: " << std::flush;
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string again;
  bool ok = line(&pw);
  std::cerr << "\nAgain: " << std::flush;
  ok = ok && line(&again);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  if (!ok) return Status::invalid_argument("no password given");
  if (pw != again) return Status::invalid_argument("the two passwords differ; nothing changed");
  return pw;
}

}  // namespace

void add_serve_command(CLI::App& app, Globals& g, Runner* run) {
  auto o = std::make_shared<web::ServeOptions>();
  auto quiet = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the web application (dashboards and the JSON API) until SIGTERM or Ctrl-C.\n"
      "Users sign in with accounts made by 'bettercare user add'. docs/web.md, docs/api.md.");
  cmd->add_option("--bind", o->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", o->port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--queue", o->queue,
                  "Requests that may wait for a worker (more are answered 503 with Retry-After)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  auto request_timeout = std::make_shared<double>(10);
  cmd->add_option("--request-timeout", *request_timeout,
                  "Seconds a client has to send a whole request, headers and body, from its first "
                  "byte; slower connections are closed")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  auto keep_alive = std::make_shared<double>(5);
  cmd->add_option("--keep-alive", *keep_alive,
                  "Seconds an idle connection is kept open for its next request")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  auto max_connections = std::make_shared<size_t>(o->limits.max_connections);
  cmd->add_option("--max-connections", *max_connections,
                  "Open connections at most (the longest idle is closed to make room; fewer if "
                  "the file limit is lower)")
      ->check(CLI::Range(16, 1000000))
      ->capture_default_str();
  cmd->add_flag("--behind-tls,--secure-cookies", o->secure_cookies,
                "Served over https by a TLS-terminating proxy: mark every cookie Secure and send "
                "Strict-Transport-Security (--secure-cookies is the older name)");
  cmd->add_option("--idle-timeout", o->idle_minutes,
                  "Minutes without a request after which a session ends (besides the 8-hour "
                  "limit)")
      ->check(CLI::Range(1, 480))
      ->capture_default_str();
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "Address of a reverse proxy whose X-Forwarded-For names the client "
                  "(repeatable; e.g. 127.0.0.1 for nginx on this machine)");
  auto cache_mb = std::make_shared<int>(64);
  cmd->add_option("--cache-mb", *cache_mb,
                  "Memory for the engine's answers, in MiB (least recently used dropped first; 0: "
                  "keep none)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  cmd->add_option("--area", o->area,
                  "The area's name, shown on every page and on the board documents, e.g. "
                  "\"Southampton City\"");
  cmd->add_flag("--quiet", *quiet, "No access log on stderr");
  cmd->callback([&g, run, o, quiet, cache_mb, request_timeout, keep_alive, max_connections] {
    *run = [&g, o, quiet, cache_mb, request_timeout, keep_alive, max_connections] {
      auto ms = [](double seconds) {
        return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
      };
      o->limits.request_timeout = ms(*request_timeout);
      o->limits.keep_alive = ms(*keep_alive);
      o->limits.max_connections = *max_connections;
      if (o->area.size() > 200 || find_unsafe_char(o->area) != std::string_view::npos)
        return fail(Status::invalid_argument(
            "--area: give the area's name as plain text (UTF-8, one line, at most 200 bytes)"));
      o->db_path = g.db_path;
      o->cache_bytes = static_cast<size_t>(*cache_mb) << 20;
      o->key_file = g.key_file;
      if (!*quiet) o->access_log = &std::clog;
      o->on_ready = [&g](const std::string& url) {
        std::cout << fmt::format("bettercare: serving {} at {}/ (Ctrl-C to stop)", g.db_path, url)
                  << std::endl;
      };
      if (Status s = web::serve(*o); !s.ok()) return fail(s);
      std::cout << "bettercare: stopped" << std::endl;
      return static_cast<int>(kExitOk);
    };
  });
}

void add_user_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "user",
      "Accounts of the web application: add, passwd, list, disable, enable, unlock, revoke");
  cmd->require_subcommand(1);

  auto nu = std::make_shared<NewUser>();
  auto role = std::make_shared<std::string>();
  auto cluster = std::make_shared<std::string>();
  auto from_stdin = std::make_shared<bool>(false);
  auto* add = cmd->add_subcommand(
      "add",
      "Add a user. The password is asked at the terminal, or read from stdin.\n"
      "Roles: admin, analyst, finance, scheme_lead, board, clinician, board_officer,\n"
      "quality (docs/security.md).");
  add->add_option("name", nu->name, "User name")->required();
  add->add_option("--role", *role, "Role")->required();
  add->add_option("--cluster", *cluster, "A clinician's cluster code");
  add->add_option("--scheme", nu->schemes, "A scheme lead's scheme code (repeatable)");
  add->add_flag("--password-stdin", *from_stdin, "Read the password from standard input");
  add->callback([&g, run, nu, role, cluster, from_stdin] {
    *run = [&g, nu, role, cluster, from_stdin] {
      auto r = parse_role(*role);
      if (!r.ok()) return fail(r.status());
      nu->role = *r;
      if (!cluster->empty()) nu->cluster = *cluster;
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto pw = read_password(*from_stdin);
      if (!pw.ok()) return fail(pw.status());
      auto u = add_user(**store, *nu, *pw, current_user());
      if (!u.ok()) return fail(u.status());
      std::cout << fmt::format("added {} ({})\n", u->name, role_name(u->role));
      return static_cast<int>(kExitOk);
    };
  });

  auto name = std::make_shared<std::string>();
  auto* passwd = cmd->add_subcommand("passwd", "Set a user's password (and unlock the account)");
  passwd->add_option("name", *name, "User name")->required();
  passwd->add_flag("--password-stdin", *from_stdin, "Read the password from standard input");
  passwd->callback([&g, run, name, from_stdin] {
    *run = [&g, name, from_stdin] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (auto u = find_user(**store, *name); !u.ok()) return fail(u.status());
      auto pw = read_password(*from_stdin);
      if (!pw.ok()) return fail(pw.status());
      if (Status s = set_password(**store, *name, *pw); !s.ok()) return fail(s);
      if (Status s = audit_cli(**store, "set_password", *name); !s.ok()) return fail(s);
      std::cout << "password changed for " << *name << "\n";
      return static_cast<int>(kExitOk);
    };
  });

  auto* list = cmd->add_subcommand("list", "List the users");
  list->callback([&g, run] {
    *run = [&g] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto users = list_users(**store);
      if (!users.ok()) return fail(users.status());
      std::cout << fmt::format("{:<20} {:<12} {:<10} {:<16} {}\n", "name", "role", "cluster",
                               "schemes", "state");
      for (const auto& u : *users) {
        std::string schemes;
        for (const auto& s : u.schemes) schemes += (schemes.empty() ? "" : ",") + s;
        std::string state = u.disabled ? "disabled"
                            : u.locked_until && *u.locked_until > utc_now_iso()
                                ? "locked until " + *u.locked_until
                                : "active";
        std::cout << fmt::format("{:<20} {:<12} {:<10} {:<16} {}\n", u.name, role_name(u.role),
                                 u.cluster.value_or("-"), schemes.empty() ? "-" : schemes, state);
      }
      return static_cast<int>(kExitOk);
    };
  });

  struct Simple {
    const char* name;
    const char* help;
  };
  for (Simple s : {Simple{"disable", "Disable a user and end their sessions"},
                   Simple{"enable", "Enable a disabled user"},
                   Simple{"unlock", "Clear a user's failed sign-ins and lock"},
                   Simple{"revoke", "End every session of a user"}}) {
    auto target = std::make_shared<std::string>();
    auto* sub = cmd->add_subcommand(s.name, s.help);
    sub->add_option("name", *target, "User name")->required();
    std::string what = s.name;
    sub->callback([&g, run, target, what] {
      *run = [&g, target, what] {
        auto store = open_store(g);
        if (!store.ok()) return fail(store.status());
        Status st;
        int ended = 0;
        if (what == "disable") {
          st = set_disabled(**store, *target, true);
          if (st.ok()) {
            auto n = revoke_user_sessions(**store, *target);
            if (!n.ok()) return fail(n.status());
            ended = *n;
          }
        } else if (what == "enable") {
          st = set_disabled(**store, *target, false);
        } else if (what == "unlock") {
          st = unlock_user(**store, *target);
        } else {
          auto n = revoke_user_sessions(**store, *target);
          if (!n.ok()) return fail(n.status());
          ended = *n;
        }
        if (!st.ok()) return fail(st);
        st = audit_cli(
            **store, what + "_user",
            ended > 0 ? fmt::format("{} ({} session(s) ended)", *target, ended) : *target);
        if (!st.ok()) return fail(st);
        std::cout << fmt::format("{}: {}{}\n", what, *target,
                                 ended > 0 ? fmt::format(" ({} session(s) ended)", ended) : "");
        return static_cast<int>(kExitOk);
      };
    });
  }
}

}  // namespace bc::cli
