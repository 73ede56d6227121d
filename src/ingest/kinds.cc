#include "ingest/kinds.h"

#include <fmt/format.h>

#include <string>

#include "core/fiscal.h"
#include "ingest/stage.h"

namespace bc::ingest {

std::string upsert_sql(const KindSpec& spec, std::string_view select_from) {
  std::string names, params, updates, key;
  for (const ColumnSpec& c : spec.columns) {
    if (c.store.empty()) continue;
    names += fmt::format("{}, ", c.store);
    params += "?, ";
    updates += fmt::format("{0} = excluded.{0}, ", c.store);
    if (c.key) key += fmt::format("{}{}", key.empty() ? "" : ", ", c.store);
  }
  const std::string rows = select_from.empty()
                               ? fmt::format("VALUES ({}?)", params)
                               : fmt::format("SELECT {}batch_id FROM {}", names, select_from);
  return fmt::format(
      "INSERT INTO {0} ({1}batch_id) {2} ON CONFLICT ({3}) DO UPDATE SET {4}"
      "batch_id = excluded.batch_id WHERE {0}.batch_id <> excluded.batch_id",
      spec.table, names, rows, key, updates);
}

std::string insert_sql(const KindSpec& spec) {
  std::string names, params;
  for (const ColumnSpec& c : spec.columns) {
    if (c.store.empty()) continue;
    names += fmt::format("{}, ", c.store);
    params += "?, ";
  }
  return fmt::format("INSERT INTO {} ({}batch_id) VALUES ({}?)", spec.table, names, params);
}

std::string key_lookup_sql(const KindSpec& spec) {
  std::string where;
  for (const ColumnSpec& c : spec.columns) {
    if (c.store.empty() || !c.key) continue;
    where += fmt::format("{}{} = ?", where.empty() ? "" : " AND ", c.store);
  }
  return fmt::format("SELECT 1 FROM {} WHERE {}", spec.table, where);
}

void read_financial_month(Row& r, int col) {
  auto m = parse_financial_month(r.get(col));
  if (m.ok()) {
    r.set(col, int64_t{*m});
  } else {
    r.error(col, "the month must be 1 to 12 (1 = April), or M1 to M12");
  }
}

void note_financial_month(Row& r, int year_col, int month_col) {
  const auto month = static_cast<int>(r.as<int64_t>(month_col));
  r.file().note_date(r.as<FinancialYear>(year_col).month(month).iso());
}

Status prepare_into(FileContext& f, const std::string& sql, Stmt* out) {
  auto st = f.db().prepare(sql);
  if (!st.ok()) return st.status();
  *out = std::move(*st);
  return Status();
}

Status prepare_all(FileContext& f, std::initializer_list<std::pair<const char*, Stmt*>> list) {
  for (const auto& [sql, out] : list) {
    if (Status s = prepare_into(f, sql, out); !s.ok()) return s;
  }
  return Status();
}

std::optional<std::string> stored_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::optional<std::string> {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::monostate>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<X, std::string_view> ||
                             std::is_same_v<X, std::string>) {
          return std::string(x);
        } else if constexpr (std::is_same_v<X, int64_t>) {
          return std::to_string(x);
        } else if constexpr (std::is_same_v<X, NhsNumber>) {
          return std::to_string(x.value());
        } else if constexpr (std::is_same_v<X, Date> || std::is_same_v<X, DateTime>) {
          return x.iso();
        } else {
          return std::string("?");
        }
      },
      v);
}

Status KindImporter::prepare(FileContext& f) {
  const auto& columns = f.spec().columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].dates_row) dated_ = static_cast<int>(i);
    if (f.spec().about_a_person && columns[i].type == FieldType::kNhsNumber) {
      person_ = static_cast<int>(i);
    }
  }
  if (f.first_load()) {
    first_load_ = true;
    if (Status s = prepare_into(f, insert_sql(f.spec()), &write_); !s.ok()) return s;
    if (Status s = prepare_into(f, key_lookup_sql(f.spec()), &key_lookup_); !s.ok()) return s;
  } else if (Status s = prepare_into(f, upsert_sql(f.spec()), &write_); !s.ok()) {
    return s;
  }
  if (Stage::wanted(f)) {
    stage_ = std::make_unique<Stage>(f);
    if (Status s = stage_->open(); !s.ok()) return s;
  }
  return prepare_more(f);
}

KindImporter::KindImporter() = default;
KindImporter::~KindImporter() = default;

void KindImporter::complete(FileContext& f) {
  if (stage_) {
    stage_->flush();
    f.db().wait();  // the last write's outcome, before the file's own rules
  }
  if (!f.sink().store_status().ok()) return;
  finish(f);
}

void KindImporter::import_row(Row& r) {
  const auto& columns = r.file().spec().columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    const int col = static_cast<int>(i);
    if (columns[i].type == FieldType::kCustom) {
      read_custom(r, col);
      continue;
    }
    r.read(col);
    if (r.has(col)) check(r, col);
  }
  rules(r);
  r.check_references();
  if (r.failed()) return;
  if (stage_) {  // written, linked and checked for duplicates when the stage is
    note_date(r);
    stage_->add(r);
    return;
  }
  r.bind_values(write_);
  note_date(r);
  if (person_ >= 0) r.link_person(r.as<NhsNumber>(person_));
  r.write(write_, first_load_ ? &key_lookup_ : nullptr);
  if (!r.failed()) after_write(r);
}

void KindImporter::note_date(Row& r) {
  if (dated_ >= 0) r.file().note_date(r.noted_date(dated_));
}

std::span<const ColumnSpec> columns_of(FileKind kind) {
  if (auto c = reference_columns(kind); !c.empty()) return c;
  if (auto c = finance_columns(kind); !c.empty()) return c;
  if (auto c = activity_columns(kind); !c.empty()) return c;
  if (auto c = governance_columns(kind); !c.empty()) return c;
  if (auto c = plan_columns(kind); !c.empty()) return c;
  if (auto c = quality_columns(kind); !c.empty()) return c;
  return care_columns(kind);
}

std::unique_ptr<KindImporter> make_importer(FileKind kind, const ImportOptions& options) {
  if (auto i = make_reference_importer(kind)) return i;
  if (auto i = make_finance_importer(kind, options)) return i;
  if (auto i = make_activity_importer(kind)) return i;
  if (auto i = make_governance_importer(kind, options)) return i;
  if (auto i = make_plan_importer(kind, options)) return i;
  if (auto i = make_quality_importer(kind)) return i;
  return make_care_importer(kind, options);
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
          {"falls_injuries_80_dsr", "per_100k"},
          {"careplan_coverage", "percent"},
          {"careplan_reviews_on_time", "percent"},
          {"spa_referrals", "count"},
          {"spa_triaged_within_standard", "percent"}};
}

}  // namespace bc
