-- 0023 is another branch's migration. This placeholder only keeps the numbers without a gap
-- so that 0024 applies on branch risk (the runner refuses gaps, src/store/migrate.c): when
-- the branches meet, the real 0023 replaces it (delete this file). It changes nothing.
SELECT 1;
