// The period parser on any text, by its three ways in (core/period.h): any
// period, a scheme report's quarter and a report's month; and import's
// --covers month range (parse_month_range). A period that parses has a
// label that parses back to the same period, and everything computed from
// it (the year before, its months, its mid-point, where it ends in the
// financial calendar) is well defined.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/period.h"
#include "fuzz_check.h"
#include "ingest/importer.h"
#include "report/performance_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto p = bc::Period::parse(text); p.ok()) {
    FUZZ_CHECK(!(p->last() < p->first()));
    auto again = bc::Period::parse(p->label());
    FUZZ_CHECK(again.ok() && *again == *p);
    FUZZ_CHECK(p->contains(p->mid_point()));
    FUZZ_CHECK(!p->months().empty());
    const bc::Period before = p->previous_year();
    FUZZ_CHECK(before.first() < p->first());
    (void)p->financial_year();
    (void)p->whole_months();
  } else {
    FUZZ_CHECK(!p.error().empty());
  }
  if (auto m = bc::Period::parse_month_end(text); m.ok()) {
    FUZZ_CHECK(m->kind() == bc::Period::Kind::kMonth);
    FUZZ_CHECK(m->fiscal_month() >= 1 && m->fiscal_month() <= 12);
    FUZZ_CHECK(m->year_to_date().last() == m->last());
    FUZZ_CHECK(!bc::report::as_at_label(*m).empty() && !bc::report::year_span(*m).empty());
    FUZZ_CHECK(m->whole_year().contains(m->first()));
  }
  if (auto q = bc::Period::parse_quarter(text); q.ok()) {
    FUZZ_CHECK(q->kind() == bc::Period::Kind::kQuarter);
    FUZZ_CHECK(q->fiscal_quarter() >= 1 && q->fiscal_quarter() <= 4);
    auto again = bc::Period::parse_quarter(q->label());
    FUZZ_CHECK(again.ok() && *again == *q);
    FUZZ_CHECK(q->first() < q->last());
  }
  if (auto r = bc::parse_month_range(text); r.ok()) {
    FUZZ_CHECK(!(r->second < r->first));
    FUZZ_CHECK(bc::check_month_range(r->first, r->second).ok());
  }
  return 0;
}
