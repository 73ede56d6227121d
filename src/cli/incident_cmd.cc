// bettercare incident: the provider failure procedure (docs/quality.md,
// "Running an incident"): open, list, show and affected here; the steps
// (notify, jisg, checklist, flag, move, risk, close) in
// incident_steps_cmd.cc.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli.h"
#include "cli/incident_cli.h"
#include "cli/report_context.h"
#include "core/utf8.h"
#include "ingest/quality_records.h"
#include "present/csv.h"
#include "quality/failure.h"
#include "report/incident_people.h"
#include "report/incident_report.h"
#include "report/pdf.h"

namespace bc::cli {

using IncidentJson = nlohmann::ordered_json;

Result<int64_t> incident_id_of(const std::string& text) {
  int64_t id = 0;
  bool ok = !text.empty() && text.size() <= 12;
  for (char c : text) ok = ok && c >= '0' && c <= '9';
  if (ok) id = std::stoll(text);
  if (!ok || id < 1)
    return Status::invalid_argument(
        fmt::format("'{}' is not an incident id (a number: bettercare incident list shows them)",
                    printable(text, 20)));
  return id;
}

namespace {

IncidentJson incident_opt(const std::optional<std::string>& s) {
  return s ? IncidentJson(*s) : IncidentJson(nullptr);
}

IncidentJson incident_json(Store& store, const Incident& i) {
  const Date due = jisg_due(*Date::parse(i.notified_date));
  std::optional<Date> met;
  if (i.jisg_met_date) met = *Date::parse(*i.jisg_met_date);
  auto provider = find_care_provider(store, i.provider_code);
  const std::string type = provider.ok() && *provider ? (*provider)->type : "";
  IncidentJson out = {{"incident_id", i.id},
                      {"provider_code", i.provider_code},
                      {"provider_name", provider.ok() && *provider ? IncidentJson((*provider)->name)
                                                                   : IncidentJson()},
                      {"provider_type", type},
                      {"trigger", i.trigger},
                      {"incident_date", i.incident_date},
                      {"notified_date", i.notified_date},
                      {"jisg_due", due.iso()},
                      {"jisg_met_date", incident_opt(i.jisg_met_date)},
                      {"jisg_state", jisg_state(due, met, Date::today_utc())},
                      {"summary", incident_opt(i.summary)},
                      {"opened_by", i.opened_by},
                      {"opened_at", i.opened_at},
                      {"status", i.closed() ? "closed" : "open"},
                      {"closed_date", incident_opt(i.closed_date)},
                      {"lessons", incident_opt(i.lessons)}};
  return out;
}

void add_incident_open(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string provider, date, notified, trigger, summary;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "open",
      "Opens an incident for a care home or home care agency and prints its id. Everyone\n"
      "with a placement there in force on --date is affected; the Joint Incident Steering\n"
      "Group must first meet within 3 working days of the notification.");
  cmd->add_option("--provider", o->provider, "The provider's code (e.g. VND04)")->required();
  cmd->add_option("--date", o->date, "The incident's date (YYYY-MM-DD)")->required();
  cmd->add_option("--trigger", o->trigger,
                  "cqc_action, decommissioning, provider_notice, insolvency or safeguarding")
      ->required()
      ->check(CLI::IsMember(
          {"cqc_action", "decommissioning", "provider_notice", "insolvency", "safeguarding"}));
  cmd->add_option("--notified", o->notified,
                  "When the council's and CCG's leads were notified (YYYY-MM-DD); --date when "
                  "not given");
  cmd->add_option("--summary", o->summary, "What happened, in a sentence or two");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto day = parse_date_option("--date", o->date);
      if (!day.ok()) return fail(day.status());
      auto notified = o->notified.empty() ? day : parse_date_option("--notified", o->notified);
      if (!notified.ok()) return fail(notified.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto id = open_incident(**store, {o->provider, o->trigger, *day, *notified, o->summary},
                              current_user());
      if (!id.ok()) return fail(id.status());
      if (Status s = audit_cli(**store, "incident_open", fmt::format("incident {}", *id)); !s.ok())
        return fail(s);
      std::cout << *id << "\n";
      std::cerr << fmt::format("bettercare: incident {} opened; the JISG must first meet by {}\n",
                               *id, jisg_due(*notified).iso());
      return static_cast<int>(kExitOk);
    };
  });
}

void add_incident_list(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand("list", "Every incident, newest first.");
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto all = list_incidents(**store);
      if (!all.ok()) return fail(all.status());
      IncidentJson out = IncidentJson::array();
      for (const Incident& i : *all) {
        IncidentJson j = incident_json(**store, i);
        if (o->format == "json") {
          out.push_back(j);
          continue;
        }
        std::cout << fmt::format("{:>4}  {:<7} {:<16} {}  {:<6}  JISG by {} ({})\n", i.id,
                                 i.provider_code, i.trigger, i.incident_date,
                                 i.closed() ? "closed" : "open", j["jisg_due"].get<std::string>(),
                                 j["jisg_state"].get<std::string>());
      }
      if (o->format == "json") std::cout << out.dump(2) << "\n";
      if (o->format == "table" && all->empty()) std::cout << "No incidents.\n";
      return static_cast<int>(kExitOk);
    };
  });
}

