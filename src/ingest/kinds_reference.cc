// The kinds of reference data and people: partners, practices, providers,
// the ONS population, persons and their conditions. Each kind's column
// table, then the checks its table cannot say (kinds.h).
#include <fmt/format.h>

#include <bitset>
#include <limits>
#include <map>
#include <string>

#include "core/care_home_codes.h"
#include "core/conditions.h"
#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

using T = FieldType;

// --- the column tables --------------------------------------------------------

constexpr std::string_view kPartnerKinds[] = {"nhs", "council", "other"};
constexpr ColumnSpec kPartnerCols[] = {
    {.name = "partner_code",
     .required = true,
     .type = T::kId,
     .store = "partner_code",
     .key = true},
    {.name = "partner_name", .required = true, .type = T::kText, .store = "partner_name"},
    {.name = "kind",
     .required = true,
     .type = T::kChoice,
     .store = "kind",
     .choices = kPartnerKinds},
};

constexpr ColumnSpec kPracticeCols[] = {
    {.name = "practice_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "practice_code",
     .key = true},
    {.name = "practice_name", .required = true, .type = T::kText, .store = "practice_name"},
    {.name = "cluster_code", .required = true, .type = T::kId, .store = "cluster_code"},
    {.name = "cluster_name", .required = true, .type = T::kText, .store = "cluster_name"},
};

constexpr std::string_view kContractStatuses[] = {"contracted", "spot", "not_contracted", "ended"};
constexpr std::string_view kProviderTypes[] = {"acute",     "community", "mental_health",
                                               "care_home", "home_care", "other"};
constexpr ColumnSpec kProviderCols[] = {
    {.name = "provider_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "provider_code",
     .key = true},
    {.name = "provider_name", .required = true, .type = T::kText, .store = "provider_name"},
    {.name = "provider_type",
     .required = true,
     .type = T::kChoice,
     .store = "provider_type",
     .choices = kProviderTypes},
    // The care-provider columns (version 2; the last three are bettercare's).
    {.name = "cqc_location_id", .type = T::kCustom, .store = "cqc_location_id"},
    {.name = "registered_beds",
     .type = T::kInteger,
     .store = "registered_beds",
     .lo = 1,
     .hi = 2000},
    {.name = "owner", .type = T::kText, .store = "owner"},
    {.name = "postcode_district", .type = T::kText, .store = "postcode_district", .max_chars = 4},
    {.name = "care_home_type",
     .type = T::kChoice,
     .store = "care_home_type",
     .choices = kCareHomeSettings},
    {.name = "contract_status",
     .type = T::kChoice,
     .store = "contract_status",
     .choices = kContractStatuses},
};

// ONS mid-year population estimates: one row per year, single year of age
// (0 to 89, and 90 for 90 and over) and sex. year and sex are read by
// PopulationImporter (a financial year and sex U have messages of their
// own).
constexpr ColumnSpec kPopulationCols[] = {
    {.name = "year",
     .required = true,
     .type = T::kCustom,
     .store = "year",
     .key = true,
     .dates_row = true},
    {.name = "age",
     .required = true,
     .type = T::kInteger,
     .store = "age",
     .key = true,
     .lo = 0,
     .hi = std::numeric_limits<int64_t>::max()},
    {.name = "sex", .required = true, .type = T::kCustom, .store = "sex", .key = true},
    {.name = "population",
     .required = true,
     .type = T::kInteger,
     .store = "population",
     .lo = 0,
     .hi = 100'000'000},
};

constexpr Reference kPracticeRef = {"practices", "practice_code", "practice"};
constexpr std::string_view kPersonSexes[] = {"M", "F", "U"};
constexpr ColumnSpec kPersonCols[] = {
    {.name = "nhs_number",
     .required = true,
     .type = T::kNhsNumber,
     .store = "nhs_number",
     .key = true},
    {.name = "date_of_birth",
     .required = true,
     .type = T::kDate,
     .store = "date_of_birth",
     .dates_row = true},
    {.name = "sex", .required = true, .type = T::kChoice, .store = "sex", .choices = kPersonSexes},
    {.name = "practice_code",
     .required = true,
     .type = T::kOdsCode,
     .store = "practice_code",
     .reference = &kPracticeRef,
     .empty_when_unregistered = true},
    {.name = "postcode_district", .type = T::kText, .store = "postcode_district", .max_chars = 4},
    {.name = "date_of_death", .type = T::kDate, .store = "date_of_death"},
    {.name = "registered_date", .type = T::kDate, .store = "registered_date"},
};

