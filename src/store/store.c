/* store.h's entry points: pick a backend from the URL, then dispatch through its vtable. */
#include "store/store_impl.h"

#include <assert.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
static bool is_scheme(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]) &&
		    (i == 0 || (!isdigit((unsigned char)s[i]) && !strchr("+-.", s[i]))))
			return false;
	return true;
}

static int open_backend(const char *url, enum td_open_mode mode, struct td_store **out,
			struct td_error *err)
{
	if (!url || !*url)
		return td_error_set(err, TD_EINVAL, "database URL is empty");
	if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://"))
		return store_pg_open(url, mode, out, err);
	const char *path = has_prefix(url, "sqlite:") ? url + strlen("sqlite:") : url;
	/* A "scheme://" we do not know is a typo, not a file name. */
	const char *sep = strstr(url, "://");
	if (path == url && sep && sep > url && is_scheme(url, (size_t)(sep - url)))
		return td_error_set(err, TD_EINVAL,
				    "database URL %s: unknown scheme (use a file path, "
				    "sqlite:PATH, postgres:// or postgresql://)",
				    url);
	if (!*path)
		return td_error_set(err, TD_EINVAL, "database URL %s has no file name", url);
	return store_sqlite_open(path, mode, out, err);
}

int store_open(const char *url, enum td_open_mode mode, struct td_store **out,
	       struct td_error *err)
{
	assert(out);
	*out = NULL;
	int rc = open_backend(url, mode, out, err);
	if (rc == TD_OK && stmt_cache_init(&(*out)->cache, STMT_CACHE_CAP) != TD_OK) {
		(*out)->ops->close(*out);
		*out = NULL;
		rc = td_error_set(err, TD_ENOMEM, "out of memory opening a database");
	}
	return rc;
}

static struct td_stmt *stmt_of_entry(struct stmt_cache_entry *e)
{
	return (struct td_stmt *)((char *)e - offsetof(struct td_stmt, cache));
}

/* Finalizes every free cached statement; those in use are finalized when released. */
static void cache_clear(struct td_store *s)
{
	stmt_cache_invalidate(&s->cache);
	for (struct stmt_cache_entry *e; (e = stmt_cache_pop(&s->cache));)
		s->ops->finalize(stmt_of_entry(e));
}

void store_retain(struct td_store *s)
{
	s->retained++;
}

void store_close(struct td_store *s)
{
	if (!s)
		return;
	if (s->retained > 0) {
		s->retained--;
		return;
	}
	cache_clear(s);
	assert(s->cache.count == 0 && "a statement was not finalized before store_close");
	stmt_cache_free(&s->cache);
	s->ops->close(s);
}

void store_cache_stats(struct td_store *s, struct store_cache_stats *out)
{
	out->count = s->cache.count;
	out->cap = s->cache.cap;
	out->hits = s->cache.hits;
	out->misses = s->cache.misses;
}

enum td_backend store_backend(const struct td_store *s)
{
	return s->backend;
}

const char *store_backend_name(const struct td_store *s)
{
	return s->backend == TD_BACKEND_SQLITE ? "sqlite" : "postgres";
}

int store_begin(struct td_store *s, struct td_error *err)
{
	return s->ops->begin(s, STORE_TX_WRITE, err);
}

int store_commit(struct td_store *s, struct td_error *err)
{
	return s->ops->commit(s, err);
}

int store_rollback(struct td_store *s)
{
	return s->ops->rollback(s);
}

bool store_in_transaction(struct td_store *s)
{
	return s->ops->in_transaction(s);
}

/* What store_exec runs may change the schema (migrations, tests): statements prepared
 * before are not reused after it. SQLite would re-prepare them by itself, but PostgreSQL
 * refuses to run a prepared "SELECT *" whose table gained a column. */
int store_exec(struct td_store *s, const char *sql, struct td_error *err)
{
	int rc = s->ops->exec(s, sql, err);
	cache_clear(s);
	return rc;
}

int store_exec_schema(struct td_store *s, const char *sql, struct td_error *err)
{
	if (s->backend != TD_BACKEND_POSTGRES)
		return store_exec(s, sql, err);
	char *pg = sqlrewrite_ddl_pg(sql);
	if (!pg)
		return td_error_set(err, TD_ENOMEM, "out of memory translating SQL");
	int rc = store_exec(s, pg, err);
	free(pg);
	return rc;
}

/* PostgreSQL switches a prepared statement to a generic plan after five runs; for the
 * batched statements (a lookup of 256 citizen IDs, a 64-row INSERT) that plan was 300 times
 * slower than planning for the values (the poverty import, docs/PERFORMANCE.md), so they
 * are prepared afresh each time. Small statements, the frequent ones, are cached. */
#define STMT_CACHE_MAX_PARAMS_PG 32

static bool cacheable(const struct td_store *s, const char *sql)
{
	if (s->backend != TD_BACKEND_POSTGRES)
		return true;
	int n = 0;
	for (const char *p = sql; *p; p++)
		if (*p == '?' && ++n > STMT_CACHE_MAX_PARAMS_PG)
			return false;
	return true;
}

