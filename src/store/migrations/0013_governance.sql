-- Schema version 13: the boards' business (DATA_FORMATS.md version 2,
-- "Governance"; docs/governance.md): members, meetings, agenda items with
-- their outcomes and minutes, attendance, declarations of interest and the
-- action tracker (board_actions), with each action's history. All six are import kinds,
-- owned by ingest. The boards themselves and their rules (quorum, notice)
-- are configuration (config/boards.toml), so `board` is the board's id
-- there, checked by the importer.

CREATE TABLE board_members (
  board        TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  name         TEXT NOT NULL,
  partner_code TEXT NOT NULL,               -- the partner (or provider) they represent
  role         TEXT NOT NULL CHECK (role IN ('member', 'deputy', 'in_attendance', 'officer')),
  deputy_for   TEXT,                        -- member_id, for a deputy only
  title        TEXT,                        -- "Leader of the Council"
  from_date    TEXT NOT NULL,
  to_date      TEXT,                        -- the last day of the term
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (board, member_id),
  CHECK ((role = 'deputy') = (deputy_for IS NOT NULL)),
  CHECK (to_date IS NULL OR to_date >= from_date)
);

CREATE TABLE meetings (
  board        TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  start_time   TEXT,                        -- HH:MM
  location     TEXT,
  status       TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  chair        TEXT,                        -- member_id of who chaired
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (board, meeting_date)
);

CREATE TABLE agenda_items (
  board             TEXT NOT NULL,
  meeting_date      TEXT NOT NULL,
  item              TEXT NOT NULL,          -- "4", "4.1"
  title             TEXT NOT NULL,
  type              TEXT NOT NULL CHECK (type IN ('decision', 'discussion', 'information')),
  key_decision      INTEGER NOT NULL CHECK (key_decision IN (0, 1)),
  part2             INTEGER NOT NULL CHECK (part2 IN (0, 1)),
  exemption         TEXT,                   -- required for a Part 2 item
  published_date    TEXT,                   -- when its paper went out
  forward_plan_date TEXT,                   -- when it first appeared on the forward plan
  outcome           TEXT CHECK (outcome IN ('agreed', 'agreed_with_changes', 'deferred',
                                            'referred_back', 'noted')),
  lead              TEXT,                   -- who presents it
  paper             TEXT,                   -- the paper's title or reference
  author            TEXT,
  minute            TEXT,                   -- the minute of the discussion and decision
  -- What the board pack attaches to the item (report/board_pack.h).
  attachment        TEXT CHECK (attachment IN ('minutes', 'performance_report',
                                               'finance_schedule', 'scheme_reports')),
  -- The scheme report the item is about (programme/board_sign_off.h): the
  -- board receives it at the meeting, and signs it off by a decision.
  scheme_code       TEXT,
  report_quarter    TEXT,                   -- 2017/18:Q4
  batch_id          INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (board, meeting_date, item),
  CHECK (part2 = 0 OR exemption IS NOT NULL),
  CHECK ((scheme_code IS NULL) = (report_quarter IS NULL))
);

CREATE TABLE attendance (
  board        TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  attended     TEXT NOT NULL CHECK (attended IN ('present', 'apologies', 'absent')),
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (board, meeting_date, member_id)
);

CREATE TABLE declarations (
  board        TEXT NOT NULL,
  meeting_date TEXT NOT NULL,
  item         TEXT NOT NULL,
  member_id    TEXT NOT NULL,
  interest     TEXT NOT NULL,
  prejudicial  INTEGER NOT NULL CHECK (prejudicial IN (0, 1)),
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (board, meeting_date, item, member_id)
);

-- The annual register of interests: each member's standing interests for
-- a financial year, declared once a year and kept up to date.
CREATE TABLE board_interests (
  interest_id   TEXT NOT NULL UNIQUE,
  board         TEXT NOT NULL,
  member_id     TEXT NOT NULL,
  year          TEXT NOT NULL,              -- financial year, 2018/19
  category      TEXT NOT NULL CHECK (category IN ('financial', 'non_financial_professional',
                                                  'non_financial_personal', 'indirect', 'none')),
  interest      TEXT NOT NULL,
  declared_date TEXT NOT NULL,
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX board_interests_by_member ON board_interests(board, member_id, year);

CREATE TABLE board_actions (
  action_id    TEXT NOT NULL UNIQUE,
  board        TEXT NOT NULL,
  meeting_date TEXT NOT NULL,               -- the meeting that set the action
  item         TEXT,
  subject      TEXT NOT NULL,
  action       TEXT NOT NULL,
  lead         TEXT NOT NULL,
  deadline     TEXT NOT NULL,               -- YYYY-MM-DD (a month's last day when given as a month)
  progress     TEXT,
  status       TEXT NOT NULL CHECK (status IN ('open', 'complete', 'forward_plan', 'unconfirmed')),
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX board_actions_by_meeting ON board_actions(board, meeting_date);

-- Each version of an action as imported: one row per batch that stored
-- it, so the tracker's history (who changed the status or progress, and
-- when) survives the action being replaced by id.
CREATE TABLE board_action_history (
  action_id TEXT NOT NULL,
  batch_id  INTEGER NOT NULL REFERENCES import_batches(batch_id),
  deadline  TEXT NOT NULL,
  progress  TEXT,
  status    TEXT NOT NULL,
  UNIQUE (action_id, batch_id)
);
