-- 0011: the monthly commune session (phiên giao dịch xã, R-SES-1, R-SES-2); docs/sessions.md.
-- A session belongs to one commune point and one date. Its lines are the cash that crossed
-- the desk, each booked by the loan or savings use case it went through and linked here to
-- that use case's row and ledger entry; the session itself books nothing.

-- One session per point per date. off_day_reason says why it is not held on the point's
-- meeting day (NULL when it is). The team is the point's team of that date (point_team),
-- copied so that a later change of team does not rewrite who held it. counted_cash and
-- closed_by are set once, when the session closes; a closed session takes no more lines.
CREATE TABLE commune_session (
	id INTEGER PRIMARY KEY,
	point_id INTEGER NOT NULL REFERENCES commune_point (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	session_date TEXT NOT NULL,
	off_day_reason TEXT,
	leader_staff_id INTEGER NOT NULL REFERENCES staff (id),
	controller_staff_id INTEGER NOT NULL REFERENCES staff (id),
	teller_staff_id INTEGER NOT NULL REFERENCES staff (id),
	opening_cash INTEGER NOT NULL CHECK (opening_cash >= 0),
	status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	opened_by INTEGER NOT NULL,
	counted_cash INTEGER CHECK (counted_cash >= 0),
	closed_by INTEGER,
	CHECK ((status = 'open') = (counted_cash IS NULL)),
	UNIQUE (point_id, session_date)
) STRICT;
CREATE INDEX commune_session_office ON commune_session (office_id);

-- One recorded batch (R-GL-3): the key of the user who recorded it and the request in a
-- canonical form, so that the same key with the same request answers the first batch and
-- books nothing, and with another request is refused.
CREATE TABLE session_batch (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES commune_session (id),
	user_id INTEGER NOT NULL,
	idem_key TEXT NOT NULL,
	request TEXT NOT NULL,
	UNIQUE (user_id, idem_key)
) STRICT;
CREATE INDEX session_batch_session ON session_batch (session_id);

-- A line of a batch: cash in (interest, principal, deposit) or out (withdrawal,
-- disbursement). via says who handed the money over: the household itself, or the group
-- leader (R-ORG-3: interest and savings only; the interest a leader collected is what the
-- commission of R-FEE-2 is reckoned on). ref_id is the row the use case made:
-- loan_repayment for interest and principal, savings_txn for deposits and withdrawals,
-- loan for a disbursement.
CREATE TABLE session_line (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES commune_session (id),
	batch_id INTEGER NOT NULL REFERENCES session_batch (id),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('interest', 'principal', 'deposit', 'withdrawal',
		'disbursement')),
	via TEXT NOT NULL CHECK (via IN ('household', 'group_leader')),
	direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	group_id INTEGER REFERENCES savings_group (id),
	household_id INTEGER NOT NULL REFERENCES household (id),
	loan_id INTEGER REFERENCES loan (id),
	account_id INTEGER REFERENCES savings_account (id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	ref_id INTEGER NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	UNIQUE (batch_id, position)
) STRICT;
CREATE INDEX session_line_session ON session_line (session_id);
