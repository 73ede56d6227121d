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
// One self-contained HTML document (report/html.h) that prints on A4; the
// PDF is the browser's print of it (report/pdf.h).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "ingest/quality_records.h"
#include "quality/incidents.h"
#include "report/incident_people.h"

namespace bc::report {

std::string incident_status_report_html(const Incident& incident,
                                        const CareProviderRecord& provider,
                                        const std::vector<AffectedPerson>& people, Date as_at);

}  // namespace bc::report
