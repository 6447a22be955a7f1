/*
 * The audit trail (R-GL-3): an append-only chain of records.
 *
 * Each record's hash is SHA-256 over a canonical form of all its fields, the previous
 * record's hash included:
 *   "tindung-audit-v1\n" then, for each field in the order of the table (id, at, user_id,
 *   username, office_id, business_date, idem_key, action, entity, entity_id, before_json,
 *   after_json, prev_hash): "<byte length>:<bytes>\n", or "-\n" for NULL. Integers are
 *   written in decimal.
 * Length prefixes make the form unambiguous (no field can imitate a separator). Ids are
 * consecutive from 1, and td_meta 'audit_head' holds "<last id>:<last hash>", so an edited
 * record breaks its own hash, a deleted one leaves a gap or breaks the next link, an
 * inserted one breaks the links around it, and a deleted tail disagrees with the head.
 *
 * Writers are serialised: SQLite's BEGIN IMMEDIATE already holds the one write lock; on
 * PostgreSQL an advisory transaction lock orders the writers, and reading the head FOR
 * UPDATE turns a writer whose snapshot predates another's commit into a serialisation
 * failure (TD_EBUSY: run the transaction again) instead of a fork of the chain.
 */
#include "bank/audit.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"

/* "tdaudit" in ASCII: the advisory lock key of the chain on PostgreSQL. */
#define AUDIT_PG_LOCK_KEY INT64_C(0x746461756469)

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static const char zero_hash[HASH_HEX] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* One record, as stored. Strings are borrowed. */
struct audit_row {
	int64_t id;
	const char *at;
	int64_t user_id;
	const char *username;
	int64_t office_id;
	const char *business_date;
	const char *idem_key;
	const char *action;
	const char *entity;
	int64_t entity_id;
	const char *before_json;
	const char *after_json;
	const char *prev_hash;
};

static void hash_field(crypto_hash_sha256_state *h, const char *v)
{
	if (!v) {
		crypto_hash_sha256_update(h, (const unsigned char *)"-\n", 2);
		return;
	}
	char len[32];
	size_t n = strlen(v);
	int k = snprintf(len, sizeof len, "%zu:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)k);
	crypto_hash_sha256_update(h, (const unsigned char *)v, n);
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

static void hash_int(crypto_hash_sha256_state *h, int64_t v)
{
	char s[32];
	snprintf(s, sizeof s, "%" PRId64, v);
	hash_field(h, s);
}

static void audit_hash(const struct audit_row *r, char out[HASH_HEX])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)"tindung-audit-v1\n", 17);
	hash_int(&h, r->id);
	hash_field(&h, r->at);
	hash_int(&h, r->user_id);
	hash_field(&h, r->username);
	hash_int(&h, r->office_id);
	hash_field(&h, r->business_date);
	hash_field(&h, r->idem_key);
	hash_field(&h, r->action);
	hash_field(&h, r->entity);
	hash_int(&h, r->entity_id);
	hash_field(&h, r->before_json);
	hash_field(&h, r->after_json);
	hash_field(&h, r->prev_hash);
	unsigned char bin[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, bin);
	sodium_bin2hex(out, HASH_HEX, bin, sizeof bin);
}

/* Parses td_meta's "<id>:<hash>"; false if it is not in that form. */
static bool head_parse(const char *v, int64_t *id, char hash[HASH_HEX])
{
	if (!v)
		return false;
	char *end = NULL;
	long long n = strtoll(v, &end, 10);
	if (end == v || *end != ':' || n < 0 || strlen(end + 1) != HASH_HEX - 1)
		return false;
	*id = n;
	memcpy(hash, end + 1, HASH_HEX);
	return true;
}

static int head_read(struct td_store *s, bool for_update, int64_t *id, char hash[HASH_HEX],
		     struct td_error *err)
{
	const char *sql = for_update
				  ? "SELECT value FROM td_meta WHERE key = 'audit_head' FOR UPDATE"
				  : "SELECT value FROM td_meta WHERE key = 'audit_head'";
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		rc = head_parse(stmt_column_text(st, 0), id, hash)
			     ? TD_OK
			     : td_error_set(
				       err, TD_ECONFLICT,
				       "td_meta audit_head is '%s', not '<id>:<sha256 hex>': the "
				       "chain head was edited",
				       stmt_column_text(st, 0) ? stmt_column_text(st, 0) : "NULL");
	else if (rc == TD_DONE)
		rc = td_error_set(err, TD_ECONFLICT,
				  "td_meta has no audit_head row: the chain head "
				  "was deleted");
	stmt_finalize(st);
	return rc;
}

