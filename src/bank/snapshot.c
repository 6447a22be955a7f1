/*
 * Month-end snapshots of an office subtree, with the previous month end and the previous
 * 31 December beside them (snapshot.h). Each query joins the snapshots of the subtree's
 * offices with a three-row table of the dates (w = 0: the date, 1: the month end before,
 * 2: the 31 December before), so that every figure is summed three times in one pass and a
 * January, whose month end before is that 31 December, needs nothing special.
 */
#include "bank/snapshot.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/org_util.h"
#include "base/money.h"

#define SNAP_DATES                                                                                 \
	"(SELECT CAST(? AS TEXT) AS d, 0 AS w UNION ALL SELECT CAST(? AS TEXT), 1 UNION ALL "      \
	"SELECT CAST(? AS TEXT), 2) k JOIN month_end_snapshot n ON n.month_end = k.d "
#define SNAP_IN_TREE "WHERE n.office_id IN (SELECT id FROM subtree) "
/* The dates compared and whether the subtree has snapshots at each. */
struct snap {
	int64_t office;
	td_date date[3];
	char iso[3][TD_DATE_FMT_MAX];
	int64_t offices[3];
};

td_date snapshot_default_date(td_date business_date)
{
	struct td_civil c = date_to_civil(business_date);
	return business_date - (c.day - 1) - 1;
}

/* Binds the subtree CTE (office, date, date) and the three dates, then `more`. */
static int prepare(struct td_store *s, const struct snap *n, const char *sql, struct td_stmt **st,
		   struct td_error *err)
{
	return org_prepare(s, st, err, sql, "iddddd", n->office, n->date[0], n->date[0], n->date[0],
			   n->date[1], n->date[2]);
}

static bool next_row(struct td_stmt *st, int *rc, struct td_error *err)
{
	if (*rc != TD_OK)
		return false;
	int r = stmt_step(st, err);
	*rc = r == TD_ROW || r == TD_DONE ? TD_OK : r;
	return r == TD_ROW;
}

/* "CAST(sum(CASE WHEN k.w = 0 THEN c ELSE 0 END) AS BIGINT), ..." for w = 0, 1, 2 of each
 * column: every figure summed at the three dates in one pass. */
static void sums(char *buf, size_t size, const char *const *cols, int n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int c = 0; c < n; c++)
		for (int w = 0; w < 3; w++) {
			int k = snprintf(
				buf + len, size - len,
				"%sCAST(sum(CASE WHEN k.w = %d THEN %s ELSE 0 END) AS BIGINT)",
				len ? ", " : "", w, cols[c]);
			assert(k > 0 && (size_t)k < size - len);
			len += (size_t)k;
		}
}

/* F of snapshot.h from the three values; sign -1 turns debit - credit to the credit side. */
static json_t *figure(const struct snap *n, int64_t v0, int64_t v1, int64_t v2, int sign,
		      struct td_error *err, int *rc)
{
	int64_t v[3] = {v0, v1, v2};
	json_t *o = json_object();
	json_t *x[5] = {NULL};
	for (int k = 0; k < 3; k++)
		if (sign < 0 && money_sub(0, v[k], &v[k]) != TD_OK)
			*rc = td_error_set(err, TD_EOVERFLOW, "a snapshot balance overflows");
	x[0] = json_integer(v[0]);
	for (int k = 1; k < 3; k++) {
		int64_t d = 0;
		bool have = n->offices[k] > 0;
		if (have && money_sub(v[0], v[k], &d) != TD_OK)
			*rc = td_error_set(err, TD_EOVERFLOW, "a snapshot difference overflows");
		x[k] = have ? json_integer(v[k]) : json_null();
		x[k + 2] = have ? json_integer(d) : json_null();
	}
	static const char *const keys[5] = {"value", "previous_month", "year_end", "change_month",
					    "change_year"};
	for (int k = 0; k < 5; k++)
		if (!o || !x[k] || json_object_set_new(o, keys[k], x[k]) != 0) {
			*rc = td_error_set(err, TD_ENOMEM, "out of memory");
			json_decref(o);
			o = NULL;
		}
	return o;
}

