-- Schema version 7: a placeholder on the issue13-web branch only, so that
-- its migration 0008 builds here (migrations are numbered with no gaps).
-- The issue13-store branch brings the real 0007: drop this file when the
-- two are merged.
SELECT 1;
