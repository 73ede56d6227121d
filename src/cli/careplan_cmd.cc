// bettercare careplan due | show | fhir (docs/cli.md, docs/care-plans.md)
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "care/care_plan.h"
#include "care/care_plan_json.h"
#include "care/care_plan_write.h"
#include "cli/care_inputs.h"
#include "cli/cli.h"
#include "core/nhs_number.h"
#include "core/utf8.h"
#include "ingest/records.h"
#include "present/csv.h"
#include "store/audit.h"

namespace bc::cli {
namespace {

// The person's plans, audited as a look at their record.
Result<std::vector<CarePlan>> plans_of(Store& store, const std::string& nhs_text,
                                       const std::string& what) {
  auto nhs = NhsNumber::parse(nhs_text);
  if (!nhs.ok()) {
    return Status::invalid_argument(
        fmt::format("--nhs {}: {}", printable(nhs_text, 40), nhs.error()));
  }
  if (Status s = audit_cli(store, what, nhs->digits()); !s.ok()) return s;
  auto plans = care_plans_of(store, nhs->value());
  if (!plans.ok()) return plans.status();
  if (plans->empty())
    return Status::not_found(fmt::format("{} has no care plan", nhs->formatted()));
  return plans;
}

void add_due(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string at, cluster, practice, professional, format = "table";
    int within = 28;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "due",
      "Care plans whose review is overdue or due soon, as at a date: one row per plan\n"
      "in force (agreed, or under review) whose review is due before the date\n"
      "(overdue) or within --within days of it (due; a review due on the date itself\n"
      "is due). Closed and draft plans never appear. Identifiable: audited.");
  cmd->add_option("--at", opts->at, "The date (YYYY-MM-DD)")->required();
  cmd->add_option("--within", opts->within, "Days ahead that count as due")
      ->check(CLI::Range(0, 366))
      ->capture_default_str();
  cmd->add_option("--cluster", opts->cluster, "Only people registered in this cluster");
  cmd->add_option("--practice", opts->practice, "Only people registered at this practice");
  cmd->add_option("--professional", opts->professional,
                  "Only plans with this accountable professional (their name as recorded)");
  cmd->add_option("--format", opts->format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}))
      ->capture_default_str();
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      auto at = parse_date_option("--at", opts->at);
      if (!at.ok()) return fail(at.status());
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      DueQuery q{*at, opts->within, std::nullopt, std::nullopt, std::nullopt};
      if (!opts->cluster.empty()) {
        auto known = cluster_exists(**store, opts->cluster);
        if (!known.ok()) return fail(known.status());
        if (!*known) {
          return fail(Status::not_found(
              fmt::format("--cluster {}: no such cluster", printable(opts->cluster, 40))));
        }
        q.cluster = opts->cluster;
      }
      if (!opts->practice.empty()) q.practice = opts->practice;
      if (!opts->professional.empty()) q.professional = opts->professional;
      const std::string subject =
          fmt::format("reviews due at {} within {} days{}{}{}", at->iso(), opts->within,
                      q.cluster ? " cluster " + printable(*q.cluster, 40) : "",
                      q.practice ? " practice " + printable(*q.practice, 40) : "",
                      q.professional ? " professional " + printable(*q.professional, 80) : "");
      if (Status s = audit_cli(**store, "view_care_plans_due", subject); !s.ok()) return fail(s);
      auto due = reviews_due(**store, q);
      if (!due.ok()) return fail(due.status());
      if (opts->format == "csv") {
        std::cout << present::csv_line({"nhs_number", "plan_id", "version", "review_due", "state"});
        for (const DueReview& d : *due) {
          std::cout << present::csv_line({std::to_string(d.nhs_number), d.plan_id,
                                          std::to_string(d.version), d.review_due.iso(),
                                          d.overdue ? "overdue" : "due"});
        }
        return static_cast<int>(kExitOk);
      }
      int64_t overdue = 0;
      for (const DueReview& d : *due) overdue += d.overdue ? 1 : 0;
      std::cout << fmt::format("Care plan reviews as at {}: {} overdue, {} due within {} days\n\n",
                               at->iso(), overdue, static_cast<int64_t>(due->size()) - overdue,
                               opts->within);
      std::cout << fmt::format("{:<12}{:<12}{:>4}  {:<11}{:<9}{}\n", "nhs_number", "plan", "ver",
                               "review due", "state", "accountable");
      for (const DueReview& d : *due) {
        std::cout << fmt::format("{:<12}{:<12}{:>4}  {:<11}{:<9}{}\n", d.nhs_number, d.plan_id,
                                 d.version, d.review_due.iso(), d.overdue ? "overdue" : "due",
                                 d.accountable_name);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void print_plan(const nlohmann::json& p) {
  std::cout << fmt::format("Care plan {} for {}: {}", p["plan_id"].get<std::string>(),
                           p["nhs_number"].get<std::string>(), p["state"].get<std::string>());
  if (!p["review_due"].is_null())
    std::cout << ", review due " << p["review_due"].get<std::string>();
  std::cout << " (as at " << p["at"].get<std::string>() << ")\n";
  for (const auto& v : p["versions"]) {
    const auto& who = v["accountable"];
    std::cout << fmt::format(
        "\nVersion {} ({}{})\n", v["version"].get<int64_t>(), v["status"].get<std::string>(),
        v["agreed_date"].is_null() ? std::string()
                                   : ", agreed " + v["agreed_date"].get<std::string>());
    std::cout << fmt::format("  Accountable  {}, {} ({})\n", who["name"].get<std::string>(),
                             who["role"].get<std::string>(),
                             who["organisation"].get<std::string>());
    std::cout << "  Goals        " << v["goals"].get<std::string>() << "\n";
    if (!v["contingency"].is_null())
      std::cout << "  Contingency  " << v["contingency"].get<std::string>() << "\n";
    if (!v["review_due"].is_null())
      std::cout << "  Review due   " << v["review_due"].get<std::string>() << "\n";
    if (!v["closed_date"].is_null()) {
      std::cout << "  Closed       " << v["closed_date"].get<std::string>() << ": "
                << v["closed_reason"].get<std::string>() << "\n";
    }
    for (const auto& a : v["actions"]) {
      std::cout << fmt::format(
          "  {}. {} ({}{}): {}\n", a["action_no"].get<int64_t>(), a["action"].get<std::string>(),
          a["who"].get<std::string>(),
          a["by_date"].is_null() ? "" : ", by " + a["by_date"].get<std::string>(),
          a["status"].get<std::string>());
    }
  }
  if (!p["reviews"].empty()) std::cout << "\nReviews\n";
  for (const auto& r : p["reviews"]) {
    std::cout << fmt::format("  {} by {}: {}{}\n", r["review_date"].get<std::string>(),
                             r["reviewed_by"].get<std::string>(), r["outcome"].get<std::string>(),
                             r["next_review_due"].is_null()
                                 ? ""
                                 : ", next due " + r["next_review_due"].get<std::string>());
  }
}

void add_show(CLI::App* parent, Globals& g, Runner* run, bool fhir) {
  struct Opts {
    std::string nhs, at, format = "text";
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd =
      fhir ? parent->add_subcommand(
                 "fhir",
                 "Print a person's current care plan as a FHIR R4 CarePlan resource (JSON):\n"
                 "the version in force, its goals (contained Goal resources) and actions\n"
                 "(activities); the subject by NHS number. Identifiable: audited.")
           : parent->add_subcommand(
                 "show",
                 "Show a person's care plans: every version, its actions, and the reviews.\n"
                 "Identifiable: audited.");
  cmd->add_option("--nhs", opts->nhs, "The person's NHS number")->required();
  cmd->add_option("--at", opts->at, "As at this date (default: today)");
  if (!fhir) {
    cmd->add_option("--format", opts->format, "text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }
  cmd->callback([&g, run, opts, fhir] {
    *run = [&g, opts, fhir] {
      auto when = date_option_or_today("--at", opts->at);
      if (!when.ok()) return fail(when.status());
      const Date at = *when;
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto plans = plans_of(**store, opts->nhs, fhir ? "export_care_plan_fhir" : "view_care_plan");
      if (!plans.ok()) return fail(plans.status());
      if (fhir) {
        std::cout << care_plan_fhir(*current_plan(*plans, at), at).dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      nlohmann::json all = nlohmann::json::array();
      for (const CarePlan& p : *plans) all.push_back(care_plan_json(p, at));
      if (opts->format == "json") {
        std::cout << all.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      for (size_t i = 0; i < all.size(); ++i) {
        if (i > 0) std::cout << "\n";
        print_plan(all[i]);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

// Prints a write's outcome: what was written, or each refusal by field.

// The NHS number, the store, and the audit entry of a write.
struct WriteTarget {
  std::unique_ptr<Store> store;
  NhsNumber nhs;
};
Result<WriteTarget> open_for_write(Globals& g, const std::string& nhs_text,
                                   const std::string& what) {
  auto nhs = NhsNumber::parse(nhs_text);
  if (!nhs.ok()) {
    return Status::invalid_argument(
        fmt::format("--nhs {}: {}", printable(nhs_text, 40), nhs.error()));
  }
  auto store = open_store(g);
  if (!store.ok()) return store.status();
  if (Status s = audit_cli(**store, "write_care_plan", nhs->digits() + " " + what); !s.ok())
    return s;
  return WriteTarget{std::move(*store), *nhs};
}

Result<std::optional<Date>> optional_date(std::string_view option, const std::string& value) {
  if (value.empty()) return std::optional<Date>();
  auto d = parse_date_option(option, value);
  if (!d.ok()) return d.status();
  return std::optional<Date>(*d);
}

void add_draft(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs;
    PlanForm form;
    std::vector<std::string> actions, who, by;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "draft",
      "Write the draft of a person's care plan: replaces the open plan's draft, or drafts\n"
      "its next version when its last is agreed (an agreed version never changes), or\n"
      "starts a plan. Agree it with `careplan agree`. Audited (write_care_plan).");
  cmd->add_option("--nhs", o->nhs, "The person's NHS number")->required();
  cmd->add_option("--type", o->form.plan_type, "The plan type (config/care.toml; default general)");
  cmd->add_option("--accountable-name", o->form.accountable_name,
                  "The accountable professional's name")
      ->required();
  cmd->add_option("--accountable-role", o->form.accountable_role, "Their role")->required();
  cmd->add_option("--accountable-org", o->form.accountable_org,
                  "Their organisation (a partner or provider code)")
      ->required();
  cmd->add_option("--goals", o->form.goals, "The person's goals, in their own words")->required();
  cmd->add_option("--contingency", o->form.contingency, "What to do in a crisis");
  cmd->add_option("--consent-date", o->form.consent_date, "When the person consented");
  cmd->add_option("--consent-recorded-by", o->form.consent_recorded_by, "Who recorded it");
  cmd->add_option("--action", o->actions, "An action (repeat for each; with --who)");
  cmd->add_option("--who", o->who, "Who does each --action, in the same order");
  cmd->add_option("--by", o->by, "By when, for each --action (YYYY-MM-DD, or - for none)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      if (o->who.size() != o->actions.size() ||
          (!o->by.empty() && o->by.size() != o->actions.size()))
        return fail(Status::invalid_argument(
            "give one --who (and, if any, one --by) for each --action, in the same order"));
      for (size_t i = 0; i < o->actions.size(); ++i) {
        const std::string by = o->by.empty() || o->by[i] == "-" ? "" : o->by[i];
        o->form.actions.push_back({o->actions[i], o->who[i], by, ""});
      }
      auto t = open_for_write(g, o->nhs, "draft");
      if (!t.ok()) return fail(t.status());
      return report_write(save_draft(*t->store, {current_user(), nullptr}, t->nhs.value(), o->form),
                          "Draft saved", "plan");
    };
  });
}

void add_agree(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs, on, review_due;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "agree",
      "Agree the draft of a person's plan with them (its consent must be recorded).\n"
      "The review is due by --review-due, at most the plan type's months after\n"
      "(default: exactly that). Audited (write_care_plan).");
  cmd->add_option("--nhs", o->nhs, "The person's NHS number")->required();
  cmd->add_option("--on", o->on, "The date it was agreed (YYYY-MM-DD)")->required();
  cmd->add_option("--review-due", o->review_due, "When the review is due (YYYY-MM-DD)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto on = parse_date_option("--on", o->on);
      if (!on.ok()) return fail(on.status());
      auto due = optional_date("--review-due", o->review_due);
      if (!due.ok()) return fail(due.status());
      auto t = open_for_write(g, o->nhs, "agree");
      if (!t.ok()) return fail(t.status());
      return report_write(
          agree_draft(*t->store, {current_user(), nullptr}, t->nhs.value(), *on, *due), "Agreed",
          "plan");
    };
  });
}

void add_review(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs, on, by, outcome, next_due, reason;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "review",
      "Record a review of a person's plan: continue (with --next-due), changed (its\n"
      "next version is drafted as a copy to edit and agree; with --next-due) or\n"
      "closed (with --reason). Audited (write_care_plan).");
  cmd->add_option("--nhs", o->nhs, "The person's NHS number")->required();
  cmd->add_option("--on", o->on, "The date of the review (YYYY-MM-DD)")->required();
  cmd->add_option("--by", o->by, "Who reviewed it")->required();
  cmd->add_option("--outcome", o->outcome, "continue, changed or closed")
      ->required()
      ->check(CLI::IsMember({"continue", "changed", "closed"}));
  cmd->add_option("--next-due", o->next_due, "When the next review is due (YYYY-MM-DD)");
  cmd->add_option("--reason", o->reason, "Why the plan closes (outcome closed)");
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto on = parse_date_option("--on", o->on);
      if (!on.ok()) return fail(on.status());
      auto next = optional_date("--next-due", o->next_due);
      if (!next.ok()) return fail(next.status());
      auto t = open_for_write(g, o->nhs, "review");
      if (!t.ok()) return fail(t.status());
      return report_write(record_review(*t->store, {current_user(), nullptr}, t->nhs.value(), *on,
                                        o->by, o->outcome, *next, o->reason),
                          "Review recorded", "plan");
    };
  });
}

