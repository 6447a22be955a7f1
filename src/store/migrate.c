/*
 * Schema migrations: the embedded files src/store/migrations/NNNN_name.sql, applied in
 * order, each in its own transaction together with its row in td_schema_version. The
 * transaction holds the migration lock (BEGIN IMMEDIATE on SQLite, an advisory lock on
 * PostgreSQL), so concurrent migrators apply each file once: the second one waits, then
 * reads the version the first one recorded.
 */
#include "store/store_impl.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const struct td_embedded td_migrations[];

/* Written in the migration dialect like the files, so it is translated the same way. */
static const char version_table[] =
	"CREATE TABLE IF NOT EXISTS td_schema_version (\n"
	"\tversion INTEGER PRIMARY KEY,\n"
	"\tname TEXT NOT NULL,\n"
	"\tapplied_at TEXT NOT NULL\n"
	") STRICT";

/* The number of "NNNN_name.sql", or -1 if path is not named that way. */
static int migration_number(const char *path)
{
	size_t digits = strspn(path, "0123456789");
	size_t len = strlen(path);
	if (digits == 0 || digits > 6 || path[digits] != '_' || len < digits + 6 ||
	    strcmp(path + len - 4, ".sql") != 0)
		return -1;
	return atoi(path);
}

int store_list_version(const struct td_embedded *list, int *version, struct td_error *err)
{
	int last = 0;
	for (const struct td_embedded *m = list; m->path; m++) {
		int n = migration_number(m->path);
		if (n < 0)
			return td_error_set(err, TD_EINTERNAL,
					    "migration %s: name must be NNNN_name.sql", m->path);
		if (n != last + 1)
			return td_error_set(err, TD_EINTERNAL,
					    "migration %s: expected number %04d (numbers start at "
					    "0001 and have no gaps)",
					    m->path, last + 1);
		last = n;
	}
	*version = last;
	return TD_OK;
}

int store_latest_version(void)
{
	int version = 0;
	int rc = store_list_version(td_migrations, &version, NULL);
	assert(rc == TD_OK && "embedded migrations are misnamed");
	(void)rc;
	return version;
}

int store_schema_version(struct td_store *s, int *version, struct td_error *err)
{
	bool found = false;
	int rc = s->ops->has_table(s, "td_schema_version", &found, err);
	int64_t v = 0;
	if (rc == TD_OK && found)
		rc = store_query_int64(s, "SELECT COALESCE(MAX(version), 0) FROM td_schema_version",
				       &v, err);
	if (rc == TD_OK)
		*version = (int)v;
	return rc;
}

static int record(struct td_store *s, const struct td_embedded *m, int number,
		  struct td_error *err)
{
	/* The one clock read in the store: when a migration ran, for people reading the table. */
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));

	struct td_stmt *st;
	int rc = store_prepare(s,
			       "INSERT INTO td_schema_version (version, name, applied_at) "
			       "VALUES (?, ?, ?)",
			       &st, err);
	if (rc)
		return rc;
	stmt_bind_int64(st, 1, number);
	stmt_bind_text(st, 2, m->path);
	stmt_bind_text(st, 3, now);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* One transaction: applies the migration after the recorded version, if any.
 * *done is set when there was nothing left to apply. */
static int apply_next(struct td_store *s, const struct td_embedded *list, int latest,
		      bool *done, struct td_error *err)
{
	int version = 0;
	int rc = s->ops->begin(s, STORE_TX_MIGRATE, err);
	if (rc)
		return rc;
	rc = store_exec_schema(s, version_table, err);
	if (rc == TD_OK)
		rc = store_schema_version(s, &version, err);
	if (rc == TD_OK && version > latest)
		rc = td_error_set(err, TD_ESCHEMA,
				  "database schema version %d is newer than this tindung, which "
				  "knows up to %d: use a newer tindung",
				  version, latest);
	if (rc != TD_OK) {
		store_rollback(s);
		return rc;
	}
	*done = version == latest;
	if (!*done) {
		const struct td_embedded *m = &list[version]; /* numbers run 1.. without gaps */
		rc = store_exec_schema(s, (const char *)m->data, err);
		if (rc == TD_OK)
			rc = record(s, m, version + 1, err);
		if (rc != TD_OK) {
			store_rollback(s);
			return err ? td_error_prefix(err, "migration %s: ", m->path) : rc;
		}
	}
	return store_commit(s, err);
}

int store_migrate_list(struct td_store *s, const struct td_embedded *list, int *applied,
		       struct td_error *err)
{
	int n = 0, latest = 0;
	int rc = store_list_version(list, &latest, err);
	for (bool done = false; rc == TD_OK && !done;) {
		rc = apply_next(s, list, latest, &done, err);
		if (rc == TD_OK && !done)
			n++;
	}
	if (applied)
		*applied = n;
	return rc;
}

int store_migrate(struct td_store *s, int *applied, struct td_error *err)
{
	return store_migrate_list(s, td_migrations, applied, err);
}
