-- Schema version 16: care providers (docs/data-formats.md "Care
-- providers"; docs/quality.md): the care-provider columns of providers.csv,
-- providers' quality events, and placements (who is placed in which care
-- home, or has home care from which agency, and who funds it). All three
-- are import kinds, owned by ingest.

ALTER TABLE providers ADD COLUMN cqc_location_id   TEXT;     -- e.g. 1-123456789
ALTER TABLE providers ADD COLUMN registered_beds   INTEGER;  -- care homes only
ALTER TABLE providers ADD COLUMN owner             TEXT;
ALTER TABLE providers ADD COLUMN postcode_district TEXT;     -- e.g. SO16
ALTER TABLE providers ADD COLUMN care_home_type    TEXT
  CHECK (care_home_type IN ('residential', 'nursing'));
ALTER TABLE providers ADD COLUMN contract_status   TEXT
  CHECK (contract_status IN ('contracted', 'spot', 'not_contracted', 'ended'));

CREATE TABLE quality_events (
  event_id      TEXT NOT NULL UNIQUE,
  provider_code TEXT NOT NULL,
  event_date    TEXT NOT NULL,              -- YYYY-MM-DD
  kind          TEXT NOT NULL CHECK (kind IN ('cqc_rating', 'safeguarding', 'complaint',
                                              'quality_visit', 'suspension',
                                              'suspension_lifted')),
  rating        TEXT CHECK (rating IN ('outstanding', 'good', 'requires_improvement',
                                       'inadequate')),
  -- The CQC's five key questions, for cqc_rating (bettercare's columns).
  safe          TEXT, effective TEXT, caring TEXT, responsive TEXT, well_led TEXT,
  outcome       TEXT,                       -- a visit's, a concern's or a complaint's
  details       TEXT,
  batch_id      INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX quality_events_by_provider ON quality_events(provider_code, event_date);

CREATE TABLE placements (
  placement_id      TEXT NOT NULL UNIQUE,
  nhs_number        INTEGER NOT NULL,
  provider_code     TEXT NOT NULL,
  start_date        TEXT NOT NULL,          -- YYYY-MM-DD
  end_date          TEXT,                   -- the placement's last day; none: continuing
  weekly_cost_pence INTEGER,
  weekly_hours      REAL,                   -- home care (bettercare's column)
  funder            TEXT NOT NULL CHECK (funder IN ('ccg', 'council', 'joint', 'self',
                                                    'other_ccg', 'other_la')),
  placing_body      TEXT,                   -- the other CCG's or council's code
  batch_id          INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX placements_by_provider ON placements(provider_code, start_date);
CREATE INDEX placements_by_person ON placements(nhs_number);
