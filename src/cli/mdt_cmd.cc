// bettercare mdt cases | record | list | show (docs/cli.md, docs/care-plans.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "care/mdt.h"
#include "care/mdt_log.h"
#include "care/register.h"
#include "cli/care_inputs.h"
#include "cli/cli.h"
#include "core/nhs_number.h"
#include "core/utf8.h"
#include "present/csv.h"

namespace bc::cli {
namespace {

nlohmann::json meeting_json(const MdtMeeting& m) {
  nlohmann::json att = nlohmann::json::array(), dis = nlohmann::json::array();
  for (const auto& a : m.attendees) att.push_back({{"name", a.name}, {"profession", a.profession}});
  for (const auto& d : m.discussions) {
    dis.push_back({{"nhs_number", NhsNumber::from_value_unchecked(d.nhs_number).digits()},
                   {"outcome", d.outcome},
                   {"actions", d.actions}});
  }
  return {{"meeting_id", m.id},
          {"cluster", m.cluster_code},
          {"date", m.date.iso()},
          {"recorded_by", m.recorded_by},
          {"recorded_at", m.recorded_at},
          {"attendees", att},
          {"discussed", dis}};
}

void add_cases(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string cluster, at, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "cases",
      "The case list for a cluster's next MDT meeting, as at a date: the people on the\n"
      "at-risk register who joined it in the last month (new), whose care plan review\n"
      "is overdue (overdue), who had an emergency admission (emergency) or an A&E\n"
      "attendance (ae) since the last MDT (28 days when none), or who left hospital in\n"
      "the last 7 days (discharged). Identifiable: audited (view_mdt_cases).");
  cmd->add_option("--cluster", o->cluster, "The cluster's code")->required();
  cmd->add_option("--at", o->at, "The meeting's date (YYYY-MM-DD)")->required();
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto at = parse_date_option("--at", o->at);
      if (!at.ok()) return fail(at.status());
      auto in = open_care_inputs(g, true);
      if (!in.ok()) return fail(in.status());
      auto reg = build_register(*in->snap, *in->model,
                                RegisterRequest{RegisterKind::kRisk, o->cluster, *at});
      if (!reg.ok()) return fail(reg.status());
      if (Status s = audit_cli(*in->store, "view_mdt_cases",
                               fmt::format("{} at {}", printable(o->cluster, 40), at->iso()));
          !s.ok())
        return fail(s);
      auto list = mdt_case_list(*in->store, *in->snap, *reg);
      if (!list.ok()) return fail(list.status());
      auto opt_date = [](const std::optional<Date>& d) { return d ? d->iso() : std::string(); };
      if (o->format == "json") {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& e : list->entries) {
          rows.push_back({{"nhs_number", NhsNumber::from_value_unchecked(e.nhs_number).digits()},
                          {"rank", e.rank},
                          {"reasons", e.reasons},
                          {"last_emergency", opt_date(e.last_emergency)},
                          {"last_ae", opt_date(e.last_ae)},
                          {"last_discharge", opt_date(e.last_discharge)}});
        }
        std::cout << nlohmann::json{{"cluster", o->cluster},
                                    {"at", at->iso()},
                                    {"since", list->since.iso()},
                                    {"entries", rows}}
                         .dump(2)
                  << "\n";
        return static_cast<int>(kExitOk);
      }
      if (o->format == "csv") {
        std::cout << present::csv_line(
            {"nhs_number", "rank", "reasons", "last_emergency", "last_ae", "last_discharge"});
        for (const auto& e : list->entries) {
          std::string reasons;
          for (const auto& r : e.reasons) reasons += (reasons.empty() ? "" : ";") + r;
          std::cout << present::csv_line({NhsNumber::from_value_unchecked(e.nhs_number).digits(),
                                          std::to_string(e.rank), reasons,
                                          opt_date(e.last_emergency), opt_date(e.last_ae),
                                          opt_date(e.last_discharge)});
        }
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format(
          "MDT case list, cluster {}, as at {} (recent: since {}): {} people\n\n", o->cluster,
          at->iso(), list->since.iso(), list->entries.size());
      for (const auto& e : list->entries) {
        std::string reasons;
        for (const auto& r : e.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
        std::cout << fmt::format("{:>5}  {}  {}\n", e.rank,
                                 NhsNumber::from_value_unchecked(e.nhs_number).digits(), reasons);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_record(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string cluster, date;
    std::vector<std::string> names, professions, people, outcomes, actions;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "record",
      "Record an MDT meeting that has met: its attendees (--attendee NAME --profession P,\n"
      "repeated in order) and the people discussed (--person NHS --outcome O --actions\n"
      "TEXT, repeated in order; --actions - for none). All or nothing. Audited\n"
      "(record_mdt).");
  cmd->add_option("--cluster", o->cluster, "The cluster's code")->required();
  cmd->add_option("--date", o->date, "The meeting's date (YYYY-MM-DD)")->required();
  cmd->add_option("--attendee", o->names, "An attendee's name")->required();
  cmd->add_option("--profession", o->professions,
                  "Each attendee's profession: GP, community matron, district nurse, practice "
                  "nurse, social worker, occupational therapist, physiotherapist, pharmacist, "
                  "mental health, care coordinator, voluntary sector, other")
      ->required();
  cmd->add_option("--person", o->people, "A person discussed (NHS number)");
  cmd->add_option("--outcome", o->outcomes,
                  "Each person's outcome: new_plan, review_plan, refer, monitor, no_action, "
                  "discharge_from_mdt");
  cmd->add_option("--actions", o->actions, "Each person's actions agreed (- for none)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto date = parse_date_option("--date", o->date);
      if (!date.ok()) return fail(date.status());
      if (o->names.size() != o->professions.size())
        return fail(Status::invalid_argument("give one --profession for each --attendee"));
      if (o->outcomes.size() != o->people.size() || o->actions.size() != o->people.size()) {
        return fail(Status::invalid_argument(
            "give one --outcome and one --actions (- for none) for each --person, in order"));
      }
      MdtMeeting m;
      m.cluster_code = o->cluster;
      m.date = *date;
      for (size_t i = 0; i < o->names.size(); ++i)
        m.attendees.push_back({o->names[i], o->professions[i]});
      for (size_t i = 0; i < o->people.size(); ++i) {
        auto nhs = NhsNumber::parse(o->people[i]);
        if (!nhs.ok()) {
          return fail(Status::invalid_argument(
              fmt::format("--person {}: {}", printable(o->people[i], 40), nhs.error())));
        }
        m.discussions.push_back(
            {nhs->value(), o->outcomes[i], o->actions[i] == "-" ? "" : o->actions[i]});
      }
      auto in = open_care_inputs(g, false);
      if (!in.ok()) return fail(in.status());
      if (Status s = audit_cli(*in->store, "record_mdt",
                               fmt::format("{} on {}", printable(o->cluster, 40), date->iso()));
          !s.ok())
        return fail(s);
      auto id = record_mdt_meeting(*in->store, *in->snap, std::move(m), current_user());
      if (!id.ok()) return fail(id.status());
      std::cout << fmt::format("Recorded MDT meeting {} of cluster {} on {}\n", *id, o->cluster,
                               date->iso());
      return static_cast<int>(kExitOk);
    };
  });
}

void add_list(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string cluster, format = "table";
    int64_t id = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "list", "A cluster's MDT meetings, newest first. Identifiable: audited (view_mdt).");
  cmd->add_option("--cluster", o->cluster, "The cluster's code")->required();
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "view_mdt", printable(o->cluster, 40)); !s.ok())
        return fail(s);
      auto list = mdt_meetings(**store, o->cluster);
      if (!list.ok()) return fail(list.status());
      if (o->format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& m : *list) out.push_back(meeting_json(m));
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      for (const auto& m : *list) {
        std::cout << fmt::format("{:>5}  {}  {} attendees, {} discussed (recorded by {})\n", m.id,
                                 m.date.iso(), m.attendees.size(), m.discussions.size(),
                                 m.recorded_by);
      }
      if (list->empty())
        std::cout << "No MDT meeting is recorded for cluster " << o->cluster << ".\n";
      return static_cast<int>(kExitOk);
    };
  });
  auto* show = parent->add_subcommand(
      "show",
      "One MDT meeting as JSON: attendees, people discussed, outcomes and actions. "
      "Audited (view_mdt).");
  show->add_option("--id", o->id, "The meeting's id")->required();
  show->callback([&g, run, o] {
    *run = [&g, o] {
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      if (Status s = audit_cli(**store, "view_mdt", fmt::format("meeting {}", o->id)); !s.ok())
        return fail(s);
      auto m = mdt_meeting(**store, o->id);
      if (!m.ok()) return fail(m.status());
      std::cout << meeting_json(*m).dump(2) << "\n";
      return static_cast<int>(kExitOk);
    };
  });
}