/* Sets key to a figure of columns col, col+1, col+2. */
static void set_figure(json_t *o, const char *key, const struct snap *n, struct td_stmt *st,
		       int col, int sign, struct td_error *err, int *rc)
{
	json_t *f = figure(n, stmt_column_int64(st, col), stmt_column_int64(st, col + 1),
			   stmt_column_int64(st, col + 2), sign, err, rc);
	if (!f || json_object_set_new(o, key, f) != 0)
		*rc = td_error_set(err, TD_ENOMEM, "out of memory");
}

/* The measures of a portfolio row, in the order of its columns. Two figures are called
 * "overdue" in common speech; they are named apart (docs/month-end.md, R-CLS-1):
 * overdue_principal (nợ quá hạn: the unpaid principal of overdue instalments, what ratios
 * use, as the bank does) and, in the totals only, balance_of_overdue_loans (dư nợ của các
 * khoản vay có nợ quá hạn: the whole outstanding of the loans with anything overdue, the
 * outstanding of the portfolio's status class "overdue"). */
static const char *const measures[5] = {"loans", "borrowers", "outstanding",
					"overdue_principal", "frozen"};
#define TOTALS 6
static const char *const total_names[TOTALS] = {"loans",	     "borrowers",
						"outstanding",	     "overdue_principal",
						"frozen",	     "balance_of_overdue_loans"};

/* overdue principal / outstanding in basis points, rounded down (the fee tiers' ratio,
 * R-FEE-1); 0 without outstanding. */
static int64_t ratio_bp(int64_t overdue, int64_t outstanding)
{
	return outstanding > 0 ? (int64_t)((__int128)overdue * 10000 / outstanding) : 0;
}

/* Offices with a snapshot at each date, and the totals as figures, with the overdue ratio
 * (overdue_ratio_bp) from overdue principal. */
