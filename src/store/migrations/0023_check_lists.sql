-- Schema version 23: on SQLite, each CHECK (x IN ('a', 'b', 'c')) becomes
-- CHECK ((x = 'a' OR x = 'b' OR x = 'c')), the same rule at a fraction of
-- the cost of a row written. SQLite evaluates an IN list of constants in a
-- CHECK by building a temporary b-tree of it for every row; the OR needs a
-- comparison or three. The rewrite is generic over every table's text, so
-- it is done by store/check_lists.cc (in place, with PRAGMA
-- writable_schema, as SQLite documents for CHECK constraints every row
-- already meets), which the upgrade runs after this file. Nothing changes
-- on PostgreSQL, whose IN lists cost nothing of the kind.
SELECT 1;
