/*
 * Reading loans: one loan with its schedule, repayments and the interest owed to the
 * business date (R-INT-1), and the list of the actor's scope (R-ORG-4).
 */
#include <stdlib.h>
#include <string.h>

#include "bank/loan_internal.h"
#include "bank/org_util.h"

static const struct org_col head_cols[] = {
	{"id", 'i'},	       {"application_id", 'i'}, {"household_id", 'i'}, {"head_name", 't'},
	{"office_id", 'i'},    {"chapter_id", 'i'},	{"group_id", 'i'},     {"programme", 't'},
	{"source_id", 'i'},    {"source_code", 't'},	{"amount", 'i'},       {"rate", 'i'},
	{"disbursed_on", 't'}, {"term_months", 'i'},	{"interval_months", 'i'},
	{"maturity", 't'},     {"status", 't'},		{"balance", 'i'},      {"interest_from", 't'},
	{"interest_paid", 'i'}, {"closed_on", 't'},	{"frozen_interest", 'i'},
	{"written_off_principal", 'i'}, {"written_off_interest", 'i'}, {"inactive", 'b'},
	{"ntp_tag", 't'},      {"purpose", 't'},	{"jobs", 'i'},	       {"rate_from", 't'},
	{"resolution_11", 'b'}, {NULL, 0}};

static int head_json(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT l.id, l.application_id, l.household_id, h.head_name, "
			     "l.office_id, l.chapter_id, l.group_id, l.programme_code, l.source_id, "
			     "cs.code, l.amount, l.rate, l.disbursed_on, l.term_months, "
			     "l.interval_months, l.maturity, l.status, l.balance, l.interest_from, "
			     "l.interest_paid, l.closed_on, l.frozen_interest, l.written_off_principal, "
			     "l.written_off_interest, l.inactive, l.ntp_tag, l.purpose, l.jobs, "
			     "l.rate_from, l.resolution_11 FROM loan l JOIN household h ON h.id = "
			     "l.household_id JOIN capital_source cs ON cs.id = l.source_id "
			     "WHERE l.id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		*out = org_row_json(st, head_cols, 0);
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

/* "rate_now_pct" on `on` and "rate_periods" since the rate was fixed (R-RATE-1: a change
 * that applies to outstanding balances shows here). */
static int rates_json(const struct loan_row *r, td_date on, json_t *j, struct td_error *err)
{
	struct loan_rates lr = loan_row_rates(r);
	struct prg_rate_period p[PRG_RATE_PERIODS_MAX];
	size_t n = 0;
	int rc = programme_loan_rate_periods(lr.rows->rows, lr.rows->n, r->rate_from, r->rate,
					     r->rate_flags, r->rate_from, on + 1, p,
					     PRG_RATE_PERIODS_MAX, &n, err);
	if (rc != TD_OK)
		return rc;
	json_t *a = json_array();
	char iso[TD_DATE_FMT_MAX], pct[32];
	for (size_t k = 0; k < n; k++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "from",
						   date_format_iso(p[k].from, iso, sizeof iso),
						   "rate_pct",
						   rate_format_percent(p[k].rate, pct, sizeof pct)));
	json_object_set_new(j, "rate_periods", a);
	json_object_set_new(j, "rate_now_pct",
			    json_string(rate_format_percent(n ? p[n - 1].rate : r->rate, pct,
							    sizeof pct)));
	return TD_OK;
}

