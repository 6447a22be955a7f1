-- 0019: reserved. The number belongs to the general dated-parameter table being built on
-- another branch; this placeholder only keeps the numbers without a gap on the cash
-- branch (the runner refuses gaps, src/store/migrate.c). When that branch is merged, its
-- 0019 replaces this file, which changes nothing in a database.
SELECT 1;
