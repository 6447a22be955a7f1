/*
 * The credit officer's worklist (worklist.h, docs/worklist.md): three set-based queries
 * over the loans of the actor's scope, plus the points' next sessions. Counts and sums are
 * taken over every row; at most WORKLIST_ITEMS_MAX items are kept per section.
 */
#include "bank/worklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/loan_internal.h"
#include "bank/network.h"
#include "bank/org_util.h"
#include "credit/followup.h"

/* The columns every item starts with, and where they come from. */
#define ITEM_COLS                                                                                  \
	"l.id, l.household_id, h.head_name, l.group_id, g.code, h.commune_code, "                  \
	"l.programme_code, l.balance"
#define ITEM_FROM                                                                                  \
	"FROM loan l JOIN household h ON h.id = l.household_id LEFT JOIN savings_group g ON "      \
	"g.id = l.group_id"
#define N_ITEM 8
static const struct org_col item_cols[] = {
	{"loan_id", 'i'},      {"household_id", 'i'}, {"head_name", 't'}, {"group_id", 'i'},
	{"group_code", 't'},   {"commune_code", 't'}, {"programme", 't'}, {"balance", 'i'},
	{NULL, 0}};

/* What a run needs. */
struct wl {
	struct td_ctx *ctx;
	td_date on;
	int64_t officer; /* staff id, or 0 */
};

/* The actor's scope (as loan_list) and the officer's communes on the day. */
static void filter(const struct wl *w, struct org_query *q)
{
	org_query_actor_scope(q, w->ctx->actor, w->on, "l.office_id", "l.chapter_id",
			      "l.group_id");
	if (!w->officer)
		return;
	org_query_and(q, "h.commune_code IN (SELECT sc.commune_code FROM staff_commune sc WHERE "
			 "sc.staff_id = ? AND sc.valid_from <= ? AND (sc.valid_to IS NULL OR "
			 "sc.valid_to > ?))");
	org_query_arg_int(q, w->officer);
	org_query_arg_date(q, w->on);
	org_query_arg_date(q, w->on);
}

static json_t *section(void)
{
	return json_pack("{s:I, s:I, s:b, s:[]}", "loans", (json_int_t)0, "balance",
			 (json_int_t)0, "truncated", 0, "items");
}

/* Appends item to the section's items, or counts it as cut off. */
static void keep(json_t *sec, json_t *item, int *rc, struct td_error *err)
{
	json_t *items = json_object_get(sec, "items");
	if (!item) {
		*rc = td_error_set(err, TD_ENOMEM, "out of memory building the worklist");
		return;
	}
	if (json_array_size(items) < WORKLIST_ITEMS_MAX) {
		json_array_append_new(items, item);
		return;
	}
	json_decref(item);
	json_object_set_new(sec, "truncated", json_true());
}

static const char *iso(td_date d, char buf[TD_DATE_FMT_MAX])
{
	return date_format_iso(d, buf, TD_DATE_FMT_MAX);
}

/* ---- inactive 3 months (R-INACT-1) ---------------------------------------------------- */

static int inactive(const struct wl *w, json_t *out, struct td_error *err)
{
	struct org_query q;
	org_query_init(&q,
		       "SELECT " ITEM_COLS ", l.status, l.interest_from " ITEM_FROM
		       " WHERE l.inactive = 1 AND l.status IN ('in_term', 'overdue')",
		       "ORDER BY h.commune_code, g.code, h.name_folded, l.id");
	filter(w, &q);
	json_t *sec = section();
	json_object_set_new(sec, "interest_owed", json_integer(0));
	json_object_set_new(out, "inactive", sec);
	struct td_stmt *st = NULL;
	int rc = org_query_prepare(w->ctx->store, &q, &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		json_t *item = org_row_json(st, item_cols, 0);
		if (item) {
			json_object_set_new(item, "status", json_string(stmt_column_text(st, N_ITEM)));
			json_object_set_new(item, "interest_from",
					    json_string(stmt_column_text(st, N_ITEM + 1)));
		}
		org_json_add(sec, "loans", 1, &rc, err);
		org_json_add(sec, "balance", stmt_column_int64(st, N_ITEM - 1), &rc, err);
		keep(sec, item, &rc, err);
	}
	stmt_finalize(st);
	rc = rc == TD_DONE ? TD_OK : rc;
	/* The interest owed, loan by loan once the query is closed: a few hundred loans of a
	 * district at most are flagged. The section's sum covers the items kept. */
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(sec, "items"), i, item)
	{
		td_money owed = 0;
		if (rc == TD_OK)
			rc = loan_interest_owed(w->ctx->store,
						json_integer_value(json_object_get(item, "loan_id")),
						w->on, &owed, err);
		json_object_set_new(item, "interest_owed", json_integer(owed));
		org_json_add(sec, "interest_owed", owed, &rc, err);
	}
	return rc;
}

