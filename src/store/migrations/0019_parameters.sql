-- 0019: figures the government changes are dated rows an administrator edits (issue 9;
-- docs/parameters.md lists every one with its seed value, source and how to change it).
-- Nothing in src/ holds these values except the seed rows below and the programme seed
-- table (src/credit/programme_seed.c, copied into the database on first use).

-- Scalar and list parameters with an effective date. scope is '' (every programme) or a
-- programme code: the value of a day is the latest row on or before it of the programme's
-- own scope, else of ''. value is the canonical text bank/param.c checks and parses (rates
-- in %, money in đồng, lists as docs/parameters.md shows). Rows are only ever added, each
-- after the latest of its name and scope (history is never edited).
CREATE TABLE param_value (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	scope TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	value TEXT NOT NULL,
	source TEXT NOT NULL,              -- the decision or document that set it
	recorded_on TEXT NOT NULL,         -- business date it was entered
	recorded_by TEXT NOT NULL,         -- username, 'seed' for the rows below
	UNIQUE (name, scope, effective_from)
) STRICT;

INSERT INTO param_value (name, scope, effective_from, value, source, recorded_on,
	recorded_by) VALUES
	-- R-FEE-1 entrustment fee, % per month of the balance with interest collected
	('fee.rate', '', '2015-01-01', '0.032',
		'Hợp đồng ủy thác NHCSXH – tổ chức hội (DOMAIN.md R-FEE-1)', '2015-01-01', 'seed'),
	('fee.rate', '12', '2015-01-01', '0.003',
		'Cho vay nhà ở xã hội: phí ủy thác tổ chức hội (DOMAIN.md R-FEE-2)', '2015-01-01',
		'seed'),
	('fee.tiers', '', '2015-01-01', '2:100,3:80,4:50',
		'Tỷ lệ trả phí theo tỷ lệ nợ quá hạn (DOMAIN.md R-FEE-1)', '2015-01-01', 'seed'),
	('fee.split', '', '2015-01-01', '84,9,4.5,2.5',
		'Phân chia phí ủy thác xã/huyện/tỉnh/trung ương (DOMAIN.md R-FEE-1)', '2015-01-01',
		'seed'),
	-- R-FEE-2 group leader commission, % per month of the balance with interest collected
	('commission.rate', '', '2015-01-01', '0.058',
		'Hoa hồng Tổ TK&VV trên dư nợ có thu được lãi (docs/parameters.md: xác nhận với '
		|| 'hợp đồng ủy thác hiện hành)', '2015-01-01', 'seed'),
	('commission.rate', '12', '2015-01-01', '0.005',
		'Cho vay nhà ở xã hội: hoa hồng trên dư nợ trong hạn (DOMAIN.md R-FEE-2)',
		'2015-01-01', 'seed'),
	-- R-SAV-1 member savings
	('savings.min_deposit', '', '2015-01-01', '5000',
		'Tiết kiệm tổ viên từ 5.000 đồng (DOMAIN.md R-SAV-1)', '2015-01-01', 'seed'),
	('savings.rate_ceiling', '', '2015-01-01', '0.5',
		'Trần lãi suất tiền gửi không kỳ hạn của NHNN (0,5 %/năm, Quyết định '
		|| '1124/QĐ-NHNN năm 2023)', '2015-01-01', 'seed'),
	-- DOMAIN.md §8 group score
	('score.weights', '', '2015-01-01', '30,20,20,15,10,5',
		'Chấm điểm Tổ TK&VV (DOMAIN.md §8)', '2015-01-01', 'seed'),
	('score.anchors', '', '2015-01-01', '0-5,100-80,100-80,100-80,10-0,100-50',
		'Chấm điểm Tổ TK&VV: mốc đủ điểm – không điểm (src/credit/score.h)', '2015-01-01',
		'seed'),
	('score.grades', '', '2015-01-01', '90,80,70',
		'Xếp loại Tốt/Khá/Trung bình (DOMAIN.md §8)', '2015-01-01', 'seed'),
	-- R-APP-4 the office check of an application
	('application.check_days', '', '2015-01-01', '3',
		'PGD thẩm định trong 3 ngày làm việc (DOMAIN.md R-APP-4)', '2015-01-01', 'seed');

