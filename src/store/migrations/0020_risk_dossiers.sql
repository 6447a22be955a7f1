-- 0020: the group's vote and the commune's confirmation as the documents say them (R-APP-2,
-- R-APP-3), and risk handling in parts with its dossier (R-RISK-1, R-EXT-1; Decision
-- 50/2010/QĐ-TTg as amended by Decision 08/2021/QĐ-TTg); docs/applications.md,
-- docs/loans.md.

-- R-APP-2, minutes 10C/TD: the group's member households on the vote date (counted when the
-- vote was recorded), the members present and the abstentions; votes_for + votes_against +
-- votes_abstain <= vote_present <= vote_members. NULL for votes recorded before.
ALTER TABLE loan_application ADD COLUMN vote_members INTEGER;
ALTER TABLE loan_application ADD COLUMN vote_present INTEGER;
ALTER TABLE loan_application ADD COLUMN votes_abstain INTEGER;

-- R-APP-3: the commune People's Committee's document (confirm_on is its date): its number and
-- who signed it (name and title). confirm_by stays the bank user who recorded it. NULL for
-- confirmations recorded before.
ALTER TABLE loan_application ADD COLUMN confirm_doc_no TEXT;
ALTER TABLE loan_application ADD COLUMN confirm_signatory TEXT;
ALTER TABLE loan_application ADD COLUMN confirm_signatory_title TEXT;

-- R-RISK-1 in parts. frozen: the part of an instalment's unpaid principal that is frozen
-- (khoanh nợ): neither due nor overdue, bearing no interest, held in LOAN_FROZEN; the rest
-- (principal - paid_principal - frozen) runs as before. frozen_interest: interest owed that
-- is frozen, out of in_term_interest / overdue_interest. Written-off principal counts in
-- paid_principal (nothing of it is owed any more) and, in total, in written_off_principal;
-- written-off interest leaves the interest owed and is counted in written_off_interest.
ALTER TABLE loan_instalment ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen >= 0);
ALTER TABLE loan ADD COLUMN frozen_interest INTEGER NOT NULL DEFAULT 0
	CHECK (frozen_interest >= 0);
ALTER TABLE loan ADD COLUMN written_off_principal INTEGER NOT NULL DEFAULT 0
	CHECK (written_off_principal >= 0);
ALTER TABLE loan ADD COLUMN written_off_interest INTEGER NOT NULL DEFAULT 0
	CHECK (written_off_interest >= 0);

-- Loans frozen whole before this migration: all their unpaid principal and their interest
-- owed are frozen, which is what status 'frozen' meant (LOAN_FROZEN held the principal and
-- month end kept the interest out of the receivable).
UPDATE loan_instalment SET frozen = principal - paid_principal
	WHERE loan_id IN (SELECT id FROM loan WHERE status = 'frozen');
UPDATE loan SET frozen_interest = in_term_interest + overdue_interest, in_term_interest = 0,
	overdue_interest = 0 WHERE status = 'frozen';
-- Loans written off whole before: nothing of their principal is owed any more.
UPDATE loan_instalment SET paid_principal = principal,
	status = CASE WHEN status = 'rolled' THEN 'rolled' ELSE 'paid' END
	WHERE loan_id IN (SELECT id FROM loan WHERE status = 'written_off');
UPDATE loan SET written_off_principal = balance, balance = 0 WHERE status = 'written_off';

-- The loss assessment of a loan (biên bản xác định mức độ thiệt hại, R-RISK-1): the cause
-- (a fixed list, credit/risk.h), the loss as basis points of the loan's capital, the day and
-- the minutes' number, and the commune People's Committee's confirmation of the cause and
-- the loss (document number, date, signatory's name and title). It is the dossier that an
-- extension (loss under the threshold), a freeze (at or above it) or a write-off names.
CREATE TABLE loan_loss_assessment (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loan (id),
	cause TEXT NOT NULL CHECK (cause IN ('natural_disaster', 'epidemic', 'fire',
		'livestock_disease', 'crop_disease', 'death', 'missing', 'incapacity')),
	loss_bp INTEGER NOT NULL CHECK (loss_bp >= 0 AND loss_bp <= 10000),
	assessed_on TEXT NOT NULL,
	minutes_no TEXT NOT NULL,
	commune_doc_no TEXT NOT NULL,
	commune_doc_on TEXT NOT NULL,
	commune_signatory TEXT NOT NULL,
	commune_signatory_title TEXT NOT NULL,
	note TEXT,
	user_id INTEGER NOT NULL,         -- who recorded it (0: the command-line system actor)
	username TEXT NOT NULL,
	business_date TEXT NOT NULL
) STRICT;
CREATE INDEX loan_loss_assessment_loan ON loan_loss_assessment (loan_id);

-- A decision's dossier and parts: the assessment it rests on (extension, freeze, write-off),
-- the principal and interest it froze, unfroze or wrote off, and for risk decisions the
-- deciding level and body, which follow the loan's capital source (R-RISK-1: central capital,
-- the head office's board; local capital, the People's Committee that entrusted it). The
-- level column's CHECK predates commune-level decisions and cannot change without rebuilding
-- the table (a copy with its ids sets PostgreSQL's identity counter back), so a commune
-- People's Committee's decision keeps 'office' there (a local decision below the district);
-- deciding_level holds the level, and reads take it first. NULL / 0 on earlier events.
ALTER TABLE loan_event ADD COLUMN assessment_id INTEGER REFERENCES loan_loss_assessment (id);
ALTER TABLE loan_event ADD COLUMN principal INTEGER NOT NULL DEFAULT 0 CHECK (principal >= 0);
ALTER TABLE loan_event ADD COLUMN interest INTEGER NOT NULL DEFAULT 0 CHECK (interest >= 0);
ALTER TABLE loan_event ADD COLUMN deciding_level TEXT
	CHECK (deciding_level IN ('central', 'province', 'district', 'commune'));
ALTER TABLE loan_event ADD COLUMN deciding_body TEXT;

-- The loss thresholds of risk handling (R-RISK-1, R-EXT-1) as dated parameters
-- (docs/parameters.md): a loss under 40 % of the loan's capital is extended, from 40 % it may
-- be frozen; a write-off needs a personal cause or a total loss.
INSERT INTO param_value (name, scope, effective_from, value, source, recorded_on,
	recorded_by) VALUES
	('risk.freeze_loss', '', '2010-09-15', '40',
		'Quyết định 50/2010/QĐ-TTg, sửa đổi bởi Quyết định 08/2021/QĐ-TTg', '2015-01-01',
		'seed'),
	('risk.write_off_loss', '', '2010-09-15', '100',
		'Quyết định 50/2010/QĐ-TTg (trường hợp nặng nhất: thiệt hại toàn bộ)', '2015-01-01',
		'seed');
