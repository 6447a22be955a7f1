/*
 * The SQLite backend: one file, WAL, foreign keys on, busy_timeout 5 s, synchronous=FULL.
 * A file is tindung's when it carries TD_SQLITE_APPLICATION_ID; an empty file (no tables,
 * no application_id) is stamped on open.
 */
#include "store/store_impl.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

struct sqlite_store {
	struct td_store base;
	sqlite3 *db;
	bool tx_failed; /* a statement failed inside the open transaction */
};

struct sqlite_stmt {
	struct td_stmt base;
	sqlite3_stmt *stmt;
};

static const struct store_ops sqlite_ops;

static struct sqlite_store *store_of(struct td_store *s)
{
	assert(s->ops == &sqlite_ops);
	return (struct sqlite_store *)s;
}

static struct sqlite_stmt *stmt_of(struct td_stmt *st)
{
	assert(st->store->ops == &sqlite_ops);
	return (struct sqlite_stmt *)st;
}

static int map_code(int ext)
{
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return TD_EUNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return TD_EFOREIGN;
	}
	switch (ext & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TD_EBUSY;
	case SQLITE_NOMEM:
		return TD_ENOMEM;
	}
	return TD_EDB;
}

/* The connection's last error, mapped to our codes, with SQLite's message. */
static int db_error(sqlite3 *db, struct td_error *err)
{
	return td_error_set(err, map_code(sqlite3_extended_errcode(db)), "%s",
			    sqlite3_errmsg(db));
}

static int run(sqlite3 *db, const char *sql, struct td_error *err)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? TD_OK : db_error(db, err);
}

/* An error while opening: trouble with the file itself (cannot create, read-only, I/O)
 * becomes TD_EIO naming the path and the OS reason; anything else keeps its mapping. */
static int open_error(sqlite3 *db, const char *path, struct td_error *err)
{
	switch (sqlite3_extended_errcode(db) & 0xff) {
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_PERM:
		break;
	default:
		return db_error(db, err);
	}
	int os = sqlite3_system_errno(db);
	return td_error_set(err, TD_EIO, "cannot use database %s: %s", path,
			    os ? strerror(os) : sqlite3_errmsg(db));
}

/* Refuses a file that is not SQLite or belongs to another application; stamps a new one.
 * One statement, so one read transaction: another process creating tables between two
 * separate reads would make a fresh file look foreign. Two processes stamping the same
 * fresh file write the same value. */
static int claim_file(sqlite3 *db, const char *path, struct td_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db,
				    "SELECT (SELECT application_id FROM pragma_application_id), "
				    "(SELECT count(*) FROM sqlite_master WHERE type = 'table')",
				    -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		/* SQLITE_NOTADB: "file is not a database", from prepare or step */
		rc = (sqlite3_extended_errcode(db) & 0xff) == SQLITE_NOTADB
			     ? td_error_set(err, TD_ENOTDB, "%s is not a tindung database", path)
			     : open_error(db, path, err);
		sqlite3_finalize(stmt);
		return rc;
	}
	int64_t app_id = sqlite3_column_int64(stmt, 0), tables = sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	if (app_id == TD_SQLITE_APPLICATION_ID)
		return TD_OK;
	if (app_id != 0 || tables != 0)
		return td_error_set(err, TD_ENOTDB, "%s is not a tindung database", path);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", TD_SQLITE_APPLICATION_ID);
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? TD_OK
								     : open_error(db, path, err);
}

/* Switching a file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
 * instead of waiting when two connections try it together; so retry up to busy_timeout.
 * For a file that is already in WAL mode (every file this store made) it changes nothing. */
static int set_wal(sqlite3 *db, const char *path, struct td_error *err)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) != SQLITE_OK)
		return open_error(db, path, err);
	int step, waited = 0;
	while ((step = sqlite3_step(stmt)) == SQLITE_BUSY && waited < BUSY_TIMEOUT_MS) {
		sqlite3_reset(stmt);
		waited += sqlite3_sleep(10);
	}
	int rc = TD_OK;
	if (step != SQLITE_ROW)
		rc = open_error(db, path, err);
	else if (strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") != 0)
		rc = td_error_set(err, TD_EIO, "database %s cannot use WAL journal mode", path);
	sqlite3_finalize(stmt);
	return rc;
}

