-- Schema version 21 (PostgreSQL's twin of ../0021_reference_checks.sql): the
-- tables an import loads in bulk (ingest/stage.h) check their references
-- once per statement, over all the rows it wrote, in place of a foreign key
-- checked row by row.
--
-- Why: PostgreSQL checks a foreign key by a query per row written, in an
-- after-row trigger. An import writes every row with its batch's id and
-- most with a provider: those checks were about half of the server's time
-- in an import (100,000 A&E rows took 1.77 s, 0.82 s of it in the checks;
-- with the statement checks below they take 0.51 s).
--
-- What holds as before:
--   - a row written (INSERT, or UPDATE, including INSERT ... ON CONFLICT DO
--     UPDATE) whose batch, provider or practice is not there is refused with
--     SQLSTATE 23503 (foreign_key_violation), as a foreign key refuses it;
--   - a batch, provider or practice that rows refer to cannot be deleted, or
--     its key changed, as with a foreign key's NO ACTION.
-- What differs: a foreign key also locks the row it refers to (KEY SHARE),
-- so that another transaction cannot delete it meanwhile; these checks do
-- not. bettercare's writers all hold the store's write lock
-- (PgDb::kWriteLock), so no two of them run at once; SQL written to the
-- store by hand should take the same lock (pg_advisory_xact_lock).

-- The new rows of the statement (the transition table bc_new) against each
-- reference named in the arguments, three at a time: the column, the table
-- it refers to and that table's column.
CREATE FUNCTION bc_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 0;
  missing text;
BEGIN
  WHILE i < TG_NARGS LOOP
    EXECUTE format('SELECT n.%1$I::text FROM bc_new AS n WHERE n.%1$I IS NOT NULL AND NOT EXISTS '
                   '(SELECT 1 FROM %2$I AS p WHERE p.%3$I = n.%1$I) LIMIT 1',
                   TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[i + 2]) INTO missing;
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
        MESSAGE = format('insert or update on table "%s" refers to %s %s, which is not in %s',
                         TG_TABLE_NAME, TG_ARGV[i], missing, TG_ARGV[i + 1]);
    END IF;
    i := i + 3;
  END LOOP;
  RETURN NULL;
END $$;

-- A row of a table referred to, deleted or given a new key (its column is
-- the first argument), while rows of the tables named in the other
-- arguments (table, column, two at a time) refer to it.
CREATE FUNCTION bc_keep_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 1;
  old_key text := to_jsonb(OLD) ->> TG_ARGV[0];
  referred boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> TG_ARGV[0]) IS NOT DISTINCT FROM old_key THEN
    RETURN NEW;
  END IF;
  WHILE i < TG_NARGS LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %1$I AS c WHERE c.%2$I = ($1).%3$I)',
                   TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[0]) INTO referred USING OLD;
    IF referred THEN
      RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
        MESSAGE = format('%s %s of table "%s" is still referred to by table "%s"',
                         TG_ARGV[0], old_key, TG_TABLE_NAME, TG_ARGV[i]);
    END IF;
    i := i + 2;
  END LOOP;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;

-- Each bulk-loaded table: its foreign keys dropped, and the same references
-- checked per statement (a trigger with a transition table has one event).
DO $$
DECLARE
  t record;
  refs text;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('population', 'batch_id', ''),
      ('persons', 'batch_id', 'practice_code'),
      ('conditions', 'batch_id', ''),
      ('spells', 'batch_id', 'provider_code'),
      ('ae_attendances', 'batch_id', 'provider_code'),
      ('delayed_days', 'batch_id', 'provider_code'),
      ('bed_days', 'batch_id', 'provider_code'),
      ('care_home_admissions', 'batch_id', ''),
      ('reablement', 'batch_id', ''),
      ('care_plans', 'batch_id', 'frozen_batch'),
      ('care_plan_actions', 'batch_id', ''),
      ('care_plan_reviews', 'batch_id', ''),
      ('spa_referrals', 'batch_id', ''),
      ('quality_events', 'batch_id', ''),
      ('placements', 'batch_id', '')) AS v(name, batch, other)
  LOOP
    EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %1$s_batch_id_fkey', t.name);
    refs := '''batch_id'', ''import_batches'', ''batch_id''';
    IF t.other = 'provider_code' THEN
      EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %1$s_provider_code_fkey', t.name);
      refs := refs || ', ''provider_code'', ''providers'', ''provider_code''';
    ELSIF t.other = 'practice_code' THEN
      EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %1$s_practice_code_fkey', t.name);
      refs := refs || ', ''practice_code'', ''practices'', ''practice_code''';
    ELSIF t.other = 'frozen_batch' THEN
      EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %1$s_frozen_batch_fkey', t.name);
      refs := refs || ', ''frozen_batch'', ''import_batches'', ''batch_id''';
    END IF;
    EXECUTE format('CREATE TRIGGER %1$s_references_on_insert AFTER INSERT ON %1$I '
                   'REFERENCING NEW TABLE AS bc_new FOR EACH STATEMENT '
                   'EXECUTE FUNCTION bc_check_references(%2$s)', t.name, refs);
    EXECUTE format('CREATE TRIGGER %1$s_references_on_update AFTER UPDATE ON %1$I '
                   'REFERENCING NEW TABLE AS bc_new FOR EACH STATEMENT '
                   'EXECUTE FUNCTION bc_check_references(%2$s)', t.name, refs);
  END LOOP;
END $$;

CREATE TRIGGER import_batches_keep_referenced
  BEFORE DELETE OR UPDATE OF batch_id ON import_batches FOR EACH ROW
  EXECUTE FUNCTION bc_keep_referenced('batch_id',
    'population', 'batch_id', 'persons', 'batch_id', 'conditions', 'batch_id',
    'spells', 'batch_id', 'ae_attendances', 'batch_id', 'delayed_days', 'batch_id',
    'bed_days', 'batch_id', 'care_home_admissions', 'batch_id', 'reablement', 'batch_id',
    'care_plans', 'batch_id', 'care_plans', 'frozen_batch', 'care_plan_actions', 'batch_id',
    'care_plan_reviews', 'batch_id', 'spa_referrals', 'batch_id', 'quality_events', 'batch_id',
    'placements', 'batch_id');
CREATE TRIGGER providers_keep_referenced
  BEFORE DELETE OR UPDATE OF provider_code ON providers FOR EACH ROW
  EXECUTE FUNCTION bc_keep_referenced('provider_code',
    'spells', 'provider_code', 'ae_attendances', 'provider_code',
    'delayed_days', 'provider_code', 'bed_days', 'provider_code');
CREATE TRIGGER practices_keep_referenced
  BEFORE DELETE OR UPDATE OF practice_code ON practices FOR EACH ROW
  EXECUTE FUNCTION bc_keep_referenced('practice_code', 'persons', 'practice_code');
