// The one-page status report of a provider failure incident for each
// meeting of the Joint Incident Steering Group (docs/quality.md, "The
// status report"): the provider and its trigger, the JISG deadline, how
// many people are affected by responsible agency and how far their moves
// have got, each person's move by placement (no names or NHS numbers: the
// group needs the progress, the care team has the people), the checklist's
// progress with the items in hand and done, notifications, open risks by
// score, and the latest steps of the log (which names placements, never
// people).
//
// For readers outside the care team (the board, a partner's director)
// the report is `suppress`ed: its counts of people follow the small-number
// rule (report/metric_text.h count_text), and it has neither the moves by
// placement nor the log's steps about one placement.
//
// One self-contained HTML document (report/html.h) that prints on A4; the
// PDF is the browser's print of it (report/pdf.h).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "engine/metric_def.h"
#include "ingest/quality_records.h"
#include "quality/incidents.h"
#include "report/incident_people.h"

namespace bc::report {

struct IncidentReportOptions {
  Date as_at;             // the report's date (the JISG deadline's state)
  bool suppress = false;  // for readers outside the care team
  SuppressionRule rule;   // the small-number rule when suppressed
};

std::string incident_status_report_html(const Incident& incident,
                                        const CareProviderRecord& provider,
                                        const std::vector<AffectedPerson>& people,
                                        const IncidentReportOptions& options);

}  // namespace bc::report
