// The quarterly return to NHS England as an XLSX workbook, written with
// libxlsxwriter: the figures the Health and Wellbeing Board signs off,
// taken from the same modules as every report.
//
// Sheets: Cover (area, quarter, period, when and by what it was made);
// Income and Expenditure (per scheme and partner: budget, YTD actual,
// forecast outturn, variance, borne variance, with scheme and fund totals);
// Metrics (each headline metric at the quarter's end: plan, actual,
// variance, RAG, previous year, change); Narrative (each scheme's report
// summary for the quarter, its version and sign-off state). Numbers are
// numbers with number formats (money in pounds, percentages as fractions
// formatted 0.0%), never text; a suppressed count is the text "*".
//
// Thread safety: one thread at a time per store.
#pragma once

#include <string>

#include "core/status.h"
#include "report/performance_report.h"

namespace bc::report {

// Writes the return for the quarter that ends at `at` (its month must end a
// quarter) to path, atomically.
Status write_bcf_return(const ReportContext& ctx, const Period& at, const std::string& path);

}  // namespace bc::report
