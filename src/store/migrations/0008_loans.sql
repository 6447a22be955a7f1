-- 0008: loans, from disbursement to the last repayment (R-DIS-1, R-INT-1, R-PAY-1, R-GL-2);
-- docs/loans.md. A loan opens from one approved application (one loan per application)
-- with its repayment schedule (phân kỳ trả nợ); each repayment keeps how it was applied.
-- The loan sub-ledger is loan_instalment: principal - paid_principal per instalment, which
-- `tindung check` compares with the LOAN_* accounts (R-GL-2).

-- A loan. office, chapter, group, household and programme are the application's; rate,
-- overdue_pct and convention are fixed at disbursement (R-RATE-1). balance is the unpaid
-- principal (Σ of its instalments'). Interest is settled up to interest_from (exclusive):
-- it accrues from there to the day before the next repayment (R-INT-1); what a repayment
-- did not cover stays owed in in_term_interest / overdue_interest (lãi tồn, R-INT-2).
CREATE TABLE loan (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL UNIQUE REFERENCES loan_application (id),
	household_id INTEGER NOT NULL REFERENCES household (id),
	group_id INTEGER REFERENCES savings_group (id),
	chapter_id INTEGER REFERENCES org_chapter (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	programme_code TEXT NOT NULL,
	source_id INTEGER NOT NULL REFERENCES capital_source (id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	rate INTEGER NOT NULL CHECK (rate >= 0),
	overdue_pct INTEGER NOT NULL,
	convention TEXT NOT NULL CHECK (convention IN ('act365', '30e360')),
	disbursed_on TEXT NOT NULL,
	term_months INTEGER NOT NULL CHECK (term_months > 0),
	interval_months INTEGER NOT NULL,  -- 0 when an explicit schedule was agreed
	grace_months INTEGER NOT NULL,
	maturity TEXT NOT NULL,
	status TEXT NOT NULL
		CHECK (status IN ('in_term', 'overdue', 'frozen', 'closed', 'written_off')),
	balance INTEGER NOT NULL CHECK (balance >= 0),
	interest_from TEXT NOT NULL,
	in_term_interest INTEGER NOT NULL CHECK (in_term_interest >= 0),
	overdue_interest INTEGER NOT NULL CHECK (overdue_interest >= 0),
	interest_paid INTEGER NOT NULL CHECK (interest_paid >= 0),
	closed_on TEXT,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id)
) STRICT;
CREATE INDEX loan_office ON loan (office_id);
CREATE INDEX loan_household ON loan (household_id);
CREATE INDEX loan_source ON loan (source_id);

-- The schedule: position 1..n ascending by due date. overdue_on is the day the instalment
-- became overdue (R-DUE-1), set by due processing; NULL otherwise.
CREATE TABLE loan_instalment (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	position INTEGER NOT NULL,
	due_on TEXT NOT NULL,
	principal INTEGER NOT NULL CHECK (principal > 0),
	paid_principal INTEGER NOT NULL CHECK (paid_principal >= 0),
	status TEXT NOT NULL CHECK (status IN ('pending', 'due', 'overdue', 'paid', 'rolled')),
	overdue_on TEXT,
	UNIQUE (loan_id, position)
) STRICT;

-- One repayment and how it was applied (R-PAY-1): the five parts sum to amount.
CREATE TABLE loan_repayment (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	paid_on TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	instalment INTEGER,                -- position the borrower named, or NULL
	overdue_interest INTEGER NOT NULL,
	in_term_interest INTEGER NOT NULL,
	overdue_principal INTEGER NOT NULL,
	due_principal INTEGER NOT NULL,
	prepaid_principal INTEGER NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id)
) STRICT;
CREATE INDEX loan_repayment_loan ON loan_repayment (loan_id);
