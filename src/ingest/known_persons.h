// Internal to ingest: the NHS numbers in the persons register, as the
// batch's transaction sees them, for counting the rows of a file about a
// person whose NHS number is not registered (its "unlinked" rows).
//
// Asking the store for each row of a large file cost a tenth of a first
// load's time (a prepared lookup a row: docs/benchmarks.md, "Scale").
// Instead the register is read once, the first time a file of the batch
// asks, into a sorted vector (8 bytes a person: 80 MB for 10 million),
// shared by the batch's later files, and read again when asked after a
// file that writes the register (forget()).
//
// Thread safety: belongs to one import, on its connection.
#pragma once

#include <cstdint>
#include <vector>

#include "core/nhs_number.h"
#include "core/status.h"
#include "store/db.h"

namespace bc::ingest {

class KnownPersons {
 public:
  explicit KnownPersons(Db& db) : db_(db) {}
  KnownPersons(const KnownPersons&) = delete;
  KnownPersons& operator=(const KnownPersons&) = delete;

  // Whether the NHS number is in the register; a failure of the store
  // to read it.
  Result<bool> contains(NhsNumber n);
  // The register may have changed (a persons file was written): read it
  // again when next asked.
  void forget();

 private:
  Db& db_;
  bool loaded_ = false;
  std::vector<int64_t> numbers_;  // sorted
};

}  // namespace bc::ingest
