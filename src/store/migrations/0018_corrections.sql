-- 0018: corrections after a session closed are reversing entries (R-SES-1, R-GL-1);
-- docs/sessions.md, docs/loans.md, docs/savings.md. A repayment or a savings movement is
-- never changed or deleted: a reversal books the mirror of its entry and puts the loan or
-- the account back as it was, recorded as a new row that names what it reverses.

-- What a repayment changed on its loan, so that loan_repay_reverse can undo it exactly:
-- the loan's state just before and just after it, as canonical JSON (loan_reverse.c:
-- status, interest_from, closed_on, interest owed and paid, balance, rate, and each
-- instalment's due date, principal, paid principal and status; before_json also the last
-- loan_event then). NULL for repayments booked before this migration, which are therefore
-- not reversed (nothing says which instalments they paid).
ALTER TABLE loan_repayment ADD COLUMN before_json TEXT;
ALTER TABLE loan_repayment ADD COLUMN after_json TEXT;

-- A reversed repayment: at most one reversal each (a reversal is not reversed again). The
-- entry is the mirror of the repayment's (ledger_reverse); savings_txn_id the movement that
-- gave back the savings a repayment from savings took (R-SAV-1), NULL for cash. username
-- as gl_entry keeps it, so that "reversed by whom" survives a renamed user. idem_key: the
-- request's key, so that a retry answers the first reversal (R-GL-3).
CREATE TABLE loan_repayment_reversal (
	id INTEGER PRIMARY KEY,
	repayment_id INTEGER NOT NULL UNIQUE REFERENCES loan_repayment (id),
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	reason TEXT NOT NULL CHECK (length(reason) > 0),
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	savings_txn_id INTEGER REFERENCES savings_txn (id),
	business_date TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	idem_key TEXT
) STRICT;
CREATE INDEX loan_repayment_reversal_loan ON loan_repayment_reversal (loan_id);

-- A savings movement that reverses another: the opposite kind (a deposit is reversed by a
-- 'withdrawal', a withdrawal by a 'deposit'), the same amount, the mirror entry, and the
-- reason. Movements are still summed by kind (savings_check, savings interest), so the
-- balance, the check and the interest see a reversal like any movement. One reversal per
-- movement (the partial unique index).
ALTER TABLE savings_txn ADD COLUMN reverses_txn_id INTEGER REFERENCES savings_txn (id);
ALTER TABLE savings_txn ADD COLUMN reason TEXT;
CREATE UNIQUE INDEX savings_txn_reverses ON savings_txn (reverses_txn_id)
	WHERE reverses_txn_id IS NOT NULL;
