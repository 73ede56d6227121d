// Every column of a Snapshot, by name, in one list: what the snapshot file
// (snapshot_file.h) writes and maps, and what the memory figures count.
// A column added to Snapshot is added here, or it is neither saved nor
// counted (SnapshotFile.EveryColumnRoundTrips fails).
//
// Internal to the engine.
#pragma once

#include "core/status.h"
#include "engine/snapshot.h"

namespace bc::snapshot_internal {

// Calls f(name, column, is_event) for each column of s, in a fixed order.
// S is Snapshot or const Snapshot.
template <typename S, typename F>
void for_each_column(S& s, F&& f) {
  auto& p = s.persons;
  f("persons.nhs", p.nhs, false), f("persons.born", p.born, false);
  f("persons.registered", p.registered, false), f("persons.died", p.died, false);
  f("persons.practice", p.practice, false), f("persons.sex", p.sex, false);
  f("persons.rkey", p.rkey, false);
  auto& c = s.conditions;
  f("conditions.offset", c.offset, false), f("conditions.code", c.code, false);
  f("conditions.recorded", c.recorded, false);
  auto& sp = s.spells;
  f("spells.admitted", sp.admitted, true), f("spells.discharged", sp.discharged, true);
  f("spells.person", sp.person, true), f("spells.practice", sp.practice, true);
  f("spells.age", sp.age, true), f("spells.method", sp.method, true);
  f("spells.provider", sp.provider, true), f("spells.primary", sp.primary, true);
  f("spells.secondary", sp.secondary, true), f("spells.cost_pence", sp.cost_pence, true);
  f("spells.rkey", sp.rkey, true);
  auto& ae = s.ae;
  f("ae.arrived", ae.arrived, true), f("ae.person", ae.person, true);
  f("ae.practice", ae.practice, true), f("ae.age", ae.age, true);
  f("ae.department", ae.department, true), f("ae.provider", ae.provider, true);
  f("ae.rkey", ae.rkey, true);
  auto& ch = s.care_homes;
  f("care_homes.admitted", ch.admitted, true), f("care_homes.person", ch.person, true);
  f("care_homes.practice", ch.practice, true), f("care_homes.age", ch.age, true);
  f("care_homes.permanent", ch.permanent, true), f("care_homes.nursing", ch.nursing, true);
  f("care_homes.funder", ch.funder, true), f("care_homes.rkey", ch.rkey, true);
  auto& re = s.reablement;
  f("reablement.discharged", re.discharged, true), f("reablement.person", re.person, true);
  f("reablement.practice", re.practice, true), f("reablement.age", re.age, true);
  f("reablement.outcome", re.outcome, true), f("reablement.rkey", re.rkey, true);
  auto outcomes = [&](const char* day, const char* person, const char* practice, const char* age,
                      const char* outcome, const char* rkey, auto& o) {
    f(day, o.day, true), f(person, o.person, true), f(practice, o.practice, true);
    f(age, o.age, true), f(outcome, o.outcome, true), f(rkey, o.rkey, true);
  };
  outcomes("registers.day", "registers.person", "registers.practice", "registers.age",
           "registers.outcome", "registers.rkey", s.registers);
  outcomes("reviews.day", "reviews.person", "reviews.practice", "reviews.age", "reviews.outcome",
           "reviews.rkey", s.reviews);
  auto& r = s.spa;
  f("spa.received", r.received, true), f("spa.person", r.person, true);
  f("spa.practice", r.practice, true), f("spa.age", r.age, true);
  f("spa.urgency", r.urgency, true), f("spa.received_at", r.received_at, true);
  f("spa.triage_seconds", r.triage_seconds, true), f("spa.rkey", r.rkey, true);
  auto monthly = [&](const char* month, const char* provider, const char* org, const char* reason,
                     const char* days, auto& m) {
    f(month, m.month, false), f(provider, m.provider, false), f(org, m.org, false);
    f(reason, m.reason, false), f(days, m.days, false);
  };
  monthly("delayed.month", "delayed.provider", "delayed.org", "delayed.reason", "delayed.days",
          s.delayed);
  monthly("bed_days.month", "bed_days.provider", "bed_days.org", "bed_days.reason", "bed_days.days",
          s.bed_days);
}

// Every index a column of s holds names an entry that exists (an event's
// person, practice, provider, method, diagnosis; a condition's code; the
// small codes within their lists), each table's columns are the same
// length and each kind of event is in date order: what the engine relies
// on to index without checks, and so what a snapshot read from a file
// (snapshot_file.h) must pass. Reads only within the columns, whatever
// their values. InvalidData naming the first part that fails.
Status check_structure(const Snapshot& s);

}  // namespace bc::snapshot_internal