void add_close(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs, on, reason;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "close", "Close a person's plan on a date, for a reason. Audited (write_care_plan).");
  cmd->add_option("--nhs", o->nhs, "The person's NHS number")->required();
  cmd->add_option("--on", o->on, "The date (YYYY-MM-DD)")->required();
  cmd->add_option("--reason", o->reason, "Why it closes")->required();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto on = parse_date_option("--on", o->on);
      if (!on.ok()) return fail(on.status());
      auto t = open_for_write(g, o->nhs, "close");
      if (!t.ok()) return fail(t.status());
      return report_write(
          close_plan(*t->store, {current_user(), nullptr}, t->nhs.value(), *on, o->reason),
          "Closed", "plan");
    };
  });
}

}  // namespace

void add_careplan_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "careplan",
      "Shared care plans: reviews due and overdue, a person's plans, the FHIR export,\n"
      "and writing them: draft, agree, review, close (docs/care-plans.md). Plans also\n"
      "come by bettercare import (care_plans.csv, care_plan_actions.csv,\n"
      "care_plan_reviews.csv), through the same rules.");
  cmd->require_subcommand(1);
  add_due(cmd, g, run);
  add_show(cmd, g, run, false);
  add_show(cmd, g, run, true);
  add_draft(cmd, g, run);
  add_agree(cmd, g, run);
  add_review(cmd, g, run);
  add_close(cmd, g, run);
}

}  // namespace bc::cli
