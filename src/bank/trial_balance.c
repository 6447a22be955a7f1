/* The trial balance: one grouped query over the postings, totals with checked sums. */
#include "bank/trial_balance.h"

#include <stdbool.h>
#include <stdio.h>

#include "bank/access.h"
#include "bank/org_util.h"
#include "base/money.h"

static const struct org_col row_cols[] = {
	{"type", 't'},	    {"name_vi", 't'},	  {"category", 't'}, {"programme", 't'},
	{"source_id", 'i'}, {"source_code", 't'}, {"debit", 'i'},    {"credit", 'i'},
	{NULL, 0},
};

/* Steps st while rows come: false after the last row (*rc TD_OK) or on an error (*rc). */
static bool next_row(struct td_stmt *st, int *rc, struct td_error *err)
{
	if (*rc != TD_OK)
		return false;
	int r = stmt_step(st, err);
	*rc = r == TD_ROW || r == TD_DONE ? TD_OK : r;
	return r == TD_ROW;
}

static int office_code(struct td_store *s, int64_t id, char *code, size_t size,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT code FROM office WHERE id = ?", "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(code, size, "%s", stmt_column_text(st, 0));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "office %lld does not exist", (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

struct totals {
	td_money debit, credit, bal_debit, bal_credit;
};

/* Adds the row's balance columns and its amounts to t. */
static int add_row(json_t *row, struct totals *t, struct td_error *err)
{
	td_money d = json_integer_value(json_object_get(row, "debit"));
	td_money c = json_integer_value(json_object_get(row, "credit"));
	td_money net = 0;
	if (money_sub(d, c, &net) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "balance of %s overflows",
				    json_string_value(json_object_get(row, "type")));
	td_money bd = net > 0 ? net : 0, bc = net < 0 ? -net : 0;
	json_object_set_new(row, "balance_debit", json_integer(bd));
	json_object_set_new(row, "balance_credit", json_integer(bc));
	if (money_add(t->debit, d, &t->debit) || money_add(t->credit, c, &t->credit) ||
	    money_add(t->bal_debit, bd, &t->bal_debit) ||
	    money_add(t->bal_credit, bc, &t->bal_credit))
		return td_error_set(err, TD_EOVERFLOW, "the trial balance's totals overflow");
	return TD_OK;
}

static int load_rows(struct td_store *s, int64_t office, td_date date, json_t *rows,
		     struct totals *t, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		ACCESS_SUBTREE_CTE
		"SELECT a.type_code, t.name_vi, t.category, a.programme_code, a.source_id, "
		"coalesce(cs.code, ''), CAST(sum(p.debit) AS BIGINT), CAST(sum(p.credit) AS BIGINT) "
		"FROM gl_posting p JOIN gl_entry e ON e.id = p.entry_id "
		"JOIN gl_account a ON a.id = p.account_id "
		"JOIN gl_account_type t ON t.code = a.type_code "
		"LEFT JOIN capital_source cs ON cs.id = a.source_id "
		"WHERE a.office_id IN (SELECT id FROM subtree) AND e.business_date <= ? "
		"GROUP BY t.sort, a.type_code, t.name_vi, t.category, a.programme_code, "
		"a.source_id, cs.code "
		"ORDER BY t.sort, a.type_code, a.programme_code, a.source_id",
		"iddd", office, date, date, date);
	while (next_row(st, &rc, err)) {
		json_t *row = org_row_json(st, row_cols, 0);
		json_array_append_new(rows, row);
		int r2 = add_row(row, t, err);
		if (r2 != TD_OK)
			rc = r2;
	}
	stmt_finalize(st);
	return rc;
}

int trial_balance(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		  struct td_error *err)
{
	char code[64], iso[TD_DATE_FMT_MAX];
	int rc = office_code(ctx->store, office_id, code, sizeof code, err);
	struct td_scope scope = {office_id, 0, 0};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc != TD_OK)
		return rc;
	json_t *rows = json_array();
	struct totals t = {0};
	rc = load_rows(ctx->store, office_id, date, rows, &t, err);
	if (rc != TD_OK) {
		json_decref(rows);
		return rc;
	}
	bool balanced = t.debit == t.credit && t.bal_debit == t.bal_credit;
	*out = json_pack("{s:I, s:s, s:s, s:o, s:{s:I, s:I, s:I, s:I}, s:b}", "office_id",
			 (json_int_t)office_id, "office_code", code, "date",
			 date_format_iso(date, iso, sizeof iso), "rows", rows, "total", "debit",
			 (json_int_t)t.debit, "credit", (json_int_t)t.credit, "balance_debit",
			 (json_int_t)t.bal_debit, "balance_credit", (json_int_t)t.bal_credit,
			 "balanced", balanced);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}
