/*
 * Posting and reversing entries (R-GL-1). The tables gl_entry and gl_posting are only ever
 * inserted into; gl_balance is the running-totals cache, updated in the same transaction.
 */
#include "bank/ledger.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/chart.h"
#include "bank/org_util.h"

/* An entry has few lines; the bound keeps per-office sums on the stack. */
#define LEDGER_LINES_MAX 64

static int check_sides(const struct ledger_line *l, int i, struct td_error *err)
{
	bool debit = l->debit > 0 && l->credit == 0;
	bool credit = l->credit > 0 && l->debit == 0;
	if (debit || credit)
		return TD_OK;
	return td_error_set(err, TD_EINVAL,
			    "line %d (%s): debit %lld and credit %lld; one side must be "
			    "positive and the other zero",
			    i + 1, l->type ? l->type : "?", (long long)l->debit,
			    (long long)l->credit);
}

/* Sums of the lines of office (0: all lines). */
static int sum_lines(const struct ledger_line *lines, int n, int64_t office, td_money *debit,
		     td_money *credit, struct td_error *err)
{
	*debit = *credit = 0;
	for (int i = 0; i < n; i++) {
		if (office && lines[i].office_id != office)
			continue;
		if (money_add(*debit, lines[i].debit, debit) != TD_OK ||
		    money_add(*credit, lines[i].credit, credit) != TD_OK)
			return td_error_set(err, TD_EOVERFLOW,
					    "line %d: the entry's total exceeds the largest amount",
					    i + 1);
	}
	return TD_OK;
}

/* Sides, sums, and which office (if any) does not balance: *bad_office = 0 when the entry
 * balances in total and per office, -1 when the total does not. */
static int check_balance(const struct ledger_line *lines, int n, int64_t *bad_office,
			 td_money *d, td_money *c, struct td_error *err)
{
	int rc = TD_OK;
	for (int i = 0; i < n && rc == TD_OK; i++)
		rc = check_sides(&lines[i], i, err);
	if (rc == TD_OK)
		rc = sum_lines(lines, n, 0, d, c, err);
	*bad_office = rc == TD_OK && *d != *c ? -1 : 0;
	for (int i = 0; i < n && rc == TD_OK && *bad_office == 0; i++) {
		rc = sum_lines(lines, n, lines[i].office_id, d, c, err);
		if (rc == TD_OK && *d != *c)
			*bad_office = lines[i].office_id;
	}
	return rc;
}