static int totals(struct td_store *s, struct snap *n, json_t **out, struct td_error *err)
{
	int64_t v[TOTALS + 1][3] = {{0}};
	struct td_stmt *st = NULL;
	int rc =
		prepare(s, n,
			ACCESS_SUBTREE_CTE
			"SELECT k.w, count(*), CAST(sum(n.loans) AS BIGINT), CAST(sum(n.borrowers) "
			"AS BIGINT), CAST(sum(n.outstanding) AS BIGINT), CAST(sum(n.overdue) AS "
			"BIGINT), CAST(sum(n.frozen) AS BIGINT), CAST(coalesce(sum((SELECT sum("
			"p.outstanding) FROM month_end_portfolio p WHERE p.snapshot_id = n.id AND "
			"p.status_class = 'overdue')), 0) AS BIGINT) FROM " SNAP_DATES SNAP_IN_TREE
			"GROUP BY k.w ORDER BY k.w",
			&st, err);
	while (next_row(st, &rc, err)) {
		int w = (int)stmt_column_int64(st, 0);
		n->offices[w] = stmt_column_int64(st, 1);
		for (int m = 0; m < TOTALS; m++)
			v[m][w] = stmt_column_int64(st, 2 + m);
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	for (int w = 0; w < 3; w++)
		v[TOTALS][w] = ratio_bp(v[3][w], v[2][w]);
	*out = json_object();
	for (int m = 0; rc == TD_OK && m <= TOTALS; m++) {
		json_t *f = figure(n, v[m][0], v[m][1], v[m][2], 1, err, &rc);
		const char *name = m < TOTALS ? total_names[m] : "overdue_ratio_bp";
		if (!*out || !f || json_object_set_new(*out, name, f) != 0)
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
	}
	return rc;
}

static int accounts(struct td_store *s, const struct snap *n, json_t *rows, struct td_error *err)
{
	static const struct org_col cols[] = {
		{"type", 't'},	    {"name_vi", 't'},	{"category", 't'},    {"normal_side", 't'},
		{"programme", 't'}, {"source_id", 'i'}, {"source_code", 't'}, {NULL, 0}};
	static const char *const balance[] = {"b.balance"};
	char sum[512], sql[2048];
	sums(sum, sizeof sum, balance, 1);
	snprintf(sql, sizeof sql,
		 ACCESS_SUBTREE_CTE
		 "SELECT b.type_code, t.name_vi, t.category, t.normal_side, b.programme_code, "
		 "b.source_id, coalesce(cs.code, ''), %s FROM " SNAP_DATES
		 "JOIN month_end_balance b ON b.snapshot_id = n.id JOIN gl_account_type t ON "
		 "t.code = b.type_code LEFT JOIN capital_source cs ON cs.id = "
		 "b.source_id " SNAP_IN_TREE "GROUP BY t.sort, b.type_code, t.name_vi, t.category, "
		 "t.normal_side, b.programme_code, b.source_id, cs.code ORDER BY t.sort, "
		 "b.type_code, b.programme_code, b.source_id",
		 sum);
	assert(strlen(sql) + 1 < sizeof sql); /* a cut query would fail to prepare anyway */
	struct td_stmt *st = NULL;
	int rc = prepare(s, n, sql, &st, err);
	while (next_row(st, &rc, err)) {
		json_t *row = org_row_json(st, cols, 0);
		int sign = strcmp(stmt_column_text(st, 3), "credit") == 0 ? -1 : 1;
		if (row)
			set_figure(row, "balance", n, st, 7, sign, err, &rc);
		if (!row || json_array_append_new(rows, row) != 0)
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	return rc;
}

static int portfolio(struct td_store *s, const struct snap *n, json_t *rows, struct td_error *err)
{
	static const struct org_col cols[] = {{"programme", 't'},    {"source_id", 'i'},
					      {"source_code", 't'},  {"term", 't'},
					      {"status", 't'},	     {"organisation", 't'},
					      {"commune_code", 't'}, {"commune_name", 't'},
					      {"ethnicity", 't'},    {NULL, 0}};
	static const char *const figures[5] = {"p.loans", "p.borrowers", "p.outstanding",
					       "p.overdue", "p.frozen"};
	char sum[1536], sql[4096];
	sums(sum, sizeof sum, figures, 5);
	snprintf(sql, sizeof sql,
		 ACCESS_SUBTREE_CTE
		 "SELECT p.programme_code, p.source_id, coalesce(cs.code, ''), p.term_class, "
		 "p.status_class, p.organisation, p.commune_code, coalesce(u.name, ''), "
		 "p.ethnicity, %s FROM " SNAP_DATES
		 "JOIN month_end_portfolio p ON p.snapshot_id = n.id LEFT JOIN capital_source cs "
		 "ON cs.id = p.source_id LEFT JOIN admin_unit u ON u.level = 'commune' AND u.code "
		 "= p.commune_code AND u.valid_from <= n.month_end AND (u.valid_to IS NULL OR "
		 "u.valid_to > n.month_end) " SNAP_IN_TREE
		 "GROUP BY p.programme_code, p.source_id, cs.code, p.term_class, p.status_class, "
		 "p.organisation, p.commune_code, u.name, p.ethnicity ORDER BY p.programme_code, "
		 "p.source_id, p.term_class, p.status_class, p.organisation, p.commune_code, "
		 "u.name, p.ethnicity",
		 sum);
	assert(strlen(sql) + 1 < sizeof sql); /* a cut query would fail to prepare anyway */
	struct td_stmt *st = NULL;
	int rc = prepare(s, n, sql, &st, err);
	while (next_row(st, &rc, err)) {
		json_t *row = org_row_json(st, cols, 0);
		for (int m = 0; row && m < 5; m++)
			set_figure(row, measures[m], n, st, 9 + 3 * m, 1, err, &rc);
		if (!row || json_array_append_new(rows, row) != 0)
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	return rc;
}

/* Codes of the subtree's offices without a snapshot at the date. */
static int missing(struct td_store *s, const struct snap *n, json_t *codes, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		ACCESS_SUBTREE_CTE
		"SELECT o.code FROM office o WHERE o.id IN (SELECT id FROM subtree) AND "
		"NOT EXISTS (SELECT 1 FROM month_end_snapshot n WHERE n.office_id = "
		"o.id AND n.month_end = ?) ORDER BY o.code",
		"iddd", n->office, n->date[0], n->date[0], n->date[0]);
	while (next_row(st, &rc, err))
		if (json_array_append_new(codes, json_string(stmt_column_text(st, 0))) != 0)
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
	stmt_finalize(st);
	return rc;
}

/* The office's code; TD_ENOTFOUND naming it. */
static int office_code(struct td_store *s, int64_t id, char *code, size_t size,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT code FROM office WHERE id = ?", "i", id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(code, size, "%s", stmt_column_text(st, 0));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "office %lld does not exist", (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* The three dates, or TD_EINVAL when date is not a month's last day. */
static int dates(td_date date, struct snap *n, struct td_error *err)
{
	struct td_civil c = date_to_civil(date);
	td_date last = date - c.day + date_days_in_month(c.year, c.month);
	if (date != last) {
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		return td_error_set(err, TD_EINVAL,
				    "%s is not a month's last day: snapshots are taken at month "
				    "end (this month ends on %s)",
				    date_format_iso(date, a, sizeof a),
				    date_format_iso(last, b, sizeof b));
	}
	n->date[0] = date;
	n->date[1] = date - c.day; /* the last day of the month before */
	int rc = date_from_civil(c.year - 1, 12, 31, &n->date[2], err);
	for (int k = 0; rc == TD_OK && k < 3; k++)
		date_format_iso(n->date[k], n->iso[k], sizeof n->iso[k]);
	return rc;
}

static int build(struct td_store *s, struct snap *n, const char *code, json_t **out,
		 struct td_error *err)
{
	json_t *tot = NULL, *acc = json_array(), *port = json_array(), *miss = json_array();
	int rc = totals(s, n, &tot, err);
	if (rc == TD_OK && n->offices[0] == 0)
		rc = td_error_set(err, TD_ENOTFOUND,
				  "no month-end snapshot of %s at %s: month end has not run for it "
				  "(eod runs it on the next day, or tindung month-end --office %s "
				  "--month %.7s)",
				  code, n->iso[0], code, n->iso[0]);
	if (rc == TD_OK)
		rc = accounts(s, n, acc, err);
	if (rc == TD_OK)
		rc = portfolio(s, n, port, err);
	if (rc == TD_OK)
		rc = missing(s, n, miss, err);
	if (rc == TD_OK) {
		*out = json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I}, s:o, s:o, s:o, s:o}",
				 "office_id", (json_int_t)n->office, "office_code", code, "date",
				 n->iso[0], "previous_month_end", n->iso[1], "year_end", n->iso[2],
				 "offices", "date", (json_int_t)n->offices[0], "previous_month",
				 (json_int_t)n->offices[1], "year_end", (json_int_t)n->offices[2],
				 "offices_missing", miss, "totals", tot, "accounts", acc,
				 "portfolio", port);
		return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	json_decref(tot);
	json_decref(acc);
	json_decref(port);
	json_decref(miss);
	return rc;
}

int snapshot_get(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		 struct td_error *err)
{
	char code[64];
	struct snap n = {.office = office_id};
	int rc = office_code(ctx->store, office_id, code, sizeof code, err);
	struct td_scope scope = {office_id, 0, 0};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK)
		rc = dates(date, &n, err);
	if (rc == TD_OK)
		rc = build(ctx->store, &n, code, out, err);
	return rc;
}
