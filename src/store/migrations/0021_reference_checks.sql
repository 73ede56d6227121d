-- Schema version 21: nothing changes on SQLite. PostgreSQL checks the
-- references of the tables an import loads in bulk once per statement, not
-- once per row (postgresql/0021_reference_checks.sql): SQLite checks a
-- foreign key by an index lookup in the same process, which costs little,
-- and keeps its foreign keys.
SELECT 1;
