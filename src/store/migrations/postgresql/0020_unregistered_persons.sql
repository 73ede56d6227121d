-- Schema version 20 (PostgreSQL's twin of ../0020_unregistered_persons.sql):
-- a person need not be registered with a GP practice; practice_code NULL
-- means in no practice and no cluster.

ALTER TABLE persons ALTER COLUMN practice_code DROP NOT NULL;
