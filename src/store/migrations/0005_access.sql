-- 0005: who may sign in, their sessions, the audit trail and idempotency keys (issue 4,
-- R-ORG-4, R-GL-3). Times that bank code compares (lock-out, session expiry) are unix
-- seconds handed in by the caller; bank code never reads the clock.

-- Users. Every user works inside one office subtree (office_id is its root, R-ORG-4);
-- a union officer also inside one chapter, a group leader inside one group.
-- disabled: locked by an administrator until unlocked. locked_until: the automatic lock-out
-- after 5 failed sign-ins (unix seconds; 0 = not locked).
CREATE TABLE app_user (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	full_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'director', 'credit_officer', 'teller',
		'controller', 'union_officer', 'group_leader', 'board', 'auditor')),
	office_id INTEGER NOT NULL REFERENCES office (id),
	chapter_id INTEGER REFERENCES org_chapter (id),
	group_id INTEGER REFERENCES savings_group (id),
	password_hash TEXT NOT NULL,
	failed_attempts INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	CHECK (role <> 'union_officer' OR chapter_id IS NOT NULL),
	CHECK (role <> 'group_leader' OR group_id IS NOT NULL)
) STRICT;
CREATE INDEX app_user_office ON app_user (office_id);

-- Sessions: only the SHA-256 of the token is stored, so a copy of the table signs nobody
-- in. expires_at moves forward on every use (8 hours idle).
CREATE TABLE user_session (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX user_session_user ON user_session (user_id);

-- The audit trail: one row per write, chained by hash (bank/audit.c documents the
-- canonical form). Ids are assigned by audit_record as last id + 1, so a deleted row
-- leaves a gap that verification reports. office_id is the acting user's office, so that
-- an auditor reads the records of its subtree.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	username TEXT NOT NULL,
	office_id INTEGER NOT NULL,
	business_date TEXT NOT NULL,
	idem_key TEXT,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	before_json TEXT,
	after_json TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_user ON audit_log (user_id);

-- The head of the chain (last id and hash), so that deleting the newest records is
-- detected too: "<id>:<hash hex>".
INSERT INTO td_meta (key, value) VALUES ('audit_head',
	'0:0000000000000000000000000000000000000000000000000000000000000000');

-- Idempotency keys (R-GL-3): a write repeated with the same key answers what the first one
-- answered. The API middleware fills it; request_sha256 tells a replay from a different
-- request that reuses a key.
CREATE TABLE idempotency_key (
	user_id INTEGER NOT NULL,
	key TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	request_sha256 TEXT NOT NULL,
	status INTEGER NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
) STRICT;
