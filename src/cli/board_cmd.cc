// bettercare board quorum | actions | notice, and bettercare calendar
// (docs/cli.md, docs/governance.md)
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "cli/report_context.h"
#include "core/fiscal.h"
#include "core/utf8.h"
#include "engine/snapshot.h"
#include "governance/board_config.h"
#include "governance/calendar.h"
#include "governance/notice.h"
#include "governance/quorum.h"
#include "governance/register.h"
#include "governance/tracker.h"
#include "present/csv.h"
#include "report/board_pack.h"
#include "report/pdf.h"

namespace bc::cli {
namespace {

namespace fs = std::filesystem;

// The board named by --board, from config/boards.toml.
Result<const BoardDef*> board_option(const std::string& id) {
  const BoardsConfig& boards = BoardsConfig::builtin();
  if (const BoardDef* b = boards.find(id)) return b;
  return Status::invalid_argument(
      fmt::format("--board {}: no such board; the boards are {} "
                  "(config/boards.toml)",
                  printable(id, 40), fmt::join(boards.ids(), ", ")));
}

nlohmann::json opt_json(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

nlohmann::json opt_json(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->iso()) : nlohmann::json(nullptr);
}

void add_quorum(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string board, meeting, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "quorum",
      "Whether a meeting was quorate, as a whole and for each agenda item, by the board's rule\n"
      "(config/boards.toml): voting members present by partner, deputies counted for the\n"
      "member they stand in for, and members with a prejudicial interest in an item not\n"
      "counted for it.");
  cmd->add_option("--board", o->board, "The board (its id in config/boards.toml)")->required();
  cmd->add_option("--meeting", o->meeting, "The meeting's date (YYYY-MM-DD)")->required();
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto board = board_option(o->board);
      if (!board.ok()) return fail(board.status());
      auto day = parse_date_option("--meeting", o->meeting);
      if (!day.ok()) return fail(day.status());
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto q = meeting_quorum(**store, **board, day->iso());
      if (!q.ok()) return fail(q.status());
      if (o->format == "json") {
        nlohmann::json items = nlohmann::json::array();
        for (const ItemQuorum& i : q->items) {
          items.push_back({{"item", i.item}, {"quorate", i.quorate}, {"reason", i.reason}});
        }
        nlohmann::json out = {{"board", (*board)->id},
                              {"meeting", day->iso()},
                              {"rule", describe((*board)->quorum, (*board)->partners)},
                              {"quorate", q->quorate},
                              {"reason", q->reason},
                              {"members_present", q->members_present},
                              {"present", q->present},
                              {"items", items}};
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("{} meeting of {}: {} ({})\nRule: {}\n\n", (*board)->name,
                               day->iso(), q->quorate ? "quorate" : "INQUORATE", q->reason,
                               describe((*board)->quorum, (*board)->partners));
      for (const ItemQuorum& i : q->items) {
        std::cout << fmt::format("item {:<6} {:<10} {}\n", i.item,
                                 i.quorate ? "quorate" : "INQUORATE", i.reason);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_actions(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string board, at, format = "table";
    bool overdue = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "actions",
      "The board's action tracker as at a date: every action set at a meeting on or before\n"
      "it, with `overdue` (open or unconfirmed, and its deadline before the date).");
  cmd->add_option("--board", o->board, "The board (its id in config/boards.toml)")->required();
  cmd->add_option("--at", o->at, "The date (YYYY-MM-DD); today when not given");
  cmd->add_flag("--overdue", o->overdue, "Only the overdue actions");
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto board = board_option(o->board);
      if (!board.ok()) return fail(board.status());
      auto when = date_option_or_today("--at", o->at);
      if (!when.ok()) return fail(when.status());
      const Date at = *when;
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto actions = actions_as_at(**store, (*board)->id, at, o->overdue);
      if (!actions.ok()) return fail(actions.status());
      if (o->format == "csv") {
        std::cout << present::csv_line({"action_id", "board", "meeting_date", "item", "subject",
                                        "action", "lead", "deadline", "progress", "status",
                                        "overdue"});
        for (const TrackedAction& t : *actions) {
          const ActionRecord& a = t.action;
          std::cout << present::csv_line(
              {a.action_id, a.board, a.meeting_date, a.item.value_or(""), a.subject, a.action,
               a.lead, a.deadline, a.progress.value_or(""), a.status, t.overdue ? "Y" : "N"});
        }
        return static_cast<int>(kExitOk);
      }
      if (o->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const TrackedAction& t : *actions) {
          const ActionRecord& a = t.action;
          out.push_back({{"action_id", a.action_id},
                         {"board", a.board},
                         {"meeting_date", a.meeting_date},
                         {"item", opt_json(a.item)},
                         {"subject", a.subject},
                         {"action", a.action},
                         {"lead", a.lead},
                         {"deadline", a.deadline},
                         {"progress", opt_json(a.progress)},
                         {"status", a.status},
                         {"overdue", t.overdue}});
        }
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      int overdue = 0;
      for (const TrackedAction& t : *actions) overdue += t.overdue ? 1 : 0;
      std::cout << fmt::format("{} action tracker as at {}: {} actions, {} overdue\n\n",
                               (*board)->name, at.iso(), actions->size(), overdue);
      for (const TrackedAction& t : *actions) {
        const ActionRecord& a = t.action;
        std::cout << fmt::format(
            "{:<10} {} item {:<4} {:<12} due {} {:<12}{} {}\n", printable(a.action_id, 10),
            a.meeting_date, printable(a.item.value_or("-"), 4), printable(a.lead, 12), a.deadline,
            a.status, t.overdue ? " OVERDUE" : "", printable(a.action, 60));
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_notice(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string board, meeting, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "notice",
      "Whether each paper of a meeting went out in time (the board's clear working days,\n"
      "England's bank holidays excluded) and each key decision and Part 2 item was on the\n"
      "forward plan early enough, with the latest compliant dates. Before the meeting, what\n"
      "is still to be done and by when.");
  cmd->add_option("--board", o->board, "The board (its id in config/boards.toml)")->required();
  cmd->add_option("--meeting", o->meeting, "The meeting's date (YYYY-MM-DD)")->required();
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto board = board_option(o->board);
      if (!board.ok()) return fail(board.status());
      auto day = parse_date_option("--meeting", o->meeting);
      if (!day.ok()) return fail(day.status());
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto n =
          meeting_notice(**store, **board, WorkingCalendar::england(), *day, Date::today_utc());
      if (!n.ok()) return fail(n.status());
      if (o->format == "json") {
        nlohmann::json items = nlohmann::json::array();
        for (const ItemNotice& i : n->items) {
          items.push_back({{"item", i.item},
                           {"title", i.title},
                           {"key_decision", i.key_decision},
                           {"part2", i.part2},
                           {"published_date", opt_json(i.published)},
                           {"latest_publication", i.latest_publication.iso()},
                           {"late_paper", i.late_paper},
                           {"forward_plan_date", opt_json(i.forward_plan)},
                           {"latest_notice", opt_json(i.latest_notice)},
                           {"late_notice", i.late_notice},
                           {"warnings", i.warnings}});
        }
        nlohmann::json out = {{"board", (*board)->id},
                              {"meeting", day->iso()},
                              {"compliant", n->compliant},
                              {"items", items}};
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("{} meeting of {}: notice {}\n\n", (*board)->name, day->iso(),
                               n->compliant ? "given" : "NOT given for every item");
      for (const ItemNotice& i : n->items) {
        std::cout << fmt::format("item {:<6} {}\n", i.item, printable(i.title, 70));
        for (const std::string& w : i.warnings) std::cout << "    " << w << "\n";
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_interests(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string board, year, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "interests",
      "The board's annual register of interests for a financial year: each voting member\n"
      "and deputy in post in the year, the interests they registered (interests.csv), the\n"
      "declarations they made at its meetings, and who has not made the year's declaration.");
  cmd->add_option("--board", o->board, "The board (its id in config/boards.toml)")->required();
  cmd->add_option("--year", o->year, "The financial year, e.g. 2018/19")->required();
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto board = board_option(o->board);
      if (!board.ok()) return fail(board.status());
      auto year = FinancialYear::parse(o->year);
      if (!year.ok()) {
        return fail(Status::invalid_argument(
            fmt::format("--year {}: {}", printable(o->year, 20), year.error())));
      }
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto reg = register_of_interests(**store, **board, *year);
      if (!reg.ok()) return fail(reg.status());
      if (o->format == "csv") {
        std::cout << present::csv_line({"member_id", "name", "partner_code", "role", "kind",
                                        "category", "interest", "date", "item", "prejudicial"});
        for (const MemberInterests& m : *reg) {
          const BoardMemberRecord& b = m.member;
          if (!m.made_annual_declaration) {
            std::cout << present::csv_line(
                {b.member_id, b.name, b.partner_code, b.role, "not_declared", "", "", "", "", ""});
          }
          for (const InterestRecord& e : m.registered) {
            std::cout << present::csv_line({b.member_id, b.name, b.partner_code, b.role, "register",
                                            e.category, e.interest, e.declared_date, "", ""});
          }
          for (const DeclarationRecord& d : m.declared) {
            std::cout << present::csv_line({b.member_id, b.name, b.partner_code, b.role, "meeting",
                                            "", d.interest, d.meeting_date, d.item,
                                            d.prejudicial ? "Y" : "N"});
          }
        }
        return static_cast<int>(kExitOk);
      }
      if (o->format == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const MemberInterests& m : *reg) {
          nlohmann::ordered_json registered = nlohmann::ordered_json::array();
          for (const InterestRecord& e : m.registered) {
            registered.push_back({{"interest_id", e.interest_id},
                                  {"category", e.category},
                                  {"interest", e.interest},
                                  {"declared_date", e.declared_date}});
          }
          nlohmann::ordered_json declared = nlohmann::ordered_json::array();
          for (const DeclarationRecord& d : m.declared) {
            declared.push_back({{"meeting_date", d.meeting_date},
                                {"item", d.item},
                                {"interest", d.interest},
                                {"prejudicial", d.prejudicial}});
          }
          out.push_back({{"member_id", m.member.member_id},
                         {"name", m.member.name},
                         {"partner_code", m.member.partner_code},
                         {"role", m.member.role},
                         {"made_annual_declaration", m.made_annual_declaration},
                         {"registered", registered},
                         {"declared_at_meetings", declared}});
        }
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      int missing = 0;
      for (const MemberInterests& m : *reg) missing += m.made_annual_declaration ? 0 : 1;
      std::cout << fmt::format(
          "{} register of interests, {}: {} members, {} without the year's "
          "declaration\n\n",
          (*board)->name, year->label(), reg->size(), missing);
      for (const MemberInterests& m : *reg) {
        std::cout << fmt::format("{} ({}, {}){}\n", printable(m.member.name, 60),
                                 m.member.partner_code, m.member.role,
                                 m.made_annual_declaration ? "" : ": NO DECLARATION FOR THE YEAR");
        for (const InterestRecord& e : m.registered) {
          std::cout << fmt::format("    {} {}: {}\n", e.declared_date, e.category,
                                   printable(e.interest, 90));
        }
        for (const DeclarationRecord& d : m.declared) {
          std::cout << fmt::format("    meeting {} item {}: {}{}\n", d.meeting_date, d.item,
                                   printable(d.interest, 80),
                                   d.prejudicial ? " (prejudicial)" : "");
        }
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_pack(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string board, meeting, out, pdf, period, area, commentary;
    bool unsuppressed = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "pack",
      "The board pack for a meeting, one self-contained HTML document (and a PDF): the\n"
      "agenda with notice warnings, each paper's front sheet, the previous minutes and the\n"
      "action tracker, the performance report and finance schedule as at the latest month\n"
      "before the meeting, and the scheme reports awaiting the board. Printed to PDF, the\n"
      "agenda gives each item's pages and every page is numbered.");
  cmd->add_option("--board", o->board, "The board (its id in config/boards.toml)")->required();
  cmd->add_option("--meeting", o->meeting, "The meeting's date (YYYY-MM-DD)")->required();
  cmd->add_option("--out", o->out, "Write the HTML document here")->required();
  cmd->add_option("--pdf", o->pdf,
                  "Also print it to this PDF, with the agenda's pages (needs Chromium and "
                  "poppler-utils)");
  cmd->add_option("--period", o->period,
                  "The month the performance report and finance are as at (2017/18:M12); "
                  "default: the last month with activity before the meeting");
  cmd->add_option("--area", o->area, "The area's name for the title, e.g. \"Southampton City\"");
  cmd->add_option("--commentary", o->commentary,
                  "A TOML file of commentary for the performance report (docs/reports.md)");
  cmd->add_flag("--unsuppressed", o->unsuppressed,
                "Show counts of 1 to 7 people (not for publication; the document says so)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto board = board_option(o->board);
      if (!board.ok()) return fail(board.status());
      auto day = parse_date_option("--meeting", o->meeting);
      if (!day.ok()) return fail(day.status());
      if (Status s = check_output_paths(o->out, o->pdf); !s.ok()) return fail(s);
      std::optional<Period> at;
      if (!o->period.empty()) {
        auto p = Period::parse_month_end(o->period);
        if (!p.ok()) return fail(p.status());
        at = *p;
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto snap = store_snapshot(**store);
      if (!snap.ok()) return fail(snap.status());
      auto ctx = make_report_context(**store, **snap, o->area, o->commentary, o->unsuppressed);
      if (!ctx.ok()) return fail(ctx.status());
      report::BoardPackRequest request;
      request.board = *board;
      request.meeting = *day;
      request.at = at ? at : report::board_pack_month(**snap, *day);
      if (o->pdf.empty()) {
        auto pack = report::board_pack_html(*ctx, request);
        if (!pack.ok()) return fail(pack.status());
        if (Status s = report::write_file_atomically(o->out, pack->html); !s.ok()) return fail(s);
      } else {
        Status s =
            report::board_pack_pdf(*ctx, request, o->out, o->pdf,
                                   [](const std::string& line) { show_progress(line, false); });
        show_progress(s.ok() ? "printed the pack" : "the pack could not be printed", true);
        if (!s.ok()) return fail(s);
      }
      std::error_code ec;
      std::cout << fmt::format("wrote {} ({} KiB)\n", o->out, fs::file_size(o->out, ec) / 1024);
      if (!o->pdf.empty()) {
        std::cout << fmt::format("wrote {} ({} KiB)\n", o->pdf, fs::file_size(o->pdf, ec) / 1024);
      }
      if (Status s = audit_cli(**store, "export_report",
                               fmt::format("board pack {} {}{} -> {}", (*board)->id, day->iso(),
                                           o->unsuppressed ? " (unsuppressed)" : "", o->out));
          !s.ok())
        return fail(s);
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_board_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "board",
      "The boards' business: quorum, the action tracker, notice checks and the board pack\n"
      "(docs/governance.md). The boards and their rules are in config/boards.toml.");
  cmd->require_subcommand(1);
  add_quorum(cmd, g, run);
  add_actions(cmd, g, run);
  add_notice(cmd, g, run);
  add_pack(cmd, g, run);
  add_interests(cmd, g, run);
}

}  // namespace bc::cli

namespace bc::cli {
namespace {

std::string_view weekday_name(Date d) {
  static constexpr std::string_view kNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                "Friday", "Saturday", "Sunday"};
  return kNames[d.weekday() - 1];
}

}  // namespace

void add_calendar_command(CLI::App& app, Globals&, Runner* run) {
  struct Opts {
    int year = 0, clear = -1, days = -1;
    std::string before, after, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "calendar",
      "England's working-day calendar: weekends and England and Wales bank holidays, by\n"
      "rule for any year from 1978 to 2199 with the one-off changes of\n"
      "config/reference/bank_holiday_changes.csv. One of:\n"
      "  --year Y                             the year's bank holidays\n"
      "  --working-days-before DATE --clear N  the latest publication date giving N clear\n"
      "                                        working days before DATE\n"
      "  --working-days-after DATE --days N    the Nth working day after DATE");
  auto* year = cmd->add_option("--year", o->year, "A year: list its bank holidays");
  auto* before = cmd->add_option("--working-days-before", o->before,
                                 "A meeting's date (YYYY-MM-DD), with --clear");
  auto* after =
      cmd->add_option("--working-days-after", o->after, "A date (YYYY-MM-DD), with --days");
  auto* clear = cmd->add_option("--clear", o->clear, "Clear working days (0 to 366)")
                    ->check(CLI::Range(0, 366));
  auto* days =
      cmd->add_option("--days", o->days, "Working days (0 to 3660)")->check(CLI::Range(0, 3660));
  year->excludes(before)->excludes(after)->excludes(clear)->excludes(days);
  before->excludes(after)->excludes(days)->needs(clear);
  after->excludes(clear)->needs(days);
  clear->needs(before);
  days->needs(after);
  cmd->add_option("--format", o->format, "table or json (with --year)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([run, o, year, before, after] {
    *run = [o, year, before, after] {
      const WorkingCalendar& cal = WorkingCalendar::england();
      if (before->count() > 0 || after->count() > 0) {
        const bool is_before = before->count() > 0;
        auto d = parse_date_option(is_before ? "--working-days-before" : "--working-days-after",
                                   is_before ? o->before : o->after);
        if (!d.ok()) return fail(d.status());
        const Date out =
            is_before ? cal.latest_publication(*d, o->clear) : cal.working_days_after(*d, o->days);
        std::cout << out.iso() << "\n";
        return static_cast<int>(kExitOk);
      }
      if (year->count() == 0) {
        return fail(Status::invalid_argument(
            "give --year, --working-days-before with --clear, or --working-days-after with "
            "--days"));
      }
      auto holidays = cal.bank_holidays(o->year);
      if (!holidays.ok()) {
        return fail(
            Status::invalid_argument(fmt::format("--year {}: {}", o->year, holidays.error())));
      }
      if (o->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const BankHoliday& h : *holidays) {
          nlohmann::json j = {{"date", h.date.iso()}, {"name", h.name}};
          if (h.substitute) j["substitute"] = true;
          out.push_back(std::move(j));
        }
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("England and Wales bank holidays, {}\n\n", o->year);
      for (const BankHoliday& h : *holidays) {
        std::cout << fmt::format("{}  {:<9} {}{}\n", h.date.iso(), weekday_name(h.date), h.name,
                                 h.substitute ? " (substitute day)" : "");
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
