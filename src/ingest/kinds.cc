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

// INSERT ... ON CONFLICT(key) DO UPDATE ... WHERE the stored row came from
// an earlier batch. A row of this batch with the same key is left alone, so
// the statement changes nothing, which Row::write reports as a duplicate.
// Parameters: the columns in order, then the batch id.
std::string upsert_sql(std::string_view table, std::initializer_list<std::string_view> columns,
                       std::string_view key) {
  std::string names, params, updates;
  for (std::string_view c : columns) {
    names += fmt::format("{}, ", c);
    params += "?, ";
    updates += fmt::format("{0} = excluded.{0}, ", c);
  }
  return fmt::format(
      "INSERT INTO {0} ({1}batch_id) VALUES ({2}?) ON CONFLICT ({3}) DO UPDATE SET {4}"
      "batch_id = excluded.batch_id WHERE {0}.batch_id <> excluded.batch_id",
      table, names, params, key, updates);
}

Status prepare_into(FileContext& f, const std::string& sql, Stmt* out) {
  auto st = f.db().prepare(sql);
  if (!st.ok()) return st.status();
  *out = std::move(*st);
  return Status();
}

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

// --- finance ----------------------------------------------------------------

// Parses a risk share: "own", or "shared:CODE=PCT;CODE=PCT" with
// percentages of at most two decimals summing to exactly 100. Shares come
// back in basis points.
struct RiskShare {
  bool own = true;
  std::map<std::string, int64_t> shares_bp;
  std::string canonical;
};

Result<RiskShare> parse_risk_share(std::string_view text) {
  RiskShare rs;
  if (text == "own" || text == "OWN" || text == "Own") {
    rs.canonical = "own";
    return rs;
  }
  constexpr std::string_view kPrefix = "shared:";
  if (text.size() <= kPrefix.size() || text.substr(0, kPrefix.size()) != kPrefix) {
    return Status::invalid_data(
        "must be 'own' or 'shared:CODE=PCT;CODE=PCT' (e.g. shared:CCG=50;SCC=50)");
  }
  rs.own = false;
  std::string_view rest = text.substr(kPrefix.size());
  int64_t total = 0;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::invalid_data(fmt::format("'{}' is not CODE=PCT", part));
    }
    std::string code(part.substr(0, eq));
    auto pct =
        Money::parse(part.substr(eq + 1));  // the same "at most two decimals" rule, in hundredths
    if (!pct.ok() || pct->pence() < 0 || part.find_first_of("£,", eq) != std::string_view::npos) {
      return Status::invalid_data(
          fmt::format("'{}' is not a percentage with at most two decimals", part.substr(eq + 1)));
    }
    if (!rs.shares_bp.emplace(code, pct->pence()).second) {
      return Status::invalid_data(fmt::format("partner {} is named twice", code));
    }
    total += pct->pence();
  }
  if (rs.shares_bp.size() < 2)
    return Status::invalid_data("a shared risk needs at least two partners");
  if (total != 10000) {
    return Status::invalid_data(
        fmt::format("the percentages sum to {}, not 100", Money::from_pence(total).to_plain()));
  }
  rs.canonical = "shared:";
  for (const auto& [code, bp] : rs.shares_bp) {
    std::string pct = Money::from_pence(bp).to_plain();
    if (pct.ends_with(".00")) pct.resize(pct.size() - 3);
    rs.canonical += fmt::format("{}{}={}", rs.canonical.size() == 7 ? "" : ";", code, pct);
  }
  return rs;
}

class SchemesImporter : public KindImporter {
  enum { kCode, kName, kHost, kManager, kRiskShare };

