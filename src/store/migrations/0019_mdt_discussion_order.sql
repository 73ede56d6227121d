-- Schema version 19: the order in which an MDT meeting discussed its people
-- is a column, seq (1, 2, ... within the meeting), where it was SQLite's
-- hidden rowid: SQL outside src/store is portable (src/store/README.md,
-- "Portable SQL"), and PostgreSQL has no rowid. Discussions already stored
-- keep the order they were written in.

ALTER TABLE mdt_discussions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE mdt_discussions SET seq = (
  SELECT count(*) FROM mdt_discussions AS earlier
  WHERE earlier.meeting_id = mdt_discussions.meeting_id
    AND earlier.rowid <= mdt_discussions.rowid);
