#include "ingest/kinds.h"

#include <fmt/format.h>

#include <string>

namespace bc::ingest {

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

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options) {
  if (auto i = make_reference_importer(kind)) return i;
  if (auto i = make_finance_importer(kind, options)) return i;
  return make_activity_importer(kind);
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
