// bettercare finance
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "cli/cli.h"
#include "finance/position.h"
#include "finance/position_json.h"

namespace bc::cli {
namespace {

// £'000 with brackets for negatives, as the board papers print them.
std::string k(Money m) {
  return m.format_thousands(true);
}

}  // namespace

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
      "spend, forecast outturn, variance and who bears it (docs/finance.md). Tables in £'000,\n"
      "underspends in brackets, as in the board papers.");
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
      auto store = open_store(g);
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
        std::cout
            << "scheme,partner,budget,ytd_budget,ytd_actual,outturn,variance,borne_variance\n";
        for (const auto& s : pos->schemes) {
          for (const auto& p : s.partners) {
            std::cout << fmt::format("{},{},{},{},{},{},{},{}\n", s.code, p.partner,
                                     p.budget.to_plain(), p.ytd_budget.to_plain(),
                                     p.ytd_actual.to_plain(), p.outturn.to_plain(),
                                     p.variance.to_plain(), p.borne_variance.to_plain());
          }
        }
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format(
          "Better Care pooled fund, {} M{} (£'000; underspends in brackets)\n\n", pos->year.label(),
          pos->month);
      std::cout << fmt::format("{:<44}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "scheme / partner",
                               "budget", "YTD bud.", "YTD act.", "outturn", "variance", "borne");
      for (const auto& s : pos->schemes) {
        std::cout << fmt::format("{} {} (host {}, risk {})\n", s.code, s.name, s.host,
                                 s.risk_share);
        for (const auto& p : s.partners) {
          std::cout << fmt::format("  {:<42}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n",
                                   p.partner + (p.has_budget ? "" : " (no budget)"), k(p.budget),
                                   k(p.ytd_budget), k(p.ytd_actual), k(p.outturn), k(p.variance),
                                   k(p.borne_variance));
        }
        std::cout << fmt::format("  {:<42}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "total", k(s.budget),
                                 k(s.ytd_budget), k(s.ytd_actual), k(s.outturn), k(s.variance));
      }
      const Position& t = pos->totals;
      std::cout << fmt::format("\n{:<44}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "Total", k(t.budget),
                               k(t.ytd_budget), k(t.ytd_actual), k(t.outturn), k(t.variance));
      for (const auto& p : pos->by_partner) {
        std::cout << fmt::format("  {:<42}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", p.partner,
                                 k(p.budget), k(p.ytd_budget), k(p.ytd_actual), k(p.outturn),
                                 k(p.variance), k(p.borne_variance));
      }
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
