// Who may see what: the web application's access rules in one place.
//
// docs/security.md is the same table in words. In short:
//   admin       users, roles and the audit log; aggregates suppressed;
//               no person-level data.
//   analyst     every aggregate unsuppressed; person-level data only
//               pseudonymised (a keyed hash for the NHS number, no date of
//               birth, postcode or names); imports and data quality.
//   finance     the pooled fund; aggregates suppressed.
//   scheme_lead their own schemes' reports (edit drafts, submit); the fund;
//               aggregates suppressed.
//   board       aggregates suppressed; schemes' reports and the board steps
//               (received / signed off by the JCB and the HWB); the fund.
//   clinician   their own cluster's dashboard unsuppressed, and the joined
//               record of people registered in their cluster (audited);
//               everything else suppressed; no finance.
//   board_officer  what a board member reads, and keeps the boards'
//               business: attendance, decisions and minutes, the action
//               tracker (every change an audited import).
// Board members and board officers read the boards' business (meetings,
// agendas, attendance, declarations, decisions, the tracker, the forward
// plan) and the commissioning plan.
// The board documents (the performance report, the quarterly pack) are
// publications, suppressed, for every role that reads the fund (all but
// the clinician); the return to NHS England carries the actual figures and
// is the analyst's to download.
// Small numbers are suppressed for everyone outside the care team: that is
// every role but the analyst, and the clinician within their own cluster.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "web/accounts.h"

namespace bc {

enum class Capability {
  kAggregates,     // overview, metric pages, cluster dashboards (suppression aside)
  kFinance,        // the pooled fund's schedule and scheme finance
  kSchemeReports,  // read schemes' quarterly reports and their state
  kBoardSteps,     // record received / signed off by the JCB or HWB
  kDataQuality,    // import history and data quality
  kPersonRecord,   // a person's joined record (identified or pseudonymised)
  kAdmin,          // users, sessions and the audit log
  kBoardPapers,    // download the performance report and the quarterly pack (suppressed)
  kReturn,         // download the return to NHS England (actual figures, unsuppressed)
  kBoardBusiness,  // the boards' meetings, decisions, action tracker and the plan (read)
  kBoardEdit,      // keep the boards' business: attendance, decisions, actions
  kProviders,      // care providers' quality, occupancy and RAG (no person data)
  kIncidents,      // provider failure incidents: progress and counts (people by role below)
  kIncidentRun,    // open incidents and take their steps; see everyone affected
};

bool may(const User& u, Capability c);

// Whether aggregates must be suppressed for this user; `cluster` is the
// cluster an aggregate is restricted to (nullopt: city-wide).
bool suppress_for(const User& u, const std::optional<std::string>& cluster);

// Whether counts of people at care providers (occupancy, and the people a
// failure incident affects) are suppressed for this user: for everyone but
// the quality team, who run incidents and see everyone affected, and
// analysts.
bool suppress_provider_counts(const User& u);

// A clinician may look at the dashboard of their own cluster only.
bool may_view_cluster(const User& u, const std::string& cluster);

// A scheme lead edits and submits their own schemes' drafts; nobody else
// edits reports through the web.
bool may_edit_scheme_report(const User& u, const std::string& scheme);

// Analysts see person-level data pseudonymised, clinicians identified.
bool sees_pseudonyms(const User& u);

}  // namespace bc
