// The quarterly pack the boards receive: a cover with the state of every
// scheme's report, the performance summary, every scheme's quarterly report
// (its latest version), the performance report and the finance schedule,
// all at the quarter's end, in one self-contained HTML document.
//
// Thread safety: one thread at a time per store.
#pragma once

#include <string>

#include "core/status.h"
#include "report/performance_report.h"

namespace bc::report {

// `at` is the quarter's last month (Period::parse_month_end("2017/18:Q4")).
Result<std::string> quarter_pack_html(const ReportContext& ctx, const Period& at);

}  // namespace bc::report
