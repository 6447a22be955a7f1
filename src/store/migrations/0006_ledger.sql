-- 0006: the general ledger and the capital sources (R-GL-1, R-GL-3, R-CAP-1); docs/ledger.md.
-- gl_entry and gl_posting are append-only: no code updates or deletes them; a mistake is
-- reversed by a new entry (reverses_id). gl_balance is a cache of each account's totals,
-- kept in the same transaction as the postings and recomputed by `tindung check`.

-- The chart of accounts: account types. by_programme / by_source say which parts of the
-- concrete account (office x programme x source) the type needs; source_kind, when set,
-- is the kind of capital source the type accepts.
CREATE TABLE gl_account_type (
	code TEXT PRIMARY KEY,
	name_vi TEXT NOT NULL,
	category TEXT NOT NULL CHECK (category IN ('asset', 'liability', 'income', 'expense')),
	normal_side TEXT NOT NULL CHECK (normal_side IN ('debit', 'credit')),
	by_programme INTEGER NOT NULL CHECK (by_programme IN (0, 1)),
	by_source INTEGER NOT NULL CHECK (by_source IN (0, 1)),
	source_kind TEXT CHECK (source_kind IN ('central', 'local')),
	sort INTEGER NOT NULL
) STRICT;

INSERT INTO gl_account_type VALUES
	('CASH', 'Tiền mặt', 'asset', 'debit', 0, 0, NULL, 10),
	('LOAN_IN_TERM', 'Dư nợ cho vay trong hạn', 'asset', 'debit', 1, 1, NULL, 20),
	('LOAN_OVERDUE', 'Dư nợ cho vay quá hạn', 'asset', 'debit', 1, 1, NULL, 21),
	('LOAN_FROZEN', 'Dư nợ cho vay khoanh', 'asset', 'debit', 1, 1, NULL, 22),
	('INTEREST_RECEIVABLE', 'Lãi phải thu', 'asset', 'debit', 1, 1, NULL, 30),
	('INTER_OFFICE', 'Thanh toán liên chi nhánh', 'asset', 'debit', 0, 0, NULL, 40),
	('CAPITAL_CENTRAL', 'Nguồn vốn trung ương', 'liability', 'credit', 0, 1, 'central', 50),
	('CAPITAL_LOCAL', 'Nguồn vốn ủy thác địa phương', 'liability', 'credit', 0, 1, 'local',
		51),
	('MEMBER_SAVINGS', 'Tiền gửi của tổ viên tổ TK&VV', 'liability', 'credit', 0, 0, NULL,
		60),
	('FEE_PAYABLE', 'Phí ủy thác phải trả', 'liability', 'credit', 0, 0, NULL, 61),
	('COMMISSION_PAYABLE', 'Hoa hồng phải trả tổ trưởng', 'liability', 'credit', 0, 0, NULL,
		62),
	('INTEREST_INCOME', 'Thu lãi cho vay', 'income', 'credit', 1, 0, NULL, 70),
	('FEE_EXPENSE', 'Chi phí ủy thác', 'expense', 'debit', 0, 0, NULL, 80),
	('COMMISSION_EXPENSE', 'Chi hoa hồng tổ trưởng', 'expense', 'debit', 0, 0, NULL, 81),
	('WRITE_OFF_EXPENSE', 'Chi xóa nợ', 'expense', 'debit', 1, 1, NULL, 82);

-- Capital sources (R-CAP-1): central (state budget, VBSP mobilisation) or local (money a
-- People's Committee entrusts: investor name, investor code and its level).
CREATE TABLE capital_source (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('central', 'local')),
	name TEXT NOT NULL,
	office_id INTEGER NOT NULL REFERENCES office (id),
	investor TEXT,
	investor_code TEXT,
	investor_level TEXT CHECK (investor_level IN ('province', 'district', 'commune')),
	created_on TEXT NOT NULL,
	CHECK (kind = 'central' OR (investor IS NOT NULL AND investor_code IS NOT NULL AND
		investor_level IS NOT NULL))
) STRICT;
CREATE INDEX capital_source_office ON capital_source (office_id);

-- Concrete accounts, created on first use: programme_code '' and source_id 0 when the type
-- is not split that way (0 is no source: no foreign key on it).
CREATE TABLE gl_account (
	id INTEGER PRIMARY KEY,
	type_code TEXT NOT NULL REFERENCES gl_account_type (code),
	office_id INTEGER NOT NULL REFERENCES office (id),
	programme_code TEXT NOT NULL,
	source_id INTEGER NOT NULL,
	UNIQUE (type_code, office_id, programme_code, source_id)
) STRICT;
CREATE INDEX gl_account_office ON gl_account (office_id);
CREATE INDEX gl_account_source ON gl_account (source_id);

-- One balanced entry: who booked it on which business date under which idempotency key
-- (R-GL-3). A reversal names the entry it mirrors; the unique index allows one reversal
-- per entry, and links both without touching the original.
CREATE TABLE gl_entry (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	ref TEXT NOT NULL,
	business_date TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	idem_key TEXT,
	reverses_id INTEGER REFERENCES gl_entry (id),
	reason TEXT
) STRICT;
CREATE UNIQUE INDEX gl_entry_reverses ON gl_entry (reverses_id);
CREATE INDEX gl_entry_date ON gl_entry (business_date);

CREATE TABLE gl_posting (
	id INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	account_id INTEGER NOT NULL REFERENCES gl_account (id),
	debit INTEGER NOT NULL CHECK (debit >= 0),
	credit INTEGER NOT NULL CHECK (credit >= 0),
	CHECK ((debit = 0) <> (credit = 0))
) STRICT;
CREATE INDEX gl_posting_entry ON gl_posting (entry_id);
CREATE INDEX gl_posting_account ON gl_posting (account_id);

-- Running totals per account (a cache for speed; `tindung check` recomputes them).
CREATE TABLE gl_balance (
	account_id INTEGER PRIMARY KEY REFERENCES gl_account (id),
	debit INTEGER NOT NULL,
	credit INTEGER NOT NULL
) STRICT;

-- Money entrusted to (in) or returned from (out) a source at an office: the capital
-- sub-ledger that `tindung check` compares with the CAPITAL_* accounts.
CREATE TABLE capital_transfer (
	id INTEGER PRIMARY KEY,
	source_id INTEGER NOT NULL REFERENCES capital_source (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	amount INTEGER NOT NULL CHECK (amount > 0),
	business_date TEXT NOT NULL,
	note TEXT NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id)
) STRICT;
CREATE INDEX capital_transfer_source ON capital_transfer (source_id);
