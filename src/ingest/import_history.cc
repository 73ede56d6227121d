#include "ingest/import_history.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/nhs_number.h"
#include "ingest/file_kind.h"

namespace bc {
namespace {

using nlohmann::json;

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json();
}

// The kinds whose rows carry an NHS number, in import order.
std::vector<const KindSpec*> person_kinds() {
  std::vector<const KindSpec*> out;
  for (const KindSpec& k : all_kinds()) {
    if (k.about_a_person) out.push_back(&k);
  }
  return out;
}

// "SELECT nhs_number FROM spells WHERE <unlinked> UNION SELECT ...": the
// distinct unlinked NHS numbers of every kind about a person.
std::string unlinked_union_sql() {
  std::string sql;
  for (const KindSpec* k : person_kinds()) {
    if (!sql.empty()) sql += " UNION ";
    sql += fmt::format(
        "SELECT nhs_number FROM {0} WHERE NOT EXISTS "
        "(SELECT 1 FROM persons p WHERE p.nhs_number = {0}.nhs_number)",
        k->table);
  }
  return sql;
}

Result<int64_t> count(Db& db, const std::string& sql) {
  auto n = db.query_int(sql);
  if (!n.ok()) return n.status();
  return n->value_or(0);
}

}  // namespace

Result<std::vector<ImportBatchRecord>> list_imports(Store& store) {
  Db& db = store.db();
  ReadTransaction read(db);
  auto batches = db.prepare(
      "SELECT batch_id, imported_at, imported_by, bettercare_version, rows_read, inserted, "
      "replaced FROM import_batches ORDER BY batch_id");
  if (!batches.ok()) return batches.status();
  auto files = db.prepare(
      "SELECT f.seq, f.path, f.kind, f.sha256, f.bytes, f.rows_read, f.inserted, f.replaced, "
      "f.unlinked, f.first_date, f.last_date, c.first_month, c.last_month "
      "FROM import_files f LEFT JOIN import_coverage c ON c.batch_id = f.batch_id AND "
      "c.kind = f.kind WHERE f.batch_id = ? ORDER BY f.seq");
  if (!files.ok()) return files.status();
  auto sources = db.prepare(
      "SELECT path, format, sha256, bytes, resources FROM import_sources WHERE batch_id = ? "
      "ORDER BY seq");
  if (!sources.ok()) return sources.status();
  std::vector<ImportBatchRecord> out;
  Status s;
  while (batches->step(&s)) {
    ImportBatchRecord b;
    b.batch_id = batches->int64(0);
    b.imported_at = batches->text(1);
    b.imported_by = batches->text(2);
    b.bettercare_version = batches->text(3);
    b.rows_read = batches->int64(4);
    b.inserted = batches->int64(5);
    b.replaced = batches->int64(6);
    files->bind(1, b.batch_id);
    Status fs;
    while (files->step(&fs)) {
      ImportFileRecord f;
      f.seq = files->int64(0);
      f.path = files->text(1);
      f.kind = files->text(2);
      f.sha256 = files->text(3);
      f.bytes = files->int64(4);
      f.rows_read = files->int64(5);
      f.inserted = files->int64(6);
      f.replaced = files->int64(7);
      f.unlinked = files->opt_int64(8);
      f.first_date = files->opt_text(9);
      f.last_date = files->opt_text(10);
      if (auto from = files->opt_text(11)) f.covers.emplace(std::move(*from), files->text(12));
      b.files.push_back(std::move(f));
    }
    files->reset();
    if (!fs.ok()) return fs;
    sources->bind(1, b.batch_id);
    while (sources->step(&fs)) {
      b.sources.push_back({sources->text(0), sources->text(1), sources->text(2), sources->int64(3),
                           sources->int64(4)});
    }
    sources->reset();
    if (!fs.ok()) return fs;
    out.push_back(std::move(b));
  }
  if (!s.ok()) return s;
  return out;
}

json import_history_json(const std::vector<ImportBatchRecord>& batches) {
  json out = json::array();
  for (const ImportBatchRecord& b : batches) {
    json jb = {{"batch", b.batch_id},          {"imported_at", b.imported_at},
               {"imported_by", b.imported_by}, {"bettercare_version", b.bettercare_version},
               {"rows", b.rows_read},          {"inserted", b.inserted},
               {"replaced", b.replaced},       {"files", json::array()}};
    for (const ImportFileRecord& f : b.files) {
      jb["files"].push_back(
          {{"path", f.path},
           {"kind", f.kind},
           {"sha256", f.sha256},
           {"bytes", f.bytes},
           {"rows", f.rows_read},
           {"inserted", f.inserted},
           {"replaced", f.replaced},
           {"unlinked", opt(f.unlinked)},
           {"first_date", opt(f.first_date)},
           {"last_date", opt(f.last_date)},
           {"covers",
            f.covers ? json{{"from", f.covers->first}, {"to", f.covers->second}} : json()}});
    }
    jb["sources"] = json::array();
    for (const ImportSource& f : b.sources) {
      jb["sources"].push_back({{"path", f.path},
                               {"format", f.format},
                               {"sha256", f.sha256},
                               {"bytes", f.bytes},
                               {"resources", f.resources}});
    }
    out.push_back(std::move(jb));
  }
  return out;
}