/* Database time, UTC, ISO 8601 to the second: the same text on both backends. */
static int db_now(struct td_store *s, char *buf, size_t size, struct td_error *err)
{
	const char *sql = store_backend(s) == TD_BACKEND_POSTGRES
				  ? "SELECT to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', "
				    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
				  : "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(buf, size, "%s", stmt_column_text(st, 0));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "the database did not tell the time");
	}
	stmt_finalize(st);
	return rc;
}

static int run(struct td_store *s, const char *sql, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int row_insert(struct td_store *s, const struct audit_row *r, const char *hash,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s,
			       "INSERT INTO audit_log (id, at, user_id, username, office_id, "
			       "business_date, idem_key, action, entity, entity_id, before_json, "
			       "after_json, prev_hash, hash) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, r->id);
	stmt_bind_text(st, 2, r->at);
	stmt_bind_int64(st, 3, r->user_id);
	stmt_bind_text(st, 4, r->username);
	stmt_bind_int64(st, 5, r->office_id);
	stmt_bind_text(st, 6, r->business_date);
	stmt_bind_text(st, 7, r->idem_key);
	stmt_bind_text(st, 8, r->action);
	stmt_bind_text(st, 9, r->entity);
	stmt_bind_int64(st, 10, r->entity_id);
	stmt_bind_text(st, 11, r->before_json);
	stmt_bind_text(st, 12, r->after_json);
	stmt_bind_text(st, 13, r->prev_hash);
	stmt_bind_text(st, 14, hash);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int head_write(struct td_store *s, int64_t id, const char *hash, struct td_error *err)
{
	char v[64 + HASH_HEX];
	snprintf(v, sizeof v, "%" PRId64 ":%s", id, hash);
	struct td_stmt *st = NULL;
	int rc =
		store_prepare(s, "UPDATE td_meta SET value = ? WHERE key = 'audit_head'", &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, v);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int audit_record(struct td_ctx *ctx, const char *action, const char *entity, int64_t entity_id,
		 const char *before, const char *after, struct td_error *err)
{
	assert(ctx && ctx->store && ctx->actor);
	assert(ctx->tx_depth > 0 && "audit_record runs inside the use case's transaction");
	assert(action && *action && entity && *entity);
	struct td_store *s = ctx->store;
	bool pg = store_backend(s) == TD_BACKEND_POSTGRES;
	int rc = TD_OK;
	if (pg) {
		char lock[80];
		snprintf(lock, sizeof lock, "SELECT pg_advisory_xact_lock(%" PRId64 ")",
			 AUDIT_PG_LOCK_KEY);
		rc = run(s, lock, err);
	}
	int64_t last_id = 0;
	char prev[HASH_HEX], at[40], day[TD_DATE_FMT_MAX], hash[HASH_HEX];
	if (rc == TD_OK)
		rc = head_read(s, pg, &last_id, prev, err);
	if (rc == TD_OK)
		rc = db_now(s, at, sizeof at, err);
	if (rc != TD_OK)
		return rc;
	date_format_iso(ctx->business_date, day, sizeof day);
	const struct td_actor *a = ctx->actor;
	struct audit_row r = {
		.id = last_id + 1,
		.at = at,
		.user_id = a->user_id,
		.username = a->username,
		.office_id = a->office_id,
		.business_date = day,
		.idem_key = ctx->idem_key,
		.action = action,
		.entity = entity,
		.entity_id = entity_id,
		.before_json = before,
		.after_json = after,
		.prev_hash = prev,
	};
	audit_hash(&r, hash);
	rc = row_insert(s, &r, hash, err);
	if (rc == TD_OK)
		rc = head_write(s, r.id, hash, err);
	if (rc != TD_OK)
		td_error_prefix(err, "audit record for %s %s #%" PRId64 ": ", action, entity,
				entity_id);
	return rc;
}

static const char select_rows[] =
	"SELECT id, at, user_id, username, office_id, business_date, idem_key, action, entity, "
	"entity_id, before_json, after_json, prev_hash, hash FROM audit_log";

static void row_read(struct td_stmt *st, struct audit_row *r)
{
	r->id = stmt_column_int64(st, 0);
	r->at = stmt_column_text(st, 1);
	r->user_id = stmt_column_int64(st, 2);
	r->username = stmt_column_text(st, 3);
	r->office_id = stmt_column_int64(st, 4);
	r->business_date = stmt_column_text(st, 5);
	r->idem_key = stmt_column_text(st, 6);
	r->action = stmt_column_text(st, 7);
	r->entity = stmt_column_text(st, 8);
	r->entity_id = stmt_column_int64(st, 9);
	r->before_json = stmt_column_text(st, 10);
	r->after_json = stmt_column_text(st, 11);
	r->prev_hash = stmt_column_text(st, 12);
}

/* Checks one record against the one before it; fills res->reason on a break. */
static bool link_ok(const struct audit_row *r, const char *stored_hash, int64_t prev_id,
		    const char *prev_hash, struct audit_verify_result *res)
{
	char want[HASH_HEX];
	if (r->id != prev_id + 1) {
		if (r->id > prev_id + 1)
			snprintf(res->reason, sizeof res->reason,
				 "record %" PRId64 ": record %" PRId64 " is missing (deleted)",
				 r->id, prev_id + 1);
		else
			snprintf(res->reason, sizeof res->reason,
				 "record %" PRId64 ": id out of sequence after record %" PRId64,
				 r->id, prev_id);
		return false;
	}
	if (!r->prev_hash || strcmp(r->prev_hash, prev_hash) != 0) {
		snprintf(res->reason, sizeof res->reason,
			 "record %" PRId64 ": its prev_hash is not the hash of record %" PRId64
			 " (a record was deleted, inserted or edited before it)",
			 r->id, prev_id);
		return false;
	}
	audit_hash(r, want);
	if (!stored_hash || strcmp(stored_hash, want) != 0) {
		snprintf(res->reason, sizeof res->reason,
			 "record %" PRId64 ": its hash does not match its content (edited)", r->id);
		return false;
	}
	return true;
}

int audit_last_id(struct td_store *s, int64_t *out, struct td_error *err)
{
	return store_query_int64(s, "SELECT coalesce(max(id), 0) FROM audit_log", out, err);
}

int audit_verify(struct td_store *s, struct audit_verify_result *res, struct td_error *err)
{
	memset(res, 0, sizeof *res);
	int64_t head_id = 0;
	char head_hash[HASH_HEX], prev[HASH_HEX];
	int rc = head_read(s, false, &head_id, head_hash, err);
	if (rc != TD_OK) {
		snprintf(res->reason, sizeof res->reason, "%.250s", err->msg);
		return rc;
	}
	struct td_stmt *st = NULL;
	char sql[sizeof select_rows + 32];
	snprintf(sql, sizeof sql, "%s ORDER BY id", select_rows);
	rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	int64_t prev_id = 0;
	memcpy(prev, zero_hash, HASH_HEX);
	bool broken = false;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		struct audit_row r;
		row_read(st, &r);
		const char *stored = stmt_column_text(st, 13);
		if (!link_ok(&r, stored, prev_id, prev, res)) {
			res->first_bad = r.id;
			broken = true;
			break;
		}
		res->records++;
		prev_id = r.id;
		snprintf(prev, sizeof prev, "%s", stored);
	}
	stmt_finalize(st);
	if (rc != TD_ROW && rc != TD_DONE)
		return rc;
	if (!broken && (head_id != prev_id || strcmp(head_hash, prev) != 0)) {
		res->first_bad = prev_id + 1;
		snprintf(res->reason, sizeof res->reason,
			 "the chain ends at record %" PRId64 " but its head names record %" PRId64
			 " (the newest records were deleted, or the head was edited)",
			 prev_id, head_id);
		broken = true;
	}
	if (broken)
		return td_error_set(err, TD_ECONFLICT, "audit trail broken: %s", res->reason);
	return TD_OK;
}

/* The WHERE clause of audit_list and its text parameters, in order after the subtree's. */
struct list_query {
	char where[512];
	const char *params[8];
	int nparams;
};

static void where_add(struct list_query *q, const char *clause, const char *param)
{
	assert(q->nparams < (int)(sizeof q->params / sizeof *q->params));
	size_t len = strlen(q->where);
	snprintf(q->where + len, sizeof q->where - len, " AND %s", clause);
	q->params[q->nparams++] = param;
}

static int list_query_build(const struct audit_filter *f, char *entity_id, size_t size,
			    struct list_query *q, struct td_error *err)
{
	td_date d;
	snprintf(q->where, sizeof q->where, "WHERE office_id IN (SELECT id FROM subtree)");
	if (f->from && date_parse_iso(f->from, &d, err) != TD_OK)
		return td_error_prefix(err, "filter from: ");
	if (f->to && date_parse_iso(f->to, &d, err) != TD_OK)
		return td_error_prefix(err, "filter to: ");
	if (f->entity_id < 0)
		return td_error_set(err, TD_EINVAL, "filter entity_id %" PRId64 " is negative",
				    f->entity_id);
	if (f->entity)
		where_add(q, "entity = ?", f->entity);
	if (f->entity_id > 0) {
		snprintf(entity_id, size, "%" PRId64, f->entity_id);
		where_add(q, "entity_id = CAST(? AS BIGINT)", entity_id);
	}
	if (f->username)
		where_add(q, "username = ?", f->username);
	if (f->action)
		where_add(q, "action = ?", f->action);
	if (f->from)
		where_add(q, "business_date >= ?", f->from);
	if (f->to)
		where_add(q, "business_date <= ?", f->to);
	return TD_OK;
}

static int list_prepare(struct td_ctx *ctx, const char *sql, const struct list_query *q,
			struct td_stmt **st, struct td_error *err)
{
	int rc = store_prepare(ctx->store, sql, st, err);
	if (rc != TD_OK)
		return rc;
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	stmt_bind_int64(*st, 1, ctx->actor->office_id);
	stmt_bind_text(*st, 2, day);
	stmt_bind_text(*st, 3, day);
	for (int i = 0; i < q->nparams; i++)
		stmt_bind_text(*st, 4 + i, q->params[i]);
	return TD_OK;
}

/* A snapshot as JSON; text that is not JSON (written by hand?) stays a string. */
static json_t *snapshot(const char *text)
{
	if (!text)
		return json_null();
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(text);
}

static json_t *row_json(struct td_stmt *st)
{
	struct audit_row r;
	row_read(st, &r);
	json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:s?, s:s, s:s, s:I, s:o, s:o, s:s}",
			      "id", (json_int_t)r.id, "at", r.at, "user_id", (json_int_t)r.user_id,
			      "username", r.username, "office_id", (json_int_t)r.office_id,
			      "business_date", r.business_date, "idem_key", r.idem_key, "action",
			      r.action, "entity", r.entity, "entity_id", (json_int_t)r.entity_id,
			      "before", snapshot(r.before_json), "after", snapshot(r.after_json),
			      "hash", stmt_column_text(st, 13));
	return j;
}

