/*
 * The PostgreSQL backend through libpq. Statements are server-side prepared (PQprepare,
 * one name per statement) and executed with text parameters; a result is fetched whole
 * and stepped through in memory. store.c caches statements, so a text is prepared once per
 * connection and each later use costs one round trip (PQexecPrepared). A database is
 * tindung's when it has no tables in its schema yet or has td_schema_version.
 */
#include "store/store_impl.h"

#include <assert.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOOLOID 16 /* pg_type.oid of boolean, stable since PostgreSQL 6 */
/* Key of the advisory lock that serializes migrations ("TDNG"). */
#define MIGRATION_LOCK "SELECT pg_advisory_xact_lock(1413762631)"
/* Finalized statements are DEALLOCATEd in batches of this many, outside transactions. */
#define GARBAGE_BATCH 16

struct pg_store {
	struct td_store base;
	PGconn *conn;
	char url[256]; /* without the password, for messages */
	unsigned long next_stmt;
	char (*garbage)[24]; /* names of finalized statements still prepared on the server */
	size_t ngarbage, capgarbage;
};

struct pg_stmt {
	struct td_stmt base;
	char name[24];
	char *sql;     /* as sent to the server ($1...), to prepare it again under a new name */
	bool executed; /* has run on the server at least once */
	bool replan;   /* the server's plan is stale: prepare again before the next execution */
	int nparams;
	char **values; /* nparams text values; NULL is SQL NULL (and unbound) */
	bool stepped;  /* stepped since the last reset: binding now is a mistake */
	PGresult *res; /* the whole result of the running execution, or NULL */
	int row;
};

static const struct store_ops pg_ops;

static struct pg_store *store_of(struct td_store *s)
{
	assert(s->ops == &pg_ops);
	return (struct pg_store *)s;
}

static struct pg_stmt *stmt_of(struct td_stmt *st)
{
	assert(st->store->ops == &pg_ops);
	return (struct pg_stmt *)st;
}

static int map_sqlstate(const char *state)
{
	if (!state)
		return TD_EDB;
	if (strcmp(state, "23505") == 0)
		return TD_EUNIQUE;
	if (strcmp(state, "23503") == 0)
		return TD_EFOREIGN;
	/* serialization failure, deadlock, lock not available: retry the transaction */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return TD_EBUSY;
	if (strncmp(state, "08", 2) == 0)
		return TD_ECONNECT;
	return TD_EDB;
}

/* Copies the first line of msg (libpq adds hints on further lines). */
static void first_line(const char *msg, char *buf, size_t size)
{
	size_t n = strcspn(msg, "\r\n");
	snprintf(buf, size, "%.*s", (int)n, msg);
}

/* The error of a failed command: our code from SQLSTATE, PostgreSQL's message + detail. */
static int result_error(struct pg_store *s, const PGresult *res, struct td_error *err)
{
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		char line[TD_ERROR_MSG_MAX];
		first_line(PQerrorMessage(s->conn), line, sizeof line);
		return td_error_set(err, TD_ECONNECT, "lost connection to %s: %s", s->url, line);
	}
	if (!res)
		return td_error_set(err, TD_ENOMEM, "out of memory talking to PostgreSQL");
	const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	int code = map_sqlstate(PQresultErrorField(res, PG_DIAG_SQLSTATE));
	if (!primary) {
		char line[TD_ERROR_MSG_MAX];
		first_line(PQresultErrorMessage(res), line, sizeof line);
		return td_error_set(err, code, "%s", line);
	}
	if (detail)
		return td_error_set(err, code, "%s (%s)", primary, detail);
	return td_error_set(err, code, "%s", primary);
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return res && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY);
}

static int run(struct pg_store *s, const char *sql, struct td_error *err)
{
	PGresult *res = PQexec(s->conn, sql);
	int rc = result_ok(res) ? TD_OK : result_error(s, res, err);
	PQclear(res);
	return rc;
}

/* Runs a query with text parameters and returns its only row's first column as int64. */
static int query_int(struct pg_store *s, const char *sql, int n, const char *const *params,
		     int64_t *out, struct td_error *err)
{
	PGresult *res = PQexecParams(s->conn, sql, n, NULL, params, NULL, NULL, 0);
	int rc = result_ok(res) ? TD_OK : result_error(s, res, err);
	if (rc == TD_OK)
		*out = PQntuples(res) > 0 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return rc;
}

/* Sends the DEALLOCATEs of finalized statements in one round trip, when no transaction is
 * open (so that a failure cannot abort one). Failure only leaks server memory until the
 * connection closes, so it is ignored. */