/* path is used in messages; db may be a file that is still being made. */
static int setup(sqlite3 *db, const char *path, struct td_error *err)
{
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (sqlite3_db_readonly(db, "main") == 1)
		return td_error_set(err, TD_EIO, "database %s is read-only: %s", path,
				    strerror(EACCES));
	int rc = claim_file(db, path, err);
	if (rc == TD_OK)
		rc = set_wal(db, path, err);
	if (rc == TD_OK)
		rc = run(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err);
	return rc;
}

/* Deletes a database file with its journal files. */
static void remove_files(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char name[PATH_MAX + 16];
		if (snprintf(name, sizeof name, "%s%s", path, suffixes[i]) < (int)sizeof name)
			unlink(name);
	}
}

/*
 * Makes a new database at path in one step: a stamped, WAL-mode file is prepared under a
 * temporary name beside it and then hard-linked into place. Another process thus never
 * opens a half-made file (two connections switching one new file to WAL collide), and a
 * failure leaves nothing behind. *created is false when another process made path first;
 * that file is then used.
 */
static int create_database(const char *path, bool *created, struct td_error *err)
{
	*created = false;
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.new-XXXXXX", path) >= (int)sizeof tmp)
		return td_error_set(err, TD_EIO, "cannot create database %s: %s", path,
				    strerror(ENAMETOOLONG));
	int fd = mkstemp(tmp); /* mode 0600: households' personal data */
	if (fd < 0)
		return td_error_set(err, TD_EIO, "cannot create database %s: %s", path,
				    strerror(errno));
	close(fd);
	sqlite3 *db = NULL;
	int rc = TD_OK;
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		rc = open_error(db, path, err);
	else
		rc = setup(db, path, err);
	sqlite3_close(db); /* the last connection: checkpoints and removes -wal and -shm */
	if (rc == TD_OK) {
		if (link(tmp, path) == 0)
			*created = true;
		else if (errno != EEXIST)
			rc = td_error_set(err, TD_EIO, "cannot create database %s: %s", path,
					  strerror(errno));
	}
	remove_files(tmp);
	return rc;
}

static int wrap(sqlite3 *db, struct td_store **out, struct td_error *err);

/* ":memory:": a private, empty database that lives as long as the connection (the
 * calculator reads the parameters a fresh database starts with from one). No WAL, no
 * file. */
static int open_memory(enum td_open_mode mode, struct td_store **out, struct td_error *err)
{
	if (mode != TD_OPEN_CREATE)
		return td_error_set(err, TD_EINVAL, "an in-memory database is always a new one");
	sqlite3 *db = NULL;
	int rc = TD_OK;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
	    SQLITE_OK)
		rc = td_error_set(err, TD_ENOMEM, "cannot open an in-memory database");
	if (rc == TD_OK) {
		sqlite3_extended_result_codes(db, 1);
		rc = claim_file(db, ":memory:", err);
	}
	if (rc == TD_OK)
		rc = run(db, "PRAGMA foreign_keys = ON", err);
	if (rc == TD_OK)
		return wrap(db, out, err);
	sqlite3_close(db);
	return rc;
}

int store_sqlite_open(const char *path, enum td_open_mode mode, struct td_store **out,
		      struct td_error *err)
{
	if (strcmp(path, ":memory:") == 0)
		return open_memory(mode, out, err);
	struct stat st;
	bool created = false;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			return td_error_set(err, TD_EIO, "cannot %s database %s: %s",
					    mode == TD_OPEN_CREATE ? "create" : "open", path,
					    strerror(errno));
		if (mode == TD_OPEN_EXISTING)
			return td_error_set(err, TD_EIO,
					    "database %s does not exist (run tindung init)", path);
		int rc = create_database(path, &created, err);
		if (rc)
			return rc;
	} else if (S_ISDIR(st.st_mode)) {
		return td_error_set(err, TD_EIO, "database %s is a directory, not a file", path);
	}

	/* Never SQLITE_OPEN_CREATE: a file that vanished meanwhile stays missing. */
	sqlite3 *db = NULL;
	int rc = TD_OK;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		int os = db ? sqlite3_system_errno(db) : 0;
		rc = td_error_set(err, TD_EIO, "cannot open database %s: %s", path,
				  os ? strerror(os) : db ? sqlite3_errmsg(db) : "out of memory");
	} else {
		rc = setup(db, path, err);
	}
	if (rc == TD_OK)
		rc = wrap(db, out, err);
	if (rc != TD_OK) {
		sqlite3_close(db);
		if (created)
			remove_files(path);
	}
	return rc;
}