-- The figures moved here from td_meta.
DELETE FROM td_meta WHERE key IN ('commission_share_ppm', 'savings_min_deposit');

-- Days that break the Monday-to-Friday week (R-APP-4's working days): a public holiday on
-- a weekday, or a weekend day worked in exchange (ngày làm bù). The seed rows follow the
-- Labour Code 2019 art. 112 and the yearly announcements; an administrator adds each year.
CREATE TABLE calendar_day (
	day TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working')),
	name TEXT NOT NULL CHECK (length(name) > 0),
	recorded_on TEXT NOT NULL,
	recorded_by TEXT NOT NULL
) STRICT;

INSERT INTO calendar_day (day, kind, name, recorded_on, recorded_by) VALUES
	('2022-01-03', 'holiday', 'Nghỉ bù Tết Dương lịch', '2015-01-01', 'seed'),
	('2022-01-31', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2022-02-01', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2022-02-02', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2022-02-03', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2022-02-04', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2022-04-11', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', '2015-01-01', 'seed'),
	('2022-05-02', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam', '2015-01-01', 'seed'),
	('2022-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động', '2015-01-01', 'seed'),
	('2022-09-01', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2022-09-02', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2023-01-02', 'holiday', 'Nghỉ bù Tết Dương lịch', '2015-01-01', 'seed'),
	('2023-01-20', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2023-01-23', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2023-01-24', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2023-01-25', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2023-01-26', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2023-05-01', 'holiday', 'Ngày Quốc tế Lao động', '2015-01-01', 'seed'),
	('2023-05-02', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', '2015-01-01', 'seed'),
	('2023-05-03', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam', '2015-01-01', 'seed'),
	('2023-09-01', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2023-09-04', 'holiday', 'Nghỉ bù Quốc khánh', '2015-01-01', 'seed'),
	('2024-01-01', 'holiday', 'Tết Dương lịch', '2015-01-01', 'seed'),
	('2024-02-08', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2024-02-09', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2024-02-12', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2024-02-13', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2024-02-14', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương', '2015-01-01', 'seed'),
	('2024-04-29', 'holiday', 'Nghỉ hoán đổi dịp 30/4 – 1/5', '2015-01-01', 'seed'),
	('2024-04-30', 'holiday', 'Ngày Giải phóng miền Nam', '2015-01-01', 'seed'),
	('2024-05-01', 'holiday', 'Ngày Quốc tế Lao động', '2015-01-01', 'seed'),
	('2024-05-04', 'working', 'Làm bù cho ngày 29/4/2024', '2015-01-01', 'seed'),
	('2024-09-02', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2024-09-03', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2025-01-01', 'holiday', 'Tết Dương lịch', '2015-01-01', 'seed'),
	('2025-01-27', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2025-01-28', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2025-01-29', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2025-01-30', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2025-01-31', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương', '2015-01-01', 'seed'),
	('2025-04-26', 'working', 'Làm bù cho ngày 2/5/2025', '2015-01-01', 'seed'),
	('2025-04-30', 'holiday', 'Ngày Giải phóng miền Nam', '2015-01-01', 'seed'),
	('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động', '2015-01-01', 'seed'),
	('2025-05-02', 'holiday', 'Nghỉ hoán đổi dịp 30/4 – 1/5', '2015-01-01', 'seed'),
	('2025-09-01', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2025-09-02', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2026-01-01', 'holiday', 'Tết Dương lịch', '2015-01-01', 'seed'),
	('2026-02-16', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2026-02-17', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2026-02-18', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2026-02-19', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2026-02-20', 'holiday', 'Tết Nguyên đán', '2015-01-01', 'seed'),
	('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', '2015-01-01', 'seed'),
	('2026-04-30', 'holiday', 'Ngày Giải phóng miền Nam', '2015-01-01', 'seed'),
	('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', '2015-01-01', 'seed'),
	('2026-09-01', 'holiday', 'Quốc khánh', '2015-01-01', 'seed'),
	('2026-09-02', 'holiday', 'Quốc khánh', '2015-01-01', 'seed');

-- A programme's terms as a history of versions (R-PRG-1): each row is what the programme
-- states from effective_from until the next row. programme keeps its identity (code, names,
-- validity, reporting tags); bank/programme_db.c loads the version in force on the day a
-- computation concerns. Existing programmes get their current terms as a first version.
CREATE TABLE programme_terms (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programme (id),
	effective_from TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('entrusted', 'direct')),
	term_kind TEXT NOT NULL CHECK (term_kind IN ('fixed', 'study', 'contract')),
	max_term_months INTEGER NOT NULL,
	grace_months INTEGER NOT NULL,
	statuses TEXT NOT NULL,
	flags_all TEXT NOT NULL,
	flags_any TEXT NOT NULL,
	collateral_above INTEGER,          -- đồng; NULL: never asks for collateral
	roll_forward INTEGER NOT NULL CHECK (roll_forward IN (0, 1)),
	overdue_pct INTEGER NOT NULL,
	convention TEXT NOT NULL CHECK (convention IN ('act365', '30e360')),
	source TEXT NOT NULL,
	recorded_on TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	UNIQUE (programme_id, effective_from)
) STRICT;

-- The caps of a version (credit/programme.h): per scope, the first whose when_flags the
-- application holds applies. scope 'borrower': what the household owes in the programme
-- with this loan; 'loan': this loan.
CREATE TABLE programme_terms_cap (
	id INTEGER PRIMARY KEY,
	terms_id INTEGER NOT NULL REFERENCES programme_terms (id),
	position INTEGER NOT NULL,
	scope TEXT NOT NULL CHECK (scope IN ('loan', 'borrower')),
	when_flags TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('fixed', 'per_study_month', 'contract_pct', 'per_job',
		'estimate_pct')),
	amount INTEGER NOT NULL,
	pct INTEGER NOT NULL,
	UNIQUE (terms_id, position)
) STRICT;

INSERT INTO programme_terms (programme_id, effective_from, channel, term_kind,
	max_term_months, grace_months, statuses, flags_all, flags_any, collateral_above,
	roll_forward, overdue_pct, convention, source, recorded_on, recorded_by)
	SELECT id, valid_from, channel, term_kind, max_term_months, grace_months, statuses,
		flags_all, flags_any, collateral_above, roll_forward, overdue_pct, convention,
		'', valid_from, 'migration 0019' FROM programme;
-- A fixed cap was per borrower in the rules all along; the others are per loan.
INSERT INTO programme_terms_cap (terms_id, position, scope, when_flags, kind, amount, pct)
	SELECT t.id, c.position, CASE WHEN c.kind = 'fixed' THEN 'borrower' ELSE 'loan' END,
		c.when_flags, c.kind, c.amount, c.pct
	FROM programme_cap c JOIN programme_terms t ON t.programme_id = c.programme_id;
DROP TABLE programme_cap;
ALTER TABLE programme DROP COLUMN channel;
ALTER TABLE programme DROP COLUMN term_kind;
ALTER TABLE programme DROP COLUMN max_term_months;
ALTER TABLE programme DROP COLUMN grace_months;
ALTER TABLE programme DROP COLUMN statuses;
ALTER TABLE programme DROP COLUMN flags_all;
ALTER TABLE programme DROP COLUMN flags_any;
ALTER TABLE programme DROP COLUMN collateral_above;
ALTER TABLE programme DROP COLUMN roll_forward;
ALTER TABLE programme DROP COLUMN overdue_pct;
ALTER TABLE programme DROP COLUMN convention;

-- The decision behind a rate row.
ALTER TABLE programme_rate ADD COLUMN source TEXT NOT NULL DEFAULT '';

-- An application's own figures for the caps (R-PRG-1) and its reporting tags (R-PRG-2):
-- jobs the loan creates or keeps (programme 3; also the impact figure), the works' estimate
-- and the collateral's value (programme 12, building), and the national target programme
-- and Resolution 11 tags, defaulting from the programme and changeable on the application.
ALTER TABLE loan_application ADD COLUMN jobs INTEGER NOT NULL DEFAULT 0 CHECK (jobs >= 0);
ALTER TABLE loan_application ADD COLUMN estimate_value INTEGER NOT NULL DEFAULT 0
	CHECK (estimate_value >= 0);
ALTER TABLE loan_application ADD COLUMN collateral_value INTEGER NOT NULL DEFAULT 0
	CHECK (collateral_value >= 0);
ALTER TABLE loan_application ADD COLUMN ntp_tag TEXT NOT NULL DEFAULT 'none'
	CHECK (ntp_tag IN ('new_rural', 'poverty_reduction', 'ethnic_minority', 'none'));
ALTER TABLE loan_application ADD COLUMN resolution_11 INTEGER NOT NULL DEFAULT 0
	CHECK (resolution_11 IN (0, 1));
UPDATE loan_application SET
	ntp_tag = (SELECT p.ntp_tag FROM programme p WHERE p.id = loan_application.programme_id),
	resolution_11 = (SELECT p.resolution_11 FROM programme p
		WHERE p.id = loan_application.programme_id);

-- A loan carries its own tags (copied from its application at disbursement), and what its
-- interest needs (R-RATE-1): rate_from, the day its rate was fixed (disbursement, or the
-- start of its last rollover cycle), and rate_flags, the borrower's flags then, for the
-- reduced rate of a later row that applies to outstanding balances.
ALTER TABLE loan ADD COLUMN ntp_tag TEXT NOT NULL DEFAULT 'none'
	CHECK (ntp_tag IN ('new_rural', 'poverty_reduction', 'ethnic_minority', 'none'));
ALTER TABLE loan ADD COLUMN resolution_11 INTEGER NOT NULL DEFAULT 0
	CHECK (resolution_11 IN (0, 1));
ALTER TABLE loan ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE loan ADD COLUMN jobs INTEGER NOT NULL DEFAULT 0 CHECK (jobs >= 0);
ALTER TABLE loan ADD COLUMN rate_from TEXT NOT NULL DEFAULT '';
ALTER TABLE loan ADD COLUMN rate_flags TEXT NOT NULL DEFAULT '';
UPDATE loan SET
	ntp_tag = (SELECT a.ntp_tag FROM loan_application a WHERE a.id = loan.application_id),
	resolution_11 = (SELECT a.resolution_11 FROM loan_application a
		WHERE a.id = loan.application_id),
	purpose = (SELECT a.purpose FROM loan_application a WHERE a.id = loan.application_id),
	rate_from = coalesce((SELECT max(e.decided_on) FROM loan_event e WHERE e.loan_id = loan.id
		AND e.kind = 'rollover'), disbursed_on),
	rate_flags = (SELECT CASE WHEN h.flags = '' THEN a.purpose_flags
		WHEN a.purpose_flags = '' THEN h.flags ELSE h.flags || ',' || a.purpose_flags END
		FROM loan_application a JOIN household h ON h.id = a.household_id
		WHERE a.id = loan.application_id);

-- Fees and commissions are now computed per programme (each has its own dated rate): the
-- parts of each accrual row, so that a month's figures can be retraced.
CREATE TABLE fee_accrual_part (
	accrual_id INTEGER NOT NULL REFERENCES fee_accrual (id),
	programme_code TEXT NOT NULL,
	base INTEGER NOT NULL CHECK (base >= 0),
	rate_ppm INTEGER NOT NULL CHECK (rate_ppm >= 0),
	PRIMARY KEY (accrual_id, programme_code)
) STRICT;
CREATE TABLE commission_accrual_part (
	accrual_id INTEGER NOT NULL REFERENCES commission_accrual (id),
	programme_code TEXT NOT NULL,
	base INTEGER NOT NULL CHECK (base >= 0),
	rate_ppm INTEGER NOT NULL CHECK (rate_ppm >= 0),
	PRIMARY KEY (accrual_id, programme_code)
) STRICT;
-- The commission's base (Σ of its parts); share_ppm stays for rows of the former method (a
-- share of the interest collected) and is 0 from this migration on.
ALTER TABLE commission_accrual ADD COLUMN base INTEGER NOT NULL DEFAULT 0 CHECK (base >= 0);
