-- 0021: the country after 1 July 2025 (R-ORG-1; docs/network.md, "The 2025 merger"): 34
-- provinces, 3,321 communes, no districts. admin_unit already keeps versions, so the new
-- units are versions from the date and the old ones close on it; this migration adds the
-- mapping of old units to new communes, the commune of a village as history, and the
-- decisions on villages of a commune that was split between several new communes.

-- The mapping as the resolutions state it (data/vn_admin_merger_2025-07-01.csv): one row
-- per (new commune, old unit). old_commune is '' for an island district that had no
-- communes; part is 'partial' when the old commune went to several new communes. line is
-- the row's line in the file: it orders the new communes of a split commune, the first of
-- which is the default for its villages unless one kept the old commune's code.
CREATE TABLE admin_merger (
	on_date TEXT NOT NULL,
	new_province TEXT NOT NULL,
	new_commune TEXT NOT NULL,
	new_name TEXT NOT NULL,
	old_province TEXT NOT NULL,
	old_district TEXT NOT NULL,
	old_commune TEXT NOT NULL,
	old_name TEXT NOT NULL,
	part TEXT NOT NULL CHECK (part IN ('full', 'partial')),
	line INTEGER NOT NULL,
	PRIMARY KEY (on_date, new_commune, old_district, old_commune)
) STRICT;
CREATE INDEX admin_merger_old ON admin_merger (old_commune, on_date);

-- The commune a village belongs to, as history over [valid_from, valid_to): from the
-- merger's date a village belongs to the new commune, and a question about an earlier
-- date still finds the old one. village.commune_code stays the commune the village was
-- created in; every question about a date reads this table (src/bank/village_commune.h).
CREATE TABLE village_commune (
	village_id INTEGER NOT NULL REFERENCES village (id),
	commune_code TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (village_id, valid_from)
) STRICT;
CREATE INDEX village_commune_code ON village_commune (commune_code, valid_from);
INSERT INTO village_commune (village_id, commune_code, valid_from, valid_to)
	SELECT id, commune_code, valid_from, valid_to FROM village;

-- A village of an old commune split between several new communes: which one it went to
-- is the commune's decision. Until it is taken the village belongs to `proposed` (the
-- default from the mapping) and is listed as awaiting a decision; decided says how it
-- ended: 'default' (the proposal accepted) or 'chosen' (another of the mapping's new
-- communes). The commune it went to is its village_commune row from on_date.
CREATE TABLE village_split (
	village_id INTEGER NOT NULL REFERENCES village (id),
	on_date TEXT NOT NULL,
	old_commune TEXT NOT NULL,
	proposed TEXT NOT NULL,
	decided TEXT CHECK (decided IN ('default', 'chosen')),
	decided_on TEXT,
	PRIMARY KEY (village_id, on_date)
) STRICT;
CREATE INDEX village_split_old ON village_split (old_commune, on_date);