constexpr ColumnSpec kConditionCols[] = {
    {.name = "nhs_number",
     .required = true,
     .type = T::kNhsNumber,
     .store = "nhs_number",
     .key = true},
    {.name = "condition", .required = true, .type = T::kId, .store = "condition", .key = true},
    {.name = "recorded_date",
     .required = true,
     .type = T::kDate,
     .store = "recorded_date",
     .dates_row = true},
};

// --- what the tables cannot say ---------------------------------------------

// Refuses a financial year for `year` and sex U, each with its own
// message; and, in finish(), any year of the file without all 182 rows:
// an estimate is loaded whole, as a year with rows missing would quietly
// lower every rate computed from it.
class PopulationImporter : public KindImporter {
  static constexpr int kYear = column_index(kPopulationCols, "year");
  static constexpr int kAge = column_index(kPopulationCols, "age");
  static constexpr int kSex = column_index(kPopulationCols, "sex");
  static constexpr int kAges = 91;
  static constexpr size_t kRowsPerYear = 2 * kAges;

  // What the file holds of one year.
  struct YearSeen {
    int64_t first_line = 0;
    std::bitset<kRowsPerYear> rows;  // by age * 2 + (sex == "F")
    bool row_unplaced = false;       // a row whose age or sex could not be read
  };

 protected:
  void read_custom(Row& r, int col) override {
    static constexpr std::string_view kSexes[] = {"M", "F"};
    if (col == kYear) {
      if (auto fy = FinancialYear::parse(r.get(kYear)); fy.ok()) {
        r.error(kYear, fmt::format("the year of a mid-year estimate is a calendar year, not a "
                                   "financial year ({} for mid-{}, the estimate {} uses)",
                                   fy->start_year(), fy->start_year(), fy->label()));
      } else if (auto year = r.integer(kYear, 1900, 2100)) {
        r.set(kYear, *year);
      }
    } else if (col == kSex) {
      if (std::string_view v = r.get(kSex); v == "U" || v == "u") {
        r.error(kSex, "must be M or F: ONS estimates the population by male and female only");
      } else if (auto sex = r.choice(kSex, kSexes)) {
        r.set(kSex, *sex);
      }
    }
  }
  void check(Row& r, int col) override {
    if (col == kAge && r.as<int64_t>(kAge) >= kAges) {
      r.error(kAge, "single years of age run from 0 to 90 (90 is 90 and over)");
      r.set(kAge, std::monostate{});
    }
  }
  void rules(Row& r) override {
    if (!r.has(kYear)) {
      year_unread_ = true;
      return;
    }
    YearSeen& seen = years_[r.as<int64_t>(kYear)];
    if (seen.first_line == 0) seen.first_line = r.line();
    if (r.has(kAge) && r.has(kSex)) {
      seen.rows.set(static_cast<size_t>(r.as<int64_t>(kAge)) * 2 +
                    (r.as<std::string_view>(kSex) == "F" ? 1 : 0));
    } else {
      seen.row_unplaced = true;
    }
  }

 public:
  void finish(FileContext& f) override {
    // A row that could not be placed has its own problem; counting around
    // it would only report the same row again as a missing one.
    if (year_unread_) return;
    for (const auto& [year, seen] : years_) {
      if (seen.row_unplaced || seen.rows.all()) continue;
      size_t first_missing = 0;
      while (seen.rows.test(first_missing)) ++first_missing;
      const size_t missing = kRowsPerYear - seen.rows.count();
      f.sink().error(Problem{
          f.path(), seen.first_line, std::string(f.spec().columns[kYear].name),
          std::to_string(year),
          fmt::format("mid-{} has {} of the {} rows (ages 0 to 90, M and F): an estimate is "
                      "imported whole (age {} {}{} missing)",
                      year, seen.rows.count(), kRowsPerYear, first_missing / 2,
                      first_missing % 2 == 0 ? "M" : "F",
                      missing == 1 ? " is" : fmt::format(" and {} more are", missing - 1))});
    }
  }

 private:
  std::map<int64_t, YearSeen> years_;
  bool year_unread_ = false;
};

// A postcode district's shape, present in column `col`, stored in capitals.
void check_postcode_district(Row& r, int col) {
  if (!r.has(col)) return;
  std::string district(r.text_of(col));
  bool ok = district.size() >= 2 && std::isalpha(static_cast<unsigned char>(district[0]));
  for (char c : district) ok = ok && std::isalnum(static_cast<unsigned char>(c));
  if (!ok) r.error(col, "a postcode district is 2 to 4 letters and digits, e.g. SO14");
  for (char& c : district) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  r.set(col, std::move(district));
}

