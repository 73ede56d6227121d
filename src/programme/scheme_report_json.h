// The JSON form of a version of a scheme's quarterly report: the one shape
// shared by the CLI's `scheme-report show|list|history --format json`, the
// web API and the tests.
//
// Always: "scheme", "scheme_name", "host", "quarter", "version",
// "latest_version", "state" (state_name), "pooled_budget_manager" (the
// content's, else the scheme's), "report_author", "report_date" (ISO, null
// when unset), "source_format", "created_at", "created_by", "updated_at",
// "updated_by", and "steps": [{"step" (step_name), "on" (ISO), "by",
// "note", "recorded_at"}] in workflow order. With full = true also
// "content" (the canonical content, content_to_json, as an object) and
// "source" (the text of the file the version was set from): what `show`
// and `history` give; `list` leaves them out.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "programme/scheme_report.h"

namespace bc {

nlohmann::json scheme_report_json(const SchemeReportVersion& v, bool full);

}  // namespace bc
