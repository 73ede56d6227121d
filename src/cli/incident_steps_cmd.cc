// bettercare incident's steps (docs/quality.md, "Running an incident"):
// notify, jisg, checklist, flag, move, risk and close, each checked,
// logged in the incident and written to the audit log; and the printing of
// an incident and the people it affects.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "cli/incident_cli.h"
#include "core/nhs_number.h"
#include "core/utf8.h"
#include "present/csv.h"
#include "quality/checklist.h"
#include "quality/incidents.h"

namespace bc::cli {
namespace {

std::optional<std::string> opt_text(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The shape every step shares: an incident id, a date (today when not
// given), the store opened for writing; `step` does the work and returns
// what to print; the audit entry follows.
struct IncidentStepOpts {
  std::string id, date;
};

using IncidentStep = std::function<Result<std::string>(Store&, int64_t, Date)>;

void incident_step_command(CLI::App* cmd, Globals& g, Runner* run,
                           std::shared_ptr<IncidentStepOpts> o, std::string action,
                           IncidentStep step) {
  cmd->add_option("id", o->id, "The incident's id")->required();
  cmd->callback([&g, run, o, action, step] {
    *run = [&g, o, action, step] {
      auto id = incident_id_of(o->id);
      if (!id.ok()) return fail(id.status());
      auto day = date_option_or_today("--date", o->date);
      if (!day.ok()) return fail(day.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto done = step(**store, *id, *day);
      if (!done.ok()) return fail(done.status());
      if (Status s = audit_cli(**store, action, fmt::format("incident {}", *id)); !s.ok())
        return fail(s);
      std::cout << *done << "\n";
      return static_cast<int>(kExitOk);
    };
  });
}

CLI::App* incident_dated(CLI::App* cmd, const std::shared_ptr<IncidentStepOpts>& o) {
  cmd->add_option("--date", o->date, "The day it happened (YYYY-MM-DD); today when not given");
  return cmd;
}

void add_incident_notify(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    std::string party, name, method;
    bool acknowledged = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      incident_dated(parent->add_subcommand(
                         "notify",
                         "Records a notification: who was told, by which means, and whether they "
                         "acknowledged it\n(section 4.3: the council's and CCG's leads by "
                         "telephone, confirmed by email)."),
                     o);
  cmd->add_option("--party", o->party,
                  "scc, ccg, cqc, provider, placing_body, safeguarding or other")
      ->required();
  cmd->add_option("--name", o->name, "Who was told (name and role)")->required();
  cmd->add_option("--method", o->method, "telephone, email, in_person or letter")->required();
  cmd->add_flag("--acknowledged", o->acknowledged, "They acknowledged it");
  incident_step_command(cmd, g, run, o, "incident_notify",
                        [o](Store& s, int64_t id, Date day) -> Result<std::string> {
                          Status st = record_notification(
                              s, id, {0, day.iso(), o->party, o->name, o->method, o->acknowledged},
                              current_user());
                          if (!st.ok()) return st;
                          return fmt::format("incident {}: {} notified", id, o->party);
                        });
}

void add_incident_jisg(CLI::App* parent, Globals& g, Runner* run) {
  auto o = std::make_shared<IncidentStepOpts>();
  auto* cmd = incident_dated(
      parent->add_subcommand("jisg", "Records that the Joint Incident Steering Group first met."),
      o);
  incident_step_command(
      cmd, g, run, o, "incident_jisg", [](Store& s, int64_t id, Date day) -> Result<std::string> {
        Status st = record_jisg_meeting(s, id, day, current_user());
        if (!st.ok()) return st;
        return fmt::format("incident {}: the JISG first met on {}", id, day.iso());
      });
}

void print_incident_checklist(Store& s, int64_t id) {
  auto c = failure_checklist();
  auto i = read_incident(s, id);
  if (!c.ok() || !i.ok()) return;
  for (const ChecklistItem& item : c->items) {
    std::string status = "not_started", who;
    for (const ChecklistProgress& p : i->checklist) {
      if (p.item != item.number) continue;
      status = p.status;
      who = fmt::format("{} {} {}", p.party.value_or(""), p.owner.value_or(""), p.status_date);
    }
    std::cout << fmt::format("{:<5} {:<3} {:<14} {:<30} {}\n", item.number, item.scope, status,
                             printable(who, 30), printable(item.text, 90));
  }
}

void add_incident_checklist(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    std::string item, status, party, owner, note;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = incident_dated(
      parent->add_subcommand(
          "checklist",
          "The management checklist (seed 001 Appendix A): without --item, every item with its\n"
          "scope (All, CH care homes, HC home care) and status; with --item, records its status,\n"
          "who is responsible (scc, ccg or provider) and its owner."),
      o);
  cmd->add_option("--item", o->item, "The item's number, e.g. 2.1");
  cmd->add_option("--status", o->status, "not_started, in_progress, done or not_applicable");
  cmd->add_option("--party", o->party, "scc, ccg or provider");
  cmd->add_option("--owner", o->owner, "The officer (initials or name)");
  cmd->add_option("--note", o->note, "A note");
  incident_step_command(cmd, g, run, o, "incident_checklist",
                        [o](Store& s, int64_t id, Date day) -> Result<std::string> {
                          if (o->item.empty()) {
                            auto i = read_incident(s, id);
                            if (!i.ok()) return i.status();
                            print_incident_checklist(s, id);
                            return std::string();
                          }
                          if (o->status.empty())
                            return Status::invalid_argument("--status is required with --item");
                          Status st =
                              record_checklist(s, id,
                                               {o->item, o->status, opt_text(o->party),
                                                opt_text(o->owner), day.iso(), opt_text(o->note)},
                                               current_user());
                          if (!st.ok()) return st;
                          return fmt::format("incident {}: item {} {}", id, o->item, o->status);
                        });
}

void add_incident_flag(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    std::string nhs, flag, note;
    bool clear = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "flag",
      "Flags an affected person for the team: end_of_life, dols, lasting_power_of_attorney,\n"
      "friendship_group or safeguarding (--clear removes it).");
  cmd->add_option("--nhs-number", o->nhs, "The person's NHS number")->required();
  cmd->add_option("--flag", o->flag, "The flag")->required();
  cmd->add_option("--note", o->note, "A note (e.g. the friendship group's members)");
  cmd->add_flag("--clear", o->clear, "Remove the flag");
  incident_step_command(
      cmd, g, run, o, "incident_flag", [o](Store& s, int64_t id, Date) -> Result<std::string> {
        auto nhs = NhsNumber::parse(o->nhs);
        if (!nhs.ok()) return Status::invalid_argument("--nhs-number: " + nhs.error());
        Status st = record_flag(s, id, {nhs->value(), o->flag, opt_text(o->note)}, !o->clear,
                                current_user());
        if (!st.ok()) return st;
        return fmt::format("incident {}: {} {}", id, o->flag, o->clear ? "cleared" : "set");
      });
}

void add_incident_move(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    std::string placement, step, to, note;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      incident_dated(parent->add_subcommand(
                         "move",
                         "Logs a step of an affected person's move: assessed, options_offered,\n"
                         "choice_made (--to), moved (--to) or stayed."),
                     o);
  cmd->add_option("--placement", o->placement, "The person's placement id")->required();
  cmd->add_option("--step", o->step, "assessed, options_offered, choice_made, moved or stayed")
      ->required();
  cmd->add_option("--to", o->to, "The provider chosen or moved to");
  cmd->add_option("--note", o->note, "A note");
  incident_step_command(
      cmd, g, run, o, "incident_move", [o](Store& s, int64_t id, Date day) -> Result<std::string> {
        Status st = record_move(
            s, id, {0, o->placement, 0, o->step, day.iso(), opt_text(o->to), opt_text(o->note)},
            current_user());
        if (!st.ok()) return st;
        return fmt::format("incident {}: {} {}", id, o->placement, o->step);
      });
}

void add_incident_risk(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    int64_t risk_no = 0;
    int likelihood = 0, impact = 0;
    std::string risk, mitigation, owner, status = "open";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "risk",
      "Adds a risk to the incident's risk log (or, with --risk-no, updates one): the risk,\n"
      "likelihood and impact (1 to 5 each), mitigation, owner and status.");
  cmd->add_option("--risk-no", o->risk_no, "The risk to update");
  cmd->add_option("--risk", o->risk, "The risk")->required();
  cmd->add_option("--likelihood", o->likelihood, "1 (rare) to 5 (almost certain)")->required();
  cmd->add_option("--impact", o->impact, "1 (negligible) to 5 (catastrophic)")->required();
  cmd->add_option("--mitigation", o->mitigation, "What is being done about it");
  cmd->add_option("--owner", o->owner, "Who owns it");
  cmd->add_option("--status", o->status, "open or closed")->capture_default_str();
  incident_step_command(
      cmd, g, run, o, "incident_risk", [o](Store& s, int64_t id, Date) -> Result<std::string> {
        auto no = record_risk(s, id,
                              {o->risk_no, o->risk, o->likelihood, o->impact,
                               opt_text(o->mitigation), opt_text(o->owner), o->status},
                              current_user());
        if (!no.ok()) return no.status();
        return fmt::format("incident {}: risk {}", id, *no);
      });
}

void add_incident_close(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts : IncidentStepOpts {
    std::string lessons;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = incident_dated(
      parent->add_subcommand("close", "Closes the incident with its lessons learned (section 10)."),
      o);
  cmd->add_option("--lessons", o->lessons, "The lessons learned")->required();
  incident_step_command(cmd, g, run, o, "incident_close",
                        [o](Store& s, int64_t id, Date day) -> Result<std::string> {
                          Status st = close_incident(s, id, day, o->lessons, current_user());
                          if (!st.ok()) return st;
                          return fmt::format("incident {}: closed on {}", id, day.iso());
                        });
}

}  // namespace

void add_incident_steps(CLI::App* incident, Globals& g, Runner* run) {
  add_incident_notify(incident, g, run);
  add_incident_jisg(incident, g, run);
  add_incident_checklist(incident, g, run);
  add_incident_flag(incident, g, run);
  add_incident_move(incident, g, run);
  add_incident_risk(incident, g, run);
  add_incident_close(incident, g, run);
}

void print_incident(const nlohmann::ordered_json& i) {
  auto text = [](const nlohmann::ordered_json& v) {
    return v.is_null() ? std::string("-") : v.is_string() ? v.get<std::string>() : v.dump();
  };
  std::cout << fmt::format("Incident {}: {} {} ({})\n", i["incident_id"].get<int64_t>(),
                           text(i["provider_code"]), text(i["provider_name"]), text(i["trigger"]));
  std::cout << fmt::format("Incident date {}; notified {}; {}\n", text(i["incident_date"]),
                           text(i["notified_date"]), text(i["status"]));
  std::cout << fmt::format(
      "JISG: first meeting due by {} ({}{})\n", text(i["jisg_due"]), text(i["jisg_state"]),
      i["jisg_met_date"].is_null() ? "" : ", held " + text(i["jisg_met_date"]));
  const auto& a = i["affected"];
  std::cout << fmt::format("Affected: {} ({} moved, {} stayed)\n", a["total"].get<int64_t>(),
                           a["moved"].get<int64_t>(), a["stayed"].get<int64_t>());
  for (const auto& [r, n] : a["by_responsible"].items())
    std::cout << fmt::format("  {:<26} {}\n", r, n.get<int64_t>());
  const auto& c = i["checklist"];
  std::cout << fmt::format("Checklist: {} of {} items done, {} in progress, {} not applicable\n",
                           c["done"].get<int>(), c["applicable"].get<int>(),
                           c["in_progress"].get<int>(), c["not_applicable"].get<int>());
  for (const auto& n : i["notifications"])
    std::cout << fmt::format("Notified {} {} ({}) by {}{}\n", text(n["notified_date"]),
                             text(n["name"]), text(n["party"]), text(n["method"]),
                             n["acknowledged"].get<bool>() ? ", acknowledged" : "");
  for (const auto& r : i["risks"])
    std::cout << fmt::format("Risk {} [{}] score {}: {}\n", r["risk_no"].get<int64_t>(),
                             text(r["status"]), r["score"].get<int>(), text(r["risk"]));
  std::cout << "Log:\n";
  for (const auto& e : i["log"])
    std::cout << fmt::format("  {} {:<12} {:<10} {}\n", text(e["at"]), text(e["actor"]),
                             text(e["step"]), text(e["detail"]));
}

void print_affected(const std::vector<AffectedPerson>& people, const std::string& format) {
  if (format == "json") {
    std::cout << affected_people_json(people).dump(2) << "\n";
    return;
  }
  if (format == "csv") {
    std::cout << present::csv_line({"nhs_number", "placement_id", "funder", "placing_body",
                                    "responsible", "start_date", "age", "efi_category",
                                    "emergency_admissions_12m", "care_plan", "flags", "move_status",
                                    "move_date", "move_to"});
    for (const AffectedPerson& p : people) {
      const PlacementRecord& pl = p.placement;
      std::cout << present::csv_line(
          {std::to_string(pl.nhs_number), pl.placement_id, pl.funder, pl.placing_body.value_or(""),
           p.responsible, pl.start_date, p.age ? std::to_string(*p.age) : "", p.efi_category,
           std::to_string(p.emergency_admissions_12m), p.care_plan.value_or(""),
           fmt::format("{}", fmt::join(p.flags, ";")), p.move_status, p.move_date.value_or(""),
           p.move_to.value_or("")});
    }
    return;
  }
  std::string group;
  for (const AffectedPerson& p : people) {
    if (p.responsible != group) {
      group = p.responsible;
      std::cout << "\n" << group << "\n";
    }
    const PlacementRecord& pl = p.placement;
    std::cout << fmt::format("  {} {:<10} {:<8} age {:<4} eFI {:<9} {:<14} {}\n", pl.nhs_number,
                             pl.placement_id, pl.funder, p.age ? std::to_string(*p.age) : "-",
                             p.efi_category.empty() ? "-" : p.efi_category, p.move_status,
                             fmt::join(p.flags, ", "));
  }
  if (people.empty()) std::cout << "No one is affected: no placement was in force on the date.\n";
}

}  // namespace bc::cli
