-- Schema version 12: the at-risk registers as they stood at each month's
-- end (src/ingest/register_months.h, docs/care-plans.md "Coverage and
-- timeliness"). care draws a register from the fitted risk model and saves
-- it here (bettercare risk registers); the engine reads it for the
-- coverage measure, the share of each register with a care plan in force.
-- Saving a month again replaces that month's registers whole. ingest owns
-- the table, as it owns every table the engine reads.

CREATE TABLE register_months (
  month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  cluster_code TEXT NOT NULL,
  nhs_number   INTEGER NOT NULL,
  rank         INTEGER NOT NULL CHECK (rank >= 1),
  model_id     INTEGER NOT NULL,
  top_percent  REAL NOT NULL CHECK (top_percent > 0 AND top_percent <= 100),
  saved_by     TEXT NOT NULL,
  saved_at     TEXT NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SSZ
  PRIMARY KEY (month, cluster_code, nhs_number)
);
