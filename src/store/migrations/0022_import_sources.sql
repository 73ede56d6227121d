-- Schema version 22: the files a batch's inputs were made from, recorded as
-- they were read. A FHIR Bundle or NDJSON file is not imported as a kind:
-- bettercare makes persons, conditions, spells ... from it (ingest/fhir.h),
-- and import_files records those, each with the SHA-256 of what was made.
-- import_sources records the FHIR file itself, so that what was imported
-- can be checked against the file kept (sha256sum FILE).

CREATE TABLE import_sources (
  batch_id  INTEGER NOT NULL REFERENCES import_batches(batch_id),
  seq       INTEGER NOT NULL,              -- order within the batch's sources
  path      TEXT NOT NULL,                 -- as named on the command line
  format    TEXT NOT NULL CHECK (format IN ('fhir')),
  sha256    TEXT NOT NULL,                 -- of the file's bytes as read
  bytes     INTEGER NOT NULL,
  resources INTEGER NOT NULL,              -- FHIR resources it held
  PRIMARY KEY (batch_id, seq)
);