static void flush_garbage(struct pg_store *s, size_t threshold)
{
	if (s->ngarbage < threshold || s->ngarbage == 0 ||
	    PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		return;
	size_t size = s->ngarbage * (sizeof s->garbage[0] + 16) + 1;
	char *sql = malloc(size);
	if (!sql)
		return;
	size_t len = 0;
	for (size_t i = 0; i < s->ngarbage; i++)
		len += (size_t)snprintf(sql + len, size - len, "DEALLOCATE %s;", s->garbage[i]);
	PQclear(PQexec(s->conn, sql));
	free(sql);
	s->ngarbage = 0;
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and friends are not errors */
}

/* Refuses a database that already holds someone else's tables. */
static int claim_database(struct pg_store *s, struct td_error *err)
{
	int64_t tables = 0, ours = 0;
	const char *name = "td_schema_version";
	int rc = query_int(s,
			   "SELECT count(*) FROM pg_catalog.pg_tables "
			   "WHERE schemaname = current_schema()",
			   0, NULL, &tables, err);
	if (rc == TD_OK)
		rc = query_int(s,
			       "SELECT count(*) FROM pg_catalog.pg_tables "
			       "WHERE schemaname = current_schema() AND tablename = $1",
			       1, &name, &ours, err);
	if (rc == TD_OK && tables > 0 && ours == 0)
		rc = td_error_set(err, TD_ENOTDB, "%s is not a tindung database", s->url);
	return rc;
}

/* mode does not matter here: tindung cannot create a PostgreSQL database, only use an
 * empty one that an administrator made. */
int store_pg_open(const char *url, enum td_open_mode mode, struct td_store **out,
		  struct td_error *err)
{
	(void)mode;
	struct pg_store *s = calloc(1, sizeof *s);
	if (!s)
		return td_error_set(err, TD_ENOMEM, "out of memory opening a database");
	s->base.ops = &pg_ops;
	s->base.backend = TD_BACKEND_POSTGRES;
	store_url_redact(url, s->url, sizeof s->url);
	/* expand_dbname: url is parsed as a connection string; the name shows in pg_stat_activity */
	static const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const values[] = {url, "tindung", NULL};
	s->conn = PQconnectdbParams(keys, values, 1);
	int rc = TD_OK;
	if (!s->conn) {
		rc = td_error_set(err, TD_ENOMEM, "out of memory connecting to %s", s->url);
	} else if (PQstatus(s->conn) != CONNECTION_OK) {
		char line[TD_ERROR_MSG_MAX];
		first_line(PQerrorMessage(s->conn), line, sizeof line);
		rc = td_error_set(err, TD_ECONNECT, "cannot connect to %s: %s", s->url, line);
	} else {
		PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
		rc = run(s, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'", err);
		if (rc == TD_OK)
			rc = claim_database(s, err);
	}
	if (rc != TD_OK) {
		PQfinish(s->conn);
		free(s);
		return rc;
	}
	*out = &s->base;
	return TD_OK;
}

static void pg_close(struct td_store *base)
{
	struct pg_store *s = store_of(base);
	PQfinish(s->conn);
	free(s->garbage);
	free(s);
}

static int pg_exec(struct td_store *base, const char *sql, struct td_error *err)
{
	return run(store_of(base), sql, err);
}

/* Serializable, so that bank code needs no explicit locks and behaves as on SQLite, where
 * writers take turns; the price is TD_EBUSY (SQLSTATE 40001), to be met by a retry.
 * Migrations instead run read committed under an advisory lock: each statement then sees
 * what a migrator that held the lock before committed. */
static int pg_begin(struct td_store *base, enum store_tx kind, struct td_error *err)
{
	struct pg_store *s = store_of(base);
	/* PostgreSQL only warns about a nested BEGIN; refuse it as SQLite does. */
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		return td_error_set(err, TD_EDB, "cannot start a transaction within a transaction");
	if (kind == STORE_TX_MIGRATE)
		return run(s, "BEGIN; " MIGRATION_LOCK, err);
	return run(s, "BEGIN ISOLATION LEVEL SERIALIZABLE", err);
}

static int pg_rollback(struct td_store *base)
{
	struct pg_store *s = store_of(base);
	if (PQtransactionStatus(s->conn) == PQTRANS_IDLE)
		return TD_OK;
	int rc = run(s, "ROLLBACK", NULL);
	flush_garbage(s, GARBAGE_BATCH);
	return rc;
}

static bool pg_in_transaction(struct td_store *base)
{
	return PQtransactionStatus(store_of(base)->conn) != PQTRANS_IDLE;
}

static int pg_commit(struct td_store *base, struct td_error *err)
{
	struct pg_store *s = store_of(base);
	switch (PQtransactionStatus(s->conn)) {
	case PQTRANS_IDLE:
		return td_error_set(err, TD_EDB, "cannot commit - no transaction is active");
	case PQTRANS_INERROR:
		/* COMMIT would answer "ROLLBACK" without an error: say so instead. */
		pg_rollback(base);
		return td_error_set(err, TD_EDB,
				    "transaction rolled back: a statement in it had failed");
	default:
		break;
	}
	int rc = run(s, "COMMIT", err);
	flush_garbage(s, GARBAGE_BATCH);
	return rc;
}

static int pg_has_table(struct td_store *base, const char *name, bool *found,
			struct td_error *err)
{
	int64_t n = 0;
	int rc = query_int(store_of(base),
			   "SELECT count(*) FROM pg_catalog.pg_tables "
			   "WHERE schemaname = current_schema() AND tablename = $1",
			   1, &name, &n, err);
	*found = n > 0;
	return rc;
}

static int pg_check_aborted(struct td_store *base, struct td_error *err)
{
	if (PQtransactionStatus(store_of(base)->conn) != PQTRANS_INERROR)
		return TD_OK;
	return td_error_set(err, TD_EDB, "current transaction is aborted, commands ignored "
					 "until end of transaction block");
}

/* Remembers a name for DEALLOCATE by flush_garbage. Without memory to remember it, the
 * statement lives on the server until the connection closes. */
static void add_garbage(struct pg_store *s, const char *name)
{
	if (s->ngarbage == s->capgarbage) {
		size_t cap = s->capgarbage ? s->capgarbage * 2 : GARBAGE_BATCH;
		void *p = realloc(s->garbage, cap * sizeof s->garbage[0]);
		if (p) {
			s->garbage = p;
			s->capgarbage = cap;
		}
	}
	if (s->ngarbage < s->capgarbage)
		snprintf(s->garbage[s->ngarbage++], sizeof s->garbage[0], "%s", name);
}

/* Prepares st->sql on the server under a new name. */
static int server_prepare(struct pg_store *s, struct pg_stmt *st, struct td_error *err)
{
	flush_garbage(s, GARBAGE_BATCH);
	snprintf(st->name, sizeof st->name, "td_%lu", ++s->next_stmt);
	PGresult *res = PQprepare(s->conn, st->name, st->sql, st->nparams, NULL);
	int rc = result_ok(res) ? TD_OK : result_error(s, res, err);
	PQclear(res);
	return rc;
}

static void stmt_free(struct pg_stmt *st)
{
	if (!st)
		return;
	free(st->values);
	free(st->sql);
	free(st);
}

static int pg_prepare(struct td_store *base, const char *sql, struct td_stmt **out,
		      struct td_error *err)
{
	struct pg_store *s = store_of(base);
	if (sql[strspn(sql, " \t\r\n;")] == '\0')
		return td_error_set(err, TD_EINTERNAL, "empty SQL statement");
	struct pg_stmt *st = calloc(1, sizeof *st);
	if (st)
		st->sql = sqlrewrite_placeholders(sql, &st->nparams);
	if (st && st->sql && st->nparams > 0)
		st->values = calloc((size_t)st->nparams, sizeof *st->values);
	if (!st || !st->sql || (st->nparams > 0 && !st->values)) {
		stmt_free(st);
		return td_error_set(err, TD_ENOMEM, "out of memory preparing SQL");
	}
	int rc = server_prepare(s, st, err);
	if (rc != TD_OK) {
		stmt_free(st);
		return rc;
	}
	st->base.store = base;
	*out = &st->base;
	return TD_OK;
}

/* Takes ownership of v (NULL binds SQL NULL). */
static int set_param(struct td_stmt *base, int idx, char *v)
{
	struct pg_stmt *st = stmt_of(base);
	if (idx > st->nparams) {
		free(v);
		return td_error_set(&base->bind_err, TD_EINTERNAL,
				    "SQL parameter %d out of range (statement has %d)", idx,
				    st->nparams);
	}
	if (st->stepped) {
		free(v);
		return td_error_set(&base->bind_err, TD_EINTERNAL,
				    "SQL parameter %d bound while the statement runs: "
				    "call stmt_reset first",
				    idx);
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = v;
	return TD_OK;
}

static int pg_bind_int64(struct td_stmt *base, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%" PRId64, v);
	char *copy = strdup(buf);
	if (!copy)
		return td_error_set(&base->bind_err, TD_ENOMEM, "SQL parameter %d: out of memory",
				    idx);
	return set_param(base, idx, copy);
}

static int pg_bind_text(struct td_stmt *base, int idx, const char *v)
{
	char *copy = strdup(v);
	if (!copy)
		return td_error_set(&base->bind_err, TD_ENOMEM, "SQL parameter %d: out of memory",
				    idx);
	return set_param(base, idx, copy);
}

static int pg_bind_null(struct td_stmt *base, int idx)
{
	return set_param(base, idx, NULL);
}

/* "cached plan must not change result type" (feature_not_supported, the only reliable
 * part: messages may be translated): a statement that ran before, prepared and cached
 * before another connection added or dropped a column of a table it reads ("SELECT *"). */
static bool stale_plan(const struct pg_stmt *st, const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return st->executed && state && strcmp(state, "0A000") == 0;
}

/*
 * Runs st on the server; *out gets a successful result. A stale plan is prepared again:
 * at once when no transaction is open, so the caller never sees it; inside a transaction,
 * which the error has aborted, at the next execution, and the caller gets TD_EBUSY, whose
 * remedy (run the transaction again) is the right one.
 */
static int execute(struct pg_store *s, struct pg_stmt *st, PGresult **out,
		   struct td_error *err)
{
	bool autocommit = PQtransactionStatus(s->conn) == PQTRANS_IDLE;
	for (int attempt = 0;; attempt++) {
		if (st->replan) {
			add_garbage(s, st->name);
			int rc = server_prepare(s, st, err);
			if (rc != TD_OK)
				return rc;
			st->replan = false;
		}
		PGresult *res = PQexecPrepared(s->conn, st->name, st->nparams,
					       (const char *const *)st->values, NULL, NULL, 0);
		if (result_ok(res)) {
			st->executed = true;
			*out = res;
			return TD_OK;
		}
		st->replan = stale_plan(st, res);
		if (st->replan && autocommit && attempt == 0) {
			PQclear(res);
			continue;
		}
		struct td_error pg = {0};
		int rc = result_error(s, res, &pg);
		PQclear(res);
		if (st->replan && !autocommit && rc != TD_ECONNECT)
			return td_error_set(err, TD_EBUSY,
					    "a table changed under a prepared statement (%s): run "
					    "the transaction again",
					    pg.msg);
		return td_error_set(err, rc, "%s", pg.msg);
	}
}

/* Like sqlite3_step: the first step executes; stepping after TD_DONE executes again. */
static int pg_step(struct td_stmt *base, struct td_error *err)
{
	struct pg_stmt *st = stmt_of(base);
	struct pg_store *s = store_of(base->store);
	st->stepped = true;
	if (!st->res) {
		PGresult *res = NULL;
		int rc = execute(s, st, &res, err);
		if (rc != TD_OK)
			return rc;
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			PQclear(res);
			return TD_DONE;
		}
		st->res = res;
		st->row = -1;
	}
	if (++st->row < PQntuples(st->res))
		return TD_ROW;
	PQclear(st->res);
	st->res = NULL;
	return TD_DONE;
}

static int pg_column_count(struct td_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);
	return st->res ? PQnfields(st->res) : 0;
}

static const PGresult *column_res(struct td_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);
	assert(st->res && st->row >= 0 && st->row < PQntuples(st->res) &&
	       "no current row: stmt_step did not return TD_ROW");
	assert(col >= 0 && col < PQnfields(st->res) && "no such column");
	return st->res;
}

