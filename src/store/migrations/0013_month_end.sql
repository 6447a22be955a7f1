-- 0013: month end (tindung month-end): entrustment fees per chapter (R-FEE-1) and group
-- leader commissions (R-FEE-2), booked once per office and month; docs/month-end.md.

-- One row per office and month processed, written in that month-end's transaction: an
-- office x month with a row is never processed again (idempotent rerun). month is 'YYYY-MM'.
-- fee_total / commission_total: what was booked (đồng); entry ids of the two entries, NULL
-- when the total was 0 (nothing to book).
CREATE TABLE month_end_run (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	month TEXT NOT NULL,
	business_date TEXT NOT NULL,
	user_id INTEGER NOT NULL,          -- 0: the command-line system actor
	chapter_count INTEGER NOT NULL,
	group_count INTEGER NOT NULL,
	fee_total INTEGER NOT NULL CHECK (fee_total >= 0),
	commission_total INTEGER NOT NULL CHECK (commission_total >= 0),
	fee_entry_id INTEGER REFERENCES gl_entry (id),
	commission_entry_id INTEGER REFERENCES gl_entry (id),
	UNIQUE (office_id, month)
) STRICT;

-- R-FEE-1, one row per chapter with loans in the office x month. base: outstanding principal,
-- at month end, of the chapter's loans on which interest was collected in the month;
-- outstanding / overdue: all the chapter's loans at month end; ratio_bp = overdue x 10000 /
-- outstanding rounded down (shown only; the tier is decided exactly by src/credit/fee.c);
-- paid_bp: the tier's share. The four split columns sum to amount.
CREATE TABLE fee_accrual (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES month_end_run (id),
	chapter_id INTEGER NOT NULL REFERENCES org_chapter (id),
	month TEXT NOT NULL,
	base INTEGER NOT NULL CHECK (base >= 0),
	outstanding INTEGER NOT NULL CHECK (outstanding >= 0),
	overdue INTEGER NOT NULL CHECK (overdue >= 0),
	ratio_bp INTEGER NOT NULL CHECK (ratio_bp >= 0),
	paid_bp INTEGER NOT NULL CHECK (paid_bp >= 0),
	gross INTEGER NOT NULL CHECK (gross >= 0),
	amount INTEGER NOT NULL CHECK (amount >= 0),
	commune INTEGER NOT NULL,
	district INTEGER NOT NULL,
	province INTEGER NOT NULL,
	centre INTEGER NOT NULL,
	entry_id INTEGER REFERENCES gl_entry (id),
	CHECK (commune + district + province + centre = amount),
	UNIQUE (run_id, chapter_id)
) STRICT;
CREATE INDEX fee_accrual_run ON fee_accrual (run_id);

-- R-FEE-2, one row per group with interest collected in the office x month: interest is the
-- interest part of the repayments on the group's loans in the month; share_ppm the share in
-- force; leader_household_id the group's leader at month end (NULL when it had none: the
-- commission is then still accrued, payable to whoever the group names).
CREATE TABLE commission_accrual (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES month_end_run (id),
	group_id INTEGER NOT NULL REFERENCES savings_group (id),
	leader_household_id INTEGER REFERENCES household (id),
	month TEXT NOT NULL,
	interest INTEGER NOT NULL CHECK (interest >= 0),
	share_ppm INTEGER NOT NULL CHECK (share_ppm >= 0 AND share_ppm <= 1000000),
	amount INTEGER NOT NULL CHECK (amount >= 0),
	entry_id INTEGER REFERENCES gl_entry (id),
	UNIQUE (run_id, group_id)
) STRICT;
CREATE INDEX commission_accrual_run ON commission_accrual (run_id);

-- R-FEE-2 share of the interest collected, millionths (80000 = 8 %). A PLACEHOLDER to be
-- confirmed by the bank (DOMAIN.md: "a configurable share"); change the row to change it.
INSERT INTO td_meta (key, value) VALUES ('commission_share_ppm', '80000');
