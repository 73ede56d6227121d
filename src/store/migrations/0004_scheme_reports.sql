-- Schema version 4: schemes' quarterly reports and their sign-off
-- (src/programme/scheme_report.h, docs/scheme-reports.md).
--
-- One row per version of a report for a scheme and quarter ('2017/18:Q4').
-- A version is edited only while it is a draft; once submitted it never
-- changes, and new content makes the next version. The workflow's rules are
-- enforced by bettercare inside a transaction; the triggers below are a
-- second line of defence, so that not even a hand-written UPDATE can rewrite
-- a report the boards have seen, or erase its history.

CREATE TABLE scheme_reports (
  report_id     INTEGER PRIMARY KEY,
  scheme_code   TEXT NOT NULL REFERENCES schemes(scheme_code),
  quarter       TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9]:Q[1-4]'),
  version       INTEGER NOT NULL CHECK (version >= 1),
  state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
                  ('draft', 'submitted', 'received_by_jcb', 'signed_off_by_jcb',
                   'received_by_hwb', 'signed_off_by_hwb')),
  content       TEXT NOT NULL CHECK (json_valid(content)),  -- canonical JSON
  source        TEXT NOT NULL,                              -- the file as the lead wrote it
  source_format TEXT NOT NULL CHECK (source_format IN ('toml', 'markdown')),
  created_at    TEXT NOT NULL,                              -- UTC, YYYY-MM-DDTHH:MM:SSZ
  created_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,                              -- the last change of content
  updated_by    TEXT NOT NULL,
  UNIQUE (scheme_code, quarter, version)
);

-- One row per workflow step of a version: when it happened (on_date, a
-- date no later than the day it was recorded), who recorded it and when.
CREATE TABLE scheme_report_steps (
  step_id     INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES scheme_reports(report_id),
  step        TEXT NOT NULL CHECK (step IN
                ('submit', 'jcb_receive', 'jcb_sign_off', 'hwb_receive', 'hwb_sign_off')),
  on_date     TEXT NOT NULL,                                -- YYYY-MM-DD
  recorded_by TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,                                -- UTC, YYYY-MM-DDTHH:MM:SSZ
  UNIQUE (report_id, step)
);

-- A new version is the next number, starts as a draft, and only follows a
-- version that has left draft.
CREATE TRIGGER scheme_reports_insert BEFORE INSERT ON scheme_reports
  WHEN NEW.state <> 'draft'
    OR NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM scheme_reports
                       WHERE scheme_code = NEW.scheme_code AND quarter = NEW.quarter)
    OR EXISTS (SELECT 1 FROM scheme_reports WHERE scheme_code = NEW.scheme_code
               AND quarter = NEW.quarter AND state = 'draft')
  BEGIN SELECT RAISE(ABORT, 'a new scheme report version must be the next number, a draft, and follow no draft'); END;

-- Only a draft's content changes.
CREATE TRIGGER scheme_reports_frozen
  BEFORE UPDATE OF content, source, source_format, updated_at, updated_by ON scheme_reports
  WHEN OLD.state <> 'draft'
  BEGIN SELECT RAISE(ABORT, 'a scheme report that has left draft cannot change: set a new version'); END;

-- What a version is never changes.
CREATE TRIGGER scheme_reports_identity
  BEFORE UPDATE OF report_id, scheme_code, quarter, version, created_at, created_by ON scheme_reports
  WHEN NEW.report_id IS NOT OLD.report_id OR NEW.scheme_code IS NOT OLD.scheme_code
    OR NEW.quarter IS NOT OLD.quarter OR NEW.version IS NOT OLD.version
    OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  BEGIN SELECT RAISE(ABORT, 'a scheme report version''s identity cannot change'); END;

-- The state moves one step forward at a time, never back.
CREATE TRIGGER scheme_reports_state
  BEFORE UPDATE OF state ON scheme_reports
  WHEN NEW.state IS NOT OLD.state AND
    (CASE NEW.state WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'received_by_jcb' THEN 2
       WHEN 'signed_off_by_jcb' THEN 3 WHEN 'received_by_hwb' THEN 4 ELSE 5 END) <>
    (CASE OLD.state WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'received_by_jcb' THEN 2
       WHEN 'signed_off_by_jcb' THEN 3 WHEN 'received_by_hwb' THEN 4 ELSE 5 END) + 1
  BEGIN SELECT RAISE(ABORT, 'a scheme report moves one step forward at a time'); END;

-- A step is recorded together with the state it leads to (bettercare moves
-- the state first, in the same transaction).
CREATE TRIGGER scheme_report_steps_insert BEFORE INSERT ON scheme_report_steps
  WHEN (SELECT state FROM scheme_reports WHERE report_id = NEW.report_id) IS NOT
    (CASE NEW.step WHEN 'submit' THEN 'submitted' WHEN 'jcb_receive' THEN 'received_by_jcb'
       WHEN 'jcb_sign_off' THEN 'signed_off_by_jcb' WHEN 'hwb_receive' THEN 'received_by_hwb'
       ELSE 'signed_off_by_hwb' END)
  BEGIN SELECT RAISE(ABORT, 'a scheme report step must match the state it leads to'); END;

CREATE TRIGGER scheme_reports_no_delete BEFORE DELETE ON scheme_reports
  BEGIN SELECT RAISE(ABORT, 'scheme reports are never deleted'); END;
CREATE TRIGGER scheme_report_steps_no_update BEFORE UPDATE ON scheme_report_steps
  BEGIN SELECT RAISE(ABORT, 'scheme report steps are append-only'); END;
CREATE TRIGGER scheme_report_steps_no_delete BEFORE DELETE ON scheme_report_steps
  BEGIN SELECT RAISE(ABORT, 'scheme report steps are append-only'); END;
