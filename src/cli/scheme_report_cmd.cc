// bettercare scheme-report set | show | list | history | submit | receive | sign-off
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "programme/scheme_report.h"
#include "programme/scheme_report_json.h"

namespace bc::cli {
namespace {

namespace fs = std::filesystem;

// The file as bytes, refusing what cannot be a report before reading it.
Result<std::string> read_report_file(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Status::invalid_argument(path + ": no such file");
  if (!fs::is_regular_file(status)) return Status::invalid_argument(path + ": not a file");
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxReportFileBytes) {
    return Status::invalid_data(fmt::format(
        "{}: the file is {} bytes; a scheme report file may be at most {} bytes (1 MiB)", path,
        size, kMaxReportFileBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": cannot be read");
  return ss.str();
}

// Text indented under a heading; "-" when empty.
void print_block(std::string_view heading, const std::string& text) {
  std::cout << "\n" << heading << "\n";
  if (text.empty()) {
    std::cout << "  -\n";
    return;
  }
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = std::string_view(text).substr(
        start, nl == std::string::npos ? std::string::npos : nl - start);
    std::cout << (line.empty() ? "" : "  ") << line << "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

// Continuation lines indented by pad (blank lines stay empty).
std::string indent_continuation(const std::string& text, std::string_view pad) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] != '\n') out += pad;
  }
  return out;
}

// "draft", "signed_off_by_jcb (signed off by the JCB)".
std::string state_words(ReportState s) {
  if (s == ReportState::kDraft || s == ReportState::kSubmitted) return std::string(state_name(s));
  return fmt::format("{} ({})", state_name(s), state_description(s));
}

void print_steps(const SchemeReportVersion& v, std::string_view pad) {
  for (ReportStep step : all_report_steps()) {
    const ReportStepRecord* done = nullptr;
    for (const auto& s : v.steps) {
      if (s.step == step) done = &s;
    }
    const std::string what(state_description(state_after(step)));
    if (done == nullptr) {
      std::cout << fmt::format("{}{:<24}-\n", pad, what);
    } else {
      std::cout << fmt::format("{}{:<24}{}  by {}{}\n", pad, what, done->on.iso(), done->by,
                               done->note.empty() ? "" : "  (" + done->note + ")");
    }
  }
}

void print_version(const SchemeReportVersion& v) {
  const SchemeReportContent& c = v.content;
  std::cout << fmt::format(
      "{} {}: scheme report for {}, version {}{}\n", v.scheme, v.scheme_name, v.quarter, v.version,
      v.version == v.latest_version ? std::string()
                                    : fmt::format(" (the latest is version {})", v.latest_version));
  std::cout << fmt::format("State                   {}\n", state_words(v.state));
  std::cout << fmt::format("Host                    {}\n", v.host);
  const std::string pbm = v.pooled_budget_manager();
  std::cout << fmt::format("Pooled budget manager   {}\n", pbm.empty() ? "-" : pbm);
  std::cout << fmt::format("Report author           {}\n",
                           c.report_author.empty() ? "-" : c.report_author);
  std::cout << fmt::format("Report date             {}\n",
                           c.report_date ? c.report_date->iso() : "-");
  std::cout << fmt::format("Created                 {} by {}\n", v.created_at, v.created_by);
  std::cout << fmt::format("Last changed            {} by {} (from {})\n", v.updated_at,
                           v.updated_by, v.source_format);
  std::cout << "\nSign-off\n";
  print_steps(v, "  ");
  print_block("Summary", c.summary);
  std::cout << "\nFinancial performance: the figures come from the ledger when the report is "
               "rendered.\n";
  print_block("Reasons for over/underspends", c.finance_reasons);
  print_block("Actions to address over/underspends", c.finance_actions);
  print_block("Opportunities for savings", c.savings_opportunities);
  print_block("Predicted cost pressures", c.cost_pressures);
  if (!c.contracts.empty()) {
    std::cout << "\nAssociated contracts\n";
    for (const auto& k : c.contracts) {
      std::cout << "  - " << indent_continuation(k.contract, "    ") << "\n";
      for (auto [label, value] :
           {std::pair{"duration", &k.duration}, std::pair{"annual value", &k.annual_value},
            std::pair{"spend to date", &k.spend_to_date}, std::pair{"performance", &k.performance},
            std::pair{"comments", &k.comments}}) {
        if (!value->empty())
          std::cout << "    " << label << ": " << indent_continuation(*value, "      ") << "\n";
      }
    }
  }
  print_block("Original aims and outcomes", c.aims);
  print_block("Evidence of key developments", c.evidence);
  std::cout << "\nPerformance indicators\n";
  if (c.indicators.empty()) std::cout << "  -\n";
  for (const auto& i : c.indicators) {
    std::cout << "  - " << indent_continuation(i.name, "    ") << "\n";
    if (!i.target.empty())
      std::cout << "    target: " << indent_continuation(i.target, "      ") << "\n";
    if (!i.actual.empty())
      std::cout << "    actual: " << indent_continuation(i.actual, "      ") << "\n";
    if (!i.progress.empty())
      std::cout << "    progress: " << indent_continuation(i.progress, "      ") << "\n";
    if (i.metric) std::cout << "    metric: " << *i.metric << "\n";
  }
  std::cout << "\nRisks and mitigating actions\n";
  if (c.risks.empty()) std::cout << "  -\n";
  for (const auto& r : c.risks) {
    std::cout << "  - risk: " << indent_continuation(r.risk, "      ") << "\n";
    if (!r.mitigation.empty())
      std::cout << "    mitigation: " << indent_continuation(r.mitigation, "      ") << "\n";
  }
  print_block("Proposed changes for the JCB and HWB", c.proposed_changes);
  print_block("Priorities for the next 3-6 months", c.priorities);
}

