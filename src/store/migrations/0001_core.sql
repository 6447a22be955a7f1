-- 0001: the key/value settings every later part reads. td_schema_version is created by
-- the migrator itself (src/store/migrate.c).
-- app marks the database as tindung's; business_date is the bank's working day
-- (ISO YYYY-MM-DD), moved forward by day close, never taken from the clock.
CREATE TABLE td_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

INSERT INTO td_meta (key, value) VALUES ('app', 'tindung');
INSERT INTO td_meta (key, value) VALUES ('business_date', '2025-01-01');
