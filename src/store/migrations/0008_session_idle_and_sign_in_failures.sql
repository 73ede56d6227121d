-- Schema version 8: idle sessions, sign-in throttling by client address,
-- and sessions that end when what they were granted on changes
-- (src/web/accounts.h, docs/security.md "Accounts").

-- When a session was last used (UTC), written at most once a minute; a
-- session unused for the idle timeout ends. NULL: not used since made.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;

-- Failed sign-ins by the name as typed (known or not) and the client
-- address, for the lock per (name, address) and the budget per address.
-- Rows older than a day are pruned; the audit log keeps the history.
CREATE TABLE sign_in_failures (
  failure_id  INTEGER PRIMARY KEY,
  user_name   TEXT NOT NULL,
  address     TEXT NOT NULL,
  at          TEXT NOT NULL   -- UTC, YYYY-MM-DDTHH:MM:SSZ
);
CREATE INDEX sign_in_failures_by_name ON sign_in_failures(user_name, address, at);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures(address, at);

-- A new password, a change of role, cluster or schemes, or disabling the
-- user ends every session of the user, whoever makes the change and how.
CREATE TRIGGER users_change_ends_sessions
AFTER UPDATE OF password_hash, role, cluster_code, disabled ON users
WHEN NEW.password_hash IS NOT OLD.password_hash OR NEW.role IS NOT OLD.role
  OR NEW.cluster_code IS NOT OLD.cluster_code OR (NEW.disabled = 1 AND OLD.disabled = 0)
BEGIN
  UPDATE sessions SET revoked = 1 WHERE user_id = NEW.user_id AND revoked = 0;
END;

CREATE TRIGGER user_schemes_added_ends_sessions AFTER INSERT ON user_schemes
BEGIN
  UPDATE sessions SET revoked = 1 WHERE user_id = NEW.user_id AND revoked = 0;
END;

CREATE TRIGGER user_schemes_removed_ends_sessions AFTER DELETE ON user_schemes
BEGIN
  UPDATE sessions SET revoked = 1 WHERE user_id = OLD.user_id AND revoked = 0;
END;
