#include "ingest/importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>

#include "core/csv_read_ahead.h"
#include "core/csv_reader.h"
#include "core/file_checks.h"
#include "core/safe_text.h"
#include "core/utf8.h"
#include "ingest/digest.h"
#include "ingest/kinds.h"
#include "ingest/row.h"
#include "store/audit.h"

namespace bc {

using ingest::FileContext;
using ingest::KnownPersons;
using ingest::ProblemSink;
using ingest::Row;

namespace fs = std::filesystem;

namespace {

constexpr int64_t kProgressEvery = 50'000;

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string column_list(const KindSpec& spec, bool required_only) {
  std::string out;
  for (const auto& c : spec.columns) {
    if (required_only && !c.required) continue;
    out.append(out.empty() ? "" : ", ").append(c.name);
  }
  return out;
}

size_t kind_order(FileKind k) {
  auto kinds = all_kinds();
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i].kind == k) return i;
  }
  return kinds.size();
}

Result<int64_t> count_rows(Db& db, std::string_view table) {
  auto n = db.query_int(fmt::format("SELECT count(*) FROM {}", table));
  if (!n.ok()) return n.status();
  return n->value_or(0);
}

// Reads the header, filling the context's column map. False when the file
// cannot be read further (empty, malformed header, a required column
// missing); the problems are recorded.
bool read_header(CsvReader& reader, FileContext& ctx, CsvRecord& rec,
                 std::vector<std::string>& header) {
  const KindSpec& spec = ctx.spec();
  const std::string& path = ctx.path();
  if (!reader.next(&rec)) {
    if (const CsvError* e = reader.error()) {
      ctx.sink().error(Problem{path, e->line, "(header)", "-", e->reason});
    } else {
      ctx.sink().error(
          Problem{path, 1, "(file)", "(empty)",
                  fmt::format("the file is empty; a {} file starts with a header row: {}",
                              spec.name, column_list(spec, false))});
    }
    return false;
  }
  bool ok = true;
  auto& map = ctx.column_map();
  map.assign(spec.columns.size(), -1);
  for (size_t i = 0; i < rec.size(); ++i) {
    if (size_t bad = find_invalid_utf8(rec[i]); bad != std::string_view::npos) {
      ctx.sink().error(
          Problem{path, rec.line, "(header)", printable(rec[i]),
                  fmt::format("not valid UTF-8 (byte {} of the column name)", bad + 1)});
      ok = false;
      header.emplace_back();
      continue;
    }
    std::string name = lower_trimmed(rec[i]);
    header.push_back(name);
    if (name.empty()) {
      ctx.sink().error(Problem{path, rec.line, "(header)", "(empty)",
                               fmt::format("column {} of the header has no name", i + 1)});
      ok = false;
      continue;
    }
    auto it = std::find_if(spec.columns.begin(), spec.columns.end(),
                           [&](const ColumnSpec& c) { return c.name == name; });
    if (it == spec.columns.end()) {
      ctx.sink().warning(Problem{path, rec.line, name, "(header)",
                                 fmt::format("not a column of {}; it is ignored", spec.name)});
      continue;
    }
    auto idx = static_cast<size_t>(it - spec.columns.begin());
    if (map[idx] >= 0) {
      ctx.sink().error(
          Problem{path, rec.line, name, "(header)", "the column appears twice in the header"});
      ok = false;
      continue;
    }
    map[idx] = static_cast<int>(i);
  }
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (map[i] < 0 && spec.columns[i].required) {
      ctx.sink().error(Problem{path, rec.line, std::string(spec.columns[i].name), "(missing)",
                               fmt::format("a required column is missing (a {} file needs: {})",
                                           spec.name, column_list(spec, true))});
      ok = false;
    }
  }
  return ok;
}

// Checks the shape and encoding of a data row before its kind sees it.
bool check_row_shape(const CsvRecord& rec, const std::vector<std::string>& header,
                     FileContext& ctx) {
  const std::string& path = ctx.path();
  if (rec.size() < header.size()) {
    ctx.sink().error(
        Problem{path, rec.line, header[rec.size()], "(missing)",
                fmt::format("the row has {} of the header's {} fields (is the line cut short?)",
                            rec.size(), header.size())});
    return false;
  }
  if (rec.size() > header.size()) {
    ctx.sink().error(Problem{path, rec.line, "(row)", printable(rec[header.size()]),
                             fmt::format("the row has {} fields but the header has {} (is a comma "
                                         "inside a value not quoted?)",
                                         rec.size(), header.size())});
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < rec.size(); ++i) {
    if (size_t bad = find_invalid_utf8(rec[i]); bad != std::string_view::npos) {
      ctx.sink().error(Problem{path, rec.line, header[i], printable(rec[i]),
                               fmt::format("not valid UTF-8 (byte {} of the value); save the file "
                                           "as UTF-8",
                                           bad + 1)});
      ok = false;
    }
  }
  return ok;
}

