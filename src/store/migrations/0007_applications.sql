-- 0007: lending programmes in the database (R-PRG-1, R-PRG-2, R-RATE-1) and loan
-- applications through approval (R-APP-1..4). docs/applications.md tells the story.
-- Programmes are not seeded here: bank/programme_db.c copies credit/programme_seed.c on
-- first use, so the figures live in one place only.

-- A programme as credit/programme.h's struct programme states it. Flag and status sets
-- are the names of programme.h joined by commas ("poor,near_poor"), as household.flags.
-- ntp_tag and resolution_11 are the reporting tags of R-PRG-2.
CREATE TABLE programme (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name_vi TEXT NOT NULL,
	name_en TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_until TEXT,                  -- NULL: open
	channel TEXT NOT NULL CHECK (channel IN ('entrusted', 'direct')),
	term_kind TEXT NOT NULL CHECK (term_kind IN ('fixed', 'study', 'contract')),
	max_term_months INTEGER NOT NULL,
	grace_months INTEGER NOT NULL,
	statuses TEXT NOT NULL,
	flags_all TEXT NOT NULL,
	flags_any TEXT NOT NULL,
	collateral_above INTEGER,          -- đồng; NULL: never asks for collateral
	roll_forward INTEGER NOT NULL CHECK (roll_forward IN (0, 1)),
	overdue_pct INTEGER NOT NULL,
	convention TEXT NOT NULL CHECK (convention IN ('act365', '30e360')),
	ntp_tag TEXT NOT NULL DEFAULT 'none'
		CHECK (ntp_tag IN ('new_rural', 'poverty_reduction', 'ethnic_minority', 'none')),
	resolution_11 INTEGER NOT NULL DEFAULT 0 CHECK (resolution_11 IN (0, 1))
) STRICT;

-- Caps per borrower in the order they are tried (programme.h: the first whose when_flags
-- the application holds applies).
CREATE TABLE programme_cap (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	position INTEGER NOT NULL,
	when_flags TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('fixed', 'per_study_month', 'contract_pct')),
	amount INTEGER NOT NULL,
	pct INTEGER NOT NULL,
	UNIQUE (programme_id, position)
) STRICT;

-- Rate history (R-RATE-1): rows are only ever added, each dated after the latest one.
-- rate and reduced_rate are annual millionths (6.6 % = 66000). reduced_for: flag sets
-- separated by ';' ("ethnic_minority,hard_area;disabled"). outstanding_from NULL: the row
-- does not apply to loans made before it.
CREATE TABLE programme_rate (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	effective_from TEXT NOT NULL,
	outstanding_from TEXT,
	rate INTEGER NOT NULL CHECK (rate >= 0),
	reduced_rate INTEGER NOT NULL CHECK (reduced_rate >= 0),
	reduced_for TEXT NOT NULL,
	recorded_on TEXT NOT NULL,         -- business date it was entered
	recorded_by TEXT NOT NULL,         -- username
	UNIQUE (programme_id, effective_from)
) STRICT;

-- A loan application (01/TD) and its steps, each with its date and actor, filled in
-- order: group vote (bình xét, minutes 10C/TD, list 03/TD), commune confirmation (UBND
-- xã), office check, director's decision. office_id, chapter_id and group_id are the
-- household's on the application date, for scope checks (R-ORG-4).
CREATE TABLE loan_application (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household (id),
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	group_id INTEGER REFERENCES savings_group (id),
	chapter_id INTEGER REFERENCES org_chapter (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	commune_code TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	term_months INTEGER NOT NULL CHECK (term_months > 0),
	purpose TEXT NOT NULL,
	purpose_flags TEXT NOT NULL,       -- loan-purpose flags of programme.h ("purpose_land")
	plan TEXT NOT NULL,
	study_months INTEGER NOT NULL,
	contract_months INTEGER NOT NULL,
	contract_value INTEGER NOT NULL,
	applied_on TEXT NOT NULL,
	rate INTEGER NOT NULL,             -- for a new loan on applied_on (R-RATE-1)
	step TEXT NOT NULL CHECK (step IN ('applied', 'voted', 'confirmed', 'checked',
		'approved', 'rejected')),
	prepared_by INTEGER NOT NULL,      -- user id (0: command-line system actor)
	prepared_by_name TEXT NOT NULL,
	vote_on TEXT,
	vote_minutes_no TEXT,
	vote_list_no TEXT,
	vote_org_rep TEXT,
	vote_village_head TEXT,
	votes_for INTEGER,
	votes_against INTEGER,
	vote_by TEXT,
	confirm_on TEXT,
	confirm_status TEXT,               -- the household's status on applied_on
	confirm_by TEXT,
	check_on TEXT,
	check_late INTEGER CHECK (check_late IN (0, 1)),
	check_user_id INTEGER,
	check_by TEXT,
	decision_on TEXT,
	decision_reason TEXT,
	decided_by TEXT
) STRICT;
CREATE INDEX loan_application_household ON loan_application (household_id);
CREATE INDEX loan_application_office ON loan_application (office_id);
CREATE INDEX loan_application_decision ON loan_application (commune_code, decision_on);
