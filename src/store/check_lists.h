// Schema 23 on SQLite: CHECK constraints of the form `x IN ('a', 'b', 'c')`
// written as `(x = 'a' OR x = 'b' OR x = 'c')`.
//
// Why: SQLite evaluates an IN list of three or more constants in a CHECK by
// building a temporary b-tree of the list, every time a row is written: a
// persons row took twice as long to insert as with no CHECK at all
// (docs/benchmarks.md, "Scale"). The OR form says the same (true, false, or
// NULL for a NULL value, which a CHECK lets through either way) and costs a
// comparison or three.
//
// How: each table's CREATE TABLE text in sqlite_schema is rewritten in place
// (PRAGMA writable_schema), as SQLite's documentation allows for a change of
// CHECK constraints that every row already satisfies, with the schema
// version raised so that every connection reads the new text, and each
// table read again to prove the text parses. Runs inside the upgrade's
// transaction: any failure leaves the store as it was.
//
// Thread safety: the caller's connection, inside its transaction.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/db.h"

namespace bc {

// `sql` with each `name IN (literal, literal, ...)` (two or more quoted
// strings or integers) written as an OR of equalities. `NOT IN` and lists
// of anything else are left as they are.
std::string expand_in_lists(std::string_view sql);

// Rewrites every table of the SQLite store on `db` (see above). The caller
// holds a write transaction.
Status expand_sqlite_check_lists(Db& db);

}  // namespace bc
