#include "ingest/stage.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/utf8.h"
#include "ingest/kinds.h"

namespace bc::ingest {
namespace {

// A statement that only records the values bound to it, as the text the
// store would be sent: how a row's values (Row::bind_values) become a row
// of COPY's text format.
class RecordingStmt final : public StmtImpl {
 public:
  explicit RecordingStmt(std::vector<std::optional<std::string>>* out) : out_(out) {}
  void bind_int64(int i, int64_t v) override { slot(i) = std::to_string(v); }
  void bind_double(int i, double v) override { slot(i) = fmt::format("{}", v); }
  void bind_text(int i, std::string_view v, bool) override { slot(i) = std::string(v); }
  void bind_null(int i) override { slot(i) = std::nullopt; }
  bool step(Status*) override { return false; }
  void reset() override {}
  bool is_null(int) const override { return true; }
  int64_t int64(int) const override { return 0; }
  double real(int) const override { return 0; }
  std::string text(int) const override { return ""; }

 private:
  std::optional<std::string>& slot(int i) {
    if (out_->size() < static_cast<size_t>(i)) out_->resize(static_cast<size_t>(i));
    return (*out_)[static_cast<size_t>(i - 1)];
  }
  std::vector<std::optional<std::string>>* out_;
};

// A field in COPY's text format.
void append_field(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

bool stageable(FileKind kind) {
  switch (kind) {
    case FileKind::kPopulation:
    case FileKind::kPersons:
    case FileKind::kConditions:
    case FileKind::kSpells:
    case FileKind::kAeAttendances:
    case FileKind::kDelayedDays:
    case FileKind::kBedDays:
    case FileKind::kCareHomeAdmissions:
    case FileKind::kReablement:
    case FileKind::kCarePlans:
    case FileKind::kCarePlanActions:
    case FileKind::kCarePlanReviews:
    case FileKind::kSpaReferrals:
    case FileKind::kQualityEvents:
    case FileKind::kPlacements:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool Stage::wanted(FileContext& file) {
  return file.db().can_copy() && stageable(file.spec().kind);
}

Status Stage::open() {
  const KindSpec& spec = file_.spec();
  stage_ = fmt::format("bc_stage_{}", spec.table);
  std::string names;
  for (const ColumnSpec& c : spec.columns) {
    if (c.store.empty()) continue;
    names += fmt::format("{}, ", c.store);
    if (spec.about_a_person && c.type == FieldType::kNhsNumber) person_ = std::string(c.store);
  }
  copy_columns_ = fmt::format("bc_line, bc_raw, {}batch_id", names);
  // The kind's upsert (kinds.h), from the stage in line order.
  insert_ = upsert_sql(spec, stage_ + " {filter} ORDER BY bc_line");
  // A temporary copy of the table's columns (with their types, defaults
  // and NOT NULLs, without its keys and indexes, so that duplicates can be
  // staged and found), gone when the import's transaction ends.
  return file_.db().exec(fmt::format(
      "CREATE TEMP TABLE IF NOT EXISTS {0} (LIKE {1} INCLUDING DEFAULTS) ON COMMIT DROP;"
      "ALTER TABLE {0} ADD COLUMN IF NOT EXISTS bc_line BIGINT, "
      "ADD COLUMN IF NOT EXISTS bc_raw TEXT;"
      "TRUNCATE {0}",
      stage_, spec.table));
}

void Stage::add(Row& row) {
  std::vector<std::optional<std::string>> values;
  Stmt recorder(std::make_unique<RecordingStmt>(&values));
  row.bind_values(recorder);
  data_ += std::to_string(row.line());
  data_ += '\t';
  append_field(data_, row.get(0));
  for (const auto& v : values) {
    data_ += '\t';
    if (v) {
      append_field(data_, *v);
    } else {
      data_ += "\\N";
    }
  }
  data_ += '\n';  // the last value bound is the batch's id
  if (++rows_ >= kStageRows) flush();
}

void Stage::report_duplicates(int64_t* found) {
  const KindSpec& spec = file_.spec();
  std::string join;
  std::string key;
  for (const ColumnSpec& c : spec.columns) {
    if (!c.key) continue;
    join += fmt::format("{}t.{} = s.{}", join.empty() ? "" : " AND ", c.store, c.store);
    key += fmt::format("{}{}", key.empty() ? "" : ", ", c.store);
  }
  // The same key twice in the stage (all but its first line), or a key this
  // batch has written already (an earlier file or stage).
  const std::string sql = fmt::format(
      "SELECT bc_line, bc_raw FROM (SELECT bc_line, bc_raw, row_number() OVER (PARTITION BY {0} "
      "ORDER BY bc_line) AS bc_n FROM {1}) AS d WHERE bc_n > 1 "
      "UNION SELECT s.bc_line, s.bc_raw FROM {1} AS s JOIN {2} AS t ON {3} "
      "WHERE t.batch_id = s.batch_id ORDER BY 1",
      key, stage_, spec.table, join);
  auto st = file_.db().prepare(sql);
  if (!st.ok()) return file_.sink().store_failed(st.status());
  Status s;
  while (st->step(&s)) {
    ++*found;
    file_.sink().error(Problem{file_.path(), st->int64(0), std::string(spec.columns[0].name),
                               printable(st->text(1)),
                               fmt::format("a record with the same {} is already in this batch "
                                           "(each record may appear once per import)",
                                           key_description(spec))});
  }
  if (!s.ok()) file_.sink().store_failed(s);
}

// Each staged row on its own, under a savepoint, so that a row the store
// refuses is reported at its line and the rest are still checked.
void Stage::write_row_by_row() {
  Db& db = file_.db();
  auto lines =
      db.query_texts(fmt::format("SELECT bc_line FROM {} ORDER BY bc_line", stage_), std::nullopt);
  if (!lines.ok()) return file_.sink().store_failed(lines.status());
  std::string one = insert_;
  one.replace(one.find("{filter}"), 8, "WHERE bc_line = ?");
  auto st = db.prepare(one);
  if (!st.ok()) return file_.sink().store_failed(st.status());
  for (const std::string& line : *lines) {
    if (Status s = db.exec("SAVEPOINT bc_stage_row"); !s.ok()) return file_.sink().store_failed(s);
    st->bind(1, static_cast<int64_t>(std::stoll(line)));
    Status s = st->run();
    if (s.ok()) {
      (void)db.exec("RELEASE SAVEPOINT bc_stage_row");
      continue;
    }
    if (!db.last_error_is_constraint()) return file_.sink().store_failed(s);
    file_.sink().error(Problem{file_.path(), static_cast<int64_t>(std::stoll(line)), "(row)", "-",
                               "the store refused the row: " + s.message()});
    if (Status r = db.exec("ROLLBACK TO SAVEPOINT bc_stage_row"); !r.ok()) {
      return file_.sink().store_failed(r);
    }
  }
}

Stage::~Stage() {
  file_.db().wait();  // for the last write, whose outcome written() records
}

// Stages what has been added (COPY), counts its unlinked people, and sends
// its write, which the server runs while the next rows are read; the next
// command on the store waits for it and calls written().
void Stage::flush() {
  if (rows_ == 0) return;
  Db& db = file_.db();
  ProblemSink& sink = file_.sink();
  const int64_t rows = rows_;
  Status s = db.exec("TRUNCATE " + stage_);  // after the previous write
  if (s.ok()) s = db.copy_in(stage_, copy_columns_, data_);
  data_.clear();
  rows_ = 0;
  if (!s.ok()) return sink.store_failed(s);
  if (!person_.empty()) {
    // An index lookup in the register for each staged row. Left to itself
    // the planner hashes the whole register for every stage (its
    // statistics, within the import's transaction, are stale): 5 times
    // slower on a city of 300,000.
    if (s = db.exec("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"); !s.ok()) {
      return sink.store_failed(s);
    }
    auto unlinked = db.query_int(fmt::format(
        "SELECT count(*) FROM {0} AS s WHERE NOT EXISTS (SELECT 1 FROM persons AS p WHERE "
        "p.nhs_number = s.{1})",
        stage_, person_));
    if (!unlinked.ok()) return sink.store_failed(unlinked.status());
    file_.add_unlinked(unlinked->value_or(0));
    if (s = db.exec("RESET enable_hashjoin; RESET enable_mergejoin"); !s.ok()) {
      return sink.store_failed(s);
    }
  }
  if (s = db.exec("SAVEPOINT bc_stage"); !s.ok()) return sink.store_failed(s);
  std::string all = insert_;
  all.replace(all.find("{filter}"), 8, "");
  db.exec_then(all, [this, rows](Status written_status) { written(written_status, rows); });
}

// The outcome of a stage's write. Every row written is the usual case.
// Otherwise the store is put back as it was before the write, to say why:
// the same record twice in the batch (which the upsert leaves alone, or
// refuses as a whole when both are in the stage: PostgreSQL's 21000), each
// reported at its line; and, when a constraint refused the write, the rows
// it refuses, found by writing the rows one at a time. (Not after a 21000
// alone: a file of one record repeated would be written a row at a time.)
void Stage::written(const Status& s, int64_t rows) {
  Db& db = file_.db();
  ProblemSink& sink = file_.sink();
  const int64_t changed = db.changes();
  if (s.ok() && changed == rows) {
    if (Status r = db.exec("RELEASE SAVEPOINT bc_stage"); !r.ok()) sink.store_failed(r);
    return;
  }
  const bool refused = !s.ok() && db.last_error_is_constraint();
  if (Status r = db.exec("ROLLBACK TO SAVEPOINT bc_stage"); !r.ok()) return sink.store_failed(r);
  int64_t duplicates = 0;
  report_duplicates(&duplicates);
  if (!sink.store_status().ok()) return;
  if (duplicates > 0 && !refused) return;  // they explain the write
  if (s.ok()) {
    return sink.store_failed(Status::internal(fmt::format(
        "{}: the store wrote {} of {} rows, with no record twice", file_.path(), changed, rows)));
  }
  if (!refused) return sink.store_failed(s);
  write_row_by_row();
}

}  // namespace bc::ingest
