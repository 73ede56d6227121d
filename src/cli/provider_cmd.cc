// bettercare provider: the city's care homes and home care agencies, each
// with its quality standing as at a date (docs/quality.md): list, show and
// quality.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli.h"
#include "core/utf8.h"
#include "ingest/quality_records.h"
#include "present/csv.h"
#include "quality/provider_data.h"

namespace bc::cli {
namespace {

using ProviderJson = nlohmann::ordered_json;

ProviderJson provider_opt(const std::optional<std::string>& s) {
  return s ? ProviderJson(*s) : ProviderJson(nullptr);
}
ProviderJson provider_opt(const std::optional<int64_t>& v) {
  return v ? ProviderJson(*v) : ProviderJson(nullptr);
}

ProviderJson event_json(const QualityEventRecord& e) {
  return {{"event_id", e.event_id},
          {"event_date", e.event_date},
          {"kind", e.kind},
          {"rating", provider_opt(e.rating)},
          {"safe", provider_opt(e.safe)},
          {"effective", provider_opt(e.effective)},
          {"caring", provider_opt(e.caring)},
          {"responsive", provider_opt(e.responsive)},
          {"well_led", provider_opt(e.well_led)},
          {"outcome", provider_opt(e.outcome)},
          {"details", provider_opt(e.details)}};
}

ProviderJson provider_json(const CareProviderRecord& p, const ProviderStanding& s) {
  const std::optional<double> occ = s.occupancy();
  return {
      {"provider_code", p.code},
      {"provider_name", p.name},
      {"provider_type", p.type},
      {"cqc_location_id", provider_opt(p.cqc_location_id)},
      {"care_home_type", provider_opt(p.care_home_type)},
      {"registered_beds", provider_opt(p.registered_beds)},
      {"owner", provider_opt(p.owner)},
      {"postcode_district", provider_opt(p.postcode_district)},
      {"contract_status", provider_opt(p.contract_status)},
      {"rag", s.rag},
      {"findings", s.findings},
      {"latest_rating",
       s.latest_rating ? provider_opt(s.latest_rating->rating) : ProviderJson(nullptr)},
      {"latest_rating_date",
       s.latest_rating ? ProviderJson(s.latest_rating->event_date) : ProviderJson(nullptr)},
      {"suspended", s.suspended},
      {"safeguarding_concerns", s.concerns},
      {"upheld_concerns", s.upheld_concerns},
      {"complaints", s.complaints},
      {"upheld_complaints", s.upheld_complaints},
      {"last_visit_outcome", provider_opt(s.last_visit_outcome)},
      {"placed", s.placed},
      {"occupancy_pct", occ ? ProviderJson(std::round(*occ * 10) / 10) : ProviderJson(nullptr)}};
}

std::string occupancy_text(const ProviderStanding& s) {
  const std::optional<double> occ = s.occupancy();
  return occ ? fmt::format("{}/{} ({:.0f}%)", s.placed, *s.beds, *occ) : std::to_string(s.placed);
}

std::string rating_text(const ProviderStanding& s) {
  if (!s.latest_rating) return "none";
  return fmt::format("{} ({})", s.latest_rating->rating.value_or(""), s.latest_rating->event_date);
}

void add_provider_list(CLI::App* parent, Globals& g, Runner* run) {
  struct Opts {
    std::string at, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      "list",
      "Every care home and home care agency with its RAG by the quality rule\n"
      "(config/quality.toml; docs/quality.md), latest CQC rating and occupancy, as at a date.");
  cmd->add_option("--at", o->at, "The date (YYYY-MM-DD); today when not given");
  cmd->add_option("--format", o->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o] {
    *run = [&g, o] {
      auto at = date_option_or_today("--at", o->at);
      if (!at.ok()) return fail(at.status());
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto d = read_provider_data(**store);
      if (!d.ok()) return fail(d.status());
      if (d->providers.empty())
        std::cerr << "bettercare: no care providers are loaded (providers.csv with provider_type "
                     "care_home or home_care: docs/data-formats.md)\n";
      ProviderJson all = ProviderJson::array();
      if (o->format == "csv") {
        std::cout << present::csv_line({"provider_code", "provider_name", "provider_type", "rag",
                                        "latest_rating", "latest_rating_date", "suspended",
                                        "placed", "registered_beds", "findings"});
      } else if (o->format == "table") {
        std::cout << fmt::format("Care providers as at {}\n\n", at->iso());
      }
      for (const CareProviderRecord& p : d->providers) {
        const ProviderStanding s = d->standing(p, *at);
        if (o->format == "json") {
          all.push_back(provider_json(p, s));
        } else if (o->format == "csv") {
          std::cout << present::csv_line(
              {p.code, p.name, p.type, s.rag,
               s.latest_rating ? s.latest_rating->rating.value_or("") : "",
               s.latest_rating ? s.latest_rating->event_date : "", s.suspended ? "Y" : "N",
               std::to_string(s.placed),
               p.registered_beds ? std::to_string(*p.registered_beds) : "",
               fmt::format("{}", fmt::join(s.findings, "; "))});
        } else {
          std::cout << fmt::format("{:<7} {:<6} {:<36} {:<34} {}\n", p.code, s.rag,
                                   printable(p.name, 36), rating_text(s), occupancy_text(s));
          for (const std::string& f : s.findings) std::cout << "        " << f << "\n";
        }
      }
      if (o->format == "json")
        std::cout << ProviderJson{{"at", at->iso()}, {"providers", all}}.dump(2) << "\n";
      return static_cast<int>(kExitOk);
    };
  });
}

// The provider named, or NotFound.
Result<CareProviderRecord> provider_named(const ProviderData& d, const std::string& code) {
  for (const CareProviderRecord& p : d.providers)
    if (p.code == code) return p;
  return Status::not_found(
      fmt::format("no care home or home care agency {} (bettercare provider list shows them)",
                  printable(code, 20)));
}

void add_provider_show(CLI::App* parent, Globals& g, Runner* run, bool quality_only) {
  struct Opts {
    std::string code, at, format = "table";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = parent->add_subcommand(
      quality_only ? "quality" : "show",
      quality_only ? "A provider's quality history: CQC ratings (with the five key questions),\n"
                     "safeguarding concerns, complaints, quality visits and suspensions, oldest "
                     "first."
                   : "One provider: its details, its RAG as at a date with the findings behind "
                     "it,\nits concerns and complaints in the window, and occupancy.");
  cmd->add_option("code", o->code, "The provider's code (e.g. VNA01)")->required();
  if (!quality_only) cmd->add_option("--at", o->at, "The date (YYYY-MM-DD); today when not given");
  cmd->add_option("--format", o->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->callback([&g, run, o, quality_only] {
    *run = [&g, o, quality_only] {
      auto at = date_option_or_today("--at", o->at);
      if (!at.ok()) return fail(at.status());
      auto store = open_store_read_only(g);
      if (!store.ok()) return fail(store.status());
      auto d = read_provider_data(**store);
      if (!d.ok()) return fail(d.status());
      auto p = provider_named(*d, o->code);
      if (!p.ok()) return fail(p.status());
      std::vector<QualityEventRecord> events;
      for (const QualityEventRecord& e : d->events)
        if (e.provider_code == p->code) events.push_back(e);
      const ProviderStanding s = d->standing(*p, *at);
      if (o->format == "json") {
        ProviderJson out =
            quality_only ? ProviderJson{{"provider_code", p->code}} : provider_json(*p, s);
        if (!quality_only) {
          ProviderJson dated = {{"at", at->iso()}};
          dated.update(out);
          out = dated;
        }
        ProviderJson list = ProviderJson::array();
        for (const QualityEventRecord& e : events) list.push_back(event_json(e));
        out["events"] = list;
        std::cout << out.dump(2) << "\n";
        return static_cast<int>(kExitOk);
      }
      std::cout << fmt::format("{} {} ({})\n", p->code, printable(p->name, 80), p->type);
      if (!quality_only) {
        std::cout << fmt::format(
            "CQC location {}; owner {}; {}; contract {}\nAs at {}: {}\n",
            p->cqc_location_id.value_or("-"), printable(p->owner.value_or("-"), 60),
            p->postcode_district.value_or("-"), p->contract_status.value_or("-"), at->iso(), s.rag);
        for (const std::string& f : s.findings) std::cout << "  " << f << "\n";
        std::cout << fmt::format(
            "Latest CQC rating: {}\nIn the last {} months: {} safeguarding concerns ({} upheld), "
            "{} complaints ({} upheld)\nPlaced: {}\n",
            rating_text(s), d->rule.window_months, s.concerns, s.upheld_concerns, s.complaints,
            s.upheld_complaints, occupancy_text(s));
        return static_cast<int>(kExitOk);
      }
      for (const QualityEventRecord& e : events) {
        std::string what = e.kind;
        if (e.rating) what += " " + *e.rating;
        if (e.outcome) what += " (" + *e.outcome + ")";
        std::cout << fmt::format("{} {:<9} {:<40} {}\n", e.event_date, e.event_id, what,
                                 printable(e.details.value_or(""), 80));
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace

void add_provider_command(CLI::App& app, Globals& g, Runner* run) {
  auto* cmd = app.add_subcommand(
      "provider",
      "Care homes and home care agencies: their quality and occupancy (docs/quality.md).");
  cmd->require_subcommand(1);
  add_provider_list(cmd, g, run);
  add_provider_show(cmd, g, run, false);
  add_provider_show(cmd, g, run, true);
}

}  // namespace bc::cli