void print_history(const std::vector<SchemeReportVersion>& versions) {
  const auto& last = versions.back();
  std::cout << fmt::format("{} {}: scheme report for {}, {} version{}\n", last.scheme,
                           last.scheme_name, last.quarter, versions.size(),
                           versions.size() == 1 ? "" : "s");
  for (const auto& v : versions) {
    std::cout << fmt::format("\nversion {}  {}\n", v.version, state_words(v.state));
    std::cout << fmt::format("  created       {} by {}\n", v.created_at, v.created_by);
    if (v.updated_at != v.created_at || v.updated_by != v.created_by)
      std::cout << fmt::format("  last changed  {} by {}\n", v.updated_at, v.updated_by);
    for (const auto& s : v.steps) {
      std::cout << fmt::format("  {:<14}{}  by {}, recorded {}{}\n", step_label(s.step), s.on.iso(),
                               s.by, s.recorded_at, s.note.empty() ? "" : "  (" + s.note + ")");
    }
  }
}

struct Target {
  std::string scheme, quarter;
};

void add_target_options(CLI::App* cmd, Target* t) {
  cmd->add_option("--scheme", t->scheme, "The scheme's code, as in schemes.csv (e.g. CAR)")
      ->required();
  cmd->add_option("--quarter", t->quarter, "The quarter reported on, e.g. 2017/18:Q4")->required();
}

// The quarter given as --quarter ("2017/18:q4" is 2017/18:Q4).
Result<Period> parse_quarter_option(const std::string& q) {
  auto parsed = Period::parse_quarter(q);
  if (!parsed.ok()) return Status::invalid_argument("--quarter: " + parsed.error());
  return parsed;
}

// What a command about one report needs: the quarter as stored and the
// store, in that order (a bad --quarter is reported before the store is
// opened).
struct Opened {
  Period quarter;
  std::unique_ptr<Store> store;
};

Result<Opened> open_for(const Globals& g, const Target& t) {
  auto quarter = parse_quarter_option(t.quarter);
  if (!quarter.ok()) return quarter.status();
  auto store = open_store(g);
  if (!store.ok()) return store.status();
  return Opened{std::move(*quarter), std::move(*store)};
}

