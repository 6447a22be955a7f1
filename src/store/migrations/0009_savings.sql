-- 0009: member savings (tiết kiệm tổ viên, R-SAV-1); docs/savings.md.
-- The money lives in the ledger (MEMBER_SAVINGS of the account's office); savings_account
-- keeps a cached balance and savings_txn the sub-ledger that `tindung check` compares with
-- both. savings_txn is append-only like gl_entry.

-- Interest paid on savings: debited when interest is posted, credited to MEMBER_SAVINGS.
INSERT INTO gl_account_type (code, name_vi, category, normal_side, by_programme, by_source,
	source_kind, sort) VALUES
	('SAVINGS_INTEREST_EXPENSE', 'Chi trả lãi tiền gửi tổ viên', 'expense', 'debit', 0, 0,
		NULL, 83);

-- The smallest deposit, in đồng (R-SAV-1: from 5,000 VND). Data, not code, so that a new
-- rule changes a row.
INSERT INTO td_meta (key, value) VALUES ('savings_min_deposit', '5000');

-- One account per household at a time (the partial unique index); office_id and group_id
-- are the group's when the account opened: the office books it, the leader collects it.
CREATE TABLE savings_account (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES household (id),
	group_id INTEGER NOT NULL REFERENCES savings_group (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	opened_on TEXT NOT NULL,
	closed_on TEXT,
	balance INTEGER NOT NULL CHECK (balance >= 0)
) STRICT;
CREATE UNIQUE INDEX savings_account_open ON savings_account (household_id)
	WHERE closed_on IS NULL;
CREATE INDEX savings_account_group ON savings_account (group_id);
CREATE INDEX savings_account_office ON savings_account (office_id);

-- Deposit rates per branch office, with history: a new row from effective_from on; the
-- rate of a day is the row with the latest effective_from on or before it. rate is annual,
-- in millionths (td_rate: 5000 = 0.5 %/year).
CREATE TABLE savings_rate (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	rate INTEGER NOT NULL CHECK (rate >= 0 AND rate <= 1000000),
	effective_from TEXT NOT NULL,
	set_on TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	UNIQUE (office_id, effective_from)
) STRICT;

-- Movements of an account, each with its ledger entry. Interest names its period
-- [period_from, period_to); periods of one account do not overlap (savings_interest.c).
CREATE TABLE savings_txn (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES savings_account (id),
	kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'interest')),
	amount INTEGER NOT NULL CHECK (amount > 0),
	business_date TEXT NOT NULL,
	period_from TEXT,
	period_to TEXT,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	user_id INTEGER NOT NULL
) STRICT;
CREATE INDEX savings_txn_account ON savings_txn (account_id, business_date);