// A care provider's columns: a CQC location id is "1-" and digits (stored
// as given); beds and a care home's type belong to care homes only.
class ProvidersImporter : public KindImporter {
  static constexpr int kType = column_index(kProviderCols, "provider_type");
  static constexpr int kCqc = column_index(kProviderCols, "cqc_location_id");
  static constexpr int kBeds = column_index(kProviderCols, "registered_beds");
  static constexpr int kHomeType = column_index(kProviderCols, "care_home_type");
  static constexpr int kPostcode = column_index(kProviderCols, "postcode_district");

 protected:
  void read_custom(Row& r, int col) override {
    if (col != kCqc || r.absent(kCqc)) return;
    const std::string_view v = r.get(kCqc);
    bool ok = v.size() >= 3 && v.size() <= 16 && v.substr(0, 2) == "1-";
    for (char c : v.substr(std::min<size_t>(2, v.size())))
      ok = ok && std::isdigit(static_cast<unsigned char>(c));
    if (!ok) return r.error(kCqc, "a CQC location id is 1- and digits, e.g. 1-123456789");
    r.set(kCqc, std::string(v));
  }
  void rules(Row& r) override {
    const bool care_home = r.has(kType) && r.text_of(kType) == "care_home";
    if (r.has(kBeds) && !care_home && r.has(kType))
      r.error(kBeds, "only a care home has registered beds");
    if (r.has(kHomeType) && !care_home && r.has(kType))
      r.error(kHomeType, "only a care home is residential or nursing");
    check_postcode_district(r, kPostcode);
  }
};

// The dates of a person's life in order, and a postcode district's shape
// (checked after the practice, and stored in capitals).
class PersonsImporter : public KindImporter {
  static constexpr int kBirth = column_index(kPersonCols, "date_of_birth");
  static constexpr int kPostcode = column_index(kPersonCols, "postcode_district");
  static constexpr int kDeath = column_index(kPersonCols, "date_of_death");
  static constexpr int kRegistered = column_index(kPersonCols, "registered_date");

 protected:
  Status prepare_more(FileContext&) override {
    today_ = Date::today_utc();
    return Status();
  }
  void rules(Row& r) override {
    const Date* born = r.has(kBirth) ? &r.as<Date>(kBirth) : nullptr;
    const Date* died = r.has(kDeath) ? &r.as<Date>(kDeath) : nullptr;
    const Date* registered = r.has(kRegistered) ? &r.as<Date>(kRegistered) : nullptr;
    if (born && registered && *registered < *born) {
      r.error(kRegistered, "the registration is before the date of birth");
    }
    if (died && registered && *registered > *died) {
      r.error(kRegistered, "the registration is after the date of death");
    }
    if (born && *born > today_) r.error(kBirth, "the date of birth is in the future");
    if (born && died && *died < *born)
      r.error(kDeath, "the date of death is before the date of birth");
    r.check_references();
    check_postcode_district(r, kPostcode);
  }

 private:
  Date today_;
};

// A condition code bettercare knows (checked once the row is read),
// stored in its canonical spelling.
class ConditionsImporter : public KindImporter {
  static constexpr int kCondition = column_index(kConditionCols, "condition");

 protected:
  void rules(Row& r) override {
    if (!r.has(kCondition)) return;
    const ConditionInfo* info = find_condition(r.text_of(kCondition));
    if (info == nullptr) {
      r.error(kCondition,
              "not a condition code bettercare knows (see docs/data-formats.md for the list)");
    } else {
      r.set(kCondition, info->code);
    }
  }
};

}  // namespace

std::span<const ColumnSpec> reference_columns(FileKind kind) {
  switch (kind) {
    case FileKind::kPartners:
      return kPartnerCols;
    case FileKind::kPractices:
      return kPracticeCols;
    case FileKind::kProviders:
      return kProviderCols;
    case FileKind::kPopulation:
      return kPopulationCols;
    case FileKind::kPersons:
      return kPersonCols;
    case FileKind::kConditions:
      return kConditionCols;
    default:
      return {};
  }
}

std::unique_ptr<KindImporter> make_reference_importer(FileKind kind) {
  switch (kind) {
    case FileKind::kPartners:
    case FileKind::kPractices:
      return std::make_unique<KindImporter>();  // the column table says it all
    case FileKind::kProviders:
      return std::make_unique<ProvidersImporter>();
    case FileKind::kPopulation:
      return std::make_unique<PopulationImporter>();
    case FileKind::kPersons:
      return std::make_unique<PersonsImporter>();
    case FileKind::kConditions:
      return std::make_unique<ConditionsImporter>();
    default:
      return nullptr;
  }
}

}  // namespace bc::ingest
