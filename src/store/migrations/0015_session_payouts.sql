-- 0015: paying what month end accrued (R-FEE-1, R-FEE-2, R-SES-1): the leaders' commissions
-- and the commune share of the entrustment fee paid at the commune session, the district,
-- province and centre shares paid at the office; docs/sessions.md, docs/month-end.md.

-- A fee or commission line of a session batch (session_batch, positions shared with
-- session_line). Kept apart from session_line, whose kind CHECK and NOT NULL household
-- would need a rebuild of that table (a copy with its ids leaves PostgreSQL's identity
-- counter behind). kind commission pays one commission_accrual row to the group's leader
-- (household_id; via household or group_leader: who took the cash); kind fee pays the
-- commune share of one fee_accrual row to its chapter (via chapter). An accrual row is paid
-- once: the UNIQUE columns hold even when two batches race for it.
CREATE TABLE session_payout (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES commune_session (id),
	batch_id INTEGER NOT NULL REFERENCES session_batch (id),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('commission', 'fee')),
	via TEXT NOT NULL CHECK (via IN ('household', 'group_leader', 'chapter')),
	commission_id INTEGER UNIQUE REFERENCES commission_accrual (id),
	fee_id INTEGER UNIQUE REFERENCES fee_accrual (id),
	group_id INTEGER REFERENCES savings_group (id),
	household_id INTEGER REFERENCES household (id),
	chapter_id INTEGER REFERENCES org_chapter (id),
	amount INTEGER NOT NULL CHECK (amount > 0),
	entry_id INTEGER NOT NULL REFERENCES gl_entry (id),
	CHECK ((kind = 'commission') = (commission_id IS NOT NULL AND fee_id IS NULL AND
		group_id IS NOT NULL AND household_id IS NOT NULL AND via <> 'chapter')),
	CHECK ((kind = 'fee') = (fee_id IS NOT NULL AND commission_id IS NULL AND
		chapter_id IS NOT NULL AND via = 'chapter')),
	UNIQUE (batch_id, position)
) STRICT;
CREATE INDEX session_payout_session ON session_payout (session_id);
-- The 13/TD list of every session asks, per group, for its commissions not yet paid.
CREATE INDEX commission_accrual_group ON commission_accrual (group_id);

-- R-FEE-1's upper shares of one office x month (district 9 %, province 4.5 %, centre
-- 2.5 %): the sums of the month end's fee_accrual rows, paid once at the office
-- (tindung fee-payout). entry_id is NULL when there was nothing to pay.
CREATE TABLE fee_upper_payout (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL UNIQUE REFERENCES month_end_run (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	month TEXT NOT NULL,
	district INTEGER NOT NULL CHECK (district >= 0),
	province INTEGER NOT NULL CHECK (province >= 0),
	centre INTEGER NOT NULL CHECK (centre >= 0),
	amount INTEGER NOT NULL CHECK (amount = district + province + centre),
	business_date TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	entry_id INTEGER REFERENCES gl_entry (id),
	CHECK ((amount = 0) = (entry_id IS NULL)),
	UNIQUE (office_id, month)
) STRICT;
