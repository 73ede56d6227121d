-- Schema version 17: the provider failure procedure's incidents
-- (docs/quality.md, "Running an incident"), owned by quality: an incident
-- opened for a provider, the notifications made, the Joint Incident
-- Steering Group's first meeting, the management checklist's progress,
-- flags the team records about affected people, the log of assessments
-- and moves, the risk log, and closure with lessons learned. Every step is
-- also a row of incident_log: when, by whom, what.

CREATE TABLE incidents (
  incident_id   INTEGER PRIMARY KEY,
  provider_code TEXT NOT NULL,
  trigger       TEXT NOT NULL CHECK (trigger IN ('cqc_action', 'decommissioning',
                                                 'provider_notice', 'insolvency',
                                                 'safeguarding')),
  incident_date TEXT NOT NULL,              -- whose placements are affected: those in force then
  notified_date TEXT NOT NULL,              -- the leads notified: the JISG deadline counts from it
  summary       TEXT,
  jisg_met_date TEXT,                       -- the first JISG meeting, once held
  opened_by     TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  closed_date   TEXT,
  lessons       TEXT                        -- required to close
);
CREATE INDEX incidents_by_provider ON incidents(provider_code);

CREATE TABLE incident_notifications (
  incident_id   INTEGER NOT NULL REFERENCES incidents(incident_id),
  seq           INTEGER NOT NULL,
  notified_date TEXT NOT NULL,
  party         TEXT NOT NULL CHECK (party IN ('scc', 'ccg', 'cqc', 'provider', 'placing_body',
                                               'safeguarding', 'other')),
  name          TEXT NOT NULL,              -- who was told
  method        TEXT NOT NULL CHECK (method IN ('telephone', 'email', 'in_person', 'letter')),
  acknowledged  INTEGER NOT NULL CHECK (acknowledged IN (0, 1)),
  PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_checklist (
  incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
  item        TEXT NOT NULL,                -- "2.1": config/provider_failure_checklist.csv
  status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done',
                                              'not_applicable')),
  party       TEXT CHECK (party IN ('scc', 'ccg', 'provider')),
  owner       TEXT,                         -- the officer (initials or name)
  status_date TEXT NOT NULL,
  note        TEXT,
  PRIMARY KEY (incident_id, item)
);

CREATE TABLE incident_flags (
  incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
  nhs_number  INTEGER NOT NULL,
  flag        TEXT NOT NULL CHECK (flag IN ('end_of_life', 'dols', 'lasting_power_of_attorney',
                                            'friendship_group', 'safeguarding')),
  note        TEXT,
  PRIMARY KEY (incident_id, nhs_number, flag)
);

CREATE TABLE incident_moves (
  incident_id  INTEGER NOT NULL REFERENCES incidents(incident_id),
  seq          INTEGER NOT NULL,
  placement_id TEXT NOT NULL,
  nhs_number   INTEGER NOT NULL,
  step         TEXT NOT NULL CHECK (step IN ('assessed', 'options_offered', 'choice_made',
                                             'moved', 'stayed')),
  step_date    TEXT NOT NULL,
  to_provider  TEXT,                        -- for choice_made and moved
  note         TEXT,
  PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_risks (
  incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
  risk_no     INTEGER NOT NULL,
  risk        TEXT NOT NULL,
  likelihood  INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  impact      INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  mitigation  TEXT,
  owner       TEXT,
  status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  PRIMARY KEY (incident_id, risk_no)
);

CREATE TABLE incident_log (
  incident_id INTEGER NOT NULL REFERENCES incidents(incident_id),
  seq         INTEGER NOT NULL,
  at          TEXT NOT NULL,                -- UTC, when it was recorded
  actor       TEXT NOT NULL,
  step        TEXT NOT NULL,                -- open, notify, jisg, checklist, flag, move, risk, close
  detail      TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq)
);