// "spells, ae_attendances, ...": the kinds --covers applies to.
std::string activity_kind_names() {
  std::string out;
  for (const KindSpec& k : all_kinds()) {
    if (k.activity) out.append(out.empty() ? "" : ", ").append(k.name);
  }
  return out;
}

// Records the declared range for each activity kind of the batch, once per
// kind however many files it came in.
Status write_coverage(Db& db, int64_t batch_id, const std::vector<FileReport>& files) {
  auto st = db.prepare(
      "INSERT INTO import_coverage (batch_id, kind, first_month, last_month) VALUES (?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  std::set<FileKind> written;
  for (const FileReport& f : files) {
    if (!f.covers || !written.insert(f.kind).second) continue;
    st->bind(1, batch_id).bind(2, spec_of(f.kind).name);
    st->bind(3, f.covers->first.iso()).bind(4, f.covers->second.iso());
    if (Status s = st->run(); !s.ok()) return s;
  }
  return Status();
}

// SQLite rolled the import's transaction back by itself (it does so after
// some failures, such as a full disk, that it reported to a statement the
// importer could not tell apart): nothing more may be written.
Status lost_transaction(Db& db) {
  Status last = db.last_status();
  if (!last.ok()) return last;
  return Status::store_error(
      "the store ended the import's transaction by itself; nothing was changed: check the disk "
      "holding the store and run the import again");
}

}  // namespace

std::string Problem::to_string() const {
  // Nothing read from a file or its name reaches a terminal raw: a line
  // break or an escape sequence there could forge a problem line. The
  // value is printable() already; the reason may quote a value.
  return fmt::format("{}:{}: {}: {}: {}", escape_unsafe(file),
                     place.empty() ? std::to_string(line) : escape_unsafe(place),
                     escape_unsafe(column), printable(value, 200), printable(reason, 2000));
}

Status check_month_range(YearMonth first, YearMonth last) {
  if (first > last) {
    return Status::invalid_argument(
        fmt::format("the range starts ({}) after it ends ({}); write the earlier month first",
                    first.iso(), last.iso()));
  }
  const int months = last.index() - first.index() + 1;
  if (months > kMaxCoveredMonths) {
    return Status::invalid_argument(
        fmt::format("the range spans {} months; at most {} ({} years) may be declared", months,
                    kMaxCoveredMonths, kMaxCoveredMonths / 12));
  }
  return Status();
}

Result<std::pair<YearMonth, YearMonth>> parse_month_range(std::string_view text) {
  const size_t dots = text.find("..");
  const std::string_view first_text = text.substr(0, dots);
  const std::string_view last_text =
      dots == std::string_view::npos ? first_text : text.substr(dots + 2);
  auto first = YearMonth::parse(first_text);
  auto last = YearMonth::parse(last_text);
  for (const auto& [which, month] :
       {std::pair{"the first month: ", &first}, std::pair{"the last month: ", &last}}) {
    if (!month->ok()) {
      return Status::invalid_argument(fmt::format(
          "{}{}; a declared range is YYYY-MM..YYYY-MM (e.g. 2017-04..2018-03) or one month "
          "YYYY-MM",
          dots == std::string_view::npos ? "" : which, month->error()));
    }
  }
  if (Status s = check_month_range(*first, *last); !s.ok()) return s;
  return std::pair{*first, *last};
}

