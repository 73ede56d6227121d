-- Schema version 10: cluster care (DATA_FORMATS.md version 2, "Cluster
-- care"; docs/care-plans.md): shared care plans with their actions and
-- reviews, and referrals to the single point of access. All four are
-- import kinds, owned by ingest, which also writes the plans typed in the
-- web application and the CLI, through the same rules.
--
-- A care plan is a series of versions (plan_id, version 1, 2, ...). A
-- version once agreed never changes except to be closed: a change is the
-- next version (the importer refuses anything else, with the reason).

CREATE TABLE care_plans (
  plan_id             TEXT NOT NULL,
  version             INTEGER NOT NULL CHECK (version >= 1),
  nhs_number          INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('draft', 'agreed', 'closed')),
  plan_type           TEXT NOT NULL DEFAULT 'general',
  accountable_name    TEXT NOT NULL,
  accountable_role    TEXT NOT NULL,
  accountable_org     TEXT NOT NULL,         -- a partner_code or a provider_code
  goals               TEXT NOT NULL,         -- the person's own words
  contingency         TEXT,                  -- what to do in a crisis
  consent_date        TEXT,
  consent_recorded_by TEXT,
  agreed_date         TEXT,                  -- NULL only for a draft
  review_due          TEXT,                  -- NULL only for a draft
  closed_date         TEXT,                  -- set only when closed
  closed_reason       TEXT,
  -- The batch that first stored this version agreed (or closed): from then
  -- its content and its actions are fixed. NULL while a draft.
  frozen_batch        INTEGER REFERENCES import_batches(batch_id),
  batch_id            INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (plan_id, version),
  CHECK (status = 'draft' OR (agreed_date IS NOT NULL AND review_due IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_date IS NOT NULL AND closed_reason IS NOT NULL))
);
CREATE INDEX care_plans_by_person ON care_plans(nhs_number);

-- What each service will do, per version (a version's actions come with
-- it and are as fixed as it is once agreed).
CREATE TABLE care_plan_actions (
  plan_id    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  action_no  INTEGER NOT NULL CHECK (action_no >= 1),
  action     TEXT NOT NULL,
  who        TEXT NOT NULL,
  by_date    TEXT,
  status     TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  batch_id   INTEGER NOT NULL REFERENCES import_batches(batch_id),
  UNIQUE (plan_id, version, action_no)
);

CREATE TABLE care_plan_reviews (
  review_id       TEXT NOT NULL UNIQUE,
  plan_id         TEXT NOT NULL,
  review_date     TEXT NOT NULL,
  reviewed_by     TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('continue', 'changed', 'closed')),
  next_review_due TEXT,
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id),
  CHECK (outcome = 'closed' OR next_review_due IS NOT NULL)
);
CREATE INDEX care_plan_reviews_by_plan ON care_plan_reviews(plan_id);

CREATE TABLE spa_referrals (
  referral_id     TEXT NOT NULL UNIQUE,
  nhs_number      INTEGER NOT NULL,
  received        TEXT NOT NULL,             -- YYYY-MM-DDTHH:MM:SS
  source          TEXT NOT NULL CHECK (source IN
                    ('gp', 'hospital', 'social_care', 'self', 'ambulance', 'other')),
  urgency         TEXT NOT NULL CHECK (urgency IN ('urgent', 'routine')),
  reason          TEXT NOT NULL,
  triaged         TEXT,
  outcome         TEXT CHECK (outcome IN ('advice', 'community_team', 'reablement',
                    'rapid_response', 'signposted', 'declined')),
  declined_reason TEXT,
  first_contact   TEXT,
  batch_id        INTEGER NOT NULL REFERENCES import_batches(batch_id)
);
CREATE INDEX spa_referrals_by_person ON spa_referrals(nhs_number);
CREATE INDEX spa_referrals_by_received ON spa_referrals(received);
