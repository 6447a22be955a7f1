-- 0020 is another branch's migration (cash: the vault). This placeholder only keeps the
-- numbers without a gap so that 0021 applies in branch map2025: when the branches meet,
-- the real 0020 replaces it (delete this file).
SELECT 1;
