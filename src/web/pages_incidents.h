// Internal to web: the pieces of the incident pages that pages_incidents.cc
// (the pages) and pages_incident_steps.cc (the steps' forms and posts)
// share.
#pragma once

#include <string>
#include <vector>

#include "ingest/quality_records.h"
#include "quality/incidents.h"
#include "report/incident_people.h"
#include "web/context.h"
#include "web/router.h"

namespace bc::web {

struct IncidentView {
  Incident incident;
  CareProviderRecord provider;
  std::vector<AffectedPerson> people;
  std::vector<CareProviderRecord> elsewhere;  // the care providers people may move to
};

// The incident with its provider and the people it affects; NotFound.
Result<IncidentView> load_incident_view(Ctx& ctx, int64_t id);

// The affected people this user may see: everyone for the quality team,
// a clinician's own cluster's, nobody for anyone else (they see counts).
std::vector<const AffectedPerson*> people_shown(const Ctx& ctx, const IncidentView& v);

// The incident's page, with a step's refusal (`error`) over it and the
// HTTP status (422 for a refusal). Audits the people it shows.
Status render_incident(Ctx& ctx, const IncidentView& v, const std::string& error, int status);

// The page's sections (pages_incident_steps.cc): the people by
// responsible agency (counts for all; rows for those shown; the move and
// flag forms for the quality team), the checklist with its form, and the
// notifications, risks and log with their forms.
std::string incident_people_html(const Ctx& ctx, const IncidentView& v,
                                 const std::vector<const AffectedPerson*>& shown);
std::string incident_checklist_html(const Ctx& ctx, const IncidentView& v);
std::string incident_logs_html(const Ctx& ctx, const IncidentView& v);

// POST /incidents/<id>/{notifications,jisg,checklist,flags,moves,risks,close}.
void add_incident_step_routes(Router& r);

}  // namespace bc::web
