-- 0010: end of day (tindung eod): the day's due transitions (R-DUE-1, R-DUE-2, R-INACT-1);
-- docs/eod.md. Work per day grows with the loans that have something happening that day:
-- candidates come from two indexes, never from a scan of all loans.

-- One row per business day processed, written in that day's transaction: a day with a row
-- is never processed again (idempotent rerun). The counts say what the day did.
CREATE TABLE eod_run (
	business_date TEXT PRIMARY KEY,
	previous_date TEXT NOT NULL,
	loans INTEGER NOT NULL,           -- loans examined
	became_due INTEGER NOT NULL,
	became_overdue INTEGER NOT NULL,
	rolled INTEGER NOT NULL,
	inactive_flagged INTEGER NOT NULL,
	inactive_cleared INTEGER NOT NULL,
	overdue_amount INTEGER NOT NULL,  -- principal moved to LOAN_OVERDUE that day, đồng
	user_id INTEGER NOT NULL
) STRICT;

-- A rolled instalment (R-DUE-2) keeps only what had been paid on it, which may be nothing:
-- loan_instalment is rebuilt so that principal may be 0 for a rolled one (nothing refers to
-- it, so the copy keeps every row and id).
CREATE TABLE loan_instalment_v10 (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	position INTEGER NOT NULL,
	due_on TEXT NOT NULL,
	principal INTEGER NOT NULL CHECK (principal > 0 OR (principal = 0 AND status = 'rolled')),
	paid_principal INTEGER NOT NULL CHECK (paid_principal >= 0),
	status TEXT NOT NULL CHECK (status IN ('pending', 'due', 'overdue', 'paid', 'rolled')),
	overdue_on TEXT,
	UNIQUE (loan_id, position)
) STRICT;
INSERT INTO loan_instalment_v10 (id, loan_id, position, due_on, principal, paid_principal,
	status, overdue_on)
	SELECT id, loan_id, position, due_on, principal, paid_principal, status, overdue_on
	FROM loan_instalment;
DROP TABLE loan_instalment;
ALTER TABLE loan_instalment_v10 RENAME TO loan_instalment;

-- Unsettled instalments by due day: the candidates of R-DUE-1/R-DUE-2 are the loans with an
-- instalment in this index due on or before the day processed.
CREATE INDEX loan_instalment_unsettled_due ON loan_instalment (due_on)
	WHERE status IN ('pending', 'due');

-- R-INACT-1: inactive is the flag "inactive 3 months"; inactive_check_on the first day the
-- flag could change without any other event on the loan (computed by eod from the interest
-- owed and the fastest possible accrual; a repayment resets it to its own date). The
-- default makes every existing loan a candidate of the next eod.
ALTER TABLE loan ADD COLUMN inactive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE loan ADD COLUMN inactive_check_on TEXT NOT NULL DEFAULT '0000-01-01';
CREATE INDEX loan_inactive_check ON loan (inactive_check_on);
