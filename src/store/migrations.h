// The schema's migrations: numbered, forward-only SQL scripts.
//
// Migration N takes a store from schema version N-1 to N. They live in
// src/store/migrations/NNNN_name.sql and are compiled into the binary, so a
// bettercare program always carries the schema it needs. A released
// migration is never edited: a change to the schema is a new file.
#pragma once

#include <span>
#include <string_view>

namespace bc {

struct Migration {
  int version;            // 1, 2, 3 ... with no gaps
  std::string_view name;  // the file name
  std::string_view sql;
};

// All migrations in order; version of the last = the latest schema version.
std::span<const Migration> migrations();

// PostgreSQL's own scripts (src/store/migrations/postgresql/), in order:
// the first is the baseline, which makes its version's whole schema in an
// empty database; each later one is a twin that PostgreSQL runs in place
// of the shared migration of the same number.
std::span<const Migration> postgresql_migrations();

}  // namespace bc
