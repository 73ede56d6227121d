// A scheme's quarterly report rendered in the seed's template and the
// performance report's style: header; financial performance, filled from
// the ledger at the quarter's end (fund_position), beside the lead's
// reasons, actions, savings and cost pressures; aims; evidence; performance
// indicators (with the engine's figure beside any indicator tied to a
// metric); risks and mitigations; proposed changes; priorities; the four
// sign-off dates; the version history.
//
// Thread safety: one thread at a time per store.
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "report/performance_report.h"

namespace bc::report {

// One scheme's report for a quarter (a Period of kind kQuarter, e.g.
// 2017/18:Q4), the latest version unless one is named, as an HTML fragment
// (an <article>). Its figures are at the quarter's last month.
Result<std::string> scheme_report_fragment(const ReportContext& ctx, const std::string& scheme,
                                           const Period& quarter,
                                           std::optional<int> version = std::nullopt);

// The same as a complete, self-contained HTML document.
Result<std::string> scheme_report_document(const ReportContext& ctx, const std::string& scheme,
                                           const Period& quarter,
                                           std::optional<int> version = std::nullopt);

}  // namespace bc::report