void add_incident_show(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string id, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "show",
      "An incident: its provider, trigger and dates, the JISG deadline until it is met, how\n"
      "many are affected by responsible agency and how many have moved, the checklist's\n"
      "progress, notifications, risks and the log of every step. No one is named: `affected`\n"
      "lists the people.");
  cmd->add_option("id", o->id, "The incident's id")->required();
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto id = incident_id_of(o->id);
      if (!id.ok()) return fail(id.status());
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto i = read_incident(**store, *id);
      if (!i.ok()) return fail(i.status());
      auto people = affected_people(**store, *i);
      if (!people.ok()) return fail(people.status());
      IncidentJson out = incident_json(**store, *i);
      const AffectedCounts counts = count_affected(*people);
      IncidentJson by = IncidentJson::object();
      for (const auto& [r, n] : counts.by_responsible) by[r] = n;
      out["affected"] = {{"total", counts.total},
                         {"moved", counts.moved},
                         {"stayed", counts.stayed},
                         {"by_responsible", by}};
      const ChecklistTally t =
          tally_checklist(out["provider_type"].get<std::string>(), i->checklist);
      out["checklist"] = {{"applicable", t.applicable},
                          {"done", t.done},
                          {"in_progress", t.in_progress},
                          {"not_applicable", t.not_applicable},
                          {"not_started", t.not_started}};
      IncidentJson notes = IncidentJson::array();
      for (const IncidentNotification& n : i->notifications)
        notes.push_back({{"notified_date", n.notified_date},
                         {"party", n.party},
                         {"name", n.name},
                         {"method", n.method},
                         {"acknowledged", n.acknowledged}});
      out["notifications"] = notes;
      IncidentJson risks = IncidentJson::array();
      for (const IncidentRisk& r : i->risks)
        risks.push_back({{"risk_no", r.risk_no},
                         {"risk", r.risk},
                         {"likelihood", r.likelihood},
                         {"impact", r.impact},
                         {"score", r.likelihood * r.impact},
                         {"mitigation", incident_opt(r.mitigation)},
                         {"owner", incident_opt(r.owner)},
                         {"status", r.status}});
      out["risks"] = risks;
      IncidentJson log = IncidentJson::array();
      for (const IncidentLogEntry& e : i->log)
        log.push_back({{"at", e.at}, {"actor", e.actor}, {"step", e.step}, {"detail", e.detail}});
      out["log"] = log;
      if (o->format == "json") {
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      print_incident(out);
      return static_cast<int>(kExitOk);
    };
  });
}

void add_incident_affected(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string id, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "affected",
      "Everyone the incident affects (a placement at the provider in force on its date),\n"
      "grouped by the agency responsible for them (seed 001 section 6), with their needs\n"
      "from the joined record, the team's flags and how far their move has got.\n"
      "Person-identifiable: the look is written to the audit log.");
  cmd->add_option("id", o->id, "The incident's id")->required();
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto id = incident_id_of(o->id);
      if (!id.ok()) return fail(id.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto i = read_incident(**store, *id);
      if (!i.ok()) return fail(i.status());
      auto people = affected_people(**store, *i);
      if (!people.ok()) return fail(people.status());
      if (Status s = audit_cli(**store, "incident_affected", fmt::format("incident {}", *id));
          !s.ok())
        return fail(s);
      print_affected(*people, o->format);
      return static_cast<int>(kExitOk);
    };
  });
}

void add_incident_report(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string id, at, out, pdf;
    bool suppress = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "report",
      "The one-page status report for a meeting of the Joint Incident Steering Group: the\n"
      "deadline, people affected by responsible agency and their moves (by placement, no\n"
      "names), the checklist's progress, notifications, open risks and the latest steps.");
  cmd->add_option("id", o->id, "The incident's id")->required();
  cmd->add_option("--at", o->at, "The report's date (YYYY-MM-DD); today when not given");
  cmd->add_option("--out", o->out, "Write the HTML document here")->required();
  cmd->add_option("--pdf", o->pdf, "Also print it to this PDF (needs chromium)");
  cmd->add_flag("--suppress", o->suppress,
                "For readers outside the care team (the board): counts of people suppressed\n"
                "by the small-number rule, and no moves or log steps by placement");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto id = incident_id_of(o->id);
      if (!id.ok()) return fail(id.status());
      auto at = date_option_or_today("--at", o->at);
      if (!at.ok()) return fail(at.status());
      if (Status s = check_output_paths(o->out, o->pdf); !s.ok()) return fail(s);
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto i = read_incident(**store, *id);
      if (!i.ok()) return fail(i.status());
      auto provider = find_care_provider(**store, i->provider_code);
      if (!provider.ok()) return fail(provider.status());
      if (!*provider) return fail(Status::not_found("the incident's provider is gone"));
      auto people = affected_people(**store, *i);
      if (!people.ok()) return fail(people.status());
      const std::string html = report::incident_status_report_html(
          *i, **provider, *people, {*at, o->suppress, builtin_metric_config().suppression});
      if (Status s = report::write_file_atomically(o->out, html); !s.ok()) return fail(s);
      std::cout << fmt::format("wrote {}\n", o->out);
      if (!o->pdf.empty()) {
        if (Status s = report::html_to_pdf(o->out, o->pdf); !s.ok()) return fail(s);
        std::cout << fmt::format("wrote {}\n", o->pdf);
      }
      if (Status s = audit_cli(**store, "export_report",
                               fmt::format("incident {} status report{} -> {}", *id,
                                           o->suppress ? "" : " (unsuppressed)", o->out));
          !s.ok())
        return fail(s);
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_incident_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "incident",
      "The provider failure procedure (seed 001; docs/quality.md): an incident for a care\n"
      "home or home care agency, who it affects and who is responsible for them, the JISG\n"
      "deadline, the management checklist, notifications, moves, risks and closure.");
  cmd->require_subcommand(1);
  add_incident_open(cmd, g, run);
  add_incident_list(cmd, g, run);
  add_incident_show(cmd, g, run);
  add_incident_affected(cmd, g, run);
  add_incident_report(cmd, g, run);
  add_incident_steps(cmd, g, run);
}

}  // namespace bc::cli