/* A free cached statement of the same text, else a new one, cached if there is room.
 * A doomed transaction refuses both, as PostgreSQL refuses a PREPARE there. */
int store_prepare(struct td_store *s, const char *sql, struct td_stmt **out,
		  struct td_error *err)
{
	assert(out);
	*out = NULL;
	int rc = s->ops->check_aborted(s, err);
	if (rc)
		return rc;
	bool cache = cacheable(s, sql);
	struct stmt_cache_entry *e = cache ? stmt_cache_take(&s->cache, sql) : NULL;
	if (e) {
		*out = stmt_of_entry(e);
		return TD_OK;
	}
	rc = s->ops->prepare(s, sql, out, err);
	if (rc || !cache)
		return rc;
	struct stmt_cache_entry *evicted = NULL;
	stmt_cache_add(&s->cache, &(*out)->cache, sql, &evicted);
	if (evicted)
		s->ops->finalize(stmt_of_entry(evicted));
	return TD_OK;
}

static int check_index(struct td_stmt *st, int idx)
{
	if (idx >= 1)
		return TD_OK;
	return td_error_set(&st->bind_err, TD_EINTERNAL,
			    "SQL parameter %d: parameters are numbered from 1", idx);
}

int stmt_bind_int64(struct td_stmt *st, int idx, int64_t v)
{
	int rc = check_index(st, idx);
	return rc ? rc : st->store->ops->bind_int64(st, idx, v);
}

int stmt_bind_text(struct td_stmt *st, int idx, const char *v)
{
	int rc = check_index(st, idx);
	if (rc)
		return rc;
	return v ? st->store->ops->bind_text(st, idx, v) : st->store->ops->bind_null(st, idx);
}

int stmt_bind_null(struct td_stmt *st, int idx)
{
	int rc = check_index(st, idx);
	return rc ? rc : st->store->ops->bind_null(st, idx);
}

int stmt_step(struct td_stmt *st, struct td_error *err)
{
	if (st->bind_err.code != TD_OK)
		return td_error_set(err, st->bind_err.code, "%s", st->bind_err.msg);
	return st->store->ops->step(st, err);
}

int stmt_column_count(struct td_stmt *st)
{
	return st->store->ops->column_count(st);
}

bool stmt_column_is_null(struct td_stmt *st, int col)
{
	return st->store->ops->column_is_null(st, col);
}

int64_t stmt_column_int64(struct td_stmt *st, int col)
{
	return st->store->ops->column_int64(st, col);
}

const char *stmt_column_text(struct td_stmt *st, int col)
{
	return st->store->ops->column_text(st, col);
}

int stmt_reset(struct td_stmt *st)
{
	st->store->ops->reset(st);
	return TD_OK;
}

int stmt_clear_bindings(struct td_stmt *st)
{
	td_error_clear(&st->bind_err);
	st->store->ops->clear_bindings(st);
	return TD_OK;
}

/* A cached statement goes back to the cache as good as new: reset (its last error, if
 * any, was reported by stmt_step already), no bindings, no bind error. */
void stmt_finalize(struct td_stmt *st)
{
	if (!st)
		return;
	struct td_store *s = st->store;
	if (st->cache.sql) {
		s->ops->reset(st);
		s->ops->clear_bindings(st);
		td_error_clear(&st->bind_err);
		if (stmt_cache_release(&s->cache, &st->cache))
			return;
	}
	s->ops->finalize(st);
}

int store_query_int64(struct td_store *s, const char *sql, int64_t *out, struct td_error *err)
{
	struct td_stmt *st;
	int rc = store_prepare(s, sql, &st, err);
	if (rc)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW && !stmt_column_is_null(st, 0)) {
		*out = stmt_column_int64(st, 0);
		rc = TD_OK;
	} else if (rc == TD_ROW || rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "query returned no value: %s", sql);
	}
	stmt_finalize(st);
	return rc;
}

/* Removes the text from start up to (not including) end. */
static void cut(char *start, const char *end)
{
	memmove(start, end, strlen(end) + 1);
}

void store_url_redact(const char *url, char *buf, size_t size)
{
	assert(size > 0);
	snprintf(buf, size, "%s", url);
	/* userinfo: scheme://user:secret@host -> scheme://user@host */
	char *auth = strstr(buf, "://");
	if (auth) {
		auth += 3;
		char *auth_end = auth + strcspn(auth, "/?#");
		char *at = NULL;
		for (char *p = auth; p < auth_end; p++)
			if (*p == '@')
				at = p;
		char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon)
			cut(colon, at);
	}
	/* query: ?password=secret&x=1 -> ?x=1; sep points at the '?' or '&' before a param */
	for (char *sep = strchr(buf, '?'); sep;) {
		char *param = sep + 1;
		char *next = strchr(param, '&');
		if (strncmp(param, "password=", 9) != 0) {
			sep = next;
		} else if (next) {
			cut(param, next + 1);
		} else {
			*sep = '\0';
			sep = NULL;
		}
	}
}
