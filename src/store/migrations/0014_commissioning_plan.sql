-- Schema version 14: the Integrated Commissioning Plan (bettercare's import
-- kinds, docs/data-formats.md "The commissioning plan"; docs/governance.md
-- "The commissioning plan"): workstreams, their milestones, key measures of
-- success (tracked from a metric of config/metrics.toml, or reported by
-- hand in plan_measure_values) and savings plans (QIPP and the council's)
-- by month. All five are import kinds, owned by ingest.

CREATE TABLE plan_workstreams (
  workstream_id TEXT NOT NULL UNIQUE,
  number        INTEGER,                    -- as printed in the plan
  title         TEXT NOT NULL,
  priority      TEXT NOT NULL,              -- the plan's grouping: integration, prevention...
  lead          TEXT,
  partners      TEXT,                       -- partner codes separated by ';'
  description   TEXT,
  outcomes      TEXT,
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE plan_milestones (
  milestone_id   TEXT NOT NULL UNIQUE,
  workstream_id  TEXT NOT NULL,
  title          TEXT NOT NULL,
  start_month    TEXT,                      -- YYYY-MM
  due            TEXT NOT NULL,             -- YYYY-MM-DD (a month's last day when given as a month)
  status         TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'late',
                                                 'complete')),
  completed_date TEXT,
  batch_id       INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX plan_milestones_by_workstream ON plan_milestones(workstream_id, due);

CREATE TABLE plan_measures (
  measure_id    TEXT NOT NULL UNIQUE,
  workstream_id TEXT,                       -- none: a measure of the whole plan
  title         TEXT NOT NULL,
  target        REAL,
  unit          TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'per_100k', 'days')),
  direction     TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  metric        TEXT,                       -- a metric id of config/metrics.toml, tracked automatically
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE plan_measure_values (
  measure_id TEXT NOT NULL,
  month      TEXT NOT NULL,                 -- YYYY-MM: the month the value was reported for
  value      REAL NOT NULL,
  batch_id   INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (measure_id, month)
);

CREATE TABLE plan_savings (
  workstream_id   TEXT NOT NULL,
  line            TEXT NOT NULL,            -- the savings line: "COPD (including excess bed days)"
  partner_code    TEXT NOT NULL,            -- whose saving it is
  financial_year  TEXT NOT NULL,
  month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  planned_pence   INTEGER NOT NULL,
  delivered_pence INTEGER,                  -- none: not yet reported
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (workstream_id, line, financial_year, month)
);