/* The store around an open connection; the caller closes db on failure. */
static int wrap(sqlite3 *db, struct td_store **out, struct td_error *err)
{
	struct sqlite_store *s = calloc(1, sizeof *s);
	if (!s)
		return td_error_set(err, TD_ENOMEM, "out of memory opening a database");
	s->base.ops = &sqlite_ops;
	s->base.backend = TD_BACKEND_SQLITE;
	s->db = db;
	*out = &s->base;
	return TD_OK;
}

static void sq_close(struct td_store *base)
{
	struct sqlite_store *s = store_of(base);
	int rc = sqlite3_close(s->db);
	assert(rc == SQLITE_OK && "a statement was not finalized before store_close");
	(void)rc;
	free(s);
}

/*
 * A transaction in which a statement failed is doomed, as on PostgreSQL: further
 * statements and COMMIT are refused until ROLLBACK. SQLite alone would carry on, and bank
 * code that relied on that would work here and fail on PostgreSQL.
 */
static int fail(struct sqlite_store *s, struct td_error *err)
{
	int rc = db_error(s->db, err);
	if (!sqlite3_get_autocommit(s->db))
		s->tx_failed = true;
	return rc;
}

static int check_doomed(struct sqlite_store *s, struct td_error *err)
{
	if (!s->tx_failed || sqlite3_get_autocommit(s->db))
		return TD_OK;
	return td_error_set(err, TD_EDB, "current transaction is aborted, commands ignored "
					 "until end of transaction block");
}

static int sq_exec(struct td_store *base, const char *sql, struct td_error *err)
{
	struct sqlite_store *s = store_of(base);
	int rc = check_doomed(s, err);
	if (rc == TD_OK && sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		rc = fail(s, err);
	return rc;
}

/* BEGIN IMMEDIATE takes the write lock at once: a deferred transaction that reads and then
 * writes could fail with SQLITE_BUSY at its first write, which busy_timeout cannot wait out.
 * So writers queue (up to 5 s) and every transaction is serializable. */
static int sq_begin(struct td_store *base, enum store_tx kind, struct td_error *err)
{
	(void)kind;
	struct sqlite_store *s = store_of(base);
	if (!sqlite3_get_autocommit(s->db))
		return td_error_set(err, TD_EDB, "cannot start a transaction within a transaction");
	s->tx_failed = false;
	return run(s->db, "BEGIN IMMEDIATE", err);
}

static int sq_rollback(struct td_store *base)
{
	struct sqlite_store *s = store_of(base);
	s->tx_failed = false;
	if (sqlite3_get_autocommit(s->db))
		return TD_OK;
	return run(s->db, "ROLLBACK", NULL);
}

static bool sq_in_transaction(struct td_store *base)
{
	return !sqlite3_get_autocommit(store_of(base)->db);
}

static int sq_commit(struct td_store *base, struct td_error *err)
{
	struct sqlite_store *s = store_of(base);
	if (sqlite3_get_autocommit(s->db))
		return td_error_set(err, TD_EDB, "cannot commit - no transaction is active");
	if (s->tx_failed) {
		sq_rollback(base);
		return td_error_set(err, TD_EDB,
				    "transaction rolled back: a statement in it had failed");
	}
	int rc = run(s->db, "COMMIT", err);
	if (rc != TD_OK)
		sq_rollback(base); /* a failed COMMIT leaves it open; store.h says it ends */
	return rc;
}

static int sq_has_table(struct td_store *base, const char *name, bool *found,
			struct td_error *err)
{
	sqlite3 *db = store_of(base)->db;
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
			       -1, &stmt, NULL) != SQLITE_OK)
		return db_error(db, err);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(stmt);
	*found = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? TD_OK : db_error(db, err);
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_check_aborted(struct td_store *base, struct td_error *err)
{
	return check_doomed(store_of(base), err);
}

/* PERSISTENT: the statement will most likely be cached and reused (store.c), so SQLite
 * takes its memory from the heap rather than the connection's small lookaside pool. */