 public:
  Status prepare(FileContext& f) override {
    Status s = prepare_into(
        f,
        upsert_sql("schemes",
                   {"scheme_code", "scheme_name", "host", "pooled_budget_manager", "risk_share"},
                   "scheme_code"),
        &st_);
    if (s.ok())
      s = prepare_into(f, "DELETE FROM scheme_risk_shares WHERE scheme_code = ?", &clear_);
    if (s.ok()) {
      s = prepare_into(
          f,
          "INSERT INTO scheme_risk_shares (scheme_code, partner_code, share_bp) VALUES (?, ?, ?)",
          &share_);
    }
    return s;
  }
  void import_row(Row& r) override {
    auto code = r.id(kCode);
    auto name = r.text(kName);
    auto host = r.id(kHost);
    auto manager = r.text(kManager);
    auto share_text = r.text(kRiskShare);
    if (host) r.check_reference(kHost, std::string(*host), "partners", "partner_code", "partner");
    std::optional<RiskShare> share;
    if (share_text) {
      auto parsed = parse_risk_share(*share_text);
      if (!parsed.ok()) {
        r.error(kRiskShare, parsed.error());
      } else {
        for (const auto& [partner, bp] : parsed->shares_bp) {
          (void)bp;
          if (r.file().codes("partners", "partner_code").count(partner) == 0) {
            r.error(kRiskShare, fmt::format("no such partner {} (it must be in partners.csv, in "
                                            "the store or in this batch)",
                                            partner));
          }
        }
        share = std::move(*parsed);
      }
    }
    if (r.failed()) return;
    st_.bind(1, *code).bind(2, *name).bind(3, *host).bind(4, manager).bind(5, share->canonical);
    st_.bind(6, r.file().batch_id());
    r.write(st_);
    if (r.failed()) return;
    clear_.bind(1, *code);
    (void)clear_.run();
    for (const auto& [partner, bp] : share->shares_bp) {
      share_.bind(1, *code).bind(2, partner).bind(3, bp);
      Status s = share_.run();
      if (!s.ok()) r.error(kRiskShare, "the store refused the risk share: " + s.message());
    }
  }

 private:
  Stmt st_, clear_, share_;
};

class BudgetsImporter : public KindImporter {
  enum { kYear, kScheme, kPartner, kStream, kAmount, kProfile };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("budgets",
                                   {"financial_year", "scheme_code", "partner_code",
                                    "funding_stream", "amount_pence", "profile"},
                                   "financial_year, scheme_code, partner_code, funding_stream"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto year = r.financial_year(kYear);
    auto scheme = r.id(kScheme);
    auto partner = r.id(kPartner);
    auto stream = r.text(kStream, 100);
    auto amount = r.money(kAmount);
    // An optional monthly profile: twelve non-negative weights, M1..M12.
    std::optional<std::string> profile;
    if (auto text = r.text(kProfile, 200)) {
      std::vector<double> w;
      std::string_view rest = *text;
      bool ok = true;
      while (ok && !rest.empty()) {
        size_t semi = rest.find(';');
        std::string_view part = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
        double v = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        ok = ec == std::errc() && p == part.data() + part.size() && v >= 0 && std::isfinite(v);
        w.push_back(v);
      }
      double total = 0;
      for (double v : w) total += v;
      if (!ok || w.size() != 12 || total <= 0) {
        r.error(kProfile,
                "a profile is twelve non-negative weights for M1 to M12 separated by ';', not all "
                "zero");
      } else {
        profile.emplace(*text);
      }
    }
    if (scheme)
      r.check_reference(kScheme, std::string(*scheme), "schemes", "scheme_code", "scheme");
    if (partner)
      r.check_reference(kPartner, std::string(*partner), "partners", "partner_code", "partner");
    if (r.failed()) return;
    st_.bind(1, year->label()).bind(2, *scheme).bind(3, *partner).bind(4, *stream);
    st_.bind(5, amount->pence()).bind(6, profile).bind(7, r.file().batch_id());
    r.file().note_date(year->label());
    r.write(st_);
  }

 private:
  Stmt st_;
};

class LedgerImporter : public KindImporter {
  enum { kYear, kMonth, kScheme, kPartner, kActual, kForecast };

