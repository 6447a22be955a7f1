-- 0022: cash as the bank keeps it (R-CASH-1); docs/cash.md. The vault (quỹ tiền mặt) stays
-- the account CASH, which every existing entry books; cash the team takes to a commune
-- session is CASH_SESSION until it comes back; the office's account at a bank is
-- BANK_DEPOSIT; remittances between a district office and its branch go through
-- INTER_OFFICE (0006), one office's claim being the other's debt, so that across the bank
-- the INTER_OFFICE accounts sum to zero (tindung check).
UPDATE gl_account_type SET name_vi = 'Tiền mặt tại quỹ' WHERE code = 'CASH';
INSERT INTO gl_account_type (code, name_vi, category, normal_side, by_programme, by_source,
	source_kind, sort) VALUES
	('CASH_SESSION', 'Tiền mặt mang đi phiên giao dịch xã', 'asset', 'debit', 0, 0, NULL,
		11),
	('BANK_DEPOSIT', 'Tiền gửi thanh toán tại ngân hàng', 'asset', 'debit', 0, 0, NULL, 12);

-- The vault limit (hạn mức tồn quỹ tiền mặt) of an office from a date, set by an
-- administrator of an office above it (the branch). Rows are never changed: a new limit
-- is a new row from a later date, so the warnings of past days stay what they were.
CREATE TABLE vault_limit (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	amount INTEGER NOT NULL CHECK (amount >= 0),
	effective_from TEXT NOT NULL,
	note TEXT,
	set_on TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	UNIQUE (office_id, effective_from)
) STRICT;

-- Cash moved between the places an office keeps it, each with its one ledger entry:
-- to_session / from_session between the vault and a commune session's cash (the session's
-- opening cash, and what it brought back); remit / receive between the vault and the
-- office's own bank account (counterparty 'bank') or the branch's account through
-- INTER_OFFICE (counterparty 'branch', branch_id the branch of that day).
CREATE TABLE cash_transfer (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office (id),
	kind TEXT NOT NULL CHECK (kind IN ('to_session', 'from_session', 'remit', 'receive')),
	session_id INTEGER REFERENCES commune_session (id),
	counterparty TEXT CHECK (counterparty IN ('bank', 'branch')),
	branch_id INTEGER REFERENCES office (id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	business_date TEXT NOT NULL,
	note TEXT,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	idem_key TEXT,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	CHECK ((kind IN ('to_session', 'from_session')) = (session_id IS NOT NULL)),
	CHECK ((kind IN ('remit', 'receive')) = (counterparty IS NOT NULL)),
	CHECK ((counterparty IS NOT NULL AND counterparty = 'branch') = (branch_id IS NOT NULL))
) STRICT;
CREATE INDEX cash_transfer_office ON cash_transfer (office_id, business_date);
CREATE INDEX cash_transfer_session ON cash_transfer (session_id);
CREATE INDEX cash_transfer_entry ON cash_transfer (entry_id);
-- The session check (tindung check) finds the entries of each session's lines and payouts.
CREATE INDEX session_line_entry ON session_line (entry_id);
CREATE INDEX session_payout_entry ON session_payout (entry_id);
