#include "risk_sql.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "care/features.h"
#include "care/frailty.h"
#include "core/conditions.h"

namespace bench {
namespace {

// Writes SQL in one dialect: dates are 'YYYY-MM-DD' text in both.
class Writer {
 public:
  Writer(const bc::RiskModel& model, bool sqlite) : model_(model), sqlite_(sqlite) {}

  // A coefficient by its id (risk_model.h), or the intercept for "".
  std::string coef(std::string_view id) const {
    size_t pos = 0;
    if (!id.empty()) {
      const auto features = bc::risk_features();
      size_t k = 0;
      while (k < features.size() && features[k].id != id) ++k;
      if (k == features.size()) throw std::logic_error(fmt::format("no coefficient {}", id));
      pos = k + 1;
    }
    if (sqlite_) return fmt::format("?{}", pos + 1);
    const double v = pos == 0 ? model_.intercept : model_.coefficients[pos - 1];
    return fmt::format("CAST('{}' AS DOUBLE)", v);
  }
  // Days since an epoch of a 'YYYY-MM-DD' text.
  std::string days(const std::string& x) const {
    return sqlite_ ? fmt::format("julianday({})", x)
                   : fmt::format("(CAST({} AS DATE) - DATE '1970-01-01')", x);
  }
  // The person's coefficients (risk_model.h), summed in the engine's order.
  std::string eta() const {
    std::string s = coef("");
    auto add = [&](const std::string& e) { s = fmt::format("({} + {})", s, e); };
    add(fmt::format(
        "CASE WHEN age < 1 THEN {} WHEN age < 5 THEN {} WHEN age < 18 THEN {} WHEN age < 30 THEN 0 "
        "WHEN age < 45 THEN {} WHEN age < 55 THEN {} WHEN age < 65 THEN {} WHEN age < 70 THEN {} "
        "WHEN age < 75 THEN {} WHEN age < 80 THEN {} WHEN age < 85 THEN {} WHEN age < 90 THEN {} "
        "ELSE {} END",
        coef("age_0"), coef("age_1_4"), coef("age_5_17"), coef("age_30_44"), coef("age_45_54"),
        coef("age_55_64"), coef("age_65_69"), coef("age_70_74"), coef("age_75_79"),
        coef("age_80_84"), coef("age_85_89"), coef("age_90_plus")));
    add(fmt::format("CASE WHEN female = 1 THEN {} ELSE 0 END", coef("female")));
    add(fmt::format(
        "CASE WHEN em = 0 THEN 0 WHEN em = 1 THEN {} WHEN em = 2 THEN {} WHEN em = 3 THEN {} "
        "ELSE {} END",
        coef("emergency_1"), coef("emergency_2"), coef("emergency_3"), coef("emergency_4_plus")));
    add(fmt::format("CASE WHEN emb = 0 THEN 0 WHEN emb = 1 THEN {} ELSE {} END",
                    coef("emergency_before_1"), coef("emergency_before_2_plus")));
    add(fmt::format(
        "CASE WHEN ae = 0 THEN 0 WHEN ae = 1 THEN {} WHEN ae = 2 THEN {} WHEN ae = 3 THEN {} "
        "WHEN ae <= 5 THEN {} ELSE {} END",
        coef("ae_1"), coef("ae_2"), coef("ae_3"), coef("ae_4_5"), coef("ae_6_plus")));
    add(fmt::format(
        "CASE WHEN aeb = 0 THEN 0 WHEN aeb = 1 THEN {} WHEN aeb = 2 THEN {} ELSE {} END",
        coef("ae_before_1"), coef("ae_before_2"), coef("ae_before_3_plus")));
    add(fmt::format(
        "CASE WHEN beds = 0 THEN 0 WHEN beds <= 7 THEN {} WHEN beds <= 21 THEN {} ELSE {} END",
        coef("bed_days_1_7"), coef("bed_days_8_21"), coef("bed_days_22_plus")));
    add(fmt::format(
        "CASE WHEN efi = 0 THEN 0 WHEN efi = 1 THEN {} WHEN efi = 2 THEN {} WHEN efi = 3 THEN {} "
        "WHEN efi = 4 THEN {} WHEN efi <= 6 THEN {} WHEN efi <= 8 THEN {} WHEN efi <= 12 THEN {} "
        "ELSE {} END",
        coef("efi_fit_1"), coef("efi_fit_2"), coef("efi_fit_3"), coef("efi_fit_4"),
        coef("efi_mild_5_6"), coef("efi_mild_7_8"), coef("efi_moderate"), coef("efi_severe")));
    add(fmt::format("CASE WHEN hfrs < 50 THEN 0 WHEN hfrs <= 150 THEN {} ELSE {} END",
                    coef("hfrs_intermediate"), coef("hfrs_high")));
    add(fmt::format("CASE WHEN home = 1 THEN {} ELSE 0 END", coef("care_home")));
    add(fmt::format("CASE WHEN reab = 1 THEN {} ELSE 0 END", coef("reablement")));
    add(fmt::format("CASE WHEN ltc >= 3 THEN {} ELSE 0 END", coef("ltc_multiple")));
    for (const bc::ConditionInfo* c : bc::long_term_condition_codes()) {
      add(fmt::format("CASE WHEN ltc_{0} = 1 THEN {1} ELSE 0 END", c->code,
                      coef(fmt::format("ltc_{}", c->code))));
    }
    return s;
  }

