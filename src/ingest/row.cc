#include "ingest/row.h"

#include <fmt/format.h>

#include <cassert>
#include <cctype>
#include <charconv>
#include <cmath>
#include <type_traits>

#include "core/ods_code.h"
#include "core/utf8.h"

namespace bc::ingest {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

void ProblemSink::error(Problem p) {
  if (errors_.size() < limit_) errors_.push_back(std::move(p));
  ++error_count_;
}

void ProblemSink::warning(Problem p) {
  if (warnings_.size() < limit_) warnings_.push_back(std::move(p));
  ++warning_count_;
}

void ProblemSink::move_into(ImportReport* report) {
  report->errors = std::move(errors_);
  report->error_count = error_count_;
  report->warnings = std::move(warnings_);
  report->warning_count = warning_count_;
}

const std::unordered_set<std::string>& FileContext::codes(std::string_view table,
                                                          std::string_view column) {
  // A handful of entries at most: a linear search beats building a key.
  for (auto& [t, c, set] : code_cache_) {
    if (t == table && c == column) return set;
  }
  auto& set = std::get<2>(code_cache_.emplace_back(std::string(table), std::string(column),
                                                   std::unordered_set<std::string>()));
  auto st = db_.prepare(fmt::format("SELECT {} FROM {}", column, table));
  Status s = st.status();
  if (st.ok()) {
    while (st->step(&s)) set.insert(st->text(0));
  }
  if (!s.ok()) sink_.store_failed(s);
  return set;
}

bool FileContext::person_exists(NhsNumber n) {
  auto found = persons_.contains(n);
  if (!found.ok()) {
    sink_.store_failed(found.status());
    return false;
  }
  return *found;
}

void FileContext::note_date(std::string_view iso) {
  if (first_date_.empty() || iso < first_date_) first_date_ = iso;
  if (last_date_.empty() || iso > last_date_) last_date_ = iso;
}

std::string_view Row::get(int col) const {
  // An importer's column enum must match its kind's ColumnSpec list.
  assert(col >= 0 && static_cast<size_t>(col) < file_.column_map().size());
  int idx = file_.column_map()[static_cast<size_t>(col)];
  if (idx < 0 || static_cast<size_t>(idx) >= record_.size()) return {};
  return trim(record_[static_cast<size_t>(idx)]);
}

void Row::error(int col, std::string reason) {
  std::string_view v = get(col);
  file_.sink().error(Problem{file_.path(), line(),
                             std::string(file_.spec().columns[static_cast<size_t>(col)].name),
                             v.empty() ? "(empty)" : printable(v), std::move(reason)});
  failed_ = true;
}

void Row::warning(int col, std::string reason) {
  std::string_view v = get(col);
  file_.sink().warning(Problem{file_.path(), line(),
                               std::string(file_.spec().columns[static_cast<size_t>(col)].name),
                               v.empty() ? "(empty)" : printable(v), std::move(reason)});
}

bool Row::absent(int col) {
  if (!empty(col)) return false;
  const ColumnSpec& c = file_.spec().columns[static_cast<size_t>(col)];
  if (required(col) && !(c.empty_when_unregistered && file_.unregistered_people())) {
    error(col, "a value is required");
  }
  return true;
}

std::optional<std::string_view> Row::text(int col, size_t max_chars) {
  if (absent(col)) return std::nullopt;
  std::string_view v = get(col);
  if (count_chars(v) > max_chars) {
    error(col, fmt::format("longer than {} characters", max_chars));
    return std::nullopt;
  }
  for (char c : v) {
    // Quoted fields may hold line breaks (RFC 4180); other control
    // characters are a sign of a corrupt or binary file.
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      error(col, "contains a control character");
      return std::nullopt;
    }
  }
  return v;
}

std::optional<std::string_view> Row::id(int col) {
  if (absent(col)) return std::nullopt;
  std::string_view v = get(col);
  if (count_chars(v) > 64) {
    error(col, "an identifier may have at most 64 characters");
    return std::nullopt;
  }
  for (char c : v) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
      error(col, "an identifier may not contain blanks or control characters");
      return std::nullopt;
    }
  }
  return v;
}

std::optional<std::string> Row::ods_code(int col) {
  if (absent(col)) return std::nullopt;
  auto r = OdsCode::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return r->str();
}

