-- Schema version 22 (PostgreSQL's twin of ../0022_import_sources.sql): the
-- files a batch's inputs were made from (FHIR Bundles and NDJSON files),
-- recorded as they were read.

CREATE TABLE import_sources (
  batch_id  BIGINT NOT NULL REFERENCES import_batches(batch_id),
  seq       BIGINT NOT NULL,
  path      TEXT COLLATE "C" NOT NULL,
  format    TEXT COLLATE "C" NOT NULL CHECK (format IN ('fhir')),
  sha256    TEXT COLLATE "C" NOT NULL,
  bytes     BIGINT NOT NULL,
  resources BIGINT NOT NULL,
  PRIMARY KEY (batch_id, seq)
);