static int list_total(struct td_ctx *ctx, const struct list_query *q, int64_t *total,
		      struct td_error *err)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "%sSELECT count(*) FROM audit_log %s", ACCESS_SUBTREE_CTE,
		 q->where);
	struct td_stmt *st = NULL;
	int rc = list_prepare(ctx, sql, q, &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*total = stmt_column_int64(st, 0);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "count returned no row");
	}
	stmt_finalize(st);
	return rc;
}

static int list_items(struct td_ctx *ctx, const struct list_query *q, int limit, int offset,
		      json_t *items, struct td_error *err)
{
	char sql[1536];
	snprintf(sql, sizeof sql, "%s%s %s ORDER BY id DESC LIMIT %d OFFSET %d", ACCESS_SUBTREE_CTE,
		 select_rows, q->where, limit, offset);
	struct td_stmt *st = NULL;
	int rc = list_prepare(ctx, sql, q, &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		json_t *j = row_json(st);
		if (!j || json_array_append_new(items, j) != 0) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory listing the audit trail");
			break;
		}
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int audit_list(struct td_ctx *ctx, const struct audit_filter *f, json_t **out, struct td_error *err)
{
	static const struct audit_filter none = {0};
	if (!f)
		f = &none;
	*out = NULL;
	struct td_scope own = {.office_id = ctx->actor->office_id};
	int rc = access_check(ctx, ACT_AUDIT_READ, &own, err);
	if (rc != TD_OK)
		return rc;
	int limit = f->limit ? f->limit : 50;
	if (limit < 1 || limit > 500 || f->offset < 0)
		return td_error_set(err, TD_EINVAL,
				    "limit must be 1..500 and offset >= 0 (got %d, %d)", f->limit,
				    f->offset);
	struct list_query q = {0};
	char entity_id[32];
	rc = list_query_build(f, entity_id, sizeof entity_id, &q, err);
	int64_t total = 0;
	if (rc == TD_OK)
		rc = list_total(ctx, &q, &total, err);
	json_t *items = json_array();
	if (!items)
		return td_error_set(err, TD_ENOMEM, "out of memory listing the audit trail");
	if (rc == TD_OK)
		rc = list_items(ctx, &q, limit, f->offset, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
			 "limit", limit, "offset", f->offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory listing the audit trail");
}
