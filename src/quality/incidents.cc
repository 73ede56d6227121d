#include "quality/incidents.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "core/utf8.h"
#include "ingest/quality_records.h"
#include "quality/checklist.h"
#include "quality/failure.h"
#include "store/audit.h"
#include "store/db.h"

namespace bc {
namespace {

constexpr size_t kMaxText = 2000;

bool one_of(std::string_view v, std::span<const std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::string listed(std::span<const std::string_view> allowed) {
  std::string out;
  for (size_t i = 0; i < allowed.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ", allowed[i]);
  return out;
}

Status refuse(std::string message) {
  return Status::invalid_data(std::move(message));
}

// Text a user typed: valid UTF-8, at most `max` characters, and (when
// required) not empty.
Status check_text(std::string_view text, std::string_view what, bool required,
                  size_t max = kMaxText) {
  if (required && text.empty()) return refuse(fmt::format("{} is required", what));
  if (find_invalid_utf8(text) != std::string::npos)
    return refuse(fmt::format("{} is not valid UTF-8", what));
  if (count_chars(text) > max) return refuse(fmt::format("{}: at most {} characters", what, max));
  return Status();
}

std::optional<std::string> opt(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Reads an incident's own row; nullopt when there is none.
Result<std::optional<Incident>> read_header(Db& db, int64_t id) {
  auto st = db.prepare(
      "SELECT incident_id, provider_code, trigger, incident_date, notified_date, summary, "
      "jisg_met_date, opened_by, opened_at, closed_date, lessons FROM incidents "
      "WHERE incident_id = ?");
  if (!st.ok()) return st.status();
  st->bind(1, id);
  Status s;
  std::optional<Incident> out;
  if (st->step(&s)) {
    Incident i;
    i.id = st->int64(0);
    i.provider_code = st->text(1);
    i.trigger = st->text(2);
    i.incident_date = st->text(3);
    i.notified_date = st->text(4);
    i.summary = st->opt_text(5);
    i.jisg_met_date = st->opt_text(6);
    i.opened_by = st->text(7);
    i.opened_at = st->text(8);
    i.closed_date = st->opt_text(9);
    i.lessons = st->opt_text(10);
    out = std::move(i);
  }
  if (!s.ok()) return s;
  return out;
}

// The open incident `id`, for a step on `day` (on or after its incident
// date, not in the future).
Result<Incident> open_for_step(Db& db, int64_t id, std::optional<Date> day) {
  auto h = read_header(db, id);
  if (!h.ok()) return h.status();
  if (!*h) return Status::not_found(fmt::format("no incident {}", id));
  if ((*h)->closed())
    return refuse(fmt::format("incident {} was closed on {}: it takes no more steps", id,
                              *(*h)->closed_date));
  if (day) {
    if (day->iso() < (*h)->incident_date)
      return refuse(fmt::format("{} is before the incident ({})", day->iso(), (*h)->incident_date));
    if (Date::today_utc() < *day) return refuse(fmt::format("{} is in the future", day->iso()));
  }
  return std::move(**h);
}

// Appends to the incident's log, inside the caller's transaction.
Status log_step(Db& db, int64_t id, const std::string& actor, std::string_view step,
                const std::string& detail) {
  auto st = db.prepare(
      "INSERT INTO incident_log (incident_id, seq, at, actor, step, detail) VALUES "
      "(?1, (SELECT coalesce(max(seq), 0) + 1 FROM incident_log WHERE incident_id = ?1), ?2, ?3, "
      "?4, ?5)");
  if (!st.ok()) return st.status();
  st->bind(1, id).bind(2, utc_now_iso()).bind(3, actor).bind(4, step).bind(5, detail);
  return st->run();
}

// Runs `write` and logs the step in one transaction.
template <typename Write>
Status in_transaction(Db& db, int64_t id, const std::string& actor, std::string_view step,
                      const std::string& detail, Write&& write) {
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  if (Status s = write(); !s.ok()) return s;
  if (Status s = log_step(db, id, actor, step, detail); !s.ok()) return s;
  return (*tx)->commit();
}

// The provider's placements in force on the incident date.
Result<std::vector<PlacementRecord>> affected(Store& store, const Incident& i) {
  auto all = read_placements(store, i.provider_code);
  if (!all.ok()) return all.status();
  return placements_in_force(*all, *Date::parse(i.incident_date));
}

template <typename Row>
Status scan_incident(Db& db, std::string_view sql, int64_t id, Row&& row) {
  auto st = db.prepare(sql);
  if (!st.ok()) return st.status();
  st->bind(1, id);
  Status s;
  while (st->step(&s)) row(*st);
  return s;
}

}  // namespace

ChecklistTally tally_checklist(std::string_view provider_type,
                               const std::vector<ChecklistProgress>& progress) {
  ChecklistTally t;
  auto c = failure_checklist();
  if (!c.ok()) return t;
  for (const ChecklistItem& item : c->items) {
    if (!checklist_applies(item.scope, provider_type)) continue;
    ++t.applicable;
    std::string_view status = "not_started";
    for (const ChecklistProgress& p : progress)
      if (p.item == item.number) status = p.status;
    t.done += status == "done";
    t.in_progress += status == "in_progress";
    t.not_applicable += status == "not_applicable";
    t.not_started += status == "not_started";
  }
  return t;
}

Result<int64_t> open_incident(Store& store, const NewIncident& n, const std::string& actor) {
  auto provider = find_care_provider(store, n.provider_code);
  if (!provider.ok()) return provider.status();
  if (!*provider) return refuse(fmt::format("no provider {}", printable(n.provider_code, 20)));
  if ((*provider)->type != "care_home" && (*provider)->type != "home_care")
    return refuse(fmt::format("{} is not a care home or a home care agency", n.provider_code));
  if (!one_of(n.trigger, kIncidentTriggers))
    return refuse(fmt::format("the trigger is {}, not '{}'", listed(kIncidentTriggers),
                              printable(n.trigger, 30)));
  if (n.notified_date < n.incident_date)
    return refuse("the leads cannot be notified before the incident's date");
  if (Date::today_utc() < n.notified_date) return refuse("the notification is in the future");
  if (Status s = check_text(n.summary, "the summary", false); !s.ok()) return s;
  Db& db = store.db();
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  auto open = db.prepare(
      "SELECT incident_id FROM incidents WHERE provider_code = ? AND closed_date IS NULL");
  if (!open.ok()) return open.status();
  open->bind(1, n.provider_code);
  Status s;
  if (open->step(&s))
    return refuse(
        fmt::format("{} has an open incident already: {}", n.provider_code, open->int64(0)));
  if (!s.ok()) return s;
  auto ins = db.prepare(
      "INSERT INTO incidents (provider_code, trigger, incident_date, notified_date, summary, "
      "opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING incident_id");
  if (!ins.ok()) return ins.status();
  ins->bind(1, n.provider_code).bind(2, n.trigger).bind(3, n.incident_date.iso());
  ins->bind(4, n.notified_date.iso()).bind(5, opt(n.summary)).bind(6, actor);
  ins->bind(7, utc_now_iso());
  auto inserted = ins->run_returning_int();
  if (!inserted.ok()) return inserted.status();
  const int64_t id = *inserted;
  const std::string detail = fmt::format(
      "opened for {} ({}) on {}, notified {}: the JISG meets by {}", n.provider_code, n.trigger,
      n.incident_date.iso(), n.notified_date.iso(), jisg_due(n.notified_date).iso());
  if (Status w = log_step(db, id, actor, "open", detail); !w.ok()) return w;
  if (Status w = (*tx)->commit(); !w.ok()) return w;
  return id;
}

Result<Incident> read_incident(Store& store, int64_t id) {
  Db& db = store.db();
  ReadTransaction read(db);
  auto h = read_header(db, id);
  if (!h.ok()) return h.status();
  if (!*h) return Status::not_found(fmt::format("no incident {}", id));
  Incident i = std::move(**h);
  Status s = scan_incident(db,
                           "SELECT seq, notified_date, party, name, method, acknowledged FROM "
                           "incident_notifications WHERE incident_id = ? ORDER BY seq",
                           id, [&](Stmt& r) {
                             i.notifications.push_back({r.int64(0), r.text(1), r.text(2), r.text(3),
                                                        r.text(4), r.int64(5) != 0});
                           });
  if (s.ok()) {
    s = scan_incident(db,
                      "SELECT item, status, party, owner, status_date, note FROM "
                      "incident_checklist WHERE incident_id = ?",
                      id, [&](Stmt& r) {
                        i.checklist.push_back({r.text(0), r.text(1), r.opt_text(2), r.opt_text(3),
                                               r.text(4), r.opt_text(5)});
                      });
  }
  if (s.ok()) {
    s = scan_incident(db,
                      "SELECT nhs_number, flag, note FROM incident_flags WHERE incident_id = ? "
                      "ORDER BY nhs_number, flag",
                      id, [&](Stmt& r) {
                        i.flags.push_back({r.int64(0), r.text(1), r.opt_text(2)});
                      });
  }
  if (s.ok()) {
    s = scan_incident(db,
                      "SELECT seq, placement_id, nhs_number, step, step_date, to_provider, note "
                      "FROM incident_moves WHERE incident_id = ? ORDER BY seq",
                      id, [&](Stmt& r) {
                        i.moves.push_back({r.int64(0), r.text(1), r.int64(2), r.text(3), r.text(4),
                                           r.opt_text(5), r.opt_text(6)});
                      });
  }
  if (s.ok()) {
    s = scan_incident(
        db,
        "SELECT risk_no, risk, likelihood, impact, mitigation, owner, status FROM incident_risks "
        "WHERE incident_id = ? ORDER BY risk_no",
        id, [&](Stmt& r) {
          i.risks.push_back({r.int64(0), r.text(1), static_cast<int>(r.int64(2)),
                             static_cast<int>(r.int64(3)), r.opt_text(4), r.opt_text(5),
                             r.text(6)});
        });
  }
  if (s.ok()) {
    s = scan_incident(db,
                      "SELECT seq, at, actor, step, detail FROM incident_log WHERE incident_id = ? "
                      "ORDER BY seq",
                      id, [&](Stmt& r) {
                        i.log.push_back({r.int64(0), r.text(1), r.text(2), r.text(3), r.text(4)});
                      });
  }
  if (!s.ok()) return s;
  // The checklist in the appendix's order, not the text order of "10.1" and "2.1".
  auto c = failure_checklist();
  if (c.ok()) {
    auto pos = [&](const std::string& item) {
      for (size_t k = 0; k < c->items.size(); ++k)
        if (c->items[k].number == item) return k;
      return c->items.size();
    };
    std::stable_sort(i.checklist.begin(), i.checklist.end(),
                     [&](const auto& a, const auto& b) { return pos(a.item) < pos(b.item); });
  }
  return i;
}

Result<std::vector<Incident>> list_incidents(Store& store) {
  Db& db = store.db();
  auto st = db.prepare("SELECT incident_id FROM incidents ORDER BY incident_id DESC");
  if (!st.ok()) return st.status();
  std::vector<int64_t> ids;
  Status s;
  while (st->step(&s)) ids.push_back(st->int64(0));
  if (!s.ok()) return s;
  std::vector<Incident> out;
  for (int64_t id : ids) {
    auto h = read_header(db, id);
    if (!h.ok()) return h.status();
    if (*h) out.push_back(std::move(**h));
  }
  return out;
}

Status record_notification(Store& store, int64_t id, const IncidentNotification& n,
                           const std::string& actor) {
  auto day = Date::parse(n.notified_date);
  if (!day.ok()) return refuse(fmt::format("the date: {}", day.error()));
  auto i = open_for_step(store.db(), id, *day);
  if (!i.ok()) return i.status();
  if (!one_of(n.party, kNotifiedParties))
    return refuse(fmt::format("the party is {}", listed(kNotifiedParties)));
  if (!one_of(n.method, kNotificationMethods))
    return refuse(fmt::format("the method is {}", listed(kNotificationMethods)));
  if (Status s = check_text(n.name, "who was notified", true, 200); !s.ok()) return s;
  Db& db = store.db();
  return in_transaction(
      db, id, actor, "notify",
      fmt::format("{} ({}) notified by {} on {}{}", n.name, n.party, n.method, n.notified_date,
                  n.acknowledged ? ", acknowledged" : ""),
      [&]() -> Status {
        auto st = db.prepare(
            "INSERT INTO incident_notifications (incident_id, seq, notified_date, party, name, "
            "method, acknowledged) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM "
            "incident_notifications WHERE incident_id = ?1), ?2, ?3, ?4, ?5, ?6)");
        if (!st.ok()) return st.status();
        st->bind(1, id).bind(2, n.notified_date).bind(3, n.party).bind(4, n.name);
        st->bind(5, n.method).bind(6, int64_t{n.acknowledged ? 1 : 0});
        return st->run();
      });
}

Status record_jisg_meeting(Store& store, int64_t id, Date held, const std::string& actor) {
  auto i = open_for_step(store.db(), id, held);
  if (!i.ok()) return i.status();
  if (i->jisg_met_date)
    return refuse(
        fmt::format("the first JISG meeting was recorded already: {}", *i->jisg_met_date));
  const Date due = jisg_due(*Date::parse(i->notified_date));
  Db& db = store.db();
  return in_transaction(
      db, id, actor, "jisg",
      fmt::format("the first JISG meeting held on {} ({} {})", held.iso(),
                  held > due ? "late: due by" : "due by", due.iso()),
      [&]() -> Status {
        auto st = db.prepare("UPDATE incidents SET jisg_met_date = ? WHERE incident_id = ?");
        if (!st.ok()) return st.status();
        st->bind(1, held.iso()).bind(2, id);
        return st->run();
      });
}

Status record_checklist(Store& store, int64_t id, const ChecklistProgress& p,
                        const std::string& actor) {
  auto day = Date::parse(p.status_date);
  if (!day.ok()) return refuse(fmt::format("the date: {}", day.error()));
  auto i = open_for_step(store.db(), id, *day);
  if (!i.ok()) return i.status();
  auto checklist = failure_checklist();
  if (!checklist.ok()) return checklist.status();
  const ChecklistItem* item = checklist->find(p.item);
  if (item == nullptr)
    return refuse(
        fmt::format("'{}' is not an item of the checklist (1.1 to 10.3)", printable(p.item, 20)));
  auto provider = find_care_provider(store, i->provider_code);
  if (!provider.ok()) return provider.status();
  if (*provider && !checklist_applies(item->scope, (*provider)->type))
    return refuse(fmt::format("item {} is for {} only", item->number,
                              item->scope == "CH" ? "care homes" : "home care"));
  if (!one_of(p.status, kChecklistStatuses))
    return refuse(fmt::format("the status is {}", listed(kChecklistStatuses)));
  if (p.party && !one_of(*p.party, kChecklistParties))
    return refuse(fmt::format("the party is {}", listed(kChecklistParties)));
  if (Status s = check_text(p.owner.value_or(""), "the owner", false, 100); !s.ok()) return s;
  if (Status s = check_text(p.note.value_or(""), "the note", false); !s.ok()) return s;
  Db& db = store.db();
  return in_transaction(
      db, id, actor, "checklist",
      fmt::format("item {} {} on {}{}{}", p.item, p.status, p.status_date,
                  p.party ? " (" + *p.party + ")" : "", p.owner ? ", owner " + *p.owner : ""),
      [&]() -> Status {
        auto st = db.prepare(
            "INSERT INTO incident_checklist (incident_id, item, status, party, owner, status_date, "
            "note) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, item) DO UPDATE SET "
            "status = excluded.status, party = excluded.party, owner = excluded.owner, "
            "status_date = excluded.status_date, note = excluded.note");
        if (!st.ok()) return st.status();
        st->bind(1, id).bind(2, p.item).bind(3, p.status).bind(4, p.party).bind(5, p.owner);
        st->bind(6, p.status_date).bind(7, p.note);
        return st->run();
      });
}

Status record_flag(Store& store, int64_t id, const PersonFlag& f, bool on,
                   const std::string& actor) {
  auto i = open_for_step(store.db(), id, std::nullopt);
  if (!i.ok()) return i.status();
  if (!one_of(f.flag, kPersonFlags))
    return refuse(fmt::format("the flag is {}", listed(kPersonFlags)));
  if (Status s = check_text(f.note.value_or(""), "the note", false); !s.ok()) return s;
  auto people = affected(store, *i);
  if (!people.ok()) return people.status();
  auto placement = std::find_if(people->begin(), people->end(), [&](const PlacementRecord& p) {
    return p.nhs_number == f.nhs_number;
  });
  if (placement == people->end())
    return refuse(fmt::format("{} is not affected by incident {}", f.nhs_number, id));
  Db& db = store.db();
  return in_transaction(
      db, id, actor, "flag",
      // The log names the placement, not the person: it is shown to the
      // steering group.
      fmt::format("{} {} for placement {}", on ? "set" : "cleared", f.flag,
                  placement->placement_id),
      [&]() -> Status {
        auto st = db.prepare(
            on ? "INSERT INTO incident_flags (incident_id, nhs_number, flag, note) VALUES "
                 "(?, ?, ?, ?) ON CONFLICT (incident_id, nhs_number, flag) DO UPDATE SET note = "
                 "excluded.note"
               : "DELETE FROM incident_flags WHERE incident_id = ? AND nhs_number = ? AND flag = "
                 "?");
        if (!st.ok()) return st.status();
        st->bind(1, id).bind(2, f.nhs_number).bind(3, f.flag);
        if (on) st->bind(4, f.note);
        return st->run();
      });
}

Status record_move(Store& store, int64_t id, const MoveStep& m, const std::string& actor) {
  auto day = Date::parse(m.step_date);
  if (!day.ok()) return refuse(fmt::format("the date: {}", day.error()));
  auto i = open_for_step(store.db(), id, *day);
  if (!i.ok()) return i.status();
  if (!one_of(m.step, kMoveSteps)) return refuse(fmt::format("the step is {}", listed(kMoveSteps)));
  auto people = affected(store, *i);
  if (!people.ok()) return people.status();
  auto placement = std::find_if(people->begin(), people->end(), [&](const PlacementRecord& p) {
    return p.placement_id == m.placement_id;
  });
  if (placement == people->end())
    return refuse(fmt::format("placement '{}' is not one incident {} affects",
                              printable(m.placement_id, 64), id));
  const bool to = m.step == "choice_made" || m.step == "moved";
  if (to && !m.to_provider) return refuse(fmt::format("{} needs the provider moved to", m.step));
  if (!to && m.to_provider) return refuse(fmt::format("{} has no provider moved to", m.step));
  if (m.to_provider) {
    if (*m.to_provider == i->provider_code)
      return refuse("the provider moved to is the failing provider");
    auto p = find_care_provider(store, *m.to_provider);
    if (!p.ok()) return p.status();
    if (!*p || ((*p)->type != "care_home" && (*p)->type != "home_care"))
      return refuse(fmt::format("{} is not a care home or a home care agency",
                                printable(*m.to_provider, 20)));
  }
  if (Status s = check_text(m.note.value_or(""), "the note", false); !s.ok()) return s;
  auto done = read_incident(store, id);
  if (!done.ok()) return done.status();
  for (const MoveStep& earlier : done->moves) {
    if (earlier.placement_id == m.placement_id &&
        (earlier.step == "moved" || earlier.step == "stayed"))
      return refuse(fmt::format("{} was recorded as {} on {}: nothing follows that", m.placement_id,
                                earlier.step, earlier.step_date));
  }
  Db& db = store.db();
  return in_transaction(
      db, id, actor, "move",
      fmt::format("{}: {} on {}{}", m.placement_id, m.step, m.step_date,
                  m.to_provider ? " to " + *m.to_provider : ""),
      [&]() -> Status {
        auto st = db.prepare(
            "INSERT INTO incident_moves (incident_id, seq, placement_id, nhs_number, step, "
            "step_date, to_provider, note) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM "
            "incident_moves WHERE incident_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!st.ok()) return st.status();
        st->bind(1, id).bind(2, m.placement_id).bind(3, placement->nhs_number).bind(4, m.step);
        st->bind(5, m.step_date).bind(6, m.to_provider).bind(7, m.note);
        return st->run();
      });
}

Result<int64_t> record_risk(Store& store, int64_t id, const IncidentRisk& r,
                            const std::string& actor) {
  auto i = open_for_step(store.db(), id, std::nullopt);
  if (!i.ok()) return i.status();
  if (Status s = check_text(r.risk, "the risk", true); !s.ok()) return s;
  if (r.likelihood < 1 || r.likelihood > 5 || r.impact < 1 || r.impact > 5)
    return refuse("likelihood and impact are 1 to 5 each");
  if (r.status != "open" && r.status != "closed") return refuse("the status is open or closed");
  if (Status s = check_text(r.mitigation.value_or(""), "the mitigation", false); !s.ok()) return s;
  if (Status s = check_text(r.owner.value_or(""), "the owner", false, 100); !s.ok()) return s;
  int64_t no = r.risk_no;
  if (no < 0) return refuse("a risk's number is 1 or more");
  auto full = read_incident(store, id);
  if (!full.ok()) return full.status();
  if (no > 0 && std::none_of(full->risks.begin(), full->risks.end(),
                             [&](const IncidentRisk& x) { return x.risk_no == no; }))
    return refuse(fmt::format("incident {} has no risk {}", id, no));
  if (no == 0) no = full->risks.empty() ? 1 : full->risks.back().risk_no + 1;
  Db& db = store.db();
  Status s = in_transaction(
      db, id, actor, "risk",
      fmt::format("risk {} {}: {} (likelihood {}, impact {})", no,
                  r.risk_no == 0 ? "added" : "updated", r.status, r.likelihood, r.impact),
      [&]() -> Status {
        auto st = db.prepare(
            "INSERT INTO incident_risks (incident_id, risk_no, risk, likelihood, impact, "
            "mitigation, owner, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, "
            "risk_no) DO UPDATE SET risk = excluded.risk, likelihood = excluded.likelihood, "
            "impact = excluded.impact, mitigation = excluded.mitigation, owner = excluded.owner, "
            "status = excluded.status");
        if (!st.ok()) return st.status();
        st->bind(1, id).bind(2, no).bind(3, r.risk).bind(4, int64_t{r.likelihood});
        st->bind(5, int64_t{r.impact}).bind(6, r.mitigation).bind(7, r.owner).bind(8, r.status);
        return st->run();
      });
  if (!s.ok()) return s;
  return no;
}

Status close_incident(Store& store, int64_t id, Date closed, const std::string& lessons,
                      const std::string& actor) {
  auto i = open_for_step(store.db(), id, closed);
  if (!i.ok()) return i.status();
  if (Status s = check_text(lessons, "the lessons learned", true, 8000); !s.ok()) return s;
  Db& db = store.db();
  return in_transaction(db, id, actor, "close", fmt::format("closed on {}", closed.iso()),
                        [&]() -> Status {
                          auto st = db.prepare(
                              "UPDATE incidents SET closed_date = ?, lessons = ? "
                              "WHERE incident_id = ?");
                          if (!st.ok()) return st.status();
                          st->bind(1, closed.iso()).bind(2, lessons).bind(3, id);
                          return st->run();
                        });
}

}  // namespace bc
