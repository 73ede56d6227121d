// The one loop of ingest's record readers (records.h, board_records.h,
// plan_records.h, ...): prepare a query, bind its parameters, call back
// for each row. Internal to ingest: other modules read through the
// readers' headers, never SQL.
#ifndef BETTERCARE_INGEST_SCAN_H_
#define BETTERCARE_INGEST_SCAN_H_

#include <initializer_list>
#include <string_view>

#include "core/status.h"
#include "store/db.h"
#include "store/store.h"

namespace bc::ingest_internal {

// How many rows a scan may read: a few, or many (a whole table's, which
// PostgreSQL then reads in batches while they are handled: see
// Stmt::expect_many_rows).
enum class RowCount { kFew, kMany };

// Prepares `sql`, lets `bind` set its parameters, and calls `row` for each
// row. A failure comes back as the store reported it: callers say what
// they were doing.
template <typename Bind, typename Row>
Status scan(Store& store, std::string_view sql, Bind&& bind, Row&& row,
            RowCount rows = RowCount::kFew) {
  auto st = store.db().prepare(sql);
  if (!st.ok()) return st.status();
  if (rows == RowCount::kMany) st->expect_many_rows();
  bind(*st);
  Status s;
  while (st->step(&s)) row(*st);
  return s;
}

// The same with text parameters bound in order (none by default).
template <typename Row>
Status scan_rows(Store& store, std::string_view sql, std::initializer_list<std::string_view> params,
                 Row&& row) {
  return scan(
      store, sql,
      [&](Stmt& st) {
        int i = 1;
        for (std::string_view p : params) st.bind(i++, p);
      },
      row);
}

}  // namespace bc::ingest_internal

#endif  // BETTERCARE_INGEST_SCAN_H_
