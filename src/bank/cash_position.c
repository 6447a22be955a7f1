/*
 * The cash position of an office subtree at the end of a day (R-CASH-1, bank/cash.h).
 * Everything comes from the ledger: a balance at the end of the day is the running total
 * (gl_balance) less what was booked after the day, so a report on a recent day reads only
 * that day's postings and the ones after it, never an office's whole history. The day's
 * vault postings are split by the kind of their entry: the moves of cash_transfer
 * (cash_to_session, cash_from_session, cash_remit, cash_receive) and the desk (the rest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/cash_internal.h"
#include "bank/org_util.h"

/* The accounts the report reads, in this order. */
enum { T_CASH, T_SESSION, T_BANK, T_INTER, T_COUNT };
static const char *const types[T_COUNT] = {"CASH", "CASH_SESSION", "BANK_DEPOSIT", "INTER_OFFICE"};
#define TYPES_IN "('CASH', 'CASH_SESSION', 'BANK_DEPOSIT', 'INTER_OFFICE')"

/* The figures of one office; the money columns in the order of the JSON keys. */
enum {
	F_OPENING,
	F_IN,
	F_OUT,
	F_TO_SESSIONS,
	F_FROM_SESSIONS,
	F_REMITTED,
	F_RECEIVED,
	F_CLOSING,
	F_AT_SESSIONS,
	F_BANK,
	F_INTER,
	F_EXCESS,
	F_COUNT
};
static const char *const keys[F_COUNT] = {
	"opening",  "cash_in", "cash_out",    "to_sessions",  "from_sessions", "remitted",
	"received", "closing", "at_sessions", "bank_deposit", "inter_office",  "excess",
};

struct pos {
	int64_t id;
	char code[48], name[160];
	bool has_limit;
	td_money limit;
	td_money now[T_COUNT];	 /* balances with everything booked */
	td_money later[T_COUNT]; /* net of what was booked after the day */
	td_money day[T_COUNT];	 /* net of the day */
	td_money f[F_COUNT];
};

struct report {
	struct pos *p;
	size_t n;
	int64_t root;
	td_date date;
	bool overflow;
};

static int type_index(const char *t)
{
	for (int i = 0; i < T_COUNT; i++)
		if (strcmp(t, types[i]) == 0)
			return i;
	return -1;
}

static struct pos *find(struct report *r, int64_t id)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->p[mid].id == id)
			return &r->p[mid];
		if (r->p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* *acc += v, remembering an overflow (amounts in đồng: never in practice). */
static void add(struct report *r, td_money *acc, td_money v)
{
	if (money_add(*acc, v, acc) != TD_OK)
		r->overflow = true;
}

/* The offices of the subtree that keep cash or have a limit, by id, with the limit of the
 * day. */
static int load_offices(struct td_store *s, struct report *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		ACCESS_SUBTREE_CTE
		"SELECT o.id, o.code, coalesce((SELECT v.name FROM office_version v WHERE "
		"v.office_id = o.id AND v.valid_from <= ? ORDER BY v.valid_from DESC LIMIT 1), "
		"o.code), (SELECT l.amount FROM vault_limit l WHERE l.office_id = o.id AND "
		"l.effective_from <= ? ORDER BY l.effective_from DESC LIMIT 1) FROM office o "
		"WHERE o.id IN (SELECT id FROM subtree) AND (EXISTS (SELECT 1 FROM gl_account a "
		"WHERE a.office_id = o.id AND a.type_code IN " TYPES_IN ") OR EXISTS (SELECT 1 "
		"FROM vault_limit l WHERE l.office_id = o.id AND l.effective_from <= ?)) "
		"ORDER BY o.id",
		"iddddd", r->root, r->date, r->date, r->date, r->date, r->date);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		struct pos *p = realloc(r->p, (r->n + 1) * sizeof *p);
		if (!p) {
			rc = td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
			break;
		}
		r->p = p;
		p = &r->p[r->n++];
		memset(p, 0, sizeof *p);
		p->id = stmt_column_int64(st, 0);
		snprintf(p->code, sizeof p->code, "%s", stmt_column_text(st, 1));
		snprintf(p->name, sizeof p->name, "%s", stmt_column_text(st, 2));
		p->has_limit = !stmt_column_is_null(st, 3);
		p->limit = p->has_limit ? stmt_column_int64(st, 3) : 0;
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The running totals of the accounts. */
static int load_now(struct td_store *s, struct report *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		ACCESS_SUBTREE_CTE
		"SELECT a.office_id, a.type_code, b.debit - b.credit FROM gl_account a "
		"JOIN gl_balance b ON b.account_id = a.id WHERE a.type_code IN " TYPES_IN
		" AND a.office_id IN (SELECT id FROM subtree) ORDER BY a.id",
		"idd", r->root, r->date, r->date);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		struct pos *p = find(r, stmt_column_int64(st, 0));
		int t = type_index(stmt_column_text(st, 1));
		if (p && t >= 0)
			add(r, &p->now[t], stmt_column_int64(st, 2));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* One group of the day's vault postings into the office's columns. */
static void classify(struct report *r, struct pos *p, const char *kind, td_money debit,
		     td_money credit)
{
	if (strcmp(kind, "cash_to_session") == 0)
		add(r, &p->f[F_TO_SESSIONS], credit - debit);
	else if (strcmp(kind, "cash_from_session") == 0)
		add(r, &p->f[F_FROM_SESSIONS], debit - credit);
	else if (strcmp(kind, "cash_remit") == 0)
		add(r, &p->f[F_REMITTED], credit - debit);
	else if (strcmp(kind, "cash_receive") == 0)
		add(r, &p->f[F_RECEIVED], debit - credit);
	else {
		add(r, &p->f[F_IN], debit);
		add(r, &p->f[F_OUT], credit);
	}
}

/* What was booked on the day and after it, by office, account and entry kind. */
static int load_movements(struct td_store *s, struct report *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		ACCESS_SUBTREE_CTE
		"SELECT a.office_id, a.type_code, e.kind, CASE WHEN e.business_date = ? THEN 1 "
		"ELSE 0 END, CAST(sum(p.debit) AS BIGINT), CAST(sum(p.credit) AS BIGINT) "
		"FROM gl_entry e JOIN gl_posting p ON p.entry_id = e.id JOIN gl_account a ON "
		"a.id = p.account_id WHERE e.business_date >= ? AND a.type_code IN " TYPES_IN
		" AND a.office_id IN (SELECT id FROM subtree) GROUP BY 1, 2, 3, 4 "
		"ORDER BY 1, 2, 3, 4",
		"idddd", r->root, r->date, r->date, r->date, r->date);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		struct pos *p = find(r, stmt_column_int64(st, 0));
		int t = type_index(stmt_column_text(st, 1));
		bool today = stmt_column_int64(st, 3) != 0;
		td_money d = stmt_column_int64(st, 4), c = stmt_column_int64(st, 5);
		rc = TD_OK;
		if (!p || t < 0)
			continue;
		add(r, today ? &p->day[t] : &p->later[t], d - c);
		if (today && t == T_CASH)
			classify(r, p, stmt_column_text(st, 2), d, c);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The balances at the end of the day, the opening vault and the excess. */
static void finish(struct report *r, struct pos *p)
{
	td_money end[T_COUNT];
	for (int t = 0; t < T_COUNT; t++)
		if (money_sub(p->now[t], p->later[t], &end[t]) != TD_OK)
			r->overflow = true;
	p->f[F_CLOSING] = end[T_CASH];
	if (money_sub(end[T_CASH], p->day[T_CASH], &p->f[F_OPENING]) != TD_OK)
		r->overflow = true;
	p->f[F_AT_SESSIONS] = end[T_SESSION];
	p->f[F_BANK] = end[T_BANK];
	p->f[F_INTER] = end[T_INTER];
	p->f[F_EXCESS] = p->has_limit && end[T_CASH] > p->limit ? end[T_CASH] - p->limit : 0;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct pos *)a)->code, ((const struct pos *)b)->code);
}

