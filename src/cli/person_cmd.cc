// bettercare person | audit | audit verify
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <iostream>

#include "care/person_fhir.h"
#include "care/person_json.h"
#include "care/person_record.h"
#include "care/person_scores.h"
#include "care/risk_store.h"
#include "cli/cli.h"
#include "core/age.h"
#include "core/date.h"
#include "core/safe_text.h"
#include "engine/snapshot.h"
#include "store/audit.h"

namespace bc::cli {
namespace {

void print_person(const PersonRecord& r) {
  std::cout << "NHS number  " << r.nhs_number.formatted() << "\n";
  if (r.details) {
    const PersonDetails& d = *r.details;
    std::string age;
    if (auto born = Date::parse(d.date_of_birth); born.ok()) {
      Date until = Date::today_utc();
      if (d.date_of_death) {
        if (auto died = Date::parse(*d.date_of_death); died.ok()) until = *died;
      }
      age = fmt::format(" (age {}{})", age_at(*born, until), d.date_of_death ? " at death" : "");
    }
    std::cout << "Born        " << d.date_of_birth << age << "\n";
    if (d.date_of_death) std::cout << "Died        " << *d.date_of_death << "\n";
    std::cout << "Sex         " << d.sex << "\n";
    if (d.practice_code.empty()) {
      std::cout << "Practice    none: not registered with a GP practice (counts city-wide, "
                   "in no cluster)\n";
    } else {
      std::cout << "Practice    " << d.practice_code << " " << d.practice_name << "\n";
      std::cout << "Cluster     " << d.cluster_code << " " << d.cluster_name << "\n";
    }
    if (d.registered_date) std::cout << "Registered  " << *d.registered_date << "\n";
    if (d.postcode_district) std::cout << "Postcode    " << *d.postcode_district << "\n";
  } else {
    std::cout << "Not in the persons register: activity is unlinked (no practice, no cluster).\n";
  }
  std::cout << "\n";
  if (r.timeline.empty()) {
    std::cout << "No activity recorded.\n";
    return;
  }
  std::cout << fmt::format("{:<20}{:<21}{:<14}{}\n", "date", "event", "id", "details");
  for (const auto& e : r.timeline) {
    std::string details;
    for (const auto& [k, v] : e.details) details += (details.empty() ? "" : "; ") + k + ": " + v;
    std::cout << fmt::format("{:<20}{:<21}{:<14}{}\n", e.date, e.kind, e.id.empty() ? "-" : e.id,
                             details);
  }
}

// The person's frailty and risk (care/person_scores.h) with the latest
// fitted model, if any.
Result<nlohmann::json> record_scores(Store& store, int64_t nhs, std::optional<Date> at) {
  auto snap = store_snapshot(store);
  if (!snap.ok()) return snap.status();
  auto model = load_risk_model(store);
  if (!model.ok() && model.status().code() != StatusCode::kNotFound) return model.status();
  return person_scores_json(**snap, model.ok() ? &*model : nullptr, nhs,
                            at.value_or(scores_date(**snap)));
}

void print_scores(const nlohmann::json& s) {
  if (s.is_null()) return;
  std::cout << "\nAs at " << s["at"].get<std::string>() << ":";
  if (!s["in_population"].get<bool>()) std::cout << " not registered and alive on that date;";
  std::cout << fmt::format(" eFI {} deficits ({:.3f}, {})", s["efi_deficits"].get<int>(),
                           s["efi_score"].get<double>(), s["efi_category"].get<std::string>());
  if (s["hfrs"].is_null()) {
    std::cout << "; HFRS not scored (under 75)\n";
  } else {
    std::cout << fmt::format("; HFRS {:.1f} ({})\n", s["hfrs"].get<double>(),
                             s["hfrs_band"].get<std::string>());
  }
  const auto& r = s["risk"];
  if (r.is_null()) {
    std::cout << "Risk of an emergency admission: not scored (no fitted model, or not in the "
                 "population)\n";
    return;
  }
  std::string factors;
  for (const auto& w : r["factors"]) {
    if (!factors.empty()) factors.append("; ");
    factors.append(w.get<std::string>());
  }
  std::cout << fmt::format(
      "Risk of an emergency admission in the next 12 months: {:.1f}% (model {}, trained at "
      "{}){}{}\n",
      r["risk"].get<double>() * 100, r["model_id"].get<int64_t>(),
      r["model_index_date"].get<std::string>(), factors.empty() ? "" : ": ", factors);
}

}  // namespace

void add_person_command(CLI::App& app, Globals& g, Runner* run) {
  struct Opts {
    std::string nhs;
    std::string format = "text";
    std::string at;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "person",
      "Show one person's joined health and social care record, in time order.\n"
      "This is person-identifiable data: every look is written to the audit log.");
  cmd->add_option("nhs_number", opts->nhs, "The NHS number (spaces allowed: \"943 476 5919\")")
      ->required();
  cmd->add_option("--format", opts->format,
                  "text, json, or fhir (a FHIR R4 Bundle: Patient, Encounters, Conditions and\n"
                  "the current CarePlan)")
      ->check(CLI::IsMember({"text", "json", "fhir"}))
      ->capture_default_str();
  cmd->add_option("--at", opts->at,
                  "Show frailty and risk as at this date (default: the day after the last "
                  "month of spells loaded)");
  cmd->callback([&g, run, opts] {
    *run = [&g, opts] {
      std::optional<Date> at;
      if (!opts->at.empty()) {
        auto d = parse_date_option("--at", opts->at);
        if (!d.ok()) return fail(d.status());
        at = *d;
      }
      auto nhs = NhsNumber::parse(opts->nhs);
      if (!nhs.ok()) {
        return fail(Status::invalid_argument(
            fmt::format("{}: not a valid NHS number: {}", opts->nhs, nhs.error())));
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      // The look is audited before anything is shown, found or not.
      if (Status s = audit_cli(**store, "view_person", nhs->digits()); !s.ok()) {
        return fail(s);
      }
      if (opts->format == "fhir") {
        auto bundle = person_fhir_bundle(**store, *nhs, Date::today_utc());
        if (!bundle.ok()) return fail(bundle.status());
        std::cout << bundle->dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      auto record = load_person_record(**store, *nhs);
      if (!record.ok()) return fail(record.status());
      auto scores = record_scores(**store, nhs->value(), at);
      if (!scores.ok()) return fail(scores.status());
      if (opts->format == "json") {
        nlohmann::json out = person_record_json(*record);
        out["scores"] = *scores;
        std::cout << out.dump(2) << "\n";
      } else {
        print_person(*record);
        print_scores(*scores);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

void add_audit_command(CLI::App& app, Globals& g, Runner* run) {
  auto limit = std::make_shared<int>(50);
  auto* cmd = app.add_subcommand(
      "audit",
      "Show the most recent entries of the audit log (control and bidirectional characters\n"
      "are shown escaped, as \\u001b); 'audit verify' checks the log's hash chain.");
  cmd->add_option("--limit", *limit, "How many entries")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  auto* verify = cmd->add_subcommand(
      "verify",
      "Check the audit log's keyed hash chain and the seals of submitted scheme reports.\n"
      "Exits 0 with a one-line summary, or 3 naming the first entry changed, removed or\n"
      "inserted out of order (docs/security.md, \"The audit log\").");
  auto head = std::make_shared<std::string>();
  verify->add_option("--head", *head,
                     "ID:HASH, a head printed by an earlier verify and kept elsewhere: it must "
                     "still be in the log (finds the newest entries removed)");
  verify->callback([&g, run, head] {
    *run = [&g, head] {
      int64_t head_id = 0;
      std::string head_hash;
      if (!head->empty()) {
        size_t colon = head->find(':');
        if (colon != std::string::npos) {
          auto [p, ec] = std::from_chars(head->data(), head->data() + colon, head_id);
          if (ec != std::errc() || p != head->data() + colon) head_id = 0;
        }
        head_hash = colon == std::string::npos ? "" : head->substr(colon + 1);
        if (head_id <= 0 || head_hash.size() != 64) {
          return fail(Status::invalid_argument(
              "--head: give ID:HASH as printed by 'bettercare audit verify' (64 hex digits)"));
        }
      }
      auto store = open_store(g);
      if (!store.ok()) return fail(store.status());
      auto v = verify_audit(**store);
      if (!v.ok()) return fail(v.status());
      if (v->ok && head_id > 0) {
        AuditQuery q;
        q.before_id = head_id + 1;
        q.limit = 1;
        auto at = search_audit(**store, q);
        if (!at.ok()) return fail(at.status());
        if (at->empty() || at->front().id != head_id) {
          v->ok = false;
          v->problem = fmt::format(
              "entry {}, the head recorded earlier, is no longer in the log: the entries from {} "
              "on were removed",
              head_id, head_id);
        } else if (at->front().hash != head_hash) {
          v->ok = false;
          v->problem = fmt::format(
              "entry {} does not have the hash recorded earlier: the log was rewritten up to it",
              head_id);
        }
      }
      if (!v->ok) {
        std::cerr << "bettercare: audit verify: FAILED: " << v->problem << "\n";
        return static_cast<int>(kExitInvalidData);
      }
      std::cout << fmt::format(
          "audit log verified: {} entries, {} sealed scheme report version{}; head {}:{}\n",
          v->entries, v->sealed_reports, v->sealed_reports == 1 ? "" : "s", v->head_id,
          v->head_hash.empty() ? "-" : v->head_hash);
      return static_cast<int>(kExitOk);
    };
  });
  cmd->callback([&g, run, limit, verify] {
    if (verify->parsed()) return;
    *run = [&g, limit] {
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto entries = recent_audit(**store, *limit);
      if (!entries.ok()) return fail(entries.status());
      std::cout << fmt::format("{:<21} {:<15} {:<26} {:<20} {}\n", "at (UTC)", "actor", "action",
                               "subject", "origin");
      // Escaped: nothing printed can move the cursor or pass for another line.
      for (const auto& e : *entries) {
        std::cout << fmt::format("{:<21} {:<15} {:<26} {:<20} {}\n", escape_unsafe(e.at),
                                 escape_unsafe(e.actor), escape_unsafe(e.action),
                                 escape_unsafe(e.subject), escape_unsafe(e.origin));
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace bc::cli
