-- Schema version 3: an optional monthly profile for a budget line
-- (budgets.csv `profile`, a bettercare extension): twelve non-negative
-- weights for M1..M12 separated by ';'. The YTD budget at month m is the
-- budget x (weights of M1..m) / (all twelve weights); without a profile,
-- straight-line twelfths.
ALTER TABLE budgets ADD COLUMN profile TEXT;