int ledger_check_lines(const struct ledger_line *lines, int n, struct td_error *err)
{
	if (n < 2 || n > LEDGER_LINES_MAX)
		return td_error_set(err, TD_EINVAL, "an entry has 2 to %d lines, not %d",
				    LEDGER_LINES_MAX, n);
	int64_t bad = 0;
	td_money d = 0, c = 0;
	int rc = check_balance(lines, n, &bad, &d, &c, err);
	if (rc != TD_OK)
		return rc;
	char ds[TD_MONEY_FMT_MAX], cs[TD_MONEY_FMT_MAX];
	money_format(d, ds, sizeof ds);
	money_format(c, cs, sizeof cs);
	if (bad < 0)
		return td_error_set(err, TD_EINVAL,
				    "entry does not balance: debits %s đồng, credits %s đồng", ds, cs);
	if (bad > 0)
		return td_error_set(err, TD_EINVAL,
				    "entry does not balance within office %lld: debits %s đồng, "
				    "credits %s đồng (book the difference on INTER_OFFICE)",
				    (long long)bad, ds, cs);
	return TD_OK;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* The line's account parts agree with its type and exist. */
static int check_account(struct td_store *s, const struct ledger_line *l, int i,
			 struct td_error *err)
{
	struct chart_type t;
	int rc = chart_type_get(s, l->type, &t, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "line %d: ", i + 1);
	const char *prog = nz(l->programme);
	if (t.by_programme != (prog[0] != '\0'))
		return td_error_set(err, TD_EINVAL, "line %d: %s (%s) %s programme code", i + 1,
				    t.code, t.name_vi, t.by_programme ? "needs a" : "takes no");
	if (t.by_source != (l->source_id != 0))
		return td_error_set(err, TD_EINVAL, "line %d: %s (%s) %s capital source", i + 1,
				    t.code, t.name_vi, t.by_source ? "needs a" : "takes no");
	int64_t n = 0;
	rc = org_query_int64(s, &n, err, "SELECT count(*) FROM office WHERE id = ?", "i",
			     l->office_id);
	if (rc == TD_OK && n == 0)
		return td_error_set(err, TD_EFOREIGN, "line %d: office %lld does not exist", i + 1,
				    (long long)l->office_id);
	if (rc != TD_OK || !t.by_source)
		return rc;
	char kind[16] = "";
	struct td_stmt *st = NULL;
	rc = org_prepare(s, &st, err, "SELECT kind FROM capital_source WHERE id = ?", "i",
			 l->source_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		snprintf(kind, sizeof kind, "%s", stmt_column_text(st, 0));
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_EFOREIGN, "line %d: capital source %lld does not exist",
				    i + 1, (long long)l->source_id);
	if (rc != TD_ROW)
		return rc;
	if (t.source_kind[0] && strcmp(t.source_kind, kind) != 0)
		return td_error_set(err, TD_EINVAL,
				    "line %d: %s takes %s capital sources; source %lld is %s", i + 1,
				    t.code, t.source_kind, (long long)l->source_id, kind);
	return TD_OK;
}

static int insert_entry(struct td_ctx *ctx, const char *kind, const char *ref, int64_t reverses,
			const char *reason, int64_t *id, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	return org_query_int64(ctx->store, id, err,
			       "INSERT INTO gl_entry (kind, ref, business_date, user_id, username, "
			       "idem_key, reverses_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			       "RETURNING id",
			       "ttdittIt", kind, ref, ctx->business_date, a->user_id, a->username,
			       ctx->idem_key, reverses, reason);
}

static int insert_line(struct td_store *s, int64_t entry, const struct ledger_line *l,
		       struct td_error *err)
{
	int64_t account = 0;
	int rc = chart_account_id(s, l->type, l->office_id, nz(l->programme), l->source_id,
				  &account, err);
	if (rc == TD_OK)
		rc = org_exec(s, err,
			      "INSERT INTO gl_posting (entry_id, account_id, debit, credit) "
			      "VALUES (?, ?, ?, ?)",
			      "iiii", entry, account, l->debit, l->credit);
	/* The running totals: checked by the database (an overflowing sum fails the
	 * statement) and recomputed from the postings by `tindung check`. */
	if (rc == TD_OK)
		rc = org_exec(s, err,
			      "UPDATE gl_balance SET debit = debit + ?, credit = credit + ? "
			      "WHERE account_id = ?",
			      "iii", l->debit, l->credit, account);
	return rc;
}

static int post(struct td_ctx *ctx, const char *kind, const char *ref, int64_t reverses,
		const char *reason, const struct ledger_line *lines, int n, int64_t *entry_id,
		struct td_error *err)
{
	assert(ctx->tx_depth > 0 && kind && ref);
	if (n < 2 || n > LEDGER_LINES_MAX)
		return td_error_set(err, TD_EINVAL, "an entry has 2 to %d lines, not %d",
				    LEDGER_LINES_MAX, n);
	int64_t bad = 0;
	td_money d = 0, c = 0;
	int rc = check_balance(lines, n, &bad, &d, &c, err);
	if (rc != TD_OK)
		return rc;
	assert(bad == 0 && "ledger_post: unbalanced entry (callers check input first)");
	for (int i = 0; i < n && rc == TD_OK; i++)
		rc = check_account(ctx->store, &lines[i], i, err);
	int64_t id = 0;
	if (rc == TD_OK)
		rc = insert_entry(ctx, kind, ref, reverses, reason, &id, err);
	for (int i = 0; i < n && rc == TD_OK; i++)
		rc = insert_line(ctx->store, id, &lines[i], err);
	if (rc == TD_OK && entry_id)
		*entry_id = id;
	return rc;
}

int ledger_post(struct td_ctx *ctx, const char *kind, const char *ref,
		const struct ledger_line *lines, int n, int64_t *entry_id, struct td_error *err)
{
	return post(ctx, kind, ref, 0, NULL, lines, n, entry_id, err);
}

/* The lines of entry id, mirrored; strings point into names[] (n rows of 2 x 64). Cash of
 * a commune session (CASH_SESSION) is given back or taken at the office, whose vault the
 * mirror books (R-CASH-1): the session's box was counted when it closed, and its account
 * holds only its own cash. */
static int load_mirror(struct td_store *s, int64_t id, struct ledger_line *lines, int *n,
		       char names[][2][64], struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT a.type_code, a.office_id, a.programme_code, a.source_id, "
			     "p.debit, p.credit FROM gl_posting p JOIN gl_account a ON "
			     "a.id = p.account_id WHERE p.entry_id = ? ORDER BY p.id",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	*n = 0;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		if (*n == LEDGER_LINES_MAX) {
			rc = td_error_set(err, TD_EINTERNAL, "entry %lld has too many lines",
					  (long long)id);
			break;
		}
		struct ledger_line *l = &lines[*n];
		const char *type = stmt_column_text(st, 0);
		snprintf(names[*n][0], 64, "%s", strcmp(type, "CASH_SESSION") ? type : "CASH");
		snprintf(names[*n][1], 64, "%s", stmt_column_text(st, 2));
		*l = (struct ledger_line){names[*n][0], stmt_column_int64(st, 1), names[*n][1],
					  stmt_column_int64(st, 3), stmt_column_int64(st, 5),
					  stmt_column_int64(st, 4)};
		(*n)++;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int ledger_reverse(struct td_ctx *ctx, int64_t entry_id, const char *reason, int64_t *new_id,
		   struct td_error *err)
{
	assert(ctx->tx_depth > 0);
	if (!reason || !reason[0])
		return td_error_set(err, TD_EINVAL, "a reversal needs a reason (lý do)");
	int64_t reverses = 0;
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT coalesce(reverses_id, 0), (SELECT count(*) FROM gl_entry r "
			     "WHERE r.reverses_id = e.id) FROM gl_entry e WHERE e.id = ?",
			     "i", entry_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	int64_t reversed = 0;
	if (rc == TD_ROW) {
		reverses = stmt_column_int64(st, 0);
		reversed = stmt_column_int64(st, 1);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "entry %lld does not exist",
				  (long long)entry_id);
	}
	stmt_finalize(st);
	if (rc == TD_OK && reverses)
		rc = td_error_set(err, TD_ECONFLICT,
				  "entry %lld is the reversal of entry %lld; it cannot be reversed",
				  (long long)entry_id, (long long)reverses);
	if (rc == TD_OK && reversed)
		rc = td_error_set(err, TD_ECONFLICT, "entry %lld has been reversed already",
				  (long long)entry_id);
	struct ledger_line lines[LEDGER_LINES_MAX];
	char names[LEDGER_LINES_MAX][2][64];
	int n = 0;
	if (rc == TD_OK)
		rc = load_mirror(ctx->store, entry_id, lines, &n, names, err);
	char ref[48];
	snprintf(ref, sizeof ref, "entry %lld", (long long)entry_id);
	if (rc == TD_OK)
		rc = post(ctx, "reversal", ref, entry_id, reason, lines, n, new_id, err);
	return rc;
}

static const struct org_col entry_cols[] = {
	{"id", 'i'},	    {"kind", 't'},	  {"ref", 't'},	      {"business_date", 't'},
	{"username", 't'},  {"idem_key", 't'},	  {"reverses_id", 'i'}, {"reversed_by", 'i'},
	{"reason", 't'},    {NULL, 0},
};

static const struct org_col line_cols[] = {
	{"account_id", 'i'}, {"type", 't'},	{"office_id", 'i'}, {"office_code", 't'},
	{"programme", 't'},  {"source_id", 'i'}, {"debit", 'i'},     {"credit", 'i'},
	{NULL, 0},
};

/* The lines of entry in the subtree of root on date on. */
static int entry_lines(struct td_store *s, int64_t entry, int64_t root, td_date on,
		       json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     ACCESS_SUBTREE_CTE
			     "SELECT a.id, a.type_code, a.office_id, o.code, a.programme_code, "
			     "a.source_id, p.debit, p.credit FROM gl_posting p JOIN gl_account a "
			     "ON a.id = p.account_id JOIN office o ON o.id = a.office_id WHERE "
			     "p.entry_id = ? AND a.office_id IN (SELECT id FROM subtree) "
			     "ORDER BY p.id",
			     "iddi", root, on, on, entry);
	if (rc != TD_OK)
		return rc;
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(arr, org_row_json(st, line_cols, 0));
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return TD_OK;
}

int ledger_entries(struct td_ctx *ctx, const struct ledger_filter *f, json_t **out,
		   struct td_error *err)
{
	*out = NULL;
	int64_t root = f->office_id ? f->office_id : ctx->actor->office_id;
	struct td_scope scope = {root, 0, 0};
	int rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q,
		       "SELECT e.id, e.kind, e.ref, e.business_date, e.username, e.idem_key, "
		       "e.reverses_id, (SELECT r.id FROM gl_entry r WHERE r.reverses_id = e.id), "
		       "e.reason FROM gl_entry e WHERE EXISTS (SELECT 1 FROM gl_posting p JOIN "
		       "gl_account a ON a.id = p.account_id WHERE p.entry_id = e.id AND "
		       "a.office_id IN (SELECT id FROM subtree))",
		       "ORDER BY e.business_date DESC, e.id DESC");
	org_query_subtree(&q, root, ctx->business_date);
	char from[TD_DATE_FMT_MAX], to[TD_DATE_FMT_MAX];
	if (f->from != ORG_NO_DATE)
		org_query_and_text(&q, "e.business_date >= ?", org_iso(f->from, from));
	if (f->to != ORG_NO_DATE)
		org_query_and_text(&q, "e.business_date <= ?", org_iso(f->to, to));
	rc = org_query_list(ctx->store, &q, entry_cols, f->limit, f->offset, out, err);
	size_t i;
	json_t *item;
	json_array_foreach(rc == TD_OK ? json_object_get(*out, "items") : NULL, i, item)
	{
		json_t *lines = NULL;
		int64_t id = json_integer_value(json_object_get(item, "id"));
		rc = entry_lines(ctx->store, id, root, ctx->business_date, &lines, err);
		if (rc != TD_OK)
			break;
		json_object_set_new(item, "lines", lines);
	}
	if (rc != TD_OK && *out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
