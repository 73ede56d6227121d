// Copying a whole store to another backend (bettercare migrate-store), and
// the per-table fingerprints that show a copy is exact.
//
// copy_store reads the source in one read transaction and writes the
// destination in one write transaction: every table, every row, every
// value, in an order that keeps foreign keys satisfied. The destination
// must be a new store (nothing in it but what opening it made) at the same
// schema version, opened with the same keys, so that the audit log's chain
// and the sealed scheme reports still verify there. Before committing, it
// compares each table's row count and checksum on both sides, and commits
// only when every table matches; otherwise the destination is left as it
// was.
//
// Thread safety: uses both stores' connections; one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

// A table's fingerprint: its row count, and a checksum of its rows that
// does not depend on their order (the sum of a keyed hash of each row's
// values written canonically: integers in decimal, reals in their shortest
// exact form, text as it is, NULL as its own mark).
struct TableFingerprint {
  std::string table;
  int64_t rows = 0;
  std::string checksum;  // 32 hex digits
  bool operator==(const TableFingerprint&) const = default;
};

// Every table of the store's schema, by name (the tables only one backend
// has, SQLite's `secrets` and PostgreSQL's `bettercare_store`, left out).
Result<std::vector<TableFingerprint>> fingerprint_store(Store& store);

struct CopyReport {
  std::vector<TableFingerprint> source;       // by table
  std::vector<TableFingerprint> destination;  // the same tables, after the copy
  int64_t rows = 0;                           // copied
};

// Copies from into to, as above; progress(table, rows so far) is called as
// it goes. FailedPrecondition (nothing written) when `to` is not new, is
// at another schema version, or holds other keys.
Result<CopyReport> copy_store(Store& from, Store& to,
                              const std::function<void(const std::string&, int64_t)>& progress);

}  // namespace bc
