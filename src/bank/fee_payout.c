/*
 * The upper shares of the entrustment fee (R-FEE-1: district 9 %, province 4.5 %, centre
 * 2.5 %) of one office x month, paid at the office once (fee_payout.h).
 */
#include "bank/fee_payout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/org_util.h"

/* The month end of office x ym: its id and booking date; TD_ECONFLICT when there is none
 * or it was booked after the business date. */
static int run_find(struct td_ctx *ctx, struct fee_payout_result *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	td_date booked = 0;
	char on[TD_DATE_FMT_MAX], bd[TD_DATE_FMT_MAX];
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT id, business_date FROM month_end_run WHERE office_id = ? AND "
			     "month = ?",
			     "it", out->office_id, out->month);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		out->run_id = stmt_column_int64(st, 0);
		booked = org_col_date(st, 1);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ECONFLICT,
				  "month end of %s has not been run for office %lld: nothing is "
				  "accrued to pay yet (tindung month-end first)",
				  out->month, (long long)out->office_id);
	}
	stmt_finalize(st);
	if (rc == TD_OK && booked > ctx->business_date)
		rc = td_error_set(err, TD_ECONFLICT,
				  "month end of %s was booked on %s, after the business date %s",
				  out->month, date_format_iso(booked, on, sizeof on),
				  date_format_iso(ctx->business_date, bd, sizeof bd));
	return rc;
}

/* The payout of office x month already made, into out; TD_ENOTFOUND when there is none. */
static int earlier(struct td_store *s, struct fee_payout_result *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT id, run_id, district, province, centre, amount, "
			     "coalesce(entry_id, 0), business_date FROM fee_upper_payout WHERE "
			     "office_id = ? AND month = ?",
			     "it", out->office_id, out->month);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		out->already_paid = true;
		out->id = stmt_column_int64(st, 0);
		out->run_id = stmt_column_int64(st, 1);
		out->district = stmt_column_int64(st, 2);
		out->province = stmt_column_int64(st, 3);
		out->centre = stmt_column_int64(st, 4);
		out->amount = stmt_column_int64(st, 5);
		out->entry_id = stmt_column_int64(st, 6);
		out->paid_on = org_col_date(st, 7);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

/* The sums of the run's fee_accrual rows, checked. */
static int shares(struct td_store *s, struct fee_payout_result *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT district, province, centre FROM fee_accrual WHERE run_id = ? "
			     "ORDER BY id",
			     "i", out->run_id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		if (money_add(out->district, stmt_column_int64(st, 0), &out->district) != TD_OK ||
		    money_add(out->province, stmt_column_int64(st, 1), &out->province) != TD_OK ||
		    money_add(out->centre, stmt_column_int64(st, 2), &out->centre) != TD_OK)
			rc = td_error_set(err, TD_EOVERFLOW, "the fee shares overflow");
		else
			rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE)
		return rc;
	td_money t = 0;
	if (money_add(out->district, out->province, &t) != TD_OK ||
	    money_add(t, out->centre, &out->amount) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "the fee shares overflow");
	return TD_OK;
}

/* Books the payout (nothing when it is 0), its row and its audit record. */
static int pay(struct td_ctx *ctx, struct fee_payout_result *out, struct td_error *err)
{
	char ref[64];
	snprintf(ref, sizeof ref, "fee-payout %s office %lld", out->month,
		 (long long)out->office_id);
	struct ledger_line lines[2] = {{"FEE_PAYABLE", out->office_id, NULL, 0, out->amount, 0},
				       {"CASH", out->office_id, NULL, 0, 0, out->amount}};
	int rc = out->amount
			 ? ledger_post(ctx, "fee_upper_payout", ref, lines, 2, &out->entry_id, err)
			 : TD_OK;
	out->paid_on = ctx->business_date;
	if (rc == TD_OK)
		rc = org_query_int64(
			ctx->store, &out->id, err,
			"INSERT INTO fee_upper_payout (run_id, office_id, month, district, "
			"province, centre, amount, business_date, user_id, entry_id) VALUES (?, ?, "
			"?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			"iitiiiidiI", out->run_id, out->office_id, out->month, out->district,
			out->province, out->centre, out->amount, out->paid_on, ctx->actor->user_id,
			out->entry_id);
	if (rc == TD_EUNIQUE)
		return td_error_set(err, TD_ECONFLICT,
				    "the upper fee shares of %s for office %lld were paid by "
				    "another request at the same moment; ask again to see it",
				    out->month, (long long)out->office_id);
	json_t *j = rc == TD_OK ? fee_payout_json(out) : NULL;
	char *after = org_json_text(j);
	json_decref(j);
	if (rc == TD_OK)
		rc = after ? audit_record(ctx, "pay", "fee_upper_payout", out->id, NULL, after, err)
			   : td_error_set(err, TD_ENOMEM, "no memory for the audit record");
	free(after);
	return rc;
}

static int payout_tx(struct td_ctx *ctx, struct fee_payout_result *out, struct td_error *err)
{
	int64_t n = 0;
	struct td_scope scope = {out->office_id, 0, 0};
	int rc = org_query_int64(ctx->store, &n, err, "SELECT count(*) FROM office WHERE id = ?",
				 "i", out->office_id);
	if (rc == TD_OK && n == 0)
		return td_error_set(err, TD_ENOTFOUND, "office %lld does not exist",
				    (long long)out->office_id);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_FEE_PAY, &scope, err);
	if (rc == TD_OK)
		rc = earlier(ctx->store, out, err);
	if (rc != TD_ENOTFOUND)
		return rc;
	rc = run_find(ctx, out, err);
	if (rc == TD_OK)
		rc = shares(ctx->store, out, err);
	if (rc == TD_OK)
		rc = pay(ctx, out, err);
	return rc;
}

int fee_payout_upper(struct td_ctx *ctx, int64_t office_id, td_date month,
		     struct fee_payout_result *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	out->office_id = office_id;
	char iso[TD_DATE_FMT_MAX];
	snprintf(out->month, sizeof out->month, "%.7s", date_format_iso(month, iso, sizeof iso));
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = payout_tx(ctx, out, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	return rc;
}

json_t *fee_payout_json(const struct fee_payout_result *r)
{
	char iso[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:b}", "id",
			      (json_int_t)r->id, "office_id", (json_int_t)r->office_id, "month",
			      r->month, "run_id", (json_int_t)r->run_id, "district",
			      (json_int_t)r->district, "province", (json_int_t)r->province,
			      "centre", (json_int_t)r->centre, "amount", (json_int_t)r->amount,
			      "paid_on", date_format_iso(r->paid_on, iso, sizeof iso),
			      "already_paid", r->already_paid);
	if (j)
		json_object_set_new(j, "entry_id",
				    r->entry_id ? json_integer(r->entry_id) : json_null());
	return j;
}