std::optional<NhsNumber> Row::nhs_number(int col) {
  if (absent(col)) return std::nullopt;
  auto r = NhsNumber::parse(get(col));
  if (!r.ok()) {
    error(col, "not a valid NHS number: " + r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<Date> Row::date(int col) {
  if (absent(col)) return std::nullopt;
  auto r = Date::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<DateTime> Row::date_time(int col) {
  if (absent(col)) return std::nullopt;
  auto r = DateTime::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<YearMonth> Row::month(int col) {
  if (absent(col)) return std::nullopt;
  auto r = YearMonth::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<FinancialYear> Row::financial_year(int col) {
  if (absent(col)) return std::nullopt;
  auto r = FinancialYear::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<Money> Row::money(int col) {
  if (absent(col)) return std::nullopt;
  auto r = Money::parse(get(col));
  if (!r.ok()) {
    error(col, r.error());
    return std::nullopt;
  }
  return *r;
}

std::optional<int64_t> Row::integer(int col, int64_t lo, int64_t hi) {
  if (absent(col)) return std::nullopt;
  std::string_view v = get(col);
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size()) {
    error(col, "not a whole number");
    return std::nullopt;
  }
  if (n < lo || n > hi) {
    if (n < 0 && lo >= 0) {
      error(col, "cannot be negative");
    } else {
      error(col, fmt::format("must be from {} to {}", lo, hi));
    }
    return std::nullopt;
  }
  return n;
}

std::optional<double> Row::number(int col) {
  if (absent(col)) return std::nullopt;
  std::string_view v = get(col);
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) {
    error(col, "not a number");
    return std::nullopt;
  }
  // A subnormal number (e.g. 1e-310) is a corrupt or mistyped value, and
  // one beyond the documented bound cannot be a count or a rate.
  if (std::fpclassify(d) == FP_SUBNORMAL) {
    error(col, "too small to be a real value (a subnormal number); write 0 or a plain decimal");
    return std::nullopt;
  }
  if (std::fabs(d) > kMaxNumber) {
    error(col, "must be at most a million million (1,000,000,000,000) either way");
    return std::nullopt;
  }
  return d;
}

std::optional<std::string_view> Row::choice(int col, std::span<const std::string_view> allowed) {
  if (absent(col)) return std::nullopt;
  std::string_view v = get(col);
  for (std::string_view a : allowed) {
    if (iequals(v, a)) return a;
  }
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == allowed.size() ? " or " : ", ");
    list += allowed[i];
  }
  error(col, "must be " + list);
  return std::nullopt;
}

bool Row::check_reference(int col, const std::string& code, std::string_view table,
                          std::string_view column, std::string_view what) {
  if (file_.codes(table, column).count(code) != 0) return true;
  error(col, fmt::format("no such {} (it must be in {}.csv, in the store or in this batch)", what,
                         table));
  return false;
}

bool Row::run(Stmt& st, int col, std::string_view what) {
  Status s = st.run();
  if (s.ok()) return true;
  if (file_.db().last_error_is_constraint()) {
    error(col, fmt::format("the store refused {}: {}", what, s.message()));
  } else {
    file_.sink().store_failed(s);
    failed_ = true;
  }
  return false;
}

void Row::link_person(NhsNumber n) {
  if (!file_.person_exists(n)) file_.note_unlinked();
}

void Row::write(Stmt& st, Stmt* key_lookup) {
  if (failed_) {
    st.reset();
    return;
  }
  Status s;
  st.step(&s);
  int64_t changed = file_.db().changes();
  st.reset();
  if (!s.ok()) {
    // What the store said, before the key lookup runs another statement.
    const bool constraint = file_.db().last_error_is_constraint();
    const bool duplicate_key = constraint && file_.db().last_error_is_duplicate_key();
    if (duplicate_key && key_lookup != nullptr && key_taken(*key_lookup)) {
      report_duplicate();
    } else if (constraint && file_.sink().store_status().ok()) {
      file_.sink().error(
          Problem{file_.path(), line(), "(row)", "-", "the store refused the row: " + s.message()});
    } else {
      file_.sink().store_failed(s);  // kept only if the lookup did not fail first
    }
    failed_ = true;
    return;
  }
  if (changed == 0) report_duplicate();
}

bool Row::key_taken(Stmt& key_lookup) {
  bind_key(key_lookup);
  Status s;
  const bool found = key_lookup.step(&s);
  key_lookup.reset();
  if (!s.ok()) file_.sink().store_failed(s);
  return found;
}

void Row::report_duplicate() {
  const KindSpec& spec = file_.spec();
  file_.sink().error(Problem{file_.path(), line(), std::string(spec.columns[0].name),
                             printable(get(0)),
                             fmt::format("a record with the same {} is already in this batch "
                                         "(each record may appear once per import)",
                                         key_description(spec))});
  failed_ = true;
}

void Row::read(int col) {
  const ColumnSpec& c = file_.spec().columns[static_cast<size_t>(col)];
  auto keep = [&](auto v) {
    if (v) set(col, std::move(*v));
  };
  switch (c.type) {
    case FieldType::kId:
      return keep(id(col));
    case FieldType::kText:
      return keep(text(col, c.max_chars));
    case FieldType::kOdsCode:
      return keep(ods_code(col));
    case FieldType::kNhsNumber:
      return keep(nhs_number(col));
    case FieldType::kDate:
      return keep(date(col));
    case FieldType::kDateTime:
      return keep(date_time(col));
    case FieldType::kMonth:
      return keep(month(col));
    case FieldType::kFinancialYear:
      return keep(financial_year(col));
    case FieldType::kMoney:
      return keep(money(col));
    case FieldType::kInteger:
      return keep(integer(col, c.lo, c.hi));
    case FieldType::kNumber:
      return keep(number(col));
    case FieldType::kChoice:
      return keep(choice(col, c.choices));
    case FieldType::kCustom:
      return;
  }
}

std::string_view Row::text_of(int col) const {
  if (const auto* v = std::get_if<std::string_view>(&value(col))) return *v;
  if (const auto* s = std::get_if<std::string>(&value(col))) return *s;
  return {};
}

void Row::check_references() {
  if (references_checked_) return;
  references_checked_ = true;
  const auto& columns = file_.spec().columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Reference* ref = columns[i].reference;
    const int col = static_cast<int>(i);
    if (ref == nullptr || !has(col)) continue;
    check_reference(col, std::string(text_of(col)), ref->table, ref->column, ref->what);
  }
}

void Row::bind_value(Stmt& st, int param, const Value& value) {
  // Views and strings live until write() has stepped the statement (the
  // record, and this row's values), so SQLite need not copy them.
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          st.bind_null(param);
        } else if constexpr (std::is_same_v<V, std::string_view> ||
                             std::is_same_v<V, std::string>) {
          st.bind_static(param, v);
        } else if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, double>) {
          st.bind(param, v);
        } else if constexpr (std::is_same_v<V, FinancialYear>) {
          st.bind(param, v.label());
        } else if constexpr (std::is_same_v<V, Money>) {
          st.bind(param, v.pence());
        } else if constexpr (std::is_same_v<V, NhsNumber>) {
          st.bind(param, v.value());
        } else {  // Date, DateTime, YearMonth
          st.bind(param, v.iso());
        }
      },
      value);
}

