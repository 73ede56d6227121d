// bettercare spa open | times | refer | triage | contact (docs/cli.md,
// docs/care-plans.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "care/care_config.h"
#include "care/spa.h"
#include "cli/care_inputs.h"
#include "cli/cli.h"
#include "core/nhs_number.h"
#include "core/utf8.h"
#include "present/csv.h"

namespace bc::cli {
namespace {

std::optional<std::string> cluster_or_none(const std::string& c) {
  return c.empty() ? std::nullopt : std::optional<std::string>(c);
}

std::string hours(const std::optional<double>& h) {
  return h ? fmt::format("{:.1f}", *h) : std::string("-");
}

void add_open(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string at, cluster, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "open",
      "Referrals to the single point of access still open at the end of a date (received,\n"
      "not yet triaged), oldest first. Identifiable: audited (view_spa_referrals).");
  cmd->add_option("--at", o->at, "The date (YYYY-MM-DD)")->required();
  cmd->add_option("--cluster", o->cluster, "Only people registered in this cluster");
  cmd->add_option("--format", o->format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto at = parse_date_option("--at", o->at);
      if (!at.ok()) return fail(at.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "view_spa_referrals",
                               fmt::format("open at {} {}", at->iso(), printable(o->cluster, 40)));
          !s.ok())
        return fail(s);
      auto open = spa_open(**store, *at, cluster_or_none(o->cluster));
      if (!open.ok()) return fail(open.status());
      if (o->format == "csv") {
        std::cout << present::csv_line(
            {"referral_id", "nhs_number", "received", "source", "urgency", "reason"});
        for (const auto& r : *open) {
          std::cout << present::csv_line({r.referral_id, std::to_string(r.nhs_number), r.received,
                                          r.source, r.urgency, r.reason});
        }
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("{} referrals open at the end of {}\n\n", open->size(), at->iso());
      for (const auto& r : *open) {
        std::cout << fmt::format("{:<24}{:<12}{:<21}{:<12}{:<8}{}\n", r.referral_id, r.nhs_number,
                                 r.received, r.source, r.urgency, printable(r.reason, 60));
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_times(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string from, to, cluster, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "times",
      "The single point of access against its response standards (config/care.toml), for\n"
      "referrals received from --from to --to, by urgency: received, triaged and within\n"
      "standard, sent to a service, contacted and within standard, still open, and the\n"
      "median hours. Counts only: not audited.");
  cmd->add_option("--from", o->from, "The first day (YYYY-MM-DD)")->required();
  cmd->add_option("--to", o->to, "The last day (YYYY-MM-DD)")->required();
  cmd->add_option("--cluster", o->cluster, "Only people registered in this cluster");
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto from = parse_date_option("--from", o->from);
      if (!from.ok()) return fail(from.status());
      auto to = parse_date_option("--to", o->to);
      if (!to.ok()) return fail(to.status());
      if (*to < *from) return fail(Status::invalid_argument("--to is before --from"));
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto rows =
          spa_summary(**store, CareConfig::builtin(), *from, *to, cluster_or_none(o->cluster));
      if (!rows.ok()) return fail(rows.status());
      if (o->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& r : *rows) {
          auto med = [](const std::optional<double>& h) {
            return h ? nlohmann::json(*h) : nlohmann::json(nullptr);
          };
          out.push_back({{"urgency", r.urgency},
                         {"received", r.received},
                         {"triaged", r.triaged},
                         {"triaged_within_standard", r.triaged_within},
                         {"triage_standard_hours", r.triage_standard_hours},
                         {"median_hours_to_triage", med(r.median_hours_to_triage)},
                         {"sent_to_a_service", r.sent},
                         {"contacted", r.contacted},
                         {"contacted_within_standard", r.contacted_within},
                         {"first_contact_standard_hours", r.contact_standard_hours},
                         {"median_hours_to_first_contact", med(r.median_hours_to_contact)},
                         {"open", r.open}});
        }
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("Single point of access, {} to {}{}\n\n", from->iso(), to->iso(),
                               o->cluster.empty() ? "" : ", cluster " + o->cluster);
      for (const auto& r : *rows) {
        std::cout << fmt::format(
            "{}: {} received; {} triaged, {} within {} hours (median {}); {} sent to a service, "
            "{} contacted, {} within {} hours (median {}); {} still open\n",
            r.urgency, r.received, r.triaged, r.triaged_within, r.triage_standard_hours,
            hours(r.median_hours_to_triage), r.sent, r.contacted, r.contacted_within,
            r.contact_standard_hours, hours(r.median_hours_to_contact), r.open);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_writes(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs, received, source, urgency, reason, id, at, outcome, declined;
  };
  auto o = std::make_shared<Opts>();
  auto* refer =
      parent->add_subcommand("refer", "Record a referral received. Audited (write_spa_referral).");
  refer->add_option("--nhs", o->nhs, "The person's NHS number")->required();
  refer->add_option("--received", o->received, "When (YYYY-MM-DDTHH:MM)")->required();
  refer->add_option("--source", o->source, "gp, hospital, social_care, self, ambulance or other")
      ->required();
  refer->add_option("--urgency", o->urgency, "urgent or routine")->required();
  refer->add_option("--reason", o->reason, "Why, in the referrer's words")->required();
  refer->callback([&g, run, o] {
    *run = [&g, o] {
      auto nhs = NhsNumber::parse(o->nhs);
      if (!nhs.ok()) {
        return fail(Status::invalid_argument(
            fmt::format("--nhs {}: {}", printable(o->nhs, 40), nhs.error())));
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "write_spa_referral", nhs->digits() + " refer"); !s.ok())
        return fail(s);
      return report_write(spa_refer(**store, {current_user(), nullptr}, nhs->value(), o->received,
                                    o->source, o->urgency, o->reason),
                          "Referral recorded", "referral");
    };
  });
  auto* triage = parent->add_subcommand(
      "triage", "Record a referral's triage: when, and the outcome. Audited (write_spa_referral).");
  triage->add_option("--referral", o->id, "The referral's id")->required();
  triage->add_option("--at", o->at, "When it was triaged (YYYY-MM-DDTHH:MM)")->required();
  triage
      ->add_option("--outcome", o->outcome,
                   "advice, community_team, reablement, rapid_response, signposted or declined")
      ->required();
  triage->add_option("--declined-reason", o->declined, "Why, when declined");
  triage->callback([&g, run, o] {
    *run = [&g, o] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "write_spa_referral", printable(o->id, 64) + " triage");
          !s.ok())
        return fail(s);
      return report_write(
          spa_triage(**store, {current_user(), nullptr}, o->id, o->at, o->outcome, o->declined),
          "Triage recorded", "referral");
    };
  });
  auto* contact = parent->add_subcommand(
      "contact",
      "Record the first contact with the person referred. Audited (write_spa_referral).");
  contact->add_option("--referral", o->id, "The referral's id")->required();
  contact->add_option("--at", o->at, "When (YYYY-MM-DDTHH:MM)")->required();
  contact->callback([&g, run, o] {
    *run = [&g, o] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "write_spa_referral", printable(o->id, 64) + " contact");
          !s.ok())
        return fail(s);
      return report_write(spa_contact(**store, {current_user(), nullptr}, o->id, o->at),
                          "First contact recorded", "referral");
    };
  });
}

}  // namespace

void add_spa_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "spa",
      "The single point of access: open referrals, times against the response standards,\n"
      "and recording referrals, triage and first contact (docs/care-plans.md).");
  cmd->require_subcommand(1);
  add_open(cmd, g, run);
  add_times(cmd, g, run);
  add_writes(cmd, g, run);
}

}  // namespace bc::cli
