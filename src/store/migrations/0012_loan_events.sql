-- 0012: changes to a loan's terms and risk handling (R-EXT-1, R-EXT-2, R-RISK-1);
-- docs/loans.md. Each event is one decision on one loan, kept with the loan's terms before
-- and after it (JSON), and, when it moved money between loan accounts, its ledger entry.
--
-- kind: extend (gia hạn nợ), rollover (lưu vụ), reschedule (điều chỉnh kỳ hạn), freeze
-- (khoanh nợ), unfreeze (hết khoanh), write_off (xóa nợ). decision_no and level are the
-- decision's (R-RISK-1: central, province or district; extensions and rescheduling are the
-- office director's: level 'office'). months: of the extension, cycle or freeze. until: the
-- end of a freeze. approver_id: the director who decided, never the user who prepared it.
CREATE TABLE loan_event (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	kind TEXT NOT NULL CHECK (kind IN ('extend', 'rollover', 'reschedule', 'freeze',
		'unfreeze', 'write_off')),
	decided_on TEXT NOT NULL,
	decision_no TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('central', 'province', 'district', 'office')),
	reason TEXT NOT NULL,
	instalment INTEGER,                -- position extended, or NULL
	months INTEGER NOT NULL CHECK (months >= 0),
	until TEXT,
	user_id INTEGER NOT NULL,         -- who prepared it (0: the command-line system actor)
	approver_id INTEGER NOT NULL REFERENCES app_user (id),
	business_date TEXT NOT NULL,
	before_json TEXT NOT NULL,
	after_json TEXT NOT NULL,
	entry_id INTEGER REFERENCES gl_entry (id),
	CHECK (user_id <> approver_id)
) STRICT;
CREATE INDEX loan_event_loan ON loan_event (loan_id);
