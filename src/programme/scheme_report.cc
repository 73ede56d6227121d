#include "programme/scheme_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "core/utf8.h"
#include "ingest/records.h"
#include "store/audit.h"

namespace bc {
namespace {

struct StateInfo {
  ReportState state;
  std::string_view name, description;
};
constexpr std::array<StateInfo, 6> kStates = {{
    {ReportState::kDraft, "draft", "a draft"},
    {ReportState::kSubmitted, "submitted", "submitted"},
    {ReportState::kReceivedByJcb, "received_by_jcb", "received by the JCB"},
    {ReportState::kSignedOffByJcb, "signed_off_by_jcb", "signed off by the JCB"},
    {ReportState::kReceivedByHwb, "received_by_hwb", "received by the HWB"},
    {ReportState::kSignedOffByHwb, "signed_off_by_hwb", "signed off by the HWB"},
}};

struct StepInfo {
  ReportStep step;
  std::string_view name, label;
};
constexpr std::array<StepInfo, 5> kSteps = {{
    {ReportStep::kSubmit, "submit", "submit"},
    {ReportStep::kJcbReceive, "jcb_receive", "jcb-receive"},
    {ReportStep::kJcbSignOff, "jcb_sign_off", "jcb-sign-off"},
    {ReportStep::kHwbReceive, "hwb_receive", "hwb-receive"},
    {ReportStep::kHwbSignOff, "hwb_sign_off", "hwb-sign-off"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// "a, b and c".
std::string and_list(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
    out += v[i];
  }
  return out;
}

std::string report_label(const std::string& scheme, const std::string& quarter, int version) {
  return fmt::format("{} {} version {}", scheme, quarter, version);
}

struct SchemeRow {
  std::string name, host, pooled_budget_manager;
};

// The scheme's row, or NotFound listing the codes there are.
Result<SchemeRow> scheme_row(Store& store, const std::string& scheme) {
  auto found = find_scheme_record(store, scheme);
  if (!found.ok()) return found.status();
  if (*found) return SchemeRow{(*found)->name, (*found)->host, (*found)->pooled_budget_manager};
  auto all = read_schemes(store);
  if (!all.ok()) return all.status();
  std::string codes;
  for (const SchemeRecord& r : *all) codes += (codes.empty() ? "" : ", ") + r.code;
  if (codes.empty()) {
    return Status::not_found(
        fmt::format("there is no scheme '{}': no schemes have been imported yet (schemes.csv)",
                    printable(scheme)));
  }
  return Status::not_found(
      fmt::format("there is no scheme '{}'; the schemes are: {}", printable(scheme), codes));
}

constexpr std::string_view kVersionColumns =
    "r.report_id, r.scheme_code, r.quarter, r.version, r.state, r.content, r.source, "
    "r.source_format, r.created_at, r.created_by, r.updated_at, r.updated_by, "
    "(SELECT max(x.version) FROM scheme_reports x WHERE x.scheme_code = r.scheme_code AND "
    "x.quarter = r.quarter)";

// Versions matching `where` (over scheme_reports r), with their scheme's
// name, host and manager and their steps, in the order asked for. A
// version's scheme is always in the store (a foreign key); one that is not
// is left out, as a join would.
Result<std::vector<SchemeReportVersion>> load_versions(Store& store, std::string_view where,
                                                       const std::vector<std::string>& params,
                                                       std::string_view order) {
  auto schemes = read_schemes(store);
  if (!schemes.ok()) return schemes.status();
  std::map<std::string, const SchemeRecord*> scheme_by_code;
  for (const SchemeRecord& r : *schemes) scheme_by_code[r.code] = &r;
  Db& db = store.db();
  auto st = db.prepare(fmt::format("SELECT {} FROM scheme_reports r WHERE {} ORDER BY {}",
                                   kVersionColumns, where, order));
  if (!st.ok()) return st.status();
  for (size_t i = 0; i < params.size(); ++i) st->bind(static_cast<int>(i) + 1, params[i]);
  std::vector<SchemeReportVersion> out;
  Status s;
  while (st->step(&s)) {
    SchemeReportVersion v;
    v.id = st->int64(0);
    v.scheme = st->text(1);
    v.quarter = st->text(2);
    v.version = static_cast<int>(st->int64(3));
    auto state = parse_state(st->text(4));
    if (!state.ok()) return Status::store_error(state.error());
    v.state = *state;
    auto content = content_from_json(st->text(5));
    if (!content.ok()) {
      return Status::store_error(fmt::format("{}: the stored content cannot be read: {}",
                                             report_label(v.scheme, v.quarter, v.version),
                                             content.error()));
    }
    v.content = std::move(*content);
    v.source = st->text(6);
    v.source_format = st->text(7);
    v.created_at = st->text(8);
    v.created_by = st->text(9);
    v.updated_at = st->text(10);
    v.updated_by = st->text(11);
    v.latest_version = static_cast<int>(st->int64(12));
    auto scheme = scheme_by_code.find(v.scheme);
    if (scheme == scheme_by_code.end()) continue;
    v.scheme_name = scheme->second->name;
    v.host = scheme->second->host;
    v.scheme_pooled_budget_manager = scheme->second->pooled_budget_manager;
    out.push_back(std::move(v));
  }
  if (!s.ok()) return s;
  auto steps = db.prepare(
      "SELECT step, on_date, recorded_by, note, recorded_at FROM scheme_report_steps "
      "WHERE report_id = ? ORDER BY step_id");
  if (!steps.ok()) return steps.status();
  for (auto& v : out) {
    steps->reset();
    steps->bind(1, v.id);
    while (steps->step(&s)) {
      ReportStepRecord r;
      auto step = parse_step(steps->text(0));
      auto on = Date::parse(steps->text(1));
      if (!step.ok() || !on.ok()) {
        return Status::store_error(fmt::format("{}: a stored step cannot be read",
                                               report_label(v.scheme, v.quarter, v.version)));
      }
      r.step = *step;
      r.on = *on;
      r.by = steps->text(2);
      r.note = steps->text(3);
      r.recorded_at = steps->text(4);
      v.steps.push_back(std::move(r));
    }
    if (!s.ok()) return s;
  }
  return out;
}

Result<std::optional<SchemeReportVersion>> load_latest(Store& store, const std::string& scheme,
                                                       const std::string& quarter) {
  auto v = load_versions(store, "r.scheme_code = ? AND r.quarter = ?", {scheme, quarter},
                         "r.version DESC LIMIT 1");
  if (!v.ok()) return v.status();
  if (v->empty()) return std::optional<SchemeReportVersion>();
  return std::optional<SchemeReportVersion>(std::move(v->front()));
}

Status no_report(const std::string& scheme, const std::string& quarter) {
  return Status::not_found(
      fmt::format("there is no scheme report for {} {} (create one with 'scheme-report set')",
                  scheme, quarter));
}

Status insert_version(Db& db, const std::string& scheme, const std::string& quarter, int version,
                      const std::string& json, std::string_view source, std::string_view format,
                      const std::string& actor, const std::string& now) {
  auto st = db.prepare(
      "INSERT INTO scheme_reports (scheme_code, quarter, version, state, content, source, "
      "source_format, created_at, created_by, updated_at, updated_by) "
      "VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->bind(1, scheme)
      .bind(2, quarter)
      .bind(3, version)
      .bind(4, json)
      .bind(5, source)
      .bind(6, format)
      .bind(7, now)
      .bind(8, actor)
      .bind(9, now)
      .bind(10, actor);
  return st->run();
}

}  // namespace

// ---------------------------------------------------------------------------

// The key a report is stored under: the quarter's label, "2017/18:Q4".
Result<std::string> quarter_key(const Period& quarter) {
  if (quarter.kind() != Period::Kind::kQuarter) {
    return Status::invalid_argument(
        fmt::format("'{}' is not a quarter: a scheme's report is for a quarter, e.g. 2017/18:Q4",
                    quarter.label()));
  }
  return quarter.label();
}

const std::vector<ReportState>& all_report_states() {
  static const std::vector<ReportState> v = [] {
    std::vector<ReportState> out;
    for (const auto& s : kStates) out.push_back(s.state);
    return out;
  }();
  return v;
}

const std::vector<ReportStep>& all_report_steps() {
  static const std::vector<ReportStep> v = [] {
    std::vector<ReportStep> out;
    for (const auto& s : kSteps) out.push_back(s.step);
    return out;
  }();
  return v;
}

std::string_view state_name(ReportState s) {
  return kStates[static_cast<size_t>(s)].name;
}

std::string_view step_description(ReportStep s) {
  switch (s) {
    case ReportStep::kSubmit:
      return "Submitted by the scheme lead";
    case ReportStep::kJcbReceive:
      return "Received by the Joint Commissioning Board";
    case ReportStep::kJcbSignOff:
      return "Signed off by the Joint Commissioning Board";
    case ReportStep::kHwbReceive:
      return "Received by the Health and Wellbeing Board";
    case ReportStep::kHwbSignOff:
      return "Signed off by the Health and Wellbeing Board";
  }
  return "";
}

std::string_view state_description(ReportState s) {
  return kStates[static_cast<size_t>(s)].description;
}

Result<ReportState> parse_state(std::string_view name) {
  for (const auto& s : kStates) {
    if (s.name == name) return s.state;
  }
  return Status::invalid_argument(
      fmt::format("'{}' is not a scheme report state", printable(name)));
}

std::string_view step_name(ReportStep s) {
  return kSteps[static_cast<size_t>(s)].name;
}

std::string_view step_label(ReportStep s) {
  return kSteps[static_cast<size_t>(s)].label;
}

Result<ReportStep> parse_step(std::string_view text) {
  const std::string t = lower(text);
  for (const auto& s : kSteps) {
    if (s.name == t || s.label == t) return s.step;
  }
  std::string known;
  for (const auto& s : kSteps) known.append(known.empty() ? "" : ", ").append(s.label);
  return Status::invalid_argument(
      fmt::format("'{}' is not a step of the sign-off; the steps are: {}", printable(text), known));
}

ReportState state_after(ReportStep s) {
  return static_cast<ReportState>(static_cast<int>(s) + 1);
}

std::optional<ReportStep> next_step(ReportState s) {
  if (s == ReportState::kSignedOffByHwb) return std::nullopt;
  return static_cast<ReportStep>(static_cast<int>(s));
}

std::optional<Date> SchemeReportVersion::date_of(ReportStep s) const {
  for (const auto& r : steps) {
    if (r.step == s) return r.on;
  }
  return std::nullopt;
}

std::string SchemeReportVersion::pooled_budget_manager() const {
  return content.pooled_budget_manager.empty() ? scheme_pooled_budget_manager
                                               : content.pooled_budget_manager;
}

// ---------------------------------------------------------------------------

Result<SetResult> set_scheme_report(Store& store, const std::string& scheme, const Period& quarter,
                                    const SchemeReportContent& content,
                                    std::string_view source_text, std::string_view format,
                                    const std::string& actor) {
  auto key_or = quarter_key(quarter);
  if (!key_or.ok()) return key_or.status();
  const std::string key = *key_or;
  if (format != "toml" && format != "markdown") {
    return Status::invalid_argument(
        fmt::format("a scheme report's format is toml or markdown, not '{}'", printable(format)));
  }
  std::string by = actor;
  if (Status s = normalise_report_text(by, true); !s.ok())
    return Status::invalid_argument("who sets the report: " + s.message());
  if (by.empty()) return Status::invalid_argument("who sets the report may not be empty");
  SchemeReportContent c = content;
  if (Status s = normalise_content(c); !s.ok()) return s;
  if (source_text.size() > kMaxReportFileBytes) {
    return Status::invalid_data(fmt::format("the report's source is {} bytes; at most {} are kept",
                                            source_text.size(), kMaxReportFileBytes));
  }
  if (find_invalid_utf8(source_text) != std::string_view::npos)
    return Status::invalid_data("the report's source text is not valid UTF-8");

  Db& db = store.db();
  auto txn = Transaction::begin(db);
  if (!txn.ok()) return txn.status();
  if (auto info = scheme_row(store, scheme); !info.ok()) return info.status();
  auto latest = load_latest(store, scheme, key);
  if (!latest.ok()) return latest.status();
  const std::string json = content_to_json(c);
  const std::string now = utc_now_iso();
  SetResult result;
  if (!latest->has_value()) {
    if (Status s = insert_version(db, scheme, key, 1, json, source_text, format, by, now); !s.ok())
      return s;
    result = {1, SetResult::kCreated, ReportState::kDraft};
  } else {
    const SchemeReportVersion& v = **latest;
    if (v.content == c) return SetResult{v.version, SetResult::kUnchanged, v.state};
    if (v.state == ReportState::kDraft) {
      auto st = db.prepare(
          "UPDATE scheme_reports SET content = ?, source = ?, source_format = ?, updated_at = ?, "
          "updated_by = ? WHERE report_id = ? AND state = 'draft'");
      if (!st.ok()) return st.status();
      st->bind(1, json).bind(2, source_text).bind(3, format).bind(4, now).bind(5, by).bind(6, v.id);
      if (Status s = st->run(); !s.ok()) return s;
      if (db.changes() != 1) return Status::internal("the draft changed under the update");
      result = {v.version, SetResult::kUpdated, v.state};
    } else {
      if (Status s =
              insert_version(db, scheme, key, v.version + 1, json, source_text, format, by, now);
          !s.ok())
        return s;
      result = {v.version + 1, SetResult::kNewVersion, v.state};
    }
  }
  if (Status s = (*txn)->commit(); !s.ok()) return s;
  return result;
}

Result<SetResult> set_scheme_report_from_file(Store& store, const std::string& scheme,
                                              const Period& quarter, std::string_view text,
                                              std::string_view file_name,
                                              const std::string& actor) {
  if (auto key = quarter_key(quarter); !key.ok()) return key.status();
  auto parsed = parse_scheme_report_file(text, file_name);
  if (!parsed.ok()) return parsed.status();
  if (parsed->scheme && *parsed->scheme != scheme) {
    return Status::invalid_data(
        fmt::format("{}:{}: the file is the report of scheme '{}', not {}: is it the right file?",
                    file_name, parsed->scheme_line, printable(*parsed->scheme), scheme));
  }
  if (parsed->quarter) {
    auto fq = Period::parse_quarter(*parsed->quarter);
    if (!fq.ok())
      return Status::invalid_data(
          fmt::format("{}:{}: quarter: {}", file_name, parsed->quarter_line, fq.error()));
    if (!(*fq == quarter)) {
      return Status::invalid_data(
          fmt::format("{}:{}: the file is the report for {}, not {}: is it the right file?",
                      file_name, parsed->quarter_line, fq->label(), quarter.label()));
    }
  }
  return set_scheme_report(store, scheme, quarter, parsed->content, text, parsed->format, actor);
}

namespace {

// advance_scheme_report, in a transaction of its own or (own_transaction
// false) in the caller's.
Result<SchemeReportVersion> advance_report(Store& store, const std::string& scheme,
                                           const Period& quarter, ReportStep step, Date on,
                                           const std::string& by, const std::string& note,
                                           bool own_transaction) {
  auto key_or = quarter_key(quarter);
  if (!key_or.ok()) return key_or.status();
  const std::string key = *key_or;
  std::string who = by;
  if (Status s = normalise_report_text(who, true); !s.ok())
    return Status::invalid_argument("who records the step: " + s.message());
  if (who.empty()) return Status::invalid_argument("who records the step may not be empty");
  std::string text = note;
  if (Status s = normalise_report_text(text, false); !s.ok())
    return Status::invalid_data("the note: " + s.message());
  const Date today = Date::today_utc();
  if (on > today) {
    return Status::invalid_data(
        fmt::format("the date of {}, {}, is in the future (today is {}, UTC)", step_label(step),
                    on.iso(), today.iso()));
  }

  Db& db = store.db();
  std::unique_ptr<Transaction> txn;
  if (own_transaction) {
    auto t = Transaction::begin(db);
    if (!t.ok()) return t.status();
    txn = std::move(*t);
  }
  if (auto info = scheme_row(store, scheme); !info.ok()) return info.status();
  auto latest = load_latest(store, scheme, key);
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) return no_report(scheme, key);
  const SchemeReportVersion& v = **latest;
  const std::string label = report_label(scheme, key, v.version);
  const std::optional<ReportStep> next = next_step(v.state);
  if (!next) {
    return Status::invalid_data(fmt::format(
        "{} is fully signed off; change it with 'scheme-report set' to start version {}", label,
        v.version + 1));
  }
  if (step != *next) {
    return Status::invalid_data(fmt::format("{} is '{}'; the next step is '{}', not '{}'", label,
                                            state_name(v.state), step_label(*next),
                                            step_label(step)));
  }
  if (step == ReportStep::kSubmit) {
    if (auto missing = missing_for_submission(v.content); !missing.empty()) {
      return Status::invalid_data(
          fmt::format("{} cannot be submitted: {} {} empty; set them and try again", label,
                      and_list(missing), missing.size() == 1 ? "is" : "are"));
    }
  }
  if (!v.steps.empty() && on < v.steps.back().on) {
    return Status::invalid_data(
        fmt::format("the date of {} ({}) is before the date of {} ({}) on {}", step_label(step),
                    on.iso(), step_label(v.steps.back().step), v.steps.back().on.iso(), label));
  }
  auto up = db.prepare("UPDATE scheme_reports SET state = ? WHERE report_id = ? AND state = ?");
  if (!up.ok()) return up.status();
  up->bind(1, state_name(state_after(step))).bind(2, v.id).bind(3, state_name(v.state));
  if (Status s = up->run(); !s.ok()) return s;
  if (db.changes() != 1) return Status::internal("the report's state changed under the update");
  auto ins = db.prepare(
      "INSERT INTO scheme_report_steps (report_id, step, on_date, recorded_by, note, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, v.id)
      .bind(2, step_name(step))
      .bind(3, on.iso())
      .bind(4, who)
      .bind(5, text)
      .bind(6, utc_now_iso());
  if (Status s = ins->run(); !s.ok()) return s;
  // A submitted version never changes: its seal in the audit log lets
  // `bettercare audit verify` prove it (store/audit.h).
  if (step == ReportStep::kSubmit) {
    if (Status s = seal_scheme_report_version(store, v.id, who, "bettercare"); !s.ok()) return s;
  }
  if (txn) {
    if (Status s = txn->commit(); !s.ok()) return s;
  }
  return get_scheme_report(store, scheme, quarter, v.version);
}

}  // namespace

Result<SchemeReportVersion> advance_scheme_report(Store& store, const std::string& scheme,
                                                  const Period& quarter, ReportStep step, Date on,
                                                  const std::string& by, const std::string& note) {
  return advance_report(store, scheme, quarter, step, on, by, note, true);
}

Result<SchemeReportVersion> advance_scheme_report_in_transaction(
    Store& store, const std::string& scheme, const Period& quarter, ReportStep step, Date on,
    const std::string& by, const std::string& note) {
  return advance_report(store, scheme, quarter, step, on, by, note, false);
}

Result<SchemeReportVersion> get_scheme_report(Store& store, const std::string& scheme,
                                              const Period& quarter, std::optional<int> version) {
  auto key_or = quarter_key(quarter);
  if (!key_or.ok()) return key_or.status();
  const std::string key = *key_or;
  Db& db = store.db();
  ReadTransaction read(db);
  if (auto info = scheme_row(store, scheme); !info.ok()) return info.status();
  auto latest = load_latest(store, scheme, key);
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) return no_report(scheme, key);
  if (!version || *version == (*latest)->version) return std::move(**latest);
  auto v = load_versions(store, "r.scheme_code = ? AND r.quarter = ? AND r.version = ?",
                         {scheme, key, std::to_string(*version)}, "r.version");
  if (!v.ok()) return v.status();
  if (v->empty()) {
    const int n = (*latest)->version;
    return Status::not_found(
        fmt::format("{} {} has {}; there is no version {}", scheme, key,
                    n == 1 ? "only version 1" : fmt::format("versions 1 to {}", n), *version));
  }
  return std::move(v->front());
}

Result<std::vector<SchemeReportVersion>> scheme_report_history(Store& store,
                                                               const std::string& scheme,
                                                               const Period& quarter) {
  auto key_or = quarter_key(quarter);
  if (!key_or.ok()) return key_or.status();
  const std::string key = *key_or;
  Db& db = store.db();
  ReadTransaction read(db);
  if (auto info = scheme_row(store, scheme); !info.ok()) return info.status();
  auto v = load_versions(store, "r.scheme_code = ? AND r.quarter = ?", {scheme, key}, "r.version");
  if (!v.ok()) return v.status();
  if (v->empty()) return no_report(scheme, key);
  return v;
}

Result<std::vector<SchemeReportVersion>> list_scheme_reports(
    Store& store, const std::optional<Period>& quarter, const std::optional<std::string>& scheme) {
  std::string where =
      "r.version = (SELECT max(x.version) FROM scheme_reports x WHERE x.scheme_code = "
      "r.scheme_code AND x.quarter = r.quarter)";
  std::vector<std::string> params;
  if (quarter) {
    auto key = quarter_key(*quarter);
    if (!key.ok()) return key.status();
    where += " AND r.quarter = ?";
    params.push_back(*key);
  }
  Db& db = store.db();
  ReadTransaction read(db);
  if (scheme) {
    if (auto info = scheme_row(store, *scheme); !info.ok()) return info.status();
    where += " AND r.scheme_code = ?";
    params.push_back(*scheme);
  }
  return load_versions(store, where, params, "r.quarter, r.scheme_code");
}

}  // namespace bc
