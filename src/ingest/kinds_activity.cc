// The kinds of activity: hospital spells, A&E attendances, the DToC
// return's delayed and occupied bed days, care home admissions and
// reablement. Each kind's column table, then the checks its table cannot
// say (kinds.h).
#include <fmt/format.h>

#include <string>

#include "core/care_home_codes.h"
#include "core/dtoc_codes.h"
#include "core/hes_codes.h"
#include "core/icd10.h"
#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using T = FieldType;

// --- the column tables --------------------------------------------------------

constexpr Reference kProviderRef = {"providers", "provider_code", "provider"};

// admission_method, the diagnoses and discharge_destination are checked
// against HES's codes and ICD-10, and stored normalised, by SpellsImporter.
constexpr ColumnSpec kSpellCols[] = {
    {.name = "spell_id", .required = true, .type = T::kId, .store = "spell_id", .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "provider_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "provider_code",
     .reference = &kProviderRef},
    {.name = "admission_date",
     .required = true,
     .type = T::kDate,
     .store = "admission_date",
     .dates_row = true},
    {.name = "discharge_date", .type = T::kDate, .store = "discharge_date"},
    {.name = "admission_method",
     .required = true,
     .type = T::kText,
     .store = "admission_method",
     .max_chars = 2},
    {.name = "primary_diagnosis",
     .required = true,
     .type = T::kText,
     .store = "primary_diagnosis",
     .max_chars = 10},
    {.name = "secondary_diagnoses",
     .type = T::kText,
     .store = "secondary_diagnoses",
     .max_chars = 1000},
    {.name = "discharge_destination",
     .type = T::kText,
     .store = "discharge_destination",
     .max_chars = 2},
    {.name = "cost", .type = T::kMoney, .store = "cost_pence"},
};

// department_type is checked and stored with two digits by AeImporter.
constexpr ColumnSpec kAeCols[] = {
    {.name = "attendance_id",
     .required = true,
     .type = T::kId,
     .store = "attendance_id",
     .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "provider_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "provider_code",
     .reference = &kProviderRef},
    {.name = "arrival",
     .required = true,
     .type = T::kDateTime,
     .store = "arrival",
     .dates_row = true},
    {.name = "department_type",
     .required = true,
     .type = T::kText,
     .store = "department_type",
     .max_chars = 2},
    {.name = "disposal", .type = T::kText, .store = "disposal", .max_chars = 50},
};

constexpr ColumnSpec kDelayedCols[] = {
    {.name = "month",
     .required = true,
     .type = T::kMonth,
     .store = "month",
     .key = true,
     .dates_row = true},
    {.name = "provider_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "provider_code",
     .key = true,
     .reference = &kProviderRef},
    {.name = "responsible_org",
     .required = true,
     .type = T::kChoice,
     .store = "responsible_org",
     .key = true,
     .choices = kDtocAgencies},
    {.name = "reason",
     .required = true,
     .type = T::kChoice,
     .store = "reason",
     .key = true,
     .choices = kDtocReasons},
    {.name = "delayed_days",
     .required = true,
     .type = T::kInteger,
     .store = "delayed_days",
     .lo = 0,
     .hi = 1'000'000},
};

constexpr ColumnSpec kBedDayCols[] = {
    {.name = "month",
     .required = true,
     .type = T::kMonth,
     .store = "month",
     .key = true,
     .dates_row = true},
    {.name = "provider_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "provider_code",
     .key = true,
     .reference = &kProviderRef},
    {.name = "occupied_bed_days",
     .required = true,
     .type = T::kInteger,
     .store = "occupied_bed_days",
     .lo = 0,
     .hi = 100'000'000},
};

constexpr std::string_view kYesNo[] = {"Y", "N"};
// permanent (Y or N) is stored as 1 or 0 by CareHomeImporter.
constexpr ColumnSpec kCareHomeCols[] = {
    {.name = "admission_id",
     .required = true,
     .type = T::kId,
     .store = "admission_id",
     .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "admission_date",
     .required = true,
     .type = T::kDate,
     .store = "admission_date",
     .dates_row = true},
    {.name = "setting",
     .required = true,
     .type = T::kChoice,
     .store = "setting",
     .choices = kCareHomeSettings},
    {.name = "permanent",
     .required = true,
     .type = T::kChoice,
     .store = "permanent",
     .choices = kYesNo},
    {.name = "funder",
     .required = true,
     .type = T::kChoice,
     .store = "funder",
     .choices = kCareHomeFunders},
};

constexpr std::string_view kOutcomes[] = {"at_home", "not_at_home", "died", "unknown"};
constexpr ColumnSpec kReablementCols[] = {
    {.name = "episode_id", .required = true, .type = T::kId, .store = "episode_id", .key = true},
    {.name = "nhs_number", .required = true, .type = T::kNhsNumber, .store = "nhs_number"},
    {.name = "discharge_date",
     .required = true,
     .type = T::kDate,
     .store = "discharge_date",
     .dates_row = true},
    {.name = "outcome_91_days",
     .required = true,
     .type = T::kChoice,
     .store = "outcome_91_days",
     .choices = kOutcomes},
};

