-- Schema version 18: the role quality (docs/security.md): the
-- commissioners' quality team, who watch care providers and run the
-- provider failure procedure (docs/quality.md) through the web application.
--
-- SQLite cannot change a CHECK constraint in place, so users is rebuilt by
-- SQLite's documented procedure (https://www.sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): the migration runs with
-- foreign keys off (Store::migrate_to), so dropping the old table deletes no
-- session or scheme of a user, and their references are checked before
-- the upgrade commits. The trigger on users goes with the old table and is
-- made again as 0008 made it.

CREATE TABLE users_new (
  user_id        INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  role           TEXT NOT NULL CHECK (role IN
                   ('admin', 'analyst', 'finance', 'scheme_lead', 'board', 'clinician',
                    'board_officer', 'quality')),
  cluster_code   TEXT,                 -- a clinician's cluster (practices.cluster_code)
  password_hash  TEXT NOT NULL,
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  locked_until   TEXT,                 -- UTC; NULL when not locked
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  CHECK ((role = 'clinician') = (cluster_code IS NOT NULL))
);
INSERT INTO users_new SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TRIGGER users_change_ends_sessions
AFTER UPDATE OF password_hash, role, cluster_code, disabled ON users
WHEN NEW.password_hash IS NOT OLD.password_hash OR NEW.role IS NOT OLD.role
  OR NEW.cluster_code IS NOT OLD.cluster_code OR (NEW.disabled = 1 AND OLD.disabled = 0)
BEGIN
  UPDATE sessions SET revoked = 1 WHERE user_id = NEW.user_id AND revoked = 0;
END;
