-- Schema version 7: an audit log that cannot be rewritten, submitted scheme
-- report versions that cannot be replaced, and the key moved out of the
-- store (src/store/audit.h, src/store/site_keys.h, docs/security.md).
--
-- audit_log.chain_hash: a keyed BLAKE2b (the site's audit key) over the
-- previous entry's chain_hash and this entry's fields; `bettercare audit
-- verify` walks the chain. Entries that exist when a store is upgraded are
-- chained by bettercare in the same transaction, right after this script
-- (Store::open), in audit_id order.
--
-- The triggers: REPLACE (INSERT OR REPLACE, REPLACE, ON CONFLICT REPLACE)
-- deletes the conflicting row without firing DELETE triggers, so every
-- insert must take exactly the next id, carry a hash and not be dated
-- before the last entry; an upsert's UPDATE meets audit_log_no_update.
-- These stop mistakes and casual tampering; the chain detects the rest.
--
-- The pseudonym key of version 5's `secrets` table moves to the key file
-- when the store is first opened (Store::open, in this transaction): the
-- row is deleted with PRAGMA secure_delete and the table is left empty.

ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;

CREATE TRIGGER audit_log_insert_in_order BEFORE INSERT ON audit_log
  WHEN NEW.audit_id IS NULL
    OR NEW.audit_id <> (SELECT coalesce(max(audit_id), 0) + 1 FROM audit_log)
    OR NEW.chain_hash IS NULL
    OR NEW.at < coalesce((SELECT at FROM audit_log ORDER BY audit_id DESC LIMIT 1), '')
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: an entry takes the next id, is chained and is not back-dated'); END;

-- Only the upgrade's own chaining of entries made before version 7 changes
-- a row: chain_hash from NULL, nothing else.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  WHEN OLD.chain_hash IS NOT NULL
    OR NEW.audit_id IS NOT OLD.audit_id OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.action IS NOT OLD.action OR NEW.subject IS NOT OLD.subject
    OR NEW.origin IS NOT OLD.origin
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- The site key's fingerprint (site_keys.h): a key file made for another
-- store is refused instead of silently starting a second chain.
CREATE TABLE key_check (
  name        TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL
);

-- Scheme reports: a new version or step never takes the id (or the
-- version, or the step) of an existing one, so REPLACE cannot erase a
-- submitted version or rewrite a recorded step. Updates of a version that
-- has left draft are refused by the triggers of version 4; each submitted
-- version's content is also sealed in the audit log (audit.h).
CREATE TRIGGER scheme_reports_no_replace BEFORE INSERT ON scheme_reports
  WHEN EXISTS (SELECT 1 FROM scheme_reports WHERE report_id = NEW.report_id
               OR (scheme_code = NEW.scheme_code AND quarter = NEW.quarter
                   AND version = NEW.version))
  BEGIN SELECT RAISE(ABORT, 'a scheme report version is never replaced'); END;

CREATE TRIGGER scheme_report_steps_no_replace BEFORE INSERT ON scheme_report_steps
  WHEN EXISTS (SELECT 1 FROM scheme_report_steps WHERE step_id = NEW.step_id
               OR (report_id = NEW.report_id AND step = NEW.step))
  BEGIN SELECT RAISE(ABORT, 'scheme report steps are append-only'); END;