void add_step_command(CLI::App* parent, Globals& g, Runner* run, const std::string& name,
                      const std::string& help, bool board) {
  struct Opts {
    Target target;
    std::string board, date, by, note;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(name, help);
  add_target_options(cmd, &opts->target);
  if (board) {
    cmd->add_option("--board", opts->board,
                    "jcb (the Joint Commissioning Board) or hwb (the Health and Wellbeing Board)")
        ->required()
        ->check(CLI::IsMember({"jcb", "hwb"}, CLI::ignore_case));
  }
  cmd->add_option("--date", opts->date,
                  "The date it happened, YYYY-MM-DD: not in the future, not before the step "
                  "before it (default: today, UTC)");
  cmd->add_option("--by", opts->by, "Who records it (default: the current user)");
  cmd->add_option("--note", opts->note, "A note kept with the step (e.g. the minute reference)");
  cmd->callback([&g, run, opts, name] {
    *run = [&g, opts, name] {
      ReportStep step = ReportStep::kSubmit;
      const bool hwb = opts->board == "hwb" || opts->board == "HWB";
      if (name == "receive") step = hwb ? ReportStep::kHwbReceive : ReportStep::kJcbReceive;
      if (name == "sign-off") step = hwb ? ReportStep::kHwbSignOff : ReportStep::kJcbSignOff;
      auto quarter = parse_quarter_option(opts->target.quarter);
      if (!quarter.ok()) return fail(quarter.status());
      Date on = Date::today_utc();
      if (!opts->date.empty()) {
        auto d = Date::parse(opts->date);
        if (!d.ok()) return fail(Status::invalid_argument("--date: " + d.error()));
        on = *d;
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      const std::string by = opts->by.empty() ? current_user() : opts->by;
      auto v =
          advance_scheme_report(**store, opts->target.scheme, *quarter, step, on, by, opts->note);
      if (!v.ok()) return fail(v.status());
      std::cout << fmt::format("{} {} version {} is now {} ({}, recorded by {})\n", v->scheme,
                               v->quarter, v->version, state_description(v->state), on.iso(),
                               v->steps.back().by);
      return static_cast<int>(kExitOk);
    };
  });
}

// `set`: a report's content from a file (version 1, the draft updated in
// place, or the next version after a submitted one); prints what happened.
void add_set_command(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    Target target;
    std::string file, by;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "set",
      "Set a report's content from a file: creates version 1, updates a draft in place, or\n"
      "makes the next version when the latest has been submitted.");
  add_target_options(cmd, &opts->target);
  cmd->add_option("--file", opts->file,
                  "The report: a .toml file, or a .md/.markdown file with TOML front matter")
      ->required();
  cmd->add_option("--by", opts->by, "Who sets it (default: the current user)");
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto quarter = parse_quarter_option(opts->target.quarter);
      if (!quarter.ok()) return fail(quarter.status());
      auto text = read_report_file(opts->file);
      if (!text.ok()) return fail(text.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      const std::string by = opts->by.empty() ? current_user() : opts->by;
      auto r = set_scheme_report_from_file(**store, opts->target.scheme, *quarter, *text,
                                           opts->file, by);
      if (!r.ok()) return fail(r.status());
      const std::string key = opts->target.scheme + " " + quarter->label();
      switch (r->what) {
        case SetResult::kCreated:
          std::cout << fmt::format("{}: created version {} (draft)\n", key, r->version);
          break;
        case SetResult::kUpdated:
          std::cout << fmt::format("{}: updated draft version {}\n", key, r->version);
          break;
        case SetResult::kNewVersion:
          std::cout << fmt::format(
              "{}: version {} is {} and cannot change: created version {} (draft)\n", key,
              r->version - 1, state_description(r->previous_state), r->version);
          break;
        case SetResult::kUnchanged:
          std::cout << fmt::format("{}: unchanged (version {} already has this content)\n", key,
                                   r->version);
          break;
      }
      return static_cast<int>(kExitOk);
    };
  });
}

