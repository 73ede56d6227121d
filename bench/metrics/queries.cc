#include "queries.h"

#include <fmt/format.h>

namespace bench {

std::vector<Query> queries(const std::string& a, const std::string& b, bool sqlite) {
  // Age in whole years at an event date d of someone born on p.date_of_birth.
  auto age = [&](const std::string& d) {
    return sqlite ? fmt::format(
                        "(CAST(strftime('%Y', {0}) AS INT) - CAST(strftime('%Y', p.date_of_birth) "
                        "AS INT)"
                        " - (strftime('%m-%d', {0}) < strftime('%m-%d', p.date_of_birth)))",
                        d)
                  : fmt::format(
                        "(year(CAST({0} AS DATE)) - year(CAST(p.date_of_birth AS DATE))"
                        " - CASE WHEN strftime(CAST({0} AS DATE), '%m-%d') < "
                        "strftime(CAST(p.date_of_birth AS DATE), '%m-%d') THEN 1 ELSE 0 END)",
                        d);
  };
  auto band = [&](const std::string& d) {
    return fmt::format(
        "CASE WHEN p.nhs_number IS NULL THEN NULL WHEN {0} < 18 THEN '0-17' WHEN {0} < 65 THEN "
        "'18-64' ELSE '65+' END",
        age(d));
  };
  auto month = [&](const std::string& d) { return fmt::format("substr({}, 1, 7)", d); };
  const std::string emergency = "('21','22','23','24','25','2A','2B','2C','2D','28')";
  const std::string person =
      "LEFT JOIN persons p USING (nhs_number) LEFT JOIN practices pr ON pr.practice_code = "
      "p.practice_code";
  std::vector<Query> q;
  q.push_back(
      {"nel_admissions",
       {"month", "cluster", "age_band"},
       fmt::format(
           "SELECT {0} AS m, pr.cluster_code AS g1, {1} AS g2, count(*), NULL FROM spells s {2}"
           " WHERE s.admission_method IN {3} AND s.admission_date BETWEEN '{4}' AND '{5}' GROUP BY "
           "1, 2, 3",
           month("s.admission_date"), band("s.admission_date"), person, emergency, a, b)});
  q.push_back({"ae_attendances",
               {"month", "cluster", "age_band"},
               fmt::format("SELECT {0} AS m, pr.cluster_code AS g1, {1} AS g2, count(*), NULL FROM "
                           "ae_attendances s {2}"
                           " WHERE s.department_type IN ('01','02','03') AND substr(s.arrival, 1, "
                           "10) BETWEEN '{3}' AND '{4}' GROUP BY 1, 2, 3",
                           month("s.arrival"), band("substr(s.arrival, 1, 10)"), person, a, b)});
  q.push_back(
      {"falls_injuries_65",
       {"month", "cluster"},
       fmt::format(
           "SELECT {0} AS m, pr.cluster_code AS g1, NULL AS g2, count(*), NULL FROM spells s {1}"
           " WHERE s.admission_method IN {2} AND s.admission_date BETWEEN '{3}' AND '{4}'"
           " AND p.nhs_number IS NOT NULL AND {5} >= 65"
           " AND substr(s.primary_diagnosis, 1, 3) BETWEEN 'S00' AND 'T98'"
           " AND (s.secondary_diagnoses LIKE '%W0%' OR s.secondary_diagnoses LIKE '%W1%') GROUP BY "
           "1, 2",
           month("s.admission_date"), person, emergency, a, b, age("s.admission_date"))});
  q.push_back({"permanent_admissions_65",
               {"month", "cluster"},
               fmt::format("SELECT {0} AS m, pr.cluster_code AS g1, NULL AS g2, count(*), NULL "
                           "FROM care_home_admissions s {1}"
                           " WHERE s.permanent = 1 AND s.funder = 'council'"
                           " AND s.admission_date BETWEEN '{2}' AND '{3}'"
                           " AND p.nhs_number IS NOT NULL AND {4} >= 65 GROUP BY 1, 2",
                           month("s.admission_date"), person, a, b, age("s.admission_date"))});
  q.push_back({"reablement_91",
               {"month", "cluster"},
               fmt::format("SELECT {0} AS m, pr.cluster_code AS g1, NULL AS g2,"
                           " sum(s.outcome_91_days = 'at_home'), count(*) FROM reablement s {1}"
                           " WHERE s.discharge_date BETWEEN '{2}' AND '{3}' AND p.nhs_number IS "
                           "NOT NULL AND {4} >= 65 GROUP BY 1, 2",
                           month("s.discharge_date"), person, a, b, age("s.discharge_date"))});
  q.push_back({"delayed_days",
               {"month", "provider"},
               fmt::format("SELECT month AS m, provider_code AS g1, NULL AS g2, sum(delayed_days), "
                           "NULL FROM delayed_days"
                           " WHERE month BETWEEN '{0}' AND '{1}' GROUP BY 1, 2",
                           a.substr(0, 7), b.substr(0, 7))});
  q.push_back(
      {"dtoc_rate",
       {"month", "provider"},
       fmt::format("SELECT d.month AS m, d.provider_code AS g1, NULL AS g2, sum(d.delayed_days),"
                   " (SELECT sum(occupied_bed_days) FROM bed_days b WHERE b.month = d.month AND "
                   "b.provider_code = d.provider_code)"
                   " FROM delayed_days d WHERE d.month BETWEEN '{0}' AND '{1}' GROUP BY 1, 2",
                   a.substr(0, 7), b.substr(0, 7))});
  if (!sqlite) {
    // DuckDB: comparisons of booleans sum as integers only when cast.
    for (auto& x : q) {
      size_t pos;
      while ((pos = x.sql.find("sum(s.outcome_91_days = 'at_home')")) != std::string::npos) {
        x.sql.replace(pos, 34, "sum(CAST(s.outcome_91_days = 'at_home' AS INT))");
      }
    }
  }
  return q;
}

}  // namespace bench
