// bettercare finance
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "cli/cli.h"
#include "finance/position.h"
#include "finance/position_json.h"
#include "present/number_format.h"

namespace bc::cli {

using present::format_k;

void add_finance_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string year;
    int month = 12;
    std::string scheme;
    std::string format = "table";
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "finance",
      "The pooled fund's position at a month: per scheme and partner, budget, YTD budget and\n"
      "spend, the forecast outturn at the previous report and now and the movement, variance\n"
      "and who bears it (docs/finance.md). Tables in £'000, underspends in brackets, as in the\n"
      "board papers.");
  cmd->add_option("--year", opts->year, "Financial year, e.g. 2017/18")->required();
  cmd->add_option("--month", opts->month, "Financial month 1-12 (1 = April)")
      ->capture_default_str();
  cmd->add_option("--scheme", opts->scheme, "One scheme's code");
  cmd->add_option("--format", opts->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto fy = FinancialYear::parse(opts->year);
      if (!fy.ok())
        return fail(Status::invalid_argument(fmt::format("--year {}: {}", opts->year, fy.error())));
      if (opts->month < 1 || opts->month > 12) {
        return fail(Status::invalid_argument(
            fmt::format("--month {}: the month must be 1 to 12 (1 = April)", opts->month)));
      }
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      std::optional<std::string> scheme;
      if (!opts->scheme.empty()) scheme = opts->scheme;
      auto pos = fund_position(**store, *fy, opts->month, scheme);
      if (!pos.ok()) return fail(pos.status());
      for (const auto& w : pos->warnings) std::cerr << "warning: " << w << "\n";

      if (opts->format == "json") {
        nlohmann::json j = fund_position_json(*pos);
        std::cout << j.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      if (opts->format == "csv") {
        // previous_outturn and movement are empty at M1 (no previous report).
        auto plain = [](const std::optional<Money>& m) { return m ? m->to_plain() : ""; };
        std::cout << "scheme,partner,budget,ytd_budget,ytd_actual,outturn,variance,borne_variance,"
                     "previous_outturn,movement\n";
        for (const auto& s : pos->schemes) {
          for (const auto& p : s.partners) {
            std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", s.code, p.partner,
                                     p.budget.to_plain(), p.ytd_budget.to_plain(),
                                     p.ytd_actual.to_plain(), p.outturn.to_plain(),
                                     p.variance.to_plain(), p.borne_variance.to_plain(),
                                     plain(p.previous_outturn), plain(p.movement()));
          }
        }
        return static_cast<int>(kExitOk);
      }
      // The previous report's outturn and the movement since sit beside this
      // month's outturn, as in the board papers; M1 has no previous report.
      const bool previous = pos->month > 1;
      auto line = [previous](const std::string& label, const Position& p,
                             const std::string& borne) {
        std::string out = fmt::format("{:<36}{:>10}{:>10}{:>10}", label, format_k(p.budget),
                                      format_k(p.ytd_budget), format_k(p.ytd_actual));
        if (previous)
          out += fmt::format("{:>10}", p.previous_outturn ? format_k(*p.previous_outturn) : "-");
        out += fmt::format("{:>10}", format_k(p.outturn));
        if (previous) out += fmt::format("{:>10}", p.movement() ? format_k(*p.movement()) : "-");
        out += fmt::format("{:>10}", format_k(p.variance));
        if (!borne.empty()) out += fmt::format("{:>10}", borne);
        return out + "\n";
      };
      std::cout << fmt::format("Better Care pooled fund, {} M{} (£'000; underspends in brackets)\n",
                               pos->year.label(), pos->month);
      if (previous) {
        std::cout << fmt::format(
            "Outturn at M{0} is the previous report's; movement is outturn at M{1} - at M{0}.\n",
            pos->month - 1, pos->month);
        // Two header lines: "outturn" over the previous report's and this month's.
        std::cout << fmt::format("\n{:<66}{:>10}{:>10}\n", "", "outturn", "outturn");
        std::cout << fmt::format("{:<36}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n",
                                 "scheme / partner", "budget", "YTD bud.", "YTD act.",
                                 fmt::format("M{}", pos->month - 1), fmt::format("M{}", pos->month),
                                 "movement", "variance", "borne");
      } else {
        std::cout << fmt::format("\n{:<36}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n",
                                 "scheme / partner", "budget", "YTD bud.", "YTD act.", "outturn",
                                 "variance", "borne");
      }
      for (const auto& s : pos->schemes) {
        std::cout << fmt::format("{} {} (host {}, risk {})\n", s.code, s.name, s.host,
                                 s.risk_share);
        for (const auto& p : s.partners) {
          std::cout << line("  " + p.partner + (p.has_budget ? "" : " (no budget)"), p,
                            format_k(p.borne_variance));
        }
        std::cout << line("  total", s, "");
      }
      const Position& t = pos->totals;
      std::cout << "\n" << line("Total", t, "");
      for (const auto& p : pos->by_partner)
        std::cout << line("  " + p.partner, p, format_k(p.borne_variance));
      if (auto v = t.variance_pct()) {
        std::cout << fmt::format(
            "\n{} of {:.1f}% on a budget of {} ({}).\n",
            t.variance.pence() > 0 ? "Overspend" : "Underspend", std::abs(*v),
            t.budget.format_millions(),
            (t.variance.pence() < 0 ? -t.variance : t.variance).format_millions());
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
