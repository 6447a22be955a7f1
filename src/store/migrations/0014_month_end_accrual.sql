-- 0014: month end, second part (docs/month-end.md): the accrual of interest receivable per
-- office x programme x source (R-INT-1, R-INT-2, R-GL-1) and the month-end snapshot of the
-- books and of the loan portfolio that reports compare with (R-CLS-1). Both are written by
-- the month-end run (month_end_run of 0013), in its transaction.

-- What the run accrued: interest up to and including accrued_to (the month's last day when
-- eod runs month end; the day before the business date of a late run), the receivable
-- aimed at (accrual_target), what was booked to reach it (accrual_amount, signed: > 0 is
-- Dr INTEREST_RECEIVABLE / Cr INTEREST_INCOME, < 0 the mirror) and that entry (NULL when
-- nothing moved). Runs made before this migration have accrued_to NULL: they accrued
-- nothing.
ALTER TABLE month_end_run ADD COLUMN accrued_to TEXT;
ALTER TABLE month_end_run ADD COLUMN accrual_target INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_end_run ADD COLUMN accrual_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE month_end_run ADD COLUMN accrual_entry_id INTEGER REFERENCES gl_entry (id);

-- The accrual per programme and source of the run's office: in_term / overdue are the
-- interest accrued and unpaid (lãi tồn plus the accrual since it was last settled) on
-- in-term and overdue principal of open loans that are not frozen; target their sum, the
-- INTEREST_RECEIVABLE balance after the run; previous that balance before; amount the
-- difference booked. frozen_interest: interest owed by frozen loans (khoanh nợ, R-RISK-1),
-- kept out of the receivable and shown only. `tindung check` (interest_accrual) compares
-- the receivable with the rows of each office's latest run.
CREATE TABLE interest_accrual (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES month_end_run (id),
	programme_code TEXT NOT NULL,
	source_id INTEGER NOT NULL REFERENCES capital_source (id),
	in_term INTEGER NOT NULL CHECK (in_term >= 0),
	overdue INTEGER NOT NULL CHECK (overdue >= 0),
	target INTEGER NOT NULL CHECK (target = in_term + overdue),
	previous INTEGER NOT NULL,
	amount INTEGER NOT NULL CHECK (amount = target - previous),
	frozen_interest INTEGER NOT NULL CHECK (frozen_interest >= 0),
	entry_id INTEGER REFERENCES gl_entry (id),
	UNIQUE (run_id, programme_code, source_id)
) STRICT;

-- The month-end snapshot of one office (R-CLS-1): one row per run made since this
-- migration. month_end is the month's last day. Totals of the office's loans outstanding at
-- month end: borrowers counts each household once (the portfolio rows count it once per
-- row, so their sum can be larger).
CREATE TABLE month_end_snapshot (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL UNIQUE REFERENCES month_end_run (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	month_end TEXT NOT NULL,
	loans INTEGER NOT NULL CHECK (loans >= 0),
	borrowers INTEGER NOT NULL CHECK (borrowers >= 0),
	outstanding INTEGER NOT NULL CHECK (outstanding >= 0),
	overdue INTEGER NOT NULL CHECK (overdue >= 0),
	frozen INTEGER NOT NULL CHECK (frozen >= 0),
	UNIQUE (office_id, month_end)
) STRICT;

-- The balance (debit - credit) of every ledger account of the office at month end, the
-- run's own entries included. programme_code '' and source_id 0 as in gl_account.
CREATE TABLE month_end_balance (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES month_end_snapshot (id),
	type_code TEXT NOT NULL REFERENCES gl_account_type (code),
	programme_code TEXT NOT NULL,
	source_id INTEGER NOT NULL,
	balance INTEGER NOT NULL,
	UNIQUE (snapshot_id, type_code, programme_code, source_id)
) STRICT;

-- The loan portfolio at month end, aggregated (never one row per loan): per programme,
-- source, term class (short: up to 12 months, medium: up to 60, long: more), status class
-- (frozen; overdue when principal was overdue at month end; otherwise in term), the
-- organisation of the loan's chapter ('' when none), the borrower's commune and ethnicity.
-- overdue: overdue principal; frozen: principal of frozen loans; outstanding: all of it.
CREATE TABLE month_end_portfolio (
	id INTEGER PRIMARY KEY,
	snapshot_id INTEGER NOT NULL REFERENCES month_end_snapshot (id),
	programme_code TEXT NOT NULL,
	source_id INTEGER NOT NULL REFERENCES capital_source (id),
	term_class TEXT NOT NULL CHECK (term_class IN ('short', 'medium', 'long')),
	status_class TEXT NOT NULL CHECK (status_class IN ('in_term', 'overdue', 'frozen')),
	organisation TEXT NOT NULL,
	commune_code TEXT NOT NULL,
	ethnicity TEXT NOT NULL,
	loans INTEGER NOT NULL CHECK (loans > 0),
	borrowers INTEGER NOT NULL CHECK (borrowers > 0),
	outstanding INTEGER NOT NULL CHECK (outstanding > 0),
	overdue INTEGER NOT NULL CHECK (overdue >= 0 AND overdue <= outstanding),
	frozen INTEGER NOT NULL CHECK (frozen >= 0 AND frozen <= outstanding)
) STRICT;
CREATE INDEX month_end_portfolio_snapshot ON month_end_portfolio (snapshot_id);

-- Month end reads, for every loan of an office, the repayments paid after the month's last
-- day (outstanding at month end, R-FEE-1 and the snapshot): a range of this index instead of
-- every repayment of the loan (ten times faster on a district of 13,000 loans).
CREATE INDEX loan_repayment_loan_paid ON loan_repayment (loan_id, paid_on);
