#include "store/audit.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

namespace bc {

std::string utc_now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

Status append_audit(Store& store, const std::string& actor, const std::string& action,
                    const std::string& subject, const std::string& origin) {
  auto st = store.db().prepare(
      "INSERT INTO audit_log(at, actor, action, subject, origin) VALUES (?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  st->bind(1, utc_now_iso()).bind(2, actor).bind(3, action).bind(4, subject).bind(5, origin);
  Status s = st->run();
  if (!s.ok()) return Status::store_error("cannot write the audit log: " + s.message());
  return Status();
}

Result<std::vector<AuditEntry>> recent_audit(Store& store, int limit) {
  AuditQuery q;
  q.limit = limit;
  return search_audit(store, q);
}

Result<std::vector<AuditEntry>> search_audit(Store& store, const AuditQuery& q) {
  auto st = store.db().prepare(
      "SELECT audit_id, at, actor, action, subject, origin FROM audit_log "
      "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = ?2) "
      "AND (?3 = '' OR instr(subject, ?3) > 0) AND (?4 = '' OR at >= ?4) "
      "AND (?5 = '' OR at < ?5 || 'T99') AND (?6 <= 0 OR audit_id < ?6) "
      "ORDER BY audit_id DESC LIMIT ?7");
  if (!st.ok()) return st.status();
  st->bind(1, q.actor).bind(2, q.action).bind(3, q.subject).bind(4, q.from).bind(5, q.to);
  st->bind(6, q.before_id).bind(7, q.limit);
  std::vector<AuditEntry> out;
  Status s;
  while (st->step(&s)) {
    out.push_back({st->int64(0), st->text(1), st->text(2), st->text(3), st->text(4), st->text(5)});
  }
  if (!s.ok()) return s;
  return out;
}

}  // namespace bc
