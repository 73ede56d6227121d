-- Schema version 6: the ONS mid-year population estimates (population.csv, a
-- bettercare extension) and the months an import declares its activity
-- files cover (`bettercare import --covers`); docs/data-formats.md.
--
-- population: the estimate of the resident population at 30 June of `year`
-- by single year of age (90 is 90 and over) and sex. A year is imported
-- whole, all 182 rows, or not at all; re-importing a year replaces it row
-- by row. Per-100,000 rates use the estimate of the year a financial year
-- starts in (2017/18: mid-2017).
--
-- import_coverage: for a batch imported with --covers, one row per activity
-- kind it loaded. A month from first_month to last_month (YYYY-MM) counts
-- as loaded for that kind even when the store has no rows of it dated then.

CREATE TABLE population (
  year       INTEGER NOT NULL,
  age        INTEGER NOT NULL CHECK (age BETWEEN 0 AND 90),
  sex        TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  population INTEGER NOT NULL CHECK (population >= 0),
  batch_id   INTEGER NOT NULL REFERENCES import_batches(batch_id),
  PRIMARY KEY (year, age, sex)
);

CREATE TABLE import_coverage (
  batch_id    INTEGER NOT NULL REFERENCES import_batches(batch_id),
  kind        TEXT NOT NULL,                -- an activity kind, e.g. 'spells'
  first_month TEXT NOT NULL,                -- YYYY-MM
  last_month  TEXT NOT NULL,                -- YYYY-MM (bettercare checks first <= last)
  PRIMARY KEY (batch_id, kind)
);
