-- Schema version 1: every kind of the import contract (DATA_FORMATS.md v1),
-- the import history and the audit log.
--
-- Conventions: dates are ISO text (YYYY-MM-DD), date-times
-- YYYY-MM-DDTHH:MM:SS, months YYYY-MM, financial years '2017/18'; money is
-- integer pence in columns ending _pence; NHS numbers are 10-digit integers.
-- Every imported row records the batch that last wrote it (batch_id), so
-- any figure can be traced to the files it rests on.

CREATE TABLE import_batches (
  batch_id           INTEGER PRIMARY KEY,
  imported_at        TEXT NOT NULL,         -- UTC, YYYY-MM-DDTHH:MM:SSZ
  imported_by        TEXT NOT NULL,
  bettercare_version TEXT NOT NULL,
  rows_read          INTEGER NOT NULL DEFAULT 0,
  inserted           INTEGER NOT NULL DEFAULT 0,
  replaced           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_files (
  batch_id   INTEGER NOT NULL REFERENCES import_batches(batch_id),
  seq        INTEGER NOT NULL,              -- order within the batch
  path       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  rows_read  INTEGER NOT NULL,
  inserted   INTEGER NOT NULL,
  replaced   INTEGER NOT NULL,
  unlinked   INTEGER,                       -- NULL for kinds not about a person
  first_date TEXT,
  last_date  TEXT,
  PRIMARY KEY (batch_id, seq)
);

-- Reference data ----------------------------------------------------------

CREATE TABLE partners (
  partner_code TEXT PRIMARY KEY,
  partner_name TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('nhs', 'council', 'other')),
  batch_id     INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE practices (
  practice_code TEXT PRIMARY KEY,
  practice_name TEXT NOT NULL,
  cluster_code  TEXT NOT NULL,
  cluster_name  TEXT NOT NULL,
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

CREATE TABLE providers (
  provider_code TEXT PRIMARY KEY,
  provider_name TEXT NOT NULL,
  provider_type TEXT NOT NULL CHECK (provider_type IN
                  ('acute', 'community', 'mental_health', 'care_home', 'home_care', 'other')),
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

-- People -------------------------------------------------------------------

CREATE TABLE persons (
  nhs_number        INTEGER PRIMARY KEY,
  date_of_birth     TEXT NOT NULL,
  sex               TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  practice_code     TEXT NOT NULL REFERENCES practices(practice_code),
  postcode_district TEXT,
  date_of_death     TEXT,
  batch_id          INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX persons_by_practice ON persons(practice_code);

CREATE TABLE conditions (
  nhs_number    INTEGER NOT NULL,
  condition     TEXT NOT NULL,
  recorded_date TEXT NOT NULL,
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (nhs_number, condition)
);

-- Activity -----------------------------------------------------------------
-- nhs_number is not a foreign key: activity for a valid NHS number missing
-- from the persons register is kept and counted as unlinked.

CREATE TABLE spells (
  spell_id              TEXT NOT NULL UNIQUE,
  nhs_number            INTEGER NOT NULL,
  provider_code         TEXT NOT NULL REFERENCES providers(provider_code),
  admission_date        TEXT NOT NULL,
  discharge_date        TEXT,
  admission_method      TEXT NOT NULL,
  primary_diagnosis     TEXT NOT NULL,        -- normalised ICD-10, e.g. J189
  secondary_diagnoses   TEXT,                 -- normalised codes joined by ';'
  discharge_destination TEXT,
  cost_pence            INTEGER,
  batch_id              INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX spells_by_person ON spells(nhs_number);

CREATE TABLE ae_attendances (
  attendance_id   TEXT NOT NULL UNIQUE,
  nhs_number      INTEGER NOT NULL,
  provider_code   TEXT NOT NULL REFERENCES providers(provider_code),
  arrival         TEXT NOT NULL,
  department_type TEXT NOT NULL CHECK (department_type IN ('01', '02', '03', '04')),
  disposal        TEXT,
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX ae_attendances_by_person ON ae_attendances(nhs_number);

CREATE TABLE delayed_days (
  month           TEXT NOT NULL,
  provider_code   TEXT NOT NULL REFERENCES providers(provider_code),
  responsible_org TEXT NOT NULL CHECK (responsible_org IN ('NHS', 'Social Care', 'Both')),
  reason          TEXT NOT NULL,
  delayed_days    INTEGER NOT NULL CHECK (delayed_days >= 0),
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (month, provider_code, responsible_org, reason)
);

CREATE TABLE bed_days (
  month             TEXT NOT NULL,
  provider_code     TEXT NOT NULL REFERENCES providers(provider_code),
  occupied_bed_days INTEGER NOT NULL CHECK (occupied_bed_days >= 0),
  batch_id          INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (month, provider_code)
);

CREATE TABLE care_home_admissions (
  admission_id   TEXT NOT NULL UNIQUE,
  nhs_number     INTEGER NOT NULL,
  admission_date TEXT NOT NULL,
  setting        TEXT NOT NULL CHECK (setting IN ('residential', 'nursing')),
  permanent      INTEGER NOT NULL CHECK (permanent IN (0, 1)),
  funder         TEXT NOT NULL CHECK (funder IN ('council', 'nhs', 'self', 'other_la')),
  batch_id       INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX care_home_admissions_by_person ON care_home_admissions(nhs_number);

CREATE TABLE reablement (
  episode_id      TEXT NOT NULL UNIQUE,
  nhs_number      INTEGER NOT NULL,
  discharge_date  TEXT NOT NULL,
  outcome_91_days TEXT NOT NULL CHECK (outcome_91_days IN ('at_home', 'not_at_home', 'died', 'unknown')),
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX reablement_by_person ON reablement(nhs_number);

-- Plans --------------------------------------------------------------------

CREATE TABLE plans (
  metric   TEXT NOT NULL,
  month    TEXT NOT NULL,
  value    REAL NOT NULL,
  batch_id INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (metric, month)
);

-- Finance ------------------------------------------------------------------

CREATE TABLE schemes (
  scheme_code           TEXT PRIMARY KEY,
  scheme_name           TEXT NOT NULL,
  host                  TEXT NOT NULL REFERENCES partners(partner_code),
  pooled_budget_manager TEXT,
  risk_share            TEXT NOT NULL,       -- 'own' or 'shared:CODE=PCT;...' as imported, normalised
  batch_id              INTEGER NOT NULL REFERENCES import_batches(batch_id)
);

-- The parsed proportions of a 'shared:' risk share, in basis points
-- (hundredths of a percent) so that they sum exactly to 10000.
CREATE TABLE scheme_risk_shares (
  scheme_code  TEXT NOT NULL REFERENCES schemes(scheme_code),
  partner_code TEXT NOT NULL REFERENCES partners(partner_code),
  share_bp     INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (scheme_code, partner_code)
);

CREATE TABLE budgets (
  financial_year TEXT NOT NULL,
  scheme_code    TEXT NOT NULL REFERENCES schemes(scheme_code),
  partner_code   TEXT NOT NULL REFERENCES partners(partner_code),
  funding_stream TEXT NOT NULL,
  amount_pence   INTEGER NOT NULL,
  batch_id       INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (financial_year, scheme_code, partner_code, funding_stream)
);

CREATE TABLE ledger (
  financial_year         TEXT NOT NULL,
  month                  INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  scheme_code            TEXT NOT NULL REFERENCES schemes(scheme_code),
  partner_code           TEXT NOT NULL REFERENCES partners(partner_code),
  actual_pence           INTEGER NOT NULL,
  forecast_outturn_pence INTEGER,
  batch_id               INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (financial_year, month, scheme_code, partner_code)
);

-- Audit --------------------------------------------------------------------
-- Every look at a person's record and every export. Append-only.

CREATE TABLE audit_log (
  audit_id INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,                    -- UTC, YYYY-MM-DDTHH:MM:SSZ
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,                    -- e.g. 'view_person'
  subject  TEXT NOT NULL,                    -- e.g. the NHS number looked at
  origin   TEXT NOT NULL                     -- 'cli', or the client address
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