Result<DataQuality> data_quality(Store& store) {
  Db& db = store.db();
  ReadTransaction read(db);
  // Per kind: its latest batch, what that batch's files of the kind did,
  // and the latest date any batch loaded.
  auto latest = db.prepare(
      "WITH latest AS (SELECT kind, max(batch_id) AS batch_id, max(last_date) AS last_date "
      "                FROM import_files GROUP BY kind) "
      "SELECT l.kind, l.batch_id, b.imported_at, sum(f.rows_read), sum(f.inserted), "
      "       sum(f.replaced), l.last_date "
      "FROM latest l JOIN import_batches b ON b.batch_id = l.batch_id "
      "JOIN import_files f ON f.kind = l.kind AND f.batch_id = l.batch_id "
      "GROUP BY l.kind, l.batch_id, b.imported_at, l.last_date");
  if (!latest.ok()) return latest.status();
  // Import order: the position of each kind in all_kinds().
  std::map<size_t, SourceQuality> by_order;
  Status s;
  while (latest->step(&s)) {
    SourceQuality q;
    q.kind = latest->text(0);
    auto kind = kind_from_name(q.kind);
    const auto kinds = all_kinds();
    const auto spec = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const KindSpec& k) { return kind && k.kind == *kind; });
    if (spec == kinds.end()) {
      return Status::invalid_data(fmt::format(
          "the import history records files of kind \"{}\", which this bettercare does not know",
          q.kind));
    }
    q.latest_batch = latest->int64(1);
    q.latest_imported_at = latest->text(2);
    q.rows_read = latest->int64(3);
    q.inserted = latest->int64(4);
    q.replaced = latest->int64(5);
    q.skipped = q.rows_read - q.inserted - q.replaced;
    if (*kind != FileKind::kPersons) q.last_date = latest->opt_text(6);
    by_order.emplace(static_cast<size_t>(spec - kinds.begin()), std::move(q));
  }
  if (!s.ok()) return s;

  DataQuality out;
  for (auto& [order, q] : by_order) {
    const KindSpec& spec = all_kinds()[order];
    auto rows = count(db, fmt::format("SELECT count(*) FROM {}", spec.table));
    if (!rows.ok()) return rows.status();
    q.rows_in_store = *rows;
    if (spec.about_a_person) {
      auto unlinked = count(db, fmt::format("SELECT count(*) FROM {0} WHERE NOT EXISTS (SELECT 1 "
                                            "FROM persons p WHERE p.nhs_number = {0}.nhs_number)",
                                            spec.table));
      if (!unlinked.ok()) return unlinked.status();
      q.unlinked = *unlinked;
      out.unlinked_rows += *unlinked;
    }
    out.sources.push_back(std::move(q));
  }
  auto people = count(db, "SELECT count(*) FROM (" + unlinked_union_sql() + ") AS unlinked");
  if (!people.ok()) return people.status();
  out.unlinked_people = *people;
  return out;
}

json data_quality_json(const DataQuality& quality) {
  json sources = json::array();
  for (const SourceQuality& q : quality.sources) {
    sources.push_back({{"kind", q.kind},
                       {"latest_batch", q.latest_batch},
                       {"latest_imported_at", q.latest_imported_at},
                       {"rows", q.rows_read},
                       {"inserted", q.inserted},
                       {"replaced", q.replaced},
                       {"skipped", q.skipped},
                       {"rows_in_store", q.rows_in_store},
                       {"last_date", opt(q.last_date)},
                       {"unlinked", opt(q.unlinked)}});
  }
  return {{"sources", std::move(sources)},
          {"unlinked_rows", quality.unlinked_rows},
          {"unlinked_people", quality.unlinked_people}};
}

Result<std::vector<std::string>> unlinked_nhs_numbers(Store& store, int limit) {
  if (limit < 1) {
    return Status::invalid_argument(
        fmt::format("the limit of unlinked NHS numbers must be at least 1, not {}", limit));
  }
  Db& db = store.db();
  auto st = db.prepare("SELECT nhs_number FROM (" + unlinked_union_sql() +
                       ") AS unlinked ORDER BY nhs_number LIMIT ?");
  if (!st.ok()) return st.status();
  st->bind(1, limit);
  std::vector<std::string> out;
  Status s;
  while (st->step(&s)) out.push_back(NhsNumber::from_value_unchecked(st->int64(0)).digits());
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> latest_batch_id(Store& store) {
  return count(store.db(), "SELECT coalesce(max(batch_id), 0) FROM import_batches");
}

Result<int64_t> latest_batch_of(Store& store, std::span<const FileKind> kinds) {
  if (kinds.empty()) return int64_t{0};
  // The kinds are our own names, never input, but bound all the same.
  std::string sql = "SELECT coalesce(max(batch_id), 0) FROM import_files WHERE kind IN (";
  for (size_t i = 0; i < kinds.size(); ++i) sql += i ? ", ?" : "?";
  sql += ")";
  auto st = store.db().prepare(sql);
  if (!st.ok()) return st.status();
  for (size_t i = 0; i < kinds.size(); ++i)
    st->bind(static_cast<int>(i + 1), std::string(spec_of(kinds[i]).name));
  Status s;
  int64_t latest = 0;
  if (st->step(&s)) latest = st->int64(0);
  if (!s.ok()) return s;
  return latest;
}

Status for_each_covered_range(Store& store, const std::function<void(const CoveredMonths&)>& each) {
  auto st = store.db().prepare("SELECT kind, first_month, last_month FROM import_coverage");
  if (!st.ok()) return st.status();
  Status s;
  while (st->step(&s)) each(CoveredMonths{st->text(0), st->text(1), st->text(2)});
  return s;
}

}  // namespace bc