namespace {

// Records a new batch (who, when, which bettercare) inside the import's
// transaction and returns its id; it is kept only if the batch commits.
Result<int64_t> open_batch(Db& db, const ImportOptions& options) {
  auto batch = db.prepare(
      "INSERT INTO import_batches (imported_at, imported_by, bettercare_version) VALUES (?, ?, ?) "
      "RETURNING batch_id");
  if (!batch.ok()) return batch.status();
  batch->bind(1, utc_now_iso())
      .bind(2, options.actor)
      .bind(3, std::string_view(BETTERCARE_VERSION));
  return batch->run_returning_int();
}

// Whether the store has no import batch yet: the batch is its first load.
bool is_first_load(Db& db) {
  auto batches = db.query_int("SELECT count(*) FROM (SELECT 1 FROM import_batches LIMIT 1)");
  return batches.ok() && batches->value_or(1) == 0;
}

// For a large file into an empty table: drops the table's loose indexes
// and returns them, to be made again after the file's rows. Nothing
// otherwise (a small file, or rows already there, whose index would be
// sorted again for nothing).
Result<std::vector<Db::Index>> defer_indexes(Db& db, std::string_view table, int64_t rows_before,
                                             uint64_t file_bytes, const ImportOptions& options) {
  if (rows_before != 0 || file_bytes < options.defer_indexes_from_bytes)
    return std::vector<Db::Index>{};
  auto indexes = db.loose_indexes(table);
  if (!indexes.ok()) return indexes.status();
  for (const Db::Index& index : *indexes) {
    if (Status s = db.exec("DROP INDEX \"" + index.name + "\""); !s.ok()) return s;
  }
  return indexes;
}

// Reads one file of the batch to its end, writing each row that has no
// problem into the batch's transaction and recording every problem in
// `sink`. Returns its report (SHA-256, size, rows read, inserted and
// replaced, unlinked rows, date range); nullopt when the file could not be
// opened or its header was refused (the problem is in the sink). A non-ok
// Result is a failure of the store, which ends the import.
Result<std::optional<FileReport>> import_file(Db& db, int64_t batch_id, const ImportInput& input,
                                              const ImportOptions& options, ProblemSink& sink,
                                              KnownPersons& persons) {
  using Out = std::optional<FileReport>;
  const KindSpec& spec = spec_of(input.kind);
  FileReport fr;
  fr.path = input.path;
  fr.kind = input.kind;
  auto reader = input.content
                    ? Result<std::unique_ptr<CsvReader>>(CsvReader::from_string(*input.content))
                    : CsvReader::open_file(input.path);
  if (!reader.ok()) {
    sink.error(Problem{input.path, 0, "(file)", "-", reader.error()});
    return Out();
  }
  // SHA-256 of the file as read.
  ingest::Sha256 sha;
  if (!sha.ok()) return Status::internal("SHA-256 is not available from OpenSSL");
  (*reader)->set_byte_observer([&sha](std::string_view bytes) { sha.add(bytes); });

  auto before = count_rows(db, spec.table);
  if (!before.ok()) return before.status();
  const bool first_load = *before == 0 && db.keeps_transaction_after_failure();
  FileContext ctx(db, batch_id, spec, input.path, sink, persons, first_load,
                  input.unregistered_people);
  CsvRecord rec;
  std::vector<std::string> header;
  if (!read_header(**reader, ctx, rec, header)) return Out();
  auto deferred = defer_indexes(db, spec.table, *before, (*reader)->total_bytes(), options);
  if (!deferred.ok()) return deferred.status();
  auto importer = ingest::make_importer(input.kind, options);
  if (Status s = importer->prepare(ctx); !s.ok()) return s;

  int64_t written = 0;
  int64_t header_line = rec.line;
  bool malformed = false;  // the file had a CSV syntax error
  // A large file's records are read (and its SHA-256 taken) on a second
  // core while this one checks and writes them; the reader and sha are
  // the read-ahead's until it is reset.
  std::optional<CsvReadAhead> ahead;
  if ((*reader)->total_bytes() >= options.read_ahead_from_bytes &&
      std::thread::hardware_concurrency() >= 2)
    ahead.emplace(**reader);
  auto next = [&] { return ahead ? ahead->next(&rec) : (*reader)->next(&rec); };
  auto read_so_far = [&] { return ahead ? ahead->bytes_read() : (*reader)->bytes_read(); };
  for (;;) {
    if (!next()) {
      const CsvError* e = ahead ? ahead->error() : (*reader)->error();
      if (e == nullptr) break;  // the end of the file
      // A malformed record: report it and, unless nothing more can be
      // read, go on with the next line, so the rest of the file is
      // checked too.
      malformed = true;
      std::string column = e->field_index < header.size() ? header[e->field_index] : "(row)";
      sink.error(Problem{input.path, e->line, column, "-", e->reason});
      const Status& io = ahead ? ahead->io_status() : (*reader)->io_status();
      if (!io.ok()) sink.error(Problem{input.path, e->line, "(file)", "-", io.message()});
      if (e->final) break;
      continue;
    }
    ++fr.rows_read;
    if (check_row_shape(rec, header, ctx)) {
      Row row(ctx, rec);
      importer->import_row(row);
      if (!row.failed()) ++written;
    }
    // The store failed (full, read-only, corrupt): one environment
    // error, not a problem per row; the transaction rolls back.
    if (!sink.store_status().ok()) return sink.store_status();
    if (!db.in_transaction()) return lost_transaction(db);
    if (options.on_progress && fr.rows_read % kProgressEvery == 0) {
      options.on_progress(
          {input.path, fr.rows_read, read_so_far(), (*reader)->total_bytes(), false});
    }
  }
  ahead.reset();  // the reader's thread has ended: the reader and sha are this thread's again
  // The indexes dropped for the load, made again from its rows (whatever
  // the file's problems: the batch's later files may need them).
  if (Status s = db.make_indexes(*deferred, options.index_sort_kib); !s.ok()) return s;
  // Rules about the file as a whole, once it has been read to its end.
  if (!malformed) {
    importer->complete(ctx);
    if (!sink.store_status().ok()) return sink.store_status();
  }
  if (malformed) {
    // Reported above.
  } else if (fr.rows_read == 0) {
    sink.error(Problem{input.path, header_line + 1, "(file)", "(none)",
                       "the file has a header but no data rows"});
  }
  if (options.on_progress) {
    options.on_progress(
        {input.path, fr.rows_read, (*reader)->bytes_read(), (*reader)->total_bytes(), true});
  }

  fr.sha256 = sha.hex();
  fr.bytes = (*reader)->bytes_read();
  auto after = count_rows(db, spec.table);
  if (!after.ok()) return after.status();
  fr.inserted = *after - *before;
  fr.replaced = written - fr.inserted;
  if (spec.about_a_person) fr.unlinked = ctx.unlinked();
  fr.first_date = ctx.first_date();
  fr.last_date = ctx.last_date();
  if (spec.activity) fr.covers = options.covers;
  return Out(std::move(fr));
}

// Records the files the batch's inputs were made from, as they were read.
Status record_sources(Db& db, int64_t batch_id, const std::vector<ImportSource>& sources) {
  if (sources.empty()) return Status();
  auto row = db.prepare(
      "INSERT INTO import_sources (batch_id, seq, path, format, sha256, bytes, resources) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!row.ok()) return row.status();
  for (size_t i = 0; i < sources.size(); ++i) {
    const ImportSource& f = sources[i];
    row->bind(1, batch_id).bind(2, static_cast<int64_t>(i + 1)).bind(3, f.path).bind(4, f.format);
    row->bind(5, f.sha256).bind(6, f.bytes).bind(7, f.resources);
    if (Status s = row->run(); !s.ok()) return s;
  }
  return Status();
}

// Records a batch that will commit: its files in import order, the months
// its activity files cover, and its totals.
Status record_batch(Db& db, int64_t batch_id, const std::vector<FileReport>& files) {
  auto file_row = db.prepare(
      "INSERT INTO import_files (batch_id, seq, path, kind, sha256, bytes, rows_read, inserted, "
      "replaced, unlinked, first_date, last_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!file_row.ok()) return file_row.status();
  int64_t rows = 0, inserted = 0, replaced = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const FileReport& f = files[i];
    file_row->bind(1, batch_id).bind(2, static_cast<int64_t>(i + 1)).bind(3, f.path);
    file_row->bind(4, spec_of(f.kind).name)
        .bind(5, f.sha256)
        .bind(6, static_cast<int64_t>(f.bytes));
    file_row->bind(7, f.rows_read).bind(8, f.inserted).bind(9, f.replaced).bind(10, f.unlinked);
    if (f.first_date.empty())
      file_row->bind_null(11).bind_null(12);
    else
      file_row->bind(11, f.first_date).bind(12, f.last_date);
    if (Status s = file_row->run(); !s.ok()) return s;
    rows += f.rows_read;
    inserted += f.inserted;
    replaced += f.replaced;
  }
  if (Status s = write_coverage(db, batch_id, files); !s.ok()) return s;
  auto totals = db.prepare(
      "UPDATE import_batches SET rows_read = ?, inserted = ?, replaced = ? WHERE batch_id = ?");
  if (!totals.ok()) return totals.status();
  totals->bind(1, rows).bind(2, inserted).bind(3, replaced).bind(4, batch_id);
  return totals->run();
}

// The batch's bytes, as far as they can be told before reading.
uint64_t batch_bytes(const std::vector<ImportInput>& inputs) {
  uint64_t bytes = 0;
  for (const ImportInput& in : inputs) {
    std::error_code ec;
    const uint64_t size = in.content ? in.content->size() : std::filesystem::file_size(in.path, ec);
    if (!ec) bytes += size;
  }
  return bytes;
}

// The import's page cache in KiB: 16 MiB, plus an eighth of the batch's
// bytes, at most 256 MiB.
int import_cache_kib(uint64_t bytes) {
  return static_cast<int>(std::min<uint64_t>(16384 + bytes / 8 / 1024, 262144));
}

}  // namespace

Result<ImportReport> import_batch(Store& store, std::vector<ImportInput> inputs,
                                  const ImportOptions& options) {
  std::stable_sort(inputs.begin(), inputs.end(), [](const ImportInput& a, const ImportInput& b) {
    return kind_order(a.kind) < kind_order(b.kind);
  });
  if (options.covers) {
    if (Status s = check_month_range(options.covers->first, options.covers->second); !s.ok()) {
      return s;
    }
    if (std::none_of(inputs.begin(), inputs.end(),
                     [](const ImportInput& in) { return spec_of(in.kind).activity; })) {
      return Status::invalid_argument(fmt::format(
          "--covers applies to activity files ({}); this batch has none", activity_kind_names()));
    }
  }

  Db& db = store.db();
  // The page cache (SQLite's default is 2 MiB): 16 MiB, measured as fast as
  // 256 MiB for a million-row import, and for a big batch more, an eighth
  // of its bytes up to 256 MiB, so that a first load of a large area keeps
  // the pages of its keys in memory; bounded whatever the files' size
  // (docs/benchmarks.md, "Scale"), and given back when the import ends.
  // Statement journals in memory: a row's holds the few pages it changes;
  // the largest, a deferred index made again, about the dirty pages of the
  // cache it spills. The deferred indexes' keys are sorted in a buffer of
  // options.index_sort_kib and in files, not in memory
  // (Db::make_indexes). A tuning only: if refused, the import runs untuned.
  const uint64_t bytes = batch_bytes(inputs);
  (void)store.tune_for_bulk_write(import_cache_kib(bytes));
  // A large first load, while nobody else has the store open, is written
  // once, into the store, not through the WAL (Store::begin_rollback_journal).
  const bool rollback_journal = bytes >= options.rollback_journal_from_bytes && is_first_load(db) &&
                                store.begin_rollback_journal();
  struct GiveBack {
    Store& store;
    bool rollback_journal;
    ~GiveBack() {
      (void)store.tune_for_bulk_write(0);
      if (rollback_journal) store.end_rollback_journal();
    }
  } give_back{store, rollback_journal};
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  auto batch_id = open_batch(db, options);
  if (!batch_id.ok()) return batch_id.status();

  ImportReport report;
  ProblemSink sink(options.max_problems);
  KnownPersons persons(db);
  for (const ImportInput& input : inputs) {
    auto file = import_file(db, *batch_id, input, options, sink, persons);
    if (!file.ok()) return file.status();
    if (spec_of(input.kind).table == "persons") persons.forget();
    if (*file) report.files.push_back(std::move(**file));
  }

  if (options.check_batch && sink.error_count() == 0) {
    auto problems = options.check_batch(store, *batch_id);
    if (!problems.ok()) return problems.status();
    for (Problem& p : *problems) sink.error(std::move(p));
  }
  if (rollback_journal && sink.error_count() == 0) {
    // Its references, checked once (Store::begin_rollback_journal). The
    // rows' own checks name each missing reference at its line; this is
    // the store's backstop.
    auto broken = store.broken_references();
    if (!broken.ok()) return broken.status();
    if (*broken > 0) {
      return Status::store_error(fmt::format(
          "the import could not be committed: {} rows would refer to rows that do not exist",
          *broken));
    }
  }
  sink.move_into(&report);
  if (report.error_count > 0) return report;  // the transaction rolls back: nothing is kept
  if (Status s = record_batch(db, *batch_id, report.files); !s.ok()) return s;
  if (Status s = record_sources(db, *batch_id, options.sources); !s.ok()) return s;
  if (Status s = (*tx)->commit(); !s.ok()) {
    return Status::store_error("the import could not be committed: " + s.message());
  }
  report.batch_id = *batch_id;
  report.committed = true;
  return report;
}

}  // namespace bc
