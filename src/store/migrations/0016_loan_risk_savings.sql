-- 0016: a write-off charges the capital source (R-RISK-1, R-CAP-1) and a repayment may come
-- from the borrower's savings (R-SAV-1); docs/loans.md, docs/ledger.md, docs/savings.md.

-- The principal a write-off took out of its source's capital: the entry is Dr CAPITAL_x
-- (loan's office, source) / Cr the loan accounts, and `tindung check` (capital_sources)
-- expects each source's CAPITAL_x = transfers in - out - these amounts. 0 for the other
-- kinds, and for write-offs booked before this migration (they debited WRITE_OFF_EXPENSE and
-- left the capital as it was, which is what 0 tells the check).
ALTER TABLE loan_event ADD COLUMN capital_charged INTEGER NOT NULL DEFAULT 0
	CHECK (capital_charged >= 0);

-- The savings withdrawal that paid a repayment (R-SAV-1), NULL when cash was paid. The
-- withdrawal names the repayment's ledger entry (Dr MEMBER_SAVINGS / Cr the loan accounts
-- and INTEREST_INCOME); one withdrawal pays one repayment.
ALTER TABLE loan_repayment ADD COLUMN savings_txn_id INTEGER REFERENCES savings_txn (id);
CREATE UNIQUE INDEX loan_repayment_savings ON loan_repayment (savings_txn_id)
	WHERE savings_txn_id IS NOT NULL;