/* ---- overdue by age (R-DUE-1) --------------------------------------------------------- */

static json_t *buckets(void)
{
	json_t *a = json_array();
	for (int b = 0; a && b < FOLLOWUP_BUCKETS; b++) {
		const struct followup_bucket *k = &followup_buckets[b];
		json_array_append_new(
			a, json_pack("{s:s, s:i, s:o, s:I, s:I, s:I}", "bucket", k->code, "min_days",
				     k->min_days, "max_days",
				     k->max_days ? json_integer(k->max_days) : json_null(), "loans",
				     (json_int_t)0, "balance", (json_int_t)0, "overdue_principal",
				     (json_int_t)0));
	}
	return a;
}

/* The overdue item of the current row (columns N_ITEM: oldest due day, overdue principal)
 * and its bucket's sums. */
static json_t *overdue_item(const struct wl *w, struct td_stmt *st, json_t *sec, int *rc,
			    struct td_error *err)
{
	td_date oldest = org_col_date(st, N_ITEM);
	td_money principal = stmt_column_int64(st, N_ITEM + 1);
	td_money balance = stmt_column_int64(st, N_ITEM - 1);
	int days = followup_days_overdue(oldest, w->on);
	int b = followup_bucket_of(days);
	json_t *bucket = json_array_get(json_object_get(sec, "buckets"), (size_t)b);
	org_json_add(bucket, "loans", 1, rc, err);
	org_json_add(bucket, "balance", balance, rc, err);
	org_json_add(bucket, "overdue_principal", principal, rc, err);
	org_json_add(sec, "loans", 1, rc, err);
	org_json_add(sec, "balance", balance, rc, err);
	org_json_add(sec, "overdue_principal", principal, rc, err);
	json_t *item = org_row_json(st, item_cols, 0);
	char d[TD_DATE_FMT_MAX];
	if (item)
		json_object_update_new(item,
				       json_pack("{s:s, s:i, s:s, s:I}", "oldest_due_on",
						 iso(oldest, d), "days_overdue", days, "bucket",
						 followup_buckets[b].code, "overdue_principal",
						 (json_int_t)principal));
	return item;
}

static int overdue(const struct wl *w, json_t *out, struct td_error *err)
{
	struct org_query q;
	org_query_init(&q,
		       "SELECT " ITEM_COLS ", (SELECT min(i.due_on) FROM loan_instalment i WHERE "
		       "i.loan_id = l.id AND i.status = 'overdue'), (SELECT sum(i.principal - "
		       "i.paid_principal) FROM loan_instalment i WHERE i.loan_id = l.id AND "
		       "i.status = 'overdue') " ITEM_FROM " WHERE l.status = 'overdue'",
		       "ORDER BY 9, l.id");
	filter(w, &q);
	json_t *sec = section();
	json_object_set_new(sec, "overdue_principal", json_integer(0));
	json_object_set_new(sec, "buckets", buckets());
	json_object_set_new(out, "overdue", sec);
	struct td_stmt *st = NULL;
	int rc = org_query_prepare(w->ctx->store, &q, &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		if (stmt_column_is_null(st, N_ITEM))
			continue; /* status overdue with nothing overdue: not ours to judge */
		keep(sec, overdue_item(w, st, sec, &rc, err), &rc, err);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* ---- the next session of each point (R-SES-1) ----------------------------------------- */

/* A point and its session, in the order they will be shown. */
struct wpoint {
	td_date session;
	char code[64];
	json_t *obj;
};

struct points {
	struct wpoint *v;
	size_t n, cap;
	json_t *index; /* point id -> position in v */
};

/* The point's entry, made from columns first.. (id, code, name, meeting day) when new. */
static json_t *point_of(const struct wl *w, struct points *p, struct td_stmt *st, int first,
			int *rc, struct td_error *err)
{
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)stmt_column_int64(st, first));
	json_t *at = json_object_get(p->index, key);
	if (at)
		return p->v[json_integer_value(at)].obj;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 32;
		void *nv = realloc(p->v, cap * sizeof *p->v);
		if (!nv) {
			*rc = td_error_set(err, TD_ENOMEM, "out of memory building the worklist");
			return NULL;
		}
		p->v = nv;
		p->cap = cap;
	}
	int day = (int)stmt_column_int64(st, first + 3);
	struct wpoint *e = &p->v[p->n];
	e->session = followup_next_session(w->on, day);
	snprintf(e->code, sizeof e->code, "%s", stmt_column_text(st, first + 1));
	char d[TD_DATE_FMT_MAX];
	e->obj = json_pack("{s:I, s:s, s:s, s:i, s:s, s:I, s:I, s:b, s:[]}", "point_id",
			   (json_int_t)stmt_column_int64(st, first), "point_code", e->code,
			   "point_name", stmt_column_text(st, first + 2), "meeting_day", day,
			   "session_date", iso(e->session, d), "instalments", (json_int_t)0,
			   "principal_due", (json_int_t)0, "truncated", 0, "items");
	if (!e->obj || json_object_set_new(p->index, key, json_integer((json_int_t)p->n)) != 0) {
		json_decref(e->obj);
		*rc = td_error_set(err, TD_ENOMEM, "out of memory building the worklist");
		return NULL;
	}
	p->n++;
	return e->obj;
}