static bool pg_column_is_null(struct td_stmt *base, int col)
{
	const PGresult *res = column_res(base, col);
	return PQgetisnull(res, stmt_of(base)->row, col);
}

/* Reads like sqlite3_column_int64: NULL is 0, the leading integer of text otherwise;
 * booleans (a comparison in a select list) are 1 and 0 as in SQLite. */
static int64_t pg_column_int64(struct td_stmt *base, int col)
{
	const PGresult *res = column_res(base, col);
	int row = stmt_of(base)->row;
	if (PQgetisnull(res, row, col))
		return 0;
	const char *v = PQgetvalue(res, row, col);
	if (PQftype(res, col) == BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_column_text(struct td_stmt *base, int col)
{
	const PGresult *res = column_res(base, col);
	int row = stmt_of(base)->row;
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static void pg_reset(struct td_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);
	PQclear(st->res);
	st->res = NULL;
	st->stepped = false;
}

static void pg_clear_bindings(struct td_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_finalize(struct td_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);
	add_garbage(store_of(base->store), st->name);
	pg_reset(base);
	pg_clear_bindings(base);
	stmt_free(st);
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.has_table = pg_has_table,
	.check_aborted = pg_check_aborted,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_is_null = pg_column_is_null,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.finalize = pg_finalize,
};
