/*
 * Households: search by name, citizen ID, village or savings group, in the actor's scope
 * (R-ORG-4). bank/household.h documents the API.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/household_internal.h"
#include "base/buf.h"
#include "base/fold.h"

/* A query assembled from optional filters, with its parameters in order. */
#define QARGS 24
struct hh_query {
	struct buf where;
	int n;
	struct {
		bool text;
		int64_t i;
		const char *t;
	} args[QARGS];
};

static void q_int(struct hh_query *q, int64_t v)
{
	assert(q->n < QARGS);
	q->args[q->n].text = false;
	q->args[q->n++].i = v;
}

static void q_text(struct hh_query *q, const char *v)
{
	assert(q->n < QARGS);
	q->args[q->n].text = true;
	q->args[q->n++].t = v;
}

static int q_bind(struct td_stmt *st, const struct hh_query *q, int first)
{
	for (int i = 0; i < q->n; i++)
		if (q->args[i].text)
			stmt_bind_text(st, first + i, q->args[i].t);
		else
			stmt_bind_int64(st, first + i, q->args[i].i);
	return first + q->n;
}

#define MEMBER_OPEN "m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)"

/* Filters of the query and of the actor's scope (R-ORG-4), appended to q. */
static int search_where(struct td_ctx *ctx, const struct household_query *hq, const char *day,
			char *pattern, struct hh_query *q, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	int rc = buf_append_str(&q->where, " WHERE h.office_id IN (SELECT id FROM subtree)");
	if (rc == TD_OK && a->chapter_id) {
		rc = buf_append_str(
			&q->where,
			" AND h.id IN (SELECT m.household_id FROM group_member m JOIN "
			"group_version g ON g.group_id = m.group_id WHERE g.chapter_id = "
			"? AND " HH_VALID_ON("g") " AND " MEMBER_OPEN ")");
		q_int(q, a->chapter_id), q_text(q, day), q_text(q, day);
		q_text(q, day), q_text(q, day);
	}
	int64_t groups[2] = {a->group_id, hq->group_id};
	for (int i = 0; i < 2 && rc == TD_OK; i++)
		if (groups[i]) {
			rc = buf_append_str(&q->where,
					    " AND h.id IN (SELECT m.household_id FROM "
					    "group_member m WHERE m.group_id = ? AND " MEMBER_OPEN
					    ")");
			q_int(q, groups[i]), q_text(q, day), q_text(q, day);
		}
	if (rc == TD_OK && pattern) {
		rc = buf_append_str(&q->where, " AND h.name_folded LIKE ? ESCAPE '\\'");
		q_text(q, pattern);
	}
	if (rc == TD_OK && hq->cccd && *hq->cccd) {
		rc = buf_append_str(&q->where, " AND h.cccd = ?");
		q_text(q, hq->cccd);
	}
	if (rc == TD_OK && hq->village_id) {
		rc = buf_append_str(&q->where, " AND h.village_id = ?");
		q_int(q, hq->village_id);
	}
	return rc == TD_OK ? TD_OK : td_error_set(err, rc, "household search query too long");
}

/* "%<folded q with % _ \ escaped>%", or NULL when q folds to nothing. */
static char *like_pattern(const char *q)
{
	size_t n = q ? strlen(q) : 0;
	char *folded = malloc(n + 1), *pat = malloc(2 * n + 3);
	char *out = NULL;
	if (folded && pat && fold_ascii(q ? q : "", n, folded) > 0) {
		size_t len = 0;
		pat[len++] = '%';
		for (const char *c = folded; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				pat[len++] = '\\';
			pat[len++] = *c;
		}
		pat[len++] = '%';
		pat[len] = '\0';
		out = pat, pat = NULL;
	}
	free(folded);
	free(pat);
	return out;
}

/* The number of households the filters select. */
static int search_count(struct td_ctx *ctx, const struct hh_query *q, const char *day,
			int64_t *total, struct td_error *err)
{
	char *sql = NULL;
	struct td_stmt *st = NULL;
	if (asprintf(&sql, "%sSELECT count(*) FROM household h%s", ACCESS_SUBTREE_CTE,
		     buf_str(&q->where)) < 0)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	int rc = org_prepare(ctx->store, &st, err, sql, "itt", ctx->actor->office_id, day, day);
	free(sql);
	if (rc != TD_OK)
		return rc;
	q_bind(st, q, 4);
	if ((rc = stmt_step(st, err)) == TD_ROW)
		*total = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc;
}

/* One page of the selected households, in name order, appended to items. */
static int search_page(struct td_ctx *ctx, const struct hh_query *q, const char *day, int64_t limit,
		       int64_t offset, json_t *items, struct td_error *err)
{
	char *sql = NULL;
	struct td_stmt *st = NULL;
	if (asprintf(&sql, "%s" HH_SELECT "%s ORDER BY h.name_folded, h.id LIMIT ? OFFSET ?",
		     ACCESS_SUBTREE_CTE, buf_str(&q->where)) < 0)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	int rc = org_prepare(ctx->store, &st, err, sql, "itttti", ctx->actor->office_id, day, day,
			     day, day, (int64_t)hh_business_year(ctx));
	free(sql);
	if (rc != TD_OK)
		return rc;
	int next = q_bind(st, q, 7);
	stmt_bind_int64(st, next, limit);
	stmt_bind_int64(st, next + 1, offset);
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		json_t *o = hh_json(st);
		if (!o || json_array_append_new(items, o) != 0) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
			break;
		}
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int search_run(struct td_ctx *ctx, const struct hh_query *q, const char *day, int64_t limit,
		      int64_t offset, json_t **out, struct td_error *err)
{
	int64_t total = 0;
	json_t *items = json_array();
	int rc = items ? search_count(ctx, q, day, &total, err)
		       : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		rc = search_page(ctx, q, day, limit, offset, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "limit", (json_int_t)limit, "offset", (json_int_t)offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

static int search_in_tx(struct td_ctx *ctx, const struct household_query *hq, json_t **out,
			struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope own = {a->office_id, a->chapter_id, a->group_id};
	int64_t limit = hq->limit;
	int rc = org_page_check(&limit, hq->offset, err);
	if (rc != TD_OK)
		return rc;
	rc = access_check(ctx, ACT_READ, &own, err);
	if (rc != TD_OK)
		return rc;
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	struct hh_query q = {0};
	buf_init(&q.where, 4096);
	char *pattern = hq->q ? like_pattern(hq->q) : NULL;
	if (hq->q && *hq->q && !pattern && strspn(hq->q, " \t") < strlen(hq->q))
		rc = td_error_set(err, TD_EINVAL, "q '%s' has no letter or digit to search for",
				  hq->q);
	if (rc == TD_OK)
		rc = search_where(ctx, hq, day, pattern, &q, err);
	if (rc == TD_OK)
		rc = search_run(ctx, &q, day, limit, hq->offset, out, err);
	free(pattern);
	buf_free(&q.where);
	return rc;
}

int household_search(struct td_ctx *ctx, const struct household_query *q, json_t **out,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = search_in_tx(ctx, q, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