static json_t *money_object(const td_money *f)
{
	json_t *o = json_object();
	for (int k = 0; k < F_COUNT; k++)
		json_object_set_new(o, keys[k], json_integer(f[k]));
	return o;
}

static json_t *report_json(struct report *r, const char *root_code)
{
	qsort(r->p, r->n, sizeof *r->p, by_code);
	json_t *offices = json_array();
	td_money total[F_COUNT] = {0};
	int64_t over = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct pos *p = &r->p[i];
		json_t *o = money_object(p->f);
		json_object_set_new(o, "office_id", json_integer(p->id));
		json_object_set_new(o, "office_code", json_string(p->code));
		json_object_set_new(o, "office_name", json_string(p->name));
		json_object_set_new(o, "limit",
				    p->has_limit ? json_integer(p->limit) : json_null());
		json_array_append_new(offices, o);
		for (int k = 0; k < F_COUNT; k++)
			add(r, &total[k], p->f[k]);
		over += p->f[F_EXCESS] > 0;
	}
	char iso[TD_DATE_FMT_MAX];
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:I}", "office_id", (json_int_t)r->root,
			 "office_code", root_code, "date",
			 date_format_iso(r->date, iso, sizeof iso), "offices", offices, "total",
			 money_object(total), "over_limit", (json_int_t)over);
}

int cash_position(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		  struct td_error *err)
{
	*out = NULL;
	struct cash_office o = {0};
	struct td_scope scope = {office_id, 0, 0};
	struct report r = {.root = office_id, .date = date};
	int rc = cash_office_load(ctx->store, office_id, date, &o, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK)
		rc = load_offices(ctx->store, &r, err);
	if (rc == TD_OK)
		rc = load_now(ctx->store, &r, err);
	if (rc == TD_OK)
		rc = load_movements(ctx->store, &r, err);
	for (size_t i = 0; rc == TD_OK && i < r.n; i++)
		finish(&r, &r.p[i]);
	json_t *j = rc == TD_OK ? report_json(&r, o.code) : NULL;
	if (rc == TD_OK && r.overflow)
		rc = td_error_set(err, TD_EOVERFLOW, "số tiền vượt giới hạn khi cộng");
	if (rc == TD_OK && !j)
		rc = td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	free(r.p);
	if (rc == TD_OK)
		*out = j;
	else
		json_decref(j);
	return rc;
}