 private:
  const bc::RiskModel& model_;
  bool sqlite_;
};

// The condition list and the HFRS weights as VALUES rows.
std::string condition_rows() {
  std::vector<std::string> rows;
  for (const auto& c : bc::all_conditions())
    rows.push_back(fmt::format("('{}', {})", c.code, c.efi_deficit ? 1 : 0));
  return fmt::format("{}", fmt::join(rows, ", "));
}
std::string hfrs_rows() {
  std::vector<std::string> rows;
  for (const auto& c : bc::HfrsTable::builtin().categories())
    rows.push_back(fmt::format("('{}', {})", std::string_view(c.code, 3), c.tenths));
  return fmt::format("{}", fmt::join(rows, ", "));
}

// "capped at 65,535", as the engine's counters.
std::string capped(const std::string& x) {
  return fmt::format("CASE WHEN {0} > 65535 THEN 65535 ELSE {0} END", x);
}

}  // namespace

const std::array<const char*, kRiskChecks>& risk_check_names() {
  static const std::array<const char*, kRiskChecks> kNames = {"population",
                                                              "sum of ages",
                                                              "female",
                                                              "emergency admissions",
                                                              "A&E attendances",
                                                              "bed days",
                                                              "reablement",
                                                              "care home residents",
                                                              "long-term conditions",
                                                              "eFI deficits",
                                                              "aged 75+ (HFRS scored)",
                                                              "HFRS (tenths)",
                                                              "scores (sum of round(risk * 1e9))"};
  return kNames;
}

std::string risk_sql(const bc::RiskModel& model, bc::Date at_date, bool sqlite) {
  const Writer w(model, sqlite);
  const std::string at = fmt::format("'{}'", at_date.iso());
  const std::string year_ago = fmt::format("'{}'", bc::add_months(at_date, -12).iso());
  const std::string two_years_ago = fmt::format("'{}'", bc::add_months(at_date, -24).iso());
  const std::string hfrs_from = fmt::format("'{}'", bc::hfrs_window_start(at_date).iso());
  // Counts of the last 12 months and of the 12 before them.
  auto in_last_year = [&](const std::string& day) {
    return fmt::format("sum(CASE WHEN {} >= {} THEN 1 ELSE 0 END)", day, year_ago);
  };
  auto in_year_before = [&](const std::string& day) {
    return fmt::format("sum(CASE WHEN {} < {} THEN 1 ELSE 0 END)", day, year_ago);
  };
  // Each long-term condition recorded, one column each.
  std::vector<std::string> ltc_flags, ltc_columns;
  for (const bc::ConditionInfo* c : bc::long_term_condition_codes()) {
    ltc_flags.push_back(fmt::format(
        "max(CASE WHEN lower(c.condition) = '{0}' THEN 1 ELSE 0 END) AS ltc_{0}", c->code));
    ltc_columns.push_back(fmt::format("coalesce(cond.ltc_{0}, 0) AS ltc_{0}", c->code));
  }
  const std::string arrival_day = "substr(arrival, 1, 10)";
  const std::string out = fmt::format("coalesce(nullif(discharge_date, ''), {})", at);
  // Each secondary diagnosis of a spell s, one per row.
  const std::string secondary =
      sqlite ? "SELECT s.nhs_number, j.value AS code FROM hfrs_spells s, json_each('[\"' || "
               "replace(s.secondary_diagnoses, ';', '\",\"') || '\"]') j"
             : "SELECT nhs_number, unnest(string_split(secondary_diagnoses, ';')) AS code FROM "
               "hfrs_spells";
  return fmt::format(
      R"(WITH
kinds(code, efi) AS (VALUES {conditions}),
weights(code, tenths) AS (VALUES {weights}),
pop AS (
  SELECT nhs_number,
    CAST(substr({at}, 1, 4) AS INT) - CAST(substr(date_of_birth, 1, 4) AS INT)
      - CASE WHEN substr({at}, 6, 5) < substr(date_of_birth, 6, 5) THEN 1 ELSE 0 END AS age,
    CASE WHEN sex = 'F' THEN 1 ELSE 0 END AS female
  FROM persons
  WHERE date_of_birth <= {at} AND coalesce(nullif(registered_date, ''), date_of_birth) <= {at}
    AND (nullif(date_of_death, '') IS NULL OR date_of_death > {at})),
em AS (
  SELECT nhs_number, {em_n} AS n, {em_b} AS nb FROM spells
  WHERE admission_method IN ('21','22','23','24','25','2A','2B','2C','2D','28')
    AND admission_date >= {two_years_ago} AND admission_date < {at} GROUP BY nhs_number),
ae AS (
  SELECT nhs_number, {ae_n} AS n, {ae_b} AS nb FROM ae_attendances
  WHERE {arrival_day} >= {two_years_ago} AND {arrival_day} < {at} GROUP BY nhs_number),
beds AS (
  SELECT nhs_number, {beds_n} AS n FROM (
    SELECT nhs_number,
      {out_days} - {in_days} AS nights
    FROM spells WHERE admission_date <= {at} AND {out} > {year_ago}) x
  WHERE nights > 0 GROUP BY nhs_number),
reab AS (
  SELECT nhs_number FROM reablement
  WHERE discharge_date >= {year_ago} AND discharge_date < {at} GROUP BY nhs_number),
home AS (
  SELECT nhs_number FROM care_home_admissions
  WHERE CAST(permanent AS INT) = 1 AND admission_date < {at} GROUP BY nhs_number),
cond AS (
  SELECT c.nhs_number, sum(k.efi) AS efi, sum(1 - k.efi) AS ltc, {ltc_flags}
  FROM conditions c JOIN kinds k ON k.code = lower(c.condition)
  WHERE c.recorded_date <= {at} GROUP BY c.nhs_number),
hfrs_spells AS (
  SELECT nhs_number, primary_diagnosis, secondary_diagnoses FROM spells
  WHERE admission_date >= {hfrs_from} AND admission_date <= {at}
    AND nhs_number IN (SELECT nhs_number FROM pop WHERE age >= 75)),
hfrs_codes AS (
  SELECT nhs_number, upper(substr(primary_diagnosis, 1, 3)) AS cat FROM hfrs_spells
  UNION
  SELECT nhs_number, upper(substr(code, 1, 3)) FROM ({secondary}) sd),
hfrs AS (
  SELECT h.nhs_number, sum(w.tenths) AS tenths
  FROM hfrs_codes h JOIN weights w ON w.code = h.cat GROUP BY h.nhs_number),
feat AS (
  SELECT p.nhs_number, CASE WHEN p.age > 254 THEN 254 ELSE p.age END AS age, p.female,
    coalesce(em.n, 0) AS em, coalesce(em.nb, 0) AS emb, coalesce(ae.n, 0) AS ae,
    coalesce(ae.nb, 0) AS aeb, coalesce(beds.n, 0) AS beds, {ltc_columns},
    CASE WHEN reab.nhs_number IS NULL THEN 0 ELSE 1 END AS reab,
    CASE WHEN home.nhs_number IS NULL THEN 0 ELSE 1 END AS home,
    coalesce(cond.ltc, 0) AS ltc, coalesce(cond.efi, 0) AS efi,
    CASE WHEN p.age >= 75 THEN coalesce(hfrs.tenths, 0) ELSE -1 END AS hfrs
  FROM pop p
  LEFT JOIN em ON em.nhs_number = p.nhs_number
  LEFT JOIN ae ON ae.nhs_number = p.nhs_number
  LEFT JOIN beds ON beds.nhs_number = p.nhs_number
  LEFT JOIN reab ON reab.nhs_number = p.nhs_number
  LEFT JOIN home ON home.nhs_number = p.nhs_number
  LEFT JOIN cond ON cond.nhs_number = p.nhs_number
  LEFT JOIN hfrs ON hfrs.nhs_number = p.nhs_number),
scored AS (SELECT *, 1.0 / (1.0 + exp(-({eta}))) AS risk FROM feat)
SELECT count(*), sum(age), sum(female), sum(em), sum(ae), sum(beds), sum(reab), sum(home),
  sum(ltc), sum(efi), sum(CASE WHEN hfrs >= 0 THEN 1 ELSE 0 END),
  sum(CASE WHEN hfrs > 0 THEN hfrs ELSE 0 END), sum(CAST(round(risk * 1e9) AS BIGINT))
FROM scored)",
      fmt::arg("conditions", condition_rows()), fmt::arg("weights", hfrs_rows()),
      fmt::arg("at", at), fmt::arg("year_ago", year_ago), fmt::arg("hfrs_from", hfrs_from),
      fmt::arg("arrival_day", arrival_day), fmt::arg("out", out),
      fmt::arg("two_years_ago", two_years_ago),
      fmt::arg("em_n", capped(in_last_year("admission_date"))),
      fmt::arg("em_b", capped(in_year_before("admission_date"))),
      fmt::arg("ae_n", capped(in_last_year(arrival_day))),
      fmt::arg("ae_b", capped(in_year_before(arrival_day))),
      fmt::arg("ltc_flags", fmt::join(ltc_flags, ", ")),
      fmt::arg("ltc_columns", fmt::join(ltc_columns, ", ")),
      fmt::arg("beds_n", capped("sum(nights)")),
      fmt::arg("out_days",
               w.days(fmt::format("CASE WHEN {0} < {1} THEN {0} ELSE {1} END", out, at))),
      fmt::arg("in_days",
               w.days(fmt::format("CASE WHEN admission_date > {0} THEN admission_date ELSE {0} END",
                                  year_ago))),
      fmt::arg("secondary", secondary), fmt::arg("eta", w.eta()));
}

RiskChecks engine_checks(const bc::Features& f, const std::vector<double>& risk) {
  RiskChecks c{};
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.in_population[i]) continue;
    const int64_t v[kRiskChecks] = {1,
                                    f.age[i],
                                    f.female[i],
                                    f.emergency_admissions[i],
                                    f.ae_attendances[i],
                                    f.bed_days[i],
                                    f.reablement[i],
                                    f.care_home[i],
                                    f.long_term_conditions[i],
                                    f.efi_deficits[i],
                                    f.hfrs_tenths[i] >= 0,
                                    f.hfrs_tenths[i] > 0 ? f.hfrs_tenths[i] : 0,
                                    std::llround(risk[i] * 1e9)};
    for (size_t k = 0; k < kRiskChecks; ++k) c[k] += v[k];
  }
  return c;
}

}  // namespace bench
