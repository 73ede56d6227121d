// Internal to the CLI: what every command that writes a board document
// shares (report_cmd.cc): the report's context from the common options,
// and the check of the files it will write.
#pragma once

#include <string>

#include "core/status.h"
#include "engine/snapshot.h"
#include "report/performance_report.h"
#include "store/store.h"

namespace bc::cli {

// The context of a report: the store and snapshot, the metric config, the
// area's name (--area: plain text, one line, at most 200 bytes), today's
// date, suppression unless `unsuppressed`, and the commentary file if
// given (docs/reports.md).
Result<report::ReportContext> make_report_context(Store& store, const Snapshot& snap,
                                                  const std::string& area,
                                                  const std::string& commentary, bool unsuppressed);

// Each path that is not empty must be new or a regular file
// (core/file_checks.h); checked before any work.
Status check_output_paths(const std::string& out, const std::string& pdf);

}  // namespace bc::cli
