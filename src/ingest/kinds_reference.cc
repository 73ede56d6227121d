// The importers of reference data and people: partners, practices, providers,
// the ONS population, persons and their conditions (kinds.h).
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

// --- reference data -------------------------------------------------------

class PartnersImporter : public KindImporter {
  enum { kCode, kName, kKind };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(
        f, upsert_sql("partners", {"partner_code", "partner_name", "kind"}, "partner_code"), &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kKinds[] = {"nhs", "council", "other"};
    auto code = r.id(kCode);
    auto name = r.text(kName);
    auto kind = r.choice(kKind, kKinds);
    if (r.failed()) return;
    st_.bind(1, *code).bind(2, *name).bind(3, *kind).bind(4, r.file().batch_id());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class PracticesImporter : public KindImporter {
  enum { kCode, kName, kClusterCode, kClusterName };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(
        f,
        upsert_sql("practices", {"practice_code", "practice_name", "cluster_code", "cluster_name"},
                   "practice_code"),
        &st_);
  }
  void import_row(Row& r) override {
    auto code = r.ods_code(kCode);
    auto name = r.text(kName);
    auto cluster = r.id(kClusterCode);
    auto cluster_name = r.text(kClusterName);
    if (r.failed()) return;
    st_.bind(1, *code).bind(2, *name).bind(3, *cluster).bind(4, *cluster_name);
    st_.bind(5, r.file().batch_id());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class ProvidersImporter : public KindImporter {
  enum { kCode, kName, kType };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("providers", {"provider_code", "provider_name", "provider_type"},
                                   "provider_code"),
                        &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kTypes[] = {"acute",     "community", "mental_health",
                                                  "care_home", "home_care", "other"};
    auto code = r.ods_code(kCode);
    auto name = r.text(kName);
    auto type = r.choice(kType, kTypes);
    if (r.failed()) return;
    st_.bind(1, *code).bind(2, *name).bind(3, *type).bind(4, r.file().batch_id());
    r.write(st_);
  }

 private:
  Stmt st_;
};

// ONS mid-year population estimates: one row per year, single year of age
// (0 to 89, and 90 for 90 and over) and sex. An estimate is loaded whole:
// a year with rows missing would quietly lower every rate computed from
// it, so finish() refuses any year of the file without all 182 rows.
class PopulationImporter : public KindImporter {
  enum { kYear, kAge, kSex, kPopulation };
  static constexpr int kAges = 91;
  static constexpr size_t kRowsPerYear = 2 * kAges;

  // What the file holds of one year.
  struct YearSeen {
    int64_t first_line = 0;
    std::bitset<kRowsPerYear> rows;  // by age * 2 + (sex == "F")
    bool row_unplaced = false;       // a row whose age or sex could not be read
  };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(
        f, upsert_sql("population", {"year", "age", "sex", "population"}, "year, age, sex"), &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kSexes[] = {"M", "F"};
    std::optional<int64_t> year;
    if (auto fy = FinancialYear::parse(r.get(kYear)); fy.ok()) {
      r.error(kYear, fmt::format("the year of a mid-year estimate is a calendar year, not a "
                                 "financial year ({} for mid-{}, the estimate {} uses)",
                                 fy->start_year(), fy->start_year(), fy->label()));
    } else {
      year = r.integer(kYear, 1900, 2100);
    }
    std::optional<int64_t> age;
    if (auto a = r.integer(kAge, 0, std::numeric_limits<int64_t>::max())) {
      if (*a < kAges)
        age = *a;
      else
        r.error(kAge, "single years of age run from 0 to 90 (90 is 90 and over)");
    }
    std::optional<std::string_view> sex;
    if (std::string_view v = r.get(kSex); v == "U" || v == "u") {
      r.error(kSex, "must be M or F: ONS estimates the population by male and female only");
    } else {
      sex = r.choice(kSex, kSexes);
    }
    auto population = r.integer(kPopulation, 0, 100'000'000);

    if (!year) {
      year_unread_ = true;
    } else {
      YearSeen& seen = years_[*year];
      if (seen.first_line == 0) seen.first_line = r.line();
      if (age && sex)
        seen.rows.set(static_cast<size_t>(*age) * 2 + (*sex == "F" ? 1 : 0));
      else
        seen.row_unplaced = true;
    }
    if (r.failed()) return;
    st_.bind(1, *year).bind(2, *age).bind(3, *sex).bind(4, *population);
    st_.bind(5, r.file().batch_id());
    r.file().note_date(std::to_string(*year));
    r.write(st_);
  }
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
  Stmt st_;
  std::map<int64_t, YearSeen> years_;
  bool year_unread_ = false;
};

// --- people ---------------------------------------------------------------

class PersonsImporter : public KindImporter {
  enum { kNhs, kBirth, kSex, kPractice, kPostcode, kDeath, kRegistered };

 public:
  Status prepare(FileContext& f) override {
    today_ = Date::today_utc();
    return prepare_into(f,
                        upsert_sql("persons",
                                   {"nhs_number", "date_of_birth", "sex", "practice_code",
                                    "postcode_district", "date_of_death", "registered_date"},
                                   "nhs_number"),
                        &st_);
  }
  void import_row(Row& r) override {
    static constexpr std::string_view kSexes[] = {"M", "F", "U"};
    auto nhs = r.nhs_number(kNhs);
    auto born = r.date(kBirth);
    auto sex = r.choice(kSex, kSexes);
    auto practice = r.ods_code(kPractice);
    auto postcode = r.text(kPostcode, 4);
    auto died = r.date(kDeath);
    auto registered = r.date(kRegistered);
    if (born && registered && *registered < *born) {
      r.error(kRegistered, "the registration is before the date of birth");
    }
    if (died && registered && *registered > *died) {
      r.error(kRegistered, "the registration is after the date of death");
    }
    if (born && *born > today_) r.error(kBirth, "the date of birth is in the future");
    if (born && died && *died < *born)
      r.error(kDeath, "the date of death is before the date of birth");
    if (practice) r.check_reference(kPractice, *practice, "practices", "practice_code", "practice");
    if (postcode) {
      bool ok = postcode->size() >= 2 && std::isalpha(static_cast<unsigned char>((*postcode)[0]));
      for (char c : *postcode) ok = ok && std::isalnum(static_cast<unsigned char>(c));
      if (!ok) r.error(kPostcode, "a postcode district is 2 to 4 letters and digits, e.g. SO14");
    }
    if (r.failed()) return;
    std::optional<std::string> district;
    if (postcode) {
      district.emplace(*postcode);
      for (char& c : *district) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    st_.bind(1, nhs->value()).bind(2, born->iso()).bind(3, *sex).bind(4, *practice);
    st_.bind(5, district);
    if (died)
      st_.bind(6, died->iso());
    else
      st_.bind_null(6);
    if (registered)
      st_.bind(7, registered->iso());
    else
      st_.bind_null(7);
    st_.bind(8, r.file().batch_id());
    r.file().note_date(born->iso());
    r.write(st_);
  }

 private:
  Stmt st_;
  Date today_;
};

class ConditionsImporter : public KindImporter {
  enum { kNhs, kCondition, kRecorded };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("conditions", {"nhs_number", "condition", "recorded_date"},
                                   "nhs_number, condition"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto nhs = r.nhs_number(kNhs);
    auto code = r.id(kCondition);
    auto recorded = r.date(kRecorded);
    const ConditionInfo* info = nullptr;
    if (code) {
      info = find_condition(*code);
      if (info == nullptr) {
        r.error(kCondition,
                "not a condition code bettercare knows (see docs/data-formats.md for the list)");
      }
    }
    if (r.failed()) return;
    st_.bind(1, nhs->value()).bind(2, info->code).bind(3, recorded->iso());
    st_.bind(4, r.file().batch_id());
    r.file().note_date(recorded->iso());
    r.link_person(*nhs);
    r.write(st_);
  }

 private:
  Stmt st_;
};

}  // namespace

std::unique_ptr<KindImporter> make_reference_importer(FileKind kind) {
  switch (kind) {
    case FileKind::kPartners:
      return std::make_unique<PartnersImporter>();
    case FileKind::kPractices:
      return std::make_unique<PracticesImporter>();
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
