// The audit log: who looked at which person's record, and every export.
//
// Person-identifiable data is only ever shown with a record of the look.
// The log is append-only: the schema's triggers refuse updates, deletes,
// replacement and back-dated entries (migration 0007), and each entry is
// chained to the one before by a keyed hash (BLAKE2b-256 with the site's
// audit key, site_keys.h), so that someone who edits the file directly,
// without the key, is found out by verify_audit. Submitted scheme report
// versions are sealed in the same chain (seal_scheme_report_version).
//
// The chain: entry n's chain_hash is BLAKE2b-256, keyed with the audit key,
// of "bc-audit-1" followed by, for each of (entry n-1's chain_hash, or ""
// for the first; n in decimal; at; actor; action; subject; origin), its
// length as 8 bytes little-endian and its bytes. Ids are 1, 2, 3 ... with
// no gaps and times never go back, so a removed or reordered entry shows.
// Removing the newest entries leaves a shorter valid chain: compare the
// head (the newest id and hash, printed by `bettercare audit verify`) with
// one recorded elsewhere (docs/security.md).
//
// Thread safety: the functions use the Store's connection, one thread at a
// time; AuditQueue takes entries from many threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
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
  std::string hash;     // the chain hash, hex (empty before version 7 chained it)
};

// Appends an entry, stamping it with the current UTC time (or the last
// entry's time, if the clock has gone back since), chained to the last.
// InvalidArgument when actor, action, subject or origin holds a control or
// bidirectional character (core/safe_text.h): such text could forge a line.
// Runs inside the caller's transaction, if there is one.
Status append_audit(Store& store, const std::string& actor, const std::string& action,
                    const std::string& subject, const std::string& origin);

// Appends entries from many threads through one store connection of its
// own, as many entries per transaction as are waiting (group commit).
// Each append returns once its entry is committed and synced (the store
// runs with synchronous=FULL), so that a busy server pays one sync to disk
// per batch rather than one per entry: with 3.5 ms syncs, one entry per
// transaction caps a server near 300 audited requests a second, and its
// threads queue in SQLite's busy handler. The first thread to find no
// batch being written writes every entry waiting, its own included, while
// the others wait for it; entries keep the order they were queued in, and
// each gets the batch's Status (kBusy when another process holds the
// store past the busy timeout).
//
// Thread safety: append() may be called from many threads at once.
class AuditQueue {
 public:
  explicit AuditQueue(std::unique_ptr<Store> store);
  AuditQueue(const AuditQueue&) = delete;
  AuditQueue& operator=(const AuditQueue&) = delete;

  // As append_audit, in the next batch.
  Status append(const std::string& actor, const std::string& action, const std::string& subject,
                const std::string& origin);

 private:
  struct Pending;
  std::unique_ptr<Store> store_;
  std::mutex mu_;
  std::condition_variable done_;
  std::vector<Pending*> waiting_;
  bool writing_ = false;
};

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

// The chain hash (hex) of entry e after an entry whose hash is prev_hash.
std::string audit_chain_hash(std::string_view audit_key, std::string_view prev_hash,
                             const AuditEntry& e);

// Chains the entries that have no hash yet (made before schema version 7),
// in id order. Store::open runs it while upgrading; a no-op afterwards.
Status chain_unchained_audit(Store& store);

// Records in the audit log (action "seal_scheme_report") a keyed hash of
// everything a scheme report version is except its state, so that a change
// to a submitted version is found by verify_audit. Called when a version is
// submitted, inside the submitting transaction; Store::open seals versions
// submitted before schema version 7.
Status seal_scheme_report_version(Store& store, int64_t report_id, const std::string& actor,
                                  const std::string& origin);
// Seals every version that has left draft and has no seal yet.
Status seal_unsealed_scheme_reports(Store& store);

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;         // entries checked
  int64_t head_id = 0;         // the newest entry, when there is one
  std::string head_hash;       // its chain hash
  int64_t first_bad = 0;       // the first entry found changed, removed or out of order
  std::string problem;         // what is wrong, naming the entry; empty when ok
  int64_t sealed_reports = 0;  // submitted scheme report versions checked
};
// Walks the chain from the first entry and checks every sealed scheme
// report version. Stops at the first problem.
Result<AuditVerification> verify_audit(Store& store);

// The current UTC time as YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now_iso();

}  // namespace bc
