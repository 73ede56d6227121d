#include "care/mdt.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "care/care_plan.h"
#include "core/hes_codes.h"
#include "core/nhs_number.h"
#include "core/safe_text.h"
#include "core/utf8.h"
#include "store/audit.h"
#include "store/db.h"

namespace bc {

namespace {

constexpr std::string_view kProfessions[] = {"GP",
                                             "community matron",
                                             "district nurse",
                                             "practice nurse",
                                             "social worker",
                                             "occupational therapist",
                                             "physiotherapist",
                                             "pharmacist",
                                             "mental health",
                                             "care coordinator",
                                             "voluntary sector",
                                             "other"};
constexpr std::string_view kOutcomes[] = {"new_plan", "review_plan", "refer",
                                          "monitor",  "no_action",   "discharge_from_mdt"};

bool in(std::span<const std::string_view> list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string joined(std::span<const std::string_view> list) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// The cluster index of a snapshot person registered and alive on `day`,
// or -1.
int cluster_on(const Snapshot& snap, int32_t person, int32_t day) {
  if (person < 0) return -1;
  const auto i = static_cast<size_t>(person);
  const auto& p = snap.persons;
  if (p.registered[i] > day || p.born[i] > day || (p.died[i] != kNoDate && p.died[i] <= day))
    return -1;
  if (p.practice[i] < 0) return -1;
  return snap.practice_cluster[static_cast<size_t>(p.practice[i])];
}

}  // namespace

std::span<const std::string_view> mdt_professions() {
  return kProfessions;
}
std::span<const std::string_view> mdt_outcomes() {
  return kOutcomes;
}

namespace {

// Every problem with a meeting, in the order of its fields.
std::vector<std::string> meeting_problems(const Snapshot& snap, const MdtMeeting& m) {
  std::vector<std::string> problems;
  const auto cluster =
      std::find(snap.cluster_codes.begin(), snap.cluster_codes.end(), m.cluster_code);
  if (cluster == snap.cluster_codes.end())
    problems.push_back(fmt::format("cluster {}: no such cluster", printable(m.cluster_code, 40)));
  if (Date::today_utc() < m.date)
    problems.push_back(fmt::format("date {}: a meeting is recorded once it has met", m.date.iso()));
  if (m.attendees.empty()) problems.push_back("attendees: a meeting has at least one attendee");
  if (m.attendees.size() > 100) problems.push_back("attendees: at most 100");
  if (m.discussions.size() > 500) problems.push_back("people: at most 500");
  for (size_t i = 0; i < m.attendees.size() && i < 100; ++i) {
    const MdtAttendee& a = m.attendees[i];
    if (a.name.empty() || count_chars(a.name) > 200 ||
        find_invalid_utf8(a.name) != std::string::npos ||
        find_unsafe_char(a.name) != std::string::npos)
      problems.push_back(fmt::format(
          "attendee {}: a name of 1 to 200 characters, with no control characters", i + 1));
    if (!in(kProfessions, a.profession)) {
      problems.push_back(fmt::format("attendee {}: profession '{}': not one of {}", i + 1,
                                     printable(a.profession, 40), joined(kProfessions)));
    }
  }
  std::set<int64_t> seen;
  const int ci = cluster == snap.cluster_codes.end()
                     ? -2
                     : static_cast<int>(cluster - snap.cluster_codes.begin());
  for (size_t i = 0; i < m.discussions.size() && i < 500; ++i) {
    const MdtDiscussion& d = m.discussions[i];
    const std::string who = NhsNumber::from_value_unchecked(d.nhs_number).formatted();
    if (!seen.insert(d.nhs_number).second)
      problems.push_back(fmt::format("person {}: {} is discussed twice", i + 1, who));
    if (cluster_on(snap, snap.find_person(d.nhs_number), m.date.days()) != ci) {
      problems.push_back(fmt::format("person {}: {} is not registered in cluster {} on {}", i + 1,
                                     who, printable(m.cluster_code, 40), m.date.iso()));
    }
    if (!in(kOutcomes, d.outcome)) {
      problems.push_back(fmt::format("person {}: outcome '{}': not one of {}", i + 1,
                                     printable(d.outcome, 40), joined(kOutcomes)));
    }
    if (find_invalid_utf8(d.actions) != std::string::npos || count_chars(d.actions) > 2000)
      problems.push_back(fmt::format("person {}: actions: at most 2,000 characters", i + 1));
  }
  return problems;
}

// Inserts a checked meeting inside the caller's transaction.
Result<int64_t> insert_meeting(Db& db, const MdtMeeting& m, const std::string& actor,
                               const std::string& now) {
  auto st = db.prepare(
      "INSERT INTO mdt_meetings (cluster_code, meeting_date, recorded_by, recorded_at) VALUES "
      "(?, ?, ?, ?) RETURNING meeting_id");
  if (!st.ok()) return st.status();
  st->bind(1, m.cluster_code).bind(2, m.date.iso()).bind(3, actor).bind(4, now);
  auto inserted = st->run_returning_int();
  if (!inserted.ok()) return inserted.status();
  const int64_t id = *inserted;
  auto att = db.prepare(
      "INSERT INTO mdt_attendees (meeting_id, seq, name, profession) VALUES (?, ?, ?, ?)");
  if (!att.ok()) return att.status();
  for (size_t i = 0; i < m.attendees.size(); ++i) {
    att->bind(1, id).bind(2, static_cast<int64_t>(i) + 1).bind(3, m.attendees[i].name);
    att->bind(4, m.attendees[i].profession);
    if (Status s = att->run(); !s.ok()) return s;
  }
  auto dis = db.prepare(
      "INSERT INTO mdt_discussions (meeting_id, seq, nhs_number, outcome, actions) VALUES (?, ?, "
      "?, ?, ?)");
  if (!dis.ok()) return dis.status();
  for (size_t i = 0; i < m.discussions.size(); ++i) {
    const MdtDiscussion& d = m.discussions[i];
    dis->bind(1, id).bind(2, static_cast<int64_t>(i) + 1).bind(3, d.nhs_number);
    dis->bind(4, d.outcome).bind(5, d.actions);
    if (Status s = dis->run(); !s.ok()) return s;
  }
  return id;
}

// Whether the cluster has a meeting stored on the date.
Result<bool> meeting_stored(Db& db, const std::string& cluster, Date date) {
  auto st =
      db.prepare("SELECT 1 FROM mdt_meetings WHERE cluster_code = ? AND meeting_date = ? LIMIT 1");
  if (!st.ok()) return st.status();
  st->bind(1, cluster).bind(2, date.iso());
  Status s;
  const bool found = st->step(&s);
  if (!s.ok()) return s;
  return found;
}

Status refused_meeting(std::string_view what, const std::vector<std::string>& problems) {
  std::string msg(what);
  for (const auto& p : problems) msg += "\n  " + p;
  return Status::invalid_data(msg);
}

}  // namespace

Result<int64_t> record_mdt_meeting(Store& store, const Snapshot& snap, MdtMeeting m,
                                   const std::string& actor) {
  const std::vector<std::string> problems = meeting_problems(snap, m);
  if (!problems.empty()) return refused_meeting("the meeting was not recorded:", problems);
  Db& db = store.db();
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  auto id = insert_meeting(db, m, actor, utc_now_iso());
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->commit(); !s.ok()) return s;
  return *id;
}

Result<std::vector<int64_t>> record_mdt_meetings(Store& store, const Snapshot& snap,
                                                 const std::vector<MdtMeeting>& meetings,
                                                 const std::string& actor) {
  Db& db = store.db();
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  std::vector<std::string> problems;
  std::set<std::pair<std::string, int32_t>> seen;
  for (size_t i = 0; i < meetings.size() && problems.size() < 200; ++i) {
    const MdtMeeting& m = meetings[i];
    const std::string where =
        fmt::format("meeting {} ({} on {})", i + 1, printable(m.cluster_code, 40), m.date.iso());
    for (const std::string& p : meeting_problems(snap, m)) problems.push_back(where + ": " + p);
    auto stored = meeting_stored(db, m.cluster_code, m.date);
    if (!stored.ok()) return stored.status();
    if (*stored) problems.push_back(where + ": already recorded (bettercare mdt list)");
    if (!seen.emplace(m.cluster_code, m.date.days()).second)
      problems.push_back(where + ": the cluster's meeting on that day is given twice");
  }
  if (!problems.empty()) return refused_meeting("no meeting was recorded:", problems);
  std::vector<int64_t> ids;
  const std::string now = utc_now_iso();
  for (const MdtMeeting& m : meetings) {
    auto id = insert_meeting(db, m, actor, now);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  if (Status s = (*tx)->commit(); !s.ok()) return s;
  return ids;
}

namespace {

Status fill(Store& store, MdtMeeting& m) {
  auto att = store.db().prepare(
      "SELECT name, profession FROM mdt_attendees WHERE meeting_id = ? ORDER BY seq");
  if (!att.ok()) return att.status();
  att->bind(1, m.id);
  Status s;
  while (att->step(&s)) m.attendees.push_back({att->text(0), att->text(1)});
  if (!s.ok()) return s;
  auto dis = store.db().prepare(
      "SELECT nhs_number, outcome, actions FROM mdt_discussions WHERE meeting_id = ? ORDER BY "
      "seq");
  if (!dis.ok()) return dis.status();
  dis->bind(1, m.id);
  while (dis->step(&s)) m.discussions.push_back({dis->int64(0), dis->text(1), dis->text(2)});
  return s;
}

Result<std::vector<MdtMeeting>> read_meetings(Store& store, const std::string& where,
                                              const std::function<void(Stmt&)>& bind) {
  auto st = store.db().prepare(
      "SELECT meeting_id, cluster_code, meeting_date, recorded_by, recorded_at FROM mdt_meetings " +
      where + " ORDER BY meeting_date DESC, meeting_id DESC");
  if (!st.ok()) return st.status();
  bind(*st);
  std::vector<MdtMeeting> out;
  Status s;
  while (st->step(&s)) {
    MdtMeeting m;
    m.id = st->int64(0);
    m.cluster_code = st->text(1);
    auto d = Date::parse(st->text(2));
    if (!d.ok()) return Status::store_error("an MDT meeting's date is not a date");
    m.date = *d;
    m.recorded_by = st->text(3);
    m.recorded_at = st->text(4);
    out.push_back(std::move(m));
  }
  if (!s.ok()) return s;
  for (MdtMeeting& m : out) {
    if (Status f = fill(store, m); !f.ok()) return f;
  }
  return out;
}

}  // namespace

Result<std::vector<MdtMeeting>> mdt_meetings(Store& store, const std::string& cluster) {
  return read_meetings(store, "WHERE cluster_code = ?", [&](Stmt& st) { st.bind(1, cluster); });
}

Result<MdtMeeting> mdt_meeting(Store& store, int64_t id) {
  auto m = read_meetings(store, "WHERE meeting_id = ?", [&](Stmt& st) { st.bind(1, id); });
  if (!m.ok()) return m.status();
  if (m->empty()) return Status::not_found(fmt::format("there is no MDT meeting {}", id));
  return std::move(m->front());
}

Result<CaseList> mdt_case_list(Store& store, const Snapshot& snap, const Register& reg) {
  CaseList out;
  out.at = reg.at;
  auto last = store.db().prepare(
      "SELECT max(meeting_date) FROM mdt_meetings WHERE cluster_code = ? AND meeting_date < ?");
  if (!last.ok()) return last.status();
  last->bind(1, reg.cluster_code).bind(2, reg.at.iso());
  Status s;
  if (last->step(&s) && !last->is_null(0)) {
    auto d = Date::parse(last->text(0));
    if (d.ok()) out.last_meeting = *d;
  }
  if (!s.ok()) return s;
  out.since = out.last_meeting ? *out.last_meeting : reg.at.add_days(-28);
  const int32_t at = reg.at.days(), since = out.since.days(), week = at - 7;

  auto due = reviews_due(store, DueQuery{reg.at, 0, reg.cluster_code, std::nullopt, std::nullopt});
  if (!due.ok()) return due.status();
  std::set<int64_t> overdue;
  for (const DueReview& d : *due)
    if (d.overdue) overdue.insert(d.nhs_number);

  // The register's people by snapshot index, and what happened to each.
  std::unordered_map<size_t, size_t> slot;  // person -> entry
  out.entries.reserve(reg.entries.size());
  for (const RegisterEntry& e : reg.entries) {
    slot[e.person] = out.entries.size();
    out.entries.push_back(CaseListEntry{snap.persons.nhs[e.person], e.rank, {}, {}, {}, {}});
  }
  std::vector<bool> emergency(snap.methods.size());
  for (size_t i = 0; i < snap.methods.size(); ++i)
    emergency[i] = admission_method_group(snap.methods[i]) == AdmissionMethodGroup::kEmergency;
  auto later = [](std::optional<Date>& d, int32_t day) {
    if (!d || d->days() < day) d = Date::from_days(day);
  };
  const auto& sp = snap.spells;
  for (size_t i = 0; i < sp.person.size(); ++i) {
    if (sp.person[i] < 0) continue;
    auto it = slot.find(static_cast<size_t>(sp.person[i]));
    if (it == slot.end()) continue;
    CaseListEntry& c = out.entries[it->second];
    if (emergency[sp.method[i]] && sp.admitted[i] >= since && sp.admitted[i] < at)
      later(c.last_emergency, sp.admitted[i]);
    if (sp.discharged[i] != kNoDate && sp.discharged[i] >= week && sp.discharged[i] < at)
      later(c.last_discharge, sp.discharged[i]);
  }
  const auto& ae = snap.ae;
  for (size_t i = 0; i < ae.person.size(); ++i) {
    if (ae.person[i] < 0 || ae.arrived[i] < since || ae.arrived[i] >= at) continue;
    auto it = slot.find(static_cast<size_t>(ae.person[i]));
    if (it != slot.end()) later(out.entries[it->second].last_ae, ae.arrived[i]);
  }
  for (size_t i = 0; i < reg.entries.size(); ++i) {
    CaseListEntry& c = out.entries[i];
    if (reg.entries[i].joined) c.reasons.emplace_back("new");
    if (overdue.count(c.nhs_number)) c.reasons.emplace_back("overdue");
    if (c.last_emergency) c.reasons.emplace_back("emergency");
    if (c.last_ae) c.reasons.emplace_back("ae");
    if (c.last_discharge) c.reasons.emplace_back("discharged");
  }
  std::erase_if(out.entries, [](const CaseListEntry& c) { return c.reasons.empty(); });
  return out;
}

}  // namespace bc
