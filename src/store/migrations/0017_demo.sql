-- 0017_demo: what `tindung demo` leaves behind besides the business data it books through
-- the bank functions (issue 5, docs/demo.md).
--
-- demo_run: one row when the database was made by `tindung demo`: the seed, the size asked
-- for and the simulated period, so that a reader knows the data is invented.
CREATE TABLE demo_run (
	id INTEGER PRIMARY KEY,
	seed INTEGER NOT NULL,
	households INTEGER NOT NULL CHECK (households > 0),
	district_code TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL
) STRICT;

-- demo_account: the demo users and their passwords in clear, so that `tindung serve` can
-- print them at start. Only a demo database has rows here; real users' passwords are never
-- stored (app_user keeps an argon2id hash only).
CREATE TABLE demo_account (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL UNIQUE REFERENCES app_user (id),
	password TEXT NOT NULL,
	what TEXT NOT NULL
) STRICT;