void add_import(CLI::App* parent, Globals& g, Runner* run) {
  auto file = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(
      "import",
      "Record the meetings of an MDT log, a CSV file with one row per person discussed\n"
      "(cluster_code,meeting_date,attendees,nhs_number,outcome,actions; docs/care-plans.md).\n"
      "All or nothing: every meeting is checked as `mdt record` checks one, and a cluster's\n"
      "meeting on a day already recorded is refused, so a log is never recorded twice.\n"
      "Audited (record_mdt).");
  cmd->add_option("file", *file, "The MDT log (CSV, at most 64 MiB)")->required();
  cmd->callback([&g, run, file] {
    *run = [&g, file] {
      auto text = read_text_file(*file, size_t{64} << 20);
      if (!text.ok()) return fail(text.status());
      auto meetings = read_mdt_log(*text);
      if (!meetings.ok()) return fail(meetings.status());
      auto in = open_care_inputs(g, false);
      if (!in.ok()) return fail(in.status());
      if (Status s = audit_cli(*in->store, "record_mdt",
                               fmt::format("an MDT log of {} meetings", meetings->size()));
          !s.ok())
        return fail(s);
      auto ids = record_mdt_meetings(*in->store, *in->snap, *meetings, current_user());
      if (!ids.ok()) return fail(ids.status());
      size_t people = 0;
      for (const MdtMeeting& m : *meetings) people += m.discussions.size();
      std::cout << fmt::format("Recorded {} MDT meetings, discussing {} people\n",
                               thousands(static_cast<int64_t>(ids->size())),
                               thousands(static_cast<int64_t>(people)));
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_mdt_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "mdt",
      "Multidisciplinary team (MDT) case management of a cluster: the case list for the\n"
      "next meeting, recording a meeting, and the meetings held (docs/care-plans.md).");
  cmd->require_subcommand(1);
  add_cases(cmd, g, run);
  add_record(cmd, g, run);
  add_import(cmd, g, run);
  add_list(cmd, g, run);
}

}  // namespace bc::cli