namespace {

// True when text is a date as Date::iso writes it (YYYY-MM-DD, the form
// the store keeps), so that the Date parsed from it prints as the same text.
bool written_as_stored(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  return true;
}

}  // namespace

void Row::bind_column(Stmt& st, int param, int col) {
  const Value& v = value(col);
  // A date written as the store keeps it is bound as read (printing it
  // again was 2% of a large import). A Date value is always its column's
  // own text, parsed (read(); no importer sets one).
  if (std::holds_alternative<Date>(v) && written_as_stored(get(col))) {
    assert(std::get<Date>(v).iso() == get(col));
    st.bind_static(param, get(col));
    return;
  }
  bind_value(st, param, v);
}

void Row::bind_values(Stmt& st) {
  const auto& columns = file_.spec().columns;
  int param = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].store.empty()) continue;
    bind_column(st, ++param, static_cast<int>(i));
  }
  st.bind(param + 1, file_.batch_id());
}

void Row::bind_key(Stmt& st) {
  const auto& columns = file_.spec().columns;
  int param = 0;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].store.empty() || !columns[i].key) continue;
    bind_column(st, ++param, static_cast<int>(i));
  }
}

std::string Row::noted_date(int col) const {
  if (std::holds_alternative<Date>(value(col)) && written_as_stored(get(col)))
    return std::string(get(col));  // as bind_column
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, DateTime>) {
          return v.date().iso();
        } else if constexpr (std::is_same_v<V, Date> || std::is_same_v<V, YearMonth>) {
          return v.iso();
        } else if constexpr (std::is_same_v<V, FinancialYear>) {
          return v.label();
        } else if constexpr (std::is_same_v<V, int64_t>) {
          return std::to_string(v);
        } else {
          return {};
        }
      },
      value(col));
}

}  // namespace bc::ingest
