-- 0019 is another branch's migration (a general dated-parameter table). This placeholder
-- only keeps the numbers without a gap so that 0021 applies in branch map2025: when the
-- branches meet, the real 0019 replaces it (delete this file).
SELECT 1;
