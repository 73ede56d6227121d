// The audit log: who looked at which person's record, and every export.
//
// Person-identifiable data is only ever shown with a record of the look.
// The log is append-only: the schema's triggers refuse updates and deletes,
// so not even bettercare itself can rewrite history.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

struct AuditEntry {
  int64_t id = 0;
  std::string at;       // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string actor;    // the user name
  std::string action;   // e.g. "view_person"
  std::string subject;  // e.g. the NHS number
  std::string origin;   // "cli" or a client address
};

// Appends an entry, stamping it with the current UTC time.
Status append_audit(Store& store, const std::string& actor, const std::string& action,
                    const std::string& subject, const std::string& origin);
// The most recent entries first, at most limit of them.
Result<std::vector<AuditEntry>> recent_audit(Store& store, int limit);

struct AuditQuery {
  std::string actor;     // exact, when not empty
  std::string action;    // exact, when not empty
  std::string subject;   // substring, when not empty
  std::string from, to;  // UTC dates YYYY-MM-DD, inclusive, when not empty
  int limit = 200;
  int64_t before_id = 0;  // paging: entries older than this id, when > 0
};
// Matching entries, most recent first.
Result<std::vector<AuditEntry>> search_audit(Store& store, const AuditQuery& q);

// The current UTC time as YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now_iso();

}  // namespace bc