/* The points of the actor's office subtree open on the day (those serving one of the
 * officer's communes): listed even with nothing due. An actor confined to a chapter or a
 * group sees only the points of its items. */
static int scope_points(const struct wl *w, struct points *p, struct td_error *err)
{
	const struct td_actor *a = w->ctx->actor;
	if (a->chapter_id || a->group_id)
		return TD_OK;
	struct org_query q;
	org_query_init(&q,
		       "SELECT p.id, p.code, p.name, p.meeting_day FROM commune_point p WHERE "
		       "p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?)",
		       "ORDER BY p.code");
	org_query_arg_date(&q, w->on);
	org_query_arg_date(&q, w->on);
	org_query_subtree(&q, a->office_id, w->on);
	org_query_and(&q, "p.office_id IN (SELECT id FROM subtree)");
	if (w->officer) {
		org_query_and(&q, "EXISTS (SELECT 1 FROM commune_point_commune pc JOIN "
				  "staff_commune sc ON sc.commune_code = pc.commune_code WHERE "
				  "pc.point_id = p.id AND pc.valid_from <= ? AND (pc.valid_to IS "
				  "NULL OR pc.valid_to > ?) AND sc.staff_id = ? AND sc.valid_from <= "
				  "? AND (sc.valid_to IS NULL OR sc.valid_to > ?))");
		org_query_arg_date(&q, w->on);
		org_query_arg_date(&q, w->on);
		org_query_arg_int(&q, w->officer);
		org_query_arg_date(&q, w->on);
		org_query_arg_date(&q, w->on);
	}
	struct td_stmt *st = NULL;
	int rc = org_query_prepare(w->ctx->store, &q, &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		point_of(w, p, st, 0, &rc, err);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* Unsettled instalments due by the day after a month (no next session is later), each
 * kept when due by its point's next session. A group loan's point is its group's; a loan
 * without a group has the point serving its household's commune. */
static int due_items(const struct wl *w, struct points *p, struct td_error *err)
{
	struct org_query q;
	org_query_init(&q,
		       "SELECT " ITEM_COLS ", i.position, i.due_on, i.principal - "
		       "i.paid_principal, p.id, p.code, p.name, p.meeting_day FROM "
		       "loan_instalment i JOIN loan l ON l.id = i.loan_id JOIN household h ON "
		       "h.id = l.household_id LEFT JOIN savings_group g ON g.id = l.group_id JOIN "
		       "commune_point p ON p.id = coalesce(g.point_id, (SELECT min(pc.point_id) "
		       "FROM commune_point_commune pc WHERE pc.commune_code = h.commune_code AND "
		       "pc.valid_from <= ? AND (pc.valid_to IS NULL OR pc.valid_to > ?))) WHERE "
		       "i.status IN ('pending', 'due') AND i.due_on <= ? AND l.status IN "
		       "('in_term', 'overdue')",
		       "ORDER BY p.code, g.code, h.name_folded, l.id, i.position");
	org_query_arg_date(&q, w->on);
	org_query_arg_date(&q, w->on);
	org_query_arg_date(&q, date_add_months(w->on, 1));
	filter(w, &q);
	struct td_stmt *st = NULL;
	int rc = org_query_prepare(w->ctx->store, &q, &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		json_t *s = point_of(w, p, st, N_ITEM + 3, &rc, err);
		td_date due = org_col_date(st, N_ITEM + 1);
		td_date session = followup_next_session(w->on, (int)stmt_column_int64(st, N_ITEM + 6));
		if (!s || due > session)
			continue;
		td_money amount = stmt_column_int64(st, N_ITEM + 2);
		org_json_add(s, "instalments", 1, &rc, err);
		org_json_add(s, "principal_due", amount, &rc, err);
		json_t *item = org_row_json(st, item_cols, 0);
		char d[TD_DATE_FMT_MAX];
		if (item)
			json_object_update_new(
				item, json_pack("{s:I, s:s, s:I}", "position",
						(json_int_t)stmt_column_int64(st, N_ITEM),
						"due_on", iso(due, d), "principal_due",
						(json_int_t)amount));
		keep(s, item, &rc, err);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int by_session(const void *a, const void *b)
{
	const struct wpoint *x = a, *y = b;
	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	return strcmp(x->code, y->code);
}

static int sessions(const struct wl *w, json_t *out, struct td_error *err)
{
	struct points p = {.index = json_object()};
	int rc = p.index ? scope_points(w, &p, err)
			 : td_error_set(err, TD_ENOMEM, "out of memory building the worklist");
	if (rc == TD_OK)
		rc = due_items(w, &p, err);
	if (p.n)
		qsort(p.v, p.n, sizeof *p.v, by_session);
	json_t *arr = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(arr, p.v[i].obj);
	json_object_set_new(out, "sessions", arr);
	free(p.v);
	json_decref(p.index);
	return rc;
}

/* ---- the list --------------------------------------------------------------------------- */

/* The officer's staff record: readable by the actor, a credit officer. */
static int officer(struct td_ctx *ctx, int64_t id, td_date on, json_t *out,
		   struct td_error *err)
{
	json_t *s = NULL;
	int rc = staff_get(ctx, id, on, &s, err);
	if (rc != TD_OK)
		return rc;
	const char *role = json_string_value(json_object_get(s, "role"));
	if (!role || strcmp(role, "credit_officer") != 0)
		rc = td_error_set(err, TD_EINVAL,
				  "staff %lld (%s) is a %s, not a credit officer: the worklist "
				  "is of the communes a credit officer covers",
				  (long long)id, json_string_value(json_object_get(s, "full_name")),
				  role ? role : "?");
	else
		json_object_set_new(out, "officer",
				    json_pack("{s:I, s:O, s:O}", "staff_id", (json_int_t)id,
					      "full_name", json_object_get(s, "full_name"),
					      "communes", json_object_get(s, "communes")));
	json_decref(s);
	return rc;
}

static int check_day(const struct td_ctx *ctx, td_date on, struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (on < ctx->business_date)
		return td_error_set(err, TD_EINVAL,
				    "the worklist of %s is before the business date %s: it reads "
				    "the loans as they stand now and cannot go back",
				    date_format_vn(on, a, sizeof a),
				    date_format_vn(ctx->business_date, b, sizeof b));
	if (on - ctx->business_date > WORKLIST_DAYS_AHEAD)
		return td_error_set(err, TD_EINVAL,
				    "the worklist of %s is more than %d days after the business "
				    "date %s",
				    date_format_vn(on, a, sizeof a), WORKLIST_DAYS_AHEAD,
				    date_format_vn(ctx->business_date, b, sizeof b));
	return TD_OK;
}

int worklist_get(struct td_ctx *ctx, const struct worklist_input *in, json_t **out,
		 struct td_error *err)
{
	struct wl w = {ctx, in->on == ORG_NO_DATE ? ctx->business_date : in->on, in->officer_id};
	struct td_scope own = {ctx->actor->office_id, ctx->actor->chapter_id,
			       ctx->actor->group_id};
	int rc = access_check(ctx, ACT_READ, &own, err);
	if (rc == TD_OK)
		rc = check_day(ctx, w.on, err);
	char d[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:s, s:s, s:n}", "date", iso(w.on, d), "business_date",
			      iso(ctx->business_date, b), "officer");
	if (!j && rc == TD_OK)
		rc = td_error_set(err, TD_ENOMEM, "out of memory building the worklist");
	if (rc == TD_OK && w.officer)
		rc = officer(ctx, w.officer, w.on, j, err);
	if (rc == TD_OK)
		rc = inactive(&w, j, err);
	if (rc == TD_OK)
		rc = overdue(&w, j, err);
	if (rc == TD_OK)
		rc = sessions(&w, j, err);
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}
