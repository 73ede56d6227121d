-- Schema version 9: fitted risk models and their cards
-- (src/care/risk_store.h, docs/risk.md).
--
-- One row per model fitted with `bettercare risk train`: when and by whom,
-- its training index date, population and events, and its card (the
-- features and coefficients, canonical JSON). A fitted model never
-- changes (a trigger refuses it), so that a register scored with it can
-- always be explained; its validations on later years are added beside it.

CREATE TABLE risk_models (
  model_id    INTEGER PRIMARY KEY,
  created_at  TEXT NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SSZ
  created_by  TEXT NOT NULL,
  index_date  TEXT NOT NULL CHECK (index_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  people      INTEGER NOT NULL CHECK (people > 0),     -- the population at the index date
  events      INTEGER NOT NULL CHECK (events >= 0),
  card        TEXT NOT NULL CHECK (json_valid(card))
);

CREATE TRIGGER risk_models_fixed BEFORE UPDATE ON risk_models
BEGIN
  SELECT RAISE(ABORT, 'a fitted risk model never changes; fit a new one');
END;

-- One row per validation of a model at a later index date (the latest
-- of a model and date is the one shown; earlier ones stay as history).
CREATE TABLE risk_validations (
  validation_id INTEGER PRIMARY KEY,
  model_id      INTEGER NOT NULL REFERENCES risk_models(model_id),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  index_date    TEXT NOT NULL CHECK (index_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  result        TEXT NOT NULL CHECK (json_valid(result))
);
CREATE INDEX risk_validations_by_model ON risk_validations (model_id, index_date);
