-- 0004: mass organisations, their chapters, entrustment contracts, and savings-and-loan
-- groups (DOMAIN.md §1, R-ORG-2, R-ORG-3, R-ORG-4). Periods are [from, to) in ISO dates;
-- to NULL means still open, as in 0002.

-- A chapter (chi hội / hội cấp xã, huyện, tỉnh) of one of the four organisations, at one
-- administrative unit. The organisations are fixed: women, farmers, veterans, youth
-- (their Vietnamese names live in src/bank/chapter.c). A commune chapter's parent is the
-- district chapter of the same organisation, a district chapter's the province chapter.
CREATE TABLE org_chapter (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL CHECK (org IN ('women', 'farmers', 'veterans', 'youth')),
	level TEXT NOT NULL CHECK (level IN ('commune', 'district', 'province')),
	admin_code TEXT NOT NULL,
	parent_id INTEGER REFERENCES org_chapter (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	name TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT
) STRICT;
-- One open chapter per organisation per administrative unit; overlapping closed periods
-- are refused by chapter.c.
CREATE UNIQUE INDEX org_chapter_open ON org_chapter (org, level, admin_code)
	WHERE valid_to IS NULL;
CREATE INDEX org_chapter_parent ON org_chapter (parent_id);
CREATE INDEX org_chapter_office ON org_chapter (office_id);

-- The entrustment contract (hợp đồng ủy thác) a bank office signs with a chapter.
CREATE TABLE entrustment_contract (
	id INTEGER PRIMARY KEY,
	chapter_id INTEGER NOT NULL REFERENCES org_chapter (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	number TEXT NOT NULL,
	signed_on TEXT NOT NULL,
	parties TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	UNIQUE (office_id, number)
) STRICT;
CREATE INDEX entrustment_contract_chapter ON entrustment_contract (chapter_id);

-- A savings-and-loan group (tổ tiết kiệm và vay vốn). chapter_id, point_id,
-- officer_staff_id and office_id are the latest assignment, denormalised from
-- group_version for scope checks and lists; questions about a date read group_version.
CREATE TABLE savings_group (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	village_id INTEGER NOT NULL REFERENCES village (id),
	chapter_id INTEGER NOT NULL REFERENCES org_chapter (id),
	point_id INTEGER NOT NULL REFERENCES commune_point (id),
	officer_staff_id INTEGER NOT NULL REFERENCES staff (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	decision_no TEXT NOT NULL,         -- founding approval of the commune People's Committee
	decision_date TEXT NOT NULL,
	founded_on TEXT NOT NULL,
	closed_on TEXT,
	close_reason TEXT CHECK (close_reason IN ('closed', 'merged')),
	merged_into INTEGER REFERENCES savings_group (id),
	split_from INTEGER REFERENCES savings_group (id)
) STRICT;
CREATE INDEX savings_group_chapter ON savings_group (chapter_id);
CREATE INDEX savings_group_office ON savings_group (office_id);
CREATE INDEX savings_group_village ON savings_group (village_id);

-- Who managed a group when: a move to another chapter, point or credit officer closes a
-- version and opens the next, so "as of D the group belonged to chapter X" stays true.
CREATE TABLE group_version (
	id INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES savings_group (id),
	chapter_id INTEGER NOT NULL REFERENCES org_chapter (id),
	point_id INTEGER NOT NULL REFERENCES commune_point (id),
	officer_staff_id INTEGER NOT NULL REFERENCES staff (id),
	office_id INTEGER NOT NULL REFERENCES office (id),
	reason TEXT NOT NULL CHECK (reason IN ('founded', 'moved')),
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	UNIQUE (group_id, valid_from)
) STRICT;
CREATE INDEX group_version_chapter ON group_version (chapter_id);

-- Membership periods. A role change ends one period and opens the next on the same date,
-- so a row is one household in one group with one role over [joined_on, left_on).
CREATE TABLE group_member (
	id INTEGER PRIMARY KEY,
	group_id INTEGER NOT NULL REFERENCES savings_group (id),
	household_id INTEGER NOT NULL REFERENCES household (id),
	role TEXT NOT NULL CHECK (role IN ('member', 'leader', 'deputy')),
	joined_on TEXT NOT NULL,
	left_on TEXT,
	left_reason TEXT CHECK (left_reason IN ('left', 'role', 'split', 'merged', 'closed'))
) STRICT;
-- A household is in at most one group at a time; a group has one leader and at most one
-- deputy at a time. group_member.c checks first and names the conflict; these are the
-- last line of defence.
CREATE UNIQUE INDEX group_member_household_open ON group_member (household_id)
	WHERE left_on IS NULL;
CREATE UNIQUE INDEX group_member_leader_open ON group_member (group_id)
	WHERE left_on IS NULL AND role = 'leader';
CREATE UNIQUE INDEX group_member_deputy_open ON group_member (group_id)
	WHERE left_on IS NULL AND role = 'deputy';
CREATE INDEX group_member_group ON group_member (group_id, joined_on);
