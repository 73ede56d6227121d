-- Schema version 11: multidisciplinary team (MDT) meetings of the cluster
-- teams (src/care/mdt.h, docs/care-plans.md "MDT meetings"): when each
-- met, who came by profession, and the people discussed with the outcome
-- and the actions agreed for each. Written through the web application and
-- the CLI (not an import kind); care owns them.

CREATE TABLE mdt_meetings (
  meeting_id   INTEGER PRIMARY KEY,
  cluster_code TEXT NOT NULL,
  meeting_date TEXT NOT NULL CHECK (meeting_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  recorded_by  TEXT NOT NULL,
  recorded_at  TEXT NOT NULL                  -- UTC, YYYY-MM-DDTHH:MM:SSZ
);
CREATE INDEX mdt_meetings_by_cluster ON mdt_meetings(cluster_code, meeting_date);

CREATE TABLE mdt_attendees (
  meeting_id INTEGER NOT NULL REFERENCES mdt_meetings(meeting_id),
  seq        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  profession TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE mdt_discussions (
  meeting_id INTEGER NOT NULL REFERENCES mdt_meetings(meeting_id),
  nhs_number INTEGER NOT NULL,
  outcome    TEXT NOT NULL,
  actions    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (meeting_id, nhs_number)
);
CREATE INDEX mdt_discussions_by_person ON mdt_discussions(nhs_number);
