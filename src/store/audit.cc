#include "store/audit.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sodium.h>

#include <charconv>
#include <chrono>
#include <map>
#include <mutex>

#include "core/safe_text.h"
#include "store/site_keys.h"

namespace bc {
namespace {

constexpr std::string_view kChainTag = "bc-audit-1";
constexpr std::string_view kSealTag = "bc-scheme-report-1";
constexpr const char* kSealAction = "seal_scheme_report";

// A keyed BLAKE2b-256 of a tag and length-prefixed fields, as hex.
class FieldHash {
 public:
  FieldHash(std::string_view key, std::string_view tag) {
    static std::once_flag once;
    std::call_once(once, [] {
      if (sodium_init() < 0) std::abort();
    });
    crypto_generichash_init(&st_, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                            32);
    crypto_generichash_update(&st_, reinterpret_cast<const unsigned char*>(tag.data()), tag.size());
  }
  FieldHash& add(std::string_view field) {
    unsigned char len[8];
    uint64_t n = field.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    crypto_generichash_update(&st_, len, sizeof len);
    crypto_generichash_update(&st_, reinterpret_cast<const unsigned char*>(field.data()),
                              field.size());
    return *this;
  }
  std::string hex() {
    unsigned char h[32];
    crypto_generichash_final(&st_, h, sizeof h);
    return to_hex(std::string_view(reinterpret_cast<const char*>(h), sizeof h));
  }

