// Multidisciplinary team (MDT) case management of a cluster: the meetings
// (date, who came by profession, the people discussed with the outcome and
// the actions agreed for each), and the case list for the next meeting,
// built from the at-risk register (docs/care-plans.md, "MDT meetings").
//
// The case list as at a date D names each person on the cluster's at-risk
// register (as at D) for whom at least one of these holds, with every one
// that does, in the order below:
//   new          joined the register in the month before D;
//   overdue      their care plan's review is overdue on D;
//   emergency    an emergency admission since the cluster's last MDT
//                before D (the 28 days before D when there was none);
//   ae           an A&E attendance in that time;
//   discharged   discharged from hospital in the 7 days before D.
// People are listed in the register's order (highest risk first).
//
// Recording a meeting is all or nothing: a meeting with a field that
// breaks a rule is refused with every problem, and nothing is stored.
// Whoever shows or records a meeting writes the audit entry; these
// functions do not decide who may.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "care/register.h"
#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"
#include "store/store.h"

namespace bc {

// The professions an attendee may have, and the outcomes of a discussion.
std::span<const std::string_view> mdt_professions();
std::span<const std::string_view> mdt_outcomes();

struct MdtAttendee {
  std::string name, profession;
};
struct MdtDiscussion {
  int64_t nhs_number = 0;
  std::string outcome, actions;
};
struct MdtMeeting {
  int64_t id = 0;  // 0 until stored
  std::string cluster_code;
  Date date;
  std::string recorded_by, recorded_at;
  std::vector<MdtAttendee> attendees;
  std::vector<MdtDiscussion> discussions;
};

// Stores a meeting and returns its id. InvalidData listing every problem
// ("attendee 2: profession 'surgeon': not one of ..."; "person 3: 999 000
// 0018 is not registered in cluster C1") when: the cluster has no
// practice; the date is in the future; there is no attendee, or one has
// no name (at most 200 characters) or a profession not in the list; a
// person is not registered in the cluster on the date, is discussed
// twice, or has an outcome not in the list; actions are over 2,000
// characters; there are more than 100 attendees or 500 people.
Result<int64_t> record_mdt_meeting(Store& store, const Snapshot& snap, MdtMeeting meeting,
                                   const std::string& actor);

// Stores many meetings (an MDT log, mdt_log.h) all or nothing, in one
// transaction, and returns their ids in order. InvalidData listing up to
// 200 problems, each naming its meeting ("meeting 3 (C1 on 2018-04-10):
// ..."): record_mdt_meeting's for each, and a meeting of the cluster on a
// day already recorded or given twice.
Result<std::vector<int64_t>> record_mdt_meetings(Store& store, const Snapshot& snap,
                                                 const std::vector<MdtMeeting>& meetings,
                                                 const std::string& actor);

// A cluster's meetings, newest first (attendees and discussions filled).
Result<std::vector<MdtMeeting>> mdt_meetings(Store& store, const std::string& cluster);
// One meeting; NotFound when there is none with the id.
Result<MdtMeeting> mdt_meeting(Store& store, int64_t id);

struct CaseListEntry {
  int64_t nhs_number = 0;
  int64_t rank = 0;                  // on the register
  std::vector<std::string> reasons;  // "new", "overdue", "emergency", "ae", "discharged"
  std::optional<Date> last_emergency, last_ae, last_discharge;
};

struct CaseList {
  Date at;
  Date since;  // the start of "recent": the last MDT, or 28 days before
  std::optional<Date> last_meeting;
  std::vector<CaseListEntry> entries;
};

// The case list for a meeting on reg.at (the cluster's at-risk register
// as at that date, from care/register.h).
Result<CaseList> mdt_case_list(Store& store, const Snapshot& snap, const Register& reg);

}  // namespace bc
