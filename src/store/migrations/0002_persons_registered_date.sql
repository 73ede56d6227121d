-- Schema version 2: when each person registered with their practice
-- (optional; a bettercare extension to persons.csv). The registered
-- population at a date counts people born, registered and not dead by then;
-- a person with no registered_date counts as registered from birth.
ALTER TABLE persons ADD COLUMN registered_date TEXT;