// --- what the tables cannot say ---------------------------------------------

// HES admission methods and discharge destinations, ICD-10 diagnoses
// (stored normalised: J18.9 as J189, secondary ones joined by ';'), a cost
// that is not negative, and a discharge that is not before the admission.
class SpellsImporter : public KindImporter {
  static constexpr int kAdmitted = column_index(kSpellCols, "admission_date");
  static constexpr int kDischarged = column_index(kSpellCols, "discharge_date");
  static constexpr int kMethod = column_index(kSpellCols, "admission_method");
  static constexpr int kPrimary = column_index(kSpellCols, "primary_diagnosis");
  static constexpr int kSecondary = column_index(kSpellCols, "secondary_diagnoses");
  static constexpr int kDestination = column_index(kSpellCols, "discharge_destination");
  static constexpr int kCost = column_index(kSpellCols, "cost");

 protected:
  void check(Row& r, int col) override {
    switch (col) {
      case kMethod:
        return check_method(r);
      case kPrimary: {
        auto code = Icd10::parse(r.text_of(kPrimary));
        if (code.ok())
          r.set(kPrimary, code->code());
        else
          r.error(kPrimary, code.error());
        return;
      }
      case kSecondary:
        return check_secondary(r);
      case kDestination:
        if (!is_valid_discharge_destination(r.text_of(kDestination))) {
          r.error(kDestination,
                  "not a HES discharge destination code (e.g. 19 usual residence, 54 care home, "
                  "79 died)");
        }
        return;
      case kCost:
        if (r.as<Money>(kCost).pence() < 0) r.error(kCost, "a cost cannot be negative");
        return;
      default:
        return;
    }
  }
  void rules(Row& r) override {
    if (r.has(kAdmitted) && r.has(kDischarged) && r.as<Date>(kDischarged) < r.as<Date>(kAdmitted)) {
      r.error(kDischarged, fmt::format("the discharge is before the admission ({})",
                                       r.as<Date>(kAdmitted).iso()));
    }
  }

 private:
  void check_method(Row& r) {
    std::string_view m = r.text_of(kMethod);
    if (!admission_method_group(m)) {
      r.error(kMethod,
              "not a HES admission method (11-13 elective; 21-25, 2A-2D, 28 emergency; 31-32; "
              "81-83; 98; 99)");
      return;
    }
    std::string method(m);
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    r.set(kMethod, std::move(method));
  }
  // Codes separated by ';' (blanks around them ignored), each ICD-10; the
  // first that is not is the problem. No codes at all is no value.
  void check_secondary(Row& r) {
    std::string joined;
    std::string_view rest = r.text_of(kSecondary);
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
    if (joined.empty())
      r.set(kSecondary, std::monostate{});
    else
      r.set(kSecondary, std::move(joined));
  }
};

// The department type 01 to 04 (1 to 4 accepted), stored with two digits.
class AeImporter : public KindImporter {
  static constexpr int kType = column_index(kAeCols, "department_type");

 protected:
  void check(Row& r, int col) override {
    if (col != kType) return;
    std::string_view t = r.text_of(kType);
    if (is_valid_department_type(t))
      r.set(kType, std::string(t.size() == 1 ? "0" : "").append(t));  // "1" is "01"
    else
      r.error(kType, "the department type must be 01, 02, 03 or 04");
  }
};

// permanent: Y or N, stored as 1 or 0.
class CareHomeImporter : public KindImporter {
  static constexpr int kPermanent = column_index(kCareHomeCols, "permanent");

 protected:
  void check(Row& r, int col) override {
    if (col == kPermanent) r.set(kPermanent, int64_t{r.text_of(kPermanent) == "Y" ? 1 : 0});
  }
};

}  // namespace

std::span<const ColumnSpec> activity_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kSpells:
      return kSpellCols;
    case FileKind::kAeAttendances:
      return kAeCols;
    case FileKind::kDelayedDays:
      return kDelayedCols;
    case FileKind::kBedDays:
      return kBedDayCols;
    case FileKind::kCareHomeAdmissions:
      return kCareHomeCols;
    case FileKind::kReablement:
      return kReablementCols;
    default:
      return {};
  }
}

std::unique_ptr<KindImporter> make_activity_importer(FileKind kind) {
  switch (kind) {
    case FileKind::kSpells:
      return std::make_unique<SpellsImporter>();
    case FileKind::kAeAttendances:
      return std::make_unique<AeImporter>();
    case FileKind::kCareHomeAdmissions:
      return std::make_unique<CareHomeImporter>();
    case FileKind::kDelayedDays:
    case FileKind::kBedDays:
    case FileKind::kReablement:
      return std::make_unique<KindImporter>();  // the column table says it all
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