/* Rows of sql (one int parameter) as an array of objects. */
static int rows_json(struct td_store *s, const char *sql, int64_t id, const struct org_col *cols,
		     json_t *arr, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, sql, "i", id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(arr, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static const struct org_col inst_cols[] = {
	{"position", 'i'}, {"due_on", 't'}, {"principal", 'i'}, {"paid_principal", 'i'},
	{"status", 't'},   {"frozen", 'i'}, {NULL, 0}};
static const struct org_col rep_cols[] = {
	{"id", 'i'},		     {"paid_on", 't'},		 {"amount", 'i'},
	{"instalment", 'i'},	     {"overdue_interest", 'i'}, {"in_term_interest", 'i'},
	{"overdue_principal", 'i'}, {"due_principal", 'i'},	 {"prepaid_principal", 'i'},
	{"savings_txn_id", 'i'},    {NULL, 0}};
/* The reversal of a repayment (loan_reverse.c), columns 10.. of the repayments' query. */
static const struct org_col rev_cols[] = {
	{"id", 'i'},	  {"business_date", 't'}, {"username", 't'}, {"reason", 't'},
	{"entry_id", 'i'}, {"savings_txn_id", 'i'},  {NULL, 0}};

/* The repayments with "reversed_by": their reversal, or null (R-GL-1). */
static int repayments_json(struct td_store *s, int64_t id, json_t *arr, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT r.id, r.paid_on, r.amount, r.instalment, r.overdue_interest, "
			     "r.in_term_interest, r.overdue_principal, r.due_principal, "
			     "r.prepaid_principal, r.savings_txn_id, v.id, v.business_date, "
			     "v.username, v.reason, v.entry_id, v.savings_txn_id FROM "
			     "loan_repayment r LEFT JOIN loan_repayment_reversal v ON "
			     "v.repayment_id = r.id WHERE r.loan_id = ? ORDER BY r.id",
			     "i", id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_t *o = org_row_json(st, rep_cols, 0);
		json_object_set_new(o, "reversed_by", stmt_column_is_null(st, 10)
							      ? json_null()
							      : org_row_json(st, rev_cols, 10));
		json_array_append_new(arr, o);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* "interest_owed" (not frozen), "frozen_principal" and "owed" (everything, frozen debt
 * too) on the business date. */
static int owed_json(struct td_ctx *ctx, const struct loan_row *r, json_t *j, struct td_error *err)
{
	td_money in = 0, od = 0;
	td_date on = ctx->business_date < r->interest_from ? r->interest_from : ctx->business_date;
	int rc = loan_accrue(r, on, &in, &od, err);
	if (rc != TD_OK)
		return rc;
	in += r->st.in_term_interest;
	od += r->st.overdue_interest;
	char iso[TD_DATE_FMT_MAX];
	json_object_set_new(j, "as_of", json_string(date_format_iso(on, iso, sizeof iso)));
	json_object_set_new(j, "interest_owed",
			    json_pack("{s:I, s:I, s:I}", "in_term", (json_int_t)in, "overdue",
				      (json_int_t)od, "total", (json_int_t)(in + od)));
	td_money frozen = 0;
	for (size_t k = 0; k < r->st.count; k++)
		frozen += r->st.inst[k].frozen;
	json_object_set_new(j, "frozen_principal", json_integer(frozen));
	json_object_set_new(j, "owed", json_integer(in + od + r->st.frozen_interest + r->balance));
	return TD_OK;
}

int loan_interest_owed(struct td_store *s, int64_t loan, td_date on, td_money *out,
		       struct td_error *err)
{
	struct loan_row r;
	int rc = loan_row_load(s, loan, &r, err);
	if (rc != TD_OK)
		return rc;
	td_money in = 0, od = 0;
	if (on > r.interest_from)
		rc = loan_accrue(&r, on, &in, &od, err);
	*out = r.st.in_term_interest + r.st.overdue_interest + in + od;
	loan_row_free(&r);
	return rc;
}

int loan_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct loan_row r;
	int rc = loan_row_load(ctx->store, id, &r, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = loan_row_scope(&r);
	json_t *j = NULL;
	rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK)
		rc = head_json(ctx->store, id, &j, err);
	if (rc == TD_OK) {
		char pct[32];
		json_object_set_new(j, "rate_pct",
				    json_string(rate_format_percent(r.rate, pct, sizeof pct)));
		rc = owed_json(ctx, &r, j, err);
	}
	if (rc == TD_OK) {
		td_date on = ctx->business_date < r.rate_from ? r.rate_from : ctx->business_date;
		rc = rates_json(&r, on, j, err);
	}
	json_t *inst = json_array(), *reps = json_array();
	if (rc == TD_OK)
		rc = rows_json(ctx->store,
			       "SELECT position, due_on, principal, paid_principal, status, frozen "
			       "FROM loan_instalment WHERE loan_id = ? ORDER BY position",
			       id, inst_cols, inst, err);
	if (rc == TD_OK)
		rc = repayments_json(ctx->store, id, reps, err);
	loan_row_free(&r);
	if (rc != TD_OK) {
		json_decref(inst);
		json_decref(reps);
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "instalments", inst);
	json_object_set_new(j, "repayments", reps);
	*out = j;
	return TD_OK;
}

static const struct org_col list_cols[] = {
	{"id", 'i'},	      {"application_id", 'i'}, {"household_id", 'i'}, {"head_name", 't'},
	{"programme", 't'},   {"amount", 'i'},	       {"balance", 'i'},      {"disbursed_on", 't'},
	{"maturity", 't'},    {"status", 't'},	       {"office_id", 'i'},    {"chapter_id", 'i'},
	{"group_id", 'i'},    {"inactive", 'b'},       {NULL, 0}};

int loan_list(struct td_ctx *ctx, const struct loan_filter *f, json_t **out,
	      struct td_error *err)
{
	int64_t limit = f->limit;
	int rc = org_page_check(&limit, f->offset, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q,
		       "SELECT l.id, l.application_id, l.household_id, h.head_name, "
		       "l.programme_code, l.amount, l.balance, l.disbursed_on, l.maturity, "
		       "l.status, l.office_id, l.chapter_id, l.group_id, l.inactive FROM loan l JOIN "
		       "household h ON h.id = l.household_id WHERE 1 = 1",
		       "ORDER BY l.id DESC");
	org_query_actor_scope(&q, ctx->actor, ctx->business_date, "l.office_id", "l.chapter_id",
			      "l.group_id");
	if (f->household_id)
		org_query_and_int(&q, "l.household_id = ?", f->household_id);
	if (f->status && *f->status)
		org_query_and_text(&q, "l.status = ?", f->status);
	if (f->inactive_only)
		org_query_and(&q, "l.inactive = 1");
	return org_query_list(ctx->store, &q, list_cols, limit, f->offset, out, err);
}
