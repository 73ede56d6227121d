// The provider failure procedure as a workflow (seed 001; docs/quality.md,
// "Running an incident"): an incident opened for a care home or home care
// agency, the notifications made, the Joint Incident Steering Group's first
// meeting, the management checklist's progress, flags about affected
// people, the log of assessments and moves, the risk log, and closure with
// lessons learned.
//
// Every step is checked before anything is written, written in one
// transaction, and logged in incident_log (when, by whom, what); a refused
// step changes nothing. A closed incident takes no more steps. Whoever
// takes a step for a user also writes the audit entry (store/audit.h): the
// CLI and the web application do.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace bc {

inline constexpr std::string_view kNotifiedParties[] = {
    "scc", "ccg", "cqc", "provider", "placing_body", "safeguarding", "other"};
inline constexpr std::string_view kNotificationMethods[] = {"telephone", "email", "in_person",
                                                            "letter"};
inline constexpr std::string_view kChecklistStatuses[] = {"not_started", "in_progress", "done",
                                                          "not_applicable"};
inline constexpr std::string_view kChecklistParties[] = {"scc", "ccg", "provider"};
inline constexpr std::string_view kPersonFlags[] = {
    "end_of_life", "dols", "lasting_power_of_attorney", "friendship_group", "safeguarding"};
// The steps of a person's move, in the order they usually come: assessed,
// offered options, made a choice, then moved (to a provider) or stayed.
inline constexpr std::string_view kMoveSteps[] = {"assessed", "options_offered", "choice_made",
                                                  "moved", "stayed"};

struct NewIncident {
  std::string provider_code;
  std::string trigger;  // one of kIncidentTriggers (quality/failure.h)
  Date incident_date;   // the placements in force on this day are affected
  Date notified_date;   // the leads notified; on or after the incident date
  std::string summary;  // optional, at most 2,000 characters
};

struct IncidentNotification {
  int64_t seq = 0;
  std::string notified_date, party, name, method;
  bool acknowledged = false;
};
struct ChecklistProgress {
  std::string item, status;
  std::optional<std::string> party, owner;
  std::string status_date;
  std::optional<std::string> note;
};
struct PersonFlag {
  int64_t nhs_number = 0;
  std::string flag;
  std::optional<std::string> note;
};
struct MoveStep {
  int64_t seq = 0;
  std::string placement_id;
  int64_t nhs_number = 0;
  std::string step, step_date;
  std::optional<std::string> to_provider, note;
};
struct IncidentRisk {
  int64_t risk_no = 0;
  std::string risk;
  int likelihood = 1, impact = 1;  // 1 to 5 each; the score is their product
  std::optional<std::string> mitigation, owner;
  std::string status;  // open or closed
};
struct IncidentLogEntry {
  int64_t seq = 0;
  std::string at, actor, step, detail;

  // Whether the entry is about one person's placement (a flag or a move
  // step): shown only to those who see the people, never to the board.
  bool names_placement() const { return step == "flag" || step == "move"; }
};

struct Incident {
  int64_t id = 0;
  std::string provider_code, trigger, incident_date, notified_date;
  std::optional<std::string> summary, jisg_met_date;
  std::string opened_by, opened_at;
  std::optional<std::string> closed_date, lessons;
  std::vector<IncidentNotification> notifications;
  std::vector<ChecklistProgress> checklist;  // items with a status, by item number
  std::vector<PersonFlag> flags;
  std::vector<MoveStep> moves;  // in the order recorded
  std::vector<IncidentRisk> risks;
  std::vector<IncidentLogEntry> log;

  bool closed() const { return closed_date.has_value(); }
};

// The checklist's progress for a provider of `provider_type`: the items
// that apply (quality/checklist.h) and how many are at each status (an
// item with none recorded is not started).
struct ChecklistTally {
  int applicable = 0, done = 0, in_progress = 0, not_applicable = 0, not_started = 0;
};
ChecklistTally tally_checklist(std::string_view provider_type,
                               const std::vector<ChecklistProgress>& progress);

// Opens an incident and returns its id. InvalidData for a provider that
// is not a care home or home care agency, an unknown trigger, a
// notification before the incident date, a summary too long, or a
// provider with an open incident already.
Result<int64_t> open_incident(Store& store, const NewIncident& incident, const std::string& actor);

// NotFound for no such incident. Every list is in its natural order.
Result<Incident> read_incident(Store& store, int64_t id);
// Every incident, newest first, without their lists (only the header fields).
Result<std::vector<Incident>> list_incidents(Store& store);

// The steps. Each refuses (InvalidData, nothing written) a closed
// incident, a date before the incident date, and text over 2,000
// characters, besides its own checks.
Status record_notification(Store& store, int64_t id, const IncidentNotification& n,
                           const std::string& actor);
// The first JISG meeting was held on `held`.
Status record_jisg_meeting(Store& store, int64_t id, Date held, const std::string& actor);
// An item of the checklist (one that applies to the provider's type) now
// has `status`, from `p.status_date`, with its party, owner and note.
Status record_checklist(Store& store, int64_t id, const ChecklistProgress& p,
                        const std::string& actor);
// Sets (or, with `on` false, clears) a flag on an affected person.
Status record_flag(Store& store, int64_t id, const PersonFlag& f, bool on,
                   const std::string& actor);
// A step of an affected person's move: `to_provider` required for
// choice_made and moved (a care provider other than the failing one), none
// for the others; nothing after moved or stayed.
Status record_move(Store& store, int64_t id, const MoveStep& m, const std::string& actor);
// Adds a risk (r.risk_no 0: the next number, which is returned) or updates
// risk r.risk_no.
Result<int64_t> record_risk(Store& store, int64_t id, const IncidentRisk& r,
                            const std::string& actor);
// Closes the incident on `closed`, with its lessons learned (required).
Status close_incident(Store& store, int64_t id, Date closed, const std::string& lessons,
                      const std::string& actor);

}  // namespace bc
