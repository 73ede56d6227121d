// Number formats: how a figure, a plan, a change on last year, a percentage
// or an amount of money is written, once for the CLI, the web pages and the
// board documents, so that no two of them disagree.
//
// The rules, by MetricUnit (pinned by tests/golden/present/*.test):
//
//   unit      value                      plan
//   count     whole: "30,946"; else      rounded to whole: a plan of 91.5
//             one decimal: "12.5"        is "92", of 12,627.9 is "12,628"
//   percent   one decimal: "5.4%"        one decimal: "3.9%"
//   per_100k  one decimal: "741.7"       one decimal: "762.0"
//             (rates per day, such as delayed days per 100,000 adults
//             per day, are per_100k)
//   pounds    whole pounds: "£1,234"     whole pounds: "£1,234"
//
// A suppressed figure is "*", a missing one "-". A percentage's change on
// last year is in percentage points ("-2.2 pts"), any other in per cent
// ("+1.3%"). Money: pounds and pence are Money's own ("£1,234.56",
// core/money.h); a £'000 column is format_k.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"
#include "engine/metric_row.h"

namespace bc::present {

// 1234567 -> "1,234,567"; -1234 -> "-1,234".
std::string format_thousands(int64_t n);

// A value in the unit of a metric (the table above); "*" when suppressed,
// "-" when there is no value.
std::string format_metric_value(const std::optional<double>& v, MetricUnit unit,
                                bool suppressed = false);

// A key measure's value (or target) in its unit, as the commissioning plan
// names them (docs/data-formats.md): "percent", "count" and "per_100k" as
// the metrics' units are written, "days" with one decimal and " days";
// "-" when there is none.
std::string format_measure_value(const std::optional<double>& v, std::string_view unit);

// The plan in the row's unit (the table above); "-" when there is none.
std::string format_plan(const MetricRow& r);

// The change on last year, short: "+1.3%", "-2.2 pts"; "-" when none.
std::string format_change(const MetricRow& r);

// A signed percentage with one decimal, as variance against plan is shown:
// "+14.3%", "-2.0%"; "-" when there is none (or it is not finite).
std::string format_signed_percent(const std::optional<double>& v);

// £'000 with negatives in brackets, as the finance schedule prints them:
// -£33,499.99 -> "(33)", £1,167,000 -> "1,167".
std::string format_k(Money m);

}  // namespace bc::present
