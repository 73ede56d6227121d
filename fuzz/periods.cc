// The period parsers on any text: Period (engine/period.h), the report's
// month (ReportMonth) and quarter (ReportQuarter), and import's --covers
// month range (parse_month_range). A period that parses has
// a label that parses back to the same days, and everything computed from
// it (the year before, its months, its mid-point) is well defined.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/period.h"
#include "fuzz_check.h"
#include "ingest/importer.h"
#include "programme/scheme_report.h"
#include "report/performance_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto p = bc::Period::parse(text); p.ok()) {
    FUZZ_CHECK(!(p->last() < p->first()));
    auto again = bc::Period::parse(p->label());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->first() == p->first() && again->last() == p->last());
    FUZZ_CHECK(p->contains(p->mid_point()));
    FUZZ_CHECK(!p->months().empty());
    const bc::Period before = p->previous_year();
    FUZZ_CHECK(before.first() < p->first());
    (void)p->financial_year();
    (void)p->whole_months();
  } else {
    FUZZ_CHECK(!p.error().empty());
  }
  if (auto m = bc::report::ReportMonth::parse(text); m.ok()) {
    FUZZ_CHECK(m->month >= 1 && m->month <= 12);
    const bc::Period ytd = m->year_to_date();
    FUZZ_CHECK(ytd.last() == m->the_month().last());
    FUZZ_CHECK(!m->label().empty() && !m->span_label().empty() && !m->month_name().empty());
    (void)m->whole_year();
  }
  if (auto q = bc::ReportQuarter::parse(text); q.ok()) {
    FUZZ_CHECK(q->quarter >= 1 && q->quarter <= 4);
    auto again = bc::ReportQuarter::parse(q->label());
    FUZZ_CHECK(again.ok() && *again == *q);
    FUZZ_CHECK(q->first_day() < q->last_day());
  }
  if (auto r = bc::parse_month_range(text); r.ok()) {
    FUZZ_CHECK(!(r->second < r->first));
    FUZZ_CHECK(bc::check_month_range(r->first, r->second).ok());
  }
  return 0;
}
