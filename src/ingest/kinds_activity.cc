// The importers of activity: hospital spells, A&E attendances, the DToC
// return's delayed and occupied bed days, care home admissions and
// reablement (kinds.h).
#include "core/care_home_codes.h"
#include "core/dtoc_codes.h"
#include "ingest/kinds.h"

#include <fmt/format.h>

#include <array>
#include <bitset>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/conditions.h"
#include "core/hes_codes.h"
#include "core/icd10.h"

namespace bc::ingest {
namespace {

// --- activity ---------------------------------------------------------------

class SpellsImporter : public KindImporter {
  enum {
    kId,
    kNhs,
    kProvider,
    kAdmitted,
    kDischarged,
    kMethod,
    kPrimary,
    kSecondary,
    kDestination,
    kCost
  };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("spells",
                                   {"spell_id", "nhs_number", "provider_code", "admission_date",
                                    "discharge_date", "admission_method", "primary_diagnosis",
                                    "secondary_diagnoses", "discharge_destination", "cost_pence"},
                                   "spell_id"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto id = r.id(kId);
    auto nhs = r.nhs_number(kNhs);
    auto provider = r.ods_code(kProvider);
    auto admitted = r.date(kAdmitted);
    auto discharged = r.date(kDischarged);
    std::optional<std::string> method;
    if (auto m = r.text(kMethod, 2)) {
      if (!admission_method_group(*m)) {
        r.error(kMethod,
                "not a HES admission method (11-13 elective; 21-25, 2A-2D, 28 emergency; 31-32; "
                "81-83; 98; 99)");
      } else {
        method.emplace(*m);
        for (char& c : *method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
    std::optional<std::string> primary;
    if (auto p = r.text(kPrimary, 10)) {
      auto code = Icd10::parse(*p);
      if (code.ok())
        primary = code->code();
      else
        r.error(kPrimary, code.error());
    }
    std::optional<std::string> secondary;
    if (auto s = r.text(kSecondary, 1000)) {
      std::string joined;
      std::string_view rest = *s;
      while (!rest.empty()) {
        size_t semi = rest.find(';');
        std::string_view part = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (part.empty()) continue;
        auto code = Icd10::parse(part);
        if (!code.ok()) {
          r.error(kSecondary, fmt::format("'{}': {}", part, code.error()));
          break;
        }
        joined += (joined.empty() ? "" : ";") + code->code();
      }
      if (!joined.empty()) secondary = std::move(joined);
    }
    std::optional<std::string_view> destination = r.text(kDestination, 2);
    if (destination && !is_valid_discharge_destination(*destination)) {
      r.error(
          kDestination,
          "not a HES discharge destination code (e.g. 19 usual residence, 54 care home, 79 died)");
    }
    auto cost = r.money(kCost);
    if (cost && cost->pence() < 0) r.error(kCost, "a cost cannot be negative");
    if (admitted && discharged && *discharged < *admitted) {
      r.error(kDischarged,
              fmt::format("the discharge is before the admission ({})", admitted->iso()));
    }
    if (provider) r.check_reference(kProvider, *provider, "providers", "provider_code", "provider");
    if (r.failed()) return;
    // The hot path of a large import: every string bound here lives until
    // write() has stepped the statement, so SQLite need not copy it.
    const std::string admitted_iso = admitted->iso();
    const std::string discharged_iso = discharged ? discharged->iso() : std::string();
    st_.bind_static(1, *id).bind(2, nhs->value()).bind_static(3, *provider);
    st_.bind_static(4, admitted_iso);
    if (discharged)
      st_.bind_static(5, discharged_iso);
    else
      st_.bind_null(5);
    st_.bind_static(6, *method).bind_static(7, *primary);
    if (secondary)
      st_.bind_static(8, *secondary);
    else
      st_.bind_null(8);
    if (destination)
      st_.bind_static(9, *destination);
    else
      st_.bind_null(9);
    if (cost)
      st_.bind(10, cost->pence());
    else
      st_.bind_null(10);
    st_.bind(11, r.file().batch_id());
    r.file().note_date(admitted_iso);
    r.link_person(*nhs);
    r.write(st_);
  }

 private:
  Stmt st_;
};

class AeImporter : public KindImporter {
  enum { kId, kNhs, kProvider, kArrival, kType, kDisposal };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("ae_attendances",
                                   {"attendance_id", "nhs_number", "provider_code", "arrival",
                                    "department_type", "disposal"},
                                   "attendance_id"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto id = r.id(kId);
    auto nhs = r.nhs_number(kNhs);
    auto provider = r.ods_code(kProvider);
    auto arrival = r.date_time(kArrival);
    std::optional<std::string> type;
    if (auto t = r.text(kType, 2)) {
      if (is_valid_department_type(*t))
        type = std::string(t->size() == 1 ? "0" : "").append(*t);  // "1" is "01"
      else
        r.error(kType, "the department type must be 01, 02, 03 or 04");
    }
    auto disposal = r.text(kDisposal, 50);
    if (provider) r.check_reference(kProvider, *provider, "providers", "provider_code", "provider");
    if (r.failed()) return;
    st_.bind(1, *id).bind(2, nhs->value()).bind(3, *provider).bind(4, arrival->iso());
    st_.bind(5, *type).bind(6, disposal).bind(7, r.file().batch_id());
    r.file().note_date(arrival->date().iso());
    r.link_person(*nhs);
    r.write(st_);
  }

 private:
  Stmt st_;
};

class DelayedDaysImporter : public KindImporter {
  enum { kMonth, kProvider, kOrg, kReason, kDays };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(
        f,
        upsert_sql("delayed_days",
                   {"month", "provider_code", "responsible_org", "reason", "delayed_days"},
                   "month, provider_code, responsible_org, reason"),
        &st_);
  }
  void import_row(Row& r) override {
    auto month = r.month(kMonth);
    auto provider = r.ods_code(kProvider);
    auto org = r.choice(kOrg, kDtocAgencies);
    auto reason = r.choice(kReason, kDtocReasons);
    auto days = r.integer(kDays, 0, 1'000'000);
    if (provider) r.check_reference(kProvider, *provider, "providers", "provider_code", "provider");
    if (r.failed()) return;
    st_.bind(1, month->iso()).bind(2, *provider).bind(3, *org).bind(4, *reason).bind(5, *days);
    st_.bind(6, r.file().batch_id());
    r.file().note_date(month->iso());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class BedDaysImporter : public KindImporter {
  enum { kMonth, kProvider, kDays };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("bed_days", {"month", "provider_code", "occupied_bed_days"},
                                   "month, provider_code"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto month = r.month(kMonth);
    auto provider = r.ods_code(kProvider);
    auto days = r.integer(kDays, 0, 100'000'000);
    if (provider) r.check_reference(kProvider, *provider, "providers", "provider_code", "provider");
    if (r.failed()) return;
    st_.bind(1, month->iso()).bind(2, *provider).bind(3, *days).bind(4, r.file().batch_id());
    r.file().note_date(month->iso());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class CareHomeImporter : public KindImporter {
  enum { kId, kNhs, kDate, kSetting, kPermanent, kFunder };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("care_home_admissions",
                                   {"admission_id", "nhs_number", "admission_date", "setting",
                                    "permanent", "funder"},
                                   "admission_id"),
                        &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kYesNo[] = {"Y", "N"};
    auto id = r.id(kId);
    auto nhs = r.nhs_number(kNhs);
    auto date = r.date(kDate);
    auto setting = r.choice(kSetting, kCareHomeSettings);
    auto permanent = r.choice(kPermanent, kYesNo);
    auto funder = r.choice(kFunder, kCareHomeFunders);
    if (r.failed()) return;
    st_.bind(1, *id).bind(2, nhs->value()).bind(3, date->iso()).bind(4, *setting);
    st_.bind(5, *permanent == "Y" ? 1 : 0).bind(6, *funder).bind(7, r.file().batch_id());
    r.file().note_date(date->iso());
    r.link_person(*nhs);
    r.write(st_);
  }

 private:
  Stmt st_;
};

class ReablementImporter : public KindImporter {
  enum { kId, kNhs, kDate, kOutcome };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(
        f,
        upsert_sql("reablement", {"episode_id", "nhs_number", "discharge_date", "outcome_91_days"},
                   "episode_id"),
        &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kOutcomes[] = {"at_home", "not_at_home", "died", "unknown"};
    auto id = r.id(kId);
    auto nhs = r.nhs_number(kNhs);
    auto date = r.date(kDate);
    auto outcome = r.choice(kOutcome, kOutcomes);
    if (r.failed()) return;
    st_.bind(1, *id).bind(2, nhs->value()).bind(3, date->iso()).bind(4, *outcome);
    st_.bind(5, r.file().batch_id());
    r.file().note_date(date->iso());
    r.link_person(*nhs);
    r.write(st_);
  }

 private:
  Stmt st_;
};

}  // namespace

std::unique_ptr<KindImporter> make_activity_importer(FileKind kind) {
  switch (kind) {
    case FileKind::kSpells:
      return std::make_unique<SpellsImporter>();
    case FileKind::kAeAttendances:
      return std::make_unique<AeImporter>();
    case FileKind::kDelayedDays:
      return std::make_unique<DelayedDaysImporter>();
    case FileKind::kBedDays:
      return std::make_unique<BedDaysImporter>();
    case FileKind::kCareHomeAdmissions:
      return std::make_unique<CareHomeImporter>();
    case FileKind::kReablement:
      return std::make_unique<ReablementImporter>();
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