static int sq_prepare(struct td_store *base, const char *sql, struct td_stmt **out,
		      struct td_error *err)
{
	struct sqlite_store *s = store_of(base);
	sqlite3_stmt *stmt;
	const char *tail;
	int rc = check_doomed(s, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail) !=
	    SQLITE_OK)
		return fail(s, err);
	if (!stmt)
		return td_error_set(err, TD_EINTERNAL, "empty SQL statement");
	tail += strspn(tail, " \t\r\n;");
	if (*tail) {
		sqlite3_finalize(stmt);
		return td_error_set(err, TD_EDB,
				    "cannot prepare several SQL statements at once: %s", sql);
	}
	struct sqlite_stmt *st = calloc(1, sizeof *st);
	if (!st) {
		sqlite3_finalize(stmt);
		return td_error_set(err, TD_ENOMEM, "out of memory preparing SQL");
	}
	st->base.store = base;
	st->stmt = stmt;
	*out = &st->base;
	return TD_OK;
}

static int bind_result(struct td_stmt *base, int idx, int rc)
{
	if (rc == SQLITE_OK)
		return TD_OK;
	sqlite3_stmt *stmt = stmt_of(base)->stmt;
	if (rc == SQLITE_RANGE)
		return td_error_set(&base->bind_err, TD_EINTERNAL,
				    "SQL parameter %d out of range (statement has %d)", idx,
				    sqlite3_bind_parameter_count(stmt));
	if (rc == SQLITE_MISUSE)
		return td_error_set(&base->bind_err, TD_EINTERNAL,
				    "SQL parameter %d bound while the statement runs: "
				    "call stmt_reset first",
				    idx);
	return td_error_set(&base->bind_err, map_code(rc), "SQL parameter %d: %s", idx,
			    sqlite3_errstr(rc));
}

static int sq_bind_int64(struct td_stmt *base, int idx, int64_t v)
{
	return bind_result(base, idx, sqlite3_bind_int64(stmt_of(base)->stmt, idx, v));
}

static int sq_bind_text(struct td_stmt *base, int idx, const char *v)
{
	return bind_result(base, idx,
			   sqlite3_bind_text(stmt_of(base)->stmt, idx, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct td_stmt *base, int idx)
{
	return bind_result(base, idx, sqlite3_bind_null(stmt_of(base)->stmt, idx));
}

static int sq_step(struct td_stmt *base, struct td_error *err)
{
	struct sqlite_store *s = store_of(base->store);
	int rc = check_doomed(s, err);
	if (rc)
		return rc;
	rc = sqlite3_step(stmt_of(base)->stmt);
	if (rc == SQLITE_ROW)
		return TD_ROW;
	if (rc == SQLITE_DONE)
		return TD_DONE;
	return fail(s, err);
}

static int sq_column_count(struct td_stmt *base)
{
	return sqlite3_column_count(stmt_of(base)->stmt);
}

static sqlite3_stmt *column_stmt(struct td_stmt *base, int col)
{
	sqlite3_stmt *stmt = stmt_of(base)->stmt;
	assert(col >= 0 && col < sqlite3_data_count(stmt) && "no such column in the current row");
	return stmt;
}

static bool sq_column_is_null(struct td_stmt *base, int col)
{
	return sqlite3_column_type(column_stmt(base, col), col) == SQLITE_NULL;
}

static int64_t sq_column_int64(struct td_stmt *base, int col)
{
	return sqlite3_column_int64(column_stmt(base, col), col);
}

static const char *sq_column_text(struct td_stmt *base, int col)
{
	return (const char *)sqlite3_column_text(column_stmt(base, col), col);
}

/* sqlite3_reset answers the last step's error again; stmt_step reported it already, and
 * the statement is clean after the reset whatever it answers. */
static void sq_reset(struct td_stmt *base)
{
	sqlite3_reset(stmt_of(base)->stmt);
}

static void sq_clear_bindings(struct td_stmt *base)
{
	sqlite3_clear_bindings(stmt_of(base)->stmt);
}

static void sq_finalize(struct td_stmt *base)
{
	sqlite3_finalize(stmt_of(base)->stmt);
	free(base);
}

static const struct store_ops sqlite_ops = {
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.has_table = sq_has_table,
	.check_aborted = sq_check_aborted,
	.prepare = sq_prepare,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_count = sq_column_count,
	.column_is_null = sq_column_is_null,
	.column_int64 = sq_column_int64,
	.column_text = sq_column_text,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.finalize = sq_finalize,
};
