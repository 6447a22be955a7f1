-- 0003: households (hộ gia đình) and their poverty status as yearly history
-- (R-HH-1, R-HH-2, R-HH-3). docs/poverty-list.md tells how the labour department's lists
-- fill poverty_status.

-- One household per head's citizen ID (CCCD, R-HH-3). sex and birth_year agree with what
-- the ID encodes. office_id is the district office serving the commune on the day the
-- household was written (denormalised so that access_check is one tree walk, R-ORG-4).
CREATE TABLE household (
	id INTEGER PRIMARY KEY,
	cccd TEXT NOT NULL UNIQUE,
	head_name TEXT NOT NULL,
	name_folded TEXT NOT NULL,         -- head_name folded to lowercase ASCII (base/fold.h)
	sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
	birth_year INTEGER NOT NULL,
	ethnicity TEXT NOT NULL,           -- dân tộc: Kinh, Tày, Mường, H'Mông, ...
	-- Names from credit/programme.h separated by commas, in that file's order
	-- ("ethnic_minority,disabled"); '' for none. Text keeps it readable and portable.
	flags TEXT NOT NULL DEFAULT '',
	village_id INTEGER NOT NULL REFERENCES village (id),
	commune_code TEXT NOT NULL,        -- the village's commune
	office_id INTEGER NOT NULL REFERENCES office (id),
	phone TEXT NOT NULL DEFAULT '',    -- 10 digits starting with 0, or '' when unknown
	members INTEGER NOT NULL CHECK (members BETWEEN 1 AND 50),
	created_on TEXT NOT NULL,          -- business dates
	updated_on TEXT NOT NULL
) STRICT;
CREATE INDEX household_village ON household (village_id);
CREATE INDEX household_commune ON household (commune_code);
CREATE INDEX household_office ON household (office_id);

-- One row per import of a list (tindung import poverty-list, POST /api/v1/poverty-imports):
-- which file (name and SHA-256 of its bytes), for which commune and year, by whom on which
-- business date, and the reconciliation's counts. A dry run leaves no row.
CREATE TABLE poverty_import (
	id INTEGER PRIMARY KEY,
	commune_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	office_id INTEGER NOT NULL REFERENCES office (id),
	file_name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	rows_read INTEGER NOT NULL,
	new_households INTEGER NOT NULL,
	unchanged INTEGER NOT NULL,
	status_changed INTEGER NOT NULL,
	left_list INTEGER NOT NULL,
	rejected INTEGER NOT NULL,
	business_date TEXT NOT NULL,
	user_id INTEGER NOT NULL,          -- 0: the command line's built-in system actor
	username TEXT NOT NULL
) STRICT;
CREATE INDEX poverty_import_commune ON poverty_import (commune_code, year);
CREATE INDEX poverty_import_office ON poverty_import (office_id);

-- The status of a household for a year (R-HH-1): history, never a field that an import
-- overwrites for other years (R-HH-2). The status valid on a date is the row of that
-- date's year. import_id is the import that last set the row; commune_code the commune
-- whose list gave it.
CREATE TABLE poverty_status (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household (id),
	year INTEGER NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('poor', 'near_poor', 'newly_escaped', 'none')),
	commune_code TEXT NOT NULL,
	import_id INTEGER NOT NULL REFERENCES poverty_import (id),
	recorded_on TEXT NOT NULL,         -- business date of that import
	UNIQUE (household_id, year)
) STRICT;
CREATE INDEX poverty_status_commune ON poverty_status (commune_code, year);
