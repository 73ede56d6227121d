-- Schema version 20: a person need not be registered with a GP practice.
-- FHIR R4 imports (ingest/fhir.h) bring people with no GP: Synthea's test
-- patients, and people a shared care record knows who are not registered.
-- They are kept as people (birth, sex, death, so their activity counts by
-- age city-wide) with practice_code NULL: in no practice and no cluster.
-- persons.csv still requires a practice (DATA_FORMATS.md).
--
-- SQLite cannot drop a NOT NULL constraint in place, so the table is made
-- again with the same columns in the same order; no table refers to it.

CREATE TABLE persons_v20 (
  nhs_number        INTEGER PRIMARY KEY,
  date_of_birth     TEXT NOT NULL,
  sex               TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
  practice_code     TEXT REFERENCES practices(practice_code),
  postcode_district TEXT,
  date_of_death     TEXT,
  batch_id          INTEGER NOT NULL REFERENCES import_batches(batch_id),
  registered_date   TEXT
);
INSERT INTO persons_v20 (nhs_number, date_of_birth, sex, practice_code, postcode_district,
                         date_of_death, batch_id, registered_date)
  SELECT nhs_number, date_of_birth, sex, practice_code, postcode_district, date_of_death,
         batch_id, registered_date
  FROM persons;
DROP TABLE persons;
ALTER TABLE persons_v20 RENAME TO persons;
CREATE INDEX persons_by_practice ON persons(practice_code);