// `show`: one version of a report (the latest by default), as text or JSON.
void add_show_command(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    Target target;
    int version = 0;
    std::string format = "text";
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd =
      parent->add_subcommand("show", "Show one version of a report (the latest by default)");
  add_target_options(cmd, &opts->target);
  cmd->add_option("--version", opts->version, "The version (default: the latest)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--format", opts->format,
                  "text (readable) or json (content, metadata, steps and the source)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto opened = open_for(g, opts->target);
      if (!opened.ok()) return fail(opened.status());
      std::optional<int> version;
      if (opts->version > 0) version = opts->version;
      auto v = get_scheme_report(*opened->store, opts->target.scheme, opened->quarter, version);
      if (!v.ok()) return fail(v.status());
      if (opts->format == "json") {
        std::cout << scheme_report_json(*v, true).dump(2) << "\n";
      } else {
        print_version(*v);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

// `list`: the latest version of every report, by quarter then scheme, as a
// table or JSON; filtered by quarter or scheme when asked.
void add_list_command(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string quarter, scheme;
    std::string format = "table";
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "list", "List the latest version of every report, by quarter then scheme");
  cmd->add_option("--quarter", opts->quarter, "Only this quarter, e.g. 2017/18:Q4");
  cmd->add_option("--scheme", opts->scheme, "Only this scheme's code");
  cmd->add_option("--format", opts->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      std::optional<Period> quarter;
      std::optional<std::string> scheme;
      if (!opts->quarter.empty()) {
        auto q = parse_quarter_option(opts->quarter);
        if (!q.ok()) return fail(q.status());
        quarter = *q;
      }
      if (!opts->scheme.empty()) scheme = opts->scheme;
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto list = list_scheme_reports(**store, quarter, scheme);
      if (!list.ok()) return fail(list.status());
      if (opts->format == "json") {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& v : *list) j.push_back(scheme_report_json(v, false));
        std::cout << j.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      if (list->empty()) {
        std::cout << "No scheme reports" << (quarter ? " for " + quarter->label() : std::string())
                  << (scheme ? " of " + *scheme : std::string()) << ".\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("{:<8}{:<12}{:>7}  {:<19}{:<26}{}\n", "scheme", "quarter", "version",
                               "state", "last step", "report author");
      for (const auto& v : *list) {
        const std::string last =
            v.steps.empty()
                ? "-"
                : fmt::format("{} {}", step_label(v.steps.back().step), v.steps.back().on.iso());
        std::cout << fmt::format("{:<8}{:<12}{:>7}  {:<19}{:<26}{}\n", v.scheme, v.quarter,
                                 v.version, state_name(v.state), last,
                                 v.content.report_author.empty() ? "-" : v.content.report_author);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

// `history`: every version of a report with its state, creation and steps,
// as text or JSON.
void add_history_command(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    Target target;
    std::string format = "text";
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "history", "Every version of a report: its state, who created it and when, its steps");
  add_target_options(cmd, &opts->target);
  cmd->add_option("--format", opts->format, "text or json (with each version's content)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto opened = open_for(g, opts->target);
      if (!opened.ok()) return fail(opened.status());
      auto versions = scheme_report_history(*opened->store, opts->target.scheme, opened->quarter);
      if (!versions.ok()) return fail(versions.status());
      if (opts->format == "json") {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& v : *versions) j.push_back(scheme_report_json(v, true));
        std::cout << j.dump(2) << "\n";
      } else {
        print_history(*versions);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_scheme_report_command(CLI::App& app, Globals& g, Runner* run) {
  auto* top = app.add_subcommand(
      "scheme-report",
      "Schemes' quarterly reports and their sign-off by the JCB and the HWB\n"
      "(docs/scheme-reports.md). A report is a draft until submitted; after that it never\n"
      "changes, and new content makes the next version.");
  top->require_subcommand(1);
  add_set_command(top, g, run);
  add_show_command(top, g, run);
  add_list_command(top, g, run);
  add_history_command(top, g, run);
  add_step_command(top, g, run, "submit",
                   "Record that the scheme lead submitted the latest version (it then never "
                   "changes)",
                   false);
  add_step_command(top, g, run, "receive",
                   "Record that a board (the JCB, then the HWB) received the latest version", true);
  add_step_command(top, g, run, "sign-off",
                   "Record that a board (the JCB, then the HWB) signed the latest version off",
                   true);
}

}  // namespace bc::cli
