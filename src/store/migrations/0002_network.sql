-- 0002: the network and geography (R-ORG-1). Every node has a validity period
-- [valid_from, valid_to) in ISO dates; valid_to NULL means still valid. A question about a
-- past date filters "valid_from <= D AND (valid_to IS NULL OR valid_to > D)", so history
-- keeps pointing at the node as it was (the 2025 merger of provinces).

-- Administrative units as the statistics office codes them: province (2 digits),
-- district (3), commune (5). A rename or a merge closes a version and opens another.
CREATE TABLE admin_unit (
	level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
	code TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	name TEXT NOT NULL,
	unit_type TEXT NOT NULL,           -- Tỉnh, Thành phố, Huyện, Quận, Xã, Phường, ...
	parent_code TEXT,                  -- district -> province, commune -> district
	merged_into TEXT,                  -- code of the unit that absorbed this one, if any
	PRIMARY KEY (level, code, valid_from)
) STRICT;
CREATE INDEX admin_unit_parent ON admin_unit (level, parent_code);

-- Villages (thôn/ấp/tổ dân phố): geography under a commune.
CREATE TABLE village (
	id INTEGER PRIMARY KEY,
	commune_code TEXT NOT NULL,
	name TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT
) STRICT;
CREATE UNIQUE INDEX village_name ON village (commune_code, name, valid_from);
-- When communes merge, their villages keep their ids (households point at them): a list
-- of the merged commune's villages also follows admin_unit.merged_into (docs/network.md).

-- Offices: head office -> province branch -> district transaction office (PGD).
-- The identity is stable; name and parent live in versions.
CREATE TABLE office (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('head', 'branch', 'district')),
	province_code TEXT,                -- branch: its province; district office: too
	district_code TEXT,                -- district office: its district
	merged_into INTEGER REFERENCES office (id)
) STRICT;

CREATE TABLE office_version (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	name TEXT NOT NULL,
	parent_id INTEGER REFERENCES office (id),
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	UNIQUE (office_id, valid_from)
) STRICT;
CREATE INDEX office_version_parent ON office_version (parent_id);

-- Commune transaction points (điểm giao dịch xã): a desk open on a fixed day each month.
-- The day is 1-28 so that the session exists in every month, February included.
CREATE TABLE commune_point (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	office_id INTEGER NOT NULL REFERENCES office (id),
	name TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	meeting_day INTEGER NOT NULL CHECK (meeting_day BETWEEN 1 AND 28),
	valid_from TEXT NOT NULL,
	valid_to TEXT
) STRICT;
CREATE INDEX commune_point_office ON commune_point (office_id);

-- The communes a point serves (one or more), with history.
CREATE TABLE commune_point_commune (
	point_id INTEGER NOT NULL REFERENCES commune_point (id),
	commune_code TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (point_id, commune_code, valid_from)
) STRICT;
CREATE INDEX commune_point_commune_code ON commune_point_commune (commune_code);

-- Bank staff of an office.
CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	full_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('director', 'credit_officer', 'teller', 'controller')),
	phone TEXT NOT NULL DEFAULT '',
	valid_from TEXT NOT NULL,
	valid_to TEXT
) STRICT;
CREATE INDEX staff_office ON staff (office_id);

-- The communes each credit officer covers.
CREATE TABLE staff_commune (
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	commune_code TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (staff_id, commune_code, valid_from)
) STRICT;
CREATE INDEX staff_commune_code ON staff_commune (commune_code);

-- The team of three at a point's session: leader (a credit officer), controller, teller.
CREATE TABLE point_team (
	point_id INTEGER NOT NULL REFERENCES commune_point (id),
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	duty TEXT NOT NULL CHECK (duty IN ('leader', 'controller', 'teller')),
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	PRIMARY KEY (point_id, duty, valid_from)
) STRICT;
CREATE INDEX point_team_staff ON point_team (staff_id);

-- The head office exists from the bank's founding (Decision 131/2002, 4 Oct 2002), so an
-- administrator always has a root to work in.
INSERT INTO office (code, kind) VALUES ('HSC', 'head');
INSERT INTO office_version (office_id, name, parent_id, valid_from)
	SELECT id, 'Hội sở chính', NULL, '2002-10-04' FROM office WHERE code = 'HSC';