 private:
  crypto_generichash_state st_{};
};

Status check_text(const std::string& text, const char* what) {
  if (find_unsafe_char(text) != std::string::npos) {
    return Status::invalid_argument(
        fmt::format("the audit log refuses a {} holding a control or bidirectional character "
                    "(\"{}\")",
                    what, escape_unsafe(text.substr(0, 80))));
  }
  return Status();
}

Status no_keys() {
  return Status::internal("the store was opened without its keys (a store below schema version 7)");
}

// Runs body in the caller's transaction (as a savepoint) or in a new write
// transaction (Db::begin_write), so that reading the last entry and appending the
// next cannot interleave with another writer.
template <typename Body>
Status in_write_transaction(Db& db, Body body) {
  const bool nested = db.in_transaction();
  if (Status s = nested ? db.exec("SAVEPOINT bc_audit") : db.begin_write(); !s.ok()) return s;
  Status s = body();
  if (s.ok()) s = db.exec(nested ? "RELEASE bc_audit" : "COMMIT");
  // The error to report is the one that stopped the append, not the rollback's.
  if (!s.ok()) (void)db.exec(nested ? "ROLLBACK TO bc_audit; RELEASE bc_audit" : "ROLLBACK");
  return s;
}

// The last entry's id, time and hash (0, "", "" for an empty log).
Status last_entry(Db& db, int64_t* id, std::string* at, std::string* hash) {
  auto st = db.prepare(
      "SELECT audit_id, at, coalesce(chain_hash, '') FROM audit_log ORDER BY audit_id DESC "
      "LIMIT 1");
  if (!st.ok()) return st.status();
  Status s;
  *id = 0;
  at->clear();
  hash->clear();
  if (st->step(&s)) {
    *id = st->int64(0);
    *at = st->text(1);
    *hash = st->text(2);
  }
  return s;
}

Status insert_entry(Store& store, AuditEntry e) {
  Db& db = store.db();
  int64_t last_id = 0;
  std::string last_at, last_hash;
  if (Status s = last_entry(db, &last_id, &last_at, &last_hash); !s.ok()) return s;
  e.id = last_id + 1;
  if (e.at < last_at) e.at = last_at;  // the clock went back: keep the log in order
  e.hash = audit_chain_hash(store.keys().audit, last_hash, e);
  auto st = db.prepare(
      "INSERT INTO audit_log(audit_id, at, actor, action, subject, origin, chain_hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->bind(1, e.id).bind(2, e.at).bind(3, e.actor).bind(4, e.action).bind(5, e.subject);
  st->bind(6, e.origin).bind(7, e.hash);
  return st->run();
}

struct ReportRow {
  int64_t id = 0;
  std::string scheme, quarter, state;
  int64_t version = 0;
  std::string seal;  // the hash of what the version is
};

constexpr const char* kReportColumns =
    "report_id, scheme_code, quarter, version, content, source, source_format, created_at, "
    "created_by, updated_at, updated_by, state";

ReportRow read_report(const SiteKeys& keys, Stmt& st) {
  ReportRow r;
  r.id = st.int64(0);
  r.scheme = st.text(1);
  r.quarter = st.text(2);
  r.version = st.int64(3);
  r.state = st.text(11);
  FieldHash h(keys.audit, kSealTag);
  for (int c = 0; c < 11; ++c) h.add(st.text(c));
  r.seal = h.hex();
  return r;
}

std::string report_name(const ReportRow& r) {
  return fmt::format("scheme report {} {} version {} (report {})", r.scheme, r.quarter, r.version,
                     r.id);
}

// "report 12: CAR 2017/18:Q4 v1 <hash>" -> 12 and the hash.
bool parse_seal(const std::string& subject, int64_t* id, std::string* hash) {
  if (subject.rfind("report ", 0) != 0) return false;
  size_t colon = subject.find(':');
  size_t space = subject.rfind(' ');
  if (colon == std::string::npos || space == std::string::npos || space < colon) return false;
  // Stored text: parsed without exceptions, refused when not a number.
  const char* first = subject.data() + 7;
  const char* last = subject.data() + colon;
  auto [p, ec] = std::from_chars(first, last, *id);
  if (ec != std::errc() || p != last) return false;
  *hash = subject.substr(space + 1);
  return true;
}

}  // namespace

std::string utc_now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

std::string audit_chain_hash(std::string_view audit_key, std::string_view prev_hash,
                             const AuditEntry& e) {
  return FieldHash(audit_key, kChainTag)
      .add(prev_hash)
      .add(std::to_string(e.id))
      .add(e.at)
      .add(e.actor)
      .add(e.action)
      .add(e.subject)
      .add(e.origin)
      .hex();
}

namespace {

Status check_entry(const Store& store, const std::string& actor, const std::string& action,
                   const std::string& subject, const std::string& origin) {
  for (auto [text, what] : {std::pair{&actor, "user name"},
                            {&action, "action"},
                            {&subject, "subject"},
                            {&origin, "origin"}}) {
    if (Status s = check_text(*text, what); !s.ok()) return s;
  }
  if (store.keys().audit.empty()) return no_keys();
  return Status();
}

AuditEntry make_entry(const std::string& actor, const std::string& action,
                      const std::string& subject, const std::string& origin) {
  AuditEntry e;
  e.actor = actor;
  e.action = action;
  e.subject = subject;
  e.origin = origin;
  return e;
}

// Appends the entries in one transaction (the caller's, if any), each
// stamped now.
Status write_entries(Store& store, const std::vector<AuditEntry*>& entries) {
  Status s = in_write_transaction(store.db(), [&] {
    const std::string now = utc_now_iso();
    for (AuditEntry* e : entries) {
      e->at = now;
      if (Status i = insert_entry(store, *e); !i.ok()) return i;
    }
    return Status();
  });
  if (!s.ok()) return Status(s.code(), "cannot write the audit log: " + s.message());
  return Status();
}

}  // namespace

Status append_audit(Store& store, const std::string& actor, const std::string& action,
                    const std::string& subject, const std::string& origin) {
  if (Status s = check_entry(store, actor, action, subject, origin); !s.ok()) return s;
  AuditEntry e = make_entry(actor, action, subject, origin);
  return write_entries(store, {&e});
}

struct AuditQueue::Pending {
  AuditEntry entry;
  Status result;
  bool done = false;
};

AuditQueue::AuditQueue(std::unique_ptr<Store> store) : store_(std::move(store)) {}

Status AuditQueue::append(const std::string& actor, const std::string& action,
                          const std::string& subject, const std::string& origin) {
  if (Status s = check_entry(*store_, actor, action, subject, origin); !s.ok()) return s;
  Pending mine{make_entry(actor, action, subject, origin), Status(), false};
  std::unique_lock lock(mu_);
  waiting_.push_back(&mine);
  done_.wait(lock, [&] { return mine.done || !writing_; });
  if (mine.done) return mine.result;
  // No batch is being written: write every entry waiting, this one included.
  writing_ = true;
  std::vector<Pending*> batch;
  batch.swap(waiting_);
  lock.unlock();
  std::vector<AuditEntry*> entries;
  for (Pending* p : batch) entries.push_back(&p->entry);
  Status s = write_entries(*store_, entries);
  lock.lock();
  for (Pending* p : batch) {
    p->result = s;
    p->done = true;
  }
  writing_ = false;
  lock.unlock();
  done_.notify_all();
  return mine.result;
}

Status chain_unchained_audit(Store& store) {
  if (store.keys().audit.empty()) return no_keys();
  Db& db = store.db();
  auto st = db.prepare(
      "SELECT audit_id, at, actor, action, subject, origin, coalesce(chain_hash, '') "
      "FROM audit_log ORDER BY audit_id");
  if (!st.ok()) return st.status();
  auto up =
      db.prepare("UPDATE audit_log SET chain_hash = ? WHERE audit_id = ? AND chain_hash IS NULL");
  if (!up.ok()) return up.status();
  std::string prev;
  Status s;
  while (st->step(&s)) {
    AuditEntry e{st->int64(0), st->text(1), st->text(2), st->text(3),
                 st->text(4),  st->text(5), st->text(6)};
    if (e.hash.empty()) {
      e.hash = audit_chain_hash(store.keys().audit, prev, e);
      up->bind(1, e.hash).bind(2, e.id);
      if (Status u = up->run(); !u.ok()) return u;
    }
    prev = e.hash;
  }
  return s;
}

Status seal_scheme_report_version(Store& store, int64_t report_id, const std::string& actor,
                                  const std::string& origin) {
  if (store.keys().audit.empty()) return no_keys();
  auto st = store.db().prepare(
      fmt::format("SELECT {} FROM scheme_reports WHERE report_id = ?", kReportColumns));
  if (!st.ok()) return st.status();
  st->bind(1, report_id);
  Status s;
  if (!st->step(&s)) {
    if (!s.ok()) return s;
    return Status::not_found(fmt::format("there is no scheme report {}", report_id));
  }
  ReportRow r = read_report(store.keys(), *st);
  return append_audit(
      store, actor, kSealAction,
      fmt::format("report {}: {} {} v{} {}", r.id, r.scheme, r.quarter, r.version, r.seal), origin);
}

Status seal_unsealed_scheme_reports(Store& store) {
  auto st = store.db().prepare(
      "SELECT report_id FROM scheme_reports WHERE state <> 'draft' AND NOT EXISTS ("
      "SELECT 1 FROM audit_log WHERE action = 'seal_scheme_report' "
      "AND subject LIKE 'report ' || report_id || ':%') ORDER BY report_id");
  if (!st.ok()) return st.status();
  std::vector<int64_t> ids;
  Status s;
  while (st->step(&s)) ids.push_back(st->int64(0));
  if (!s.ok()) return s;
  for (int64_t id : ids) {
    if (Status seal = seal_scheme_report_version(store, id, "bettercare", "upgrade"); !seal.ok())
      return seal;
  }
  return Status();
}

Result<AuditVerification> verify_audit(Store& store) {
  if (store.keys().audit.empty()) return no_keys();
  Db& db = store.db();
  ReadTransaction read(db);
  AuditVerification v;
  auto fail = [&v](int64_t id, std::string problem) {
    v.ok = false;
    v.first_bad = id;
    v.problem = std::move(problem);
    return v;
  };
  std::map<int64_t, std::pair<int64_t, std::string>> seals;  // report -> (entry, hash)
  {
    auto st = db.prepare(
        "SELECT audit_id, at, actor, action, subject, origin, coalesce(chain_hash, '') "
        "FROM audit_log ORDER BY audit_id");
    if (!st.ok()) return st.status();
    std::string prev_hash, prev_at;
    int64_t prev_id = 0;
    Status s;
    while (st->step(&s)) {
      AuditEntry e{st->int64(0), st->text(1), st->text(2), st->text(3),
                   st->text(4),  st->text(5), st->text(6)};
      if (e.id != prev_id + 1) {
        return fail(prev_id + 1,
                    e.id > prev_id + 1
                        ? fmt::format("entry {} was removed: the log jumps from entry {} to {}",
                                      prev_id + 1, prev_id, e.id)
                        : fmt::format("entry {} is out of order (after entry {})", e.id, prev_id));
      }
      if (e.at < prev_at) {
        return fail(e.id, fmt::format("entry {} was inserted out of order: it is dated {}, before "
                                      "entry {} ({})",
                                      e.id, escape_unsafe(e.at), prev_id, escape_unsafe(prev_at)));
      }
      if (e.hash != audit_chain_hash(store.keys().audit, prev_hash, e)) {
        return fail(e.id, fmt::format("entry {} was changed or inserted: its keyed hash does not "
                                      "match (at {}, actor {}, action {})",
                                      e.id, escape_unsafe(e.at), escape_unsafe(e.actor),
                                      escape_unsafe(e.action)));
      }
      if (e.action == kSealAction) {
        int64_t report = 0;
        std::string hash;
        if (parse_seal(e.subject, &report, &hash)) seals[report] = {e.id, hash};
      }
      ++v.entries;
      prev_id = e.id;
      prev_at = e.at;
      prev_hash = e.hash;
    }
    if (!s.ok()) return s;
    v.head_id = prev_id;
    v.head_hash = prev_hash;
  }
  // Every version that has left draft is sealed, and still matches its seal.
  auto exists = db.has_table("scheme_reports");
  if (!exists.ok()) return exists.status();
  if (!*exists) return v;
  auto st =
      db.prepare(fmt::format("SELECT {} FROM scheme_reports ORDER BY report_id", kReportColumns));
  if (!st.ok()) return st.status();
  Status s;
  while (st->step(&s)) {
    ReportRow r = read_report(store.keys(), *st);
    auto it = seals.find(r.id);
    if (it == seals.end()) {
      if (r.state == "draft") continue;
      return fail(0, fmt::format("{} is '{}' but was never sealed in the audit log: it was "
                                 "submitted outside bettercare or its seal was removed",
                                 report_name(r), escape_unsafe(r.state)));
    }
    if (r.state == "draft") {
      return fail(it->second.first,
                  fmt::format("{} was sealed by entry {} but is a draft again: it was changed "
                              "after it was submitted",
                              report_name(r), it->second.first));
    }
    if (it->second.second != r.seal) {
      return fail(it->second.first,
                  fmt::format("{} was changed after it was submitted: it no longer matches its "
                              "seal (entry {})",
                              report_name(r), it->second.first));
    }
    ++v.sealed_reports;
    seals.erase(it);
  }
  if (!s.ok()) return s;
  if (!seals.empty()) {
    const auto& [report, seal] = *seals.begin();
    return fail(seal.first, fmt::format("scheme report {} (sealed by entry {}) was removed", report,
                                        seal.first));
  }
  return v;
}

Result<std::vector<AuditEntry>> recent_audit(Store& store, int limit) {
  AuditQuery q;
  q.limit = limit;
  return search_audit(store, q);
}

Result<std::vector<AuditEntry>> search_audit(Store& store, const AuditQuery& q) {
  auto st = store.db().prepare(
      "SELECT audit_id, at, actor, action, subject, origin, coalesce(chain_hash, '') "
      "FROM audit_log "
      "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = ?2) "
      "AND (?3 = '' OR replace(subject, ?3, '') <> subject) AND (?4 = '' OR at >= ?4) "
      "AND (?5 = '' OR at < ?5 || 'T99') AND (?6 <= 0 OR audit_id < ?6) "
      "ORDER BY audit_id DESC LIMIT ?7");
  if (!st.ok()) return st.status();
  st->bind(1, q.actor).bind(2, q.action).bind(3, q.subject).bind(4, q.from).bind(5, q.to);
  st->bind(6, q.before_id).bind(7, q.limit);
  std::vector<AuditEntry> out;
  Status s;
  while (st->step(&s)) {
    out.push_back({st->int64(0), st->text(1), st->text(2), st->text(3), st->text(4), st->text(5),
                   st->text(6)});
  }
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
