-- Schema version 5: the web application's accounts and sessions
-- (src/web/accounts.h, docs/security.md).
--
-- Passwords are stored only as libsodium argon2id strings; session tokens
-- only as their BLAKE2b hash, so a copy of the store lets nobody sign in.
-- Roles and their scopes are documented in docs/security.md.

CREATE TABLE users (
  user_id        INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  role           TEXT NOT NULL CHECK (role IN
                   ('admin', 'analyst', 'finance', 'scheme_lead', 'board', 'clinician')),
  cluster_code   TEXT,                 -- a clinician's cluster (practices.cluster_code)
  password_hash  TEXT NOT NULL,
  failed_logins  INTEGER NOT NULL DEFAULT 0,
  locked_until   TEXT,                 -- UTC; NULL when not locked
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  CHECK ((role = 'clinician') = (cluster_code IS NOT NULL))
);

-- The schemes a scheme lead answers for.
CREATE TABLE user_schemes (
  user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  scheme_code TEXT NOT NULL REFERENCES schemes(scheme_code),
  PRIMARY KEY (user_id, scheme_code)
);

CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,        -- hex BLAKE2b-256 of the cookie's token
  user_id     INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked     INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  origin      TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Secrets made once per store: the key of analysts' pseudonyms.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
INSERT INTO secrets (name, value) VALUES ('pseudonym_key', randomblob(32));