 public:
  Status prepare(FileContext& f) override {
    return prepare_into(f,
                        upsert_sql("ledger",
                                   {"financial_year", "month", "scheme_code", "partner_code",
                                    "actual_pence", "forecast_outturn_pence"},
                                   "financial_year, month, scheme_code, partner_code"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto year = r.financial_year(kYear);
    std::optional<int> month;
    if (!r.absent(kMonth)) {
      auto m = parse_financial_month(r.get(kMonth));
      if (m.ok())
        month = *m;
      else
        r.error(kMonth, "the month must be 1 to 12 (1 = April), or M1 to M12");
    }
    auto scheme = r.id(kScheme);
    auto partner = r.id(kPartner);
    auto actual = r.money(kActual);
    auto forecast = r.money(kForecast);
    if (scheme)
      r.check_reference(kScheme, std::string(*scheme), "schemes", "scheme_code", "scheme");
    if (partner)
      r.check_reference(kPartner, std::string(*partner), "partners", "partner_code", "partner");
    if (r.failed()) return;
    st_.bind(1, year->label()).bind(2, *month).bind(3, *scheme).bind(4, *partner);
    st_.bind(5, actual->pence());
    if (forecast)
      st_.bind(6, forecast->pence());
    else
      st_.bind_null(6);
    st_.bind(7, r.file().batch_id());
    r.file().note_date(year->month(*month).iso());
    r.write(st_);
  }

 private:
  Stmt st_;
};

// --- plans ------------------------------------------------------------------

class PlansImporter : public KindImporter {
  enum { kMetric, kMonth, kValue };

 public:
  explicit PlansImporter(std::vector<PlanMetricSpec> metrics) : metrics_(std::move(metrics)) {
    if (metrics_.empty()) metrics_ = national_plan_metrics();
  }
  Status prepare(FileContext& f) override {
    return prepare_into(f, upsert_sql("plans", {"metric", "month", "value"}, "metric, month"),
                        &st_);
  }
  void import_row(Row& r) override {
    auto metric = r.id(kMetric);
    auto month = r.month(kMonth);
    auto value = r.number(kValue);
    const PlanMetricSpec* pm = nullptr;
    if (metric) {
      for (const auto& m : metrics_) {
        if (m.id == *metric) pm = &m;
      }
      if (pm == nullptr) {
        std::string ids;
        for (const auto& m : metrics_) ids += (ids.empty() ? "" : ", ") + m.id;
        r.error(kMetric, "not a metric id; the metrics are " + ids);
      }
    }
    if (pm && value) {
      if (*value < 0)
        r.error(kValue, "a plan cannot be negative");
      else if (pm->unit == "percent" && *value > 100)
        r.error(kValue, "a percentage cannot exceed 100");
    }
    if (r.failed()) return;
    st_.bind(1, pm->id).bind(2, month->iso()).bind(3, *value).bind(4, r.file().batch_id());
    r.file().note_date(month->iso());
    r.write(st_);
  }

 private:
  Stmt st_;
  std::vector<PlanMetricSpec> metrics_;
};

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
        type = t->size() == 1 ? "0" + std::string(*t) : std::string(*t);
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
    static constexpr std::string_view kOrgs[] = {"NHS", "Social Care", "Both"};
    static constexpr std::string_view kReasons[] = {"A", "B", "C", "D(i)", "D(ii)",
                                                    "E", "F", "G", "H",    "I"};
    auto month = r.month(kMonth);
    auto provider = r.ods_code(kProvider);
    auto org = r.choice(kOrg, kOrgs);
    auto reason = r.choice(kReason, kReasons);
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
    static constexpr std::string_view kSettings[] = {"residential", "nursing"};
    static constexpr std::string_view kYesNo[] = {"Y", "N"};
    static constexpr std::string_view kFunders[] = {"council", "nhs", "self", "other_la"};
    auto id = r.id(kId);
    auto nhs = r.nhs_number(kNhs);
    auto date = r.date(kDate);
    auto setting = r.choice(kSetting, kSettings);
    auto permanent = r.choice(kPermanent, kYesNo);
    auto funder = r.choice(kFunder, kFunders);
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

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options) {
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
    case FileKind::kSchemes:
      return std::make_unique<SchemesImporter>();
    case FileKind::kBudgets:
      return std::make_unique<BudgetsImporter>();
    case FileKind::kLedger:
      return std::make_unique<LedgerImporter>();
    case FileKind::kPlans:
      return std::make_unique<PlansImporter>(options.plan_metrics);
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
  }
  return nullptr;
}

}  // namespace bc::ingest

namespace bc {

std::vector<PlanMetricSpec> national_plan_metrics() {
  return {{"nel_admissions", "count"},
          {"ae_attendances", "count"},
          {"delayed_days", "count"},
          {"dtoc_rate", "percent"},
          {"dtoc_days_per_100k_18", "per_100k"},
          {"permanent_admissions_65", "count"},
          {"permanent_admissions_65_rate", "per_100k"},
          {"reablement_91", "percent"},
          {"falls_injuries_65", "count"},
          {"falls_injuries_65_rate", "per_100k"},
          {"falls_injuries_65_dsr", "per_100k"},
          {"falls_injuries_65_79_dsr", "per_100k"},
          {"falls_injuries_80_dsr", "per_100k"}};
}

}  // namespace bc
